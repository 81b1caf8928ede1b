//! The five stages. Each is a plan (what it reads and writes, for [`crate::stage::run`]) and
//! a function `(&Config, &dyn ChainCli) -> Result<Outputs, StageError>` that checks every input
//! before it writes anything.

mod gentx;
mod inputs;
mod intermediate;
mod keygen;
mod restart;
mod start;

use crate::domain::Stage;
use crate::plan::{PlanFn, StageFn};

pub fn for_stage(stage: Stage) -> (PlanFn, StageFn) {
    match stage {
        Stage::Keygen => (keygen::plan, keygen::run),
        Stage::IntermediateGenesis => (intermediate::plan, intermediate::run),
        Stage::Gentx => (gentx::plan, gentx::run),
        Stage::Start => (start::plan, start::run),
        Stage::Restart => (restart::plan, restart::run),
    }
}
