//! The Gherkin features under `features/`, run by cucumber. To nextest this binary answers
//! `--list` with one test per feature file and runs the one `--exact` names, so one
//! `cargo nextest run --workspace` reports every feature as a test (and in its JUnit file).

mod support;

use cucumber::writer::Stats as _;
use cucumber::{given, then, when, World};
use harness::backend::Service;
use harness::checks::Checks;
use harness::docker::audit;
use harness::faults::{self, Fault, FaultEvidence};
use harness::mistakes::{self, BadGentx, GenesisTampering, KeyHomes};
use harness::runbook::Quiet;
use rand::{Rng, SeedableRng};
use std::path::PathBuf;
use std::time::Duration;

#[derive(World, Default)]
struct Ceremony {
    net: Option<support::TestNet>,
    /// The host whose node was killed.
    down: Option<usize>,
    /// Hosts whose nodes are down on purpose (the halt scenario).
    down_many: Vec<usize>,
    /// One entry per fault injected and healed, in order.
    faults: Vec<FaultEvidence>,
    /// The evidence of the last re-run (its FORCE half is judged by a later step).
    rerun: Option<harness::checks::RerunEvidence>,
    /// Every host's key homes just before the scenario's mistake.
    key_homes: Option<KeyHomes>,
    /// What the operator was offered in the private-file scenario: (path offered, its bytes).
    offered: Option<(String, Vec<u8>)>,
}

impl std::fmt::Debug for Ceremony {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ceremony({} hosts)", self.net.as_ref().map_or(0, |n| n.projects.len()))
    }
}

impl Ceremony {
    fn net(&self) -> &support::TestNet {
        self.net.as_ref().expect("no network in this scenario yet")
    }
}

