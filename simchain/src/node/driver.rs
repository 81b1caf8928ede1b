//! Runs the consensus state machine: feeds it peers' messages, timers and signatures, and
//! carries out what it asks (broadcast, sign through tmkms, schedule, store decided blocks).
//! Also block sync: a node that is behind fetches blocks with their commits, verifies them
//! against the validator set, and only then rejoins consensus.

use super::shared::Shared;
use super::sync_wire::{SyncMessage, CHANNEL as SYNC_CHANNEL};
use consensus::{Input, Message, Output, SignKind, State, Timeouts, ValidatorSet};
use p2p::{Event, NodeId};
use privval::Signer;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tendermint::block::{Block, Commit};
use tendermint::{account, block, chain, Time};
use tokio::sync::mpsc;
use tracing::{debug, info, warn};

/// CometBFT's consensus data channel; proposals and votes share it here.
pub const CONSENSUS_CHANNEL: u8 = 0x20;
/// Our height goes to every peer at each commit and on every new connection; this refresh is
/// for a peer that missed it. Its period grows with the peers, [`status_every`].
const STATUS_EVERY: Duration = Duration::from_millis(500);
/// Peers per [`STATUS_EVERY`] of refresh period: a node hears at most this many refreshes per
/// half second, whatever N. At 500 ms each, the refreshes alone were (N - 1) x 2 messages per
/// node and second: at N = 100, with heights of about 6 s on two cores, about 1,200 per node
/// and height, where the median node received 2,220 messages of all kinds.
const STATUS_PEERS: usize = 8;
const SYNC_REQUEST_TIMEOUT: Duration = Duration::from_secs(2);
/// However sure we are that a peer has a message, everything is sent again once nothing new
/// has reached us for this long: a message can still be lost (a peer that reset its height's
/// state while catching up, a connection that died with it queued), and then the network
/// waits for it. With a fixed 3 s refresh, 3 of 4 validators once committed nothing in the
/// 6 s the fourth was killed (CI run 26); with a fixed 1 s one, the full re-sends (every
/// message of the height to every peer) cost N = 50 more than half its time (T(50) 45 s ->
/// 112 s). A stalled network is quiet, a working one is not: only the quiet one re-sends.
const FULL_GOSSIP_EVERY: Duration = Duration::from_secs(1);
/// Between two re-sends of everything a quiet node waits [`FULL_GOSSIP_EVERY`] times
/// 1 + peers^2 / this (1 s up to 15 peers, 10 s at 49, 39 s at 99); in between it re-sends
/// only what it signed itself (and the proposals): every message has one such origin, and
/// in the full mesh of a genesis set every peer hears it from there. Re-sending everything
/// costs (2N votes) x (N - 1) peers per node, N^3 messages over the network: at N = 100 on
/// two cores, every 1 s no height was committed in 300 s, every 7 s one height was.
const FULL_GOSSIP_PEERS_SQUARED: usize = 256;
/// From this many peers on, other validators' votes are relayed only with the re-send of
/// everything. CometBFT relays a vote only to a peer that has not announced it (HasVote):
/// that costs it N^2 small packets per node and height, packed many to a SecretConnection
/// frame and flushed every 100 ms; here every packet is a frame of its own (cometbft-p2p
/// reads one message per frame), so a relay costs a 1 KiB frame sealed, sent, read and
/// opened. Below it nothing changes: the suites' networks of 3 to 8 relay as before.
const RELAY_PEERS: usize = 16;

/// How often our height is sent again to each of `peers` peers: every 500 ms up to 15 peers
/// (the suites' networks, unchanged), 3 s at 49, 6 s at 99.
fn status_every(peers: usize) -> Duration {
    times(STATUS_EVERY, (peers / STATUS_PEERS).max(1))
}

/// How long a quiet node waits between two re-sends of everything, with `peers` peers.
fn everything_every(peers: usize) -> Duration {
    times(FULL_GOSSIP_EVERY, (peers.saturating_mul(peers) / FULL_GOSSIP_PEERS_SQUARED).saturating_add(1))
}

/// `base` times `steps`, saturating.
fn times(base: Duration, steps: usize) -> Duration {
    base.saturating_mul(u32::try_from(steps).unwrap_or(u32::MAX))
}

