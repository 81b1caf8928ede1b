//! BFT time as CometBFT 0.38 (state/validation.go `validateBlock`, state/state.go
//! `MedianTime`, consensus/state.go `voteTime`): the first block at genesis time, every later
//! block at the power-weighted median of its last commit, votes stamped after the block they
//! are about.

mod common;

use std::time::Duration;

use common::{address, chain_id, genesis, genesis_time, sign_proposal, sim_timeouts, Behavior, Sim};
use consensus::{block_id, build_block, median_time, validate_block, Error, Input, Output, State, Tip, ValidatorSet};
use prost::Message as _;
use tendermint::block::{self, Commit, CommitSig};
use tendermint::proposal::{self, Proposal};
use tendermint::{account, Signature, Time};
use tendermint_proto::v0_38::types::Commit as RawCommit;

fn at(ms: u64) -> Time {
    genesis_time().checked_add(Duration::from_millis(ms)).expect("time")
}

/// A commit whose entries (in set order) are `entries[address]`; signatures are not checked
/// by `median_time`, so they are placeholders.
fn commit_with(set: &ValidatorSet, entries: &[(account::Id, Option<(bool, Time)>)]) -> Commit {
    let signatures = set
        .validators()
        .iter()
        .map(|info| match entries.iter().find(|(a, _)| *a == info.address).and_then(|(_, e)| *e) {
            None => CommitSig::BlockIdFlagAbsent,
            Some((true, timestamp)) => CommitSig::BlockIdFlagCommit {
                validator_address: info.address,
                timestamp,
                signature: Signature::new([7u8; 64]).expect("sig"),
            },
            Some((false, timestamp)) => CommitSig::BlockIdFlagNil {
                validator_address: info.address,
                timestamp,
                signature: Signature::new([7u8; 64]).expect("sig"),
            },
        })
        .collect();
    Commit {
        height: block::Height::from(1u32),
        round: block::Round::default(),
        block_id: common::fake_block_id(1, 0),
        signatures,
    }
}

/// The example of spec/consensus/bft-time.md: powers 23, 27, 10, 10; the commit holds
/// p2 at 98, p3 at 1000 and p4 at 500: the median is 98. Then p2 at 1000, p3 at 50, p4 at 60:
/// half of 47 is 23, past the two light votes (20), so 1000; with every vote weighing one
/// (`WeightedMedian`'s half of 3 is 1) it would be 50.
#[test]
fn median_time_is_weighted_by_power() {
    let (keys, set) = genesis(&[23, 27, 10, 10]);
    let a: Vec<account::Id> = keys.iter().map(address).collect();
    let commit = commit_with(
        &set,
        &[(a[0], None), (a[1], Some((true, at(98)))), (a[2], Some((true, at(1000)))), (a[3], Some((true, at(500))))],
    );
    assert_eq!(median_time(&commit, &set).expect("median"), at(98));
    let commit = commit_with(
        &set,
        &[(a[0], None), (a[1], Some((true, at(1000)))), (a[2], Some((true, at(50)))), (a[3], Some((true, at(60))))],
    );
    assert_eq!(median_time(&commit, &set).expect("median"), at(1000));
}

/// Nil precommits count (only absent entries are skipped, as `MedianTime` skips
/// BlockIDFlagAbsent alone): p1 nil at 100 (23), p3 at 1000 (10), p4 at 500 (10): half of 43
/// is 21, reached by p1. Were nil entries skipped, it would be 500.
#[test]
fn median_time_counts_nil_votes_and_skips_absent_ones() {
    let (keys, set) = genesis(&[23, 27, 10, 10]);
    let a: Vec<account::Id> = keys.iter().map(address).collect();
    let commit = commit_with(
        &set,
        &[(a[0], Some((false, at(100)))), (a[1], None), (a[2], Some((true, at(1000)))), (a[3], Some((true, at(500))))],
    );
    assert_eq!(median_time(&commit, &set).expect("median"), at(100));
    // A commit naming someone outside the set has no median (Go: "commit validator not found").
    let other_set =
        ValidatorSet::new(vec![common::info(&common::key(99, 0), 5)], block::Height::from(1u32)).expect("set");
    assert!(matches!(median_time(&commit, &other_set), Err(Error::MedianTimeUnknownSigner(_))));
}

