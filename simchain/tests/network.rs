//! The stand-in node under real conditions: separate processes, real TCP on loopback, every
//! vote and proposal signed by a real tmkms, read back through the tendermint-rpc client.

mod support;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use support::net as net_support;
use support::net::*;
use tendermint_rpc::client::Client;

const TC: Duration = Duration::from_millis(100);
const BUDGET: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_validators_with_tmkms_agree_on_every_block_and_peer_as_configured() {
    let mut net = Net::new(4, TC);
    net.start_all();
    let all = [0, 1, 2, 3];
    wait_height(&net, &all, 10, BUDGET).await;

    for h in 1..=10 {
        let hashes: BTreeSet<String> = futures_hashes(&net, h).await;
        assert_eq!(hashes.len(), 1, "height {h}: nodes disagree: {hashes:?}");
    }
    assert_bft_time(&net.validators[0], 10).await;

    // The validator set every node reports is the one the gentxs in the genesis define.
    let genesis = cosmos_formats::Genesis::load(&net.validators[0].home.join("config/genesis.json")).unwrap();
    let genesis_keys: BTreeSet<String> =
        genesis.validators(&simchain::CHAIN).unwrap().iter().map(|v| v.pubkey.base64()).collect();
    assert_eq!(genesis_keys.len(), 4);

    for (i, v) in net.validators.iter().enumerate() {
        let info = v.rpc().net_info().await.unwrap();
        let ids: BTreeSet<String> = info.peers.iter().map(|p| p.node_info.id.to_string()).collect();
        let expected: BTreeSet<String> = net.peers_of(i).into_iter().collect();
        assert_eq!(ids, expected, "{}: /net_info peers differ from persistent_peers", v.name);
        assert_eq!(info.n_peers, 3);

        let vals = v.rpc().validators(1u32, tendermint_rpc::Paging::All).await.unwrap();
        let reported: BTreeSet<String> = vals
            .validators
            .iter()
            .map(|x| base64::Engine::encode(&base64::engine::general_purpose::STANDARD, x.pub_key.to_bytes()))
            .collect();
        assert_eq!(reported, genesis_keys, "{}: /validators differs from the genesis gentxs", v.name);
        let status = v.rpc().status().await.unwrap();
        assert_eq!(status.node_info.id.to_string(), v.node_id);
        assert_eq!(status.node_info.network.as_str(), support::CHAIN);
        assert!(vals.validators.iter().any(|x| x.pub_key == status.validator_info.pub_key));
        // 1000000ngonka self-delegated, inferenced's power reduction of 1.
        assert_eq!(status.validator_info.power.value(), 1_000_000);
        assert!(vals.validators.iter().all(|x| x.power.value() == 1_000_000));
        // Every read the harness will make must parse with the same client.
        v.rpc().commit(tendermint::block::Height::from(5u32)).await.unwrap();
        v.rpc().health().await.unwrap();
        let g: tendermint::Genesis<serde_json::Value> = v.rpc().genesis().await.unwrap();
        assert_eq!(g.chain_id.as_str(), support::CHAIN);
    }
    // tmkms verified each node's id (addr pins it) and signed: no unverified-peer warning.
    for v in &net.validators {
        let log = v.kms_log();
        assert!(!log.contains("unverified validator peer ID"), "{}", log);
        assert!(log.contains("signed"), "{} tmkms signed nothing:\n{log}", v.name);
    }
}