/// One message of `State::gossip`, encoded once for every peer.
struct Gossiped {
    bytes: Vec<u8>,
    /// sha256 of `bytes`, as `Driver::sent` holds it.
    key: [u8; 32],
    /// Not another validator's vote (which would be a relay).
    own: bool,
}

enum SignJob {
    Vote(tendermint::vote::Vote),
    Proposal(tendermint::proposal::Proposal),
}

/// Block times reloaded into the evidence pool at start: evidence is committed within a few
/// heights of the double sign, so older evidence from a peer is refused after a restart.
const EVIDENCE_HEIGHTS_RELOADED: u64 = 1_000;

pub struct Driver {
    state: State,
    genesis_set: ValidatorSet,
    chain_id: chain::Id,
    own_address: Option<account::Id>,
    timeouts: Timeouts,
    shared: Arc<Shared>,
    inputs: mpsc::UnboundedSender<Input>,
    sign_jobs: mpsc::UnboundedSender<SignJob>,
    peer_heights: HashMap<NodeId, u64>,
    pending_sync: Option<(u64, NodeId, Instant)>,
    last_status: Instant,
    last_gossip: Instant,
    /// What each peer was sent of this height's messages (sha256 of their bytes) while its
    /// Status put it at this height, so the periodic gossip sends a peer only what it lacks,
    /// as CometBFT's gossip routines send a peer what its round state says it lacks
    /// (consensus/reactor.go: gossipDataRoutine, gossipVotesRoutine). Re-broadcasting every
    /// message of the height to every peer each tick is N x 2N votes per node per tick, each
    /// encrypted, sent, decrypted and decoded: at N = 50 on two cores blocks came 10-30 s
    /// apart.
    sent: HashMap<NodeId, HashSet<[u8; 32]>>,
    /// The height and round `sent` is about: a new height starts it empty, and so does a new
    /// round (a round that failed may have failed for want of a message).
    sent_for: (u64, u32),
    last_full_gossip: Instant,
    /// When the last re-send of everything (not only our own messages) began.
    last_everything: Instant,
    /// sha256 of every consensus message received at `seen_at` (the height), to tell news
    /// from the duplicates gossip brings.
    seen: HashSet<[u8; 32]>,
    seen_at: u64,
    /// When a consensus message we had not seen last arrived.
    last_news: Instant,
    /// The block of the proposal being signed, to record with it once signed.
    signing_block: Option<Block>,
    /// Sign requests sent to the signer whose answer has not been fed back yet.
    in_flight: usize,
    /// Shutting down: no new sign requests.
    stopping: bool,
}

/// Signs one request at a time, in the order consensus asked: tmkms drops the connection on a
/// height/round/step regression, so two signatures must never race.
fn spawn_signer(
    signer: Arc<dyn Signer>,
    chain_id: chain::Id,
    inputs: mpsc::UnboundedSender<Input>,
) -> mpsc::UnboundedSender<SignJob> {
    let (tx, mut rx) = mpsc::unbounded_channel::<SignJob>();
    tokio::spawn(async move {
        while let Some(job) = rx.recv().await {
            let input = match job {
                SignJob::Vote(v) => {
                    let (height, round, kind) = (v.height, v.round, SignKind::Vote(v.vote_type));
                    match signer.sign_vote(&chain_id, v).await {
                        Ok(signed) => Input::SignedOwnVote(signed),
                        Err(e) => {
                            warn!(height = %height, round = %round, "remote signer refused to sign {kind:?}: {e}");
                            Input::SignFailed { height, round, kind, reason: e.to_string() }
                        }
                    }
                }
                SignJob::Proposal(p) => {
                    let (height, round) = (p.height, p.round);
                    match signer.sign_proposal(&chain_id, p).await {
                        Ok(signed) => Input::SignedOwnProposal(signed),
                        Err(e) => {
                            warn!(height = %height, round = %round, "remote signer refused to sign the proposal: {e}");
                            Input::SignFailed { height, round, kind: SignKind::Proposal, reason: e.to_string() }
                        }
                    }
                }
            };
            if inputs.send(input).is_err() {
                break;
            }
        }
    });
    tx
}

