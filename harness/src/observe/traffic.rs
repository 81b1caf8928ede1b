//! Messages and bytes per height, from the stand-in node's `committed block` log lines, which
//! carry the node's p2p totals at each commit (`sent_msgs`, `sent_bytes`, `recv_msgs`,
//! `recv_bytes`: every packet once, before SecretConnection sealing, as CometBFT's flowrate
//! monitors count). A real `inferenced` writes no such fields, and then there is no figure.

use serde::Serialize;
use std::collections::BTreeMap;

/// A node's p2p totals when it committed a height.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub sent_msgs: u64,
    pub sent_bytes: u64,
    pub recv_msgs: u64,
    pub recv_bytes: u64,
}

/// The totals at each height the log shows committed (the last line for a height wins: a node
/// restarted on the same home counts from zero again, and only its newest run is read).
pub fn commits(log: &str) -> BTreeMap<u64, Totals> {
    let mut out = BTreeMap::new();
    for line in log.lines().filter(|l| l.contains("committed block")) {
        let field = |key: &str| -> Option<u64> {
            line.split_whitespace().find_map(|w| w.strip_prefix(key)?.strip_prefix('=')?.parse().ok())
        };
        let (Some(height), Some(sent_msgs), Some(sent_bytes), Some(recv_msgs), Some(recv_bytes)) =
            (field("height"), field("sent_msgs"), field("sent_bytes"), field("recv_msgs"), field("recv_bytes"))
        else {
            continue;
        };
        if out.last_key_value().is_some_and(|(&h, _)| height <= h) {
            // An earlier run of the node on this home: start over with the newest.
            out.clear();
        }
        out.insert(height, Totals { sent_msgs, sent_bytes, recv_msgs, recv_bytes });
    }
    out
}

/// One node's traffic per height between two commits it logged.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PerHeight {
    pub sent_msgs: f64,
    pub sent_bytes: f64,
    pub recv_msgs: f64,
    pub recv_bytes: f64,
}

/// Traffic per height from the commit of `from` to that of `to`; `None` when the log lacks
/// either, or the counters went down (a restart in between).
pub fn per_height(commits: &BTreeMap<u64, Totals>, from: u64, to: u64) -> Option<PerHeight> {
    let (a, b) = (commits.get(&from)?, commits.get(&to)?);
    let heights = to.checked_sub(from).filter(|h| *h > 0)? as f64;
    let d = |x: u64, y: u64| y.checked_sub(x).map(|v| v as f64 / heights);
    Some(PerHeight {
        sent_msgs: d(a.sent_msgs, b.sent_msgs)?,
        sent_bytes: d(a.sent_bytes, b.sent_bytes)?,
        recv_msgs: d(a.recv_msgs, b.recv_msgs)?,
        recv_bytes: d(a.recv_bytes, b.recv_bytes)?,
    })
}

/// A network's traffic per height: the median and the largest node, and the floor of what a
/// node that does not propose receives, each other validator's prevote and precommit and the
/// proposal once: 2(N - 1) + 1 messages (the stand-in's proposal carries its block; CometBFT
/// adds block parts, HasVote and step messages, and sends each vote to each peer at most once).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub validators: usize,
    pub from_height: u64,
    pub to_height: u64,
    /// Nodes whose log gave both heights.
    pub nodes: usize,
    pub median: PerHeight,
    pub max: PerHeight,
    pub recv_msgs_floor: u64,
}

