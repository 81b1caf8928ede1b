//! A running testnet for test authors: a [`TestnetSpec`] in, the whole runbook run, each
//! node's name, RPC, ports and homes out, faults on demand or on the spec's schedule, the
//! acceptance checks and the report; stopped by [`Testnet::stop`] or on drop.
//!
//! ```no_run
//! use harness::faults::Fault;
//! use harness::spec::TestnetSpec;
//! use harness::Testnet;
//! use std::time::Duration;
//!
//! let spec = TestnetSpec::validators(3).base_port(36000).timeout_commit(Duration::from_millis(200));
//! let net = Testnet::from_spec(spec)?.start()?;
//! for node in net.nodes() {
//!     println!("{} {}", node.name, node.rpc_url);
//! }
//! let evidence = net.perturb("val-2", Fault::Kill, Duration::from_secs(3))?;
//! println!("{evidence}");
//! let report = net.checks()?.report(3, Duration::from_secs(60));
//! assert!(report.passed());
//! println!("report: {}", net.report()?.display());
//! net.stop();
//! # Ok::<(), harness::HarnessError>(())
//! ```

use crate::backend::ProcessBackend;
use crate::binaries::Binaries;
use crate::checks::Checks;
use crate::docker::DockerBackend;
use crate::faults::{Fault, FaultEvidence};
use crate::runbook::{Network, Progress, Quiet};
use crate::spec::{runner_duration, Backend, Perturbation, TestnetSpec};
use crate::HarnessError;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How long a fault gets to heal and its node to catch up (as `harness perturb`'s).
pub const PERTURB_BUDGET: Duration = Duration::from_secs(120);
/// How long a started network gets to commit its first block on every node.
const FIRST_BLOCK: Duration = Duration::from_secs(120);

/// The network a spec describes, in `work`, not yet started (the CLI and the bench build
/// theirs here; the programs are found by [`Binaries::locate`]).
pub fn network(spec: &TestnetSpec, work: &Path) -> Result<Network, HarnessError> {
    network_and_run(spec, work).map(|(net, _)| net)
}

/// A docker network's run: the label on all its containers and the images it runs.
#[derive(Clone, Debug)]
pub struct DockerRun {
    pub id: String,
    pub node_image: String,
    pub tmkms_image: String,
}

impl DockerRun {
    fn of(b: &DockerBackend) -> DockerRun {
        DockerRun {
            id: b.run_id().to_string(),
            node_image: b.images().node.clone(),
            tmkms_image: b.images().tmkms.clone(),
        }
    }
}

/// [`network`], and on the docker backend its run (what `harness down` cleans by label).
pub fn network_and_run(spec: &TestnetSpec, work: &Path) -> Result<(Network, Option<DockerRun>), HarnessError> {
    let a = assemble(spec, work, Binaries::locate)?;
    let run = a.docker.as_deref().map(DockerRun::of);
    Ok((a.net, run))
}

/// A spec's network, not yet started, with its backend's own handle where a caller needs more
/// than the [`crate::backend::Backend`] trait.
pub struct Assembled {
    pub net: Network,
    /// The docker backend itself (its audits, engines, run label); `None` on the process backend.
    pub docker: Option<Arc<DockerBackend>>,
}

impl Assembled {
    /// The docker run (label and images); `None` on the process backend.
    pub fn docker_run(&self) -> Option<DockerRun> {
        self.docker.as_deref().map(DockerRun::of)
    }
}

/// The one place a spec becomes a network (the CLI, the bench, [`Testnet`] and the harness's
/// own tests), in `work`, not yet started. `binaries` is asked only on the process backend,
/// after the spec is checked: the CLI locates them, a test passes the ones its build made, and
/// the docker backend runs images instead.
pub fn assemble(
    spec: &TestnetSpec,
    work: &Path,
    binaries: impl FnOnce() -> Result<Binaries, HarnessError>,
) -> Result<Assembled, HarnessError> {
    spec.check("spec")?;
    let tc = runner_duration(spec.timeout_commit);
    let delay = runner_duration(spec.genesis_delay);
    let n = spec.validators.len();
    let (backend, docker): (Arc<dyn crate::backend::Backend>, Option<Arc<DockerBackend>>) = match spec.backend {
        Backend::Process => {
            let bins = binaries()?;
            let b = if spec.netns {
                ProcessBackend::isolated(bins, spec.keyring_backend, &tc, n)?
            } else {
                ProcessBackend::new(bins, spec.keyring_backend, &tc)?
            };
            (Arc::new(b.with_genesis_delay(&delay).with_keyrings(spec.keyrings()).with_validators(n)), None)
        }
        Backend::Docker => {
            let b = match spec.hosts() {
                Some(hosts) => DockerBackend::on_hosts(&hosts, spec.keyring_backend, &tc)?,
                None => DockerBackend::new(spec.keyring_backend, &tc)?,
            };
            let b = Arc::new(b.with_genesis_delay(&delay).with_keyrings(spec.keyrings()).with_validators(n));
            (b.clone(), Some(b))
        }
    };
    let names: Vec<String> = spec.validators.iter().map(|v| v.name.clone()).collect();
    let mut net = Network::named(work, &names, spec.ports, backend);
    if !spec.genesis_overrides.is_empty() {
        net.genesis_overrides = spec.merged_overrides()?;
    }
    Ok(Assembled { net, docker })
}

/// Waits for `net` to reach `p.at_height` (the highest height of the nodes other than the one
/// perturbed), then perturbs; `timeout_commit` sizes the wait.
pub fn perturb_at(net: &Network, timeout_commit: Duration, p: &Perturbation) -> Result<FaultEvidence, HarnessError> {
    let Some(i) = net.projects.iter().position(|q| q.name == p.node) else {
        return Err(no_node(net, &p.node));
    };
    let checks = Checks::new(net)?;
    let budget = PERTURB_BUDGET.max(timeout_commit * 4 * u32::try_from(p.at_height).unwrap_or(u32::MAX));
    let t0 = std::time::Instant::now();
    loop {
        match crate::faults::others_height(&checks, net, &[i]) {
            Ok(h) if h >= p.at_height => break,
            _ if t0.elapsed() < budget => std::thread::sleep(Duration::from_millis(200)),
            Ok(h) => {
                return Err(HarnessError::Check {
                    check: "fault",
                    reason: format!(
                        "{} {}: height {} not reached within {budget:?} (at {h})",
                        p.fault, p.node, p.at_height
                    ),
                })
            }
            Err(e) => return Err(e),
        }
    }
    crate::faults::perturb(net, i, p.fault, p.hold, PERTURB_BUDGET)
}

fn no_node(net: &Network, name: &str) -> HarnessError {
    let names: Vec<&str> = net.projects.iter().map(|p| p.name.as_str()).collect();
    HarnessError::Check { check: "fault", reason: format!("no node {name:?} in this network ({})", names.join(", ")) }
}

/// One node of a testnet, as a test reaches it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub name: String,
    pub index: usize,
    pub rpc_url: String,
    pub p2p_port: u16,
    pub rpc_port: u16,
    pub tmkms_port: u16,
    /// Its project (the host's whole disk: homes, artifacts, logs).
    pub root: PathBuf,
    pub node_home: PathBuf,
    pub logs: PathBuf,
}