impl Driver {
    pub fn new(
        genesis_set: ValidatorSet,
        chain_id: chain::Id,
        own_address: Option<account::Id>,
        timeouts: Timeouts,
        shared: Arc<Shared>,
        signer: Arc<dyn Signer>,
        inputs: mpsc::UnboundedSender<Input>,
    ) -> anyhow::Result<Driver> {
        let state = Self::state_after_store(&shared, &genesis_set, &chain_id, own_address, timeouts)?;
        let sign_jobs = spawn_signer(signer, chain_id.clone(), inputs.clone());
        Ok(Driver {
            state,
            genesis_set,
            chain_id,
            own_address,
            timeouts,
            shared,
            inputs,
            sign_jobs,
            peer_heights: HashMap::new(),
            pending_sync: None,
            last_status: Instant::now() - STATUS_EVERY,
            last_gossip: Instant::now(),
            sent: HashMap::new(),
            sent_for: (0, 0),
            last_full_gossip: Instant::now(),
            last_everything: Instant::now(),
            seen: HashSet::new(),
            seen_at: 0,
            last_news: Instant::now(),
            signing_block: None,
            in_flight: 0,
            stopping: false,
        })
    }

    /// The machine for the height after the last stored block (restart continues there).
    fn state_after_store(
        shared: &Shared,
        set: &ValidatorSet,
        chain_id: &chain::Id,
        own: Option<account::Id>,
        timeouts: Timeouts,
    ) -> anyhow::Result<State> {
        let initial = set.initial_height();
        let latest = shared.store.latest_height()?;
        let (height, last) = match latest {
            None => (initial, None),
            Some(h) => {
                let block = shared.store.block(h)?.ok_or_else(|| anyhow::anyhow!("block store lost block {h}"))?;
                let (commit, _) =
                    shared.store.commit(h)?.ok_or_else(|| anyhow::anyhow!("block store has no commit for {h}"))?;
                let id = consensus::block_id(&block)?;
                (block::Height::try_from(h + 1)?, Some((commit, id, block.header.time)))
            }
        };
        // The first block's time is the genesis time (CometBFT's State.LastBlockTime before
        // any block); every later one is the median of the stored commit, so a restarted
        // proposer builds the block it would have built without the restart.
        let (commit, id, time) = match last {
            Some((c, i, t)) => (Some(c), Some(i), t),
            None => (None, None, shared.genesis_time),
        };
        let mut state = State::new(chain_id.clone(), set.clone(), height, commit, id, time, own, timeouts)?;
        // Evidence is checked against the time of the block at its height: know the recent
        // ones again after a restart (CometBFT reads them from its block store).
        if let Some(h) = latest {
            let mut pool = state.take_evidence_pool();
            for past in h.saturating_sub(EVIDENCE_HEIGHTS_RELOADED)..h {
                if let Some(b) = shared.store.block(past)? {
                    pool.note_block_time(b.header.height, b.header.time);
                }
            }
            state.set_evidence_pool(pool);
        }
        Ok(state)
    }

    pub fn height(&self) -> u64 {
        self.state.height().value()
    }

    /// Starts round 0 of the current height, first replaying what we signed at this height
    /// before a restart (so the network sees the same votes again, not new conflicting ones).
    pub fn start(&mut self) {
        let height = self.height();
        match self.shared.store.wal_messages(height) {
            Ok(msgs) => {
                if !msgs.is_empty() {
                    info!(height, messages = msgs.len(), "replaying our signed messages of this height");
                }
                for bytes in msgs {
                    match Message::decode(&bytes) {
                        Ok(Message::Proposal { proposal, block }) => self.feed(Input::Proposal { proposal, block }),
                        Ok(Message::Vote(v)) => self.feed(Input::Vote(v)),
                        // Only our own proposals and votes are recorded.
                        Ok(_) => {}
                        Err(e) => warn!(height, "unreadable own message in the block store: {e}"),
                    }
                    let _ = self.shared.network.broadcast(CONSENSUS_CHANNEL, bytes);
                }
            }
            Err(e) => warn!(height, "cannot read own messages: {e}"),
        }
        self.feed(Input::Start);
    }

