//! Genesis lists every participant, and the chain began no earlier than its genesis time.

use super::fail;
use super::Checks;
use crate::HarnessError;
use tendermint_rpc::client::Client;

#[derive(Debug)]
pub struct ParticipantsEvidence {
    pub participants: usize,
    pub grants_per_warm_key: usize,
    pub genesis_time: String,
    pub first_block_time: String,
}

impl std::fmt::Display for ParticipantsEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} participants as in their genparticipant files, {} grants per warm key; block 1 at {} >= genesis_time {}",
            self.participants, self.grants_per_warm_key, self.first_block_time, self.genesis_time
        )
    }
}

impl<'a> Checks<'a> {
    /// Every validator is an inference participant of the final genesis with the url and
    /// consensus key of its genparticipant file, its warm key holds every operation-key grant,
    /// and no block predates genesis_time.
    pub fn participants(&self) -> Result<ParticipantsEvidence, HarnessError> {
        use cosmos_formats::genparticipant::{GenParticipantTx, INFERENCE_OPERATION_KEY_PERMS};
        let coordinator = self.net.coordinator();
        let path = coordinator.artifact("genesis/final_genesis.json");
        let genesis = cosmos_formats::Genesis::load(&path).map_err(|e| fail("participants", e.to_string()))?;
        let chain_id = genesis.chain_id().map_err(|e| fail("participants", e.to_string()))?;
        let listed = genesis.participants();
        for p in &self.net.projects {
            let file = p.artifact(&format!("genparticipants/{}.json", p.name));
            let bytes = std::fs::read(&file).map_err(crate::error::io(&file))?;
            let v = GenParticipantTx::parse(&bytes)
                .and_then(|t| t.verify(&chain_id))
                .map_err(|e| fail("participants", format!("{}: {e}", file.display())))?;
            let own = (v.creator_bech32(), v.url.clone(), v.validator_key.base64());
            if !listed.contains(&own) {
                return Err(fail(
                    "participants",
                    format!(
                        "{}: {} (url {}, key {}) is not in participant_list of {}",
                        p.name,
                        own.0,
                        own.1,
                        own.2,
                        path.display()
                    ),
                ));
            }
            let grants = genesis.grants(&v.creator_bech32(), &v.warm_bech32());
            if grants != INFERENCE_OPERATION_KEY_PERMS.map(str::to_string) {
                return Err(fail(
                    "participants",
                    format!(
                        "{}: warm key {} holds {} of {} grants",
                        p.name,
                        v.warm_bech32(),
                        grants.len(),
                        INFERENCE_OPERATION_KEY_PERMS.len()
                    ),
                ));
            }
        }
        let genesis_time = genesis.genesis_time().map_err(|e| fail("participants", e.to_string()))?;
        let c = self.client(&coordinator.rpc_url())?;
        let block = self
            .rt
            .block_on(c.block(1u32))
            .map_err(|e| HarnessError::Rpc { url: coordinator.rpc_url(), reason: e.to_string() })?;
        let first: time::OffsetDateTime = block.block.header.time.into();
        if first < genesis_time {
            return Err(fail("participants", format!("block 1 at {first} predates genesis_time {genesis_time}")));
        }
        Ok(ParticipantsEvidence {
            participants: listed.len(),
            grants_per_warm_key: INFERENCE_OPERATION_KEY_PERMS.len(),
            genesis_time: cosmos_formats::genparticipant::format_timestamp(genesis_time),
            first_block_time: cosmos_formats::genparticipant::format_timestamp(first),
        })
    }

    /// The final genesis carries what a real inferenced chain starts from
    /// ([`crate::genesis_content::check`]).
    pub fn genesis_content(&self) -> Result<crate::genesis_content::GenesisContentEvidence, HarnessError> {
        crate::genesis_content::check(&self.net.coordinator().artifact("genesis/final_genesis.json"))
    }
}
