//! A skip is visible: listed in the skipped-tests file outside CI, a failure under `CI=true`.
//! Each case runs the probe below in a child test process with its own environment.

use std::process::Command;

/// Not run by itself: the cases below run it in a child process.
#[test]
#[ignore = "run by the skip tests in a child process"]
fn probe_that_cannot_run_here() {
    testkit::skip("probe_that_cannot_run_here", "the probe never can");
}

fn run_probe(ci: Option<&str>, list: &std::path::Path) -> std::process::Output {
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.args(["--ignored", "--exact", "probe_that_cannot_run_here", "--nocapture"]).env("SKIPPED_TESTS_FILE", list);
    match ci {
        Some(v) => c.env("CI", v),
        None => c.env_remove("CI"),
    };
    c.output().unwrap()
}

#[test]
fn outside_ci_a_skip_passes_says_why_and_is_listed() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("skipped.txt");
    let out = run_probe(None, &list);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("SKIPPED probe_that_cannot_run_here: the probe never can"));
    assert_eq!(std::fs::read_to_string(&list).unwrap(), "probe_that_cannot_run_here: the probe never can\n");
    // A second skip adds a line; nothing is overwritten.
    assert!(run_probe(Some("false"), &list).status.success());
    assert_eq!(std::fs::read_to_string(&list).unwrap().lines().count(), 2);
}

#[test]
fn under_ci_true_a_skip_fails_the_test() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("skipped.txt");
    let out = run_probe(Some("true"), &list);
    assert!(!out.status.success(), "a skip under CI=true passed: {out:?}");
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("CI=true and probe_that_cannot_run_here cannot run: the probe never can"), "{text}");
    assert!(!list.exists(), "a failed skip is not listed as a skip");
}