    /// Persists what the signer returned before consensus can broadcast it.
    fn record_own(&mut self, input: &Input) {
        let msg = match input {
            Input::SignedOwnVote(v) => Message::Vote(v.clone()),
            Input::SignedOwnProposal(p) => match self.signing_block.take() {
                Some(block) => Message::Proposal { proposal: p.clone(), block },
                None => return,
            },
            _ => return,
        };
        let height = match &msg {
            Message::Vote(v) => v.height.value(),
            Message::Proposal { proposal, .. } => proposal.height.value(),
            Message::Evidence(_) | Message::VoteSetMaj23(_) | Message::VoteSetBits { .. } => return,
        };
        if let Err(e) = self.shared.store.wal_append(height, &msg.encode()) {
            tracing::error!("cannot record own signed message: {e}");
            std::process::exit(1);
        }
    }

    /// Stops asking the signer for anything new. A signature tmkms already made must still be
    /// recorded: tmkms will refuse to sign anything else at that height/round/step, so a vote
    /// signed but lost in a shutdown would leave this validator unable to vote in that round.
    pub fn stop_signing(&mut self) {
        self.stopping = true;
    }

    pub fn signing_in_flight(&self) -> bool {
        self.in_flight > 0
    }

    pub fn feed(&mut self, input: Input) {
        if matches!(input, Input::SignedOwnVote(_) | Input::SignedOwnProposal(_) | Input::SignFailed { .. }) {
            self.in_flight = self.in_flight.saturating_sub(1);
        }
        self.record_own(&input);
        let mut outputs = self.state.handle(Input::Now(Time::now()));
        outputs.extend(self.state.handle(input));
        self.execute(outputs);
    }

    fn execute(&mut self, outputs: Vec<Output>) {
        for out in outputs {
            match out {
                Output::Broadcast(msg) => {
                    let bytes = msg.encode();
                    let key: [u8; 32] = Sha256::digest(&bytes).into();
                    if self.shared.network.broadcast(CONSENSUS_CHANNEL, bytes).is_ok() {
                        for peer in self.peers_at_our_height() {
                            self.sent_this_round().entry(peer).or_default().insert(key);
                        }
                    }
                }
                Output::SignVote(_) | Output::SignProposal { .. } if self.stopping => {}
                Output::SignVote(v) => {
                    if self.sign_jobs.send(SignJob::Vote(v)).is_ok() {
                        self.in_flight += 1;
                    }
                }
                Output::SignProposal { proposal, block } => {
                    self.signing_block = Some(block);
                    if self.sign_jobs.send(SignJob::Proposal(proposal)).is_ok() {
                        self.in_flight += 1;
                    }
                }
                Output::ScheduleTimeout { height, round, step, duration } => {
                    let inputs = self.inputs.clone();
                    tokio::spawn(async move {
                        tokio::time::sleep(duration).await;
                        let _ = inputs.send(Input::Timeout { height, round, step });
                    });
                }
                Output::SendTo { peer, message } => match peer.parse::<NodeId>() {
                    Ok(id) => {
                        let _ = self.shared.network.send(id, CONSENSUS_CHANNEL, message.encode());
                    }
                    Err(e) => debug!(%peer, "reply to an unparsable peer id: {e}"),
                },
                Output::Decide { block, commit } => {
                    let evidence = block.evidence.iter().count();
                    if evidence > 0 {
                        warn!(height = %block.header.height, evidence, "block commits duplicate vote evidence");
                    }
                    self.commit(&block, &commit)
                }
                Output::Equivocation { first, second } => {
                    warn!(height = %first.height, round = %first.round, validator = %first.validator_address,
                          "equivocation: validator signed two different votes ({:?} vs {:?})",
                          first.block_id.map(|b| b.hash), second.block_id.map(|b| b.hash));
                }
            }
        }
    }

    fn commit(&mut self, block: &Block, commit: &Commit) {
        let height = block.header.height.value();
        if let Err(e) = self.shared.store.save(block, commit) {
            // A block we cannot persist must not be built upon: stop rather than fork from disk.
            tracing::error!("cannot store block {height}: {e}");
            std::process::exit(1);
        }
        let hash = block.header.hash();
        // The p2p totals at each commit: `harness bench` takes messages and bytes per height
        // from these lines.
        let t = self.shared.network.traffic();
        info!(height, hash = %hash, txs = block.data.len(), sent_msgs = t.sent_msgs, sent_bytes = t.sent_bytes,
              recv_msgs = t.recv_msgs, recv_bytes = t.recv_bytes, "committed block");
        self.shared.set_status(|s| {
            s.latest = super::shared::Tip { height, hash: Some(hash), time: Some(block.header.time) };
            if s.earliest.height == 0 {
                s.earliest = s.latest.clone();
            }
        });
        self.broadcast_status();
    }