/// A network built from a spec; see the module's example.
pub struct Testnet {
    spec: TestnetSpec,
    net: Network,
    /// Removed on drop when the testnet made it ([`Testnet::from_spec`]).
    owned_dir: Option<PathBuf>,
    stopped: bool,
}

static NEXT: AtomicU64 = AtomicU64::new(0);

impl Testnet {
    /// The testnet in a fresh directory under the system's temp dir, removed when it is
    /// dropped (copy the report out first: [`Testnet::report`]).
    pub fn from_spec(spec: TestnetSpec) -> Result<Testnet, HarnessError> {
        let dir = std::env::temp_dir().join(format!(
            "harness-testnet-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let mut t = Testnet::in_dir(spec, &dir)?;
        t.owned_dir = Some(dir);
        Ok(t)
    }

    /// The testnet in `work` (created; kept after it stops).
    pub fn in_dir(spec: TestnetSpec, work: &Path) -> Result<Testnet, HarnessError> {
        std::fs::create_dir_all(work).map_err(crate::error::io(work))?;
        let work = work.canonicalize().map_err(crate::error::io(work))?;
        let net = network(&spec, &work)?;
        Ok(Testnet { spec, net, owned_dir: None, stopped: false })
    }

    /// The whole runbook, empty directories to a network whose every node committed block 1.
    pub fn start(self) -> Result<Testnet, HarnessError> {
        self.start_with(&Quiet)
    }

    /// [`Testnet::start`], reporting each stage to `progress`.
    pub fn start_with(self, progress: &dyn Progress) -> Result<Testnet, HarnessError> {
        self.net.run(progress)?;
        Checks::new(&self.net)?.blocks(1, FIRST_BLOCK)?;
        Ok(self)
    }

    pub fn spec(&self) -> &TestnetSpec {
        &self.spec
    }

    /// The runbook's network (projects, backend, operator, recorder) for what this type does
    /// not wrap.
    pub fn network(&self) -> &Network {
        &self.net
    }

    pub fn work_dir(&self) -> &Path {
        &self.net.work
    }

    pub fn nodes(&self) -> Vec<Node> {
        self.net
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| Node {
                name: p.name.clone(),
                index: i,
                rpc_url: p.rpc_url(),
                p2p_port: p.p2p_port(),
                rpc_port: p.rpc_port(),
                tmkms_port: p.tmkms_port(),
                root: p.root.clone(),
                node_home: p.node_home(),
                logs: p.logs(),
            })
            .collect()
    }

    pub fn node(&self, name: &str) -> Option<Node> {
        self.nodes().into_iter().find(|n| n.name == name)
    }

    fn index(&self, name: &str) -> Result<usize, HarnessError> {
        self.spec.index_of(name).ok_or_else(|| no_node(&self.net, name))
    }

    /// Injects `fault` on `node`, holds it, heals it and waits for the node to catch up; the
    /// evidence is also in the report.
    pub fn perturb(&self, node: &str, fault: Fault, hold: Duration) -> Result<FaultEvidence, HarnessError> {
        crate::faults::perturb(&self.net, self.index(node)?, fault, hold, PERTURB_BUDGET)
    }

    /// Waits for the network to reach `p.at_height`, then perturbs (see [`perturb_at`]).
    pub fn perturb_at(&self, p: &Perturbation) -> Result<FaultEvidence, HarnessError> {
        perturb_at(&self.net, self.spec.timeout_commit, p)
    }

    /// The spec's `[[perturb]]` schedule, in the order given, each when its height comes;
    /// `each` sees every outcome as it happens. Stops at the first fault that does not heal.
    pub fn run_schedule(
        &self,
        mut each: impl FnMut(&Perturbation, &Result<FaultEvidence, HarnessError>),
    ) -> Result<Vec<FaultEvidence>, HarnessError> {
        let mut done = Vec::new();
        for p in &self.spec.perturb {
            let r = self.perturb_at(p);
            each(p, &r);
            done.push(r?);
        }
        Ok(done)
    }

    /// The acceptance checks over the running network.
    pub fn checks(&self) -> Result<Checks<'_>, HarnessError> {
        Checks::new(&self.net)
    }

