//! The Tendermint state machine of "The latest gossip on BFT consensus" (Buchman, Kwon,
//! Milosevic, arXiv 1807.04938). Line numbers in comments refer to Algorithm 1 there.
//!
//! Pure: no I/O, clock or threads. The node feeds [`Input`]s and executes [`Output`]s.
//! Signing is asynchronous (tmkms): the machine asks with `SignVote`/`SignProposal`, moves
//! on as the algorithm says, and counts/broadcasts its own message only once the signed
//! copy comes back with `SignedOwnVote`/`SignedOwnProposal`.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use tendermint::block::{self, Block, Commit};
use tendermint::evidence::Evidence;
use tendermint::proposal::{self, Proposal};
use tendermint::vote::{self, ValidatorIndex, Vote};
use tendermint::{account, chain, Time};

use crate::block::{build_block, validate_block_with_known, Tip, TIME_IOTA};
use crate::commit::make_commit;
use crate::error::Error;
use crate::evidence::{EvidenceParams, EvidencePool};
use crate::message::{Message, VoteSetClaim};
use crate::timeouts::{TimeoutStep, Timeouts};
use crate::validator_set::{is_one_third, is_supermajority, ValidatorSet};
use crate::vote_set::{Added, VoteSet};

/// Votes and proposals for rounds further than this above the current round are dropped,
/// so a faulty peer cannot make us store (or replay proposer priorities for) unbounded rounds.
pub const MAX_ROUNDS_AHEAD: u32 = 1000;

/// Distinct signed proposals kept per round (more only come from a faulty proposer).
const MAX_PROPOSALS_PER_ROUND: usize = 3;

/// Messages for `height + 1` are kept, up to this many per validator (plus a floor), and
/// replayed when that height is entered; anything for later heights is dropped — the node
/// catches up by block sync and re-feeds.
pub const FUTURE_MESSAGES_PER_VALIDATOR: usize = 8;
const FUTURE_MESSAGES_FLOOR: usize = 64;

/// Step of the current round; `NewHeight` is the wait between a decision (or
/// construction) and the start of round 0 (`Input::Start` or the commit timeout).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    NewHeight,
    Propose,
    Prevote,
    Precommit,
}

/// What a failed signature was for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignKind {
    Vote(vote::Type),
    Proposal,
}

// Inputs are handled one at a time; the proposal variant's size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Input {
    /// Begin round 0 of the current height now (instead of waiting for a commit timeout).
    Start,
    /// Current wall-clock time, used for vote and proposal timestamps (never for a block's
    /// time, which is BFT time). Send it before inputs; without it, the clock is taken to
    /// read the previous block's time.
    Now(Time),
    /// A signed proposal and its block, from a peer.
    Proposal { proposal: Proposal, block: Block },
    /// A signed vote, from a peer.
    Vote(Vote),
    /// A timer scheduled by `Output::ScheduleTimeout` fired.
    Timeout { height: block::Height, round: block::Round, step: TimeoutStep },
    /// The signer returned our vote, signed.
    SignedOwnVote(Vote),
    /// The signer returned our proposal, signed.
    SignedOwnProposal(Proposal),
    /// The signer refused or failed (e.g. tmkms double-sign protection).
    SignFailed { height: block::Height, round: block::Round, kind: SignKind, reason: String },
    /// Evidence from a peer; verified, kept and passed on if new.
    Evidence(Evidence),
    /// A peer (any stable name for it) claims +2/3 for a block id in a vote set.
    VoteSetMaj23 { peer: String, claim: VoteSetClaim },
    /// A peer's answer to our claim: which votes for the block id it holds.
    VoteSetBits { peer: String, claim: VoteSetClaim, votes: Vec<bool> },
}

#[derive(Clone, Debug)]
pub enum Output {
    /// Send to every peer.
    Broadcast(Message),
    /// Sign this vote (chain id = the machine's) and feed back `SignedOwnVote`/`SignFailed`.
    SignVote(Vote),
    /// Sign this proposal and feed back `SignedOwnProposal`/`SignFailed`; `block` is kept
    /// by the machine, the node needs it only for logging/storage.
    SignProposal { proposal: Proposal, block: Block },
    /// Feed `Input::Timeout{height, round, step}` after `duration`.
    ScheduleTimeout { height: block::Height, round: block::Round, step: TimeoutStep, duration: Duration },
    /// `block` is committed at its height; `commit` holds >2/3 precommits for it and is
    /// what this node proposes as `last_commit` of the next block. The machine has moved to
    /// the next height and scheduled its commit timeout.
    Decide { block: Block, commit: Commit },
    /// A validator signed two different votes for the same height, round and type.
    Equivocation { first: Vote, second: Vote },
    /// Send to one peer only (the one named in the input that caused it).
    SendTo { peer: String, message: Message },
}

#[derive(Clone, Debug)]
struct ProposalEntry {
    proposal: Proposal,
    block: Block,
    id: block::Id,
    /// valid(v) of the paper: the block extends our chain correctly.
    valid: bool,
}

