//! Building and checking the empty blocks this chain produces.

use std::time::Duration;

use prost::Message as _;
use sha2::{Digest, Sha256};
use tendermint::block::{self, parts, Block, Commit, CommitSig, Header};
use tendermint::crypto::default::Sha256 as MerkleSha256;
use tendermint::{account, chain, evidence, merkle, AppHash, Hash, Time};
use tendermint_proto::v0_38::types::{
    Block as RawBlock, CommitSig as RawCommitSig, EvidenceList as RawEvidenceList, HashedParams,
};

use crate::commit::verify_commit_with_known;
use crate::error::Error;
use crate::evidence::{evidence_hash, raw_evidence, validate_block_evidence, MAX_EVIDENCE_PER_BLOCK};
use crate::validator_set::ValidatorSet;

/// CometBFT's block protocol version (`version.BlockProtocol`).
pub const BLOCK_PROTOCOL: u64 = 11;
/// CometBFT's default `block.max_bytes` (22020096) and `block.max_gas` (-1).
pub const DEFAULT_BLOCK_MAX_BYTES: i64 = 22_020_096;
pub const DEFAULT_BLOCK_MAX_GAS: i64 = -1;

/// CometBFT's `timeIota` (consensus/state.go `voteTime`): a vote for a block is stamped at
/// least this long after the block's time, so the median of a commit's votes, the next
/// block's time, is strictly after the block it commits.
pub const TIME_IOTA: Duration = Duration::from_millis(1);

fn empty_merkle_root() -> Hash {
    Hash::Sha256(merkle::simple_hash_from_byte_vectors::<MerkleSha256>(&Vec::<Vec<u8>>::new()))
}

/// `consensus_hash`: CometBFT's `ConsensusParams.Hash()`, i.e. sha256 of the protobuf
/// `HashedParams{block_max_bytes, block_max_gas}`; with the defaults this equals the
/// consensus hash of a CometBFT chain started with default params.
pub fn consensus_params_hash(block_max_bytes: i64, block_max_gas: i64) -> Hash {
    let bytes = HashedParams { block_max_bytes, block_max_gas }.encode_to_vec();
    Hash::Sha256(Sha256::digest(bytes).into())
}

/// CometBFT's `Commit.Hash()`: merkle root over the protobuf encoding of every CommitSig.
pub fn commit_hash(commit: &Commit) -> Hash {
    let leaves: Vec<Vec<u8>> =
        commit.signatures.iter().map(|s| RawCommitSig::from(s.clone()).encode_to_vec()).collect();
    Hash::Sha256(merkle::simple_hash_from_byte_vectors::<MerkleSha256>(&leaves))
}

/// Protobuf bytes of a block (what is sent on the wire and hashed into the part set).
pub fn block_bytes(block: &Block) -> Vec<u8> {
    raw_block(block).encode_to_vec()
}

/// The protobuf block, with evidence encoded as CometBFT does (see
/// [`crate::evidence::raw_duplicate_vote`] for what tendermint-rs gets wrong).
pub fn raw_block(block: &Block) -> RawBlock {
    let mut raw = RawBlock::from(block.clone());
    raw.evidence = Some(RawEvidenceList { evidence: block.evidence.iter().map(raw_evidence).collect() });
    raw
}

/// Block id: the header hash, and a one-part part set whose hash is the merkle root of
/// that single part (= sha256(0x00 || block protobuf bytes)), which is what CometBFT
/// computes for a block that fits one 64 KiB part.
pub fn block_id(block: &Block) -> Result<block::Id, Error> {
    let root = merkle::simple_hash_from_byte_vectors::<MerkleSha256>(&[block_bytes(block)]);
    let part_set_header = parts::Header::new(1, Hash::Sha256(root))?;
    Ok(block::Id { hash: block.header.hash(), part_set_header })
}

