//! What an operator types at `harness`: a bad value is refused in one line naming the flag,
//! before anything is created or started.

use std::process::Command;

fn harness(args: &[&str]) -> (bool, String) {
    let out = Command::new(testkit::binary("harness")).args(args).output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_duration_that_is_not_one_is_refused_naming_its_flag_and_nothing_is_created() {
    let dir = testkit::temp_dir("harness-cli");
    let work = dir.path().join("w");
    let w = work.to_str().unwrap();
    for (args, flag) in [
        (vec!["up", "--validators", "2", "--work-dir", w, "--genesis-delay", "soon"], "--genesis-delay"),
        (vec!["up", "--validators", "2", "--work-dir", w, "--timeout-commit", "1 parsec"], "--timeout-commit"),
        (vec!["bench", "--sizes", "2", "--runs", "1", "--genesis-delay", "5 fortnights"], "--genesis-delay"),
    ] {
        let (ok, err) = harness(&args);
        assert!(!ok, "{args:?} succeeded");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line, got {err}");
        assert!(err.starts_with(&format!("harness: error: {flag}: ")), "{args:?}: {err}");
        assert!(!work.exists(), "{args:?} created {}", work.display());
    }
}
