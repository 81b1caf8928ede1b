//! `harness`'s commands as library calls: each takes typed arguments, prints what the
//! operator reads, and returns a [`CommandError`] for the binary to print on one line.

mod bench;
mod down;
mod perturb;
mod report;
mod status;
mod up;

pub use bench::{bench, bench_spec, BENCH_TIMEOUT_COMMIT};
pub use down::down;
pub use perturb::perturb;
pub use report::report;
pub use status::status;
pub use up::{spec_of_flags, up, UpFlags};

use crate::error::{HarnessError, SpecError};
use crate::state::StateError;
use std::path::PathBuf;

/// Why a command failed. Each line names the flag, file or node it is about.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Harness(#[from] HarnessError),
    #[error(transparent)]
    Spec(#[from] SpecError),
    #[error(transparent)]
    State(#[from] StateError),
    #[error(transparent)]
    Signal(#[from] super::signals::SignalError),
    /// A flag's value refused, or flags that do not go together.
    #[error("{flag}: {reason}")]
    Flag { flag: &'static str, reason: String },
    // `error` is not a `#[source]` here and below: the line says it already, and `{:#}` (what
    // the binary prints) would say it twice.
    #[error("{what}: {error}")]
    Io { what: String, error: std::io::Error },
    #[error("{} is not empty: run `harness down --work-dir {}` first", .dir.display(), .dir.display())]
    NotEmpty { dir: PathBuf },
    /// The network did not come up; what is left of it is kept for a look. (Boxed here and in
    /// `Bench`: beside a path the error would make every command's `Result` large.)
    #[error("{error}\nproject dirs kept at {}", .dir.display())]
    Kept { error: Box<HarnessError>, dir: PathBuf },
    #[error("N={n}: {error}{}", .report.as_ref().map(|r| format!("; report: {}", r.display())).unwrap_or_default())]
    Bench { n: usize, error: Box<HarnessError>, report: Option<PathBuf> },
    #[error("no free port range")]
    NoFreePorts,
    #[error("{}: the network's `harness up` is not ready: {error}", .socket.display())]
    NotReady { socket: PathBuf, error: std::io::Error },
    #[error("control request: {reason}")]
    Request { reason: String },
    #[error("no node {node:?} in this network ({names})")]
    NoNode { node: String, names: String },
    #[error("the network is stopping")]
    Stopping,
    /// The `up` process's refusal, as it answered.
    #[error("{0}")]
    Refused(String),
    #[error("harness_pid: {0}")]
    Pid(std::num::TryFromIntError),
    #[error("{0}")]
    Endpoint(String),
    #[error("still alive after SIGKILL: {}; state kept in {}", .left.join(", "), .state.display())]
    StillAlive { left: Vec<String>, state: PathBuf },
}

impl CommandError {
    pub(crate) fn io(what: &std::path::Path) -> impl FnOnce(std::io::Error) -> CommandError + '_ {
        move |error| CommandError::Io { what: what.display().to_string(), error }
    }
}

/// An error and its causes on one line, as the binary prints it (`{:#}` of anyhow): what the
/// control socket answers is what `harness perturb` prints.
pub fn one_line(e: &dyn std::error::Error) -> String {
    let mut line = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        line.push_str(": ");
        line.push_str(&c.to_string());
        cause = c.source();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("outer")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn one_line_says_each_cause_once() {
        assert_eq!(one_line(&Outer(std::io::Error::other("inner"))), "outer: inner");
        let e = CommandError::Io { what: "d".into(), error: std::io::Error::other("full") };
        assert_eq!(one_line(&e), "d: full");
    }
}
