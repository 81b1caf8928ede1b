//! What a run did, over time, for people and for machines: `<work dir>/report/report.json`
//! (the schema is the serde types below; `schema` changes only when a field's meaning does)
//! and `report.html`, one self-contained page rendered from it (see [`crate::html`]).
//!
//! A [`Recorder`] collects as the run goes: each project's stages (it is the runbook's
//! [`Progress`]), every node's height (a sampler calls [`Recorder::heights`]), the faults
//! injected, and at the end the operator's ledger, the block times and the checks.

use crate::report::Report;
use crate::runbook::Progress;
use crate::HarnessError;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

pub const SCHEMA: u32 = 1;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct RunReport {
    pub schema: u32,
    /// What ran: `harness up`, a test's name, `harness bench N=16`.
    pub title: String,
    /// RFC 3339, when the recorder started; every `*_ms` below counts from here.
    pub started_at: String,
    pub validators: Vec<String>,
    pub stages: Vec<StageSpan>,
    pub transfers: Vec<Transfer>,
    pub heights: Vec<HeightSample>,
    /// Block time of each height, from the first node that answers (ms since `started_at`).
    pub blocks: Vec<BlockTime>,
    pub faults: Vec<FaultSpan>,
    pub checks: Vec<CheckRow>,
    /// Resident memory of each node and tmkms: a process's VmRSS (process backend), a
    /// container's anonymous cgroup memory (docker).
    #[serde(default)]
    pub memory: Vec<MemorySample>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct MemorySample {
    pub at_ms: u64,
    pub node: String,
    /// `node` or `tmkms`.
    pub service: String,
    pub rss_kib: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct StageSpan {
    pub project: String,
    pub stage: String,
    pub start_ms: u64,
    /// `None` while it runs (or if the run stopped during it).
    pub end_ms: Option<u64>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Transfer {
    pub at_ms: u64,
    pub file: String,
    pub from: String,
    pub to: String,
    pub bytes: u64,
    pub sha256: String,
    /// Why the operator refused it; `None` when delivered.
    pub refused: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct HeightSample {
    pub at_ms: u64,
    pub node: String,
    pub height: u64,
    pub peers: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct BlockTime {
    pub height: u64,
    pub at_ms: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FaultSpan {
    pub node: String,
    pub fault: String,
    pub start_ms: u64,
    pub end_ms: u64,
    /// The evidence line (heights missed, catch-up time).
    pub evidence: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CheckRow {
    pub check: String,
    pub passed: bool,
    pub detail: String,
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// Collects a [`RunReport`] while the run goes; cheap enough to call from every thread.
pub struct Recorder {
    t0: Instant,
    wall0: time::OffsetDateTime,
    report: Mutex<RunReport>,
    /// Faults begun and not yet healed: (node, fault, start_ms).
    open: Mutex<Vec<(String, String, u64)>>,
}

impl Recorder {
    pub fn new(title: &str, validators: Vec<String>) -> Recorder {
        let wall0 = time::OffsetDateTime::now_utc();
        Recorder {
            t0: Instant::now(),
            wall0,
            report: Mutex::new(RunReport {
                schema: SCHEMA,
                title: title.into(),
                started_at: now_rfc3339(),
                validators,
                ..RunReport::default()
            }),
            open: Mutex::new(Vec::new()),
        }
    }

    pub fn set_title(&self, title: &str) {
        self.with(|r| r.title = title.into());
    }

    pub fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.t0.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Milliseconds from the start to a wall-clock time (0 if before it).
    fn at_wall(&self, t: time::OffsetDateTime) -> u64 {
        u64::try_from((t - self.wall0).whole_milliseconds().max(0)).unwrap_or(u64::MAX)
    }

    fn with(&self, f: impl FnOnce(&mut RunReport)) {
        if let Ok(mut r) = self.report.lock() {
            f(&mut r);
        }
    }

    /// One sample per node: (name, height, peers) of those that answered, asked at `at`
    /// ([`Recorder::elapsed_ms`] before the requests went out). Stamped with when the round
    /// of requests began, not when the slowest answer came: on a loaded machine that can be
    /// seconds later, and a node killed meanwhile would seem to have answered while down (CI
    /// run 27).
    pub fn heights(&self, at: u64, samples: &[(String, u64, usize)]) {
        self.with(|r| {
            r.heights.extend(samples.iter().map(|(node, height, peers)| HeightSample {
                at_ms: at,
                node: node.clone(),
                height: *height,
                peers: *peers,
            }))
        });
    }

    /// One sample per running service: (node, "node" | "tmkms", KiB).
    pub fn memory(&self, samples: &[(String, &'static str, u64)]) {
        let at = self.elapsed_ms();
        self.with(|r| {
            r.memory.extend(samples.iter().map(|(node, service, kib)| MemorySample {
                at_ms: at,
                node: node.clone(),
                service: (*service).into(),
                rss_kib: *kib,
            }))
        });
    }

    /// A fault begins now; it shows as a span until [`Recorder::fault_ended`] (or, if it never
    /// heals, until the report is written).
    pub fn fault_started(&self, node: &str, fault: &str) {
        let at = self.elapsed_ms();
        if let Ok(mut open) = self.open.lock() {
            open.push((node.into(), fault.into(), at));
        }
    }

    /// The fault begun last on `node` is over, with its evidence (or why healing failed).
    pub fn fault_ended(&self, node: &str, fault: &str, evidence: &str) {
        let start = self.open.lock().ok().and_then(|mut open| {
            let i = open.iter().rposition(|(n, f, _)| n == node && f == fault)?;
            Some(open.remove(i).2)
        });
        self.fault(node, fault, start.unwrap_or_else(|| self.elapsed_ms()), evidence);
    }

    pub fn fault(&self, node: &str, fault: &str, start_ms: u64, evidence: &str) {
        let end = self.elapsed_ms();
        self.with(|r| {
            r.faults.push(FaultSpan {
                node: node.into(),
                fault: fault.into(),
                start_ms,
                end_ms: end,
                evidence: evidence.into(),
            })
        });
    }

    /// The operator's ledger, each entry at the time it was written.
    pub fn ledger(&self, ledger: &[crate::operator::LedgerEntry]) {
        let rfc = time::format_description::well_known::Rfc3339;
        let transfers: Vec<Transfer> = ledger
            .iter()
            .map(|e| Transfer {
                at_ms: time::OffsetDateTime::parse(&e.time, &rfc).map(|t| self.at_wall(t)).unwrap_or(0),
                file: e.file.clone(),
                from: e.from.clone(),
                to: e.to.clone(),
                bytes: e.bytes,
                sha256: e.sha256.clone(),
                refused: e.refused.clone(),
            })
            .collect();
        self.with(|r| r.transfers = transfers);
    }

    /// Adds block times (wall clock of each header), kept as ms from the start.
    pub fn blocks(&self, times: &[(u64, time::OffsetDateTime)]) {
        let new: Vec<BlockTime> =
            times.iter().map(|(h, t)| BlockTime { height: *h, at_ms: self.at_wall(*t) }).collect();
        self.with(|r| {
            r.blocks.extend(new);
            r.blocks.sort_by_key(|b| b.height);
            r.blocks.dedup_by_key(|b| b.height);
        });
    }

    /// The highest height whose block time is recorded.
    pub fn last_block(&self) -> u64 {
        self.report.lock().ok().and_then(|r| r.blocks.iter().map(|b| b.height).max()).unwrap_or(0)
    }

    pub fn checks(&self, report: &Report) {
        let rows = report
            .entries
            .iter()
            .map(|e| CheckRow { check: e.check.into(), passed: e.passed, detail: e.detail.clone() })
            .collect();
        self.with(|r| r.checks = rows);
    }

    /// The report as of now; a fault not yet healed shows as lasting until now.
    pub fn snapshot(&self) -> RunReport {
        let mut r = self.report.lock().map(|r| r.clone()).unwrap_or_default();
        let now = self.elapsed_ms();
        for (node, fault, start_ms) in self.open.lock().map(|o| o.clone()).unwrap_or_default() {
            r.faults.push(FaultSpan {
                node,
                fault,
                start_ms,
                end_ms: now,
                evidence: "still in effect when the report was written".into(),
            });
        }
        r.faults.sort_by_key(|f| f.start_ms);
        r
    }

    /// Writes report.json and report.html into `dir` (created), each atomically; returns the
    /// HTML's path.
    pub fn write(&self, dir: &Path) -> Result<PathBuf, HarnessError> {
        write(&self.snapshot(), dir)
    }
}

impl Progress for Recorder {
    fn stage(&self, project: &str, stage: &str) {
        let at = self.elapsed_ms();
        self.with(|r| {
            r.stages.push(StageSpan { project: project.into(), stage: stage.into(), start_ms: at, end_ms: None })
        });
    }
    fn done(&self, project: &str, stage: &str) {
        let at = self.elapsed_ms();
        self.with(|r| {
            if let Some(s) =
                r.stages.iter_mut().rev().find(|s| s.project == project && s.stage == stage && s.end_ms.is_none())
            {
                s.end_ms = Some(at);
            }
        });
    }
}

/// Two progress reporters at once (the CLI's bars and the recorder).
pub struct Both<'a>(pub &'a dyn Progress, pub &'a dyn Progress);

impl Progress for Both<'_> {
    fn stage(&self, project: &str, stage: &str) {
        self.0.stage(project, stage);
        self.1.stage(project, stage);
    }
    fn done(&self, project: &str, stage: &str) {
        self.0.done(project, stage);
        self.1.done(project, stage);
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), HarnessError> {
    cosmos_formats::files::write_atomic(path, bytes, cosmos_formats::files::Mode::Public)
        .map_err(|e| HarnessError::Check { check: "report", reason: e.to_string() })
}

/// Writes `r` as `dir/report.json` and `dir/report.html`; returns the HTML's path.
pub fn write(r: &RunReport, dir: &Path) -> Result<PathBuf, HarnessError> {
    let json =
        serde_json::to_vec_pretty(r).map_err(|e| HarnessError::Check { check: "report", reason: e.to_string() })?;
    write_file(&dir.join("report.json"), &json)?;
    let html = dir.join("report.html");
    write_file(&html, crate::html::render(r).as_bytes())?;
    Ok(html)
}

/// Reads a report.json back (for `harness report`).
pub fn read(path: &Path) -> Result<RunReport, HarnessError> {
    let text = std::fs::read_to_string(path).map_err(crate::error::io(path))?;
    let r: RunReport = serde_json::from_str(&text)
        .map_err(|e| HarnessError::Check { check: "report", reason: format!("{}: {e}", path.display()) })?;
    if r.schema != SCHEMA {
        return Err(HarnessError::Check {
            check: "report",
            reason: format!("{}: schema {}, this harness reads {SCHEMA}", path.display(), r.schema),
        });
    }
    Ok(r)
}

/// Samples every node's height and peers, and every service's memory, until dropped: two
/// threads, because a memory sample costs a request per container on the docker backend
/// (hundreds of ms for a network) and must not thin out the heights.
pub struct Sampling {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    handles: Vec<std::thread::JoinHandle<()>>,
}

impl Sampling {
    pub fn start(
        rec: std::sync::Arc<Recorder>,
        projects: &[crate::project::Project],
        backend: std::sync::Arc<dyn crate::backend::Backend>,
        every: std::time::Duration,
    ) -> Result<Sampling, HarnessError> {
        use crate::backend::Service;
        let sampler = crate::checks::NodeSampler::new(projects)?;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let heights = {
            let rec = rec.clone();
            every_until(&stop, "report-heights", every, move || {
                let at = rec.elapsed_ms();
                let samples = sampler.sample();
                if !samples.is_empty() {
                    rec.heights(at, &samples);
                }
            })?
        };
        let projects = projects.to_vec();
        // Memory moves slowly, and on docker each sample is an engine request per container.
        let memory = every_until(&stop, "report-memory", every * 4, move || {
            let memory: Vec<(String, &'static str, u64)> = projects
                .iter()
                .flat_map(|p| {
                    [(Service::Node, "node"), (Service::Kms, "tmkms")]
                        .into_iter()
                        .filter_map(|(s, label)| backend.rss_kib(p, s).map(|kib| (p.name.clone(), label, kib)))
                })
                .collect();
            if !memory.is_empty() {
                rec.memory(&memory);
            }
        })?;
        Ok(Sampling { stop, handles: vec![heights, memory] })
    }
}

/// Runs `f` every `every` (or back to back when it takes longer) on a named thread until `stop`.
fn every_until(
    stop: &std::sync::Arc<std::sync::atomic::AtomicBool>,
    name: &str,
    every: std::time::Duration,
    mut f: impl FnMut() + Send + 'static,
) -> Result<std::thread::JoinHandle<()>, HarnessError> {
    let stop = stop.clone();
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let t = Instant::now();
                f();
                std::thread::sleep(every.saturating_sub(t.elapsed()));
            }
        })
        .map_err(|e| HarnessError::Io { path: format!("{name} thread"), source: e })
}

impl Drop for Sampling {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        for h in self.handles.drain(..) {
            let _ = h.join();
        }
    }
}

/// Records what a running network shows now (the operator's ledger, every block's time up to
/// the lowest tip, the checks' report) and writes the report into `dir`.
pub fn finish(
    rec: &Recorder,
    net: &crate::runbook::Network,
    report: Option<&Report>,
    dir: &Path,
) -> Result<PathBuf, HarnessError> {
    rec.ledger(&net.operator.ledger());
    // Asked with the sampler's short timeout: a paused or dead node (a test that failed
    // mid-fault) must not hold the report up; block times come from the nodes that answered.
    let answered = crate::checks::NodeSampler::new(&net.projects)?.sample();
    let tip = answered.iter().map(|(_, h, _)| *h).max().unwrap_or(0);
    let nodes: Vec<usize> =
        answered.iter().filter_map(|(name, _, _)| net.projects.iter().position(|p| &p.name == name)).collect();
    // Only the heights since the last write: a long run is not read from height 1 each time.
    if tip > rec.last_block() {
        let checks = crate::checks::Checks::new(net)?;
        rec.blocks(&checks.block_times(&nodes, rec.last_block() + 1, tip));
    }
    if let Some(report) = report {
        rec.checks(report);
    }
    rec.write(dir)
}
