//! What of docker sits below the backends: a hosts file's engines, and the client that speaks
//! to an engine (`harness down` reaches one with no backend).

pub mod engine;
pub mod hosts;
pub mod tunnel;
