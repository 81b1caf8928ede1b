//! What a run shows: the run report (JSON, HTML).

pub mod html;
pub mod run_report;

// The checks' report is a base value (the recorder keeps it); its old path stays.
pub use crate::base::report::{Entry, Report};