/// Everything a new block must agree with: the chain tip it extends.
#[derive(Clone, Debug)]
pub struct Tip {
    pub chain_id: chain::Id,
    /// Height of the block being built or checked.
    pub height: block::Height,
    /// Id of the block at `height - 1`; `None` at the initial height.
    pub last_block_id: Option<block::Id>,
    /// Time of the block at `height - 1`; at the initial height the genesis time, as
    /// CometBFT's `State.LastBlockTime` (state/state.go `MakeGenesisState`).
    pub last_block_time: Time,
}

/// CometBFT's `MedianTime` (state/state.go) over `types/time/time.go` `WeightedMedian`: the
/// timestamps of the commit's non-absent signatures (nil votes count too), each weighted by
/// its validator's power, sorted; the first whose weight reaches what is left of
/// `total / 2` (integer halving of the power that signed). Faulty validators holding less
/// than a third of the power cannot move it outside the honest votes' times.
///
/// `validators` must be the set that signed `commit` (`State.LastValidators`); the set is
/// fixed on this chain, so the current one is it. A signer not in it is refused, as there.
pub fn median_time(commit: &Commit, validators: &ValidatorSet) -> Result<Time, Error> {
    let mut weighted: Vec<(Time, u64)> = Vec::with_capacity(commit.signatures.len());
    for sig in &commit.signatures {
        let (address, timestamp) = match sig {
            CommitSig::BlockIdFlagAbsent => continue,
            CommitSig::BlockIdFlagCommit { validator_address, timestamp, .. }
            | CommitSig::BlockIdFlagNil { validator_address, timestamp, .. } => (validator_address, timestamp),
        };
        let (index, _) = validators.find(address).ok_or(Error::MedianTimeUnknownSigner(*address))?;
        weighted.push((*timestamp, validators.power_of(index)));
    }
    let total: u64 = weighted.iter().map(|(_, w)| w).sum();
    // A stable sort; equal times are interchangeable anyway.
    weighted.sort_by_key(|(t, _)| *t);
    let mut median = total / 2;
    for (time, weight) in weighted {
        if median <= weight {
            return Ok(time);
        }
        median -= weight;
    }
    // Go returns the zero time.Time here (a commit without one signature); such a commit
    // never verifies, so refusing it is at least as strict.
    Err(Error::MedianTimeEmptyCommit)
}

/// The time a block at `tip.height` must carry: the genesis time at the initial height,
/// otherwise the weighted median of its last commit (CometBFT's `State.MakeBlock`).
pub fn block_time(tip: &Tip, validators: &ValidatorSet, last_commit: Option<&Commit>) -> Result<Time, Error> {
    match last_commit {
        None => Ok(tip.last_block_time),
        Some(commit) => median_time(commit, validators),
    }
}

/// Builds the block (no transactions) a proposer proposes at `tip.height`: its time is BFT
/// time ([`block_time`]), never the proposer's clock; it carries `evidence` (at most
/// [`MAX_EVIDENCE_PER_BLOCK`]; the rest waits for a later block).
/// `app_hash` is empty: the stand-in chain has no application state.
pub fn build_block(
    tip: &Tip,
    validators: &ValidatorSet,
    last_commit: Option<Commit>,
    proposer: account::Id,
    mut evidence: Vec<evidence::Evidence>,
) -> Result<Block, Error> {
    evidence.truncate(MAX_EVIDENCE_PER_BLOCK);
    let time = block_time(tip, validators, last_commit.as_ref())?;
    let empty = empty_merkle_root();
    let last_commit_hash = match &last_commit {
        Some(c) => commit_hash(c),
        None => empty,
    };
    let vhash = validators.hash();
    let header = Header {
        version: block::header::Version { block: BLOCK_PROTOCOL, app: 0 },
        chain_id: tip.chain_id.clone(),
        height: tip.height,
        time,
        last_block_id: tip.last_block_id,
        last_commit_hash: Some(last_commit_hash),
        data_hash: Some(empty),
        validators_hash: vhash,
        next_validators_hash: vhash,
        consensus_hash: consensus_params_hash(DEFAULT_BLOCK_MAX_BYTES, DEFAULT_BLOCK_MAX_GAS),
        app_hash: AppHash::default(),
        last_results_hash: Some(empty),
        evidence_hash: Some(evidence_hash(&evidence)),
        proposer_address: proposer,
    };
    Ok(Block::new(header, Vec::new(), evidence::List::new(evidence), last_commit))
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::InvalidBlock(msg.into())
}

