//! Every signature is checked: forged, foreign and wrong-chain messages never count.

mod common;

use common::{address, chain_id, genesis, genesis_time, key, sign_proposal, sign_vote, sim_timeouts, Sim};
use consensus::{
    block_id, build_block, validate_block, verify_commit, Error, Input, Message, Output, State, Step, Tip, ValidatorSet,
};
use ed25519_dalek::SigningKey;
use tendermint::block::{self, Block, Commit, CommitSig};
use tendermint::proposal::{self, Proposal};
use tendermint::vote::{self, ValidatorIndex, Vote};
use tendermint::{chain, Signature};

fn h1() -> block::Height {
    block::Height::from(1u32)
}

fn r0() -> block::Round {
    block::Round::default()
}

struct Fixture {
    keys: Vec<SigningKey>,
    set: ValidatorSet,
    block: Block,
    id: block::Id,
    proposal: Proposal,
}

fn fixture() -> Fixture {
    let (keys, set) = genesis(&[10, 10, 10, 10]);
    let proposer = set.proposer(h1(), r0()).expect("proposer");
    let pk = keys.iter().find(|k| address(k) == proposer.address).expect("proposer key").clone();
    let tip = Tip { chain_id: chain_id(), height: h1(), last_block_id: None, last_block_time: genesis_time() };
    let block = build_block(&tip, &set, None, proposer.address, Vec::new()).expect("block");
    let id = block_id(&block).expect("id");
    let proposal = sign_proposal(
        &pk,
        &chain_id(),
        Proposal {
            msg_type: proposal::Type::Proposal,
            height: h1(),
            round: r0(),
            pol_round: None,
            block_id: Some(id),
            timestamp: Some(genesis_time()),
            signature: None,
        },
    );
    Fixture { keys, set, block, id, proposal }
}

fn unsigned_vote(set: &ValidatorSet, sk: &SigningKey, t: vote::Type, id: Option<block::Id>) -> Vote {
    let index = set.find(&address(sk)).map(|(i, _)| i).unwrap_or(0);
    Vote {
        vote_type: t,
        height: h1(),
        round: r0(),
        block_id: id,
        timestamp: Some(genesis_time()),
        validator_address: address(sk),
        validator_index: ValidatorIndex::try_from(index).expect("index"),
        signature: None,
        extension: Vec::new(),
        extension_signature: None,
    }
}

fn full_node(set: &ValidatorSet) -> State {
    let mut s =
        State::new(chain_id(), set.clone(), h1(), None, None, genesis_time(), None, sim_timeouts()).expect("state");
    s.handle(Input::Start);
    s
}

fn decided(out: &[Output]) -> bool {
    out.iter().any(|o| matches!(o, Output::Decide { .. }))
}

