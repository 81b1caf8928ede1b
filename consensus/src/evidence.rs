//! Evidence of double signing (`DuplicateVoteEvidence`) as CometBFT v0.38 builds, hashes and
//! verifies it, and the pool that keeps it until a block commits it.
//!
//! Sources read: `types/evidence.go` (`NewDuplicateVoteEvidence`, `Bytes`, `ValidateBasic`,
//! `EvidenceList.Hash`), `evidence/verify.go` (`verify`, `VerifyDuplicateVote`),
//! `evidence/pool.go` (`CheckEvidence`, `isCommitted`, `processConsensusBuffer`,
//! `IsEvidenceExpired`), `types/block.go` (`BlockID.Key`).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use prost::Message as _;
use sha2::{Digest, Sha256};
use tendermint::block::{self, Block};
use tendermint::crypto::default::Sha256 as MerkleSha256;
use tendermint::evidence::{DuplicateVoteEvidence, Evidence};
use tendermint::vote::{self, Vote};
use tendermint::{chain, merkle, Hash, Time};
use tendermint_proto::v0_38::types::{
    evidence::Sum as RawEvidenceSum, BlockId as RawBlockId, DuplicateVoteEvidence as RawDuplicateVoteEvidence,
    Evidence as RawEvidence, PartSetHeader as RawPartSetHeader, Vote as RawVote,
};

pub use crate::error::EvidenceError;
use crate::validator_set::ValidatorSet;

/// CometBFT's default `evidence.max_age_num_blocks` (types/params.go `DefaultEvidenceParams`).
pub const DEFAULT_EVIDENCE_MAX_AGE_NUM_BLOCKS: u64 = 100_000;
/// CometBFT's default `evidence.max_age_duration` (48 h).
pub const DEFAULT_EVIDENCE_MAX_AGE_DURATION: Duration = Duration::from_secs(48 * 3600);
/// Evidence a proposer puts in one block. CometBFT bounds by `evidence.max_bytes` (1 MiB);
/// a DuplicateVoteEvidence is ~450 bytes, so this count stays far below that.
pub const MAX_EVIDENCE_PER_BLOCK: usize = 100;
/// Pending evidence kept; a flood of distinct valid evidence needs that many double signs.
const MAX_PENDING: usize = 1_000;

/// The consensus params' evidence section that verification needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvidenceParams {
    pub max_age_num_blocks: u64,
    pub max_age_duration: Duration,
}

impl Default for EvidenceParams {
    fn default() -> Self {
        EvidenceParams {
            max_age_num_blocks: DEFAULT_EVIDENCE_MAX_AGE_NUM_BLOCKS,
            max_age_duration: DEFAULT_EVIDENCE_MAX_AGE_DURATION,
        }
    }
}

/// CometBFT's `BlockID.Key()`: the hash bytes followed by the protobuf part set header;
/// a nil block id is the empty string.
fn block_id_key(id: &Option<block::Id>) -> Vec<u8> {
    match id {
        None => Vec::new(),
        Some(id) => {
            let mut key = id.hash.as_bytes().to_vec();
            key.extend(RawPartSetHeader::from(id.part_set_header).encode_to_vec());
            key
        }
    }
}

/// A block id as Go's gogoproto marshals it: `BlockID` and its `PartSetHeader` are
/// non-nullable, so nil is an empty BlockID holding an empty PartSetHeader (`12 00`), where
/// tendermint-rs would omit the field.
pub(crate) fn go_raw_block_id(id: &Option<block::Id>) -> RawBlockId {
    match id {
        Some(id) => RawBlockId::from(*id),
        None => RawBlockId { hash: Vec::new(), part_set_header: Some(RawPartSetHeader::default()) },
    }
}

fn go_raw_vote(v: &Vote) -> RawVote {
    let mut raw = RawVote::from(v.clone());
    raw.block_id = Some(go_raw_block_id(&v.block_id));
    raw
}

/// Protobuf of a DuplicateVoteEvidence as CometBFT marshals it. tendermint-rs 0.40's
/// `From<DuplicateVoteEvidence>` writes `total_voting_power` into `validator_power`
/// (evidence.rs), so the raw message is built here.
pub fn raw_duplicate_vote(ev: &DuplicateVoteEvidence) -> RawDuplicateVoteEvidence {
    RawDuplicateVoteEvidence {
        vote_a: Some(go_raw_vote(&ev.vote_a)),
        vote_b: Some(go_raw_vote(&ev.vote_b)),
        total_voting_power: ev.total_voting_power.into(),
        validator_power: ev.validator_power.into(),
        timestamp: Some(ev.timestamp.into()),
    }
}

