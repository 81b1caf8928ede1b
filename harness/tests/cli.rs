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
        // humantime's forms, which the runner's GENESIS_DELAY cannot read.
        (vec!["up", "--validators", "2", "--work-dir", w, "--genesis-delay", "1 hour"], "--genesis-delay"),
        (vec!["up", "--validators", "2", "--work-dir", w, "--genesis-delay", "2days"], "--genesis-delay"),
        // The runner refuses a zero delay; the node a negative timeout.
        (vec!["up", "--validators", "2", "--work-dir", w, "--genesis-delay", "0s"], "--genesis-delay"),
        (vec!["up", "--validators", "2", "--work-dir", w, "--timeout-commit=-1s"], "--timeout-commit"),
    ] {
        let (ok, err) = harness(&args);
        assert!(!ok, "{args:?} succeeded");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line, got {err}");
        assert!(err.starts_with(&format!("harness: error: {flag}: ")), "{args:?}: {err}");
        assert!(!work.exists(), "{args:?} created {}", work.display());
    }
}

#[test]
fn go_durations_pass_the_duration_check_and_other_flags_parse_them_too() {
    let dir = testkit::temp_dir("harness-cli");
    let work = dir.path().join("w");
    let w = work.to_str().unwrap();
    // `1h` and `1m30s` get past the timing check to the next one (`--hosts` without docker).
    let (ok, err) = harness(&[
        "up",
        "--validators",
        "1",
        "--work-dir",
        w,
        "--genesis-delay",
        "1h",
        "--timeout-commit",
        "1m30s",
        "--hosts",
        "h",
    ]);
    assert!(!ok && err.starts_with("harness: error: --hosts: "), "{err}");
    // clap's own refusal for the flags parsed at the command line.
    for (args, flag) in [
        (vec!["perturb", "val-1", "kill", "--work-dir", w, "--for", "1 hour"], "--for"),
        (vec!["down", "--work-dir", w, "--grace", "2days"], "--grace"),
    ] {
        let (ok, err) = harness(&args);
        assert!(!ok, "{args:?} succeeded");
        assert!(err.contains(flag) && err.contains("unknown unit"), "{args:?}: {err}");
    }
    assert!(!work.exists());
}

#[test]
fn a_hosts_file_that_cannot_place_every_validator_is_refused_naming_the_file_and_nothing_is_created() {
    let dir = testkit::temp_dir("harness-cli");
    let work = dir.path().join("w");
    let w = work.to_str().unwrap();
    let hosts = dir.path().join("hosts.toml");
    let h = hosts.to_str().unwrap();
    std::fs::write(&hosts, "[[host]]\nengine = \"unix:///run/m0.sock\"\naddress = \"10.0.0.10\"\n").unwrap();
    for (args, want) in [
        // One machine for two validators.
        (
            vec!["up", "--backend", "docker", "--validators", "2", "--work-dir", w, "--hosts", h],
            format!("harness: error: hosts file {h}: 1 [[host]] tables for 2 validators"),
        ),
        (
            vec![
                "up",
                "--backend",
                "docker",
                "--validators",
                "1",
                "--work-dir",
                w,
                "--hosts",
                "/nonexistent/hosts.toml",
            ],
            "harness: error: hosts file /nonexistent/hosts.toml: cannot read".into(),
        ),
        (
            vec!["up", "--validators", "1", "--work-dir", w, "--hosts", h],
            "harness: error: --hosts: only the docker backend".into(),
        ),
        (
            vec!["up", "--backend", "docker", "--validators", "1", "--work-dir", w, "--netns"],
            "harness: error: --netns: ".into(),
        ),
    ] {
        let (ok, err) = harness(&args);
        assert!(!ok, "{args:?} succeeded");
        assert_eq!(err.lines().count(), 1, "{args:?}: one line, got {err}");
        assert!(err.starts_with(&want), "{args:?}: {err}");
        assert!(!work.exists(), "{args:?} created {}", work.display());
    }
}
