//! One helper for each repeated setup: a network of N projects on the process backend (binaries
//! found or built by testkit) or on the docker backend (images built or found), with ports
//! free for this test.
#![allow(dead_code)]

pub mod engines;

use harness::backend::ProcessBackend;
use harness::binaries::Binaries;
use harness::docker::DockerBackend;
use harness::project::{KeyringBackend, PortPlan};
use harness::runbook::Network;
use std::sync::Arc;

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

pub fn network(n: usize, keyring: KeyringBackend) -> TestNet {
    let base = testkit::free_port_base(n as u16, 10, 3);
    network_on(n, keyring, PortPlan::from_base(base))
}

pub fn network_on(n: usize, keyring: KeyringBackend, ports: PortPlan) -> TestNet {
    let dir = testkit::temp_dir("harness");
    let bins = Binaries {
        runner: testkit::binary("genesis-runner"),
        chain: testkit::binary("simchaind"),
        tmkms: testkit::binary("tmkms"),
    };
    let backend = Arc::new(ProcessBackend::new(bins, keyring, "100ms").expect("process backend"));
    TestNet::new(Network::new(dir.path(), n, ports, backend), None, dir)
}

/// N validators on the process backend, each host in a network namespace of its own (a
/// partition is then a real one). Needs root: elsewhere the test skips and says so, and under
/// `CI=true` it fails.
pub fn isolated_network(test: &str, n: usize) -> Option<TestNet> {
    if !root_or_skip(test, "separate network namespaces need root") {
        return None;
    }
    let dir = testkit::temp_dir("harness-netns");
    let bins = Binaries {
        runner: testkit::binary("genesis-runner"),
        chain: testkit::binary("simchaind"),
        tmkms: testkit::binary("tmkms"),
    };
    let backend = ProcessBackend::isolated(bins, KeyringBackend::Test, "100ms", n).unwrap_or_else(|e| panic!("{e}"));
    let base = testkit::free_port_base(n as u16, 10, 3);
    Some(TestNet::new(Network::new(dir.path(), n, PortPlan::from_base(base), Arc::new(backend)), None, dir))
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

/// N validators, each its own compose project; `None` (a visible skip) without Docker.
pub fn docker_network(test: &str, n: usize, keyring: KeyringBackend) -> Option<TestNet> {
    if !docker_or_skip(test) {
        return None;
    }
    let dir = testkit::temp_dir("harness-docker");
    let docker = Arc::new(DockerBackend::new(keyring, "200ms").unwrap_or_else(|e| panic!("{e}")));
    let base = testkit::free_port_base(n as u16, 10, 3);
    let net = Network::new(dir.path(), n, PortPlan::from_base(base), docker.clone());
    Some(TestNet::new(net, Some(docker), dir))
}

/// N validators, each on a Docker engine of its own in a network namespace of its own
/// ([`engines::Engines`], in `TestNet::engines`), placed there by the `hosts.toml` an operator
/// would write. `None` (a visible skip) without Docker or root; under `CI=true` that fails, as
/// does an engine that cannot start, anywhere.
pub fn docker_network_on_engines(test: &str, n: usize) -> Option<TestNet> {
    if !docker_or_skip(test) {
        return None;
    }
    if !root_or_skip(test, "engines in network namespaces need root") {
        return None;
    }
    let engines = engines::Engines::start(n).unwrap_or_else(|why| panic!("{test}: the engines did not start: {why}"));
    let hosts = harness::docker::hosts::read(&engines.hosts_file, n).unwrap_or_else(|e| panic!("{e}"));
    let docker =
        Arc::new(DockerBackend::on_hosts(&hosts, KeyringBackend::Test, "200ms").unwrap_or_else(|e| panic!("{e}")));
    let dir = testkit::temp_dir("harness-hosts");
    let base = testkit::free_port_base(n as u16, 10, 3);
    let net = Network::new(dir.path(), n, PortPlan::from_base(base), docker.clone());
    let mut t = TestNet::new(net, Some(docker), dir);
    t.engines = Some(engines);
    Some(t)
}

/// Whether we are root; if not, the test skips saying `why` (under `CI=true` it fails).
pub fn root_or_skip(test: &str, why: &str) -> bool {
    if nix::unistd::Uid::effective().is_root() {
        return true;
    }
    testkit::skip(test, why);
    false
}
