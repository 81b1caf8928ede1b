//! Each image alone, started by testcontainers: what an operator can check of an image before
//! any ceremony. The compose projects stay the product's own path (tests/docker.rs); these
//! pin down the images themselves — the node image's runner and chain binary, its `verify`
//! over real ceremony files mounted read-only, and the tmkms image dialling a node's privval
//! port and serving the key it made.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use ed25519_dalek::SigningKey;
use testcontainers::core::wait::ExitWaitStrategy;
use testcontainers::core::{AccessMode, Host, Mount, WaitFor};
use testcontainers::runners::SyncRunner;
use testcontainers::{Container, GenericImage, ImageExt};

/// The image the nextest setup script built (`NODE_IMAGE`/`TMKMS_IMAGE`), or the one
/// `docker/build-images.sh` builds or finds; `None` (a visible skip) without Docker.
fn image(test: &str, pick: fn(&harness::docker::images::Images) -> &String) -> Option<GenericImage> {
    if !support::docker_or_skip(test) {
        return None;
    }
    let engine = harness::docker::engine::Engine::connect().unwrap_or_else(|e| panic!("{e}"));
    let images = harness::docker::images::ensure(&engine).unwrap_or_else(|e| panic!("{e}"));
    let reference = pick(&images);
    let (name, tag) = reference.rsplit_once(':').unwrap_or_else(|| panic!("{reference} has no tag"));
    Some(GenericImage::new(name, tag))
}

/// Runs the image to its end; its exit code and its stdout and stderr.
fn run_to_end(c: Container<GenericImage>) -> (i64, String, String) {
    let id = c.id().to_string();
    let engine = harness::docker::engine::Engine::connect().unwrap_or_else(|e| panic!("{e}"));
    let code = engine.inspect(&id).ok().and_then(|i| i.state).and_then(|s| s.exit_code).expect("an exit code");
    let out = String::from_utf8_lossy(&c.stdout_to_vec().expect("stdout")).into_owned();
    let err = String::from_utf8_lossy(&c.stderr_to_vec().expect("stderr")).into_owned();
    (code, out, err)
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/gonka-mainnet").canonicalize().expect("fixtures")
}

fn until_exit() -> WaitFor {
    WaitFor::exit(ExitWaitStrategy::new())
}

#[test]
fn node_image_alone_runs_the_runner_and_the_chain_binary_under_its_real_name() {
    let Some(node) = image("images::node_help", |i| &i.node) else { return };
    let c = node.clone().with_wait_for(until_exit()).with_cmd(["--help"]).start().expect("node image starts");
    let (code, out, err) = run_to_end(c);
    assert_eq!(code, 0, "genesis-runner --help: {out}{err}");
    for stage in ["keygen", "intermediate_genesis", "gentx", "start", "restart"] {
        assert!(out.contains(stage), "help names the stage {stage}: {out}");
    }
    // The stand-in answers as `inferenced`, the name CHAIN_BINARY has in production.
    let c = node
        .with_entrypoint("/usr/local/bin/inferenced")
        .with_wait_for(until_exit())
        .with_cmd(["--help"])
        .start()
        .expect("inferenced in the node image");
    let (code, out, err) = run_to_end(c);
    assert_eq!(code, 0, "inferenced --help: {out}{err}");
    assert!(out.contains("genesis") && out.contains("tendermint"), "the chain CLI's commands: {out}");
}