#[test]
fn forged_foreign_and_wrong_chain_votes_are_ignored() {
    let f = fixture();
    let mut s = full_node(&f.set);
    assert!(s.handle(Input::Proposal { proposal: f.proposal.clone(), block: f.block.clone() }).is_empty());
    let other_chain = chain::Id::try_from("other-chain".to_string()).expect("chain");
    let outsider = key(999, 0);
    let mut ignored = Vec::new();
    for (i, k) in f.keys.iter().enumerate() {
        let v = unsigned_vote(&f.set, k, vote::Type::Precommit, Some(f.id));
        // Signed by the wrong key.
        ignored.push(sign_vote(&f.keys[(i + 1) % 4], &chain_id(), v.clone()));
        // Signed for another chain.
        ignored.push(sign_vote(k, &other_chain, v.clone()));
        // Signature bytes tampered with.
        let mut t = sign_vote(k, &chain_id(), v.clone());
        let mut bytes = t.signature.clone().expect("sig").as_bytes().to_vec();
        bytes[5] ^= 1;
        t.signature = Signature::new(bytes).expect("sig");
        ignored.push(t);
        // Unsigned.
        ignored.push(v.clone());
        // Valid signature, but the index names another validator.
        let mut wrong_index = v.clone();
        let real = v.validator_index.value() as usize;
        wrong_index.validator_index = ValidatorIndex::try_from((real + 1) % 4).expect("index");
        ignored.push(sign_vote(k, &chain_id(), wrong_index));
    }
    // A correctly signed vote from a key outside the set.
    ignored.push(sign_vote(
        &outsider,
        &chain_id(),
        unsigned_vote(&f.set, &outsider, vote::Type::Precommit, Some(f.id)),
    ));
    for v in ignored {
        let out = s.handle(Input::Vote(v));
        assert!(!decided(&out));
    }
    assert_eq!(s.vote_power(r0(), vote::Type::Precommit, Some(f.id)), 0);
    assert_eq!(s.height(), h1());

    // The genuine precommits of three validators (30 of 40) decide.
    let mut out = Vec::new();
    for k in &f.keys[..3] {
        out = s.handle(Input::Vote(sign_vote(
            k,
            &chain_id(),
            unsigned_vote(&f.set, k, vote::Type::Precommit, Some(f.id)),
        )));
    }
    assert!(decided(&out), "three genuine precommits decide");
    let commit = out
        .iter()
        .find_map(|o| match o {
            Output::Decide { commit, .. } => Some(commit.clone()),
            _ => None,
        })
        .expect("commit");
    assert_eq!(verify_commit(&chain_id(), &f.set, &f.id, h1(), &commit), Ok(30));
    assert_eq!(s.height(), block::Height::from(2u32));
    assert_eq!(s.step(), Step::NewHeight);
}

#[test]
fn two_precommits_of_four_do_not_decide() {
    let f = fixture();
    let mut s = full_node(&f.set);
    s.handle(Input::Proposal { proposal: f.proposal.clone(), block: f.block.clone() });
    for k in &f.keys[..2] {
        let v = sign_vote(k, &chain_id(), unsigned_vote(&f.set, k, vote::Type::Precommit, Some(f.id)));
        // Delivered twice: counted once.
        assert!(!decided(&s.handle(Input::Vote(v.clone()))));
        assert!(!decided(&s.handle(Input::Vote(v))));
    }
    assert_eq!(s.vote_power(r0(), vote::Type::Precommit, Some(f.id)), 20);
}

#[test]
fn equivocating_vote_is_reported_and_not_counted_twice() {
    let f = fixture();
    let mut s = full_node(&f.set);
    let k = &f.keys[0];
    let a = sign_vote(k, &chain_id(), unsigned_vote(&f.set, k, vote::Type::Prevote, Some(f.id)));
    let b = sign_vote(k, &chain_id(), unsigned_vote(&f.set, k, vote::Type::Prevote, None));
    assert!(s.handle(Input::Vote(a.clone())).is_empty());
    let out = s.handle(Input::Vote(b.clone()));
    assert!(matches!(&out[..], [Output::Equivocation { first, second }] if *first == a && *second == b));
    assert_eq!(s.vote_power(r0(), vote::Type::Prevote, Some(f.id)), 10);
    assert_eq!(s.vote_power(r0(), vote::Type::Prevote, None), 0);
    // Reported once only.
    assert!(s.handle(Input::Vote(b)).is_empty());
}

