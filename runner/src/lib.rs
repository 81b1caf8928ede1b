//! genesis-runner: the entrypoint of a validator's node container (`GENESIS_RUN_STAGE`) and of
//! its tmkms container (`kms`), plus `verify` for operators receiving artifacts.
//!
//! Data flows one way: environment → [`config::Config`] (validated before any disk access) →
//! [`stage::run`] (the one wrapper: FORCE, checksums, Inputs/Outputs log) → a stage in
//! [`stages`] → [`chain_cli::ChainCli`] / tmkms → artifacts. See README.md for the contract.

pub mod accounts_file;
pub mod chain_cli;
pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod genesis_content;
pub mod init;
pub mod json_merge;
pub mod kms;
pub mod launch;
pub mod layout;
pub mod manifest;
pub mod node_home;
pub mod overrides;
pub mod paths;
pub mod peers;
pub mod plan;
pub mod ports;
pub mod signer;
pub mod stage;
mod stages;
pub mod verify;

pub use error::{ExitCode, StageError};