/// The `tendermint.types.Evidence` wrapper, with [`raw_duplicate_vote`]'s fix.
pub fn raw_evidence(ev: &Evidence) -> RawEvidence {
    match ev {
        Evidence::DuplicateVote(d) => {
            RawEvidence { sum: Some(RawEvidenceSum::DuplicateVoteEvidence(raw_duplicate_vote(d))) }
        }
        Evidence::LightClientAttack(_) => RawEvidence::from(ev.clone()),
    }
}

/// CometBFT's `Evidence.Bytes()`: the protobuf of the concrete evidence (not the wrapper).
pub fn evidence_bytes(ev: &Evidence) -> Vec<u8> {
    match ev {
        Evidence::DuplicateVote(d) => raw_duplicate_vote(d).encode_to_vec(),
        Evidence::LightClientAttack(_) => RawEvidence::from(ev.clone()).encode_to_vec(),
    }
}

/// CometBFT's `Evidence.Hash()`: sha256 of [`evidence_bytes`].
pub fn evidence_id(ev: &Evidence) -> Hash {
    Hash::Sha256(Sha256::digest(evidence_bytes(ev)).into())
}

/// CometBFT's `EvidenceList.Hash()`: merkle root over each evidence's bytes.
pub fn evidence_hash(list: &[Evidence]) -> Hash {
    let leaves: Vec<Vec<u8>> = list.iter().map(evidence_bytes).collect();
    Hash::Sha256(merkle::simple_hash_from_byte_vectors::<MerkleSha256>(&leaves))
}

/// CometBFT's `NewDuplicateVoteEvidence`: votes ordered by block id key, powers from the
/// set at the votes' height, `timestamp` = the time of the block at that height.
pub fn new_duplicate_vote_evidence(
    vote1: Vote,
    vote2: Vote,
    block_time: Time,
    validators: &ValidatorSet,
) -> Result<DuplicateVoteEvidence, EvidenceError> {
    let (index, _) =
        validators.find(&vote1.validator_address).ok_or(EvidenceError::NotAValidator(vote1.validator_address))?;
    let (vote_a, vote_b) =
        if block_id_key(&vote1.block_id) < block_id_key(&vote2.block_id) { (vote1, vote2) } else { (vote2, vote1) };
    Ok(DuplicateVoteEvidence {
        vote_a,
        vote_b,
        total_voting_power: power(validators.total_power())?,
        validator_power: power(validators.power_of(index))?,
        timestamp: block_time,
    })
}

fn power(p: u64) -> Result<vote::Power, EvidenceError> {
    vote::Power::try_from(p).map_err(|_| EvidenceError::PowerOutOfRange(p))
}

/// `ValidateBasic` and `VerifyDuplicateVote`: everything that needs only the evidence, the
/// chain id and the (fixed) validator set.
pub fn verify_duplicate_vote(
    ev: &DuplicateVoteEvidence,
    chain_id: &chain::Id,
    validators: &ValidatorSet,
) -> Result<(), EvidenceError> {
    let (a, b) = (&ev.vote_a, &ev.vote_b);
    for v in [a, b] {
        if v.signature.is_none() || v.timestamp.is_none() {
            return Err(EvidenceError::Incomplete);
        }
    }
    if block_id_key(&a.block_id) >= block_id_key(&b.block_id) {
        // Equal keys are caught here too, but report the more telling reason.
        if a.block_id == b.block_id {
            return Err(EvidenceError::SameBlockId);
        }
        return Err(EvidenceError::BadOrder);
    }
    let (index, _) = validators.find(&a.validator_address).ok_or(EvidenceError::NotAValidator(a.validator_address))?;
    if a.height != b.height || a.round != b.round || a.vote_type != b.vote_type {
        return Err(EvidenceError::HeightRoundTypeMismatch);
    }
    if a.validator_address != b.validator_address {
        return Err(EvidenceError::AddressMismatch);
    }
    let expected = validators.power_of(index);
    if ev.validator_power.value() != expected {
        return Err(EvidenceError::ValidatorPower { expected, found: ev.validator_power.value() });
    }
    let total = validators.total_power();
    if ev.total_voting_power.value() != total {
        return Err(EvidenceError::TotalPower { expected: total, found: ev.total_voting_power.value() });
    }
    for v in [a, b] {
        let signature = v.signature.clone().ok_or(EvidenceError::Incomplete)?;
        let bytes = v.clone().into_signable_vec(chain_id.clone());
        validators.verify(index, &bytes, &signature).map_err(|_| EvidenceError::BadSignature)?;
    }
    Ok(())
}