fn decided_chain(n: u64) -> (ValidatorSet, Vec<(block::Block, Commit)>) {
    let (keys, set) = genesis(&[10, 10, 10, 10]);
    let mut sim = Sim::new(5, &keys, &set, &[], 0);
    assert!(sim.run_until(60_000, |s| s.all_reached(n)));
    let chain = (1..=n).map(|h| sim.nodes[0].decided[&h].clone()).collect();
    (set, chain)
}

/// A block whose time is off — height 1 not at genesis time, a later height not at its last
/// commit's median, or not after its predecessor — is refused with CometBFT's words.
#[test]
fn validate_block_refuses_blocks_off_bft_time_with_cometbft_wording() {
    let (set, chain) = decided_chain(3);
    let (b1, c1) = &chain[0];
    let tip1 = Tip {
        chain_id: chain_id(),
        height: block::Height::from(1u32),
        last_block_id: None,
        last_block_time: genesis_time(),
    };
    assert_eq!(b1.header.time, genesis_time());
    assert!(validate_block(&tip1, &set, b1, c1.round).is_ok());
    let mut late = b1.clone();
    late.header.time = at(1);
    let err = validate_block(&tip1, &set, &late, c1.round).expect_err("height 1 after genesis time");
    assert_eq!(err, Error::BlockTimeNotGenesis { time: at(1), genesis: genesis_time() });
    assert_eq!(err.to_string(), format!("block time {} is not equal to genesis time {}", at(1), genesis_time()));

    let (b2, _) = &chain[1];
    let (b3, c3) = &chain[2];
    let tip3 = Tip {
        chain_id: chain_id(),
        height: block::Height::from(3u32),
        last_block_id: Some(block_id(b2).expect("id")),
        last_block_time: b2.header.time,
    };
    assert!(validate_block(&tip3, &set, b3, c3.round).is_ok());
    let median = b3.header.time;
    let mut off = b3.clone();
    let wrong = median.checked_add(Duration::from_millis(1)).expect("t");
    off.header.time = wrong;
    let err = validate_block(&tip3, &set, &off, c3.round).expect_err("off the median");
    assert_eq!(err, Error::InvalidBlockTime { expected: median, got: wrong });
    assert_eq!(err.to_string(), format!("invalid block time. Expected {median}, got {wrong}"));

    let mut stale = b3.clone();
    stale.header.time = b2.header.time;
    let err = validate_block(&tip3, &set, &stale, c3.round).expect_err("not after height 2");
    assert_eq!(err, Error::BlockTimeNotAfterLast { time: b2.header.time, last: b2.header.time });
    assert_eq!(
        err.to_string(),
        format!("block time {} not greater than last block time {}", b2.header.time, b2.header.time)
    );
}

/// A restarted proposer reads its last commit back from the store (protobuf, as
/// simchain's store keeps it) and builds a block at the same time as before the restart.
#[test]
fn commit_read_back_from_the_store_yields_the_same_block_time() {
    let (set, chain) = decided_chain(3);
    let (b2, _) = &chain[1];
    let (b3, _) = &chain[2];
    let stored = RawCommit::from(b3.last_commit.clone().expect("last commit")).encode_to_vec();
    let read_back = Commit::try_from(RawCommit::decode(stored.as_slice()).expect("decode")).expect("commit");
    let h3 = block::Height::from(3u32);
    let proposer = set.at_height(h3).and_then(|s| s.proposer(h3, block::Round::default())).expect("p").address;
    let mut s = State::new(
        chain_id(),
        set.clone(),
        h3,
        Some(read_back),
        Some(block_id(b2).expect("id")),
        b2.header.time,
        Some(proposer),
        sim_timeouts(),
    )
    .expect("state after restart");
    // The restarted node's clock is far ahead: it does not enter the block time.
    s.handle(Input::Now(at(3_600_000)));
    let out = s.handle(Input::Start);
    let block = out
        .iter()
        .find_map(|o| match o {
            Output::SignProposal { block, .. } => Some(block.clone()),
            _ => None,
        })
        .expect("proposes");
    assert_eq!(block.header.time, b3.header.time);
}

