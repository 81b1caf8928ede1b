//! The running network: listener, persistent-peer dialers, the peer table, and the handle the
//! node uses.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tracing::{info, warn, Instrument};

use crate::addr::{self, NodeId, PeerAddr};
use crate::config::Config;
use crate::handshake::Identity;
use crate::node_info::NodeInfo;
use crate::shared::{DialError, Event, Shared};
use crate::table::{Limits, Outgoing, PeerInfo};
use crate::traffic::Traffic;
use crate::{dialer, peer};

/// Largest application message: cometbft-p2p refuses to read a message over 1 MiB, and a
/// packet adds a few bytes of framing around the payload.
pub const MAX_MESSAGE_SIZE: usize = cometbft_p2p::MAX_MSG_LEN - 32;

const EVENT_CAPACITY: usize = 4096;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("invalid p2p.laddr {addr:?}: {reason}")]
    ListenAddr { addr: String, reason: String },
    #[error("binding p2p listener on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    #[error("no channels in node info")]
    NoChannels,
    #[error("p2p pong timeout {pong:?} must be shorter than the ping interval {ping:?}")]
    PongTimeout { pong: Duration, ping: Duration },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    #[error("channel {0:#04x} is not one of ours")]
    UnknownChannel(u8),
    #[error("message of {size} bytes exceeds {max}")]
    TooLarge { size: usize, max: usize },
    #[error("not connected to {0}")]
    NotConnected(NodeId),
    #[error("send queue of {0} is full; message dropped")]
    QueueFull(NodeId),
}

/// Entry point; see [`Network::start`].
pub struct Network;

impl Network {
    /// Binds `p2p.laddr`, starts accepting, and dials every persistent peer. Events must be
    /// drained: a full event channel holds back reading from peers.
    pub async fn start(config: Config) -> Result<(NetworkHandle, mpsc::Receiver<Event>), StartError> {
        if config.node_info.channels.is_empty() {
            return Err(StartError::NoChannels);
        }
        let (ping, pong) = (config.timing.ping_interval, config.timing.pong_timeout);
        if pong >= ping {
            return Err(StartError::PongTimeout { pong, ping });
        }
        let addr::TcpAddr { host, port } = addr::TcpAddr::parse(&config.listen_addr)
            .map_err(|e| StartError::ListenAddr { addr: config.listen_addr.clone(), reason: e.problem.to_string() })?;
        let listener = TcpListener::bind((host.as_str(), port))
            .await
            .map_err(|source| StartError::Bind { addr: config.listen_addr.clone(), source })?;
        let bound =
            listener.local_addr().map_err(|source| StartError::Bind { addr: config.listen_addr.clone(), source })?;
        let our_id = addr::node_id(&config.node_key.verifying_key());
        // CometBFT announces p2p.external_address if set, else p2p.laddr as written.
        let listen_addr = if !config.external_address.is_empty() {
            config.external_address.clone()
        } else if port == 0 {
            format!("tcp://{}", SocketAddr::new(bound.ip(), bound.port()))
        } else {
            config.listen_addr.clone()
        };
        let mut seen = HashSet::new();
        let mut dial = Vec::new();
        for peer in &config.persistent_peers {
            if peer.id == our_id {
                info!(%peer, "persistent peer is this node; not dialing it");
            } else if !seen.insert(peer.id) {
                warn!(%peer, "persistent peer listed twice; using the first address");
            } else {
                dial.push(peer.clone());
            }
        }
        let (events, events_rx) = mpsc::channel(EVENT_CAPACITY);
        let me = Identity {
            info: NodeInfo::local(our_id, listen_addr, &config.node_info),
            key: config.node_key,
            genesis_hash: config.genesis_hash,
        };
        let limits = Limits {
            allow_duplicate_ip: config.allow_duplicate_ip,
            max_inbound: config.max_num_inbound_peers,
            max_outbound: config.max_num_outbound_peers,
        };
        let unconditional = config.unconditional_peer_ids.iter().copied().collect();
        let (shared, alive) = Shared::new(me, config.timing, limits, seen, unconditional, bound, events);
        let shared = Arc::new(shared);
        info!(id = %our_id, %bound, network = %shared.me.info.network, "p2p listening");
        // Every task of this network logs under its node's id: tests and the simulation run
        // several networks in one process, and a connection's story needs both ends told apart.
        let span = tracing::info_span!("p2p", me = %our_id);
        tokio::spawn(peer::accept_loop(shared.clone(), listener, alive.clone()).instrument(span.clone()));
        for peer in dial {
            tokio::spawn(dialer::keep_connected(shared.clone(), peer, alive.clone()).instrument(span.clone()));
        }
        Ok((NetworkHandle { shared }, events_rx))
    }
}

