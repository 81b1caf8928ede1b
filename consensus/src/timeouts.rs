use std::time::Duration;

/// Round timeouts with CometBFT's `[consensus]` config names; a round-`r` timeout lasts
/// `base + delta * r`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    pub timeout_propose: Duration,
    pub timeout_propose_delta: Duration,
    pub timeout_prevote: Duration,
    pub timeout_prevote_delta: Duration,
    pub timeout_precommit: Duration,
    pub timeout_precommit_delta: Duration,
    /// Wait after a decision before round 0 of the next height starts.
    pub timeout_commit: Duration,
}

impl Default for Timeouts {
    /// CometBFT's defaults.
    fn default() -> Self {
        Timeouts {
            timeout_propose: Duration::from_millis(3000),
            timeout_propose_delta: Duration::from_millis(500),
            timeout_prevote: Duration::from_millis(1000),
            timeout_prevote_delta: Duration::from_millis(500),
            timeout_precommit: Duration::from_millis(1000),
            timeout_precommit_delta: Duration::from_millis(500),
            timeout_commit: Duration::from_millis(1000),
        }
    }
}

/// Which timer fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimeoutStep {
    Propose,
    Prevote,
    Precommit,
    /// `timeout_commit` elapsed: start round 0 of the (already entered) new height.
    Commit,
}

impl Timeouts {
    pub fn duration(&self, step: TimeoutStep, round: u32) -> Duration {
        let grow = |base: Duration, delta: Duration| base.saturating_add(delta.saturating_mul(round));
        match step {
            TimeoutStep::Propose => grow(self.timeout_propose, self.timeout_propose_delta),
            TimeoutStep::Prevote => grow(self.timeout_prevote, self.timeout_prevote_delta),
            TimeoutStep::Precommit => grow(self.timeout_precommit, self.timeout_precommit_delta),
            TimeoutStep::Commit => self.timeout_commit,
        }
    }
}