#[derive(Clone, Debug)]
struct RoundVotes {
    prevotes: VoteSet,
    precommits: VoteSet,
}

#[derive(Clone, Debug)]
struct Candidate {
    round: block::Round,
    block: Block,
    id: block::Id,
}

#[derive(Debug)]
pub struct State {
    chain_id: chain::Id,
    timeouts: Timeouts,
    /// Validator set with the priorities of `height`.
    validators: ValidatorSet,
    own_address: Option<account::Id>,
    own_index: Option<usize>,
    height: block::Height,
    round: block::Round,
    step: Step,
    last_block_id: Option<block::Id>,
    /// Time of `height - 1`, or the genesis time at the initial height.
    last_block_time: Time,
    last_commit: Option<Commit>,
    now: Option<Time>,
    locked: Option<Candidate>,
    valid: Option<Candidate>,
    /// Correctly signed proposals per round; the first one drives lines 22-33, any of
    /// them can be locked on or decided (an equivocating proposer may reach us with the
    /// block the others decide).
    proposals: BTreeMap<block::Round, Vec<ProposalEntry>>,
    votes: BTreeMap<block::Round, RoundVotes>,
    prevote_timeout_scheduled: BTreeSet<block::Round>,
    precommit_timeout_scheduled: BTreeSet<block::Round>,
    line36_done: BTreeSet<block::Round>,
    pending_votes: Vec<Vote>,
    pending_proposal: Option<(Proposal, Block)>,
    future: Vec<Message>,
    reported: BTreeSet<(usize, block::Round, bool)>,
    last_decided: Vec<Message>,
    /// Verified precommits (by validator index) of the round that decided `height - 1`.
    last_precommits: Vec<Option<Vote>>,
    /// The +2/3 precommits of `height - 1`, claimed to peers still at that height.
    last_maj23: Option<VoteSetClaim>,
    evidence: EvidencePool,
}

fn vote_key(t: vote::Type) -> bool {
    matches!(t, vote::Type::Precommit)
}

