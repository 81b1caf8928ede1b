//! Collects a run's report as the run goes: each project's stages (it is the runbook's
//! [`Progress`]), every node's height (the sampler calls [`Recorder::heights`]), the faults
//! injected, and at the end the ledger, block times and checks. It takes only values, so the
//! network can carry one and the report layer above can write it.

use crate::base::report::Report;
use crate::progress::Progress;
use crate::report_schema::*;
use std::sync::Mutex;
use std::time::Instant;

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

    /// Milliseconds from the start to an RFC 3339 time (0 if before it or unreadable).
    pub fn at_rfc3339(&self, t: &str) -> u64 {
        time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
            .map(|t| self.at_wall(t))
            .unwrap_or(0)
    }

    /// The operator's ledger as transfers (see [`Recorder::at_rfc3339`] for their times).
    pub fn transfers(&self, transfers: Vec<Transfer>) {
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