fn ok<T>(r: Result<T, harness::HarnessError>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

#[given(expr = "{int} validator hosts with empty directories, each running its own tmkms")]
fn hosts(w: &mut Ceremony, n: usize) {
    let t = support::testnet(support::spec(n));
    ok(t.set_up_hosts());
    w.net = Some(t);
}

#[when("every host runs keygen")]
fn keygen(w: &mut Ceremony) {
    ok(w.net().keygen(&Quiet));
}

#[when("the operator carries every address and validator file to the coordinator")]
fn collect_keys(w: &mut Ceremony) {
    ok(w.net().collect_keys());
}

#[when("the coordinator runs intermediate_genesis")]
fn intermediate(w: &mut Ceremony) {
    ok(w.net().intermediate_genesis(&Quiet));
}

#[when("the operator carries the intermediate genesis to every validator")]
fn distribute_intermediate(w: &mut Ceremony) {
    ok(w.net().distribute_intermediate());
}

#[when("every host runs gentx")]
fn gentx(w: &mut Ceremony) {
    ok(w.net().gentx(&Quiet));
}

#[when("the operator carries every gentx and genparticipant file to the coordinator")]
fn collect_gentxs(w: &mut Ceremony) {
    ok(w.net().collect_gentxs());
}

#[when("the coordinator runs start")]
fn start_coordinator(w: &mut Ceremony) {
    ok(w.net().start_coordinator(&Quiet));
}

#[when("the operator carries the final genesis and the peers file to every validator")]
fn distribute_final(w: &mut Ceremony) {
    ok(w.net().distribute_final());
}

#[when("every validator runs start")]
fn start_validators(w: &mut Ceremony) {
    ok(w.net().start_validators(&Quiet));
}

#[when(expr = "host {word} restarts its node with GENESIS_RUN_STAGE=restart")]
fn restart(w: &mut Ceremony, name: String) {
    let i = index_of(w.net(), &name);
    ok(w.net().restart(i, &Quiet));
    if w.down_many.contains(&i) || w.down == Some(i) {
        w.net().recorder.fault_ended(&name, "kill", "brought back with GENESIS_RUN_STAGE=restart");
    }
    w.down_many.retain(|&d| d != i);
}

/// How long a fault may take to heal and the node to catch up.
const FAULT_BUDGET: Duration = Duration::from_secs(90);

fn record(w: &mut Ceremony, e: FaultEvidence) {
    // The figures the README quotes come from these lines.
    println!("fault: {e}");
    w.faults.push(e);
}

#[when(
    expr = "the node of {word} is killed with SIGKILL {int} times at seeded random heights, each time brought back with GENESIS_RUN_STAGE=restart"
)]
fn kill_repeatedly(w: &mut Ceremony, name: String, times: usize) {
    let seed: u64 = std::env::var("HARNESS_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| rand::rngs::OsRng.gen());
    println!("fault seed {seed} (HARNESS_FAULT_SEED={seed} replays these heights)");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let i = index_of(w.net(), &name);
    for _ in 0..times {
        let t = w.net();
        let checks = Checks::new(t).unwrap();
        let at = ok(faults::others_height(&checks, t, &[i])) + rng.gen_range(1..=4u64);
        testkit::wait_for(FAULT_BUDGET, "the seeded height", || {
            faults::others_height(&checks, t, &[i]).is_ok_and(|h| h >= at).then_some(())
        });
        // Well past CometBFT's timeout_propose (3 s, left at its default): a height whose
        // proposer is the killed node commits only after that round times out, and on a
        // loaded CI machine a round takes longer still.
        let e = ok(faults::perturb(t, i, Fault::Kill, Duration::from_secs(8), FAULT_BUDGET));
        record(w, e);
    }
}

#[when(expr = "the node of {word} is paused for {int} seconds")]
fn pause(w: &mut Ceremony, name: String, secs: u64) {
    let i = index_of(w.net(), &name);
    let e = ok(faults::perturb(w.net(), i, Fault::Pause, Duration::from_secs(secs), FAULT_BUDGET));
    record(w, e);
}

#[when(expr = "the node of {word} is cut off every network for {int} seconds and put back")]
fn disconnect(w: &mut Ceremony, name: String, secs: u64) {
    let i = index_of(w.net(), &name);
    let e = ok(faults::perturb(w.net(), i, Fault::Disconnect, Duration::from_secs(secs), FAULT_BUDGET));
    record(w, e);
}

#[when(expr = "the tmkms of {word} is killed with SIGKILL for {int} seconds and started again")]
fn kill_signer(w: &mut Ceremony, name: String, secs: u64) {
    let i = index_of(w.net(), &name);
    let e = ok(faults::perturb(w.net(), i, Fault::KillSigner, Duration::from_secs(secs), FAULT_BUDGET));
    record(w, e);
}

#[then(expr = "each time the other {int} nodes kept committing without {word}'s signature")]
fn others_kept_committing(w: &mut Ceremony, others: usize, name: String) {
    assert_eq!(others, w.net().projects.len() - 1);
    assert!(!w.faults.is_empty(), "no fault was injected");
    for e in &w.faults {
        assert_eq!(e.node, name);
        // Every height it could not have signed (from the one after the height in flight when
        // the fault was seen, to the heal) was committed, and no such commit carries it.
        assert!(!e.judged.is_empty(), "the others committed no height {name} could not have signed: {e}");
        let judged: Vec<u64> = e.judged.clone().collect();
        assert_eq!(e.unsigned, judged, "{name} signed while down: {e}");
    }
}

#[then(expr = "each time {word} caught up with identical hashes and signed again")]
fn caught_up(w: &mut Ceremony, name: String) {
    assert!(!w.faults.is_empty(), "no fault was injected");
    for e in &w.faults {
        assert_eq!(e.node, name);
        // Two witnesses of the same signature: the commit the nodes hold, and its own tmkms's
        // log, which must show a precommit at that height for that block.
        let signed = e.signing.precommits.get(&e.signing_again_at);
        assert!(
            signed.is_some_and(|blocks| blocks.iter().any(|b| e.signed_again_block.starts_with(b.as_str()))),
            "the commit of height {} is for {}, its tmkms signed {signed:?} there: {e}",
            e.signing_again_at,
            e.signed_again_block
        );
        assert!(e.catch_up < FAULT_BUDGET, "{e}");
    }
}

#[then(expr = "tmkms of {word} signed in order over the whole run, its height, round and step never going back")]
fn signer_in_order(w: &mut Ceremony, name: String) {
    let t = w.net();
    let i = index_of(t, &name);
    // Every signature of the run, read now: before, during and after every fault.
    let log = ok(faults::signing_log(t, i));
    println!("tmkms of {name}: {log}");
    for e in &w.faults {
        assert_eq!(e.node, name);
        assert!(
            log.first.0 <= e.others_at_fault && log.last.0 >= e.signing_again_at,
            "the log of {name}'s tmkms ({log}) does not span the fault: {e}"
        );
    }
}

#[then("no validator signed twice: no node saw conflicting votes, no block so far carries evidence, no tmkms log goes back")]
fn no_double_signs(w: &mut Ceremony) {
    let checks = Checks::new(w.net()).unwrap();
    let tip = (0..w.net().projects.len()).map(|i| checks.height(i).expect("every node answers")).min().unwrap_or(0);
    let e = ok(checks.no_double_signs(tip));
    println!("double signs: {e}");
}

#[when(expr = "the nodes of {word} and {word} are killed with SIGKILL")]
fn kill_two(w: &mut Ceremony, a: String, b: String) {
    for name in [a, b] {
        let t = w.net();
        let i = index_of(t, &name);
        t.recorder.fault_started(&name, "kill");
        ok(t.backend.kill(&t.projects[i], Service::Node));
        testkit::wait_for(Duration::from_secs(20), "the killed node to exit", || {
            t.backend.exited(&t.projects[i], Service::Node)
        });
        w.down_many.push(i);
    }
}

#[then(expr = "no running node commits a new height for {int} seconds")]
fn halted(w: &mut Ceremony, secs: u64) {
    let at = ok(faults::halted(w.net(), &w.down_many, Duration::from_secs(secs)));
    println!("halted at height {at} for {secs} s with {:?} down", w.down_many);
}

#[then(expr = "every running node commits {int} more heights with the same hashes")]
fn running_commit(w: &mut Ceremony, more: u64) {
    let t = w.net();
    let running: Vec<usize> = (0..t.projects.len()).filter(|i| !w.down_many.contains(i)).collect();
    let checks = Checks::new(t).unwrap();
    let tip = running.iter().filter_map(|&i| checks.height(i)).max().expect("no running node answers");
    ok(checks.blocks_among(&running, tip + more, Duration::from_secs(60)));
}

#[given(expr = "{int} validator hosts, each a compose project with its own network and tmkms container")]
fn container_hosts(w: &mut Ceremony, n: usize) {
    let t = support::testnet_or_skip("features::containers", support::docker_spec(n))
        .expect("docker checked before the feature ran");
    ok(t.set_up_hosts());
    w.net = Some(t);
}

#[given(expr = "a {int}-validator network in containers brought up by the runbook")]
fn container_network(w: &mut Ceremony, n: usize) {
    let t = support::testnet_or_skip("features::containers", support::docker_spec(n))
        .expect("docker checked before the feature ran");
    ok(t.run(&Quiet));
    ok(Checks::new(&t).unwrap().blocks(2, Duration::from_secs(120)));
    w.net = Some(t);
}

fn index_of(t: &support::TestNet, name: &str) -> usize {
    t.projects.iter().position(|p| p.name == name).unwrap_or_else(|| panic!("no host {name}"))
}

#[when(expr = "the node container of {word} is killed")]
fn kill_node(w: &mut Ceremony, name: String) {
    let t = w.net();
    let i = index_of(t, &name);
    t.recorder.fault_started(&name, "kill");
    ok(t.backend.kill(&t.projects[i], Service::Node));
    let exit = testkit::wait_for(Duration::from_secs(20), "the killed container to exit", || {
        t.backend.exited(&t.projects[i], Service::Node)
    });
    assert!(exit.contains("137"), "{name}: {exit}");
    w.down = Some(i);
}

#[then(expr = "the other nodes commit {int} more blocks without it")]
fn others_commit(w: &mut Ceremony, more: u64) {
    let t = w.net();
    let down = w.down.expect("no node was killed");
    let checks = Checks::new(t).unwrap();
    let others: Vec<usize> = (0..t.projects.len()).filter(|&i| i != down).collect();
    let h0 = others.iter().filter_map(|&i| checks.height(i)).max().expect("no node answers");
    testkit::wait_for(Duration::from_secs(60), "blocks without the killed node", || {
        others.iter().all(|&i| checks.height(i) >= Some(h0 + more)).then_some(())
    });
    assert_eq!(checks.height(down), None, "the killed node still answers");
}

#[then(expr = "every node catches up to {int} blocks past the others and agrees on every hash")]
fn catch_up(w: &mut Ceremony, past: u64) {
    let checks = Checks::new(w.net()).unwrap();
    let tip = (0..w.net().projects.len()).filter_map(|i| checks.height(i)).max().expect("no node answers");
    let e = ok(checks.blocks(tip + past, Duration::from_secs(120)));
    assert_eq!(e.hashes.len() as u64, tip + past);
}

#[then("every peer is reached through host.docker.internal")]
fn peers_via_host(w: &mut Ceremony) {
    let e = ok(Checks::new(w.net()).unwrap().peers(Duration::from_secs(30)));
    for (node, announced) in &e.addresses {
        assert_eq!(announced.len(), w.net().projects.len() - 1, "{node}: {announced:?}");
        for addr in announced.values() {
            assert!(addr.trim_start_matches("tcp://").starts_with("host.docker.internal:"), "{node}: peer at {addr}");
        }
    }
}

#[then("no two projects share a docker network")]
fn isolated(w: &mut Ceremony) {
    let t = w.net();
    let e = ok(audit::isolation(t.docker.as_ref().expect("a docker network"), t));
    assert_eq!(e.networks.len(), t.projects.len(), "{e:?}");
}

#[then("no container holds a key that is not its own, and no node container has a TMKMS_HOME")]
fn container_keys(w: &mut Ceremony) {
    let t = w.net();
    let docker = t.docker.as_ref().expect("a docker network");
    let e = ok(audit::container_secrets(docker, t));
    assert_eq!(e.scanned.len(), 2 * t.projects.len());
    for p in &t.projects {
        ok(audit::node_has_no_tmkms_home(docker, p));
    }
}

#[given(expr = "a {int}-validator network brought up by the runbook")]
fn network(w: &mut Ceremony, n: usize) {
    let t = support::start(support::spec(n));
    // Nodes answer only from genesis_time on (CometBFT sleeps before starting its RPC).
    ok(Checks::new(&t).unwrap().blocks(1, Duration::from_secs(120)));
    w.net = Some(t);
}

#[given(expr = "a {int}-validator network of hosts with network stacks of their own, brought up by the runbook")]
fn isolated_network(w: &mut Ceremony, n: usize) {
    let t = support::testnet_or_skip("features::faults", support::spec(n).netns(true))
        .expect("root, checked by the feature's own test");
    ok(t.run(&Quiet));
    ok(Checks::new(&t).unwrap().blocks(1, Duration::from_secs(120)));
    w.net = Some(t);
}

#[then("every node's peers are at the addresses of their own hosts, none on loopback")]
fn peers_at_host_addresses(w: &mut Ceremony) {
    let t = w.net();
    let checks = Checks::new(t).unwrap();
    for (i, p) in t.projects.iter().enumerate() {
        assert!(!p.host.is_loopback(), "{} is on loopback", p.name);
        let peers = ok(checks.net_info_peers(i));
        assert_eq!(peers.len(), t.projects.len() - 1, "{}: {peers:?}", p.name);
        for (id, ip) in peers {
            let from = t.projects.iter().find(|q| q.node_id().as_deref() == Some(id.as_str()));
            let from = from.unwrap_or_else(|| panic!("{}: peer {id} is no host of this network", p.name));
            assert_eq!(ip, from.host, "{}: {} seen at {ip}", p.name, from.name);
        }
    }
}

#[given(expr = "{int} validator hosts that have run the runbook up to collecting the gentxs")]
fn prepared(w: &mut Ceremony, n: usize) {
    let t = support::testnet(support::spec(n));
    ok(t.prepare(&Quiet));
    settled_signers(&t);
    w.net = Some(t);
}

/// The tmkms restarted after collect-gentxs pins its node's id in its tmkms.toml: until every
/// one has, a host's TMKMS_HOME is still being written by the runbook itself.
fn settled_signers(t: &support::TestNet) {
    for p in &t.projects {
        let id = p.node_id().expect("node_id.txt after keygen");
        testkit::wait_for(Duration::from_secs(30), "tmkms to pin its node id", || {
            std::fs::read_to_string(p.tmkms_home().join("tmkms.toml")).ok().filter(|t| t.contains(&id)).map(|_| ())
        });
    }
}

#[then(expr = "every node reaches height {int} with the same block hashes")]
fn blocks(w: &mut Ceremony, h: u64) {
    let e = ok(Checks::new(w.net()).unwrap().blocks(h, Duration::from_secs(120)));
    assert_eq!(e.hashes.len() as u64, h);
}

#[then("every file that crossed between hosts is a public artifact in the operator's ledger")]
fn ledger(w: &mut Ceremony) {
    let t = w.net();
    let e = ok(Checks::new(t).unwrap().ledger());
    let n = t.projects.len();
    // 5 files per validator to the coordinator, 1 back, gentx and genparticipant in, 2 out.
    assert_eq!(e.received, 10 * (n - 1), "{e}");
    assert!(t.operator.ledger().iter().all(|e| harness::operator::is_public_artifact(&e.file)));
}

#[then("every validator is a participant with its public URL, its warm key holds the grants, and no block predates genesis_time")]
fn participants(w: &mut Ceremony) {
    ok(Checks::new(w.net()).unwrap().participants());
}

#[then("every node is connected to exactly its persistent peers")]
fn peers(w: &mut Ceremony) {
    ok(Checks::new(w.net()).unwrap().peers(Duration::from_secs(30)));
}

#[then("the validator set at height 1 is exactly the published validator keys")]
fn validators(w: &mut Ceremony) {
    let e = ok(Checks::new(w.net()).unwrap().validators());
    assert_eq!(e.reported, e.published);
}

#[then("no private key appears outside its own host")]
fn leaks(w: &mut Ceremony) {
    let e = ok(Checks::new(w.net()).unwrap().no_leaks());
    assert!(e.hits.is_empty() && e.secrets > 0);
}

#[then("every node listens on its base port plus 10 times its index")]
fn ports(w: &mut Ceremony) {
    ok(Checks::new(w.net()).unwrap().ports());
}

#[then("re-running gentx on val-1 without FORCE fails and changes no home")]
fn rerun_gentx(w: &mut Ceremony) {
    let e = ok(Checks::new(w.net()).unwrap().rerun(1, "gentx"));
    assert!(e.refused.contains("exit status: 4") && e.files_unchanged > 0, "{e:?}");
    w.rerun = Some(e);
}

#[then("re-running it with FORCE succeeds and leaves the keyring and tmkms homes byte-identical")]
fn rerun_force(w: &mut Ceremony) {
    // `Checks::rerun` ran the FORCE half right after the refused one, on the same homes.
    let e = w.rerun.as_ref().expect("no refused re-run before this step");
    assert!(e.key_files > 0, "{e:?}");
}

#[then("the same holds for intermediate_genesis on the coordinator")]
fn rerun_intermediate(w: &mut Ceremony) {
    let e = ok(Checks::new(w.net()).unwrap().rerun(0, "intermediate_genesis"));
    assert!(e.files_unchanged > 0 && e.key_files > 0, "{e:?}");
}

#[given(expr = "{int} validator hosts that have run the runbook up to distributing the intermediate genesis")]
fn up_to_intermediate(w: &mut Ceremony, n: usize) {
    let t = support::testnet(support::spec(n));
    ok(t.set_up_hosts());
    ok(t.keygen(&Quiet));
    ok(t.collect_keys());
    ok(t.intermediate_genesis(&Quiet));
    ok(t.distribute_intermediate());
    w.net = Some(t);
}

#[given(expr = "{int} validator hosts whose coordinator has started and published the final genesis")]
fn up_to_final(w: &mut Ceremony, n: usize) {
    let t = support::testnet(support::spec(n));
    ok(t.prepare(&Quiet));
    settled_signers(&t);
    ok(t.start_coordinator(&Quiet));
    ok(t.distribute_final());
    w.net = Some(t);
}

fn bad_gentx(t: &support::TestNet, mistake: &str) -> BadGentx {
    match mistake {
        "was signed for another chain id" => BadGentx::OtherChain,
        "is a copy of val-1's" => BadGentx::CopyOf(index_of(t, "val-1")),
        "comes from an account the intermediate genesis lacks" => BadGentx::UnknownAccount,
        "names val-3's consensus key instead of its own tmkms's" => BadGentx::ConsensusKeyOf(index_of(t, "val-3")),
        other => panic!("no such gentx mistake: {other}"),
    }
}

#[when(expr = "val-2 sends the coordinator a gentx that {}")]
fn send_bad_gentx(w: &mut Ceremony, mistake: String) {
    let t = w.net();
    let bad = bad_gentx(t, &mistake);
    let homes = KeyHomes::take(t);
    ok(mistakes::send_bad_gentx(t, index_of(t, "val-2"), bad));
    w.key_homes = Some(homes);
}

#[when(expr = "one byte of the {word} genesis {word} received changes on its disk")]
fn flip_genesis_byte(w: &mut Ceremony, which: String, name: String) {
    let t = w.net();
    let homes = KeyHomes::take(t);
    ok(mistakes::flip_byte(&t.projects[index_of(t, &name)], &format!("genesis/{which}_genesis.json")));
    w.key_homes = Some(homes);
}

#[when(expr = "someone in transit {} the {word} genesis {word} received and rewrites its checksum line")]
fn tamper_genesis(w: &mut Ceremony, change: String, which: String, name: String) {
    let t = w.net();
    let homes = KeyHomes::take(t);
    let change = match change.as_str() {
        "changes the chain id of" => GenesisTampering::ChainId,
        "raises val-1's self-delegation in" => GenesisTampering::RaiseDelegationOf(index_of(t, "val-1")),
        "takes val-2's own gentx out of" => GenesisTampering::DropGentxOf(index_of(t, "val-2")),
        other => panic!("no such tampering: {other}"),
    };
    let p = &t.projects[index_of(t, &name)];
    ok(mistakes::tamper_genesis(t, p, &format!("genesis/{which}_genesis.json"), change));
    w.key_homes = Some(homes);
}

#[then(expr = "{word}'s {word} refuses with exit code {int} and a one-line message with {string}")]
fn refuses(w: &mut Ceremony, name: String, stage: String, code: i32, words: String) {
    let t = w.net();
    let r = ok(mistakes::refusal(t, index_of(t, &name), &stage));
    println!("refusal: {r}");
    assert_eq!(r.code, code, "{r}");
    // One line: `refusal` took the run's whole output and found this the only error line, and
    // the last (checks_fail.rs shows a two-line error refused).
    assert!(r.message.contains(&words), "{r}");
}

#[then("every host's keyring and tmkms home is byte-identical to before the mistake")]
fn key_homes_unchanged(w: &mut Ceremony) {
    let homes = w.key_homes.as_ref().expect("no snapshot was taken before the mistake");
    assert!(ok(homes.unchanged(w.net())) > 0);
}

#[when(expr = "val-1 offers its {} to the operator as {}")]
fn offer_private(w: &mut Ceremony, file: String, offered: String) {
    let t = w.net();
    let p = &t.projects[index_of(t, "val-1")];
    let source = match file.as_str() {
        "keyring entry val-1.info" => p.keyring_home().join("keyring-test/val-1.info"),
        "tmkms consensus.key" => p.tmkms_home().join("secrets/consensus.key"),
        "node key node_key.json" => p.keyring_home().join("node_key.json"),
        other => panic!("no such private file: {other}"),
    };
    let bytes = std::fs::read(&source).unwrap();
    let rel = if let Some(link) = offered.strip_prefix("a symlink at ") {
        let at = p.artifact(link);
        std::fs::remove_file(&at).unwrap();
        std::os::unix::fs::symlink(&source, &at).unwrap();
        link.to_string()
    } else if offered.starts_with("..") {
        offered.clone()
    } else {
        std::fs::create_dir_all(p.artifact(&offered).parent().unwrap()).unwrap();
        std::fs::copy(&source, p.artifact(&offered)).unwrap();
        offered.clone()
    };
    w.offered = Some((rel, bytes));
}

#[then(expr = "the operator refuses it with {string} and records the refusal in its ledger")]
fn operator_refuses(w: &mut Ceremony, words: String) {
    let t = w.net();
    let (rel, _) = w.offered.as_ref().expect("nothing was offered");
    let err = t
        .operator
        .carry(t.backend.as_ref(), &t.projects[index_of(t, "val-1")], t.coordinator(), rel)
        .unwrap_err()
        .to_string();
    assert!(err.contains(&words), "{err}");
    let ledger = t.operator.ledger();
    let entry =
        ledger.iter().rev().find(|e| &e.file == rel).unwrap_or_else(|| panic!("no ledger entry for {rel}: {ledger:?}"));
    assert!(entry.refused.as_deref().is_some_and(|r| r.contains(&words)), "{entry:?}");
    assert_eq!((entry.from.as_str(), entry.to.as_str()), ("val-1", "val-0"));
}

#[then("nothing of it reached the coordinator")]
fn nothing_reached(w: &mut Ceremony) {
    let t = w.net();
    let (_, bytes) = w.offered.as_ref().expect("nothing was offered");
    let mut files = vec![t.coordinator().artifacts()];
    while let Some(f) = files.pop() {
        if f.is_dir() {
            files.extend(std::fs::read_dir(&f).unwrap().map(|e| e.unwrap().path()));
        } else {
            assert_ne!(&std::fs::read(&f).unwrap(), bytes, "{} holds the offered file", f.display());
        }
    }
}

#[when(expr = "the coordinator and {word} start, and {word} and {word} do not")]
fn start_some(w: &mut Ceremony, started: String, _a: String, _b: String) {
    let t = w.net();
    ok(t.start_coordinator(&Quiet));
    ok(t.distribute_final());
    let p = &t.projects[index_of(t, &started)];
    ok(t.backend.start(p, Service::Node, "start"));
}

#[then(expr = "no node has a block {int} seconds after genesis_time")]
fn no_block(w: &mut Ceremony, secs: u64) {
    let t = w.net();
    let g = cosmos_formats::Genesis::load(&t.coordinator().artifact("genesis/final_genesis.json")).unwrap();
    let at = g.genesis_time().unwrap() + time::Duration::seconds(secs as i64);
    let wait = at - time::OffsetDateTime::now_utc();
    if wait.is_positive() {
        std::thread::sleep(Duration::from_secs_f64(wait.as_seconds_f64()));
    }
    let checks = Checks::new(t).unwrap();
    // The two that started answer, at height 0: the halt is consensus, not a dead process. On a
    // loaded machine a node's RPC can come up after genesis_time + secs, so wait for it to
    // answer (that wait cannot make a block appear: a node that answers late at 0 had none).
    for i in [0, 1] {
        let h =
            testkit::wait_for(Duration::from_secs(30), &format!("{}'s RPC", t.projects[i].name), || checks.height(i));
        assert_eq!(h, 0, "{} has a block with 2 of 4 validators started", t.projects[i].name);
    }
    for i in 2..t.projects.len() {
        assert_eq!(checks.height(i), None, "{} answers, but it was never started", t.projects[i].name);
    }
}

#[then(expr = "the blocks check fails naming {word} and {word} as not answering")]
fn blocks_names_missing(w: &mut Ceremony, a: String, b: String) {
    let err = Checks::new(w.net()).unwrap().blocks(1, Duration::from_secs(2)).unwrap_err().to_string();
    for name in [a, b] {
        assert!(err.contains(&format!("{name} not answering")), "{err}");
    }
}

#[when(expr = "the coordinator starts and its peers file leaves out {word} before the operator carries it")]
fn peers_file_without(w: &mut Ceremony, name: String) {
    let t = w.net();
    ok(t.start_coordinator(&Quiet));
    let id = t.projects[index_of(t, &name)].node_id().expect("node id");
    let c = t.coordinator();
    let text = std::fs::read_to_string(c.artifact("peers/persistent_peers.txt")).unwrap();
    let kept: Vec<&str> =
        text.trim().split([',', '\n']).map(str::trim).filter(|e| !e.is_empty() && !e.starts_with(&id)).collect();
    assert!(text.contains(&id), "{name} is not in the peers file: {text}");
    ok(mistakes::rewrite_artifact(c, "peers/persistent_peers.txt", format!("{}\n", kept.join(",")).as_bytes()));
    ok(t.distribute_final());
}

#[then(expr = "the peers check fails naming {word} as missing from the persistent_peers of {word} and {word}")]
fn peers_names_missing(w: &mut Ceremony, missing: String, a: String, b: String) {
    let err = Checks::new(w.net()).unwrap().peers(Duration::from_secs(5)).unwrap_err().to_string();
    for host in [a, b] {
        assert!(err.contains(&format!("{host}: persistent_peers lacks [{missing} (")), "{err}");
    }
}

#[given(expr = "{int} validator hosts with empty directories where the host of {word} is also named {word}")]
fn hosts_sharing_a_name(w: &mut Ceremony, n: usize, host: String, name: String) {
    let mut t = support::testnet(support::spec(n));
    let i = index_of(&t, &host);
    t.net.projects[i].name = name;
    ok(t.set_up_hosts());
    w.net = Some(t);
    w.down = Some(i);
}

/// The two hosts named `name`: the one that had it first, and the renamed one.
fn namesakes<'a>(w: &'a Ceremony, name: &str) -> (&'a support::TestNet, usize, usize) {
    let t = w.net();
    let second = w.down.expect("no renamed host");
    let first = (1..t.projects.len()).find(|&i| i != second && t.projects[i].name == name).expect("the first host");
    (t, first, second)
}

