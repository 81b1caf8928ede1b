//! Double signing becomes DuplicateVoteEvidence that the chain commits, forged or repeated
//! evidence is refused, and a vote set split by a double signer recovers through
//! VoteSetMaj23/VoteSetBits.

mod common;

use std::collections::BTreeSet;

use common::{address, chain_id, fake_block_id, genesis, sign_vote, Behavior, Sim};
use consensus::{
    block_id, build_block, evidence_hash, evidence_id, new_duplicate_vote_evidence, raw_duplicate_vote, validate_block,
    verify_duplicate_vote, Error, EvidenceError, EvidenceParams, EvidencePool, Message, Tip, ValidatorSet,
    VoteSetClaim,
};
use ed25519_dalek::SigningKey;
use prost::Message as _;
use tendermint::block::{self, Block, Commit};
use tendermint::evidence::{DuplicateVoteEvidence, Evidence};
use tendermint::vote::{self, ValidatorIndex, Vote};
use tendermint::Time;
use tendermint_proto::v0_38::types::DuplicateVoteEvidence as RawDuplicateVoteEvidence;

fn vote_at(set: &ValidatorSet, sk: &SigningKey, height: u64, block_id: Option<block::Id>) -> Vote {
    let index = set.find(&address(sk)).map(|(i, _)| i).expect("member");
    let v = Vote {
        vote_type: vote::Type::Prevote,
        height: block::Height::try_from(height).expect("h"),
        round: block::Round::default(),
        block_id,
        timestamp: Some(common::genesis_time()),
        validator_address: address(sk),
        validator_index: ValidatorIndex::try_from(index).expect("index"),
        signature: None,
        extension: Vec::new(),
        extension_signature: None,
    };
    sign_vote(sk, &chain_id(), v)
}

fn dve(ev: &Evidence) -> &DuplicateVoteEvidence {
    match ev {
        Evidence::DuplicateVote(d) => d,
        Evidence::LightClientAttack(_) => panic!("only duplicate votes here"),
    }
}

/// An honest 4-validator chain's first block and commit, and the tip above it.
fn chain_at_height_two() -> (Vec<SigningKey>, ValidatorSet, Block, Commit, Tip) {
    let (keys, set) = genesis(&[10, 10, 10, 10]);
    let mut sim = Sim::new(3, &keys, &set, &[], 0);
    assert!(sim.run_until(30_000, |s| s.all_reached(1)));
    let (b1, c1) = sim.nodes[0].decided[&1].clone();
    let tip = Tip {
        chain_id: chain_id(),
        height: block::Height::from(2u32),
        last_block_id: Some(block_id(&b1).expect("id")),
        last_block_time: b1.header.time,
    };
    (keys, set, b1, c1, tip)
}

fn evidence_at_one(keys: &[SigningKey], set: &ValidatorSet, time: Time) -> DuplicateVoteEvidence {
    let a = vote_at(set, &keys[1], 1, Some(fake_block_id(1, 0)));
    let b = vote_at(set, &keys[1], 1, None);
    new_duplicate_vote_evidence(a, b, time, set).expect("evidence")
}

fn block_two(keys: &[SigningKey], set: &ValidatorSet, c1: &Commit, tip: &Tip, evidence: Vec<Evidence>) -> Block {
    let proposer = set.proposer(tip.height, block::Round::default()).expect("proposer").address;
    let _ = keys;
    build_block(tip, set, Some(c1.clone()), proposer, evidence).expect("block")
}

#[test]
fn evidence_is_built_as_cometbft_builds_it() {
    let (keys, set) = genesis(&[10, 20, 30, 40]);
    let t = common::genesis_time();
    let for_block = vote_at(&set, &keys[1], 1, Some(fake_block_id(1, 0)));
    let nil = vote_at(&set, &keys[1], 1, None);
    // Either order of arrival gives the same evidence: vote_a has the smaller BlockID.Key(),
    // and nil's key is the empty string.
    let ev = new_duplicate_vote_evidence(for_block.clone(), nil.clone(), t, &set).expect("ev");
    let again = new_duplicate_vote_evidence(nil.clone(), for_block.clone(), t, &set).expect("ev");
    assert_eq!(ev, again);
    assert_eq!(ev.vote_a, nil);
    assert_eq!(ev.vote_b, for_block);
    assert_eq!(ev.validator_power.value(), 20);
    assert_eq!(ev.total_voting_power.value(), 100);
    assert_eq!(ev.timestamp, t);
    verify_duplicate_vote(&ev, &chain_id(), &set).expect("verifies");

    // The bytes carry the validator's power (tendermint-rs' own conversion writes the
    // total there) and the nil vote's empty BlockID, as gogoproto marshals it.
    let bytes = consensus::evidence_bytes(&Evidence::from(ev.clone()));
    let raw = RawDuplicateVoteEvidence::decode(bytes.as_slice()).expect("decode");
    assert_eq!(raw.validator_power, 20);
    assert_eq!(raw.total_voting_power, 100);
    assert!(raw.vote_a.as_ref().and_then(|v| v.block_id.as_ref()).is_some());
    assert_eq!(raw, raw_duplicate_vote(&ev));
}

