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

/// Each operator picks their own keyring: a spec's `[[validator]] keyring_backend` reaches that
/// host alone (its runner gets `KEYRING_BACKEND=file` and a passphrase; the others keep the
/// spec's `test`), and every check holds with the keyrings mixed.
#[test]
fn a_validator_with_its_own_keyring_backend_keeps_its_key_there() {
    let spec = support::spec(3).validator_keyring(1, KeyringBackend::File);
    let t = support::testnet(spec);
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let kinds: Vec<(bool, bool)> = t
        .projects
        .iter()
        .map(|p| (p.keyring_home().join("keyring-test").is_dir(), p.keyring_home().join("keyring-file").is_dir()))
        .collect();
    assert_eq!(kinds, [(true, false), (false, true), (true, false)], "(keyring-test, keyring-file) per host");
    let checks = Checks::new(&t).unwrap();
    checks.blocks(3, Duration::from_secs(120)).unwrap_or_else(|e| panic!("{e}"));
    checks.participants().unwrap_or_else(|e| panic!("{e}"));
    // The leak audit looks for val-1's passphrase too (and finds it nowhere it should not be).
    checks.no_leaks().unwrap_or_else(|e| panic!("{e}"));
}