/// voteTime: a validator whose clock is behind the proposed block's time stamps its
/// prevote (and precommit) at the block's time + 1 ms; once locked, even its nil prevote of
/// a later round is after the locked block's time.
#[test]
fn votes_are_stamped_after_the_proposed_or_locked_block() {
    let (keys, set) = genesis(&[10, 10, 10, 10]);
    let h1 = block::Height::from(1u32);
    let r0 = block::Round::default();
    let proposer = set.proposer(h1, r0).expect("p").address;
    let pk = keys.iter().find(|k| address(k) == proposer).expect("key");
    let me = keys.iter().find(|k| address(k) != proposer).expect("me");
    let tip = Tip { chain_id: chain_id(), height: h1, last_block_id: None, last_block_time: genesis_time() };
    let b = build_block(&tip, &set, None, proposer, Vec::new()).expect("block");
    let id = block_id(&b).expect("id");
    let p = sign_proposal(
        pk,
        &chain_id(),
        Proposal {
            msg_type: proposal::Type::Proposal,
            height: h1,
            round: r0,
            pol_round: None,
            block_id: Some(id),
            timestamp: Some(genesis_time()),
            signature: None,
        },
    );
    let mut s = State::new(chain_id(), set.clone(), h1, None, None, genesis_time(), Some(address(me)), sim_timeouts())
        .expect("s");
    let behind = genesis_time().checked_sub(Duration::from_secs(10)).expect("t");
    s.handle(Input::Now(behind));
    s.handle(Input::Start);
    s.handle(Input::Now(behind));
    let out = s.handle(Input::Proposal { proposal: p, block: b });
    let prevote = out
        .iter()
        .find_map(|o| match o {
            Output::SignVote(v) => Some(v.clone()),
            _ => None,
        })
        .expect("prevote");
    assert_eq!(prevote.block_id, Some(id));
    assert_eq!(prevote.timestamp, Some(at(1)), "block time + 1 ms, not the slow clock");

    // A clock ahead of the block is used as it is.
    let mut s2 = State::new(chain_id(), set.clone(), h1, None, None, genesis_time(), Some(address(me)), sim_timeouts())
        .expect("s");
    s2.handle(Input::Start);
    s2.handle(Input::Now(at(5_000)));
    let out = s2.handle(Input::Timeout { height: h1, round: r0, step: consensus::TimeoutStep::Propose });
    let nil = out
        .iter()
        .find_map(|o| match o {
            Output::SignVote(v) => Some(v.clone()),
            _ => None,
        })
        .expect("nil prevote");
    assert_eq!((nil.block_id, nil.timestamp), (None, Some(at(5_000))));
}

/// Every decided block of an honest run carries BFT time (checked by the simulator's own
/// median, independent of the library's).
#[test]
fn honest_run_blocks_carry_bft_time() {
    let (keys, set) = genesis(&[10, 10, 10, 10]);
    let mut sim = Sim::new(11, &keys, &set, &[], 0);
    assert!(sim.run_until(60_000, |s| s.all_reached(8)));
    sim.assert_agreement();
    for i in 0..sim.nodes.len() {
        sim.assert_bft_time(i);
    }
}

