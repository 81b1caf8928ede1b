//! The node table `harness up` and `harness status` print: each node's ports, height and peers.

use crate::checks::Checks;
use crate::runbook::Network;

/// The table's lines (no newline after the last): a height or peer count the node did not
/// answer is `-`.
pub fn node_table(net: &Network, checks: &Checks) -> String {
    let mut lines = vec![format!(
        "{:<8} {:>5}  {:<40} {:>6} {:>6} {:>6} {:>7} {:>7}",
        "node", "index", "node id", "p2p", "rpc", "tmkms", "height", "peers"
    )];
    for (i, p) in net.projects.iter().enumerate() {
        lines.push(format!(
            "{:<8} {:>5}  {:<40} {:>6} {:>6} {:>6} {:>7} {:>7}",
            p.name,
            p.index,
            p.node_id().unwrap_or_default(),
            p.p2p_port(),
            p.rpc_port(),
            p.tmkms_port(),
            checks.height(i).map(|h| h.to_string()).unwrap_or_else(|| "-".into()),
            checks.peer_count(i).map(|n| format!("{n}/{}", net.projects.len() - 1)).unwrap_or_else(|| "-".into()),
        ));
    }
    lines.join("\n")
}
