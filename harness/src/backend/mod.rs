//! How a project's processes are started and stopped: on this machine (optionally each in a
//! network namespace of its own) or as compose projects on docker engines.

pub mod docker;
pub mod files;
pub mod netns;
mod process;
pub mod secrets;

// `backend::ProcessBackend`, `backend::Backend`… stay where every caller names them.
pub use process::*;