#[test]
fn forged_evidence_is_refused() {
    let (keys, set) = genesis(&[10, 10, 10, 10]);
    let t = common::genesis_time();
    let good = evidence_at_one(&keys, &set, t);
    let check = |ev: &DuplicateVoteEvidence| verify_duplicate_vote(ev, &chain_id(), &set);
    assert_eq!(check(&good), Ok(()));

    // vote_b signed by another validator's key.
    let mut forged = good.clone();
    let mut b = forged.vote_b.clone();
    b = sign_vote(&keys[2], &chain_id(), b);
    forged.vote_b = b;
    assert_eq!(check(&forged), Err(EvidenceError::BadSignature));

    // Signed for another chain.
    let mut other_chain = good.clone();
    let other = tendermint::chain::Id::try_from("other-chain".to_string()).expect("id");
    other_chain.vote_a = sign_vote(&keys[1], &other, other_chain.vote_a.clone());
    assert_eq!(check(&other_chain), Err(EvidenceError::BadSignature));

    let mut power = good.clone();
    power.validator_power = vote::Power::from(11u32);
    assert!(matches!(check(&power), Err(EvidenceError::ValidatorPower { .. })));

    let mut total = good.clone();
    total.total_voting_power = vote::Power::from(41u32);
    assert!(matches!(check(&total), Err(EvidenceError::TotalPower { .. })));

    let mut swapped = good.clone();
    std::mem::swap(&mut swapped.vote_a, &mut swapped.vote_b);
    assert_eq!(check(&swapped), Err(EvidenceError::BadOrder));

    let mut same = good.clone();
    same.vote_b = same.vote_a.clone();
    assert_eq!(check(&same), Err(EvidenceError::SameBlockId));

    let mut rounds = good.clone();
    rounds.vote_b.round = block::Round::from(1u16);
    rounds.vote_b = sign_vote(&keys[1], &chain_id(), rounds.vote_b.clone());
    assert_eq!(check(&rounds), Err(EvidenceError::HeightRoundTypeMismatch));

    let (outsider, _) = genesis(&[10, 10, 10, 10, 10]);
    let stranger = common::key(7, 0);
    let mut foreign = good.clone();
    let _ = outsider;
    foreign.vote_a.validator_address = address(&stranger);
    foreign.vote_b.validator_address = address(&stranger);
    assert!(matches!(check(&foreign), Err(EvidenceError::NotAValidator(_))));
}

#[test]
fn block_with_forged_duplicate_or_future_evidence_is_refused() {
    let (keys, set, b1, c1, tip) = chain_at_height_two();
    let good = evidence_at_one(&keys, &set, b1.header.time);

    let ok = block_two(&keys, &set, &c1, &tip, vec![Evidence::from(good.clone())]);
    assert_eq!(ok.header.evidence_hash, Some(evidence_hash(&[Evidence::from(good.clone())])));
    validate_block(&tip, &set, &ok, block::Round::default()).expect("block with valid evidence");
    // Through the wire and back, the block keeps its id (evidence encoded as CometBFT does).
    let wire = Message::Proposal {
        proposal: tendermint::proposal::Proposal {
            msg_type: tendermint::proposal::Type::Proposal,
            height: tip.height,
            round: block::Round::default(),
            pol_round: None,
            block_id: Some(block_id(&ok).expect("id")),
            timestamp: Some(b1.header.time),
            signature: None,
        },
        block: ok.clone(),
    };
    let Message::Proposal { block: back, .. } = Message::decode(&wire.encode()).expect("decode") else {
        panic!("a proposal");
    };
    assert_eq!(block_id(&back).expect("id"), block_id(&ok).expect("id"));

    let mut forged = good.clone();
    forged.vote_b = sign_vote(&keys[3], &chain_id(), forged.vote_b.clone());
    let bad = block_two(&keys, &set, &c1, &tip, vec![Evidence::from(forged)]);
    assert_eq!(
        validate_block(&tip, &set, &bad, block::Round::default()),
        Err(Error::Evidence(EvidenceError::BadSignature))
    );

    let twice = block_two(&keys, &set, &c1, &tip, vec![Evidence::from(good.clone()), Evidence::from(good.clone())]);
    assert_eq!(
        validate_block(&tip, &set, &twice, block::Round::default()),
        Err(Error::Evidence(EvidenceError::Duplicate))
    );

    // Evidence the header does not account for.
    let mut unhashed = ok.clone();
    unhashed.header.evidence_hash = Some(evidence_hash(&[]));
    assert_eq!(
        validate_block(&tip, &set, &unhashed, block::Round::default()),
        Err(Error::Evidence(EvidenceError::HashMismatch))
    );

    // Evidence of the block's own height.
    let a = vote_at(&set, &keys[1], 2, Some(fake_block_id(2, 0)));
    let b = vote_at(&set, &keys[1], 2, None);
    let future = new_duplicate_vote_evidence(a, b, b1.header.time, &set).expect("ev");
    let future_block = block_two(&keys, &set, &c1, &tip, vec![Evidence::from(future)]);
    assert!(matches!(
        validate_block(&tip, &set, &future_block, block::Round::default()),
        Err(Error::Evidence(EvidenceError::FromTheFuture { .. }))
    ));
}

