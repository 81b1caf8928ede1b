//! The spec's local runbook over N projects, step by step, as operators run it.

use crate::backend::files::Home;
use crate::backend::{Backend, Service};
use crate::operator::Operator;
use crate::progress::Both;
use crate::project::{PortPlan, Project};
use crate::recorder::Recorder;
use crate::sampler::Sampling;
use crate::HarnessError;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use crate::backend::KMS_STAGE;
pub use crate::progress::{Progress, Quiet};

/// gonka's mainnet genesis overrides (the values of its `genesis/genesis-overrides.json`; see
/// fixtures/gonka-ceremony/README.md).
pub const MAINNET_OVERRIDES: &str = include_str!("../../../fixtures/gonka-ceremony/genesis-overrides.json");
/// The coordinator's own inputs, under its artifacts dir.
const COORDINATOR_INPUTS: &str = "coordinator-inputs";

pub struct Network {
    pub work: PathBuf,
    pub projects: Vec<Project>,
    pub backend: Arc<dyn Backend>,
    pub operator: Operator,
    /// Order in which projects are brought up (index 0 is always the coordinator, but it need
    /// not be the first host an operator starts).
    pub order: Vec<usize>,
    /// What the run did, for `<work>/report/`: every stage of every project, heights and memory
    /// (sampled from the moment the hosts are set up), faults, and at `Network::write_report` (in the report layer, `run_report.rs`)
    /// the ledger, block times and checks. Every user of a network gets one: the CLI, the
    /// tests, the bench.
    pub recorder: Arc<Recorder>,
    sampling: Mutex<Option<Sampling>>,
    /// `None`: no sampling (the tests' default; see [`Network::sample_every`]).
    sample_every: Option<Duration>,
    /// The coordinator's GENESIS_OVERRIDES_FILE (gonka's mainnet overrides unless a spec
    /// merges its own over them).
    pub genesis_overrides: String,
}

/// How often the recorder samples heights, peers and memory.
const SAMPLE_EVERY: Duration = Duration::from_millis(500);

pub const COORDINATOR: usize = 0;

impl Network {
    pub fn new(work: &Path, validators: usize, ports: PortPlan, backend: Arc<dyn Backend>) -> Network {
        let names: Vec<String> = (0..validators).map(|i| format!("val-{i}")).collect();
        Network::named(work, &names, ports, backend)
    }

