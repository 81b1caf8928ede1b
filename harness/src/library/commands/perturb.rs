//! `harness perturb`: one fault on one node of a running network, done by its `up` process.

use super::CommandError;
use crate::faults::Fault;
use crate::library::control;
use crate::state::{ControlAnswer, UpState};
use std::path::Path;
use std::time::Duration;

/// Asks the `up` process of `work_dir` to perturb `node`, and prints its answer.
pub fn perturb(work_dir: &Path, node: &str, fault: Fault, hold: Duration) -> Result<(), CommandError> {
    // No state file, no network: say that rather than that a socket is missing.
    UpState::read(work_dir)?;
    match control::ask(work_dir, node, fault, hold)? {
        (body, ControlAnswer::Ok(_)) => {
            outln!("{body}");
            Ok(())
        }
        (body, ControlAnswer::Error(e)) => {
            if !body.is_empty() {
                outln!("{body}");
            }
            Err(CommandError::Refused(e))
        }
    }
}