#[test]
fn forged_proposal_is_ignored_and_genuine_one_accepted() {
    let f = fixture();
    let mut s = full_node(&f.set);
    let precommits: Vec<Vote> = f.keys[..3]
        .iter()
        .map(|k| sign_vote(k, &chain_id(), unsigned_vote(&f.set, k, vote::Type::Precommit, Some(f.id))))
        .collect();
    for v in &precommits {
        assert!(!decided(&s.handle(Input::Vote(v.clone()))), "no block yet");
    }
    // Signed by a validator that is not the round's proposer.
    let proposer = f.set.proposer(h1(), r0()).expect("p").address;
    let not_proposer = f.keys.iter().find(|k| address(k) != proposer).expect("key");
    let forged = sign_proposal(not_proposer, &chain_id(), f.proposal.clone());
    assert!(!decided(&s.handle(Input::Proposal { proposal: forged, block: f.block.clone() })));
    // Right signer, wrong chain.
    let other_chain = chain::Id::try_from("other-chain".to_string()).expect("chain");
    let pk = f.keys.iter().find(|k| address(k) == proposer).expect("key");
    let wrong_chain = sign_proposal(pk, &other_chain, f.proposal.clone());
    assert!(!decided(&s.handle(Input::Proposal { proposal: wrong_chain, block: f.block.clone() })));
    // Genuine signature but the block does not match the proposal's block id.
    let mut other_block = f.block.clone();
    other_block.header.time = genesis_time().checked_add(std::time::Duration::from_secs(1)).expect("t");
    assert!(!decided(&s.handle(Input::Proposal { proposal: f.proposal.clone(), block: other_block })));
    // The genuine proposal completes the decision.
    assert!(decided(&s.handle(Input::Proposal { proposal: f.proposal.clone(), block: f.block.clone() })));
}

#[test]
fn wrong_chain_state_machine_refuses_blocks_of_another_chain() {
    let f = fixture();
    let other_chain = chain::Id::try_from("other-chain".to_string()).expect("chain");
    let mut s = State::new(other_chain.clone(), f.set.clone(), h1(), None, None, genesis_time(), None, sim_timeouts())
        .expect("s");
    s.handle(Input::Start);
    // Even correctly signed for its chain id, a block whose header names another chain is
    // invalid, so it is never decided.
    let pk = f.keys.iter().find(|k| address(k) == f.set.proposer(h1(), r0()).expect("p").address).expect("k");
    let p = sign_proposal(pk, &other_chain, f.proposal.clone());
    s.handle(Input::Proposal { proposal: p, block: f.block.clone() });
    for k in &f.keys {
        let v = sign_vote(k, &other_chain, unsigned_vote(&f.set, k, vote::Type::Precommit, Some(f.id)));
        assert!(!decided(&s.handle(Input::Vote(v))));
    }
    assert_eq!(s.vote_power(r0(), vote::Type::Precommit, Some(f.id)), 40);
    assert_eq!(s.height(), h1());
}

fn signed_commit(f: &Fixture, signers: &[usize]) -> Commit {
    let signatures = f
        .set
        .validators()
        .iter()
        .map(|info| {
            let (i, k) = f.keys.iter().enumerate().find(|(_, k)| address(k) == info.address).expect("key");
            if signers.contains(&i) {
                let v = sign_vote(k, &chain_id(), unsigned_vote(&f.set, k, vote::Type::Precommit, Some(f.id)));
                CommitSig::BlockIdFlagCommit {
                    validator_address: v.validator_address,
                    timestamp: v.timestamp.expect("ts"),
                    signature: v.signature,
                }
            } else {
                CommitSig::BlockIdFlagAbsent
            }
        })
        .collect();
    Commit { height: h1(), round: r0(), block_id: f.id, signatures }
}

