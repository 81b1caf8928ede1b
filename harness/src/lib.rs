//! The ceremony harness: N validators as N isolated "hosts" (projects), an operator that moves
//! only public artifacts between them, the spec's runbook, and the acceptance checks.
//!
//! Nothing here knows how a process is started except a [`backend::Backend`]; nothing crosses
//! projects except through [`operator::Operator`]; every check returns its evidence.
//!
//! One folder per layer, bottom to top (imports point down only; tests/layers.rs holds them to
//! it): base, backend, observe, network, checks, spec, report, library.

pub mod base;

pub mod backend;

pub mod observe;

pub mod network;

pub mod checks;

pub mod spec;

pub mod report;

pub mod library;

// Every module keeps the path it had before the layers were folders: callers name
// `harness::runbook::Network`, `harness::faults::Fault`… as they always did.
pub use backend::{netns, secrets};
pub use base::{binaries, error, keyring_records, procs, progress, project, report_schema, signing};
pub use checks::{faults, genesis_content, mistakes};
pub use library::{cli, commands, control, signals, state, testnet};
pub use network::{operator, runbook};
pub use observe::{recorder, sampler, traffic};
pub use report::{html, run_report};

/// The docker backend under its old path, with the engine client and hosts file (base) and
/// the audit (a check) that were its submodules.
pub mod docker {
    pub use crate::backend::docker::*;
    pub use crate::base::docker::{engine, hosts};
    pub use crate::checks::docker_audit as audit;
}

pub use error::HarnessError;
pub use testnet::Testnet;
