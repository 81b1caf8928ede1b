//! Every test network is a [`TestnetSpec`] ([`spec`], [`docker_spec`], changed with its
//! builder) made into a network by `harness::testnet::assemble`, as `harness up` makes its own:
//! on the process backend with the binaries testkit builds, on the docker backend with the
//! images built or found, with ports free for this test.
#![allow(dead_code)]

pub mod engines;

use harness::binaries::Binaries;
use harness::docker::DockerBackend;
use harness::project::{KeyringBackend, PortPlan};
use harness::runbook::{Network, Quiet};
use harness::spec::{Backend, TestnetSpec};
use std::sync::Arc;
use std::time::Duration;

pub struct TestNet {
    pub net: Network,
    /// The docker backend's own handle (audits, kill) when the network runs in containers.
    pub docker: Option<Arc<DockerBackend>>,
    dir: Option<tempfile::TempDir>,
    /// Set by a runner that catches a failure without panicking (cucumber's failed steps).
    failed: bool,
    /// The machines the network runs on, when they are the test's own: the last field, so
    /// they go after everything that runs on them.
    pub engines: Option<engines::Engines>,
}

impl TestNet {
    fn new(net: Network, docker: Option<Arc<DockerBackend>>, dir: tempfile::TempDir) -> TestNet {
        // The test's own name (libtest names the thread after it) titles the run report.
        let title = std::thread::current().name().unwrap_or("harness test").to_string();
        // Several networks run at once under nextest on two cores; with every test network
        // sampled (two RPCs per node every 500 ms, plus /proc), 7-node networks stalled in CI.
        // A test's report then has stages, ledger, block times, faults and checks; the tests
        // that read heights or memory turn sampling on.
        let mut net = net.titled(&title);
        net.sample_every(None);
        TestNet { net, docker, dir: Some(dir), failed: false, engines: None }
    }

    /// The test failed (though nothing panicked): keep the project dirs and say where the
    /// report is, as a panicking test does.
    pub fn failed(&mut self, title: &str) {
        self.net.recorder.set_title(title);
        self.failed = true;
    }
}

impl std::ops::Deref for TestNet {
    type Target = Network;
    fn deref(&self) -> &Network {
        &self.net
    }
}

impl std::ops::DerefMut for TestNet {
    fn deref_mut(&mut self) -> &mut Network {
        &mut self.net
    }
}

impl Drop for TestNet {
    fn drop(&mut self) {
        // Every test's run writes its report (while the nodes still answer for block times).
        let report = self.net.write_report(None);
        self.net.stop_all();
        // A failed test leaves its report and every project's homes, artifacts and logs.
        if std::thread::panicking() || self.failed {
            match report {
                Ok(html) => eprintln!("run report: {}", html.display()),
                Err(e) => eprintln!("run report not written: {e}"),
            }
            if let Some(d) = self.dir.take() {
                eprintln!("project dirs kept at {}", d.keep().display());
            }
        }
    }
}

/// timeout_commit of the tests' process networks: short, so the checks' heights come fast.
pub const PROCESS_TIMEOUT_COMMIT: Duration = Duration::from_millis(100);
/// The docker networks': containers start and answer slower than processes.
pub const DOCKER_TIMEOUT_COMMIT: Duration = Duration::from_millis(200);

/// Every test network's spec: `n` validators on the process backend, P2P/RPC/TMKMS at
/// `base + 10 i` (+1, +2) with a base free for this test, timeout_commit 100 ms. Tests change
/// what they vary with the spec's builder (`spec(4).keyring_backend(..)`, `.backend(..)`).
pub fn spec(n: usize) -> TestnetSpec {
    spec_on(n, PortPlan::from_base(testkit::free_port_base(n as u16, 10, 3)))
}

/// [`spec`] at ports the test chose.
pub fn spec_on(n: usize, ports: PortPlan) -> TestnetSpec {
    TestnetSpec::validators(n).ports(ports).timeout_commit(PROCESS_TIMEOUT_COMMIT)
}

