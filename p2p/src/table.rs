//! The set of connected peers and the rules for admitting one more.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::SystemTime;

use tokio::sync::{mpsc, oneshot};

use crate::addr::NodeId;
use crate::node_info::NodeInfo;
use crate::refusal::Refusal;
use crate::traffic::{Counter, Traffic};

/// A connected peer, as `/net_info` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerInfo {
    pub id: NodeId,
    pub node_info: NodeInfo,
    pub remote_addr: SocketAddr,
    /// Our end of the connection; with the peer's `remote_addr` it names the TCP connection.
    pub local_addr: SocketAddr,
    pub is_outbound: bool,
    pub is_persistent: bool,
    /// In `unconditional_peer_ids`: no limit refuses it, and it counts towards none.
    pub is_unconditional: bool,
    pub connected_since: SystemTime,
    /// What crossed this connection so far (as of the [`crate::NetworkHandle::peers`] call).
    pub traffic: Traffic,
}

/// What a peer's writer sends.
#[derive(Debug, Clone)]
pub(crate) enum Outgoing {
    Message { channel: u8, bytes: Arc<[u8]> },
}

pub(crate) struct Entry {
    pub conn_id: u64,
    pub info: PeerInfo,
    pub queue: mpsc::Sender<Outgoing>,
    pub traffic: Arc<Counter>,
    /// Tells the connection's task to close, with the reason to report.
    pub kill: Option<oneshot::Sender<String>>,
}

