//! The bottom layer: values and helpers every other layer may use, importing none of them.

pub mod binaries;
pub mod docker;
pub mod error;
pub mod keyring_records;
pub mod procs;
pub mod progress;
pub mod project;
pub mod report;
pub mod report_schema;
pub mod signing;
