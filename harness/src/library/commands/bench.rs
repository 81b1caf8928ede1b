//! `harness bench`: networks of each size from empty directories to height 5, timed.

use super::CommandError;
use crate::checks::Checks;
use crate::cli::BackendKind;
use crate::spec::{self, TestnetSpec};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The spec's figure is "height 5 with timeout_commit 100 ms".
pub const BENCH_TIMEOUT_COMMIT: Duration = Duration::from_millis(100);

/// `runs` networks of each of `sizes` (comma-separated); prints each size's median, what the
/// operator moved, and, for more than one size, the ratio of the last to the first. With
/// `hosts`, each validator runs on the machine that file gives it.
pub fn bench(
    sizes: &str,
    kind: BackendKind,
    runs: usize,
    genesis_delay: &str,
    hosts: Option<&Path>,
) -> Result<(), CommandError> {
    if runs == 0 {
        return Err(CommandError::Flag { flag: "--runs", reason: "at least 1".into() });
    }
    if hosts.is_some() && kind != BackendKind::Docker {
        return Err(CommandError::Flag {
            flag: "--hosts",
            reason: "only the docker backend runs validators on other machines' engines".into(),
        });
    }
    let label = if kind == BackendKind::Docker { "docker" } else { "process" };
    let mut medians = Vec::new();
    // Each run's work dir goes when it ends; its report stays here.
    let reports = std::env::temp_dir().join(format!("harness-bench-reports-{}", std::process::id()));
    for n in sizes.split(',') {
        let n: usize = n
            .trim()
            .parse()
            .map_err(|e: std::num::ParseIntError| CommandError::Flag { flag: "--sizes", reason: e.to_string() })?;
        // The file is read for each size: a size it cannot place is refused before a run.
        let placed = hosts.map(|f| crate::docker::hosts::read(f, n)).transpose()?;
        let mut times = Vec::new();
        let mut last = None;
        for run in 1..=runs {
            let report = reports.join(format!("{label}-N{n}-run{run}"));
            let once = bench_once(n, kind, &report, genesis_delay, placed.as_deref())?;
            let a = &once.after_clock;
            outln!(
                "harness/bench {label} N={n} run {run}: {:.2}s; after the clock: traffic {:.2}s, report {:.2}s, stop {:.2}s, clean-up {:.2}s",
                once.time.as_secs_f64(),
                a.traffic.as_secs_f64(),
                a.report.as_secs_f64(),
                a.stop.as_secs_f64(),
                a.cleanup.as_secs_f64()
            );
            times.push(once.time);
            last = Some(once);
        }
        let shown: Vec<String> = times.iter().map(|t| format!("{:.2}", t.as_secs_f64())).collect();
        times.sort();
        let median = times[times.len() / 2];
        outln!(
            "harness/bench {label} N={n}: empty dirs -> height 5: median {:.2}s of {runs} (runs: {} s)",
            median.as_secs_f64(),
            shown.join(", ")
        );
        if let Some(once) = last {
            outln!(
                "harness/bench {label} N={n}: the operator moved {} files, {} bytes (each run)",
                once.moved.0,
                once.moved.1
            );
            match once.traffic {
                Some(t) => outln!(
                    "harness/bench {label} N={n}: per height (heights {}..{}, {} nodes, last run): a node received {:.0} messages, {:.0} bytes (median; largest {:.0}, {:.0}; floor {} messages) and sent {:.0} messages, {:.0} bytes (median; largest {:.0}, {:.0})",
                    t.from_height, t.to_height, t.nodes, t.median.recv_msgs, t.median.recv_bytes, t.max.recv_msgs,
                    t.max.recv_bytes, t.recv_msgs_floor, t.median.sent_msgs, t.median.sent_bytes, t.max.sent_msgs,
                    t.max.sent_bytes
                ),
                None => outln!("harness/bench {label} N={n}: no traffic per height: no node logged its p2p totals at heights {TRAFFIC_FROM} and {BENCH_HEIGHT}"),
            }
        }
        medians.push((n, median));
    }
    outln!("reports: {}/<backend>-N<n>-run<k>/report.html", reports.display());
    if let (Some(first), Some(last)) = (medians.first(), medians.last()) {
        if medians.len() > 1 {
            outln!("T({})/T({}) = {:.2} (medians)", last.0, first.0, last.1.as_secs_f64() / first.1.as_secs_f64());
        }
    }
    Ok(())
}

/// The height every node must reach.
const BENCH_HEIGHT: u64 = 5;
/// Traffic per height is taken from this height's commit to `BENCH_HEIGHT`'s: before it, the
/// connections' start-up and the first height's wait for peers.
const TRAFFIC_FROM: u64 = 1;

/// What one network of the bench gave.
struct Once {
    time: Duration,
    /// Files and bytes the operator moved.
    moved: (usize, u64),
    traffic: Option<crate::traffic::Summary>,
    after_clock: AfterClock,
}

/// Where the time after the clock stopped went, until the run's work dir is gone.
#[derive(Default)]
struct AfterClock {
    traffic: Duration,
    report: Duration,
    stop: Duration,
    cleanup: Duration,
}

