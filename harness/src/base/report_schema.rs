//! The run report's schema (`report.json`): serde types only, read by the recorder that fills
//! them, the writer, and the HTML page. `schema` changes only when a field's meaning does.

use serde::{Deserialize, Serialize};

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