    fn broadcast_status(&mut self) {
        let st = self.shared.status();
        let msg = SyncMessage::Status { base: st.earliest.height, height: st.latest.height };
        let _ = self.shared.network.broadcast(SYNC_CHANNEL, msg.encode());
        self.last_status = Instant::now();
    }

    pub fn on_tick(&mut self) {
        if self.last_status.elapsed() >= status_every(self.shared.network.peer_count()) {
            self.broadcast_status();
        }
        // Re-send what peers may have missed (a dropped connection, a late peer): the state
        // machine never retransmits on its own.
        let every = self.timeouts.timeout_commit.max(Duration::from_millis(500));
        if self.last_gossip.elapsed() >= every {
            self.gossip();
            self.last_gossip = Instant::now();
        }
        self.maybe_request_block();
    }

    /// Sends each peer the messages of `State::gossip` it was not sent yet. When nothing new
    /// has arrived for [`FULL_GOSSIP_EVERY`], our own messages go to every peer again, and
    /// all of them do after a quiet spell that grows with the square of the peers
    /// ([`FULL_GOSSIP_PEERS_SQUARED`]). Only a peer at our height is taken
    /// to have kept what it got: one still finishing the previous height drops this height's
    /// messages, so it gets them again on every tick until its Status shows it here.
    fn gossip(&mut self) {
        let messages: Vec<Gossiped> = self
            .state
            .gossip()
            .iter()
            .map(|m| {
                let bytes = m.encode();
                let key = Sha256::digest(&bytes).into();
                // Another validator's vote is a relay; everything else starts here or is
                // one message per round (proposals, +2/3 claims, evidence).
                let own = match m {
                    Message::Vote(v) => Some(v.validator_address) == self.own_address,
                    _ => true,
                };
                Gossiped { bytes, key, own }
            })
            .collect();
        let quiet = self.last_news.elapsed() >= FULL_GOSSIP_EVERY;
        let network = self.shared.network.clone();
        let peers: Vec<NodeId> = network.peers().into_iter().map(|p| p.id).collect();
        // Relaying every vote to every peer that did not send it to us is N - 2 copies of
        // each vote per node; a network past RELAY_PEERS relays only with the re-send of
        // everything and counts on each vote's origin the rest of the time.
        let mut relay = peers.len() < RELAY_PEERS;
        if quiet && self.last_full_gossip.elapsed() >= FULL_GOSSIP_EVERY {
            if self.last_everything.elapsed() >= everything_every(peers.len()) {
                self.sent.clear();
                self.last_everything = Instant::now();
                relay = true;
            } else {
                let own: Vec<[u8; 32]> = messages.iter().filter(|m| m.own).map(|m| m.key).collect();
                for sent in self.sent.values_mut() {
                    for key in &own {
                        sent.remove(key);
                    }
                }
            }
            self.last_full_gossip = Instant::now();
        }
        let here: HashSet<NodeId> = self.peers_at_our_height().into_iter().collect();
        for peer in peers {
            let kept = here.contains(&peer);
            let sent = self.sent_this_round().entry(peer).or_default();
            for m in &messages {
                if sent.contains(&m.key) || !(relay || m.own) {
                    continue;
                }
                if network.send(peer, CONSENSUS_CHANNEL, m.bytes.clone()).is_err() {
                    break;
                }
                if kept {
                    sent.insert(m.key);
                }
            }
        }
    }

    /// Marks `bytes` seen at our height; the time of the last news is when one was new.
    /// Returns their key (sha256), as `sent` holds it.
    fn note_news(&mut self, bytes: &[u8]) -> [u8; 32] {
        let height = self.height();
        if self.seen_at != height {
            self.seen.clear();
            self.seen_at = height;
        }
        let key: [u8; 32] = Sha256::digest(bytes).into();
        if self.seen.insert(key) {
            self.last_news = Instant::now();
        }
        key
    }

