//! Each check fails when the thing it guards is broken.

mod support;

use harness::backend::Service;
use harness::checks::Checks;
use harness::project::KeyringBackend;
use harness::runbook::Quiet;
use std::time::Duration;

#[test]
fn a_key_file_planted_in_an_artifact_dir_is_found_by_the_leak_audit() {
    let t = support::network(3, KeyringBackend::Test);
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    checks.no_leaks().unwrap_or_else(|e| panic!("clean network flagged: {e}"));
    let victim = &t.projects[1];
    let key = std::fs::read(victim.tmkms_home().join("secrets/consensus.key")).unwrap();
    std::fs::write(t.projects[2].artifacts().join("notes.txt"), key).unwrap();
    let err = checks.no_leaks().unwrap_err().to_string();
    assert!(err.contains("val-1's tmkms consensus.key") && err.contains("notes.txt"), "{err}");
}

#[test]
fn a_node_given_a_wrong_persistent_peer_fails_the_peers_check() {
    let t = support::network(3, KeyringBackend::Test);
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    checks.blocks(2, Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    checks.peers(Duration::from_secs(30)).unwrap_or_else(|e| panic!("{e}"));
    let p = &t.projects[2];
    t.backend.stop(p, Service::Node);
    let cfg = p.node_home().join("config/config.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    let wrong = "0123456789abcdef0123456789abcdef01234567";
    let real = t.projects[0].node_id().unwrap();
    std::fs::write(&cfg, text.replace(&real, wrong)).unwrap();
    // The runbook's restart step: back once its RPC answers, however loaded the machine is.
    t.restart(2, &Quiet).unwrap_or_else(|e| panic!("{e}"));
    let err = checks.peers(Duration::from_secs(3)).unwrap_err().to_string();
    assert!(err.contains("val-2") && err.contains(wrong), "{err}");
}

#[test]
fn a_final_genesis_with_an_altered_participant_or_a_late_genesis_time_fails_the_participants_check() {
    let t = support::network(3, KeyringBackend::Test);
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    checks.blocks(1, Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    checks.participants().unwrap_or_else(|e| panic!("clean network flagged: {e}"));
    let path = t.coordinator().artifact("genesis/final_genesis.json");
    let original = std::fs::read_to_string(&path).unwrap();
    let url = t.projects[1].public_url("127.0.0.1");
    std::fs::write(&path, original.replace(&url, "http://127.0.0.1:1")).unwrap();
    let err = checks.participants().unwrap_err().to_string();
    assert!(err.contains("val-1") && err.contains("is not in participant_list"), "{err}");

    // A genesis_time a day after the chain's first block: the nodes did not wait for it.
    let mut v: serde_json::Value = serde_json::from_str(&original).unwrap();
    v["genesis_time"] = (time::OffsetDateTime::now_utc() + time::Duration::days(1))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
        .into();
    std::fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
    let err = checks.participants().unwrap_err().to_string();
    assert!(err.contains("predates genesis_time"), "{err}");
}

#[test]
fn a_final_genesis_without_the_real_chains_content_fails_the_genesis_check() {
    let t = support::network(3, KeyringBackend::Test);
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    let ev = checks.genesis_content().unwrap_or_else(|e| panic!("clean network flagged: {e}"));
    assert_eq!(ev.sections, app_genesis::SECTIONS.len());
    let path = t.coordinator().artifact("genesis/final_genesis.json");
    let original: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let broken = |what: &str, edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v = original.clone();
        edit(&mut v);
        std::fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
        let err = checks.genesis_content().expect_err(what).to_string();
        std::fs::write(&path, serde_json::to_string(&original).unwrap()).unwrap();
        err
    };
    let err = broken("a section gone", &|v| {
        v["app_state"].as_object_mut().unwrap().remove("collateral");
    });
    assert!(err.contains("no collateral section"), "{err}");
    let err = broken("metadata gone", &|v| v["app_state"]["bank"]["denom_metadata"] = serde_json::json!([]));
    assert!(err.contains("no entry for ngonka"), "{err}");
    let err = broken("an override not applied", &|v| {
        v["app_state"]["inference"]["params"]["epoch_params"]["epoch_length"] = "100".into();
    });
    assert!(err.contains("/app_state/inference/params/epoch_params/epoch_length"), "{err}");
    let err = broken("a field the codec refuses", &|v| v["app_state"]["gov"]["params"]["quorom"] = "0.5".into());
    assert!(err.contains("gov: params.quorom: unknown field"), "{err}");
    checks.genesis_content().unwrap_or_else(|e| panic!("restored genesis flagged: {e}"));
}

#[test]
fn a_network_with_one_gentx_left_out_fails_the_validators_check() {
    let t = support::network(4, KeyringBackend::Test);
    t.prepare(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    // The coordinator "forgets" val-3: its gentx and published files are not collected.
    let c = t.coordinator();
    std::fs::remove_file(c.artifact("gentxs/val-3.json")).unwrap();
    std::fs::remove_file(c.artifact("genparticipants/val-3.json")).unwrap();
    std::fs::remove_dir_all(c.artifact("validators/val-3")).unwrap();
    for dir in ["gentxs", "genparticipants"] {
        cosmos_formats::files::write_checksums(
            &c.artifact(dir),
            &["val-0.json".into(), "val-1.json".into(), "val-2.json".into()],
        )
        .unwrap();
    }
    t.start(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    // The three collected validators make blocks; val-3's own start refuses a genesis
    // without its key.
    for i in 0..3 {
        testkit::wait_for(Duration::from_secs(60), "a block", || checks.height(i).filter(|h| *h >= 1));
    }
    testkit::wait_for(Duration::from_secs(60), "val-3's start to refuse", || {
        t.backend.exited(&t.projects[3], Service::Node)
    });
    let err = checks.validators().unwrap_err().to_string();
    assert!(err.contains("!= the keys the validators' tmkms hold"), "{err}");
    assert!(err.contains("val-3 node exited"), "{err}");
}

/// A forced re-run keeps the keys and every public file the other hosts already hold: keygen's
/// and the gentx byte for byte, the participant file but for its grants' fresh expiration (and
/// the signature over it), the intermediate genesis but for its fresh `genesis_time`. A
/// forced gentx run with another PUBLIC_URL (the host moved) writes another participant file
/// than the coordinator collected: the check fails naming it.
#[test]
fn a_finished_stage_rerun_needs_force_and_a_forced_rerun_that_changes_a_public_file_fails() {
    let mut t = support::network(3, KeyringBackend::Test);
    t.prepare(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    for (i, stage) in [(1, "keygen"), (1, "gentx"), (0, "intermediate_genesis")] {
        let e = checks.rerun(i, stage).unwrap_or_else(|e| panic!("{e}"));
        println!("{e}");
        // The stage's own outputs are among what was compared (a dir the check did not read,
        // or a stage that wrote nothing, would leave this at the files of the earlier stages).
        assert!(e.public.identical + e.public.restamped.len() >= 2, "{e}");
        let restamped: &[&str] = match stage {
            "intermediate_genesis" => &["genesis/intermediate_genesis.json"],
            "gentx" => &["genparticipants/val-1.json"],
            _ => &[],
        };
        assert_eq!(e.public.restamped, restamped, "{e}");
    }
    let published = std::fs::read(t.projects[1].artifact("genparticipants/val-1.json")).unwrap();

    // val-1's host is now reached at another address: its PUBLIC_URL (and P2P address) follow.
    t.net.projects[1].host = std::net::Ipv4Addr::new(127, 0, 0, 2).into();
    let checks = Checks::new(&t).unwrap();
    let err = checks.rerun(1, "gentx").unwrap_err().to_string();
    assert!(err.contains("val-1: gentx with FORCE changed genparticipants/val-1.json"), "{err}");
    let now = std::fs::read(t.projects[1].artifact("genparticipants/val-1.json")).unwrap();
    assert_ne!(now, published, "the forced run wrote the same participant file");
}

/// The fault checks judge evidence, not the script that injected the fault: with nothing
/// stopped the network does not halt, and a "kill" of nothing leaves every commit signed.
#[test]
fn the_halt_check_fails_on_a_live_network_and_a_paused_node_shows_in_the_commits() {
    let t = support::network(4, KeyringBackend::Test);
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    checks.blocks(2, Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    let err = harness::faults::halted(&t, &[], Duration::from_secs(5)).unwrap_err().to_string();
    assert!(err.contains("yet the others went from height"), "{err}");

    // Paused past timeout_propose (3 s): the evidence names the heights it missed, and never a
    // height it signed; and its signer's state only moved forward.
    let e =
        harness::faults::perturb(&t, 1, harness::faults::Fault::Pause, Duration::from_secs(6), Duration::from_secs(60))
            .unwrap_or_else(|e| panic!("{e}"));
    let address = harness::faults::consensus_address(&t, 1).unwrap();
    assert!(!e.judged.is_empty(), "a 6 s pause (longer than timeout_propose) missed no height: {e}");
    assert_eq!(e.unsigned, e.judged.clone().collect::<Vec<_>>(), "{e}");
    // The pause was seen, not assumed: its process group stopped, then running again.
    assert!(e.seen.contains(" T") && e.seen.contains("; then "), "{e}");
    assert_eq!(checks.signed(e.signing_again_at, address), Some(true));
    // The other validator signed at those heights: the judgement can tell a signed commit.
    let other = harness::faults::consensus_address(&t, 2).unwrap();
    assert_eq!(checks.signed(*e.judged.start(), other), Some(true), "{e}");

    // No partition is faked where the hosts share one network stack: without --netns the
    // process backend refuses and says how to get one.
    let err = harness::faults::perturb(
        &t,
        1,
        harness::faults::Fault::Disconnect,
        Duration::from_secs(1),
        Duration::from_secs(10),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("shares the machine's network stack") && err.contains("--netns"), "{err}");
}

/// A file that reached a host other than through the operator (here: a gentx edited at the
/// coordinator after it arrived) has no ledger entry with its sha256.
#[test]
fn a_file_changed_after_delivery_fails_the_ledger_check() {
    let t = support::network(3, KeyringBackend::Test);
    t.prepare(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    let e = checks.ledger().unwrap_or_else(|e| panic!("clean ledger flagged: {e}"));
    assert_eq!(e.received, 2 * 7 + 2, "{e}");
    let path = t.coordinator().artifact("gentxs/val-1.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("val-1", "val-x", 1)).unwrap();
    let err = checks.ledger().unwrap_err().to_string();
    assert!(err.contains("val-0: gentxs/val-1.json") && err.contains("came from val-1 without the operator"), "{err}");
}

/// A host whose node id was never published is an error of the peers check, not a host left
/// out of what its peers expect.
#[test]
fn a_host_without_a_published_node_id_fails_the_peers_check() {
    let t = support::network(3, KeyringBackend::Test);
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    checks.blocks(1, Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    checks.peers(Duration::from_secs(30)).unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_file(t.projects[2].artifact("validators/val-2/node_id.txt")).unwrap();
    let err = checks.peers(Duration::from_secs(1)).unwrap_err().to_string();
    assert!(err.contains("val-2: no node id published"), "{err}");
}

/// The ports check reads what each node announces and what listens, against base + 10 ×
/// index: a node that is not where the plan puts it fails it, naming the node and both ports.
/// (The runner rewrites the listen addresses at every start, so the plan is what moves here.)
#[test]
fn a_node_off_its_planned_p2p_port_fails_the_ports_check() {
    let mut t = support::network(3, KeyringBackend::Test);
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    Checks::new(&t).unwrap().blocks(1, Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    Checks::new(&t).unwrap().ports().unwrap_or_else(|e| panic!("{e}"));
    let listening = t.projects[1].p2p_port();
    t.net.projects[1].ports.p2p_base += 1;
    let planned = t.projects[1].p2p_port();
    let err = Checks::new(&t).unwrap().ports().unwrap_err().to_string();
    assert!(err.contains(&format!("val-1: p2p on {listening}, expected {planned}")), "{err}");
}

/// The blocks check compares every node's hash at every height: a node on another chain
/// (its own genesis) fails it.
#[test]
fn nodes_that_disagree_on_a_hash_fail_the_blocks_check() {
    let t = support::network(3, KeyringBackend::Test);
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    checks.blocks(2, Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    // A second, independent network of one validator answers at val-2's RPC port: the check
    // must see different hashes, not merely heights.
    let p = &t.projects[2];
    t.backend.stop(p, Service::Node);
    let free = testkit::free_port_base(1, 10, 3);
    let ports = harness::project::PortPlan { p2p_base: free, rpc_base: p.rpc_port(), tmkms_base: free + 2, stride: 10 };
    let solo = support::network_on(1, KeyringBackend::Test, ports);
    solo.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    testkit::wait_for(Duration::from_secs(60), "the other chain's block 2", || checks.height(2).filter(|h| *h >= 2));
    let err = checks.blocks(2, Duration::from_secs(10)).unwrap_err().to_string();
    assert!(err.contains("nodes disagree at height 1"), "{err}");
}

/// The blocks check verifies what nodes report instead of trusting it: a real commit passes,
/// and one flipped signature bit, a commit short of 2/3 of the power, a signer outside the
/// validator set, or a header that is not the committed one each fail it.
#[test]
fn a_forged_or_short_commit_fails_commit_verification() {
    use harness::checks::verify_commit;
    use tendermint::block::CommitSig;
    use tendermint_rpc::client::Client;
    let t = support::network(4, KeyringBackend::Test);
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    Checks::new(&t).unwrap().blocks(3, Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let c = simchain::rpc_client::RpcClient::new(t.projects[0].rpc_url().as_str()).unwrap();
    let h = tendermint::block::Height::from(2u32);
    let header = rt.block_on(c.block(h)).unwrap().block.header;
    let commit = rt.block_on(c.commit(h)).unwrap().signed_header.commit;
    let set = rt.block_on(c.validators(1u32, tendermint_rpc::Paging::All)).unwrap().validators;
    assert!(verify_commit(&header, &commit, &set).unwrap_or_else(|e| panic!("{e}")) >= 3);

    let mut forged = commit.clone();
    let first = forged.signatures.iter_mut().find_map(|s| match s {
        CommitSig::BlockIdFlagCommit { signature: Some(sig), .. } => Some(sig),
        _ => None,
    });
    let sig = first.expect("a signed precommit");
    let mut bytes = sig.as_bytes().to_vec();
    bytes[0] ^= 1;
    *sig = tendermint::Signature::try_from(bytes).unwrap();
    let err = verify_commit(&header, &forged, &set).unwrap_err().to_string();
    assert!(err.contains("precommit signature does not verify"), "{err}");

    let mut short = commit.clone();
    let mut kept = 0;
    for s in short.signatures.iter_mut() {
        if matches!(s, CommitSig::BlockIdFlagCommit { .. }) {
            kept += 1;
            if kept > 2 {
                *s = CommitSig::BlockIdFlagAbsent;
            }
        }
    }
    let err = verify_commit(&header, &short, &set).unwrap_err().to_string();
    assert!(err.contains("is not more than 2/3"), "{err}");

    // A precommit by a key the set does not hold: the signer's entry is swapped for a
    // stranger of the same power, so the set is as large and as strong as before.
    let signer = commit
        .signatures
        .iter()
        .find_map(|s| match s {
            CommitSig::BlockIdFlagCommit { validator_address, .. } => Some(*validator_address),
            _ => None,
        })
        .expect("a signed precommit");
    let mut strangers = set.clone();
    let slot = strangers.iter_mut().find(|v| v.address == signer).expect("the signer in the set");
    let stranger = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]).verifying_key();
    *slot = tendermint::validator::Info::new(
        tendermint::PublicKey::from_raw_ed25519(stranger.as_bytes()).unwrap(),
        slot.power,
    );
    let err = verify_commit(&header, &commit, &strangers).unwrap_err().to_string();
    assert!(err.contains(&format!("{signer} is not in the validator set")), "{err}");

    let other = rt.block_on(c.block(tendermint::block::Height::from(1u32))).unwrap().block.header;
    let err = verify_commit(&other, &commit, &set).unwrap_err().to_string();
    assert!(err.contains("the header hashes to"), "{err}");
}

/// The leak audit finds a secret in the forms people and tools write it in, not only the
/// forms the runner uses: each planted form alone fails the audit, naming what and where.
#[test]
fn secrets_in_other_encodings_and_behind_symlinks_are_found_by_the_leak_audit() {
    use base64::Engine;
    let t = support::network(3, KeyringBackend::Test);
    t.prepare(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    checks.no_leaks().unwrap_or_else(|e| panic!("clean network flagged: {e}"));
    let victim = &t.projects[1];
    let seed_text = std::fs::read_to_string(victim.tmkms_home().join("secrets/consensus.key")).unwrap();
    let seed = base64::engine::general_purpose::STANDARD.decode(seed_text.trim()).unwrap();
    let mnemonic = std::fs::read_to_string(victim.keyring_home().join("mnemonics/val-1.txt")).unwrap();
    let words: Vec<&str> = mnemonic.split_whitespace().collect();
    let (bip39_seed, xprv) = cosmos_formats::hd::AccountKey::mnemonic_secrets(&mnemonic).unwrap();
    let mut with_prefix = vec![7u8];
    with_prefix.extend_from_slice(&seed);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "tmkms consensus.key (base64url)",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&with_prefix).into_bytes(),
        ),
        ("tmkms consensus.key (decimal bytes)", format!("{:?}", seed).into_bytes()),
        ("mnemonic words", serde_json::to_vec(&words.iter().map(|w| w.to_uppercase()).collect::<Vec<_>>()).unwrap()),
        ("BIP-39 seed (hex)", hex::encode(&*bip39_seed).into_bytes()),
        ("BIP-32 master xprv", format!("backup: {}\n", &*xprv).into_bytes()),
    ];
    let planted = t.projects[2].artifacts().join("notes.txt");
    for (what, bytes) in cases {
        std::fs::write(&planted, bytes).unwrap();
        let err = checks.no_leaks().unwrap_err().to_string();
        assert!(err.contains(&format!("val-1's {what} found in")) && err.contains("notes.txt"), "{what}: {err}");
    }
    std::fs::remove_file(&planted).unwrap();
    checks.no_leaks().unwrap_or_else(|e| panic!("clean again: {e}"));
    // A symlink in val-1's own public directory to its own key: anyone copying the directory
    // with `cp -L` (or a container bind mount) takes the key.
    std::os::unix::fs::symlink(victim.tmkms_home().join("secrets/consensus.key"), victim.artifacts().join("link"))
        .unwrap();
    let err = checks.no_leaks().unwrap_err().to_string();
    assert!(err.contains("val-1's tmkms consensus.key") && err.contains("link"), "{err}");
    std::fs::remove_file(victim.artifacts().join("link")).unwrap();
    // What the audit cannot look into is a finding, not a skip: a symlink loop cannot be
    // read by the audit, nor by a copy that would carry whatever it was meant to hide.
    let looped = t.projects[2].artifacts().join("loop");
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    let err = checks.no_leaks().unwrap_err().to_string();
    assert!(err.contains("loop cannot be read") && err.matches("cannot be read").count() == 1, "{err}");
    std::fs::remove_file(&looped).unwrap();
    // A file that is gone by the time it is read (tmkms renames its state temp file away
    // while the audit runs) held nothing: dangling links are not findings.
    std::os::unix::fs::symlink(t.projects[2].root.join("no-such-file"), t.projects[2].artifacts().join("dangling"))
        .unwrap();
    checks.no_leaks().unwrap_or_else(|e| panic!("a dangling link flagged: {e}"));
}

/// A `file` keyring's mnemonic lives only in its host's offline backup (never in clear beside
/// the encrypted keyring), and the leak audit still finds it anywhere outside that host.
#[test]
fn a_file_keyrings_backed_up_mnemonic_is_found_by_the_leak_audit_outside_its_host() {
    let t = support::network(3, KeyringBackend::File);
    t.prepare(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    checks.no_leaks().unwrap_or_else(|e| panic!("clean network flagged: {e}"));
    let victim = &t.projects[1];
    assert!(!victim.keyring_home().join("mnemonics").exists(), "a clear-text mnemonic beside a file keyring");
    let mnemonic = std::fs::read_to_string(victim.mnemonic_backup().join("val-1.txt")).unwrap();
    let planted = t.projects[2].artifacts().join("notes.txt");
    std::fs::write(&planted, format!("words: {}\n", mnemonic.trim())).unwrap();
    let err = checks.no_leaks().unwrap_err().to_string();
    assert!(err.contains("val-1's mnemonic words found in") && err.contains("notes.txt"), "{err}");
}

/// A disconnect is judged by the link's state as `ip link` shows it: a host whose link is up
/// is not seen cut off (the fault would fail), one whose link is down is, and after healing
/// it is up again.
#[test]
fn a_host_whose_link_is_up_is_not_seen_cut_off() {
    let test = "a_host_whose_link_is_up_is_not_seen_cut_off";
    if !support::root_or_skip(test, "network namespaces need root") {
        return;
    }
    let ns = harness::netns::Namespaces::create(1).unwrap_or_else(|e| panic!("{e}"));
    let up = ns.link_state(0).unwrap_or_else(|e| panic!("{e}"));
    assert!(!up.holds && up.what.contains(",UP") && !ns.is_cut(0), "a link that is up seen cut: {up:?}");
    ns.cut(0).unwrap_or_else(|e| panic!("{e}"));
    let down = ns.link_state(0).unwrap_or_else(|e| panic!("{e}"));
    assert!(down.holds && down.what.contains("state DOWN") && ns.is_cut(0), "{down:?}");
    ns.heal(0).unwrap_or_else(|e| panic!("{e}"));
    let healed = ns.link_state(0).unwrap_or_else(|e| panic!("{e}"));
    assert!(!healed.holds, "{healed:?}");
    // A host the network does not have is an error, not a link that is down.
    assert!(ns.link_state(5).is_err());
}

/// The node a copied key runs on: killed with the test, however it ends.
struct Copy(std::process::Child);

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The double sign made to happen: val-2's consensus key copied out of its tmkms home into the
/// `priv_validator_key.json` of a second node that joins the network (a backup restored
/// beside the live host). Two signers then sign as val-2 with no shared state. The check that
/// passed on the clean network fails, naming what the other nodes logged and what a block
/// committed; val-2's own tmkms is not blamed (it signed in order: the copy double-signed).
#[test]
fn a_copied_consensus_key_on_a_second_node_fails_the_double_sign_check() {
    use base64::Engine;
    let t = support::network(4, KeyringBackend::Test);
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    checks.blocks(3, Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    let clean = checks.no_double_signs(2).unwrap_or_else(|e| panic!("clean network flagged: {e}"));
    assert_eq!(clean.signers.len(), 4, "{clean}");

    let victim = &t.projects[2];
    let seed = std::fs::read_to_string(victim.tmkms_home().join("secrets/consensus.key")).unwrap();
    let seed: [u8; 32] = base64::engine::general_purpose::STANDARD.decode(seed.trim()).unwrap().try_into().unwrap();
    let key = ed25519_dalek::SigningKey::from_bytes(&seed);
    let dir = testkit::temp_dir("harness-copied-key");
    let home = dir.path().join("home");
    let hs = home.to_str().unwrap();
    let simchaind = testkit::binary("simchaind");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(&simchaind).args(args).output().unwrap();
        assert!(out.status.success(), "simchaind {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let genesis = t.projects[0].node_home().join("config/genesis.json");
    let chain_id = serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(&genesis).unwrap()).unwrap()
        ["chain_id"]
        .as_str()
        .unwrap()
        .to_string();
    run(&["init", "copy", "--chain-id", &chain_id, "--home", hs]);
    std::fs::copy(&genesis, home.join("config/genesis.json")).unwrap();
    cosmos_formats::keyfiles::PrivValidatorKey(key).save(&home.join("config/priv_validator_key.json")).unwrap();
    let base = testkit::free_port_base(1, 10, 3);
    let peers: Vec<String> =
        t.projects.iter().map(|p| format!("{}@127.0.0.1:{}", p.node_id().unwrap(), p.p2p_port())).collect();
    for (k, v) in [
        ("p2p.laddr", format!("tcp://127.0.0.1:{base}")),
        ("rpc.laddr", format!("tcp://127.0.0.1:{}", base + 1)),
        ("priv_validator_laddr", String::new()),
        ("p2p.persistent_peers", peers.join(",")),
        ("p2p.allow_duplicate_ip", "true".into()),
        ("consensus.timeout_commit", "100ms".into()),
    ] {
        run(&["config", "set", "config", k, &v, "--home", hs]);
    }
    let log = std::fs::File::create(dir.path().join("copy.log")).unwrap();
    let _copy = Copy(
        std::process::Command::new(&simchaind)
            .args(["start", "--home", hs])
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap(),
    );

    // Until a block has committed the evidence (the nodes log the conflict first).
    let t0 = std::time::Instant::now();
    let err = loop {
        let tip = (0..4).filter_map(|i| checks.height(i)).min().unwrap_or(1);
        match checks.no_double_signs(tip) {
            Err(e) if e.to_string().contains("carries evidence") => break e.to_string(),
            _ if t0.elapsed() > Duration::from_secs(150) => panic!(
                "no double sign seen in 150 s; copy's log:\n{}",
                std::fs::read_to_string(dir.path().join("copy.log")).unwrap_or_default()
            ),
            _ => std::thread::sleep(Duration::from_secs(1)),
        }
    };
    let address = harness::faults::consensus_address(&t, 2).unwrap().to_string();
    assert!(err.contains("saw conflicting votes") && err.contains("equivocation"), "{err}");
    assert!(err.contains(&format!("carries evidence: {address} signed two")), "{err}");
    assert!(!err.contains("tmkms.log"), "val-2's own tmkms blamed for the copy's signatures: {err}");
}

/// The negative features' "one-line message" is judged on the stage's whole output: a runner
/// whose error goes on below its `genesis-runner: error:` line is not refusing in one line.
#[test]
fn a_refusal_whose_error_spans_two_lines_fails_the_one_line_check() {
    use std::os::unix::fs::PermissionsExt;
    let dir = testkit::temp_dir("two-line-runner");
    // A stand-in runner: the real one prints one line, which is the thing under test.
    let runner = dir.path().join("genesis-runner");
    std::fs::write(
        &runner,
        "#!/bin/sh\necho 'INFO stage started'\necho 'genesis-runner: error: gentx.json: checksum mismatch' >&2\n\
         if [ \"$GENESIS_RUN_STAGE\" = gentx ]; then echo '  caused by: the disk' >&2; fi\nexit 3\n",
    )
    .unwrap();
    std::fs::set_permissions(&runner, std::fs::Permissions::from_mode(0o755)).unwrap();
    let bins = harness::binaries::Binaries { runner, chain: "/bin/false".into(), tmkms: "/bin/false".into() };
    let net = harness::testnet::assemble(&support::spec(1), &dir.path().join("work"), || Ok(bins))
        .unwrap_or_else(|e| panic!("{e}"))
        .net;
    // The same runner in one line is a refusal (the check is not failing everything).
    let one = harness::mistakes::refusal(&net, 0, "keygen").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(one.code, 3);
    assert_eq!(one.message, "genesis-runner: error: gentx.json: checksum mismatch");
    let err = harness::mistakes::refusal(&net, 0, "gentx").unwrap_err().to_string();
    assert!(err.contains("not the last line") && err.contains("caused by: the disk"), "{err}");
}

/// The ports check asks who holds each planned port and which node answers there, where a bind
/// probe or an answer alone would pass: a node whose RPC answers another node id than its
/// project published, and a port held by another process (this test) fails naming its pid.
#[test]
fn a_node_answering_another_node_id_or_a_port_held_by_another_process_fails_the_ports_check() {
    let t = support::network(3, KeyringBackend::Test);
    t.run(&Quiet).unwrap_or_else(|e| panic!("{e}"));
    let checks = Checks::new(&t).unwrap();
    checks.blocks(1, Duration::from_secs(60)).unwrap_or_else(|e| panic!("{e}"));
    checks.ports().unwrap_or_else(|e| panic!("clean network flagged: {e}"));
    let (p1, p2) = (&t.projects[1], &t.projects[2]);
    let (id1, id2) = (p1.node_id().unwrap(), p2.node_id().unwrap());
    assert_ne!(id1, id2);

    // val-2's published node id is val-1's (the wrong file published): what its RPC answers
    // is not what the others were told to dial. (A node restarted on another host's key never
    // answers: its tmkms, pinned to the node id, hangs up.)
    let published = p2.artifact("validators/val-2/node_id.txt");
    let own_id = std::fs::read(&published).unwrap();
    std::fs::write(&published, format!("{id1}\n")).unwrap();
    let err = checks.ports().unwrap_err().to_string();
    let want = format!("val-2: RPC on {} answers node id {id2}, published {id1}", p2.rpc_port());
    assert!(err.contains(&want), "{err}");
    std::fs::write(&published, own_id).unwrap();
    checks.ports().unwrap_or_else(|e| panic!("restored node id flagged: {e}"));

    // val-2's node gone and another process on its RPC port.
    t.backend.stop(p2, Service::Node);
    let squatter = std::net::TcpListener::bind(("127.0.0.1", p2.rpc_port())).unwrap();
    let err = checks.ports().unwrap_err().to_string();
    let want = format!("val-2: port {} is held by pid {} (", p2.rpc_port(), std::process::id());
    assert!(err.contains(&want) && err.contains("not by its node"), "{err}");
    drop(squatter);
}