#[test]
fn verify_commit_accepts_supermajority_and_rejects_the_rest() {
    let f = fixture();
    let good = signed_commit(&f, &[0, 1, 2]);
    assert_eq!(verify_commit(&chain_id(), &f.set, &f.id, h1(), &good), Ok(30));
    assert_eq!(verify_commit(&chain_id(), &f.set, &f.id, h1(), &signed_commit(&f, &[0, 1, 2, 3])), Ok(40));

    // Insufficient power: half is not enough.
    assert!(matches!(
        verify_commit(&chain_id(), &f.set, &f.id, h1(), &signed_commit(&f, &[0, 1])),
        Err(Error::InsufficientPower { signed: 20, total: 40 })
    ));

    // Bad signature.
    let mut bad = good.clone();
    if let Some(CommitSig::BlockIdFlagCommit { signature, .. }) = bad.signatures.iter_mut().find(|s| s.is_commit()) {
        let mut b = signature.clone().expect("sig").as_bytes().to_vec();
        b[0] ^= 0xff;
        *signature = Signature::new(b).expect("sig");
    }
    assert!(matches!(verify_commit(&chain_id(), &f.set, &f.id, h1(), &bad), Err(Error::BadSignature(_))));

    // A timestamp changed after signing breaks the signature too.
    let mut retimed = good.clone();
    if let Some(CommitSig::BlockIdFlagCommit { timestamp, .. }) = retimed.signatures.iter_mut().find(|s| s.is_commit())
    {
        *timestamp = genesis_time().checked_add(std::time::Duration::from_millis(1)).expect("t");
    }
    assert!(matches!(verify_commit(&chain_id(), &f.set, &f.id, h1(), &retimed), Err(Error::BadSignature(_))));

    // Wrong block id (asked about another block; or the commit claims another block).
    let other = common::fake_block_id(1, 0);
    assert!(matches!(verify_commit(&chain_id(), &f.set, &other, h1(), &good), Err(Error::WrongBlockId { .. })));
    let mut relabelled = good.clone();
    relabelled.block_id = other;
    assert!(matches!(verify_commit(&chain_id(), &f.set, &other, h1(), &relabelled), Err(Error::BadSignature(_))));

    // Wrong height.
    assert!(matches!(
        verify_commit(&chain_id(), &f.set, &f.id, block::Height::from(2u32), &good),
        Err(Error::WrongHeight { .. })
    ));

    // Wrong chain id.
    let other_chain = chain::Id::try_from("other-chain".to_string()).expect("chain");
    assert!(matches!(verify_commit(&other_chain, &f.set, &f.id, h1(), &good), Err(Error::BadSignature(_))));

    // Signatures out of validator order / wrong count.
    let mut swapped = good.clone();
    swapped.signatures.swap(0, 1);
    assert!(verify_commit(&chain_id(), &f.set, &f.id, h1(), &swapped).is_err());
    let mut short = good.clone();
    short.signatures.pop();
    assert!(matches!(verify_commit(&chain_id(), &f.set, &f.id, h1(), &short), Err(Error::WrongSignatureCount { .. })));
}

#[test]
fn decided_chain_validates_for_block_sync_and_tampering_is_caught() {
    let (keys, set) = genesis(&[10, 10, 10, 10]);
    let mut sim = Sim::new(3, &keys, &set, &[], 0);
    assert!(sim.run_until(60_000, |s| s.all_reached(6)));
    let chain: Vec<(Block, Commit)> = (1..=6).map(|h| sim.nodes[0].decided[&h].clone()).collect();

    // A lagging node replays the chain: verify each commit, then validate each block.
    let mut tip = Tip { chain_id: chain_id(), height: h1(), last_block_id: None, last_block_time: genesis_time() };
    for (b, c) in &chain {
        let id = block_id(b).expect("id");
        verify_commit(&chain_id(), &set, &id, tip.height, c).expect("commit verifies");
        assert_eq!(validate_block(&tip, &set, b, c.round).expect("valid"), id);
        tip = Tip {
            chain_id: chain_id(),
            height: tip.height.increment(),
            last_block_id: Some(id),
            last_block_time: b.header.time,
        };
    }
    // The block's last_commit is a valid commit of the previous block.
    let (b3, _) = &chain[2];
    let (b2, _) = &chain[1];
    let lc = b3.last_commit.clone().expect("last commit");
    verify_commit(&chain_id(), &set, &block_id(b2).expect("id"), block::Height::from(2u32), &lc).expect("last commit");

    let tip3 = Tip {
        chain_id: chain_id(),
        height: block::Height::from(3u32),
        last_block_id: Some(block_id(b2).expect("id")),
        last_block_time: b2.header.time,
    };
    let round = chain[2].1.round;
    assert!(validate_block(&tip3, &set, b3, round).is_ok());
    let mut t = b3.clone();
    t.header.time = b2.header.time;
    assert!(validate_block(&tip3, &set, &t, round).is_err(), "time must increase");
    let mut t = b3.clone();
    t.header.last_block_id = Some(common::fake_block_id(2, 0));
    assert!(validate_block(&tip3, &set, &t, round).is_err(), "must extend the previous block");
    let mut t = b3.clone();
    t.header.height = block::Height::from(4u32);
    assert!(validate_block(&tip3, &set, &t, round).is_err(), "height");
    let mut t = b3.clone();
    t.header.chain_id = chain::Id::try_from("other-chain".to_string()).expect("c");
    assert!(validate_block(&tip3, &set, &t, round).is_err(), "chain id");
    let mut t = b3.clone();
    t.header.validators_hash = t.header.consensus_hash;
    assert!(validate_block(&tip3, &set, &t, round).is_err(), "validators hash");
    let mut t = b3.clone();
    let wrong = f_other_proposer(&set, &keys, b3);
    t.header.proposer_address = wrong;
    assert!(validate_block(&tip3, &set, &t, r0()).is_err(), "proposer of round 0");
    let mut t = b3.clone();
    t.header.last_commit_hash = Some(t.header.consensus_hash);
    assert!(validate_block(&tip3, &set, &t, round).is_err(), "last commit hash");
    let mut t = b3.clone();
    if let Some(c) = t.last_commit.as_mut() {
        c.signatures = c.signatures.iter().map(|_| CommitSig::BlockIdFlagAbsent).collect();
    }
    assert!(validate_block(&tip3, &set, &t, round).is_err(), "last commit without power");
}

