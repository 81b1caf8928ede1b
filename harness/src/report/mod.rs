//! What a run shows: the run report (JSON, HTML) and the terminal's progress bars and node
//! table.

pub mod bars;
pub mod html;
pub mod run_report;
pub mod table;

// The checks' report is a base value (the recorder keeps it); its old path stays.
pub use crate::base::report::{Entry, Report};