#[test]
fn node_image_verifies_the_mainnet_ceremony_files_mounted_read_only_and_refuses_a_tampered_one() {
    let Some(node) = image("images::verify", |i| &i.node) else { return };
    let verify = |dir: &Path| {
        let mount = Mount::bind_mount(dir.display().to_string(), "/ceremony").with_access_mode(AccessMode::ReadOnly);
        let c = node
            .clone()
            .with_wait_for(until_exit())
            .with_mount(mount)
            .with_cmd(["verify", "--chain-id", "gonka-mainnet", "/ceremony"])
            .start()
            .expect("node image starts");
        run_to_end(c)
    };
    let (code, out, err) = verify(&fixtures());
    assert_eq!(code, 0, "verify of the real files: {out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 7, "one line per file: {out}");
    assert!(lines.iter().all(|l| l.starts_with("OK ")), "{out}");
    assert!(out.contains("genesis of gonka-mainnet: 55 accounts"), "{out}");

    // One byte of a gentx changed: the image refuses it, exit 3, naming the file.
    let copy = testkit::temp_dir("images-verify");
    copy_tree(&fixtures(), copy.path());
    let gentx = std::fs::read_dir(copy.path().join("validators/gonka-2"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("gentx"))
        .expect("gonka-2's gentx");
    let text = std::fs::read_to_string(&gentx).unwrap();
    std::fs::write(&gentx, text.replace("\"amount\":\"1\"", "\"amount\":\"2\"")).unwrap();
    let (code, out, err) = verify(copy.path());
    assert_eq!(code, 3, "a tampered gentx: {out}{err}");
    let name = gentx.file_name().unwrap().to_string_lossy().into_owned();
    let line = out.lines().find(|l| l.contains(&name)).unwrap_or_else(|| panic!("{name} is named: {out}"));
    assert!(line.starts_with("FAIL ") && line.contains("signature does not verify"), "{out}");
}

#[test]
fn tmkms_image_alone_dials_a_node_and_serves_the_key_it_made() {
    let Some(tmkms) = image("images::tmkms", |i| &i.tmkms) else { return };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    // The node's side of privval, in this test: bound on every address, so the container
    // reaches it at host.docker.internal as a project's tmkms reaches its node.
    let chain = tendermint::chain::Id::try_from("gonka-mainnet").unwrap();
    let node_key = SigningKey::from_bytes(&[9; 32]);
    let signer = runtime
        .block_on(privval::RemoteSigner::listen("tcp://0.0.0.0:0", node_key, chain, Duration::from_secs(5)))
        .expect("privval listener");
    let port = signer.local_addr().port();
    let home = testkit::temp_dir("images-tmkms");
    let _kms = tmkms
        .with_wait_for(WaitFor::Nothing)
        .with_host("host.docker.internal", Host::HostGateway)
        .with_mount(Mount::bind_mount(home.path().display().to_string(), "/root/.tmkms"))
        .with_env_var("GENESIS_INDEX", "0")
        .with_env_var("KEY_NAME", "val-0")
        .with_env_var("CHAIN_ID", "gonka-mainnet")
        .with_env_var("TMKMS_BASE", port.to_string())
        .with_env_var("TMKMS_HOME", "/root/.tmkms")
        .with_env_var("TMKMS_NODE_HOST", "host.docker.internal")
        .with_env_var("ARTIFACTS_DIR", "/root/artifacts")
        .start()
        .expect("tmkms image starts");
    let served =
        runtime.block_on(signer.pub_key_within(Duration::from_secs(60))).expect("tmkms connected and answered");
    // The key it serves is the one it made in its own home, which never left the container's
    // bind mount.
    let made = testkit::TmkmsHome { dir: home.path().to_path_buf() }.consensus_seed();
    let want = SigningKey::from_bytes(&made).verifying_key();
    assert_eq!(served.to_bytes(), want.as_bytes().to_vec(), "tmkms serves the consensus key of its home");
}

/// `docker stop --time 10` of a running container; how long it took, its exit code and its
/// logs.
fn docker_stop(c: &Container<GenericImage>) -> (Duration, i64, String) {
    let id = c.id().to_string();
    let t0 = std::time::Instant::now();
    let out = std::process::Command::new("docker").args(["stop", "--time", "10", &id]).output().expect("docker stop");
    let took = t0.elapsed();
    assert!(out.status.success(), "docker stop: {}", String::from_utf8_lossy(&out.stderr));
    let engine = harness::docker::engine::Engine::connect().unwrap_or_else(|e| panic!("{e}"));
    let code = engine.inspect(&id).ok().and_then(|i| i.state).and_then(|s| s.exit_code).expect("an exit code");
    let logs = String::from_utf8_lossy(&engine.logs(&id).unwrap_or_default()).into_owned();
    (took, code, logs)
}

/// Without an init (`docker run` without `--init`; testcontainers adds none) genesis-runner is
/// the container's PID 1: `docker stop`'s SIGTERM must stop what runs in it and the container
/// must exit by itself, before the engine's SIGKILL at 10 s (exit 137).
#[test]
fn docker_stop_of_a_tmkms_container_without_init_exits_by_itself_within_the_stop_timeout() {
    let Some(tmkms) = image("images::stop_tmkms", |i| &i.tmkms) else { return };
    let home = testkit::temp_dir("images-stop-tmkms");
    // Nothing listens at the privval port inside the container: tmkms dials again and again
    // (and logs it on stdout).
    let c = tmkms
        .with_wait_for(WaitFor::message_on_stdout("KMS node ID"))
        .with_mount(Mount::bind_mount(home.path().display().to_string(), "/root/.tmkms"))
        .with_env_var("GENESIS_INDEX", "0")
        .with_env_var("KEY_NAME", "val-0")
        .with_env_var("CHAIN_ID", "gonka-mainnet")
        .with_env_var("TMKMS_BASE", "26658")
        .with_env_var("TMKMS_HOME", "/root/.tmkms")
        .with_env_var("TMKMS_NODE_HOST", "127.0.0.1")
        .with_env_var("ARTIFACTS_DIR", "/root/artifacts")
        .start()
        .expect("tmkms image starts");
    let (took, code, logs) = docker_stop(&c);
    assert_ne!(code, 137, "killed by the engine after {took:?}:\n{logs}");
    assert!(took < Duration::from_secs(10), "docker stop took {took:?}:\n{logs}");
    assert!(logs.contains("stopping: signal forwarded"), "{logs}");
}

#[test]
fn docker_stop_of_a_node_container_without_init_in_a_stage_exits_by_itself_within_the_stop_timeout() {
    let Some(node) = image("images::stop_node", |i| &i.node) else { return };
    // keygen waits (TMKMS_TIMEOUT, 120 s here) for a tmkms that never comes.
    let c = node
        .with_wait_for(WaitFor::message_on_stderr("waiting for tmkms to dial in"))
        .with_env_var("GENESIS_RUN_STAGE", "keygen")
        .with_env_var("GENESIS_INDEX", "0")
        .with_env_var("KEY_NAME", "val-0")
        .with_env_var("CHAIN_ID", "gonka-mainnet")
        .with_env_var("NODE_HOME", "/root/.inference")
        .with_env_var("KEYRING_HOME", "/root/.keyring")
        .with_env_var("ARTIFACTS_DIR", "/root/artifacts")
        .with_env_var("TMKMS_TIMEOUT", "120s")
        .with_env_var("P2P_EXTERNAL_ADDRESS", "tcp://127.0.0.1:26656")
        .start()
        .expect("node image starts");
    let (took, code, logs) = docker_stop(&c);
    assert_ne!(code, 137, "killed by the engine after {took:?}:\n{logs}");
    assert!(took < Duration::from_secs(10), "docker stop took {took:?}:\n{logs}");
    assert!(logs.contains("stopping: signal forwarded"), "{logs}");
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dst = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), dst).unwrap();
        }
    }
}