impl Entry {
    pub fn kill(&mut self, reason: String) {
        if let Some(kill) = self.kill.take() {
            let _ = kill.send(reason);
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub allow_duplicate_ip: bool,
    pub max_inbound: usize,
    pub max_outbound: usize,
}

pub(crate) struct Candidate {
    pub id: NodeId,
    pub ip: IpAddr,
    pub outbound: bool,
    pub persistent: bool,
    pub unconditional: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    New,
    /// The peer is connected already, and the new connection is the one both ends keep.
    Replace,
}

#[derive(Default)]
pub(crate) struct Table {
    pub peers: HashMap<NodeId, Entry>,
}

impl Table {
    /// Decides whether `c` may join.
    ///
    /// Two nodes that dial each other at the same moment end up with two connections, and
    /// each end learns of them in its own order. Both ends keep the connection dialed by the
    /// node with the smaller id (byte order of the ids), so they agree without talking: a
    /// new connection in the same direction as the registered one is a plain duplicate, a
    /// new connection in the other direction replaces it only if it is the preferred one.
    pub fn admit(&self, local: NodeId, c: &Candidate, limits: Limits) -> Result<Admission, Refusal> {
        let admission = match self.peers.get(&c.id) {
            None => Admission::New,
            Some(existing) => {
                let preferred_outbound = local < c.id;
                if existing.info.is_outbound == c.outbound || c.outbound != preferred_outbound {
                    return Err(Refusal::Duplicate(c.id));
                }
                Admission::Replace
            }
        };
        let others = || self.peers.values().filter(|e| e.info.id != c.id);
        if !limits.allow_duplicate_ip && others().any(|e| e.info.remote_addr.ip() == c.ip) {
            return Err(Refusal::DuplicateIp(c.ip));
        }
        // CometBFT: only unconditional peers bypass the inbound limit (persistent ones do
        // not), the outbound limit counts peers "excluding persistent peers", and neither
        // counts an unconditional peer (`NumPeers`).
        let counted = || others().filter(|e| !e.info.is_unconditional);
        if c.unconditional {
            return Ok(admission);
        }
        if !c.outbound && counted().filter(|e| !e.info.is_outbound).count() >= limits.max_inbound {
            return Err(Refusal::InboundLimit { max: limits.max_inbound });
        }
        if c.outbound
            && !c.persistent
            && counted().filter(|e| e.info.is_outbound && !e.info.is_persistent).count() >= limits.max_outbound
        {
            return Err(Refusal::OutboundLimit { max: limits.max_outbound });
        }
        Ok(admission)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node_info::LocalNodeInfo;

    const LIMITS: Limits = Limits { allow_duplicate_ip: true, max_inbound: 10, max_outbound: 10 };

    fn entry(id: NodeId, ip: [u8; 4], outbound: bool, persistent: bool) -> Entry {
        let (queue, _) = mpsc::channel(1);
        Entry {
            conn_id: 0,
            traffic: Arc::default(),
            info: PeerInfo {
                id,
                node_info: NodeInfo::local(id, String::new(), &LocalNodeInfo::new("c")),
                remote_addr: SocketAddr::from((ip, 1000)),
                local_addr: SocketAddr::from(([127, 0, 0, 1], 2000)),
                is_outbound: outbound,
                is_persistent: persistent,
                is_unconditional: false,
                connected_since: SystemTime::now(),
                traffic: Traffic::default(),
            },
            queue,
            kill: None,
        }
    }

    fn cand(id: NodeId, ip: [u8; 4], outbound: bool, persistent: bool) -> Candidate {
        Candidate { id, ip: IpAddr::from(ip), outbound, persistent, unconditional: false }
    }

    /// CometBFT's `IsPeerUnconditional`: an unconditional peer is admitted past both limits
    /// and takes no place in them; a duplicate IP is refused all the same (a transport filter).
    #[test]
    fn an_unconditional_peer_passes_both_limits_and_counts_in_neither() {
        let me = NodeId::new([0; 20]);
        let (a, u, b) = (NodeId::new([1; 20]), NodeId::new([9; 20]), NodeId::new([2; 20]));
        let one_each = Limits { max_inbound: 1, max_outbound: 1, ..LIMITS };
        let mut t = Table::default();
        t.peers.insert(a, entry(a, [10, 0, 0, 1], false, false));
        let unconditional = |outbound| Candidate { unconditional: true, ..cand(u, [10, 0, 0, 9], outbound, false) };
        assert_eq!(t.admit(me, &cand(u, [10, 0, 0, 9], false, false), one_each), Err(Refusal::InboundLimit { max: 1 }));
        assert_eq!(t.admit(me, &unconditional(false), one_each), Ok(Admission::New));
        let mut u_entry = entry(u, [10, 0, 0, 9], false, false);
        u_entry.info.is_unconditional = true;
        t.peers.insert(u, u_entry);
        // The full inbound slot is a's alone: with it gone, b fits although u is connected.
        t.peers.remove(&a);
        assert_eq!(t.admit(me, &cand(b, [10, 0, 0, 2], false, false), one_each), Ok(Admission::New));
        let mut out = Table::default();
        out.peers.insert(a, entry(a, [10, 0, 0, 1], true, false));
        assert_eq!(out.admit(me, &unconditional(true), one_each), Ok(Admission::New));
        let strict = Limits { allow_duplicate_ip: false, ..one_each };
        let same_ip = Candidate { unconditional: true, ..cand(u, [10, 0, 0, 1], false, false) };
        assert_eq!(out.admit(me, &same_ip, strict), Err(Refusal::DuplicateIp([10, 0, 0, 1].into())));
    }

    #[test]
    fn tie_break_keeps_connection_dialed_by_smaller_id() {
        let low = NodeId::new([1; 20]);
        let high = NodeId::new([2; 20]);
        let ip = [127, 0, 0, 1];
        // At the low node: the registered connection was dialed by high (inbound here).
        let mut at_low = Table::default();
        at_low.peers.insert(high, entry(high, ip, false, true));
        assert_eq!(at_low.admit(low, &cand(high, ip, true, true), LIMITS), Ok(Admission::Replace));
        assert_eq!(at_low.admit(low, &cand(high, ip, false, true), LIMITS), Err(Refusal::Duplicate(high)));
        // At the high node: the registered connection is its own dial, not preferred.
        let mut at_high = Table::default();
        at_high.peers.insert(low, entry(low, ip, true, true));
        assert_eq!(at_high.admit(high, &cand(low, ip, false, true), LIMITS), Ok(Admission::Replace));
        assert_eq!(at_high.admit(high, &cand(low, ip, true, true), LIMITS), Err(Refusal::Duplicate(low)));
        // Once both hold the preferred connection, the other one is refused at both ends.
        at_low.peers.insert(high, entry(high, ip, true, true));
        at_high.peers.insert(low, entry(low, ip, false, true));
        assert_eq!(at_low.admit(low, &cand(high, ip, false, true), LIMITS), Err(Refusal::Duplicate(high)));
        assert_eq!(at_high.admit(high, &cand(low, ip, true, true), LIMITS), Err(Refusal::Duplicate(low)));
    }

    #[test]
    fn limits_and_duplicate_ip() {
        let me = NodeId::new([0; 20]);
        let a = NodeId::new([1; 20]);
        let b = NodeId::new([2; 20]);
        let mut t = Table::default();
        t.peers.insert(a, entry(a, [10, 0, 0, 1], false, true));
        let strict = Limits { allow_duplicate_ip: false, ..LIMITS };
        assert_eq!(
            t.admit(me, &cand(b, [10, 0, 0, 1], true, true), strict),
            Err(Refusal::DuplicateIp([10, 0, 0, 1].into()))
        );
        assert_eq!(t.admit(me, &cand(b, [10, 0, 0, 2], true, true), strict), Ok(Admission::New));
        let one_in = Limits { max_inbound: 1, ..LIMITS };
        assert_eq!(t.admit(me, &cand(b, [10, 0, 0, 2], false, true), one_in), Err(Refusal::InboundLimit { max: 1 }));
        let no_out = Limits { max_outbound: 0, ..LIMITS };
        assert_eq!(t.admit(me, &cand(b, [10, 0, 0, 2], true, true), no_out), Ok(Admission::New));
        assert_eq!(t.admit(me, &cand(b, [10, 0, 0, 2], true, false), no_out), Err(Refusal::OutboundLimit { max: 0 }));
    }
}
