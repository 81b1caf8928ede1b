//! N projects as one network: the runbook that runs the ceremony's stages on them and the
//! operator, the only path between projects.

pub mod operator;
pub mod runbook;
