//! Three validators from empty directories to a running chain, a kill of one of them, and the
//! acceptance checks: a test a chain developer can copy into their own repository.
//!
//! `cargo test -p harness --example three_validators` (or `cargo nextest run`) runs it as a
//! test; `cargo run -p harness --example three_validators` as a program that prints each node
//! and the report.
//!
//! It runs `genesis-runner`, the chain binary and `tmkms` as `harness::binaries::Binaries`
//! finds them: `GENESIS_RUNNER_BIN`, `CHAIN_BINARY` and `TMKMS_BIN` when set (point
//! `CHAIN_BINARY` at your own daemon), else the ones in this cargo target dir.
//! `HARNESS_BASE_PORT` moves the ports off 32100.

use harness::faults::Fault;
use harness::spec::TestnetSpec;
use harness::Testnet;
use std::error::Error;
use std::time::Duration;

/// Below Linux's ephemeral range (32768 and up), where an outgoing connection could take one of
/// the nodes' ports between the check and the bind.
const BASE_PORT: u16 = 32100;

/// The height every node must reach, after the kill, for the checks to pass.
const HEIGHT: u64 = 3;

fn three_validators() -> Result<(), Box<dyn Error>> {
    let base = match std::env::var("HARNESS_BASE_PORT") {
        Ok(v) => v.parse().map_err(|e| format!("HARNESS_BASE_PORT: {v:?}: {e}"))?,
        Err(_) => BASE_PORT,
    };
    let spec = TestnetSpec::validators(3)
        .base_port(base)
        .timeout_commit(Duration::from_millis(200))
        .genesis_delay(Duration::from_secs(2));
    // Every node has committed block 1 when `start` returns.
    let net = Testnet::from_spec(spec)?.start()?;
    for node in net.nodes() {
        println!("{} rpc {}", node.name, node.rpc_url);
    }
    // Returns once the killed node is back and has caught up with the others.
    let evidence = net.perturb("val-2", Fault::Kill, Duration::from_secs(2))?;
    println!("{evidence}");
    let report = net.checks()?.report(HEIGHT, Duration::from_secs(60));
    println!("{report}");
    if !report.passed() {
        let failed: Vec<&str> = report.failures().iter().map(|e| e.check).collect();
        return Err(format!("checks failed: {}", failed.join(", ")).into());
    }
    let checks = net.checks()?;
    for node in net.nodes() {
        let height = checks.height(node.index).ok_or_else(|| format!("{}: no height", node.name))?;
        if height < HEIGHT {
            return Err(format!("{} at height {height}, below {HEIGHT}", node.name).into());
        }
    }
    net.stop();
    println!("OK");
    Ok(())
}

// A test target (`test = true` in Cargo.toml) runs the #[test] below, not `main`.
#[cfg_attr(test, allow(dead_code))]
fn main() -> Result<(), Box<dyn Error>> {
    three_validators()
}

#[test]
fn three_validators_commit_survive_a_kill_and_pass_every_check() -> Result<(), Box<dyn Error>> {
    three_validators()
}
