//! The one place around every stage: FORCE check, input presence and checksums, the Inputs
//! and Outputs log blocks with sha256, and the `sha256sum.txt` of every directory written.

use crate::chain_cli::ChainCli;
use crate::config::Config;
use crate::domain::Stage;
use crate::error::{missing, StageError};
use crate::plan::Outputs;
use crate::stages;
use cosmos_formats::files::{self, CHECKSUM_FILE};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tracing::{info, warn};

fn sha(path: &Path) -> String {
    files::sha256_file(path).unwrap_or_else(|_| "-".into())
}

fn hint(cfg: &Config, path: &Path) -> &'static str {
    let rel = path.strip_prefix(&cfg.homes.artifacts).unwrap_or(path);
    let s = rel.to_string_lossy();
    if s.starts_with("validators/") {
        "run GENESIS_RUN_STAGE=keygen first, or copy that validator's public artifacts here"
    } else if s.ends_with("intermediate_genesis.json") {
        "copy the coordinator's genesis/intermediate_genesis.json here"
    } else if s.ends_with("final_genesis.json") {
        "copy the coordinator's genesis/final_genesis.json here"
    } else if s.ends_with("persistent_peers.txt") {
        "copy the coordinator's peers/persistent_peers.txt here, or set PERSISTENT_PEERS"
    } else {
        ""
    }
}

pub fn run(cfg: &Config, cli: &dyn ChainCli) -> Result<Outputs, StageError> {
    let (plan_fn, run_fn) = stages::for_stage(cfg.stage);
    let plan = plan_fn(cfg)?;
    info!(stage = %cfg.stage, role = %cfg.role, index = cfg.index.0, key_name = %cfg.key_name, chain_id = %cfg.chain_id,
          p2p_port = cfg.ports.p2p, rpc_port = cfg.ports.rpc, tmkms_port = cfg.ports.tmkms, "stage");

    let existing: Vec<String> = plan.outputs.iter().filter(|p| p.exists()).map(|p| p.display().to_string()).collect();
    if !existing.is_empty() {
        if !cfg.force {
            return Err(StageError::OutputsExist { stage: cfg.stage.to_string(), paths: existing.join(", ") });
        }
        warn!(outputs = %existing.join(", "), "FORCE=1: redoing existing outputs (keys are kept)");
    }
    for p in &plan.inputs {
        if !p.is_file() {
            return Err(missing(p, hint(cfg, p)));
        }
    }
    let mut dirs: Vec<&Path> = plan.inputs.iter().filter_map(|p| p.parent()).collect();
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        let n = files::verify_checksums(d).map_err(StageError::Checksum)?;
        if n > 0 {
            info!(list = %d.join(CHECKSUM_FILE).display(), files = n, "checksums verified");
        }
    }
    info!("Inputs:");
    for p in &plan.inputs {
        info!("  {}  {}", sha(p), p.display());
    }

    let out = run_fn(cfg, cli)?;

    let mut by_dir: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    for p in &out.artifacts {
        if let (Some(dir), Some(name)) = (p.parent(), p.file_name()) {
            by_dir.entry(dir.to_path_buf()).or_default().push(name.to_string_lossy().into_owned());
        }
    }
    let mut lists = Vec::new();
    for (dir, names) in by_dir {
        lists.push(files::update_checksums(&dir, &names)?);
    }
    info!("Outputs:");
    for p in out.artifacts.iter().chain(&lists).chain(&out.files) {
        info!("  {}  {}", sha(p), p.display());
    }
    info!(stage = %cfg.stage, "done");
    Ok(out)
}

pub fn is_stage(cfg: &Config, s: Stage) -> bool {
    cfg.stage == s
}
