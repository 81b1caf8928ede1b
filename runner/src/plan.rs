//! What a stage is to the wrapper around it ([`crate::stage::run`]): a plan of the files it
//! reads and writes, known before it runs, and what it did. Below both the wrapper and the
//! stages, so neither imports the other back.

use crate::chain_cli::ChainCli;
use crate::config::Config;
use crate::error::StageError;
use crate::launch::Launch;
use std::path::PathBuf;

/// What a stage will read and write, known before it runs.
#[derive(Default, Debug)]
pub struct Plan {
    /// Files that must exist; their directories' `sha256sum.txt` are verified before use.
    pub inputs: Vec<PathBuf>,
    /// Files whose existence means the stage already ran.
    pub outputs: Vec<PathBuf>,
}

/// What a stage did.
#[derive(Default)]
pub struct Outputs {
    /// Public artifacts written (their directories get a `sha256sum.txt`).
    pub artifacts: Vec<PathBuf>,
    /// Other files written (node home), logged only.
    pub files: Vec<PathBuf>,
    /// The node to exec once everything is logged.
    pub launch: Option<Launch>,
}

pub type StageFn = fn(&Config, &dyn ChainCli) -> Result<Outputs, StageError>;
pub type PlanFn = fn(&Config) -> Result<Plan, StageError>;

/// Stages that only make sense for one role.
pub fn require_coordinator(cfg: &Config) -> Result<(), StageError> {
    if cfg.role != crate::domain::Role::Coordinator {
        return Err(crate::domain::bad(
            "GENESIS_RUN_STAGE",
            format!(
                "{} is run by the coordinator only (GENESIS_INDEX=0); this node has GENESIS_INDEX={}",
                cfg.stage, cfg.index.0
            ),
        )
        .into());
    }
    Ok(())
}