fn f_other_proposer(set: &ValidatorSet, keys: &[SigningKey], b: &Block) -> tendermint::account::Id {
    let p = set.proposer(b.header.height, r0()).expect("p").address;
    keys.iter().map(address).find(|a| *a != p && *a != b.header.proposer_address).expect("other")
}

#[test]
fn wire_messages_round_trip_and_garbage_is_an_error() {
    let f = fixture();
    let m = Message::Proposal { proposal: f.proposal.clone(), block: f.block.clone() };
    assert_eq!(Message::decode(&m.encode()).expect("decode"), m);
    let v = Message::Vote(sign_vote(
        &f.keys[0],
        &chain_id(),
        unsigned_vote(&f.set, &f.keys[0], vote::Type::Prevote, Some(f.id)),
    ));
    assert_eq!(Message::decode(&v.encode()).expect("decode"), v);
    let nil =
        Message::Vote(sign_vote(&f.keys[0], &chain_id(), unsigned_vote(&f.set, &f.keys[0], vote::Type::Prevote, None)));
    assert_eq!(Message::decode(&nil.encode()).expect("decode"), nil);
    assert!(matches!(Message::decode(&[0xff, 0xff, 0xff]), Err(Error::Decode(_))));
    assert!(matches!(Message::decode(&[]), Err(Error::Decode(_))));
}

#[test]
fn full_node_never_asks_to_sign() {
    let f = fixture();
    let outsider = key(999, 0);
    let mut s = State::new(
        chain_id(),
        f.set.clone(),
        h1(),
        None,
        None,
        genesis_time(),
        Some(address(&outsider)),
        sim_timeouts(),
    )
    .expect("s");
    assert!(!s.is_validator());
    let mut outs = s.handle(Input::Start);
    outs.extend(s.handle(Input::Timeout { height: h1(), round: r0(), step: consensus::TimeoutStep::Propose }));
    outs.extend(s.handle(Input::Proposal { proposal: f.proposal.clone(), block: f.block.clone() }));
    for k in &f.keys {
        outs.extend(s.handle(Input::Vote(sign_vote(
            k,
            &chain_id(),
            unsigned_vote(&f.set, k, vote::Type::Prevote, Some(f.id)),
        ))));
    }
    for k in &f.keys {
        outs.extend(s.handle(Input::Vote(sign_vote(
            k,
            &chain_id(),
            unsigned_vote(&f.set, k, vote::Type::Precommit, Some(f.id)),
        ))));
    }
    assert!(outs.iter().all(|o| !matches!(o, Output::SignVote(_) | Output::SignProposal { .. })));
    assert!(decided(&outs), "a full node still decides");
}