/// The checks of a block's evidence that need no history: header hash, count, kind,
/// height below the block, no repeats, each piece verified.
pub fn validate_block_evidence(
    chain_id: &chain::Id,
    validators: &ValidatorSet,
    block: &Block,
) -> Result<(), EvidenceError> {
    let list: Vec<Evidence> = block.evidence.iter().cloned().collect();
    if block.header.evidence_hash != Some(evidence_hash(&list)) {
        return Err(EvidenceError::HashMismatch);
    }
    if list.len() > MAX_EVIDENCE_PER_BLOCK {
        return Err(EvidenceError::TooMany(list.len()));
    }
    let mut seen = BTreeSet::new();
    for ev in &list {
        let Evidence::DuplicateVote(d) = ev else {
            return Err(EvidenceError::UnsupportedKind);
        };
        let (height, block_height) = (d.vote_a.height.value(), block.header.height.value());
        if height >= block_height {
            return Err(EvidenceError::FromTheFuture { height, block: block_height });
        }
        if !seen.insert(evidence_id(ev)) {
            return Err(EvidenceError::Duplicate);
        }
        verify_duplicate_vote(d, chain_id, validators)?;
    }
    Ok(())
}

/// CometBFT's `IsEvidenceExpired`: expired only when older in blocks AND in time.
pub fn is_expired(params: &EvidenceParams, now_height: u64, now_time: Time, ev_height: u64, ev_time: Time) -> bool {
    let age_blocks = now_height.saturating_sub(ev_height);
    let age_time = now_time.duration_since(ev_time).unwrap_or_default();
    age_blocks > params.max_age_num_blocks && age_time > params.max_age_duration
}

/// Pending and committed evidence, and the block times it is checked against (CometBFT's
/// `evidence.Pool`, kept in memory). Conflicting votes of a height not yet committed wait
/// in a buffer until its block time is known, as `processConsensusBuffer` does.
#[derive(Clone, Debug, Default)]
pub struct EvidencePool {
    params: EvidenceParams,
    pending: Vec<Evidence>,
    committed: BTreeSet<Hash>,
    /// Time of each committed height still young enough for evidence.
    block_times: BTreeMap<u64, Time>,
    buffer: Vec<(Vote, Vote)>,
    last_height: u64,
}

impl EvidencePool {
    pub fn new(params: EvidenceParams) -> Self {
        EvidencePool { params, ..Default::default() }
    }

    /// Evidence waiting to be committed, oldest first.
    pub fn pending(&self) -> &[Evidence] {
        &self.pending
    }

    pub fn is_committed(&self, ev: &Evidence) -> bool {
        self.committed.contains(&evidence_id(ev))
    }

    /// Records two conflicting, verified votes. Evidence is formed at once when their
    /// height's block time is known (a late precommit of the last height), else when that
    /// height commits; returns the evidence formed now.
    pub fn report_conflicting_votes(
        &mut self,
        a: Vote,
        b: Vote,
        chain_id: &chain::Id,
        validators: &ValidatorSet,
    ) -> Option<Evidence> {
        match self.block_times.get(&a.height.value()).copied() {
            Some(t) => self.form(a, b, t, chain_id, validators),
            None => {
                if self.buffer.len() < MAX_PENDING {
                    self.buffer.push((a, b));
                }
                None
            }
        }
    }

