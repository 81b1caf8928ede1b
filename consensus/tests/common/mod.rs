//! Deterministic in-memory network of consensus state machines, with local ed25519 signers.
#![allow(dead_code)]

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::time::Duration;

use consensus::{Input, Message, Output, State, Timeouts, ValidatorSet};
use ed25519_dalek::{Signer, SigningKey};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tendermint::block::{self, Block, Commit};
use tendermint::proposal::Proposal;
use tendermint::vote::{self, Vote};
use tendermint::{account, chain, validator, PublicKey, Signature, Time};

pub const CHAIN_ID: &str = "sim-chain-1";
/// How long a peer must have been past our height before the simulated block sync acts,
/// so that consensus itself gets the chance to finish the height first.
pub const SYNC_AFTER_MS: u64 = 3_000;

pub fn chain_id() -> chain::Id {
    chain::Id::try_from(CHAIN_ID.to_string()).expect("chain id")
}

pub fn key(seed: u64, i: usize) -> SigningKey {
    let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_mul(1000).wrapping_add(i as u64));
    SigningKey::generate(&mut rng)
}

pub fn info(sk: &SigningKey, power: u64) -> validator::Info {
    let pk = PublicKey::from_raw_ed25519(sk.verifying_key().as_bytes()).expect("ed25519");
    validator::Info::new(pk, vote::Power::try_from(power).expect("power"))
}

pub fn address(sk: &SigningKey) -> account::Id {
    info(sk, 1).address
}

pub fn genesis(powers: &[u64]) -> (Vec<SigningKey>, ValidatorSet) {
    let keys: Vec<SigningKey> = (0..powers.len()).map(|i| key(42, i)).collect();
    let infos = keys.iter().zip(powers).map(|(k, p)| info(k, *p)).collect();
    let set = ValidatorSet::new(infos, block::Height::from(1u32)).expect("set");
    (keys, set)
}

pub fn sign_vote(sk: &SigningKey, chain: &chain::Id, mut v: Vote) -> Vote {
    v.signature = None;
    let bytes = v.clone().into_signable_vec(chain.clone());
    v.signature = Signature::new(sk.sign(&bytes).to_bytes()).expect("sig");
    v
}

pub fn sign_proposal(sk: &SigningKey, chain: &chain::Id, mut p: Proposal) -> Proposal {
    p.signature = None;
    let bytes = p.clone().into_signable_vec(chain.clone());
    p.signature = Signature::new(sk.sign(&bytes).to_bytes()).expect("sig");
    p
}

pub fn genesis_time() -> Time {
    Time::from_unix_timestamp(1_700_000_000, 0).expect("time")
}

