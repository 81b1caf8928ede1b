//! The ceremony harness: N validators as N isolated "hosts" (projects), an operator that moves
//! only public artifacts between them, the spec's runbook, and the acceptance checks.
//!
//! Nothing here knows how a process is started except a [`backend::Backend`]; nothing crosses
//! projects except through [`operator::Operator`]; every check returns its evidence.

pub mod backend;
pub mod binaries;
pub mod checks;
pub mod cli;
pub mod docker;
pub mod error;
pub mod faults;
pub mod genesis_content;
pub mod html;
pub mod keyring_records;
pub mod mistakes;
pub mod netns;
pub mod operator;
pub mod procs;
pub mod progress;
pub mod project;
pub mod recorder;
pub mod report;
pub mod report_schema;
pub mod run_report;
pub mod runbook;
pub mod sampler;
pub mod secrets;
pub mod signing;
pub mod spec;
pub mod state;
pub mod testnet;

pub use error::HarnessError;
pub use testnet::Testnet;