    /// Runs the checks at the lowest height every node has, writes
    /// `<work>/report/report.{json,html}` and returns the HTML's path.
    pub fn report(&self) -> Result<PathBuf, HarnessError> {
        let checks = self.checks()?;
        let tip = (0..self.net.projects.len()).filter_map(|i| checks.height(i)).min().unwrap_or(1);
        let report = checks.report(tip.max(1), Duration::from_secs(60));
        self.net.write_report(Some(&report))
    }

    /// Stops every node and signer (also done on drop).
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        if !self.stopped {
            self.stopped = true;
            self.net.stop_all();
        }
    }
}

impl Drop for Testnet {
    fn drop(&mut self) {
        self.halt();
        if let Some(dir) = &self.owned_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stand_ins() -> Result<Binaries, HarnessError> {
        // Never run: assembling a network spawns nothing.
        Ok(Binaries { runner: "/bin/false".into(), chain: "/bin/false".into(), tmkms: "/bin/false".into() })
    }

    #[test]
    fn a_bad_spec_is_refused_before_any_binary_is_looked_for() {
        let dir = tempfile::tempdir().unwrap();
        let bad = TestnetSpec::validators(2).timeout_commit(Duration::ZERO);
        let e = assemble(&bad, dir.path(), || panic!("binaries asked for a refused spec")).err().unwrap();
        assert_eq!(e.to_string(), "spec: timeout_commit: must be positive");
    }

    #[test]
    fn the_network_has_the_specs_names_ports_and_genesis_overrides() {
        let dir = tempfile::tempdir().unwrap();
        let over = dir.path().join("o.json");
        std::fs::write(&over, r#"{"app_state":{"marker":{"x":7}}}"#).unwrap();
        let mut spec = TestnetSpec::validators(2).base_port(31000).genesis_override(&over);
        spec.validators[1].name = "bob".into();
        let a = assemble(&spec, dir.path(), stand_ins).unwrap();
        assert!(a.docker.is_none() && a.docker_run().is_none());
        let got: Vec<(&str, u16, u16)> =
            a.net.projects.iter().map(|p| (p.name.as_str(), p.p2p_port(), p.tmkms_port())).collect();
        assert_eq!(got, [("val-0", 31000, 31002), ("bob", 31010, 31012)]);
        let merged: serde_json::Value = serde_json::from_str(&a.net.genesis_overrides).unwrap();
        assert_eq!(merged.pointer("/app_state/marker/x"), Some(&serde_json::json!(7)));
    }
}