impl State {
    /// A machine at `height`, before round 0 (call `handle(Input::Start)` or let the node's
    /// commit timer do it). `validators` may be the genesis set: it is advanced to `height`.
    /// `last_commit`/`last_block_id` describe `height - 1` and must be absent exactly at the
    /// set's initial height; `last_block_time` is the time of `height - 1`, and at the
    /// initial height the genesis time (the time the first block must carry). A node whose `own_address` is `None` or
    /// not in the set is a full node: it follows and decides but never signs.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        chain_id: chain::Id,
        validators: ValidatorSet,
        height: block::Height,
        last_commit: Option<Commit>,
        last_block_id: Option<block::Id>,
        last_block_time: Time,
        own_address: Option<account::Id>,
        timeouts: Timeouts,
    ) -> Result<State, Error> {
        let validators = validators.at_height(height)?;
        let first = height == validators.initial_height();
        if first != last_commit.is_none() || first != last_block_id.is_none() {
            return Err(Error::InvalidBlock(
                "last commit and block id are required exactly above the initial height".into(),
            ));
        }
        let own_index = own_address.and_then(|a| validators.find(&a).map(|(i, _)| i));
        let mut evidence = EvidencePool::new(EvidenceParams::default());
        // At the initial height `last_block_time` is the genesis time, not a block's.
        if !first {
            if let Ok(prev) = block::Height::try_from(height.value().saturating_sub(1)) {
                evidence.note_block_time(prev, last_block_time);
            }
        }
        Ok(State {
            chain_id,
            timeouts,
            validators,
            own_address,
            own_index,
            height,
            round: block::Round::default(),
            step: Step::NewHeight,
            last_block_id,
            last_block_time,
            last_commit,
            now: None,
            locked: None,
            valid: None,
            proposals: BTreeMap::new(),
            votes: BTreeMap::new(),
            prevote_timeout_scheduled: BTreeSet::new(),
            precommit_timeout_scheduled: BTreeSet::new(),
            line36_done: BTreeSet::new(),
            pending_votes: Vec::new(),
            pending_proposal: None,
            future: Vec::new(),
            reported: BTreeSet::new(),
            last_decided: Vec::new(),
            last_precommits: Vec::new(),
            last_maj23: None,
            evidence,
        })
    }

    /// Pending and committed evidence; a node restarting its machine (block sync) moves it
    /// to the new machine with [`State::set_evidence_pool`], after recording the synced
    /// blocks with `EvidencePool::block_committed`.
    pub fn evidence_pool(&self) -> &EvidencePool {
        &self.evidence
    }
    pub fn take_evidence_pool(&mut self) -> EvidencePool {
        std::mem::take(&mut self.evidence)
    }
    pub fn set_evidence_pool(&mut self, pool: EvidencePool) {
        self.evidence = pool;
    }

    pub fn chain_id(&self) -> &chain::Id {
        &self.chain_id
    }
    pub fn height(&self) -> block::Height {
        self.height
    }
    pub fn round(&self) -> block::Round {
        self.round
    }
    pub fn step(&self) -> Step {
        self.step
    }
    /// The validator set with this height's proposer priorities.
    pub fn validators(&self) -> &ValidatorSet {
        &self.validators
    }
    pub fn is_validator(&self) -> bool {
        self.own_index.is_some()
    }
    pub fn own_address(&self) -> Option<account::Id> {
        self.own_address
    }
    pub fn timeouts(&self) -> &Timeouts {
        &self.timeouts
    }
    pub fn locked_round(&self) -> Option<block::Round> {
        self.locked.as_ref().map(|c| c.round)
    }
    pub fn valid_round(&self) -> Option<block::Round> {
        self.valid.as_ref().map(|c| c.round)
    }
    /// Counted (verified, deduplicated) power of `vote_type` votes for `block_id` at the
    /// current height and `round`.
    pub fn vote_power(&self, round: block::Round, vote_type: vote::Type, block_id: Option<block::Id>) -> u64 {
        self.votes.get(&round).map_or(0, |rv| match vote_type {
            vote::Type::Prevote => rv.prevotes.power_for(&block_id),
            vote::Type::Precommit => rv.precommits.power_for(&block_id),
        })
    }
    /// Number of messages buffered for the next height.
    pub fn buffered_future_messages(&self) -> usize {
        self.future.len()
    }

    /// Messages worth re-sending to peers (the node should call this periodically and on
    /// new connections, as CometBFT's gossip routines re-send what peers lack): the
    /// proposals and votes of the current height's recent rounds (and of the valid round),
    /// and the proposal plus precommits of the last decided height for peers one behind.
    pub fn gossip(&self) -> Vec<Message> {
        let mut out = Vec::new();
        let from = self.round.value().saturating_sub(1);
        let keep = |r: &block::Round| r.value() >= from || Some(*r) == self.valid_round();
        for (r, ps) in &self.proposals {
            if keep(r) {
                if let Some(p) = ps.first() {
                    out.push(Message::Proposal { proposal: p.proposal.clone(), block: p.block.clone() });
                }
            }
        }
        for (r, rv) in &self.votes {
            if keep(r) {
                out.extend(rv.prevotes.iter().cloned().map(Message::Vote));
                out.extend(rv.precommits.iter().cloned().map(Message::Vote));
            }
        }
        out.extend(self.last_decided.iter().cloned());
        out.extend(self.evidence.pending().iter().cloned().map(Message::Evidence));
        out.extend(self.maj23_claims().into_iter().map(Message::VoteSetMaj23));
        out
    }

    /// The +2/3 we hold (consensus/reactor.go `queryMaj23Routine`: the current round's
    /// prevotes and precommits, the valid round's prevotes, the last commit).
    fn maj23_claims(&self) -> Vec<VoteSetClaim> {
        let mut claims = Vec::new();
        let mut add = |round: block::Round, vote_type: vote::Type, set: &VoteSet| {
            if let Some(block_id) = set.maj23() {
                claims.push(VoteSetClaim { height: self.height, round, vote_type, block_id });
            }
        };
        let valid = self.valid_round().filter(|r| *r != self.round);
        for r in [Some(self.round), valid].into_iter().flatten() {
            if let Some(rv) = self.votes.get(&r) {
                add(r, vote::Type::Prevote, &rv.prevotes);
                add(r, vote::Type::Precommit, &rv.precommits);
            }
        }
        claims.extend(self.last_maj23);
        claims
    }

    pub fn handle(&mut self, input: Input) -> Vec<Output> {
        let mut out = Vec::new();
        match input {
            Input::Start => {
                if self.step == Step::NewHeight {
                    self.start_round(block::Round::default(), &mut out);
                }
            }
            Input::Now(t) => self.now = Some(t),
            Input::Proposal { proposal, block } => self.on_proposal(proposal, block, &mut out),
            Input::Vote(v) => self.on_vote(v, &mut out),
            Input::Timeout { height, round, step } => self.on_timeout(height, round, step, &mut out),
            Input::SignedOwnVote(v) => self.on_signed_vote(v, &mut out),
            Input::SignedOwnProposal(p) => self.on_signed_proposal(p, &mut out),
            Input::Evidence(ev) => self.on_evidence(ev, &mut out),
            Input::VoteSetMaj23 { peer, claim } => self.on_vote_set_maj23(peer, claim, &mut out),
            Input::VoteSetBits { peer, claim, votes } => self.on_vote_set_bits(peer, claim, &votes, &mut out),
            Input::SignFailed { height, round, kind, reason } => {
                tracing::warn!(%height, %round, ?kind, %reason, "signing failed; message not sent");
                match kind {
                    SignKind::Vote(t) => {
                        self.pending_votes.retain(|v| !(v.height == height && v.round == round && v.vote_type == t))
                    }
                    SignKind::Proposal => {
                        if matches!(&self.pending_proposal, Some((p, _)) if p.height == height && p.round == round) {
                            self.pending_proposal = None;
                        }
                    }
                }
            }
        }
        self.progress(&mut out);
        out
    }

    fn tip(&self) -> Tip {
        Tip {
            chain_id: self.chain_id.clone(),
            height: self.height,
            last_block_id: self.last_block_id,
            last_block_time: self.last_block_time,
        }
    }

    fn clock(&self) -> Time {
        self.now.unwrap_or(self.last_block_time)
    }

    /// CometBFT 0.38's `voteTime` (consensus/state.go; spec/consensus/bft-time.md): now, but
    /// at least `TIME_IOTA` after the locked block's time, or else after the time of this
    /// round's proposal block (valid or not, as `cs.ProposalBlock` there), so the median of
    /// the precommits for a block, the next block's time, is after that block's time.
    /// 0.38 has no PBTS: nothing else bounds a vote's time.
    fn vote_time(&self) -> Time {
        let now = self.clock();
        let reference = match &self.locked {
            Some(l) => Some(l.block.header.time),
            None => self.proposals.get(&self.round).and_then(|ps| ps.first()).map(|p| p.block.header.time),
        };
        match reference.and_then(|t| t.checked_add(TIME_IOTA)) {
            Some(min) if now < min => min,
            _ => now,
        }
    }

    fn schedule(&self, step: TimeoutStep, out: &mut Vec<Output>) {
        out.push(Output::ScheduleTimeout {
            height: self.height,
            round: self.round,
            step,
            duration: self.timeouts.duration(step, self.round.value()),
        });
    }

    fn round_votes(&mut self, round: block::Round) -> &mut RoundVotes {
        let n = self.validators.len();
        let total = self.validators.total_power();
        self.votes
            .entry(round)
            .or_insert_with(|| RoundVotes { prevotes: VoteSet::new(n, total), precommits: VoteSet::new(n, total) })
    }

    fn prevotes(&self, round: block::Round) -> Option<&VoteSet> {
        self.votes.get(&round).map(|rv| &rv.prevotes)
    }

    fn precommits(&self, round: block::Round) -> Option<&VoteSet> {
        self.votes.get(&round).map(|rv| &rv.precommits)
    }

    fn too_far_ahead(&self, round: block::Round) -> bool {
        round.value() > self.round.value().saturating_add(MAX_ROUNDS_AHEAD)
    }

    fn buffer_future(&mut self, msg: Message) {
        let limit = FUTURE_MESSAGES_FLOOR.max(FUTURE_MESSAGES_PER_VALIDATOR * self.validators.len());
        if self.future.len() < limit {
            self.future.push(msg);
        } else {
            tracing::debug!("future-height buffer full; message dropped");
        }
    }

    fn is_next_height(&self, h: block::Height) -> bool {
        h.value() == self.height.value().saturating_add(1)
    }

    // StartRound (lines 11-21).
    fn start_round(&mut self, round: block::Round, out: &mut Vec<Output>) {
        self.round = round;
        self.step = Step::Propose;
        tracing::debug!(height = %self.height, %round, "start round");
        let proposer = self.validators.proposer_index(self.height, round);
        if let (Some(own), Ok(proposer)) = (self.own_index, proposer) {
            if own == proposer {
                // A still-unsigned proposal of an earlier round is superseded: its late
                // signature will not match and is ignored.
                self.propose(out);
            }
        }
        // CometBFT schedules the propose timeout for the proposer too, so a failed
        // signature cannot leave it in the propose step forever.
        self.schedule(TimeoutStep::Propose, out);
    }

    fn propose(&mut self, out: &mut Vec<Output>) {
        let (block, pol_round) = match &self.valid {
            Some(c) => (c.block.clone(), Some(c.round)),
            None => {
                let Some(own) = self.own_address else { return };
                let evidence = self.evidence.for_proposal();
                match build_block(&self.tip(), &self.validators, self.last_commit.clone(), own, evidence) {
                    Ok(b) => (b, None),
                    Err(e) => {
                        tracing::error!(error = %e, "cannot build a block");
                        return;
                    }
                }
            }
        };
        let id = match crate::block::block_id(&block) {
            Ok(id) => id,
            Err(e) => {
                tracing::error!(error = %e, "cannot compute block id");
                return;
            }
        };
        let proposal = Proposal {
            msg_type: proposal::Type::Proposal,
            height: self.height,
            round: self.round,
            pol_round,
            block_id: Some(id),
            // CometBFT 0.38's `types.NewProposal`: the proposer's clock, checked by no one.
            timestamp: Some(self.clock()),
            signature: None,
        };
        self.pending_proposal = Some((proposal.clone(), block.clone()));
        out.push(Output::SignProposal { proposal, block });
    }

    fn cast(&mut self, vote_type: vote::Type, block_id: Option<block::Id>, out: &mut Vec<Output>) {
        let (Some(index), Some(address)) = (self.own_index, self.own_address) else {
            return;
        };
        let Ok(validator_index) = ValidatorIndex::try_from(index) else {
            return;
        };
        let vote = Vote {
            vote_type,
            height: self.height,
            round: self.round,
            block_id,
            timestamp: Some(self.vote_time()),
            validator_address: address,
            validator_index,
            signature: None,
            extension: Vec::new(),
            extension_signature: None,
        };
        self.pending_votes.push(vote.clone());
        out.push(Output::SignVote(vote));
    }

    fn on_proposal(&mut self, proposal: Proposal, block: Block, out: &mut Vec<Output>) {
        if proposal.height != self.height {
            if self.is_next_height(proposal.height) {
                self.buffer_future(Message::Proposal { proposal, block });
            }
            return;
        }
        if let Err(reason) = self.accept_proposal(proposal, block) {
            tracing::debug!(height = %self.height, %reason, "proposal ignored");
        }
        let _ = out;
    }

    /// Checks a proposal from a peer (or our own, signed) and stores it.
    fn accept_proposal(&mut self, proposal: Proposal, block: Block) -> Result<(), String> {
        if proposal.msg_type != proposal::Type::Proposal {
            return Err("not a proposal".into());
        }
        if self.too_far_ahead(proposal.round) {
            return Err("round too far ahead".into());
        }
        if let Some(vr) = proposal.pol_round {
            if vr >= proposal.round {
                return Err("pol_round not below round".into());
            }
        }
        if let Some(existing) = self.proposals.get(&proposal.round) {
            if existing.iter().any(|e| Some(e.id) == proposal.block_id) {
                return Err("already have this proposal".into());
            }
            if existing.len() >= MAX_PROPOSALS_PER_ROUND {
                return Err("too many proposals for this round".into());
            }
        }
        let id = crate::block::block_id(&block).map_err(|e| e.to_string())?;
        if proposal.block_id != Some(id) {
            return Err("proposal block id does not match the block".into());
        }
        let proposer = self.validators.proposer_index(self.height, proposal.round).map_err(|e| e.to_string())?;
        let signature = proposal.signature.clone().ok_or("unsigned proposal")?;
        let bytes = proposal.clone().into_signable_vec(self.chain_id.clone());
        self.validators.verify(proposer, &bytes, &signature).map_err(|e| e.to_string())?;
        let valid = match validate_block_with_known(
            &self.tip(),
            &self.validators,
            &block,
            proposal.round,
            &self.last_precommits,
        )
        .and_then(|_| self.evidence.check_block(&block, &self.chain_id, &self.validators).map_err(Error::from))
        {
            Ok(_) => true,
            Err(e) => {
                tracing::warn!(height = %self.height, round = %proposal.round, error = %e, "invalid proposed block");
                false
            }
        };
        let entries = self.proposals.entry(proposal.round).or_default();
        if !entries.is_empty() {
            tracing::warn!(height = %self.height, round = %proposal.round, "proposer signed conflicting proposals");
        }
        entries.push(ProposalEntry { proposal, block, id, valid });
        Ok(())
    }

    fn on_vote(&mut self, vote: Vote, out: &mut Vec<Output>) {
        if vote.height != self.height {
            if self.is_next_height(vote.height) {
                self.buffer_future(Message::Vote(vote));
            } else if vote.height.value().saturating_add(1) == self.height.value() {
                self.check_late_precommit(vote, out);
            }
            return;
        }
        if let Err(reason) = self.accept_vote(vote, out) {
            tracing::debug!(height = %self.height, %reason, "vote ignored");
        }
    }

    fn accept_vote(&mut self, vote: Vote, out: &mut Vec<Output>) -> Result<(), String> {
        if self.too_far_ahead(vote.round) {
            return Err("round too far ahead".into());
        }
        let (index, _) = self.validators.find(&vote.validator_address).ok_or("not a validator")?;
        if vote.validator_index.value() as usize != index {
            return Err("validator index does not match the address".into());
        }
        let signature = vote.signature.clone().ok_or("unsigned vote")?;
        if vote.timestamp.is_none() {
            return Err("vote without timestamp".into());
        }
        let known = self.votes.get(&vote.round).and_then(|rv| match vote.vote_type {
            vote::Type::Prevote => rv.prevotes.get(index),
            vote::Type::Precommit => rv.precommits.get(index),
        });
        let held = self.votes.get(&vote.round).is_some_and(|rv| match vote.vote_type {
            vote::Type::Prevote => rv.prevotes.contains(index, &vote),
            vote::Type::Precommit => rv.precommits.contains(index, &vote),
        });
        // Gossip re-sends votes; skip the signature check for an exact copy.
        if held || known == Some(&vote) {
            return Ok(());
        }
        let bytes = vote.clone().into_signable_vec(self.chain_id.clone());
        self.validators.verify(index, &bytes, &signature).map_err(|e| e.to_string())?;
        self.count_vote(index, vote, out);
        Ok(())
    }

    /// Adds a verified vote; equivocations are reported once and never counted twice.
    fn count_vote(&mut self, index: usize, vote: Vote, out: &mut Vec<Output>) {
        let power = self.validators.power_of(index);
        let round = vote.round;
        let t = vote.vote_type;
        let rv = self.round_votes(round);
        let set = match t {
            vote::Type::Prevote => &mut rv.prevotes,
            vote::Type::Precommit => &mut rv.precommits,
        };
        match set.add(index, vote.clone(), power) {
            Added::New | Added::Duplicate => {}
            Added::Conflict(first) | Added::ConflictAdmitted(first) => {
                if self.reported.insert((index, round, vote_key(t))) {
                    tracing::warn!(validator = %vote.validator_address, height = %self.height, %round, ?t, "equivocation");
                    out.push(Output::Equivocation { first: (*first).clone(), second: vote.clone() });
                    self.report_conflict(*first, vote, out);
                }
            }
        }
    }

    /// Hands two conflicting verified votes to the evidence pool (`ReportConflictingVotes`)
    /// and passes on the evidence if it could be formed at once.
    fn report_conflict(&mut self, a: Vote, b: Vote, out: &mut Vec<Output>) {
        if let Some(ev) = self.evidence.report_conflicting_votes(a, b, &self.chain_id, &self.validators) {
            out.push(Output::Broadcast(Message::Evidence(ev)));
        }
    }

    /// A precommit of the height just decided that conflicts with the one we hold from the
    /// same validator (CometBFT adds these to `LastCommit` and reports the conflict).
    fn check_late_precommit(&mut self, vote: Vote, out: &mut Vec<Output>) {
        if vote.vote_type != vote::Type::Precommit {
            return;
        }
        let Some((index, _)) = self.validators.find(&vote.validator_address) else { return };
        let Some(known) = self.last_precommits.get(index).and_then(Option::as_ref) else { return };
        if known.round != vote.round
            || known.block_id == vote.block_id
            || vote.validator_index.value() as usize != index
        {
            return;
        }
        let (Some(signature), Some(_)) = (vote.signature.clone(), vote.timestamp) else { return };
        let bytes = vote.clone().into_signable_vec(self.chain_id.clone());
        if self.validators.verify(index, &bytes, &signature).is_err() {
            return;
        }
        let known = known.clone();
        if self.reported.insert((index, vote.round, true)) {
            tracing::warn!(validator = %vote.validator_address, height = %vote.height, "equivocation (late precommit)");
            out.push(Output::Equivocation { first: known.clone(), second: vote.clone() });
            self.report_conflict(known, vote, out);
        }
    }

    fn on_evidence(&mut self, ev: Evidence, out: &mut Vec<Output>) {
        match self.evidence.add(ev.clone(), &self.chain_id, &self.validators) {
            Ok(true) => out.push(Output::Broadcast(Message::Evidence(ev))),
            Ok(false) => {}
            Err(e) => tracing::debug!(error = %e, "evidence refused"),
        }
    }

    /// consensus/reactor.go: a `VoteSetMaj23` is recorded on the vote set
    /// (`SetPeerMaj23`) and answered with our `VoteSetBits` for that block id.
    fn on_vote_set_maj23(&mut self, peer: String, claim: VoteSetClaim, out: &mut Vec<Output>) {
        if claim.height != self.height || self.too_far_ahead(claim.round) {
            return;
        }
        let rv = self.round_votes(claim.round);
        let set = match claim.vote_type {
            vote::Type::Prevote => &mut rv.prevotes,
            vote::Type::Precommit => &mut rv.precommits,
        };
        if set.set_peer_maj23(&peer, claim.block_id).is_err() {
            tracing::warn!(%peer, height = %claim.height, round = %claim.round, "peer claims +2/3 for two block ids");
            return;
        }
        let votes = set.bits_for(&claim.block_id);
        out.push(Output::SendTo { peer, message: Message::VoteSetBits { claim, votes } });
    }

    /// A peer's `VoteSetBits`: send it the votes for the block id it lacks (from the
    /// current height, or the precommits that decided the last one).
    fn on_vote_set_bits(&mut self, peer: String, claim: VoteSetClaim, bits: &[bool], out: &mut Vec<Output>) {
        let lacks = |i: usize| !bits.get(i).copied().unwrap_or(false);
        let votes: Vec<Vote> = if claim.height == self.height {
            let Some(rv) = self.votes.get(&claim.round) else { return };
            let set = match claim.vote_type {
                vote::Type::Prevote => &rv.prevotes,
                vote::Type::Precommit => &rv.precommits,
            };
            set.votes_for(&claim.block_id).into_iter().filter(|(i, _)| lacks(*i)).map(|(_, v)| v.clone()).collect()
        } else if Some(claim) == self.last_maj23 {
            self.last_precommits
                .iter()
                .enumerate()
                .filter(|(i, v)| lacks(*i) && v.as_ref().is_some_and(|v| v.block_id == claim.block_id))
                .filter_map(|(_, v)| v.clone())
                .collect()
        } else {
            return;
        };
        for v in votes {
            out.push(Output::SendTo { peer: peer.clone(), message: Message::Vote(v) });
        }
    }

    fn on_signed_vote(&mut self, vote: Vote, out: &mut Vec<Output>) {
        let Some(pos) = self.pending_votes.iter().position(|p| {
            p.height == vote.height
                && p.round == vote.round
                && p.vote_type == vote.vote_type
                && p.block_id == vote.block_id
                && p.validator_address == vote.validator_address
        }) else {
            tracing::warn!("signed vote that was not requested; ignored");
            return;
        };
        let (Some(index), Some(signature)) = (self.own_index, vote.signature.clone()) else {
            return;
        };
        let bytes = vote.clone().into_signable_vec(self.chain_id.clone());
        if let Err(e) = self.validators.verify(index, &bytes, &signature) {
            // Typically a signer holding another key than the one in the validator set.
            tracing::error!(error = %e, "signer returned a vote our key does not verify");
            return;
        }
        self.pending_votes.remove(pos);
        out.push(Output::Broadcast(Message::Vote(vote.clone())));
        if vote.height == self.height {
            self.count_vote(index, vote, out);
        } else if vote.vote_type == vote::Type::Precommit {
            // Signed after we decided: peers may still need it to decide, keep gossiping it.
            self.last_decided.push(Message::Vote(vote));
        }
    }

    fn on_signed_proposal(&mut self, proposal: Proposal, out: &mut Vec<Output>) {
        let Some((pending, block)) = self.pending_proposal.clone() else {
            tracing::warn!("signed proposal that was not requested; ignored");
            return;
        };
        if pending.height != proposal.height || pending.round != proposal.round || pending.block_id != proposal.block_id
        {
            tracing::warn!("signed proposal does not match the request; ignored");
            return;
        }
        let (Some(index), Some(signature)) = (self.own_index, proposal.signature.clone()) else {
            return;
        };
        let bytes = proposal.clone().into_signable_vec(self.chain_id.clone());
        if let Err(e) = self.validators.verify(index, &bytes, &signature) {
            tracing::error!(error = %e, "signer returned a proposal our key does not verify");
            return;
        }
        self.pending_proposal = None;
        if proposal.height != self.height {
            return;
        }
        match self.accept_proposal(proposal.clone(), block.clone()) {
            Ok(()) => out.push(Output::Broadcast(Message::Proposal { proposal, block })),
            Err(reason) => tracing::error!(%reason, "own signed proposal rejected"),
        }
    }

    fn on_timeout(&mut self, height: block::Height, round: block::Round, step: TimeoutStep, out: &mut Vec<Output>) {
        if height != self.height {
            return;
        }
        match step {
            // OnTimeoutPropose (lines 57-60).
            TimeoutStep::Propose => {
                if round == self.round && self.step == Step::Propose {
                    self.cast(vote::Type::Prevote, None, out);
                    self.step = Step::Prevote;
                }
            }
            // OnTimeoutPrevote (lines 61-64).
            TimeoutStep::Prevote => {
                if round == self.round && self.step == Step::Prevote {
                    self.cast(vote::Type::Precommit, None, out);
                    self.step = Step::Precommit;
                }
            }
            // OnTimeoutPrecommit (lines 65-67).
            TimeoutStep::Precommit => {
                if round == self.round && self.step != Step::NewHeight {
                    match block::Round::try_from(round.value().saturating_add(1)) {
                        Ok(next) => self.start_round(next, out),
                        Err(_) => tracing::error!("round overflow"),
                    }
                }
            }
            TimeoutStep::Commit => {
                if self.step == Step::NewHeight {
                    self.start_round(block::Round::default(), out);
                }
            }
        }
    }

    fn progress(&mut self, out: &mut Vec<Output>) {
        // Every rule either changes the step/round/height or marks itself done, so this
        // terminates; the bound is a guard against a logic error looping forever.
        for _ in 0..10_000 {
            if !self.apply_one_rule(out) {
                return;
            }
        }
        tracing::error!("consensus rules did not settle");
    }

    fn apply_one_rule(&mut self, out: &mut Vec<Output>) -> bool {
        if self.step == Step::NewHeight {
            return false;
        }
        let total = self.validators.total_power();

        // Lines 49-54: a valid proposal with 2f+1 precommits in any round decides.
        let decided = self.proposals.iter().find_map(|(r, ps)| {
            ps.iter().find_map(|p| {
                let power = self.precommits(*r).map_or(0, |s| s.power_for(&Some(p.id)));
                (p.valid && is_supermajority(power, total)).then_some((*r, p.id))
            })
        });
        if let Some((r, id)) = decided {
            self.decide(r, id, out);
            return true;
        }

        // Lines 55-56: f+1 validators already in a higher round.
        let skip_to = self
            .votes
            .iter()
            .filter(|(r, _)| **r > self.round)
            .filter(|(_, rv)| {
                let voters: BTreeSet<usize> = rv.prevotes.voters().chain(rv.precommits.voters()).collect();
                is_one_third(self.validators.power_sum(voters.into_iter()), total)
            })
            .map(|(r, _)| *r)
            .next_back();
        if let Some(r) = skip_to {
            self.start_round(r, out);
            return true;
        }

        let round = self.round;
        let current = self.proposals.get(&round).and_then(|ps| ps.first()).cloned();

        if self.step == Step::Propose {
            if let Some(p) = &current {
                match p.proposal.pol_round {
                    // Lines 22-27.
                    None => {
                        let ok = p.valid && self.locked.as_ref().is_none_or(|l| l.id == p.id);
                        self.cast(vote::Type::Prevote, ok.then_some(p.id), out);
                        self.step = Step::Prevote;
                        return true;
                    }
                    // Lines 28-33.
                    Some(vr) if vr < round => {
                        let pol = self.prevotes(vr).map_or(0, |s| s.power_for(&Some(p.id)));
                        if is_supermajority(pol, total) {
                            let ok = p.valid && self.locked.as_ref().is_none_or(|l| l.round <= vr || l.id == p.id);
                            self.cast(vote::Type::Prevote, ok.then_some(p.id), out);
                            self.step = Step::Prevote;
                            return true;
                        }
                    }
                    Some(_) => {}
                }
            }
        }

        let prevotes_total = self.prevotes(round).map_or(0, VoteSet::total);
        // Lines 34-35.
        if self.step == Step::Prevote
            && is_supermajority(prevotes_total, total)
            && self.prevote_timeout_scheduled.insert(round)
        {
            self.schedule(TimeoutStep::Prevote, out);
            return true;
        }

        // Lines 36-43.
        if self.step >= Step::Prevote && !self.line36_done.contains(&round) {
            let polka = self.proposals.get(&round).and_then(|ps| {
                ps.iter()
                    .find(|p| {
                        p.valid && is_supermajority(self.prevotes(round).map_or(0, |s| s.power_for(&Some(p.id))), total)
                    })
                    .cloned()
            });
            if let Some(p) = &polka {
                {
                    self.line36_done.insert(round);
                    let candidate = Candidate { round, block: p.block.clone(), id: p.id };
                    if self.step == Step::Prevote {
                        self.locked = Some(candidate.clone());
                        self.cast(vote::Type::Precommit, Some(p.id), out);
                        self.step = Step::Precommit;
                    }
                    self.valid = Some(candidate);
                    return true;
                }
            }
        }

        // Lines 44-46.
        if self.step == Step::Prevote {
            let nil = self.prevotes(round).map_or(0, |s| s.power_for(&None));
            if is_supermajority(nil, total) {
                self.cast(vote::Type::Precommit, None, out);
                self.step = Step::Precommit;
                return true;
            }
        }

        // Lines 47-48.
        let precommits_total = self.precommits(round).map_or(0, VoteSet::total);
        if is_supermajority(precommits_total, total) && self.precommit_timeout_scheduled.insert(round) {
            self.schedule(TimeoutStep::Precommit, out);
            return true;
        }
        false
    }

    fn decide(&mut self, round: block::Round, id: block::Id, out: &mut Vec<Output>) {
        let Some(p) = self.proposals.get(&round).and_then(|ps| ps.iter().find(|p| p.id == id)).cloned() else {
            return;
        };
        let precommits: Vec<Option<Vote>> = self.precommits(round).map(|s| s.by_index().to_vec()).unwrap_or_default();
        let decided_height = self.height;
        let commit = make_commit(self.height, round, p.id, &precommits);
        tracing::info!(height = %self.height, %round, hash = %p.id.hash, "decided");
        out.push(Output::Decide { block: p.block.clone(), commit: commit.clone() });

        let mut last = vec![Message::Proposal { proposal: p.proposal.clone(), block: p.block.clone() }];
        last.extend(precommits.iter().flatten().cloned().map(Message::Vote));
        self.last_precommits = precommits;
        self.last_decided = last;
        self.last_maj23 = Some(VoteSetClaim {
            height: decided_height,
            round,
            vote_type: vote::Type::Precommit,
            block_id: Some(p.id),
        });
        for ev in self.evidence.block_committed(&p.block, &self.chain_id, &self.validators) {
            out.push(Output::Broadcast(Message::Evidence(ev)));
        }

        let next = self.height.value().saturating_add(1);
        let Ok(next) = block::Height::try_from(next) else {
            tracing::error!("height overflow");
            return;
        };
        match self.validators.at_height(next) {
            Ok(v) => self.validators = v,
            Err(e) => {
                tracing::error!(error = %e, "cannot advance the validator set");
                return;
            }
        }
        self.height = next;
        self.round = block::Round::default();
        self.step = Step::NewHeight;
        self.last_block_id = Some(p.id);
        self.last_block_time = p.block.header.time;
        self.last_commit = Some(commit);
        self.locked = None;
        self.valid = None;
        self.proposals.clear();
        self.votes.clear();
        self.prevote_timeout_scheduled.clear();
        self.precommit_timeout_scheduled.clear();
        self.line36_done.clear();
        // Votes still being signed are kept: a precommit signed after the decision must
        // still reach the peers that have not decided yet.
        let h = self.height;
        self.pending_votes.retain(|v| v.height.value().saturating_add(1) >= h.value());
        self.pending_proposal = None;
        self.reported.clear();
        self.schedule(TimeoutStep::Commit, out);

        for msg in std::mem::take(&mut self.future) {
            match msg {
                Message::Proposal { proposal, block } => self.on_proposal(proposal, block, out),
                Message::Vote(v) => self.on_vote(v, out),
                // Only proposals and votes are buffered.
                Message::Evidence(_) | Message::VoteSetMaj23(_) | Message::VoteSetBits { .. } => {}
            }
        }
    }
}