/// Cheap to clone; all clones drive the same network.
#[derive(Clone)]
pub struct NetworkHandle {
    shared: Arc<Shared>,
}

impl NetworkHandle {
    pub fn node_id(&self) -> NodeId {
        self.shared.me.info.id
    }

    /// What we announce to peers (and `/status` reports).
    pub fn node_info(&self) -> NodeInfo {
        self.shared.me.info.clone()
    }

    /// The address the listener is bound to (the real port when `p2p.laddr` had port 0).
    pub fn listen_addr(&self) -> SocketAddr {
        self.shared.bound
    }

    /// Connected peers, ordered by id.
    pub fn peers(&self) -> Vec<PeerInfo> {
        let mut peers: Vec<PeerInfo> = self
            .shared
            .table()
            .peers
            .values()
            .map(|e| PeerInfo { traffic: e.traffic.snapshot(), ..e.info.clone() })
            .collect();
        peers.sort_by_key(|p| p.id);
        peers
    }

    /// How many peers are connected (without copying their infos, as [`Self::peers`] does).
    pub fn peer_count(&self) -> usize {
        self.shared.table().peers.len()
    }

    /// Everything every connection of this node carried since it started, closed ones included.
    pub fn traffic(&self) -> Traffic {
        self.shared.traffic.snapshot()
    }

    pub fn is_connected(&self, id: &NodeId) -> bool {
        self.shared.is_connected(id)
    }

    /// Queues `bytes` for every connected peer without waiting; a peer whose queue is full
    /// does not get it (CometBFT's `TrySend`: p2p/conn/connection.go, `trySendBytes` returns
    /// false, the peer stays). Returns how many peers it was queued for.
    ///
    /// Dropping the peer instead, as this did, made a loaded network tear itself apart: at
    /// N = 100 on two cores every reconnection re-sent the height's messages to the new peer,
    /// which filled more queues, which dropped more peers (61,859 "send queue full" drops and
    /// 103,825 disconnections in 90 s, no block). A peer that stops reading goes silent and
    /// is dropped by the keep-alive.
    pub fn broadcast(&self, channel: u8, bytes: Vec<u8>) -> Result<usize, SendError> {
        self.check(channel, bytes.len())?;
        let bytes: Arc<[u8]> = bytes.into();
        let mut table = self.shared.table();
        let mut queued = 0;
        for entry in table.peers.values_mut() {
            match entry.queue.try_send(Outgoing::Message { channel, bytes: bytes.clone() }) {
                Ok(()) => queued += 1,
                Err(mpsc::error::TrySendError::Full(_)) | Err(mpsc::error::TrySendError::Closed(_)) => {}
            }
        }
        Ok(queued)
    }

    /// Queues `bytes` for one peer without waiting; a full queue drops the message
    /// ([`NetworkHandle::broadcast`] says why not the peer).
    pub fn send(&self, peer: NodeId, channel: u8, bytes: Vec<u8>) -> Result<(), SendError> {
        self.check(channel, bytes.len())?;
        let mut table = self.shared.table();
        let entry = table.peers.get_mut(&peer).ok_or(SendError::NotConnected(peer))?;
        match entry.queue.try_send(Outgoing::Message { channel, bytes: bytes.into() }) {
            Ok(()) => Ok(()),
            Err(mpsc::error::TrySendError::Full(_)) => Err(SendError::QueueFull(peer)),
            Err(mpsc::error::TrySendError::Closed(_)) => Err(SendError::NotConnected(peer)),
        }
    }

    fn check(&self, channel: u8, size: usize) -> Result<(), SendError> {
        if !self.shared.knows_channel(channel) {
            return Err(SendError::UnknownChannel(channel));
        }
        if size > MAX_MESSAGE_SIZE {
            return Err(SendError::TooLarge { size, max: MAX_MESSAGE_SIZE });
        }
        Ok(())
    }

    /// One dial to a peer that is not persistent (it counts against `max_num_outbound_peers`
    /// and is not redialed). Returns once the peer is admitted or refused.
    pub async fn dial(&self, addr: PeerAddr) -> Result<NodeId, DialError> {
        let token = self.shared.alive_token().ok_or(DialError::ShuttingDown)?;
        peer::dial(self.shared.clone(), &addr, token).await
    }

    /// Stops accepting and dialing, closes every connection (each reported as `PeerDown`)
    /// and returns when all tasks are gone and the listen port is free.
    pub async fn shutdown(&self) {
        self.shared.shut_down().await;
        info!(id = %self.node_id(), "p2p stopped");
    }
}