/// One network of `n` from empty directories to height 5 on every node; its run report is
/// moved to `report` before the work dir is removed.
fn bench_once(
    n: usize,
    kind: BackendKind,
    report: &Path,
    genesis_delay: &str,
    hosts: Option<&[crate::docker::hosts::DockerHost]>,
) -> Result<Once, CommandError> {
    let dir = bench_dir()?;
    let base = free_base(u16::try_from(n).unwrap_or(u16::MAX))?;
    // Images are built (or found, and loaded into each machine's engine) here, before the
    // clock starts.
    let spec = bench_spec(n, kind, genesis_delay)?.base_port(base);
    let spec = hosts.into_iter().flatten().enumerate().fold(spec, |s, (i, h)| s.host(i, h.clone()));
    let net = crate::testnet::network(&spec, &dir)?;
    let net = net.titled(&format!("harness bench: N={n}"));
    let t0 = Instant::now();
    let ran = net
        .run(&crate::runbook::Quiet)
        .and_then(|()| Checks::new(&net)?.blocks(BENCH_HEIGHT, Duration::from_secs(300)));
    let time = t0.elapsed();
    let delivered: Vec<_> = net.operator.ledger().into_iter().filter(|e| e.refused.is_none()).collect();
    let moved = (delivered.len(), delivered.iter().map(|e| e.bytes).sum());
    // Everything below is after the clock stopped: it costs the figure nothing.
    let mut after = AfterClock::default();
    let traffic = timed(&mut after.traffic, || if ran.is_ok() { traffic(&net, n) } else { None });
    let written = timed(&mut after.report, || net.write_report(None));
    timed(&mut after.stop, || net.stop_all());
    let kept = timed(&mut after.cleanup, || {
        if let Some(parent) = report.parent() {
            std::fs::create_dir_all(parent).map_err(CommandError::io(parent))?;
        }
        let kept = written.is_ok() && std::fs::rename(net.report_dir(), report).is_ok();
        if let (true, Some(t)) = (kept, &traffic) {
            let json = serde_json::to_vec_pretty(t).unwrap_or_default();
            let _ = cosmos_formats::files::write_atomic(
                &report.join("traffic.json"),
                &json,
                cosmos_formats::files::Mode::Public,
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
        Ok::<_, CommandError>(kept)
    })?;
    if let Err(error) = ran {
        return Err(CommandError::Bench {
            n,
            error: Box::new(error),
            report: kept.then(|| report.join("report.html")),
        });
    }
    Ok(Once { time, moved, traffic, after_clock: after })
}

/// Runs `f`, adding the time it took to `slot`.
fn timed<T>(slot: &mut Duration, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    *slot += t.elapsed();
    out
}

/// Each node's traffic per height from its log, summarised over the network.
fn traffic(net: &crate::runbook::Network, n: usize) -> Option<crate::traffic::Summary> {
    let nodes: Vec<_> = net
        .projects
        .iter()
        .filter_map(|p| {
            net.backend.logs(p);
            let log = std::fs::read_to_string(p.logs().join("node.log")).ok()?;
            crate::traffic::per_height(&crate::traffic::commits(&log), TRAFFIC_FROM, BENCH_HEIGHT)
        })
        .collect();
    crate::traffic::summarise(n, TRAFFIC_FROM, BENCH_HEIGHT, &nodes)
}

/// The bench's network of `n`: the spec's figure is height 5 with timeout_commit 100 ms.
pub fn bench_spec(n: usize, kind: BackendKind, genesis_delay: &str) -> Result<TestnetSpec, CommandError> {
    let flag = |reason| CommandError::Flag { flag: "--genesis-delay", reason };
    let delay = spec::parse_duration(genesis_delay).map_err(flag)?;
    if delay.is_zero() {
        return Err(flag("must be positive".into()));
    }
    let backend = if kind == BackendKind::Docker { spec::Backend::Docker } else { spec::Backend::Process };
    Ok(TestnetSpec::validators(n).backend(backend).timeout_commit(BENCH_TIMEOUT_COMMIT).genesis_delay(delay))
}

/// A run's work dir, new for each run of this process.
fn bench_dir() -> Result<PathBuf, CommandError> {
    let d = std::env::temp_dir().join(format!(
        "harness-bench-{}-{}",
        std::process::id(),
        Instant::now().elapsed().as_nanos()
    ));
    std::fs::create_dir_all(&d).map_err(CommandError::io(&d))?;
    Ok(d)
}

/// A base port with `count` free slots of 3 ports at stride 10.
fn free_base(count: u16) -> Result<u16, CommandError> {
    // Below Linux's ephemeral range (32768+), where outgoing connections take their ports.
    for base in (10000..32000u16).step_by(977) {
        let ok = (0..count).all(|i| {
            (0..3).all(|o| std::net::TcpListener::bind(("127.0.0.1", base.saturating_add(10 * i + o))).is_ok())
        });
        if ok {
            return Ok(base);
        }
    }
    Err(CommandError::NoFreePorts)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each refused before a network is built: a test that got past the guard would start one.
    #[test]
    fn no_runs_a_size_that_is_not_one_and_no_delay_are_refused_naming_the_flag() {
        let e = bench("2", BackendKind::Process, 0, "5s", None).expect_err("no runs");
        assert_eq!(e.to_string(), "--runs: at least 1");
        let e = bench("two", BackendKind::Process, 1, "5s", None).expect_err("not a size");
        assert!(e.to_string().starts_with("--sizes: invalid digit"), "{e}");
        let e = bench_spec(1, BackendKind::Process, "0s").expect_err("no delay");
        assert_eq!(e.to_string(), "--genesis-delay: must be positive");
        let e = bench("2", BackendKind::Process, 1, "5s", Some(Path::new("hosts.toml"))).expect_err("process on hosts");
        assert!(e.to_string().starts_with("--hosts: only the docker backend"), "{e}");
        let e =
            bench("2", BackendKind::Docker, 1, "5s", Some(Path::new("/nonexistent/hosts.toml"))).expect_err("no file");
        assert!(e.to_string().contains("/nonexistent/hosts.toml: cannot read"), "{e}");
    }
}