/// BFT time as a CometBFT 0.38 node checks it (state/validation.go), read through the RPC
/// client: height 1 at the genesis time, every later height at the power-weighted median of
/// its last commit's timestamps (absent entries skipped; the first time in ascending order
/// whose cumulative power reaches half, rounded down, of the power that signed), after its
/// predecessor.
async fn assert_bft_time(v: &Validator, upto: u64) {
    let rpc = v.rpc();
    let g: tendermint::Genesis<serde_json::Value> = rpc.genesis().await.unwrap();
    let vals = rpc.validators(1u32, tendermint_rpc::Paging::All).await.unwrap().validators;
    let power = |a: &tendermint::account::Id| vals.iter().find(|x| x.address == *a).map(|x| x.power.value()).unwrap();
    let mut previous = None;
    for h in 1..=upto {
        let block = rpc.block(tendermint::block::Height::try_from(h).unwrap()).await.unwrap().block;
        let time = block.header.time;
        match &block.last_commit {
            None => assert_eq!(time, g.genesis_time, "{}: height 1 is not at genesis_time", v.name),
            Some(lc) => {
                let mut weighted: Vec<(tendermint::Time, u64)> = lc
                    .signatures
                    .iter()
                    .filter_map(|s| match s {
                        tendermint::block::CommitSig::BlockIdFlagAbsent => None,
                        tendermint::block::CommitSig::BlockIdFlagCommit { validator_address, timestamp, .. }
                        | tendermint::block::CommitSig::BlockIdFlagNil { validator_address, timestamp, .. } => {
                            Some((*timestamp, power(validator_address)))
                        }
                    })
                    .collect();
                weighted.sort();
                let half = weighted.iter().map(|(_, p)| p).sum::<u64>() / 2;
                let mut cumulative = 0;
                let median = weighted.iter().find(|(_, p)| {
                    cumulative += p;
                    cumulative >= half
                });
                assert_eq!(
                    Some(time),
                    median.map(|(t, _)| *t),
                    "{}: height {h} is not at its last commit's median",
                    v.name
                );
            }
        }
        if let Some(prev) = previous {
            assert!(time > prev, "{}: height {h} is not after height {}", v.name, h - 1);
        }
        previous = Some(time);
    }
}

async fn futures_hashes(net: &Net, h: u64) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for v in &net.validators {
        if v.node.is_some() {
            out.insert(hash_at(v, h).await);
        }
    }
    out
}