    /// A network whose project `i` is named `names[i]` (a spec's `[[validator]] name`).
    pub fn named(work: &Path, names: &[String], ports: PortPlan, backend: Arc<dyn Backend>) -> Network {
        let validators = names.len();
        let projects = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let mut p = Project::new(work, name, i as u16, ports);
                p.host = backend.host(p.index);
                p
            })
            .collect::<Vec<_>>();
        let names = projects.iter().map(|p| p.name.clone()).collect();
        Network {
            work: work.to_path_buf(),
            projects,
            backend,
            operator: Operator::new(),
            order: (0..validators).collect(),
            recorder: Arc::new(Recorder::new(&format!("{validators} validators"), names)),
            sampling: Mutex::new(None),
            sample_every: Some(SAMPLE_EVERY),
            genesis_overrides: MAINNET_OVERRIDES.to_string(),
        }
    }

    /// How often the recorder samples heights and peers (memory: four times as seldom), or
    /// `None` for not at all. Each sample is two RPCs per node: the test suite, which runs
    /// several networks at once on two cores, samples only where a test reads the samples.
    /// Takes effect when the hosts are set up (sampling starts there).
    pub fn sample_every(&mut self, every: Option<Duration>) {
        self.sample_every = every;
    }

    /// Names the run in its report (`harness up: …`, a test's name, `harness bench N=16`).
    pub fn titled(self, title: &str) -> Network {
        self.recorder.set_title(title);
        self
    }

    /// Where the report of this run is written.
    pub fn report_dir(&self) -> PathBuf {
        self.work.join("report")
    }

    fn recording<'a>(&'a self, progress: &'a dyn Progress) -> Both<'a> {
        Both(progress, self.recorder.as_ref())
    }

    /// Starts sampling heights, peers and memory into the recorder (once).
    fn sample(&self) -> Result<(), HarnessError> {
        let mut slot = self
            .sampling
            .lock()
            .map_err(|_| HarnessError::Check { check: "report", reason: "sampler lock poisoned".into() })?;
        if let (None, Some(every)) = (slot.as_ref(), self.sample_every) {
            *slot = Some(Sampling::start(self.recorder.clone(), &self.projects, self.backend.clone(), every)?);
        }
        Ok(())
    }

    pub fn coordinator(&self) -> &Project {
        &self.projects[COORDINATOR]
    }

    pub fn validators(&self) -> impl Iterator<Item = &Project> {
        self.projects.iter().skip(1)
    }

    fn ordered(&self) -> Vec<&Project> {
        self.order.iter().map(|&i| &self.projects[i]).collect()
    }

    /// Runs `f` on every listed project at once (hosts are independent machines), returning
    /// the first error.
    fn each<F>(&self, ps: &[&Project], f: F) -> Result<(), HarnessError>
    where
        F: Fn(&Project) -> Result<(), HarnessError> + Sync,
    {
        let f = &f;
        let results: Vec<Result<(), HarnessError>> = std::thread::scope(|s| {
            let handles: Vec<_> = ps.iter().map(|p| s.spawn(move || f(p))).collect();
            // A panic on one host's thread is a harness bug: it goes on as a panic, not as success.
            handles.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
        });
        results.into_iter().collect()
    }

    /// Runs `stage` on every listed project at once.
    fn on_all(&self, ps: &[&Project], stage: &str, progress: &dyn Progress) -> Result<(), HarnessError> {
        let progress = &self.recording(progress);
        self.each(ps, |p| {
            progress.stage(&p.name, stage);
            self.backend.run_stage(p, stage, &[])?;
            progress.done(&p.name, stage);
            Ok(())
        })
    }

    fn restart_kms(&self) -> Result<(), HarnessError> {
        self.each(&self.ordered(), |p| self.backend.start(p, Service::Kms, KMS_STAGE))
    }

    /// Creates every project's directories (empty) and starts each host's tmkms. A host whose
    /// homes are on its own machine gets here only its logs and the operator's copy of its
    /// artifacts.
    pub fn set_up_hosts(&self) -> Result<(), HarnessError> {
        for p in &self.projects {
            if !self.backend.homes_local(p) {
                for d in [p.artifacts(), p.logs()] {
                    std::fs::create_dir_all(&d).map_err(crate::error::io(&d))?;
                }
                continue;
            }
            for d in [
                p.node_home(),
                p.keyring_home(),
                p.tmkms_home(),
                p.artifacts(),
                p.logs(),
                p.secrets(),
                p.root.join("home"),
            ] {
                std::fs::create_dir_all(&d).map_err(crate::error::io(&d))?;
            }
            // The host's own secrets (the keyring passphrase) in a directory only its owner
            // can list, as the runner keeps KEYRING_HOME and TMKMS_HOME.
            cosmos_formats::files::secure_dir(&p.secrets())
                .map_err(|e| HarnessError::Check { check: "set up hosts", reason: e.to_string() })?;
        }
        self.sample()?;
        self.restart_kms()
    }

    /// Step 1: keygen everywhere; each host's tmkms dials its node's TMKMS port.
    pub fn keygen(&self, progress: &dyn Progress) -> Result<(), HarnessError> {
        self.on_all(&self.ordered(), "keygen", progress)
    }

    /// The coordinator receives every validator's address and published validator files.
    pub fn collect_keys(&self) -> Result<(), HarnessError> {
        let c = self.coordinator();
        for v in self.validators() {
            self.operator.carry(self.backend.as_ref(), v, c, &format!("addresses/{}.txt", v.name))?;
            for f in ["account_addr.txt", "val_pubkey.json", "node_id.txt", "manifest.json"] {
                self.operator.carry(self.backend.as_ref(), v, c, &format!("validators/{}/{f}", v.name))?;
            }
        }
        Ok(())
    }

    /// Step 2: the coordinator builds the intermediate genesis from gonka's mainnet overrides
    /// (its own input, as `genesis-overrides.json` is the real coordinator's; nothing crosses
    /// hosts), so every network starts from the genesis content the real chain did.
    pub fn intermediate_genesis(&self, progress: &dyn Progress) -> Result<(), HarnessError> {
        let c = self.coordinator();
        let rel = format!("{COORDINATOR_INPUTS}/genesis-overrides.json");
        self.backend.write_file(c, Home::Artifacts, &rel, self.genesis_overrides.as_bytes())?;
        let progress = &self.recording(progress);
        progress.stage(&c.name, "intermediate_genesis");
        let inputs = self.stage_inputs(c, "intermediate_genesis");
        let env: Vec<(&str, &str)> = inputs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.backend.run_stage(c, "intermediate_genesis", &env)?;
        progress.done(&c.name, "intermediate_genesis");
        Ok(())
    }

    /// What the runbook gives `p`'s `stage` beyond the host's own settings: the coordinator's
    /// genesis overrides (as the path the runner sees). A re-run of the stage gets the same.
    pub fn stage_inputs(&self, p: &Project, stage: &str) -> Vec<(&'static str, String)> {
        match stage {
            "intermediate_genesis" => vec![(
                "GENESIS_OVERRIDES_FILE",
                self.backend.artifacts_path(p, &format!("{COORDINATOR_INPUTS}/genesis-overrides.json")),
            )],
            _ => Vec::new(),
        }
    }

    /// Step 3: the intermediate genesis goes to every validator.
    pub fn distribute_intermediate(&self) -> Result<(), HarnessError> {
        for v in self.validators() {
            self.operator.carry(self.backend.as_ref(), self.coordinator(), v, "genesis/intermediate_genesis.json")?;
        }
        Ok(())
    }

    /// Step 4: gentx everywhere.
    pub fn gentx(&self, progress: &dyn Progress) -> Result<(), HarnessError> {
        self.on_all(&self.ordered(), "gentx", progress)
    }

    /// Step 5: the gentxs and genparticipant files go to the coordinator. Node ids are public
    /// now, so each tmkms is restarted to pin its node's id in its `addr`.
    pub fn collect_gentxs(&self) -> Result<(), HarnessError> {
        for v in self.validators() {
            self.operator.carry(self.backend.as_ref(), v, self.coordinator(), &format!("gentxs/{}.json", v.name))?;
            self.operator.carry(
                self.backend.as_ref(),
                v,
                self.coordinator(),
                &format!("genparticipants/{}.json", v.name),
            )?;
        }
        self.restart_kms()
    }

    /// Steps 1–5: keys, intermediate genesis, gentxs, all collected on the coordinator.
    pub fn prepare(&self, progress: &dyn Progress) -> Result<(), HarnessError> {
        self.set_up_hosts()?;
        self.keygen(progress)?;
        self.collect_keys()?;
        self.intermediate_genesis(progress)?;
        self.distribute_intermediate()?;
        self.gentx(progress)?;
        self.collect_gentxs()
    }

    /// Step 6: the coordinator starts; it publishes the final genesis and the peers file.
    pub fn start_coordinator(&self, progress: &dyn Progress) -> Result<(), HarnessError> {
        let progress = &self.recording(progress);
        let c = self.coordinator();
        progress.stage(&c.name, "start");
        self.backend.start(c, Service::Node, "start")?;
        self.wait_for_files(
            c,
            &[("genesis", "final_genesis.json"), ("peers", "persistent_peers.txt")],
            Duration::from_secs(120),
        )?;
        progress.done(&c.name, "start");
        Ok(())
    }

    /// Step 7: the final genesis and the peers file go to every validator.
    pub fn distribute_final(&self) -> Result<(), HarnessError> {
        for v in self.validators() {
            self.operator.carry(self.backend.as_ref(), self.coordinator(), v, "genesis/final_genesis.json")?;
            self.operator.carry(self.backend.as_ref(), self.coordinator(), v, "peers/persistent_peers.txt")?;
        }
        Ok(())
    }

    /// Step 8: every validator starts.
    pub fn start_validators(&self, progress: &dyn Progress) -> Result<(), HarnessError> {
        let progress = &self.recording(progress);
        let validators: Vec<&Project> = self.ordered().into_iter().filter(|p| !p.is_coordinator()).collect();
        self.each(&validators, |p| {
            progress.stage(&p.name, "start");
            self.backend.start(p, Service::Node, "start")?;
            progress.done(&p.name, "start");
            Ok(())
        })?;
        self.operator.save_ledger(&self.work.join("ledger.jsonl"))
    }

    /// Steps 6–8.
    pub fn start(&self, progress: &dyn Progress) -> Result<(), HarnessError> {
        self.start_coordinator(progress)?;
        self.distribute_final()?;
        self.start_validators(progress)
    }

    /// Step 9: a node restarts (`GENESIS_RUN_STAGE=restart`): start only, same home, same keys.
    /// Returns once its RPC answers again; catching up is for the blocks check to judge.
    pub fn restart(&self, i: usize, progress: &dyn Progress) -> Result<(), HarnessError> {
        let progress = &self.recording(progress);
        let p = &self.projects[i];
        progress.stage(&p.name, "restart");
        self.backend.stop(p, Service::Node);
        self.backend.start(p, Service::Node, "restart")?;
        // An HTTP answer, not a TCP connect: a published container port accepts connections
        // (docker-proxy) before the node inside listens.
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_millis(500))
            .build()
            .map_err(|e| HarnessError::Rpc { url: p.rpc_url(), reason: e.to_string() })?;
        let status_url = format!("{}/status", p.rpc_url());
        self.wait_on_node(
            p,
            "restart",
            "the restarted node's RPC",
            Duration::from_secs(60),
            Duration::from_millis(100),
            || http.get(&status_url).send().is_ok_and(|r| r.status().is_success()),
        )?;
        progress.done(&p.name, "restart");
        Ok(())
    }

    /// The whole runbook from empty directories.
    pub fn run(&self, progress: &dyn Progress) -> Result<(), HarnessError> {
        self.prepare(progress)?;
        self.start(progress)
    }

    /// Waits until the coordinator has written these artifacts and their checksum lines.
    fn wait_for_files(&self, p: &Project, files: &[(&str, &str)], budget: Duration) -> Result<(), HarnessError> {
        self.wait_on_node(p, "start", "final genesis and peers", budget, Duration::from_millis(50), || {
            // A host that shares nothing publishes into its volume: the operator looks again.
            if self.backend.sync_artifacts(p).is_err() {
                return false;
            }
            files.iter().all(|(dir, f)| {
                let list = std::fs::read_to_string(p.artifact(&format!("{dir}/sha256sum.txt"))).unwrap_or_default();
                p.artifact(&format!("{dir}/{f}")).exists() && list.contains(&format!("  {f}"))
            })
        })
    }

    /// Polls `ready` until it holds; fails as soon as `p`'s node exits (with its log tail) or
    /// `budget` passes.
    fn wait_on_node(
        &self,
        p: &Project,
        stage: &str,
        what: &str,
        budget: Duration,
        poll: Duration,
        mut ready: impl FnMut() -> bool,
    ) -> Result<(), HarnessError> {
        let t0 = Instant::now();
        while !ready() {
            if let Some(status) = self.backend.exited(p, Service::Node) {
                let (log, tail) = crate::backend::node_log(self.backend.as_ref(), p, 15);
                let output = self.backend.output(p, Service::Node).unwrap_or(tail);
                return Err(HarnessError::stage(p, stage, status, log, output));
            }
            if t0.elapsed() > budget {
                return Err(HarnessError::Timeout {
                    project: p.name.clone(),
                    what: what.into(),
                    budget,
                    dir: p.root.clone(),
                    detail: crate::backend::node_log(self.backend.as_ref(), p, 15).1,
                });
            }
            std::thread::sleep(poll);
        }
        Ok(())
    }

    pub fn stop_all(&self) {
        if let Ok(mut s) = self.sampling.lock() {
            s.take();
        }
        self.backend.stop_all();
    }
}