#[test]
fn validator_round_zero_proposer_asks_to_sign_then_broadcasts() {
    let f = fixture();
    let proposer = f.set.proposer(h1(), r0()).expect("p").address;
    let pk = f.keys.iter().find(|k| address(k) == proposer).expect("key").clone();
    let mut s = State::new(chain_id(), f.set.clone(), h1(), None, None, genesis_time(), Some(proposer), sim_timeouts())
        .expect("s");
    s.handle(Input::Now(genesis_time()));
    let out = s.handle(Input::Start);
    let (p, b) = out
        .iter()
        .find_map(|o| match o {
            Output::SignProposal { proposal, block } => Some((proposal.clone(), block.clone())),
            _ => None,
        })
        .expect("sign request");
    assert!(out.iter().any(|o| matches!(o, Output::ScheduleTimeout { step: consensus::TimeoutStep::Propose, .. })));
    assert_eq!(b.header.proposer_address, proposer);
    // A signer failure leaves the machine running: the propose timeout still prevotes nil.
    let mut s2 =
        State::new(chain_id(), f.set.clone(), h1(), None, None, genesis_time(), Some(proposer), sim_timeouts())
            .expect("s");
    s2.handle(Input::Start);
    s2.handle(Input::SignFailed {
        height: h1(),
        round: r0(),
        kind: consensus::SignKind::Proposal,
        reason: "refused".into(),
    });
    let out2 = s2.handle(Input::Timeout { height: h1(), round: r0(), step: consensus::TimeoutStep::Propose });
    assert!(out2
        .iter()
        .any(|o| matches!(o, Output::SignVote(v) if v.block_id.is_none() && v.vote_type == vote::Type::Prevote)));

    // A signature by another key is refused; the right one is broadcast and prevoted.
    let wrong = s.handle(Input::SignedOwnProposal(sign_proposal(
        &f.keys.iter().find(|k| address(k) != proposer).expect("k").clone(),
        &chain_id(),
        p.clone(),
    )));
    assert!(wrong.is_empty());
    let out = s.handle(Input::SignedOwnProposal(sign_proposal(&pk, &chain_id(), p)));
    assert!(out.iter().any(|o| matches!(o, Output::Broadcast(Message::Proposal { .. }))));
    let prevote = out
        .iter()
        .find_map(|o| match o {
            Output::SignVote(v) => Some(v.clone()),
            _ => None,
        })
        .expect("prevote requested");
    assert_eq!(prevote.block_id, Some(block_id(&b).expect("id")));
    assert!(prevote.timestamp.is_some());
    assert_eq!(s.step(), Step::Prevote);
    let out = s.handle(Input::SignedOwnVote(sign_vote(&pk, &chain_id(), prevote.clone())));
    assert!(out.iter().any(|o| matches!(o, Output::Broadcast(Message::Vote(v)) if v.block_id == prevote.block_id)));
    assert_eq!(s.vote_power(r0(), vote::Type::Prevote, prevote.block_id), 10);
}

#[test]
fn next_height_messages_are_buffered_bounded_and_replayed() {
    let f = fixture();
    let mut s = full_node(&f.set);
    let mut future = unsigned_vote(&f.set, &f.keys[0], vote::Type::Prevote, None);
    future.height = block::Height::from(2u32);
    let future = sign_vote(&f.keys[0], &chain_id(), future);
    for _ in 0..10_000 {
        s.handle(Input::Vote(future.clone()));
    }
    let cap = s.buffered_future_messages();
    assert!(cap > 0 && cap <= 64.max(consensus::FUTURE_MESSAGES_PER_VALIDATOR * 4), "bounded: {cap}");
    // Height + 2 is dropped.
    let mut far = future.clone();
    far.height = block::Height::from(3u32);
    s.handle(Input::Vote(far));
    assert_eq!(s.buffered_future_messages(), cap);
    // Deciding height 1 replays the buffer into height 2.
    s.handle(Input::Proposal { proposal: f.proposal.clone(), block: f.block.clone() });
    for k in &f.keys[..3] {
        s.handle(Input::Vote(sign_vote(k, &chain_id(), unsigned_vote(&f.set, k, vote::Type::Precommit, Some(f.id)))));
    }
    assert_eq!(s.height(), block::Height::from(2u32));
    assert_eq!(s.buffered_future_messages(), 0);
    assert_eq!(s.vote_power(r0(), vote::Type::Prevote, None), 10);
}