/// Checks that `block` extends `tip` and was decided or proposed no earlier than `round`:
/// header fields, last commit (verified against the set, >2/3 for `last_block_id`),
/// BFT time as CometBFT's `validateBlock` (state/validation.go: after the previous block and
/// equal to the last commit's weighted median, or equal to the genesis time at the initial
/// height), evidence that verifies on its own (hash, order, powers, signatures, no repeats;
/// what needs history is `EvidencePool::check_block`), and a proposer address that is the proposer of
/// some round `0..=round` (a block re-proposed as validValue keeps its original proposer,
/// so CometBFT itself only checks set membership; we check the stronger rule).
/// Returns the block id.
pub fn validate_block(
    tip: &Tip,
    validators: &ValidatorSet,
    block: &Block,
    round: block::Round,
) -> Result<block::Id, Error> {
    validate_block_with_known(tip, validators, block, round, &[])
}

pub(crate) fn validate_block_with_known(
    tip: &Tip,
    validators: &ValidatorSet,
    block: &Block,
    round: block::Round,
    known_precommits: &[Option<tendermint::vote::Vote>],
) -> Result<block::Id, Error> {
    let h = &block.header;
    if h.version.block != BLOCK_PROTOCOL || h.version.app != 0 {
        return Err(invalid("unexpected version"));
    }
    if h.chain_id != tip.chain_id {
        return Err(invalid(format!("chain id {} != {}", h.chain_id, tip.chain_id)));
    }
    if h.height != tip.height {
        return Err(invalid(format!("height {} != {}", h.height, tip.height)));
    }
    if h.last_block_id != tip.last_block_id {
        return Err(invalid("last_block_id does not extend our chain"));
    }
    let empty = empty_merkle_root();
    match (&block.last_commit, &tip.last_block_id) {
        (None, None) => {
            if h.last_commit_hash != Some(empty) {
                return Err(invalid("last_commit_hash of the first block"));
            }
        }
        (Some(commit), Some(last_id)) => {
            let prev = block::Height::try_from(tip.height.value().saturating_sub(1)).map_err(Error::from)?;
            verify_commit_with_known(&tip.chain_id, validators, last_id, prev, commit, known_precommits)?;
            if h.last_commit_hash != Some(commit_hash(commit)) {
                return Err(invalid("last_commit_hash does not match last_commit"));
            }
        }
        _ => return Err(invalid("last_commit presence does not match the height")),
    }
    if !block.data.is_empty() || h.data_hash != Some(empty) {
        return Err(invalid("blocks carry no transactions"));
    }
    validate_block_evidence(&tip.chain_id, validators, block)?;
    if h.last_results_hash != Some(empty) || !h.app_hash.as_bytes().is_empty() {
        return Err(invalid("unexpected app_hash or last_results_hash"));
    }
    let vhash = validators.hash();
    if h.validators_hash != vhash || h.next_validators_hash != vhash {
        return Err(invalid("validators hash does not match the set"));
    }
    if h.consensus_hash != consensus_params_hash(DEFAULT_BLOCK_MAX_BYTES, DEFAULT_BLOCK_MAX_GAS) {
        return Err(invalid("consensus hash"));
    }
    match &block.last_commit {
        Some(commit) => {
            if h.time <= tip.last_block_time {
                return Err(Error::BlockTimeNotAfterLast { time: h.time, last: tip.last_block_time });
            }
            let median = median_time(commit, validators)?;
            if h.time != median {
                return Err(Error::InvalidBlockTime { expected: median, got: h.time });
            }
        }
        None => {
            if h.time != tip.last_block_time {
                return Err(Error::BlockTimeNotGenesis { time: h.time, genesis: tip.last_block_time });
            }
        }
    }
    if !validators.proposed_at_or_before(tip.height, round, &h.proposer_address)? {
        return Err(invalid("proposer_address is not the proposer of any round up to the commit round"));
    }
    block_id(block)
}
