//! What a run did, over time, for people and for machines: `<work dir>/report/report.json`
//! (the schema is [`crate::report_schema`]) and `report.html`, one self-contained page rendered
//! from it (see [`crate::html`]). The recorder ([`crate::recorder`]) and the sampler
//! ([`crate::sampler`]) collect as the run goes; this writes what they collected, with the
//! ledger, block times and checks read from the network at the end.

use crate::checks::Checks;
use crate::report::Report;
use crate::runbook::Network;
use crate::sampler::NodeSampler;
use crate::HarnessError;
use std::path::{Path, PathBuf};

pub use crate::progress::Both;
pub use crate::recorder::Recorder;
pub use crate::report_schema::*;
pub use crate::sampler::Sampling;

impl Network {
    /// Writes `<work>/report/report.{json,html}` from what was recorded, with the operator's
    /// ledger, the block times up to the highest tip any node reports, and `checks` when given;
    /// returns the HTML's path. Cheap to call again: block times already read are not re-read.
    pub fn write_report(&self, checks: Option<&Report>) -> Result<PathBuf, HarnessError> {
        finish(&self.recorder, self, checks, &self.report_dir())
    }
}

impl Recorder {
    /// Writes report.json and report.html into `dir` (created), each atomically; returns the
    /// HTML's path.
    pub fn write(&self, dir: &Path) -> Result<PathBuf, HarnessError> {
        write(&self.snapshot(), dir)
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

/// Records what a running network shows now (the operator's ledger, every block's time up to
/// the lowest tip, the checks' report) and writes the report into `dir`.
pub fn finish(rec: &Recorder, net: &Network, report: Option<&Report>, dir: &Path) -> Result<PathBuf, HarnessError> {
    let transfers = net
        .operator
        .ledger()
        .iter()
        .map(|e| Transfer {
            at_ms: rec.at_rfc3339(&e.time),
            file: e.file.clone(),
            from: e.from.clone(),
            to: e.to.clone(),
            bytes: e.bytes,
            sha256: e.sha256.clone(),
            refused: e.refused.clone(),
        })
        .collect();
    rec.transfers(transfers);
    // Asked with the sampler's short timeout: a paused or dead node (a test that failed
    // mid-fault) must not hold the report up; block times come from the nodes that answered.
    let answered = NodeSampler::new(&net.projects)?.sample();
    let tip = answered.iter().map(|(_, h, _)| *h).max().unwrap_or(0);
    let nodes: Vec<usize> =
        answered.iter().filter_map(|(name, _, _)| net.projects.iter().position(|p| &p.name == name)).collect();
    // Only the heights since the last write: a long run is not read from height 1 each time.
    if tip > rec.last_block() {
        let checks = Checks::new(net)?;
        rec.blocks(&checks.block_times(&nodes, rec.last_block() + 1, tip));
    }
    if let Some(report) = report {
        rec.checks(report);
    }
    write(&rec.snapshot(), dir)
}