#[test]
fn pool_refuses_committed_mistimed_and_expired_evidence() {
    let (keys, set, b1, c1, tip) = chain_at_height_two();
    let chain = chain_id();
    let mut pool = EvidencePool::new(EvidenceParams::default());
    let good = Evidence::from(evidence_at_one(&keys, &set, b1.header.time));

    // Height 1 not committed yet: no block time to check against.
    assert_eq!(pool.add(good.clone(), &chain, &set), Err(EvidenceError::UnknownHeight(1)));
    pool.block_committed(&b1, &chain, &set);

    let mut late = evidence_at_one(&keys, &set, b1.header.time);
    late.timestamp = b1.header.time.checked_add(std::time::Duration::from_secs(1)).expect("t");
    assert!(matches!(pool.add(Evidence::from(late), &chain, &set), Err(EvidenceError::WrongTime { .. })));

    assert_eq!(pool.add(good.clone(), &chain, &set), Ok(true));
    assert_eq!(pool.add(good.clone(), &chain, &set), Ok(false), "kept once");
    assert_eq!(pool.for_proposal(), vec![good.clone()]);

    let b2 = block_two(&keys, &set, &c1, &tip, vec![good.clone()]);
    pool.check_block(&b2, &chain, &set).expect("pending evidence may be committed");
    pool.block_committed(&b2, &chain, &set);
    assert!(pool.is_committed(&good));
    assert!(pool.for_proposal().is_empty(), "committed evidence is never proposed again");
    assert_eq!(pool.check_block(&b2, &chain, &set), Err(EvidenceError::AlreadyCommitted));
    assert_eq!(pool.add(good.clone(), &chain, &set), Ok(false));

    // Expired only when older than both max_age_num_blocks and max_age_duration.
    let params = EvidenceParams { max_age_num_blocks: 1, max_age_duration: std::time::Duration::from_secs(10) };
    let t1 = b1.header.time;
    let later = |s| t1.checked_add(std::time::Duration::from_secs(s)).expect("t");
    assert!(consensus::is_expired(&params, 3, later(11), 1, t1));
    assert!(!consensus::is_expired(&params, 3, later(9), 1, t1));
    assert!(!consensus::is_expired(&params, 2, later(11), 1, t1));
}

/// Heights 1..=10 decided by every honest node. The node the double signer feeds its other
/// votes and proposals can fall two heights behind, which only block sync (CometBFT: block
/// sync or the reactor's catch-up from the block store) repairs; the others decide by
/// consensus.
fn run_double_signer(seed: u64) -> Sim {
    let (keys, set) = genesis(&[10, 10, 10, 10]);
    let behaviors = [Behavior::Honest, Behavior::DoubleVoter, Behavior::Honest, Behavior::Honest];
    let mut sim = Sim::new(seed, &keys, &set, &behaviors, 0);
    sim.block_sync = true;
    let ok = sim
        .run_until(300_000, |s| [0usize, 2, 3].iter().all(|i| (1..=10).all(|h| s.nodes[*i].decided.contains_key(&h))));
    sim.assert_agreement();
    let heights: Vec<(u64, u32)> =
        sim.nodes.iter().map(|n| (n.state.height().value(), n.state.round().value())).collect();
    assert!(ok, "seed {seed}: honest nodes stay live next to a double signer; (height, round) per node: {heights:?}");
    sim
}

