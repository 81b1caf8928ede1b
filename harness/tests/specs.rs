//! The shipped testnet specs (harness/specs/): each parses, a bad one is refused through the
//! CLI in one line naming the file and key, and `harness up --spec` runs one end to end with a
//! scheduled kill whose evidence lands in the report.

use harness::faults::Fault;
use harness::spec::{Backend, TestnetSpec};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("specs").join(name)
}

#[test]
fn every_shipped_spec_parses_into_the_network_it_describes() {
    let three = TestnetSpec::from_toml_file(&shipped("three.toml")).unwrap();
    assert_eq!((three.validators.len(), three.backend, three.perturb.len()), (3, Backend::Process, 0));

    let faults = TestnetSpec::from_toml_file(&shipped("kill-and-partition.toml")).unwrap();
    assert!(faults.netns);
    let scheduled: Vec<(&str, Fault)> = faults.perturb.iter().map(|p| (p.node.as_str(), p.fault)).collect();
    assert_eq!(scheduled, [("val-3", Fault::Kill), ("val-2", Fault::Disconnect)]);

    let docker = TestnetSpec::from_toml_file(&shipped("docker-hosts.toml")).unwrap();
    assert_eq!(docker.backend, Backend::Docker);
    let engines: Vec<String> = docker.hosts().unwrap().iter().map(|h| h.engine.uri()).collect();
    assert_eq!(engines, ["unix:///run/docker.sock", "tcp://10.0.0.11:2375", "tcp://10.0.0.12:2375"]);

    let names: Vec<String> =
        std::fs::read_dir(shipped("")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    assert_eq!(names.len(), 3, "a spec shipped without a test: {names:?}");
}

fn harness(args: &[&str]) -> (bool, String) {
    let out = Command::new(testkit::binary("harness")).args(args).output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn up_refuses_a_bad_spec_in_one_line_naming_file_and_key_and_creates_nothing() {
    let dir = testkit::temp_dir("harness-specs");
    let work = dir.path().join("w");
    let w = work.to_str().unwrap();
    let spec = dir.path().join("testnet.toml");
    let s = spec.to_str().unwrap();
    let kill = |node: &str| format!("[[perturb]]\nnode = \"{node}\"\nfault = \"kill\"\nat_height = 3\nfor = \"2s\"\n");
    for (text, want) in [
        ("validators = 3\ncolour = \"blue\"\n".to_string(), format!("{s}: colour: line 2: unknown field `colour`")),
        (
            format!("validators = 4\n{}", kill("val-9")),
            format!("{s}: perturb[0].node: no validator \"val-9\" (val-0..val-3)"),
        ),
        ("validators = 0\n".into(), format!("{s}: validators: 0: at least 1")),
        ("genesis_delay = \"soon\"\n".into(), format!("{s}: genesis_delay: invalid duration \"soon\"")),
        (
            "validators = 4\nbase_port = 65530\n".into(),
            format!("{s}: base_port: 65530 + 10*(4-1) = 65560 is not a port"),
        ),
        (kill("val-0").replace("= 3", "= 0"), format!("{s}: perturb[0].at_height: 0: at least 1")),
        (
            "[[validator]]\nhost = { engine = \"tcp://m:2375\", address = \"10.0.0.1\" }\n".into(),
            format!("{s}: validator[0].host: only the docker backend"),
        ),
    ] {
        std::fs::write(&spec, &text).unwrap();
        let (ok, err) = harness(&["up", "--spec", s, "--work-dir", w]);
        assert!(!ok, "{text:?} was accepted");
        assert_eq!(err.lines().count(), 1, "{text:?}: one line, got {err}");
        assert!(err.starts_with(&format!("harness: error: {want}")), "{text:?}:\n got: {err}want: {want}");
        assert!(!work.exists(), "{text:?} created {}", work.display());
    }
    // A spec and the flags are two ways to write one network: not both.
    std::fs::write(&spec, "validators = 2\n").unwrap();
    let (ok, err) = harness(&["up", "--spec", s, "--validators", "3", "--work-dir", w]);
    assert!(!ok);
    assert!(
        err.lines().next().unwrap_or_default().contains("'--spec <testnet.toml>' cannot be used with '--validators"),
        "{err}"
    );
    assert!(!work.exists());
}

/// `harness up --spec harness/specs/three.toml` (on free ports, with a kill scheduled at
/// height 3): the network comes up, the kill happens at its height, the node heals, and the
/// report holds the fault's evidence; `harness down` stops it all.
#[test]
fn up_runs_a_shipped_spec_and_its_scheduled_kill() {
    let dir = testkit::temp_dir("harness-specs");
    let work = dir.path().join("w");
    let base = testkit::free_port_base(3, 10, 3);
    let text = std::fs::read_to_string(shipped("three.toml"))
        .unwrap()
        .replace("base_port = 36600", &format!("base_port = {base}"));
    assert!(text.contains(&format!("base_port = {base}")), "three.toml's base_port moved: {text}");
    let spec = dir.path().join("three.toml");
    std::fs::write(
        &spec,
        format!("{text}\n[[perturb]]\nnode = \"val-2\"\nfault = \"kill\"\nat_height = 3\nfor = \"2s\"\n"),
    )
    .unwrap();
    let log = dir.path().join("up.log");
    let out = std::fs::File::create(&log).unwrap();
    let mut up = Command::new(testkit::binary("harness"))
        .args(["up", "--spec"])
        .arg(&spec)
        .arg("--work-dir")
        .arg(&work)
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .unwrap();
    let report = work.join("report").join("report.json");
    let healed = testkit::wait_for(Duration::from_secs(300), "the scheduled kill's evidence in the report", || {
        if let Ok(Some(status)) = up.try_wait() {
            panic!("harness up exited: {status}\n{}", std::fs::read_to_string(&log).unwrap_or_default());
        }
        let said = std::fs::read_to_string(&log).unwrap_or_default();
        let r: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).ok()?).ok()?;
        let fault = r["faults"].as_array()?.iter().find(|f| f["node"] == "val-2")?.clone();
        said.contains("perturb (scheduled): kill val-2 at height 3").then_some((fault, said))
    });
    let (fault, said) = healed;
    let down = Command::new(testkit::binary("harness")).args(["down", "--work-dir"]).arg(&work).output().unwrap();
    let _ = up.wait();
    assert!(down.status.success(), "{}", String::from_utf8_lossy(&down.stderr));
    assert_eq!(fault["fault"], "kill", "{fault}");
    assert!(!fault["evidence"].as_str().unwrap_or_default().contains("did not heal"), "{fault}\n{said}");
}
