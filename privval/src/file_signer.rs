//! Local signing with `priv_validator_key.json`, guarded by `priv_validator_state.json`, with
//! the rules of CometBFT's FilePV.

use crate::sign_state::{Check, Hrs, LastSignState, STEP_PRECOMMIT, STEP_PREVOTE, STEP_PROPOSE};
use crate::{require_timestamp, Error, Signer};
use cosmos_formats::keyfiles::{KeyFileError, PrivValidatorKey};
use ed25519_dalek::{Signer as _, SigningKey};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tendermint::{chain, proposal::Proposal, vote, vote::Vote, PublicKey, Signature, Time};
use tendermint_proto::v0_38::types::{CanonicalProposal, CanonicalVote};

/// Signs with the key in `priv_validator_key.json`; never signs below, or differently at, the
/// height/round/step recorded in `priv_validator_state.json`, which it writes before it hands
/// out a signature. Clones share the key and the guard.
#[derive(Clone)]
pub struct FileSigner {
    inner: Arc<Inner>,
}

struct Inner {
    key: SigningKey,
    public_key: PublicKey,
    state_path: PathBuf,
    state: Mutex<LastSignState>,
}

impl FileSigner {
    /// Loads both files. A missing state file is an error, as in CometBFT: starting from an
    /// empty guard would let a restarted validator sign again what it already signed.
    pub fn load(key_path: &Path, state_path: &Path) -> Result<Self, Error> {
        let key = PrivValidatorKey::load(key_path)?.0;
        let public_key = PublicKey::from_raw_ed25519(key.verifying_key().as_bytes()).ok_or_else(|| {
            KeyFileError::Format { path: key_path.display().to_string(), reason: "not an ed25519 key".into() }
        })?;
        let state = LastSignState::load(state_path)?;
        let state_path = state_path.to_path_buf();
        Ok(FileSigner { inner: Arc::new(Inner { key, public_key, state_path, state: Mutex::new(state) }) })
    }

    pub fn public_key(&self) -> PublicKey {
        self.inner.public_key
    }

    /// [`Signer::sign_vote`] without the async wrapper; blocks on the state file's fsync.
    pub fn sign_vote_blocking(&self, chain_id: &chain::Id, mut vote: Vote) -> Result<Vote, Error> {
        require_timestamp("vote", vote.timestamp)?;
        if !vote.extension.is_empty() {
            return Err(Error::InvalidRequest("vote extensions are not supported by the file signer".into()));
        }
        let step = match vote.vote_type {
            vote::Type::Prevote => STEP_PREVOTE,
            vote::Type::Precommit => STEP_PRECOMMIT,
        };
        let hrs = Hrs { height: vote.height.value() as i64, round: vote.round.value() as i32, step };
        let mut sign_bytes = Vec::new();
        vote.to_signable_bytes(chain_id.clone(), &mut sign_bytes)
            .map_err(|e| Error::InvalidRequest(format!("vote sign bytes: {e}")))?;
        let (signature, old_timestamp) = self.inner.sign(hrs, sign_bytes, differ_only_by_timestamp::<CanonicalVote>)?;
        if let Some(t) = old_timestamp {
            vote.timestamp = Some(t);
        }
        vote.signature = Some(signature);
        Ok(vote)
    }

    /// [`Signer::sign_proposal`] without the async wrapper; blocks on the state file's fsync.
    pub fn sign_proposal_blocking(&self, chain_id: &chain::Id, mut proposal: Proposal) -> Result<Proposal, Error> {
        require_timestamp("proposal", proposal.timestamp)?;
        let hrs =
            Hrs { height: proposal.height.value() as i64, round: proposal.round.value() as i32, step: STEP_PROPOSE };
        let mut sign_bytes = Vec::new();
        proposal
            .to_signable_bytes(chain_id.clone(), &mut sign_bytes)
            .map_err(|e| Error::InvalidRequest(format!("proposal sign bytes: {e}")))?;
        let (signature, old_timestamp) =
            self.inner.sign(hrs, sign_bytes, differ_only_by_timestamp::<CanonicalProposal>)?;
        if let Some(t) = old_timestamp {
            proposal.timestamp = Some(t);
        }
        proposal.signature = Some(signature);
        Ok(proposal)
    }
}