#[then(expr = "the operator refuses to carry the second {word}'s address to the coordinator, naming the shared name")]
fn refuses_second_name(w: &mut Ceremony, name: String) {
    let (t, first, second) = namesakes(w, &name);
    let rel = format!("addresses/{name}.txt");
    ok(t.operator.carry(t.backend.as_ref(), &t.projects[first], t.coordinator(), &rel));
    let err = t.operator.carry(t.backend.as_ref(), &t.projects[second], t.coordinator(), &rel).unwrap_err().to_string();
    assert!(err.contains(&format!("two hosts share the name {name}")), "{err}");
}

#[then(expr = "the coordinator holds only the first {word}'s address")]
fn holds_first(w: &mut Ceremony, name: String) {
    let (t, first, second) = namesakes(w, &name);
    let rel = format!("addresses/{name}.txt");
    let held = std::fs::read(t.coordinator().artifact(&rel)).unwrap();
    assert_eq!(held, std::fs::read(t.projects[first].artifact(&rel)).unwrap());
    assert_ne!(held, std::fs::read(t.projects[second].artifact(&rel)).unwrap());
}

#[given(expr = "{int} validator hosts with empty directories where {word} is also given GENESIS_INDEX {int}")]
fn hosts_sharing_an_index(w: &mut Ceremony, n: usize, host: String, index: u16) {
    let mut t = support::testnet(support::spec(n));
    let i = index_of(&t, &host);
    let p = &mut t.net.projects[i];
    // Separate machines in production: its ports stay its own, only GENESIS_INDEX repeats.
    let shift = (p.index - index) * p.ports.stride;
    p.index = index;
    p.ports.p2p_base += shift;
    p.ports.rpc_base += shift;
    p.ports.tmkms_base += shift;
    ok(t.set_up_hosts());
    w.net = Some(t);
}