pub fn sim_timeouts() -> Timeouts {
    Timeouts {
        timeout_propose: Duration::from_millis(400),
        timeout_propose_delta: Duration::from_millis(100),
        timeout_prevote: Duration::from_millis(200),
        timeout_prevote_delta: Duration::from_millis(100),
        timeout_precommit: Duration::from_millis(200),
        timeout_precommit_delta: Duration::from_millis(100),
        timeout_commit: Duration::from_millis(100),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behavior {
    Honest,
    /// Never runs.
    Crashed,
    /// Signs a second, conflicting vote for every vote it casts, and a second block for
    /// every proposal it makes, and sends each half of the peers a different one. The second
    /// block is valid where its last commit can lose a signature and keep >2/3 (its time
    /// then being that smaller commit's median); otherwise (height 1, a commit with no
    /// spare signature) only its time differs, which breaks BFT time.
    DoubleVoter,
    /// Honest, except that every block it proposes carries its own clock's reading (the
    /// virtual time plus `BAD_TIME_SHIFT_MS`) instead of BFT time, signed as a proper
    /// proposal.
    BadTime,
}

/// How far a `BadTime` proposer's block times are off.
pub const BAD_TIME_SHIFT_MS: u64 = 1_000;

pub struct Node {
    pub state: State,
    pub key: Option<SigningKey>,
    pub behavior: Behavior,
    pub decided: BTreeMap<u64, (Block, Commit)>,
    /// Heights obtained by the simulated block sync instead of by consensus.
    pub synced: Vec<u64>,
    /// Virtual time at which each height was decided (or synced).
    pub decided_at: BTreeMap<u64, u64>,
    pub equivocations: Vec<(Vote, Vote)>,
}

#[allow(clippy::large_enum_variant)]
enum Event {
    Input(usize, Input),
    Gossip(usize),
}

pub struct Sim {
    pub rng: ChaCha8Rng,
    pub now_ms: u64,
    seq: u64,
    queue: BinaryHeap<Reverse<(u64, u64)>>,
    events: BTreeMap<u64, Event>,
    pub nodes: Vec<Node>,
    pub min_delay_ms: u64,
    pub max_delay_ms: u64,
    pub loss: f64,
    pub gossip_ms: u64,
    /// (from_ms, until_ms, group of each node): messages across groups are lost.
    pub partitions: Vec<(u64, u64, Vec<u8>)>,
    pub chain: chain::Id,
    /// When set, a node two heights behind a peer, or whose current height a peer decided
    /// `SYNC_AFTER_MS` ago, fetches the missing block and
    /// commit, checks them with `verify_commit` + `validate_block` and restarts its state
    /// machine above it, as the node's block sync does.
    pub block_sync: bool,
    pub genesis: ValidatorSet,
    /// Per node, how far its clock (`Input::Now`) is ahead (positive) or behind of the
    /// virtual time, in ms.
    pub clock_skew_ms: Vec<i64>,
}

impl Sim {
    /// One node per key (validators), plus `full_nodes` non-validators.
    pub fn new(seed: u64, keys: &[SigningKey], set: &ValidatorSet, behaviors: &[Behavior], full_nodes: usize) -> Sim {
        let mut nodes = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            nodes.push(Node {
                state: State::new(
                    chain_id(),
                    set.clone(),
                    block::Height::from(1u32),
                    None,
                    None,
                    genesis_time(),
                    Some(address(k)),
                    sim_timeouts(),
                )
                .expect("state"),
                key: Some(k.clone()),
                behavior: behaviors.get(i).copied().unwrap_or(Behavior::Honest),
                decided: BTreeMap::new(),
                synced: Vec::new(),
                decided_at: BTreeMap::new(),
                equivocations: Vec::new(),
            });
        }
        for _ in 0..full_nodes {
            nodes.push(Node {
                state: State::new(
                    chain_id(),
                    set.clone(),
                    block::Height::from(1u32),
                    None,
                    None,
                    genesis_time(),
                    None,
                    sim_timeouts(),
                )
                .expect("state"),
                key: None,
                behavior: Behavior::Honest,
                decided: BTreeMap::new(),
                synced: Vec::new(),
                decided_at: BTreeMap::new(),
                equivocations: Vec::new(),
            });
        }
        let mut sim = Sim {
            rng: ChaCha8Rng::seed_from_u64(seed),
            now_ms: 0,
            seq: 0,
            queue: BinaryHeap::new(),
            events: BTreeMap::new(),
            nodes,
            min_delay_ms: 2,
            max_delay_ms: 60,
            loss: 0.0,
            gossip_ms: 300,
            partitions: Vec::new(),
            chain: chain_id(),
            block_sync: false,
            genesis: set.clone(),
            clock_skew_ms: Vec::new(),
        };
        for i in 0..sim.nodes.len() {
            let jitter = sim.rng.gen_range(0..50);
            sim.push(jitter, Event::Input(i, Input::Start));
            let g = sim.rng.gen_range(0..sim.gossip_ms);
            sim.push(g, Event::Gossip(i));
        }
        sim
    }

    fn push(&mut self, delay_ms: u64, ev: Event) {
        self.seq += 1;
        self.queue.push(Reverse((self.now_ms + delay_ms, self.seq)));
        self.events.insert(self.seq, ev);
    }

    fn alive(&self, i: usize) -> bool {
        self.nodes[i].behavior != Behavior::Crashed
    }

    fn connected(&self, a: usize, b: usize) -> bool {
        !self
            .partitions
            .iter()
            .any(|(from, until, groups)| self.now_ms >= *from && self.now_ms < *until && groups[a] != groups[b])
    }

    fn send(&mut self, from: usize, to: usize, msg: Message) {
        if !self.connected(from, to) || (self.loss > 0.0 && self.rng.gen_bool(self.loss)) {
            return;
        }
        // Messages go through the wire encoding, as on a real network.
        let decoded = Message::decode(&msg.encode()).expect("wire round trip");
        let delay = self.rng.gen_range(self.min_delay_ms..=self.max_delay_ms);
        let peer = from.to_string();
        let input = match decoded {
            Message::Proposal { proposal, block } => Input::Proposal { proposal, block },
            Message::Vote(v) => Input::Vote(v),
            Message::Evidence(e) => Input::Evidence(e),
            Message::VoteSetMaj23(claim) => Input::VoteSetMaj23 { peer, claim },
            Message::VoteSetBits { claim, votes } => Input::VoteSetBits { peer, claim, votes },
        };
        self.push(delay, Event::Input(to, input));
    }

    fn broadcast(&mut self, from: usize, msg: Message) {
        for to in 0..self.nodes.len() {
            if to != from {
                self.send(from, to, msg.clone());
            }
        }
    }

    fn time(&self) -> Time {
        genesis_time().checked_add(Duration::from_millis(self.now_ms)).expect("time")
    }

    /// What node `i`'s clock reads now.
    pub fn clock_of(&self, i: usize) -> Time {
        let t = self.time();
        match self.clock_skew_ms.get(i).copied().unwrap_or(0) {
            s if s >= 0 => t.checked_add(Duration::from_millis(s as u64)).expect("time"),
            s => t.checked_sub(Duration::from_millis(s.unsigned_abs())).expect("time"),
        }
    }

    fn execute(&mut self, i: usize, outputs: Vec<Output>) {
        for o in outputs {
            match o {
                Output::Broadcast(Message::Vote(v)) if self.nodes[i].behavior == Behavior::DoubleVoter => {
                    let sk = self.nodes[i].key.clone().expect("key");
                    let mut other = v.clone();
                    other.block_id = match v.block_id {
                        Some(_) => None,
                        None => Some(fake_block_id(v.height.value(), v.round.value())),
                    };
                    let other = sign_vote(&sk, &self.chain, other);
                    for to in 0..self.nodes.len() {
                        if to != i {
                            let m = if to % 2 == 0 { v.clone() } else { other.clone() };
                            self.send(i, to, Message::Vote(m));
                        }
                    }
                }
                Output::Broadcast(Message::Proposal { proposal, block })
                    if self.nodes[i].behavior == Behavior::DoubleVoter =>
                {
                    let sk = self.nodes[i].key.clone().expect("key");
                    let other_block = self.other_block(&block);
                    let mut other = proposal.clone();
                    other.block_id = Some(consensus::block_id(&other_block).expect("id"));
                    let other = sign_proposal(&sk, &self.chain, other);
                    for to in 0..self.nodes.len() {
                        if to != i {
                            let m = if to % 2 == 0 {
                                Message::Proposal { proposal: proposal.clone(), block: block.clone() }
                            } else {
                                Message::Proposal { proposal: other.clone(), block: other_block.clone() }
                            };
                            self.send(i, to, m);
                        }
                    }
                }
                Output::Broadcast(Message::Proposal { proposal, block })
                    if self.nodes[i].behavior == Behavior::BadTime =>
                {
                    let sk = self.nodes[i].key.clone().expect("key");
                    let mut bad = block.clone();
                    bad.header.time = self.time().checked_add(Duration::from_millis(BAD_TIME_SHIFT_MS)).expect("time");
                    let mut p = proposal.clone();
                    p.block_id = Some(consensus::block_id(&bad).expect("id"));
                    let p = sign_proposal(&sk, &self.chain, p);
                    self.broadcast(i, Message::Proposal { proposal: p, block: bad });
                }
                Output::Broadcast(m) => self.broadcast(i, m),
                Output::SignVote(v) => {
                    let sk = self.nodes[i].key.clone().expect("validator signs");
                    let signed = sign_vote(&sk, &self.chain, v);
                    self.push(1, Event::Input(i, Input::SignedOwnVote(signed)));
                }
                Output::SignProposal { proposal, .. } => {
                    let sk = self.nodes[i].key.clone().expect("validator signs");
                    let signed = sign_proposal(&sk, &self.chain, proposal);
                    self.push(1, Event::Input(i, Input::SignedOwnProposal(signed)));
                }
                Output::ScheduleTimeout { height, round, step, duration } => {
                    self.push(duration.as_millis() as u64, Event::Input(i, Input::Timeout { height, round, step }));
                }
                Output::Decide { block, commit } => {
                    let h = block.header.height.value();
                    self.nodes[i].decided_at.insert(h, self.now_ms);
                    let prev = self.nodes[i].decided.insert(h, (block, commit));
                    assert!(prev.is_none(), "node {i} decided height {h} twice");
                }
                Output::Equivocation { first, second } => self.nodes[i].equivocations.push((first, second)),
                Output::SendTo { peer, message } => {
                    let to: usize = peer.parse().expect("sim peers are node indices");
                    self.send(i, to, message);
                }
            }
        }
    }

    /// Runs until `done` holds or virtual time `limit_ms` passes. Returns whether `done` held.
    pub fn run_until(&mut self, limit_ms: u64, mut done: impl FnMut(&Sim) -> bool) -> bool {
        while let Some(Reverse((t, seq))) = self.queue.pop() {
            if done(self) {
                return true;
            }
            if t > limit_ms {
                self.queue.push(Reverse((t, seq)));
                return false;
            }
            self.now_ms = t;
            let Some(ev) = self.events.remove(&seq) else {
                continue;
            };
            match ev {
                Event::Input(i, input) => {
                    if !self.alive(i) {
                        continue;
                    }
                    let now = self.clock_of(i);
                    self.nodes[i].state.handle(Input::Now(now));
                    let out = self.nodes[i].state.handle(input);
                    self.execute(i, out);
                }
                Event::Gossip(i) => {
                    if self.alive(i) && self.block_sync {
                        self.try_block_sync(i);
                    }
                    if self.alive(i) {
                        for m in self.nodes[i].state.gossip() {
                            self.broadcast(i, m);
                        }
                    }
                    let every = self.gossip_ms;
                    self.push(every, Event::Gossip(i));
                }
            }
        }
        done(self)
    }

    /// The DoubleVoter's second block (see [`Behavior::DoubleVoter`]).
    fn other_block(&self, block: &Block) -> Block {
        let mut other = block.clone();
        if let Some(lc) = &block.last_commit {
            for drop in (0..lc.signatures.len()).rev() {
                if !lc.signatures[drop].is_commit() {
                    continue;
                }
                let mut smaller = lc.clone();
                smaller.signatures[drop] = tendermint::block::CommitSig::BlockIdFlagAbsent;
                if consensus::verify_commit(&self.chain, &self.genesis, &smaller.block_id, smaller.height, &smaller)
                    .is_ok()
                {
                    other.header.time = consensus::median_time(&smaller, &self.genesis).expect("median");
                    other.header.last_commit_hash = Some(consensus::commit_hash(&smaller));
                    other.last_commit = Some(smaller);
                    return other;
                }
            }
        }
        other.header.time = block.header.time.checked_add(Duration::from_millis(1)).expect("time");
        other
    }

    fn try_block_sync(&mut self, i: usize) {
        while self.sync_one(i) {}
    }

    fn sync_one(&mut self, i: usize) -> bool {
        let h = self.nodes[i].state.height().value();
        let source = (0..self.nodes.len()).find(|j| {
            *j != i
                && self.alive(*j)
                && self.connected(i, *j)
                && (self.nodes[*j].state.height().value() >= h + 2
                    || self.nodes[*j].decided_at.get(&h).is_some_and(|t| self.now_ms >= t + SYNC_AFTER_MS))
                && self.nodes[*j].decided.contains_key(&h)
        });
        let Some(j) = source else { return false };
        let (b, c) = self.nodes[j].decided[&h].clone();
        let height = block::Height::try_from(h).expect("h");
        let (last_block_id, last_block_time) = match self.nodes[i].decided.get(&(h - 1)) {
            Some((pb, _)) => (Some(consensus::block_id(pb).expect("id")), pb.header.time),
            None => (None, genesis_time()),
        };
        let tip = consensus::Tip { chain_id: self.chain.clone(), height, last_block_id, last_block_time };
        let id = consensus::block_id(&b).expect("id");
        consensus::verify_commit(&self.chain, &self.genesis, &id, height, &c).expect("synced commit verifies");
        consensus::validate_block(&tip, &self.genesis, &b, c.round).expect("synced block is valid");
        let own = self.nodes[i].state.own_address();
        // Evidence survives the restart above the synced block, as the node's pool does.
        let mut pool = self.nodes[i].state.take_evidence_pool();
        pool.block_committed(&b, &self.chain, &self.genesis);
        self.nodes[i].state = State::new(
            self.chain.clone(),
            self.genesis.clone(),
            height.increment(),
            Some(c.clone()),
            Some(id),
            b.header.time,
            own,
            sim_timeouts(),
        )
        .expect("state after sync");
        self.nodes[i].state.set_evidence_pool(pool);
        self.nodes[i].decided.insert(h, (b, c));
        self.nodes[i].synced.push(h);
        self.nodes[i].decided_at.insert(h, self.now_ms);
        self.push(0, Event::Input(i, Input::Start));
        true
    }

    /// Every live node has decided every height in `1..=h`.
    pub fn all_reached(&self, h: u64) -> bool {
        self.nodes
            .iter()
            .filter(|n| n.behavior != Behavior::Crashed)
            .all(|n| (1..=h).all(|x| n.decided.contains_key(&x)))
    }

    /// No two nodes decided different blocks at the same height (the block hash and its
    /// whole block id).
    pub fn assert_agreement(&self) {
        let mut seen: BTreeMap<u64, block::Id> = BTreeMap::new();
        for (i, n) in self.nodes.iter().enumerate() {
            if n.behavior == Behavior::DoubleVoter {
                continue;
            }
            for (h, (b, c)) in &n.decided {
                let id = consensus::block_id(b).expect("id");
                assert_eq!(c.block_id, id, "node {i} commit is for its block");
                let first = seen.entry(*h).or_insert(id);
                assert_eq!(*first, id, "node {i} disagrees at height {h}");
            }
        }
    }

    /// Every block node `i` decided carries BFT time, computed here independently of the
    /// library: height 1 the genesis time; later heights the power-weighted median of the
    /// last commit's timestamps (absent entries skipped, nil ones counted), the first time in
    /// ascending order whose cumulative power reaches half (rounded down) of the power that
    /// signed; and every block time after its predecessor's.
    pub fn assert_bft_time(&self, i: usize) {
        for (h, (b, _)) in &self.nodes[i].decided {
            match &b.last_commit {
                None => assert_eq!(b.header.time, genesis_time(), "node {i}: height {h} is at genesis time"),
                Some(lc) => {
                    let mut weighted: Vec<(Time, u64)> = lc
                        .signatures
                        .iter()
                        .enumerate()
                        .filter_map(|(idx, s)| match s {
                            block::CommitSig::BlockIdFlagAbsent => None,
                            block::CommitSig::BlockIdFlagCommit { timestamp, .. }
                            | block::CommitSig::BlockIdFlagNil { timestamp, .. } => {
                                Some((*timestamp, self.genesis.power_of(idx)))
                            }
                        })
                        .collect();
                    weighted.sort();
                    let half = weighted.iter().map(|(_, w)| w).sum::<u64>() / 2;
                    let mut cumulative = 0;
                    let median = weighted
                        .iter()
                        .find(|(_, w)| {
                            cumulative += w;
                            cumulative >= half
                        })
                        .map(|(t, _)| *t)
                        .expect("a median");
                    assert_eq!(b.header.time, median, "node {i}: height {h} is at its last commit's median");
                }
            }
            if let Some((prev, _)) = self.nodes[i].decided.get(&(h - 1)) {
                assert!(b.header.time > prev.header.time, "node {i}: height {h} after height {}", h - 1);
            }
        }
    }

    pub fn total_decisions(&self) -> usize {
        self.nodes.iter().map(|n| n.decided.len()).sum()
    }
}

pub fn fake_block_id(h: u64, r: u32) -> block::Id {
    let mut bytes = [0xABu8; 32];
    bytes[..8].copy_from_slice(&h.to_be_bytes());
    bytes[8..12].copy_from_slice(&r.to_be_bytes());
    block::Id {
        hash: tendermint::Hash::Sha256(bytes),
        part_set_header: block::parts::Header::new(1, tendermint::Hash::Sha256([0xCD; 32])).expect("psh"),
    }
}