pub fn summarise(validators: usize, from: u64, to: u64, nodes: &[PerHeight]) -> Option<Summary> {
    if nodes.is_empty() {
        return None;
    }
    let pick = |f: fn(&PerHeight) -> f64, median: bool| {
        let mut v: Vec<f64> = nodes.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        if median {
            v[v.len() / 2]
        } else {
            v[v.len() - 1]
        }
    };
    let at = |median| PerHeight {
        sent_msgs: pick(|p| p.sent_msgs, median),
        sent_bytes: pick(|p| p.sent_bytes, median),
        recv_msgs: pick(|p| p.recv_msgs, median),
        recv_bytes: pick(|p| p.recv_bytes, median),
    };
    Some(Summary {
        validators,
        from_height: from,
        to_height: to,
        nodes: nodes.len(),
        median: at(true),
        max: at(false),
        recv_msgs_floor: 2 * validators.saturating_sub(1) as u64 + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines as the stand-in writes them (tracing's default format, a span prefix included).
    const LOG: &str = "\
2026-12-07T23:58:01.100000Z  INFO simchain::node::driver: peer connected peer=ab moniker=val-1
2026-12-07T23:58:01.200000Z  INFO node{moniker=val-0}: simchain::node::driver: committed block height=1 hash=AA txs=0 sent_msgs=40 sent_bytes=9000 recv_msgs=44 recv_bytes=9100
2026-12-07T23:58:01.300000Z  INFO simchain::node::driver: committed block height=2 hash=BB txs=0 sent_msgs=52 sent_bytes=11000 recv_msgs=60 recv_bytes=12000
2026-12-07T23:58:01.400000Z  INFO simchain::node::driver: committed block height=3 hash=CC txs=1 sent_msgs=64 sent_bytes=13000 recv_msgs=76 recv_bytes=14900
";

    #[test]
    fn totals_per_committed_height_from_the_node_log() {
        let c = commits(LOG);
        assert_eq!(c.keys().copied().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(c[&3], Totals { sent_msgs: 64, sent_bytes: 13000, recv_msgs: 76, recv_bytes: 14900 });
        let p = per_height(&c, 1, 3).expect("both heights");
        assert_eq!(p, PerHeight { sent_msgs: 12.0, sent_bytes: 2000.0, recv_msgs: 16.0, recv_bytes: 2900.0 });
    }

    #[test]
    fn a_log_without_the_totals_or_a_height_gives_no_figure() {
        // A commit line without the p2p fields (a real inferenced's, or an older stand-in's).
        let bare = "INFO committed block height=1 hash=AA txs=0\nINFO committed block height=2 hash=BB txs=0\n";
        assert!(commits(bare).is_empty());
        assert_eq!(per_height(&commits(LOG), 1, 5), None, "height 5 never committed");
        assert_eq!(per_height(&commits(LOG), 2, 2), None, "no heights between");
        assert!(summarise(4, 1, 3, &[]).is_none());
    }

    #[test]
    fn a_restarted_node_is_read_from_its_newest_run() {
        let restarted = format!(
            "{LOG}INFO committed block height=3 hash=CC txs=0 sent_msgs=5 sent_bytes=500 recv_msgs=6 recv_bytes=600\n\
             INFO committed block height=4 hash=DD txs=0 sent_msgs=9 sent_bytes=900 recv_msgs=12 recv_bytes=1200\n"
        );
        let c = commits(&restarted);
        assert_eq!(c.keys().copied().collect::<Vec<_>>(), [3, 4]);
        assert_eq!(per_height(&c, 3, 4).map(|p| p.recv_msgs), Some(6.0));
    }

    #[test]
    fn the_summary_takes_the_median_and_the_largest_node_and_the_floor_of_n_validators() {
        let node = |m: f64| PerHeight { sent_msgs: m, sent_bytes: 10.0 * m, recv_msgs: m + 1.0, recv_bytes: 0.0 };
        let s = summarise(4, 1, 5, &[node(30.0), node(10.0), node(20.0)]).expect("three nodes");
        assert_eq!((s.median.sent_msgs, s.max.sent_msgs, s.median.recv_msgs), (20.0, 30.0, 21.0));
        assert_eq!(s.max.sent_bytes, 300.0);
        assert_eq!(s.recv_msgs_floor, 7, "2 votes of each of 3 others and the proposal");
        assert_eq!(s.nodes, 3);
    }
}