#[given(
    expr = "{int} validator hosts with empty directories where {word}'s tmkms holds a copy of {word}'s consensus key"
)]
fn hosts_sharing_a_key(w: &mut Ceremony, n: usize, host: String, owner: String) {
    let t = support::testnet(support::spec(n));
    ok(t.set_up_hosts());
    let (i, o) = (index_of(&t, &host), index_of(&t, &owner));
    let key = |p: &harness::project::Project| p.tmkms_home().join("secrets/consensus.key");
    // The operator restores the owner's tmkms backup on the other host: with its tmkms
    // stopped, as anyone copying a key file would.
    testkit::wait_for(Duration::from_secs(30), "the owner's tmkms to make its key", || {
        key(&t.projects[o]).exists().then_some(())
    });
    t.backend.stop(&t.projects[i], Service::Kms);
    std::fs::create_dir_all(key(&t.projects[i]).parent().unwrap()).unwrap();
    std::fs::copy(key(&t.projects[o]), key(&t.projects[i])).unwrap();
    ok(t.backend.start(&t.projects[i], Service::Kms, harness::runbook::KMS_STAGE));
    w.net = Some(t);
}

fn features() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../features");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "feature")).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn test_name(p: &std::path::Path) -> String {
    format!("features::{}", p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let all = features();
    if args.iter().any(|a| a == "--list") {
        if !args.iter().any(|a| a == "--ignored") {
            for f in &all {
                println!("{}: test", test_name(f));
            }
        }
        return;
    }
    let wanted: Vec<&PathBuf> = match args.iter().position(|a| a == "--exact") {
        Some(i) => all.iter().filter(|f| args.get(i + 1).is_some_and(|n| *n == test_name(f))).collect(),
        None => all.iter().collect(),
    };
    let mut failed = false;
    let failures: std::sync::Arc<std::sync::Mutex<Vec<String>>> = Default::default();
    for f in wanted {
        // Containers need an engine: skipped visibly without one, a failure under CI=true.
        if f.file_stem().is_some_and(|s| s == "containers") && !support::docker_or_skip(&test_name(f)) {
            continue;
        }
        // Explicit (default) options: the command line belongs to nextest's protocol, not cucumber's.
        let runner = Ceremony::cucumber()
            .with_cli(cucumber::cli::Opts::<_, _, _, cucumber::cli::Empty>::default())
            // A failed step panicked inside cucumber, which caught it: the network would be
            // dropped as if it had passed. Title its report after the scenario; on failure keep
            // it and the project dirs, and print where they are.
            .after({
                let failures = failures.clone();
                move |feature, _, scenario, finished, world| {
                    let title = format!("{}: {}", feature.name, scenario.name);
                    let failed = !matches!(
                        finished,
                        cucumber::event::ScenarioFinished::StepPassed | cucumber::event::ScenarioFinished::StepSkipped
                    );
                    if failed {
                        let why = match finished {
                            cucumber::event::ScenarioFinished::StepFailed(_, _, e) => format!("{e}"),
                            other => format!("{other:?}"),
                        };
                        if let Ok(mut f) = failures.lock() {
                            f.push(format!("{title}\n    {}", why.replace('\n', "\n    ")));
                        }
                    }
                    if let Some(t) = world.and_then(|w| w.net.as_mut()) {
                        if failed {
                            t.failed(&title);
                        } else {
                            t.net.recorder.set_title(&title);
                        }
                    }
                    Box::pin(async {})
                }
            })
            .max_concurrent_scenarios(1)
            .fail_on_skipped();
        // HARNESS_SCENARIO=<words> runs only the scenarios whose name contains them (while
        // working on one; the run says so, so that a filtered run is never taken for a full one).
        let result = match std::env::var("HARNESS_SCENARIO") {
            Ok(only) => {
                eprintln!("HARNESS_SCENARIO={only:?}: running only the scenarios whose name contains it");
                futures::executor::block_on(runner.filter_run(f, move |_, _, sc| sc.name.contains(&only)))
            }
            Err(_) => futures::executor::block_on(runner.run(f)),
        };
        failed |= result.execution_has_failed() || result.parsing_errors() > 0 || result.skipped_steps() > 0;
    }
    if failed {
        // Last in the output, where a log cut in the middle still shows it.
        for f in failures.lock().map(|f| f.clone()).unwrap_or_default() {
            eprintln!("FAILED scenario: {f}");
        }
        std::process::exit(1);
    }
}
