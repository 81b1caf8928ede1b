//! One helper for the repeated setup: a network of N projects on the process backend, with
//! binaries found (or built) by testkit and ports free for this test.
#![allow(dead_code)]

use harness::backend::ProcessBackend;
use harness::binaries::Binaries;
use harness::project::{KeyringBackend, PortPlan};
use harness::runbook::Network;
use std::sync::Arc;

pub struct TestNet {
    pub net: Network,
    _dir: tempfile::TempDir,
}

impl std::ops::Deref for TestNet {
    type Target = Network;
    fn deref(&self) -> &Network {
        &self.net
    }
}

impl Drop for TestNet {
    fn drop(&mut self) {
        self.net.stop_all();
    }
}

pub fn network(n: usize, keyring: KeyringBackend) -> TestNet {
    let dir = testkit::temp_dir("harness");
    let bins = Binaries {
        runner: testkit::binary("genesis-runner"),
        chain: testkit::binary("simchaind"),
        tmkms: testkit::binary("tmkms"),
    };
    let backend = Arc::new(ProcessBackend::new(bins, keyring, "100ms"));
    let base = testkit::free_port_base(n as u16, 10, 3);
    TestNet { net: Network::new(dir.path(), n, PortPlan::from_base(base), backend), _dir: dir }
}
