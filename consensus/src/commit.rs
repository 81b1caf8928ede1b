//! Checking commits (for block sync and for a block's `last_commit`) and building them.

use tendermint::block::{self, Commit, CommitSig};
use tendermint::vote::{self, ValidatorIndex, Vote};
use tendermint::{account, chain};

use crate::error::Error;
use crate::validator_set::{is_supermajority, ValidatorSet};

/// The precommit a commit signature stands for, rebuilt as CometBFT's `Commit.GetVote`
/// does, so its canonical sign bytes can be checked.
pub fn commit_sig_vote(commit: &Commit, index: usize, sig: &CommitSig) -> Result<Option<Vote>, Error> {
    let (address, timestamp, signature, block_id) = match sig {
        CommitSig::BlockIdFlagAbsent => return Ok(None),
        CommitSig::BlockIdFlagCommit { validator_address, timestamp, signature } => {
            (*validator_address, *timestamp, signature.clone(), Some(commit.block_id))
        }
        CommitSig::BlockIdFlagNil { validator_address, timestamp, signature } => {
            (*validator_address, *timestamp, signature.clone(), None)
        }
    };
    Ok(Some(Vote {
        vote_type: vote::Type::Precommit,
        height: commit.height,
        round: commit.round,
        block_id,
        timestamp: Some(timestamp),
        validator_address: address,
        validator_index: ValidatorIndex::try_from(index).map_err(Error::from)?,
        signature,
        extension: Vec::new(),
        extension_signature: None,
    }))
}

/// Verifies that `commit` proves `block_id` at `height`: one entry per validator in index
/// order, every present signature valid (chain id bound through the canonical vote bytes),
/// and the `Commit`-flagged entries carrying more than 2/3 of the total power.
/// Returns the committed power.
pub fn verify_commit(
    chain_id: &chain::Id,
    validators: &ValidatorSet,
    block_id: &block::Id,
    height: block::Height,
    commit: &Commit,
) -> Result<u64, Error> {
    verify_commit_with_known(chain_id, validators, block_id, height, commit, &[])
}

/// As [`verify_commit`], skipping the signature check of entries identical to a precommit
/// in `known` (indexed by validator) that the caller has already verified: the state
/// machine holds the precommits of the previous height, and ed25519 verification is the
/// dominant cost of checking a proposal's `last_commit`.
pub(crate) fn verify_commit_with_known(
    chain_id: &chain::Id,
    validators: &ValidatorSet,
    block_id: &block::Id,
    height: block::Height,
    commit: &Commit,
    known: &[Option<Vote>],
) -> Result<u64, Error> {
    if commit.height != height {
        return Err(Error::WrongHeight { expected: height, found: commit.height });
    }
    if &commit.block_id != block_id {
        return Err(Error::WrongBlockId { expected: Box::new(*block_id), found: Box::new(commit.block_id) });
    }
    if commit.signatures.len() != validators.len() {
        return Err(Error::WrongSignatureCount { expected: validators.len(), found: commit.signatures.len() });
    }
    let mut signed = 0u64;
    for (index, sig) in commit.signatures.iter().enumerate() {
        let Some(vote) = commit_sig_vote(commit, index, sig)? else {
            continue;
        };
        let expected: account::Id = validators.get(index).map(|v| v.address).ok_or(Error::OutOfRange)?;
        if vote.validator_address != expected {
            return Err(Error::WrongSigner { index, expected, found: vote.validator_address });
        }
        let signature = vote.signature.clone().ok_or(Error::MissingSignature(expected))?;
        let already_verified = known.get(index).and_then(Option::as_ref).is_some_and(|k| {
            k.height == vote.height
                && k.round == vote.round
                && k.vote_type == vote.vote_type
                && k.block_id == vote.block_id
                && k.timestamp == vote.timestamp
                && k.signature == vote.signature
                && k.validator_address == vote.validator_address
        });
        if !already_verified {
            let bytes = vote.clone().into_signable_vec(chain_id.clone());
            validators.verify(index, &bytes, &signature)?;
        }
        if sig.is_commit() {
            signed += validators.power_of(index);
        }
    }
    let total = validators.total_power();
    if !is_supermajority(signed, total) {
        return Err(Error::InsufficientPower { signed, total });
    }
    Ok(signed)
}

/// Builds a commit from precommits already verified and indexed by validator (CometBFT's
/// `VoteSet.MakeCommit`): votes for another block are recorded as absent.
pub(crate) fn make_commit(
    height: block::Height,
    round: block::Round,
    block_id: block::Id,
    precommits: &[Option<Vote>],
) -> Commit {
    let signatures = precommits
        .iter()
        .map(|v| match v {
            Some(v) => match (v.block_id, v.timestamp) {
                (Some(id), Some(ts)) if id == block_id => CommitSig::BlockIdFlagCommit {
                    validator_address: v.validator_address,
                    timestamp: ts,
                    signature: v.signature.clone(),
                },
                (None, Some(ts)) => CommitSig::BlockIdFlagNil {
                    validator_address: v.validator_address,
                    timestamp: ts,
                    signature: v.signature.clone(),
                },
                _ => CommitSig::BlockIdFlagAbsent,
            },
            None => CommitSig::BlockIdFlagAbsent,
        })
        .collect();
    Commit { height, round, block_id, signatures }
}