/// A proposer that stamps its blocks with its clock instead of BFT time — at height 1 and at
/// later heights — sees every such block refused: honest nodes prevote nil, its rounds fail,
/// and each height is decided in a later round on another proposer's block.
#[test]
fn proposer_off_bft_time_is_refused_at_height_one_and_later() {
    let (keys, set) = genesis(&[10, 10, 10, 10]);
    let first = set.proposer(block::Height::from(1u32), block::Round::default()).expect("p").address;
    let bad = keys.iter().position(|k| address(k) == first).expect("bad");
    let mut behaviors = [Behavior::Honest; 4];
    behaviors[bad] = Behavior::BadTime;
    let mut sim = Sim::new(2, &keys, &set, &behaviors, 0);
    let honest: Vec<usize> = (0..4).filter(|i| *i != bad).collect();
    assert!(sim.run_until(200_000, |s| honest.iter().all(|i| (1..=8).all(|h| s.nodes[*i].decided.contains_key(&h)))));
    sim.assert_agreement();
    let bad_address = address(&keys[bad]);
    let mut bad_heights = Vec::new();
    for (h, (b, c)) in &sim.nodes[honest[0]].decided {
        let height = block::Height::try_from(*h).expect("h");
        let round0 = set.at_height(height).and_then(|s| s.proposer(height, block::Round::default())).expect("p");
        if round0.address == bad_address {
            bad_heights.push(*h);
            assert!(c.round.value() > 0, "height {h}: the bad proposer's round 0 failed");
        }
        assert_ne!(b.header.proposer_address, bad_address, "height {h}: no block of the bad proposer");
    }
    assert!(bad_heights.contains(&1), "height 1 had the bad proposer in round 0");
    assert!(bad_heights.iter().any(|h| *h > 1), "a later height had it too: {bad_heights:?}");
    for i in &honest {
        sim.assert_bft_time(*i);
    }
}

/// Two of four clocks 60 s behind: without voteTime's floor their precommits would pull the
/// median back to before the committed block and the next block would be invalid; with it
/// every block's time is still after its predecessor's and every precommit is after the
/// block it commits.
#[test]
fn slow_clocks_cannot_stall_or_reverse_bft_time() {
    let (keys, set) = genesis(&[10, 10, 10, 10]);
    let mut sim = Sim::new(3, &keys, &set, &[], 0);
    sim.clock_skew_ms = vec![0, -60_000, -60_000, 0];
    assert!(sim.run_until(120_000, |s| s.all_reached(8)), "the chain keeps deciding");
    sim.assert_agreement();
    for i in 0..4 {
        sim.assert_bft_time(i);
        for (h, (b, c)) in &sim.nodes[i].decided {
            for sig in &c.signatures {
                if let CommitSig::BlockIdFlagCommit { timestamp, .. } = sig {
                    assert!(*timestamp > b.header.time, "node {i}: a precommit for height {h} predates the block");
                }
            }
        }
    }
}

/// Powers 7, 2, 2, 1 with the heavy validator's clock 5 s ahead: a commit needs more than 8,
/// so the heavy validator and at least one light one; the light ones' weight (at most 5)
/// never reaches half of what signed, so every block after the first is at the heavy
/// precommit's time. With every vote weighing one the median would be a light validator's
/// (earlier) time.
#[test]
fn block_time_follows_the_validator_holding_the_power() {
    let (keys, set) = genesis(&[7, 2, 2, 1]);
    let mut sim = Sim::new(4, &keys, &set, &[], 0);
    sim.clock_skew_ms = vec![5_000, 0, 0, 0];
    assert!(sim.run_until(120_000, |s| s.all_reached(6)));
    sim.assert_agreement();
    let heavy = address(&keys[0]);
    let mut checked = 0;
    for (h, (b, _)) in sim.nodes[1].decided.range(2..=6) {
        let lc = b.last_commit.as_ref().expect("last commit");
        let heavy_time = lc.signatures.iter().find_map(|s| match s {
            CommitSig::BlockIdFlagCommit { validator_address, timestamp, .. } if *validator_address == heavy => {
                Some(*timestamp)
            }
            _ => None,
        });
        let heavy_time = heavy_time.expect("the heavy validator is in every commit (the others hold 5 of 12)");
        assert_eq!(b.header.time, heavy_time, "height {h}");
        let light_max = lc
            .signatures
            .iter()
            .filter_map(|s| match s {
                CommitSig::BlockIdFlagCommit { validator_address, timestamp, .. } if *validator_address != heavy => {
                    Some(*timestamp)
                }
                _ => None,
            })
            .max();
        let light = light_max.expect("a light validator is in every commit (7 of 12 is not > 2/3)");
        assert!(heavy_time > light, "height {h}: the heavy clock is ahead");
        checked += 1;
    }
    assert_eq!(checked, 5);
    sim.assert_bft_time(1);
}
