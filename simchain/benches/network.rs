//! 4 validators, each with its own real tmkms, timeout_commit 100 ms: time from start to
//! height 1, median block interval over 50 blocks, and resident memory per node.
//! Run: `cargo bench -p simchain --bench network` (prints the figures; no criterion: one run
//! of a network is the sample).

#[path = "../tests/support/mod.rs"]
mod support;
use support::net as net_support;

use std::time::{Duration, Instant};
use tendermint_rpc::client::Client;

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let mut net = net_support::Net::new(4, Duration::from_millis(100));
        let t0 = Instant::now();
        net.start_all();
        net_support::wait_height(&net, &[0, 1, 2, 3], 1, Duration::from_secs(60)).await;
        let to_first = t0.elapsed();
        let target = 51u64;
        net_support::wait_height(&net, &[0], target, Duration::from_secs(120)).await;
        let client = net.validators[0].rpc();
        let mut times = Vec::new();
        for h in 1..=target {
            let b = client.block(tendermint::block::Height::try_from(h).unwrap()).await.unwrap();
            times.push(b.block.header.time);
        }
        let mut gaps: Vec<Duration> = times.windows(2).map(|w| w[1].duration_since(w[0]).unwrap()).collect();
        gaps.sort();
        let median = gaps[gaps.len() / 2];
        let rss: Vec<u64> = net.validators.iter().map(|v| rss_kib(v.node.as_ref().and_then(|p| p.pid()).unwrap_or(0))).collect();
        println!("network/4_validators_tmkms_tc100ms: start_to_height_1={:.2}s median_block_interval={}ms p90={}ms rss_per_node_kib={:?} max_rss={:.1}MiB",
            to_first.as_secs_f64(), median.as_millis(), gaps[gaps.len() * 9 / 10].as_millis(), rss, *rss.iter().max().unwrap() as f64 / 1024.0);
    });
}