#[test]
fn state_new_checks_the_previous_block_arguments() {
    let f = fixture();
    let commit = signed_commit(&f, &[0, 1, 2]);
    assert!(State::new(
        chain_id(),
        f.set.clone(),
        h1(),
        Some(commit.clone()),
        Some(f.id),
        genesis_time(),
        None,
        sim_timeouts()
    )
    .is_err());
    assert!(State::new(
        chain_id(),
        f.set.clone(),
        block::Height::from(2u32),
        None,
        None,
        genesis_time(),
        None,
        sim_timeouts()
    )
    .is_err());
    let s = State::new(
        chain_id(),
        f.set.clone(),
        block::Height::from(2u32),
        Some(commit),
        Some(f.id),
        genesis_time(),
        None,
        sim_timeouts(),
    )
    .expect("height 2");
    assert_eq!(s.validators().height(), block::Height::from(2u32));
}

#[test]
fn validator_set_rejects_bad_members() {
    let a = key(1, 1);
    let b = key(1, 2);
    assert!(matches!(ValidatorSet::new(vec![], h1()), Err(Error::EmptyValidatorSet)));
    assert!(matches!(ValidatorSet::new(vec![common::info(&a, 0)], h1()), Err(Error::ZeroPower(_))));
    assert!(matches!(
        ValidatorSet::new(vec![common::info(&a, 1), common::info(&a, 2)], h1()),
        Err(Error::DuplicateValidator(_))
    ));
    let mut forged = common::info(&a, 1);
    forged.address = address(&b);
    assert!(matches!(ValidatorSet::new(vec![forged], h1()), Err(Error::AddressMismatch(_))));
    let set = ValidatorSet::new(vec![common::info(&a, 1), common::info(&b, 5)], h1()).expect("set");
    assert_eq!(set.get(0).expect("v").address, address(&b), "sorted by power, descending");
    // validators_hash equals tendermint-rs' own computation for the same set.
    assert_eq!(set.hash(), tendermint::validator::Set::without_proposer(set.validators()).hash());
}