// 20 seeds, split so the test runner can spread them over cores.
#[test]
fn double_signer_evidence_is_committed_within_three_heights_seeds_00_10() {
    double_signer_evidence_is_committed_within_three_heights(0..10);
}
#[test]
fn double_signer_evidence_is_committed_within_three_heights_seeds_10_20() {
    double_signer_evidence_is_committed_within_three_heights(10..20);
}

fn double_signer_evidence_is_committed_within_three_heights(seeds: std::ops::Range<u64>) {
    let (keys, set) = genesis(&[10, 10, 10, 10]);
    let byz = address(&keys[1]);
    for seed in seeds {
        let sim = run_double_signer(seed);
        let first_equivocation = [0usize, 2, 3]
            .iter()
            .flat_map(|i| sim.nodes[*i].equivocations.iter())
            .map(|(a, _)| a.height.value())
            .min()
            .expect("equivocation seen");
        let chain = &sim.nodes[0].decided;
        let mut ids = BTreeSet::new();
        let mut committed_at = None;
        for (h, (b, _)) in chain {
            let list: Vec<Evidence> = b.evidence.iter().cloned().collect();
            assert_eq!(b.header.evidence_hash, Some(evidence_hash(&list)), "seed {seed}: height {h}");
            for ev in &list {
                assert!(ids.insert(evidence_id(ev)), "seed {seed}: evidence committed twice (height {h})");
                let d = dve(ev);
                assert_eq!(d.vote_a.validator_address, byz);
                verify_duplicate_vote(d, &chain_id(), &set).expect("committed evidence verifies");
                let ev_height = d.vote_a.height.value();
                assert!(ev_height < *h);
                assert_eq!(d.timestamp, chain[&ev_height].0.header.time, "timestamp = block time of its height");
                committed_at.get_or_insert(*h);
            }
        }
        let at = committed_at.unwrap_or_else(|| panic!("seed {seed}: no evidence committed"));
        assert!(
            at <= first_equivocation + 3,
            "seed {seed}: first double sign at {first_equivocation}, first evidence committed at {at}"
        );
        assert!(
            [0usize, 2, 3].iter().any(|i| sim.nodes[*i].synced.is_empty()),
            "seed {seed}: some honest node decided every height by consensus"
        );
    }
}

/// Validator 2 is down and validator 1 double-signs, telling node 0 one vote and node 3
/// another: each honest node alone sees only 2/3 with the double signer's vote it got. A
/// node that saw +2/3 claims it (VoteSetMaj23), and the other admits the double signer's
/// conflicting vote for that block id: without the claim node 3 never decides height 1.
#[test]
fn split_vote_set_recovers_through_vote_set_maj23() {
    for seed in 0..10 {
        let (keys, set) = genesis(&[10, 10, 10, 10]);
        let behaviors = [Behavior::Honest, Behavior::DoubleVoter, Behavior::Crashed, Behavior::Honest];
        let mut sim = Sim::new(seed, &keys, &set, &behaviors, 0);
        let ok = sim
            .run_until(300_000, |s| [0usize, 3].iter().all(|i| (1..=5).all(|h| s.nodes[*i].decided.contains_key(&h))));
        sim.assert_agreement();
        assert!(ok, "seed {seed}: both honest nodes decide 1..=5 by consensus");
        assert!(sim.nodes[0].synced.is_empty() && sim.nodes[3].synced.is_empty());
        // The commits carry the double signer's precommit for the decided block on some
        // height: the vote only one side had received directly.
        let byz = address(&keys[1]);
        let with_byz = sim.nodes[3]
            .decided
            .values()
            .filter(|(_, c)| c.signatures.iter().any(|s| s.is_commit() && s.validator_address() == Some(byz)))
            .count();
        assert!(with_byz > 0, "seed {seed}: a commit needed the double signer's vote");
    }
}

#[test]
fn vote_set_messages_round_trip_the_wire() {
    let claim = VoteSetClaim {
        height: block::Height::from(7u32),
        round: block::Round::from(2u16),
        vote_type: vote::Type::Precommit,
        block_id: Some(fake_block_id(7, 2)),
    };
    let nil = VoteSetClaim { block_id: None, ..claim };
    let votes: Vec<bool> = (0..70).map(|i| i % 3 == 0).collect();
    for m in
        [Message::VoteSetMaj23(claim), Message::VoteSetMaj23(nil), Message::VoteSetBits { claim, votes: votes.clone() }]
    {
        assert_eq!(Message::decode(&m.encode()).expect("decode"), m);
    }
}