async fn max_height(net: &Net, which: &[usize]) -> u64 {
    let mut m = 0;
    for &i in which {
        m = m.max(height(&net.validators[i]).await.unwrap_or(0));
    }
    m
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_of_four_down_keeps_committing_two_down_halts_and_restarted_nodes_catch_up() {
    let mut net = Net::new(4, TC);
    net.start_all();
    wait_height(&net, &[0, 1, 2, 3], 3, BUDGET).await;

    net.validators[3].stop();
    let h = max_height(&net, &[0, 1, 2]).await;
    wait_height(&net, &[0, 1, 2], h + 5, BUDGET).await;

    net.validators[2].stop();
    // Let any height already in flight land, then nothing more may commit.
    tokio::time::sleep(TC * 10).await;
    let stuck = max_height(&net, &[0, 1]).await;
    tokio::time::sleep(TC * 5 + Duration::from_secs(2)).await;
    assert_eq!(max_height(&net, &[0, 1]).await, stuck, "2 of 4 validators committed a block alone");

    net.validators[2].start();
    net.validators[3].start();
    wait_height(&net, &[0, 1, 2, 3], stuck + 3, BUDGET).await;
    for h in 1..=stuck + 3 {
        assert_eq!(futures_hashes(&net, h).await.len(), 1, "height {h} differs after restart");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_every_node_and_starting_again_continues_the_chain() {
    let mut net = Net::new(4, TC);
    net.start_all();
    wait_height(&net, &[0, 1, 2, 3], 4, BUDGET).await;
    for v in &mut net.validators {
        v.stop();
    }
    let mut stopped_at = vec![];
    for v in &net.validators {
        let log = v.log();
        assert!(log.contains("SIGTERM: stopping"), "{} did not stop cleanly", v.name);
        stopped_at.push(log.lines().filter(|l| l.contains("committed block")).count() as u64);
    }
    let top = *stopped_at.iter().max().unwrap();
    net.start_all();
    wait_height(&net, &[0, 1, 2, 3], top + 3, BUDGET).await;
    for v in &net.validators {
        assert!(v.log().contains("resuming from the block store"), "{} did not resume", v.name);
    }
    assert_eq!(futures_hashes(&net, 1).await.len(), 1);
    assert_eq!(futures_hashes(&net, top + 2).await.len(), 1);
    // The heights built from commits read back from the store keep BFT time.
    assert_bft_time(&net.validators[0], top + 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_on_another_genesis_is_refused_and_a_wrong_peer_id_never_connects() {
    let mut net = Net::new(3, TC);
    // Validator 2 is told a wrong id for validator 0: that entry must never connect.
    let wrong = "0000000000000000000000000000000000000000";
    let v0 = &net.validators[0];
    let v1 = &net.validators[1];
    let peers = format!("{wrong}@127.0.0.1:{},{}@127.0.0.1:{}", v0.p2p, v1.node_id, v1.p2p);
    configure(&net.validators[2], &peers, TC);
    net.start_all();
    wait_height(&net, &[0, 1, 2], 3, BUDGET).await;

    let info = net.validators[2].rpc().net_info().await.unwrap();
    let ids: BTreeSet<String> = info.peers.iter().map(|p| p.node_info.id.to_string()).collect();
    // Validator 0 may still dial validator 2 itself (it knows 2's real id); what must never
    // happen is validator 2 accepting the wrong id's address as validator 0.
    assert!(!ids.contains(wrong));
    assert!(net.validators[2].log().contains("peer id mismatch"), "{}", net.validators[2].log());

    // A stranger: same validators' keys are not needed to prove the point; a different genesis
    // (another chain id) is refused by every peer and never commits.
    let stranger_dir = net.dir.path().join("stranger");
    let home = stranger_dir.join("home");
    let hs = home.to_str().unwrap();
    support::ok(&["init", "stranger", "--chain-id", "other-chain", "--default-denom", "ngonka", "--home", hs]);
    std::fs::copy(net.validators[0].home.join("config/genesis.json"), home.join("config/genesis.json")).unwrap();
    // Changing any byte changes the genesis hash; keep the JSON valid by editing the app name.
    let g = std::fs::read_to_string(home.join("config/genesis.json")).unwrap();
    std::fs::write(
        home.join("config/genesis.json"),
        g.replacen("\"app_name\": \"inferenced\"", "\"app_name\": \"forked\"", 1),
    )
    .unwrap();
    let base = testkit::free_port_base(1, 10, 3);
    let mut stranger = Validator {
        name: "stranger".into(),
        dir: stranger_dir.clone(),
        home: home.clone(),
        kms_home: stranger_dir.join("tmkms"),
        p2p: base,
        rpc: base + 1,
        kms: base + 2,
        node_id: support::ok(&["tendermint", "show-node-id", "--home", hs]),
        node: None,
        tmkms: None,
    };
    let all_peers: Vec<String> = net.validators.iter().map(|v| format!("{}@127.0.0.1:{}", v.node_id, v.p2p)).collect();
    configure(&stranger, &all_peers.join(","), TC);
    // No tmkms: sign with its own key file (it is not a validator of this genesis anyway).
    set(hs, "priv_validator_laddr", "");
    stranger.node = Some(net_support::Proc::spawn_for_test(&home, &stranger_dir.join("node.log")));
    let deadline = Instant::now() + Duration::from_secs(30);
    while !stranger.log().contains("genesis") || !stranger.log().contains("refused") {
        assert!(Instant::now() < deadline, "stranger was never refused:\n{}", stranger.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let h = max_height(&net, &[0, 1, 2]).await;
    wait_height(&net, &[0, 1, 2], h + 3, BUDGET).await;
    let st = stranger.rpc().status().await.unwrap();
    assert_eq!(st.sync_info.latest_block_height.value(), 0);
    assert_eq!(stranger.rpc().net_info().await.unwrap().n_peers, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tmkms_refuses_a_replayed_height_and_the_node_survives_and_catches_up() {
    let mut net = Net::new(4, TC);
    net.start_all();
    wait_height(&net, &[0, 1, 2, 3], 6, BUDGET).await;
    for v in &mut net.validators {
        v.stop();
    }
    // Node 3 loses its block store but keeps its tmkms, which remembers signing past height 6.
    // Alone, it can only go back to height 1 and ask tmkms to sign there again.
    std::fs::remove_file(net.validators[3].home.join("data/blockstore.redb")).unwrap();
    net.validators[3].start();
    let deadline = Instant::now() + BUDGET;
    while !net.validators[3].log().contains("remote signer refused") {
        assert!(
            Instant::now() < deadline,
            "tmkms never refused:\n{}\n{}",
            net.validators[3].log(),
            net.validators[3].kms_log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The node survived the refusal; the others come back and it catches up by block sync.
    for i in 0..3 {
        net.validators[i].start();
    }
    let h = max_height(&net, &[0, 1, 2]).await.max(6);
    wait_height(&net, &[0, 1, 2, 3], h + 3, BUDGET).await;
    for height in 1..=h + 3 {
        assert_eq!(futures_hashes(&net, height).await.len(), 1, "height {height} has two hashes");
    }
    assert!(net.validators[3].log().contains("block sync: verified block and commit"), "{}", net.validators[3].log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_whose_key_is_not_in_the_genesis_follows_the_chain_as_a_full_node() {
    let mut net = Net::new(3, TC);
    let follower = extra_node(&net, "follower");
    net.start_all();
    let _node = net_support::Proc::spawn_for_test(&follower.home, &follower.dir.join("node.log"));
    net.validators.push(follower);
    wait_height(&net, &[0, 1, 2, 3], 5, BUDGET).await;
    for h in 1..=5 {
        assert_eq!(futures_hashes_all(&net, h).await.len(), 1, "height {h}");
    }
    let st = net.validators[3].rpc().status().await.unwrap();
    assert_eq!(st.validator_info.power.value(), 0);
    assert!(net.validators[3].log().contains("running as a full node"));
    // `simchaind status` prints the same /status, as the SDK command does.
    let out = support::ok(&["status", "--node", &format!("tcp://127.0.0.1:{}", net.validators[3].rpc)]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["node_info"]["id"], net.validators[3].node_id.as_str());
}

/// One more node on the network's genesis, peered with every validator and signing with the
/// `priv_validator_key.json` of its own home (no tmkms): a full node unless that key is a
/// validator's.
fn extra_node(net: &Net, name: &str) -> Validator {
    let dir = net.dir.path().join(name);
    let home = dir.join("home");
    let hs = home.to_str().unwrap().to_string();
    support::ok(&["init", name, "--chain-id", support::CHAIN, "--home", &hs]);
    std::fs::copy(net.validators[0].home.join("config/genesis.json"), home.join("config/genesis.json")).unwrap();
    let base = testkit::free_port_base(1, 10, 3);
    let v = Validator {
        name: name.into(),
        dir: dir.clone(),
        home: home.clone(),
        kms_home: dir.join("tmkms"),
        p2p: base,
        rpc: base + 1,
        kms: base + 2,
        node_id: support::ok(&["tendermint", "show-node-id", "--home", &hs]),
        node: None,
        tmkms: None,
    };
    let peers: Vec<String> = net.validators.iter().map(|v| format!("{}@127.0.0.1:{}", v.node_id, v.p2p)).collect();
    configure(&v, &peers.join(","), TC);
    set(&hs, "priv_validator_laddr", "");
    v
}

/// Like `futures_hashes`, for nodes started outside `Validator::start` too.
async fn futures_hashes_all(net: &Net, h: u64) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for v in &net.validators {
        out.insert(hash_at(v, h).await);
    }
    out
}

/// An operator's mistake: validator 2's consensus key, copied out of its tmkms home into the
/// `priv_validator_key.json` of a second node (an old file-signer node left running after a
/// move to tmkms, or a backup restored beside the live host), which joins the network. Two
/// signers then sign as validator 2 with no shared double-sign state. What we observe: the
/// other nodes see validator 2 sign two different votes for one height and round and log it as
/// an equivocation; a block commits it as DuplicateVoteEvidence (read over RPC `/block` with
/// tendermint-rpc, as x/slashing's input: validator 2's power and the total), as CometBFT
/// does; the chain goes on (VoteSetMaj23 lets a node split by the two votes count the one
/// behind another node's +2/3); and it does not fork (never two blocks for one height at any
/// two nodes, the copy included).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copied_consensus_key_on_a_second_node_equivocates_visibly_and_the_chain_does_not_fork() {
    use base64::Engine;
    let setup = Instant::now();
    let mut net = Net::new(4, TC);
    // Where a slow run spends its time (a loaded machine has spent minutes here, before the
    // copy ever joined).
    eprintln!("ceremony of 4 validators done in {:.1?}", setup.elapsed());
    let victim = 2;
    let seed = std::fs::read_to_string(net.validators[victim].kms_home.join("secrets/consensus.key")).unwrap();
    let seed: [u8; 32] =
        base64::engine::general_purpose::STANDARD.decode(seed.trim()).unwrap().try_into().expect("32-byte seed");
    let key = ed25519_dalek::SigningKey::from_bytes(&seed);
    let public = tendermint::PublicKey::from_raw_ed25519(key.verifying_key().as_bytes()).expect("ed25519 key");
    let address = tendermint::account::Id::from(public).to_string();

    let copy = extra_node(&net, "copy");
    cosmos_formats::keyfiles::PrivValidatorKey(key).save(&copy.home.join("config/priv_validator_key.json")).unwrap();
    net.start_all();
    let _node = net_support::Proc::spawn_for_test(&copy.home, &copy.dir.join("node.log"));
    net.validators.push(copy);

    let others = [0usize, 1, 3];
    let seen = |net: &Net| {
        others
            .iter()
            .any(|&i| net.validators[i].log().lines().any(|l| l.contains("equivocation") && l.contains(&address)))
    };
    let start = Instant::now();
    while !seen(&net) {
        assert!(
            start.elapsed() < Duration::from_secs(90),
            "no node logged an equivocation by validator {victim} ({address}) within 90 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    eprintln!("equivocation by {address} seen after {:.1?}", start.elapsed());
    // The evidence is committed, and the chain goes on past it.
    let mut found = None;
    while found.is_none() {
        assert!(start.elapsed() < Duration::from_secs(120), "no block carried evidence against {address} within 120 s");
        let latest = net.validators[0].rpc().status().await.unwrap().sync_info.latest_block_height.value();
        for h in 1..=latest {
            let b = net.validators[0].rpc().block(tendermint::block::Height::try_from(h).unwrap()).await.unwrap();
            for ev in b.block.evidence.iter() {
                if let tendermint::evidence::Evidence::DuplicateVote(d) = ev {
                    assert_eq!(d.vote_a.validator_address.to_string(), address);
                    assert_eq!(
                        (d.vote_a.height, d.vote_a.round, d.vote_a.vote_type),
                        (d.vote_b.height, d.vote_b.round, d.vote_b.vote_type)
                    );
                    assert_ne!(d.vote_a.block_id, d.vote_b.block_id);
                    // The powers x/slashing reads (tendermint-rs' own encoding would have put
                    // the total in validator_power).
                    let set = net.validators[0]
                        .rpc()
                        .validators(d.vote_a.height, tendermint_rpc::Paging::All)
                        .await
                        .unwrap()
                        .validators;
                    let total: u64 = set.iter().map(|v| v.power.value()).sum();
                    let own = set.iter().find(|v| v.address == d.vote_a.validator_address).map(|v| v.power.value());
                    assert_eq!(Some(d.validator_power.value()), own);
                    assert_eq!(d.total_voting_power.value(), total);
                    let at = net.validators[0].rpc().block(d.vote_a.height).await.unwrap();
                    assert_eq!(d.timestamp, at.block.header.time, "evidence time = block time of its height");
                    // CometBFT proposes pending evidence in the next block it makes: the
                    // double sign is on chain within 3 heights of the height it signed twice.
                    assert!(
                        h <= d.vote_a.height.value() + 3,
                        "evidence of a double sign at height {} committed only at height {h}",
                        d.vote_a.height
                    );
                    found = Some(h);
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let committed_at = found.unwrap();
    eprintln!("evidence against {address} committed at height {committed_at} after {:.1?}", start.elapsed());
    let live = Instant::now();
    loop {
        let h = net.validators[0].rpc().status().await.unwrap().sync_info.latest_block_height.value();
        if h >= committed_at + 3 {
            break;
        }
        assert!(live.elapsed() < Duration::from_secs(60), "chain stalled at {h} after the evidence at {committed_at}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Safety: no height has two different blocks at any two nodes (the copy included), and
    // evidence is committed once. Fail-closed: every node reaches past the evidence and answers
    // for every height compared (a node that does not answer is not a node that agrees).
    let top = committed_at + 3;
    let reached = Instant::now();
    for v in &net.validators {
        loop {
            let h = v.rpc().status().await.map(|s| s.sync_info.latest_block_height.value()).unwrap_or(0);
            if h >= top {
                break;
            }
            assert!(reached.elapsed() < Duration::from_secs(60), "{} is at height {h}, not {top}, after 60 s", v.name);
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    let mut evidence_seen = BTreeSet::new();
    for h in 1..=top {
        let height = tendermint::block::Height::try_from(h).unwrap();
        let mut hashes = BTreeSet::new();
        for (i, v) in net.validators.iter().enumerate() {
            let b = v.rpc().block(height).await.unwrap_or_else(|e| panic!("{} has no block {h}: {e}", v.name));
            if i == 0 {
                for ev in b.block.evidence.iter() {
                    assert!(evidence_seen.insert(format!("{ev:?}")), "height {h} commits evidence again");
                }
            }
            hashes.insert(b.block_id.hash.to_string());
        }
        assert_eq!(hashes.len(), 1, "height {h}: a fork: {hashes:?}");
    }
    assert!(!evidence_seen.is_empty(), "no evidence among the blocks compared");
    eprintln!("no fork up to height {top}");
}