    /// `sent`, emptied when consensus moved to another height or round.
    fn sent_this_round(&mut self) -> &mut HashMap<NodeId, HashSet<[u8; 32]>> {
        let now = (self.height(), self.state.round().value());
        if self.sent_for != now {
            self.sent.clear();
            self.sent_for = now;
        }
        &mut self.sent
    }

    /// Connected peers whose last Status shows them working on our height (or past it).
    fn peers_at_our_height(&self) -> Vec<NodeId> {
        let height = self.height();
        self.peer_heights.iter().filter(|(_, h)| **h + 1 >= height).map(|(p, _)| *p).collect()
    }

    pub fn on_net(&mut self, event: Event) {
        match event {
            Event::PeerUp { id, info, .. } => {
                info!(peer = %id, moniker = %info.moniker, "peer connected");
                // A new connection knows nothing of what the old one carried.
                self.sent.remove(&id);
                let st = self.shared.status();
                let msg = SyncMessage::Status { base: st.earliest.height, height: st.latest.height };
                let _ = self.shared.network.send(id, SYNC_CHANNEL, msg.encode());
                for m in self.state.gossip() {
                    let _ = self.shared.network.send(id, CONSENSUS_CHANNEL, m.encode());
                }
            }
            Event::PeerDown { id, reason } => {
                info!(peer = %id, %reason, "peer disconnected");
                self.peer_heights.remove(&id);
                self.sent.remove(&id);
            }
            Event::Refused { remote_addr, peer, reason, .. } => {
                warn!(%remote_addr, peer = ?peer.map(|p| p.to_string()), "peer refused: {reason}");
            }
            Event::Message { from, channel, bytes } => match channel {
                CONSENSUS_CHANNEL => {
                    let key = self.note_news(&bytes);
                    // A peer has what it sent us: not sent back to it (CometBFT's PeerState
                    // records a vote as the peer's once received from it: reactor.go Receive,
                    // `ps.SetHasVote`).
                    self.sent_this_round().entry(from).or_default().insert(key);
                    // A duplicate is still fed: the state machine may have dropped the first
                    // copy (a round too far ahead then).
                    let peer = from.to_string();
                    match Message::decode(&bytes) {
                        Ok(Message::Proposal { proposal, block }) => self.feed(Input::Proposal { proposal, block }),
                        Ok(Message::Vote(v)) => self.feed(Input::Vote(v)),
                        Ok(Message::Evidence(e)) => self.feed(Input::Evidence(e)),
                        Ok(Message::VoteSetMaj23(claim)) => self.feed(Input::VoteSetMaj23 { peer, claim }),
                        Ok(Message::VoteSetBits { claim, votes }) => {
                            self.feed(Input::VoteSetBits { peer, claim, votes })
                        }
                        Err(e) => debug!(peer = %from, "undecodable consensus message: {e}"),
                    }
                }
                SYNC_CHANNEL => match SyncMessage::decode(&bytes) {
                    Ok(m) => self.on_sync(from, m),
                    Err(e) => debug!(peer = %from, "undecodable sync message: {e}"),
                },
                _ => {}
            },
        }
    }

    fn on_sync(&mut self, from: NodeId, msg: SyncMessage) {
        match msg {
            SyncMessage::Status { height, .. } => {
                self.peer_heights.insert(from, height);
                let best = self.peer_heights.values().copied().max().unwrap_or(0);
                let ours = self.shared.status().latest.height;
                self.shared.set_status(|s| s.catching_up = best > ours + 1);
                self.maybe_request_block();
            }
            SyncMessage::Request { height } => {
                let reply = match (self.shared.store.block(height), self.shared.store.commit(height)) {
                    (Ok(Some(block)), Ok(Some((commit, _)))) => {
                        SyncMessage::Response { block: Box::new(block), commit: Box::new(commit) }
                    }
                    _ => SyncMessage::NoBlock { height },
                };
                let _ = self.shared.network.send(from, SYNC_CHANNEL, reply.encode());
            }
            SyncMessage::NoBlock { height } => {
                if self.pending_sync.is_some_and(|(h, p, _)| h == height && p == from) {
                    self.pending_sync = None;
                    self.peer_heights.insert(from, height.saturating_sub(1));
                }
            }
            SyncMessage::Response { block, commit } => {
                let height = block.header.height.value();
                if self.pending_sync.is_some_and(|(h, _, _)| h == height) {
                    self.pending_sync = None;
                }
                if height != self.height() {
                    return;
                }
                match self.apply_synced(&block, &commit) {
                    Ok(()) => self.maybe_request_block(),
                    Err(e) => warn!(peer = %from, height, "rejected synced block: {e}"),
                }
            }
        }
    }

