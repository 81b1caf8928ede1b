//! Three validators from empty directories to a running chain, a kill of one of them, and the
//! acceptance checks: a test a chain developer can copy into their own repository.
//!
//! `cargo run -p harness --example three_validators` (needs `genesis-runner`, the node binary
//! and `tmkms` as the harness finds them; `HARNESS_BASE_PORT` moves the ports off 36900).

use harness::faults::Fault;
use harness::spec::TestnetSpec;
use harness::Testnet;
use std::time::Duration;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = match std::env::var("HARNESS_BASE_PORT") {
        Ok(v) => v.parse().map_err(|e| format!("HARNESS_BASE_PORT: {v:?}: {e}"))?,
        Err(_) => 36900,
    };
    let spec = TestnetSpec::validators(3)
        .base_port(base)
        .timeout_commit(Duration::from_millis(200))
        .genesis_delay(Duration::from_secs(2));
    let net = Testnet::from_spec(spec)?.start()?;
    for node in net.nodes() {
        println!("{} rpc {}", node.name, node.rpc_url);
    }
    let evidence = net.perturb("val-2", Fault::Kill, Duration::from_secs(2))?;
    println!("{evidence}");
    let report = net.checks()?.report(3, Duration::from_secs(60));
    println!("{report}");
    if !report.passed() {
        return Err("checks failed".into());
    }
    net.stop();
    println!("OK");
    Ok(())
}
