//! Tendermint BFT consensus ("The latest gossip on BFT consensus", arXiv 1807.04938) as a
//! pure state machine over tendermint-rs domain types, plus the block and commit checks a
//! node needs for block sync.
//!
//! Conventions the node can rely on:
//! - Sign bytes are tendermint-rs' canonical vote/proposal bytes (`into_signable_vec`), so
//!   tmkms signs exactly what CometBFT would; every incoming signature is verified against
//!   the member named by `validator_address`/`validator_index` before it counts.
//! - Block id = `Header::hash()` + part set header `{total: 1, hash: merkle root of the one
//!   part}` = sha256(0x00 || block protobuf bytes) — CometBFT's value for a one-part block.
//! - Header: version {block: 11, app: 0}; `evidence_hash` = CometBFT's `EvidenceList.Hash()`
//!   of the block's DuplicateVoteEvidence; `data_hash`, `last_results_hash`
//!   = merkle root of an empty list (sha256 of ""), as CometBFT computes for empty lists;
//!   `app_hash` empty (no application state); `consensus_hash` = CometBFT's
//!   `ConsensusParams.Hash()` of the default params (block max_bytes 22020096, max_gas -1);
//!   `validators_hash` = `next_validators_hash` (fixed set); time = BFT time as CometBFT
//!   0.38: the genesis time at the initial height, then the power-weighted median of the
//!   last commit's vote timestamps (`median_time`); votes are stamped
//!   max(now, locked or proposed block's time + 1 ms), so block times strictly increase.
//! - Future messages: those for `height + 1` are buffered (at most
//!   `max(64, FUTURE_MESSAGES_PER_VALIDATOR * validators)`) and replayed on entering that
//!   height; later heights are dropped (block sync), as are rounds more than
//!   `MAX_ROUNDS_AHEAD` above the current one.
//! - Votes count once per validator per (height, round, type); a second, different vote is
//!   reported as `Output::Equivocation`, becomes `DuplicateVoteEvidence` once its height's
//!   block time is known (the next proposer commits it), and is counted only towards a
//!   block id a peer claimed +2/3 for (`VoteSetMaj23`, CometBFT's `SetPeerMaj23`).

mod block;
mod commit;
mod error;
mod evidence;
mod message;
mod state;
mod timeouts;
mod validator_set;
mod vote_set;

pub use crate::block::{
    block_bytes, block_id, block_time, build_block, commit_hash, consensus_params_hash, median_time, raw_block,
    validate_block, Tip, BLOCK_PROTOCOL, DEFAULT_BLOCK_MAX_BYTES, DEFAULT_BLOCK_MAX_GAS, TIME_IOTA,
};
pub use crate::commit::{commit_sig_vote, verify_commit};
pub use crate::error::Error;
pub use crate::evidence::{
    evidence_bytes, evidence_hash, evidence_id, is_expired, new_duplicate_vote_evidence, raw_duplicate_vote,
    raw_evidence, validate_block_evidence, verify_duplicate_vote, EvidenceError, EvidenceParams, EvidencePool,
    DEFAULT_EVIDENCE_MAX_AGE_DURATION, DEFAULT_EVIDENCE_MAX_AGE_NUM_BLOCKS, MAX_EVIDENCE_PER_BLOCK,
};
pub use crate::message::{Message, VoteSetClaim};
pub use crate::state::{Input, Output, SignKind, State, Step, FUTURE_MESSAGES_PER_VALIDATOR, MAX_ROUNDS_AHEAD};
pub use crate::timeouts::{TimeoutStep, Timeouts};
pub use crate::validator_set::{ValidatorSet, MAX_PROPOSER_SCAN_ROUNDS};
