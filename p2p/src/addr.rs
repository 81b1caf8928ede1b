//! Node ids and the address strings of CometBFT's `config.toml` (`p2p.laddr`,
//! `p2p.persistent_peers`), in the workspace's one grammar (`cosmos_formats::net`).

use ed25519_dalek::VerifyingKey;

pub use cosmos_formats::{AddrError, AddrProblem, HostPort, NodeId, PeerAddr, PeerList, PeerListError, TcpAddr};

/// CometBFT's `p2p.PubKeyToID`. The digest comes from cometbft-p2p, the same code that
/// authenticates the peer, so a dialed id and an authenticated id can never disagree on format.
pub fn node_id(key: &VerifyingKey) -> NodeId {
    NodeId::new(cometbft_p2p::PublicKey::from(key).peer_id().to_bytes())
}

/// Parses `p2p.persistent_peers` as CometBFT does (lenient: blanks and empty entries are
/// ignored, `SplitAndTrimEmpty`). The first bad entry is named in the error.
pub fn parse_persistent_peers(list: &str) -> Result<Vec<PeerAddr>, PeerListError> {
    PeerList::parse_lenient(list).map(|l| l.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_id_matches_tendermint_rs_and_cosmos_formats() {
        let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
        let ours = node_id(&key.verifying_key());
        let pk = tendermint::PublicKey::from_raw_ed25519(key.verifying_key().as_bytes())
            .and_then(|pk| pk.ed25519())
            .expect("ed25519 key");
        assert_eq!(ours.as_bytes().as_slice(), tendermint::node::Id::from(pk).as_bytes());
        assert_eq!(ours, NodeId::from_pubkey(&key.verifying_key()));
    }
}
