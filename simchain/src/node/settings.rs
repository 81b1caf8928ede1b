//! What `start` reads from `config.toml`, parsed once into typed values.

use crate::config_edit;
use crate::home::Home;
use anyhow::{Context, Result};
use cosmos_formats::{parse_go_duration, TcpAddr};
use std::path::PathBuf;
use toml_edit::{DocumentMut, Item};

#[derive(Clone, Debug)]
pub struct NodeSettings {
    pub moniker: String,
    pub genesis_file: PathBuf,
    pub node_key_file: PathBuf,
    pub priv_validator_key_file: PathBuf,
    pub priv_validator_state_file: PathBuf,
    /// `tcp://host:port` where tmkms dials in; `None` signs with the key file.
    pub priv_validator_laddr: Option<String>,
    pub p2p_laddr: String,
    pub p2p_external_address: String,
    pub persistent_peers: Vec<p2p::PeerAddr>,
    pub unconditional_peer_ids: Vec<p2p::NodeId>,
    pub allow_duplicate_ip: bool,
    pub max_num_inbound_peers: usize,
    pub max_num_outbound_peers: usize,
    pub rpc_laddr: (String, u16),
    pub timeouts: consensus::Timeouts,
}

fn get<'a>(doc: &'a DocumentMut, key: &str) -> Option<&'a Item> {
    let mut item = doc.as_item();
    for part in key.split('.') {
        item = item.get(part)?;
    }
    Some(item)
}

fn string(doc: &DocumentMut, key: &str, default: &str) -> String {
    get(doc, key).and_then(Item::as_str).unwrap_or(default).to_string()
}

fn integer(doc: &DocumentMut, key: &str, default: i64) -> i64 {
    get(doc, key).and_then(Item::as_integer).unwrap_or(default)
}

impl NodeSettings {
    pub fn load(home: &Home) -> Result<NodeSettings> {
        let path = home.config_toml();
        let doc = config_edit::load(&path)?;
        let ctx = |key: &str| format!("{}: {key}", path.display());
        let rel = |key: &str, default: &str| home.root().join(string(&doc, key, default));
        let duration = |key: &str, default: &str| -> Result<std::time::Duration> {
            let full = format!("consensus.{key}");
            parse_go_duration(&string(&doc, &full, default)).with_context(|| ctx(&full))
        };
        let laddr = string(&doc, "priv_validator_laddr", "");
        if !laddr.is_empty() {
            TcpAddr::parse(&laddr).with_context(|| ctx("priv_validator_laddr"))?;
        }
        let p2p_laddr = string(&doc, "p2p.laddr", "tcp://0.0.0.0:26656");
        TcpAddr::parse(&p2p_laddr).with_context(|| ctx("p2p.laddr"))?;
        let rpc = string(&doc, "rpc.laddr", "tcp://127.0.0.1:26657");
        let TcpAddr { host, port } = TcpAddr::parse(&rpc).with_context(|| ctx("rpc.laddr"))?;
        let rpc_laddr = (host, port);
        let peers = string(&doc, "p2p.persistent_peers", "");
        let persistent_peers = p2p::parse_persistent_peers(&peers).with_context(|| ctx("p2p.persistent_peers"))?;
        let unconditional_peer_ids = unconditional_ids(&string(&doc, "p2p.unconditional_peer_ids", ""))
            .with_context(|| ctx("p2p.unconditional_peer_ids"))?;
        Ok(NodeSettings {
            moniker: string(&doc, "moniker", ""),
            genesis_file: rel("genesis_file", "config/genesis.json"),
            node_key_file: rel("node_key_file", "config/node_key.json"),
            priv_validator_key_file: rel("priv_validator_key_file", "config/priv_validator_key.json"),
            priv_validator_state_file: rel("priv_validator_state_file", "data/priv_validator_state.json"),
            priv_validator_laddr: Some(laddr).filter(|l| !l.is_empty()),
            p2p_laddr,
            p2p_external_address: string(&doc, "p2p.external_address", ""),
            persistent_peers,
            unconditional_peer_ids,
            allow_duplicate_ip: get(&doc, "p2p.allow_duplicate_ip").and_then(Item::as_bool).unwrap_or(false),
            max_num_inbound_peers: usize::try_from(integer(&doc, "p2p.max_num_inbound_peers", 40)).unwrap_or(40),
            max_num_outbound_peers: usize::try_from(integer(&doc, "p2p.max_num_outbound_peers", 10)).unwrap_or(10),
            rpc_laddr,
            timeouts: consensus::Timeouts {
                timeout_propose: duration("timeout_propose", "3s")?,
                timeout_propose_delta: duration("timeout_propose_delta", "500ms")?,
                timeout_prevote: duration("timeout_prevote", "1s")?,
                timeout_prevote_delta: duration("timeout_prevote_delta", "500ms")?,
                timeout_precommit: duration("timeout_precommit", "1s")?,
                timeout_precommit_delta: duration("timeout_precommit_delta", "500ms")?,
                timeout_commit: duration("timeout_commit", "5s")?,
            },
        })
    }
}

/// `p2p.unconditional_peer_ids` as CometBFT reads it: comma-separated, blanks trimmed, empty
/// entries skipped (`SplitAndTrimEmpty`), each id checked (`AddUnconditionalPeerIDs`, whose
/// error stops the node). An uppercase id, which CometBFT would accept and then never match
/// against a peer's lowercase id, is refused here too.
fn unconditional_ids(list: &str) -> Result<Vec<p2p::NodeId>> {
    cosmos_formats::net::split_and_trim_empty(list)
        .map(|s| {
            s.parse::<p2p::NodeId>()
                .map_err(|_| anyhow::anyhow!("invalid peer ID ({s}): expected 40 lowercase hex digits"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::unconditional_ids;

    #[test]
    fn unconditional_peer_ids_are_read_as_cometbft_splits_them_and_a_bad_one_is_named() {
        let (a, b) = ("ab".repeat(20), "0c".repeat(20));
        let ids = unconditional_ids(&format!(" {a} ,, {b},")).expect("two ids");
        assert_eq!(ids.iter().map(ToString::to_string).collect::<Vec<_>>(), [a.clone(), b]);
        assert!(unconditional_ids("").expect("none").is_empty());
        for bad in ["abc", &a.to_uppercase(), &format!("{a}@1.2.3.4:26656")] {
            let e = unconditional_ids(&format!("{a},{bad}")).expect_err(bad).to_string();
            assert!(e.contains(&format!("invalid peer ID ({bad})")), "{e}");
        }
    }
}
