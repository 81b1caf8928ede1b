//! `persistent_peers`: the spec's algorithm (coordinator) and the checks a validator applies to
//! the file it receives.

use crate::manifest::Manifest;
use cosmos_formats::{NodeId, PeerAddr, PeerList};

/// One `node_id@host:port` of the list.
pub type Peer = PeerAddr;
pub use cosmos_formats::PeerListError as PeersError;

/// Parses a peer list received from another host (the coordinator's file, `PERSISTENT_PEERS`):
/// cosmos-formats' strict grammar, so an entry CometBFT would read differently is refused here.
pub fn parse_peers(text: &str) -> Result<Vec<Peer>, PeersError> {
    PeerList::parse_strict(text).map(|l| l.0)
}

pub fn format_peers(peers: &[Peer]) -> String {
    PeerList(peers.to_vec()).to_string()
}

/// The spec's algorithm: one `node_id@host:port` per validator, the address being that
/// validator's `P2P_EXTERNAL_ADDRESS` (which already carries `P2P_BASE + STRIDE * INDEX` unless
/// the operator published another one), in index order.
pub fn build_peers(manifests: &[Manifest]) -> Vec<Peer> {
    let mut sorted: Vec<&Manifest> = manifests.iter().collect();
    sorted.sort_by_key(|m| m.index);
    sorted.into_iter().map(|m| Peer { id: m.node_id, addr: m.p2p_external_address.clone() }).collect()
}

/// A node never dials itself.
pub fn without(peers: &[Peer], own: &NodeId) -> Vec<Peer> {
    peers.iter().filter(|p| &p.id != own).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{GenesisIndex, HostPort, Role};
    use rstest::rstest;

    const A: &str = "0772f16cc65cb4d19341b192bd7eba964f11d124";
    const B: &str = "645fbce2dedcc7166f4df7931d2c87ca5188b569";
    const C: &str = "6140f7090137d93c272ff5ccd863484d1592949d";

    fn m(name: &str, index: u32, id: &str, addr: &str) -> Manifest {
        Manifest {
            name: name.parse().unwrap(),
            index: GenesisIndex(index),
            role: Role::of_index(GenesisIndex(index)),
            p2p_external_address: HostPort::parse(addr).unwrap(),
            node_id: id.parse().unwrap(),
            chain_id: "c".into(),
        }
    }

    #[test]
    fn peers_follow_index_order_and_external_addresses() {
        let ms = [
            m("v2", 2, C, "tcp://host.docker.internal:26676"),
            m("coord", 0, A, "tcp://host.docker.internal:26656"),
            m("v1", 1, B, "tcp://node2.gonka.ai:5000"),
        ];
        let peers = build_peers(&ms);
        assert_eq!(
            format_peers(&peers),
            format!("{A}@host.docker.internal:26656,{B}@node2.gonka.ai:5000,{C}@host.docker.internal:26676")
        );
        assert_eq!(parse_peers(&format_peers(&peers)).unwrap(), peers);
        let own: NodeId = B.parse().unwrap();
        assert_eq!(
            format_peers(&without(&peers, &own)),
            format!("{A}@host.docker.internal:26656,{C}@host.docker.internal:26676")
        );
    }

    #[rstest]
    #[case("", "empty peer list")]
    #[case("abc", "entry 0 \"abc\": expected node_id@host:port")]
    #[case(&format!("{A}@h:1,"), "entry 1 \"\": expected")]
    #[case(&format!("{A}@h"), "is not host:port")]
    #[case(&format!("{A}@h:0"), "invalid port")]
    #[case(&format!("{A}@h:70000"), "invalid port")]
    #[case(&format!("{A}@tcp://h:1"), "expected node_id@host:port")]
    #[case(&format!("{}@h:1", A.to_uppercase()), "invalid node id")]
    #[case("0772f16c@h:1", "invalid node id")]
    #[case(&format!("{A}@h:1,{A}@g:2"), "listed twice")]
    #[case(&format!("{A}@h:1,{B}@h:1"), "address h:1 is listed twice")]
    #[case(&format!("{A}@h_x:1"), "invalid host")]
    fn malformed_peer_lists(#[case] text: &str, #[case] msg: &str) {
        let e = parse_peers(text).unwrap_err().to_string();
        assert!(e.contains(msg), "{e}");
    }
}
