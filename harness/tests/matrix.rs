//! The ceremony across sizes, start orders and keyring backends: every acceptance check holds.

mod support;

use harness::checks::Checks;
use harness::project::KeyringBackend;
use harness::runbook::Quiet;
use rstest::rstest;
use std::time::Duration;

#[rstest]
fn the_runbook_produces_a_network_that_passes_every_check(
    #[values(3, 4, 5, 7)] n: usize,
    #[values(false, true)] coordinator_last: bool,
    #[values(KeyringBackend::Test, KeyringBackend::File)] keyring: KeyringBackend,
) {
    let mut t = support::testnet(support::spec(n).keyring_backend(keyring));
    if coordinator_last {
        // Operators do not start in index order: the coordinator's host comes up last.
        t.net.order = (1..n).chain([0]).collect();
    }
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    let blocks = checks.blocks(3, Duration::from_secs(120)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(blocks.hashes.len(), 3);
    checks.peers(Duration::from_secs(30)).unwrap_or_else(|e| panic!("{e}"));
    let v = checks.validators().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v.reported.len(), n);
    // The real ceremony's shape: participants with warm-key grants, no block before genesis_time.
    let p = checks.participants().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.participants, n);
    checks.ports().unwrap_or_else(|e| panic!("{e}"));
    let leaks = checks.no_leaks().unwrap_or_else(|e| panic!("{e}"));
    assert!(leaks.secrets >= 4 * n, "{leaks:?}");
    // Every file a host holds from another host went through the operator, with its sha256:
    // 7 per validator at the coordinator, 3 at each validator.
    let ledger = checks.ledger().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ledger.received, 10 * (n - 1), "{ledger}");
}