/// Lines 22-33 of the paper: a validator locked on a block in round 0 prevotes nil for a
/// different fresh proposal in round 1, but follows a re-proposal justified by a newer
/// polka (pol_round >= locked round).
#[test]
fn lock_is_respected_and_released_only_by_a_newer_polka() {
    let f = fixture();
    // Pick a validator that proposes neither round 0 nor round 1.
    let p0 = f.set.proposer(h1(), r0()).expect("p0").address;
    let r1 = block::Round::from(1u16);
    let r2 = block::Round::from(2u16);
    let p1 = f.set.proposer(h1(), r1).expect("p1").address;
    let p2 = f.set.proposer(h1(), r2).expect("p2").address;
    let me = f
        .keys
        .iter()
        .find(|k| ![p0, p1, p2].contains(&address(k)))
        .or_else(|| f.keys.iter().find(|k| ![p0, p1].contains(&address(k))))
        .expect("me")
        .clone();
    let mut s =
        State::new(chain_id(), f.set.clone(), h1(), None, None, genesis_time(), Some(address(&me)), sim_timeouts())
            .expect("s");
    s.handle(Input::Start);
    let vote_at = |k: &SigningKey, t: vote::Type, r: block::Round, id: Option<block::Id>| {
        let mut v = unsigned_vote(&f.set, k, t, id);
        v.round = r;
        sign_vote(k, &chain_id(), v)
    };
    let sign_own = |s: &mut State, out: Vec<Output>| -> Option<Vote> {
        let v = out.iter().find_map(|o| match o {
            Output::SignVote(v) => Some(v.clone()),
            _ => None,
        })?;
        s.handle(Input::SignedOwnVote(sign_vote(&me, &chain_id(), v.clone())));
        Some(v)
    };
    // Round 0: block X proposed, a polka for X: we precommit X and lock.
    let out = s.handle(Input::Proposal { proposal: f.proposal.clone(), block: f.block.clone() });
    assert_eq!(sign_own(&mut s, out).expect("prevote").block_id, Some(f.id));
    let others: Vec<&SigningKey> = f.keys.iter().filter(|k| address(k) != address(&me)).collect();
    let mut out = Vec::new();
    for k in &others[..2] {
        out.extend(s.handle(Input::Vote(vote_at(k, vote::Type::Prevote, r0(), Some(f.id)))));
    }
    let pc = sign_own(&mut s, out).expect("precommit");
    assert_eq!(pc.block_id, Some(f.id));
    assert_eq!(s.locked_round(), Some(r0()));
    // Nobody else precommits; round 0 ends by timeout.
    for k in &others {
        s.handle(Input::Vote(vote_at(k, vote::Type::Precommit, r0(), None)));
    }
    s.handle(Input::Timeout { height: h1(), round: r0(), step: consensus::TimeoutStep::Precommit });
    assert_eq!(s.round(), r1);

    // Round 1: a fresh block Y (no POL) — locked on X, we prevote nil.
    let k1 = f.keys.iter().find(|k| address(k) == p1).expect("k1");
    let tip = Tip { chain_id: chain_id(), height: h1(), last_block_id: None, last_block_time: genesis_time() };
    // At height 1 the time is the genesis time for every block: Y differs from X by its
    // proposer (round 1's).
    assert_ne!(p1, f.block.header.proposer_address);
    let y = build_block(&tip, &f.set, None, p1, Vec::new()).expect("y");
    let y_id = block_id(&y).expect("id");
    let mut py = f.proposal.clone();
    py.round = r1;
    py.block_id = Some(y_id);
    let py = sign_proposal(k1, &chain_id(), py);
    let out = s.handle(Input::Proposal { proposal: py, block: y.clone() });
    assert_eq!(sign_own(&mut s, out).expect("prevote r1").block_id, None, "locked: nil for another block");

    // Our prevote timeout fires: precommit nil. Then the others' polka for Y arrives.
    let out = s.handle(Input::Timeout { height: h1(), round: r1, step: consensus::TimeoutStep::Prevote });
    assert_eq!(sign_own(&mut s, out).expect("precommit r1").block_id, None);
    for k in &others {
        s.handle(Input::Vote(vote_at(k, vote::Type::Prevote, r1, Some(y_id))));
    }
    assert_eq!(s.valid_round(), Some(r1), "validValue follows the newer polka");
    assert_eq!(s.locked_round(), Some(r0()), "but in the precommit step the lock stays");
    for k in &others {
        s.handle(Input::Vote(vote_at(k, vote::Type::Precommit, r1, None)));
    }
    s.handle(Input::Timeout { height: h1(), round: r1, step: consensus::TimeoutStep::Precommit });
    assert_eq!(s.round(), r2);

    // Round 2: Y re-proposed with pol_round 1 >= locked round 0: we prevote Y.
    let k2 = f.keys.iter().find(|k| address(k) == p2).expect("k2");
    let mut pr = f.proposal.clone();
    pr.round = r2;
    pr.pol_round = Some(r1);
    pr.block_id = Some(y_id);
    let pr = sign_proposal(k2, &chain_id(), pr);
    let out = s.handle(Input::Proposal { proposal: pr, block: y });
    if address(&me) != p2 {
        assert_eq!(sign_own(&mut s, out).expect("prevote r2").block_id, Some(y_id), "newer polka unlocks");
    }
}