    /// Asks a peer that has committed our current height for that block.
    fn maybe_request_block(&mut self) {
        if let Some((_, _, at)) = self.pending_sync {
            if at.elapsed() < SYNC_REQUEST_TIMEOUT {
                return;
            }
            self.pending_sync = None;
        }
        let want = self.height();
        let Some(peer) = self.peer_heights.iter().filter(|(_, h)| **h >= want).map(|(p, _)| *p).next() else {
            return;
        };
        let _ = self.shared.network.send(peer, SYNC_CHANNEL, SyncMessage::Request { height: want }.encode());
        self.pending_sync = Some((want, peer, Instant::now()));
    }

    /// Verifies a fetched block and its commit against the validator set, stores it, and
    /// restarts consensus at the next height.
    fn apply_synced(&mut self, block: &Block, commit: &Commit) -> anyhow::Result<()> {
        let height = block.header.height;
        let prev = if height.value() > self.genesis_set.initial_height().value() {
            let h = height.value() - 1;
            let b = self.shared.store.block(h)?.ok_or_else(|| anyhow::anyhow!("missing block {h}"))?;
            Some((consensus::block_id(&b)?, b.header.time))
        } else {
            None
        };
        let tip = consensus::Tip {
            chain_id: self.chain_id.clone(),
            height,
            last_block_id: prev.map(|(id, _)| id),
            last_block_time: prev.map_or(self.shared.genesis_time, |(_, t)| t),
        };
        let set = self.genesis_set.at_height(height)?;
        let id = consensus::validate_block(&tip, &set, block, commit.round)?;
        consensus::verify_commit(&self.chain_id, &set, &id, height, commit)?;
        info!(height = height.value(), "block sync: verified block and commit from peer");
        self.commit(block, commit);
        // Pending and committed evidence outlive the machine that is replaced.
        let mut evidence = self.state.take_evidence_pool();
        evidence.block_committed(block, &self.chain_id, &set);
        self.state = State::new(
            self.chain_id.clone(),
            self.genesis_set.clone(),
            height.increment(),
            Some(commit.clone()),
            Some(id),
            block.header.time,
            self.own_address,
            self.timeouts,
        )?;
        self.state.set_evidence_pool(evidence);
        let best = self.peer_heights.values().copied().max().unwrap_or(0);
        if best < self.height() {
            self.shared.set_status(|s| s.catching_up = false);
            self.start();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The suites' networks (3 to 8 validators) re-send everything after each quiet second as
    /// they always did; N = 50 and N = 100 wait the longer spells the comment promises.
    /// Up to 15 peers the refresh stays at 500 ms; past it a node hears about 16 a second.
    #[test]
    fn the_status_refresh_spaces_out_with_the_peers() {
        assert_eq!(status_every(0), Duration::from_millis(500));
        assert_eq!(status_every(7), Duration::from_millis(500));
        assert_eq!(status_every(15), Duration::from_millis(500));
        assert_eq!(status_every(16), Duration::from_secs(1));
        assert_eq!(status_every(49), Duration::from_secs(3));
        assert_eq!(status_every(99), Duration::from_secs(6));
        assert_eq!(status_every(usize::MAX), STATUS_EVERY.saturating_mul(u32::MAX));
    }

    #[test]
    fn the_full_resend_spaces_out_with_the_square_of_the_peers() {
        assert_eq!(everything_every(3), Duration::from_secs(1));
        assert_eq!(everything_every(15), Duration::from_secs(1));
        assert_eq!(everything_every(16), Duration::from_secs(2));
        assert_eq!(everything_every(49), Duration::from_secs(10));
        assert_eq!(everything_every(99), Duration::from_secs(39));
        assert_eq!(everything_every(usize::MAX), FULL_GOSSIP_EVERY.saturating_mul(u32::MAX));
    }
}