impl Inner {
    /// CometBFT's `signVote`/`signProposal` core: a new step is signed and recorded (on disk
    /// first); the same step returns the recorded signature if the data is the same up to its
    /// timestamp, together with the timestamp that signature covers.
    fn sign(
        &self,
        hrs: Hrs,
        sign_bytes: Vec<u8>,
        same_up_to_timestamp: fn(&[u8], &[u8]) -> Option<Time>,
    ) -> Result<(Signature, Option<Time>), Error> {
        // The lock spans check, fsync and update: two concurrent requests for one step must not
        // both pass the check.
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match state.check(hrs)? {
            Check::Same { signature, sign_bytes: last } => {
                let old_timestamp = if last == sign_bytes {
                    None
                } else {
                    Some(
                        same_up_to_timestamp(&last, &sign_bytes)
                            .ok_or_else(|| Error::Conflict { hrs: hrs.to_string() })?,
                    )
                };
                let signature = Signature::try_from(signature.as_slice()).map_err(|e| Error::State {
                    path: self.state_path.display().to_string(),
                    reason: format!("stored signature: {e}"),
                })?;
                tracing::info!(%hrs, "re-sending the signature already given at this step");
                Ok((signature, old_timestamp))
            }
            Check::Fresh => {
                let signature = self.key.sign(&sign_bytes);
                let next = LastSignState { hrs, signed: Some((signature.to_bytes().to_vec(), sign_bytes)) };
                next.save(&self.state_path)?;
                *state = next;
                Ok((Signature::from(signature), None))
            }
        }
    }
}

/// Canonical vote and proposal protos both carry a timestamp, the one field a proposer or voter
/// may legitimately change when it asks again for the same step (CometBFT's
/// `checkVotesOnlyDifferByTimestamp` / `checkProposalsOnlyDifferByTimestamp`).
trait Timestamped: prost::Message + Default + PartialEq {
    fn take_timestamp(&mut self) -> Option<tendermint_proto::google::protobuf::Timestamp>;
}

impl Timestamped for CanonicalVote {
    fn take_timestamp(&mut self) -> Option<tendermint_proto::google::protobuf::Timestamp> {
        self.timestamp.take()
    }
}

impl Timestamped for CanonicalProposal {
    fn take_timestamp(&mut self) -> Option<tendermint_proto::google::protobuf::Timestamp> {
        self.timestamp.take()
    }
}

/// The last timestamp when `last` and `new` (length-delimited canonical messages) are equal
/// apart from their timestamps.
fn differ_only_by_timestamp<M: Timestamped>(last: &[u8], new: &[u8]) -> Option<Time> {
    let mut last = M::decode_length_delimited(last).ok()?;
    let mut new = M::decode_length_delimited(new).ok()?;
    let last_timestamp = last.take_timestamp()?;
    new.take_timestamp();
    if last != new {
        return None;
    }
    Time::try_from(last_timestamp).ok()
}

#[async_trait::async_trait]
impl Signer for FileSigner {
    async fn pub_key(&self) -> Result<PublicKey, Error> {
        Ok(self.public_key())
    }

    async fn sign_vote(&self, chain_id: &chain::Id, vote: Vote) -> Result<Vote, Error> {
        let this = self.clone();
        let chain_id = chain_id.clone();
        tokio::task::spawn_blocking(move || this.sign_vote_blocking(&chain_id, vote))
            .await
            .map_err(|_| Error::Stopped)?
    }

    async fn sign_proposal(&self, chain_id: &chain::Id, proposal: Proposal) -> Result<Proposal, Error> {
        let this = self.clone();
        let chain_id = chain_id.clone();
        tokio::task::spawn_blocking(move || this.sign_proposal_blocking(&chain_id, proposal))
            .await
            .map_err(|_| Error::Stopped)?
    }
}