/// [`spec`] on the docker backend (timeout_commit 200 ms).
pub fn docker_spec(n: usize) -> TestnetSpec {
    spec(n).backend(Backend::Docker).timeout_commit(DOCKER_TIMEOUT_COMMIT)
}

/// The programs of this workspace, built by testkit (one cargo build per test process).
fn binaries() -> Result<Binaries, harness::HarnessError> {
    Ok(Binaries {
        runner: testkit::binary("genesis-runner"),
        chain: testkit::binary("simchaind"),
        tmkms: testkit::binary("tmkms"),
    })
}

/// The network `spec` describes in a fresh temp dir, not yet started (the test runs the
/// runbook, or part of it). Panics naming the spec's or the backend's error.
pub fn testnet(spec: TestnetSpec) -> TestNet {
    let dir = testkit::temp_dir(match (spec.backend, spec.netns) {
        (Backend::Docker, _) => "harness-docker",
        (Backend::Process, true) => "harness-netns",
        (Backend::Process, false) => "harness",
    });
    let a = harness::testnet::assemble(&spec, dir.path(), binaries).unwrap_or_else(|e| panic!("{e}"));
    TestNet::new(a.net, a.docker, dir)
}

/// [`testnet`], brought up by the whole runbook.
pub fn start(spec: TestnetSpec) -> TestNet {
    let t = testnet(spec);
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    t
}

/// [`testnet`] when this machine can run `spec` (docker: an engine; netns: root); `None` is a
/// visible skip, and under `CI=true` a failure.
pub fn testnet_or_skip(test: &str, spec: TestnetSpec) -> Option<TestNet> {
    if spec.backend == Backend::Docker && !docker_or_skip(test) {
        return None;
    }
    if spec.netns && !root_or_skip(test, "separate network namespaces need root") {
        return None;
    }
    Some(testnet(spec))
}

/// [`spec`] with `keyring`, not yet started.
pub fn network(n: usize, keyring: KeyringBackend) -> TestNet {
    testnet(spec(n).keyring_backend(keyring))
}

/// [`spec_on`] with `keyring`, not yet started.
pub fn network_on(n: usize, keyring: KeyringBackend, ports: PortPlan) -> TestNet {
    testnet(spec_on(n, ports).keyring_backend(keyring))
}

/// Whether the docker tests can run. Under `CI=true` a missing engine fails the test (CI
/// must not go green by skipping); elsewhere the test skips and says so.
pub fn docker_or_skip(test: &str) -> bool {
    match harness::docker::available() {
        Ok(_) => true,
        Err(e) => {
            testkit::skip(test, &format!("Docker is unusable: {e}"));
            false
        }
    }
}

/// N validators, each on a Docker engine of its own in a network namespace of its own
/// ([`engines::Engines`], in `TestNet::engines`), placed there by the `hosts.toml` an operator
/// would write. `None` (a visible skip) without Docker or root; under `CI=true` that fails, as
/// does an engine that cannot start, anywhere.
pub fn docker_network_on_engines(test: &str, n: usize) -> Option<TestNet> {
    docker_network_on(test, n, true)
}

/// [`docker_network_on_engines`] with every machine marked as sharing nothing with the harness
/// (`local = false` in `hosts.toml`): each validator's homes are named volumes on its own
/// engine, and files reach them only through that engine's API.
pub fn docker_network_sharing_nothing(test: &str, n: usize) -> Option<TestNet> {
    docker_network_on(test, n, false)
}

fn docker_network_on(test: &str, n: usize, local: bool) -> Option<TestNet> {
    if !docker_or_skip(test) {
        return None;
    }
    if !root_or_skip(test, "engines in network namespaces need root") {
        return None;
    }
    let engines = engines::Engines::start(n).unwrap_or_else(|why| panic!("{test}: the engines did not start: {why}"));
    Some(placed_on(engines, n, Some(local)))
}

/// [`docker_network_on_engines`] with each machine reached only over ssh
/// ([`engines::Engines::start_over_ssh`]: `ssh://root@<address>`). Without sshd, a visible skip
/// (under `CI=true` a failure). Call it first in the test: it sets the process's PATH.
pub fn docker_network_over_ssh(test: &str, n: usize) -> Option<TestNet> {
    let engines = engines_over_ssh_or_skip(test, n)?;
    Some(placed_on(engines, n, None))
}

