//! The acceptance criteria as checks. Each returns the evidence it judged on; each waits only
//! by polling with a declared budget.

// Beside the acceptance checks, what judges a network too: its faults (each seen in effect),
// the mistakes it must refuse, the genesis's content, and what only containers get wrong.
pub mod docker_audit;
pub mod faults;
pub mod genesis_content;
pub mod mistakes;

mod blocks;
mod double_signs;
mod leaks;
mod ledger;
mod participants;
mod peers;
mod ports;
mod rerun;
mod validators;

pub use crate::sampler::NodeSampler;
pub use crate::secrets::{secrets_of, Secret};
pub use blocks::{consensus_address, verify_commit, BlocksEvidence};
pub use double_signs::DoubleSignEvidence;
pub use leaks::LeakEvidence;
pub use ledger::LedgerEvidence;
pub use participants::ParticipantsEvidence;
pub use peers::PeersEvidence;
pub use ports::PortsEvidence;
pub use rerun::{forced_rerun_changes, PublicRerun, RerunEvidence, RERUN_MAY_CHANGE};
pub use validators::{tmkms_public_key, ValidatorsEvidence};

use crate::runbook::Network;
use crate::HarnessError;
use simchain::rpc_client::RpcClient;
use std::time::Duration;

fn fail(check: &'static str, reason: impl Into<String>) -> HarnessError {
    HarnessError::Check { check, reason: reason.into() }
}

pub struct Checks<'a> {
    net: &'a Network,
    rt: tokio::runtime::Runtime,
}

impl<'a> Checks<'a> {
    pub fn new(net: &'a Network) -> Result<Checks<'a>, HarnessError> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| HarnessError::Io { path: "tokio runtime".into(), source: e })?;
        Ok(Checks { net, rt })
    }

    fn client(&self, url: &str) -> Result<RpcClient, HarnessError> {
        RpcClient::new(url).map_err(|e| HarnessError::Rpc { url: url.into(), reason: e.to_string() })
    }

    /// Every check on a running network, each with its evidence or its failure.
    pub fn report(&self, height: u64, budget: Duration) -> crate::base::report::Report {
        use crate::base::report::Entry;
        let mut r = crate::base::report::Report::new(self.net.projects.len());
        r.push(Entry::of("blocks", self.blocks(height, budget)));
        r.push(Entry::of("peers", self.peers(budget)));
        r.push(Entry::of("validators", self.validators()));
        r.push(Entry::of("participants", self.participants()));
        r.push(Entry::of("genesis", self.genesis_content()));
        r.push(Entry::of("ports", self.ports()));
        r.push(Entry::of("leaks", self.no_leaks()));
        r.push(Entry::of("ledger", self.ledger()));
        r
    }
}