    fn form(
        &mut self,
        a: Vote,
        b: Vote,
        time: Time,
        chain_id: &chain::Id,
        validators: &ValidatorSet,
    ) -> Option<Evidence> {
        match new_duplicate_vote_evidence(a, b, time, validators) {
            Ok(d) => {
                let ev = Evidence::from(d);
                match self.add(ev.clone(), chain_id, validators) {
                    Ok(true) => Some(ev),
                    Ok(false) => None,
                    Err(e) => {
                        tracing::warn!(error = %e, "own duplicate vote evidence refused");
                        None
                    }
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot form duplicate vote evidence");
                None
            }
        }
    }

    /// The time of a committed block, for a node that starts above it (restart, block
    /// sync) and so did not see it committed.
    pub fn note_block_time(&mut self, height: block::Height, time: Time) {
        self.last_height = self.last_height.max(height.value());
        self.block_times.insert(height.value(), time);
    }

    /// Verifies evidence from a peer (`evidence/verify.go` `verify`) and keeps it if new.
    /// Returns whether it was added (and so should be passed on).
    pub fn add(
        &mut self,
        ev: Evidence,
        chain_id: &chain::Id,
        validators: &ValidatorSet,
    ) -> Result<bool, EvidenceError> {
        let id = evidence_id(&ev);
        if self.committed.contains(&id) || self.pending.iter().any(|p| evidence_id(p) == id) {
            return Ok(false);
        }
        self.check(&ev, chain_id, validators)?;
        if self.pending.len() >= MAX_PENDING {
            return Ok(false);
        }
        self.pending.push(ev);
        Ok(true)
    }

    /// Everything `verify` checks against state: time of the block at the evidence height,
    /// not expired, and the vote checks.
    fn check(&self, ev: &Evidence, chain_id: &chain::Id, validators: &ValidatorSet) -> Result<(), EvidenceError> {
        let Evidence::DuplicateVote(d) = ev else {
            return Err(EvidenceError::UnsupportedKind);
        };
        let height = d.vote_a.height.value();
        let block_time = *self.block_times.get(&height).ok_or(EvidenceError::UnknownHeight(height))?;
        if d.timestamp != block_time {
            return Err(EvidenceError::WrongTime { expected: block_time, found: d.timestamp });
        }
        if let Some(now) = self.block_times.get(&self.last_height) {
            if is_expired(&self.params, self.last_height, *now, height, block_time) {
                return Err(EvidenceError::Expired(height));
            }
        }
        verify_duplicate_vote(d, chain_id, validators)
    }

    /// `CheckEvidence` for a proposed block at `last_height + 1`: every piece not committed
    /// before and valid against our history (the stateless checks are in
    /// [`validate_block_evidence`]).
    pub fn check_block(
        &self,
        block: &Block,
        chain_id: &chain::Id,
        validators: &ValidatorSet,
    ) -> Result<(), EvidenceError> {
        for ev in block.evidence.iter() {
            if self.is_committed(ev) {
                return Err(EvidenceError::AlreadyCommitted);
            }
            self.check(ev, chain_id, validators)?;
        }
        Ok(())
    }

    /// The evidence a proposer includes in its block.
    pub fn for_proposal(&self) -> Vec<Evidence> {
        self.pending.iter().take(MAX_EVIDENCE_PER_BLOCK).cloned().collect()
    }

    /// A block was committed (`Pool.Update`): its evidence is committed, its time recorded,
    /// buffered conflicts of its height become evidence, expired entries are dropped.
    /// Returns the evidence newly formed from the buffer.
    pub fn block_committed(&mut self, block: &Block, chain_id: &chain::Id, validators: &ValidatorSet) -> Vec<Evidence> {
        let height = block.header.height.value();
        let time = block.header.time;
        self.last_height = self.last_height.max(height);
        self.block_times.insert(height, time);
        for ev in block.evidence.iter() {
            self.committed.insert(evidence_id(ev));
        }
        let committed = &self.committed;
        self.pending.retain(|p| !committed.contains(&evidence_id(p)));

        let mut formed = Vec::new();
        let mut keep = Vec::new();
        for (a, b) in std::mem::take(&mut self.buffer) {
            let h = a.height.value();
            if h > height {
                keep.push((a, b));
                continue;
            }
            let Some(t) = self.block_times.get(&h).copied() else { continue };
            formed.extend(self.form(a, b, t, chain_id, validators));
        }
        self.buffer = keep;

        let (params, now) = (self.params, time);
        let times = self.block_times.clone();
        self.pending.retain(|p| match p {
            Evidence::DuplicateVote(d) => {
                let h = d.vote_a.height.value();
                !times.get(&h).is_some_and(|t| is_expired(&params, height, now, h, *t))
            }
            Evidence::LightClientAttack(_) => false,
        });
        self.block_times.retain(|h, t| !is_expired(&params, height, now, *h, *t));
        formed
    }
}