/// The machines of [`docker_network_over_ssh`] alone, for a test that places nothing on them
/// yet; `None` is a visible skip (under `CI=true` a failure).
pub fn engines_over_ssh_or_skip(test: &str, n: usize) -> Option<engines::Engines> {
    if !docker_or_skip(test) || !root_or_skip(test, "engines and sshds in network namespaces need root") {
        return None;
    }
    if !std::path::Path::new("/usr/sbin/sshd").is_file() {
        testkit::skip(test, "/usr/sbin/sshd is missing (apt install openssh-server)");
        return None;
    }
    Some(engines::Engines::start_over_ssh(n).unwrap_or_else(|why| panic!("{test}: the machines did not start: {why}")))
}

/// A docker network of `n` validators placed by the `hosts.toml` of `engines`, which it keeps;
/// `local` overrides what the file says of every host.
fn placed_on(engines: engines::Engines, n: usize, local: Option<bool>) -> TestNet {
    let mut hosts = harness::docker::hosts::read(&engines.hosts_file, n).unwrap_or_else(|e| panic!("{e}"));
    if let Some(local) = local {
        for h in &mut hosts {
            h.local = local;
        }
    }
    let spec = hosts.into_iter().enumerate().fold(docker_spec(n), |s, (i, h)| s.host(i, h));
    let mut t = testnet(spec);
    t.engines = Some(engines);
    t
}

/// [`docker_network_on_engines`] with each engine reached at `tcp://<its address>:2376` with
/// mutual TLS (`cert_path` in `hosts.toml`; [`engines::Engines::start_tls`]), sharing nothing
/// else with the harness (homes in named volumes, as a tcp:// host has by default). Also a
/// visible skip without `openssl` (under `CI=true` a failure).
pub fn docker_network_on_tls_engines(test: &str, n: usize) -> Option<TestNet> {
    let engines = tls_engines_or_skip(test, n)?;
    Some(placed_on(engines, n, None))
}

/// The machines of [`docker_network_on_tls_engines`] alone (no network on them); `None` is a
/// visible skip as there.
pub fn tls_engines_or_skip(test: &str, n: usize) -> Option<engines::Engines> {
    if !openssl_or_skip(test) || !docker_or_skip(test) {
        return None;
    }
    if !root_or_skip(test, "engines in network namespaces need root") {
        return None;
    }
    Some(engines::Engines::start_tls(n).unwrap_or_else(|why| panic!("{test}: the engines did not start: {why}")))
}

/// Whether `openssl` runs (the TLS engines' certificates are made with it); if not, the test
/// skips saying why (under `CI=true` it fails).
pub fn openssl_or_skip(test: &str) -> bool {
    match std::process::Command::new("openssl").arg("version").output() {
        Ok(out) if out.status.success() => true,
        Ok(out) => {
            testkit::skip(test, &format!("openssl version: {}", String::from_utf8_lossy(&out.stderr).trim()));
            false
        }
        Err(e) => {
            testkit::skip(test, &format!("no openssl to make the TLS engines' certificates (ci/install.sh): {e}"));
            false
        }
    }
}

/// Whether we are root; if not, the test skips saying `why` (under `CI=true` it fails).
pub fn root_or_skip(test: &str, why: &str) -> bool {
    if nix::unistd::Uid::effective().is_root() {
        return true;
    }
    testkit::skip(test, why);
    false
}

/// Every validator's homes are on its own machine (volumes there), none under the work dir.
pub fn assert_homes_elsewhere(t: &TestNet, docker: &DockerBackend) {
    use harness::backend::Backend;
    for p in &t.projects {
        assert!(!docker.homes_local(p), "{}", p.name);
        for home in ["node-home", "keyring", "tmkms", "secrets"] {
            assert!(!p.root.join(home).exists(), "{}: {home} under the work dir", p.name);
        }
    }
}
