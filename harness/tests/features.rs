//! The Gherkin features under `features/`, run by cucumber. To nextest this binary answers
//! `--list` with one test per feature file and runs the one `--exact` names, so one
//! `cargo nextest run --workspace` reports every feature as a test (and in its JUnit file).

mod support;

use cucumber::writer::Stats as _;
use cucumber::{given, then, when, World};
use harness::checks::Checks;
use harness::project::KeyringBackend;
use harness::runbook::Quiet;
use std::path::PathBuf;
use std::time::Duration;

#[derive(World, Default)]
struct Ceremony {
    net: Option<support::TestNet>,
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
    let t = support::network(n, KeyringBackend::Test);
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

#[when("the operator carries every gentx to the coordinator")]
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

#[given(expr = "a {int}-validator network brought up by the runbook")]
fn network(w: &mut Ceremony, n: usize) {
    let t = support::network(n, KeyringBackend::Test);
    ok(t.run(&Quiet));
    w.net = Some(t);
}

#[given(expr = "{int} validator hosts that have run the runbook up to collecting the gentxs")]
fn prepared(w: &mut Ceremony, n: usize) {
    let t = support::network(n, KeyringBackend::Test);
    ok(t.prepare(&Quiet));
    w.net = Some(t);
}

#[then(expr = "every node reaches height {int} with the same block hashes")]
fn blocks(w: &mut Ceremony, h: u64) {
    let e = ok(Checks::new(w.net()).blocks(h, Duration::from_secs(120)));
    assert_eq!(e.hashes.len() as u64, h);
}

#[then("every file that crossed between hosts is a public artifact in the operator's ledger")]
fn ledger(w: &mut Ceremony) {
    let t = w.net();
    let ledger = t.operator.ledger();
    let n = t.projects.len();
    // 5 files per validator to the coordinator, 1 back, gentx in, 2 out.
    assert_eq!(ledger.len(), 9 * (n - 1), "{ledger:?}");
    assert!(ledger.iter().all(|e| harness::operator::is_public_artifact(&e.file)));
}

#[then("every node is connected to exactly its persistent peers")]
fn peers(w: &mut Ceremony) {
    ok(Checks::new(w.net()).peers(Duration::from_secs(30)));
}

#[then("the validator set at height 1 is exactly the published validator keys")]
fn validators(w: &mut Ceremony) {
    let e = ok(Checks::new(w.net()).validators());
    assert_eq!(e.reported, e.published);
}

#[then("no private key appears outside its own host")]
fn leaks(w: &mut Ceremony) {
    let e = ok(Checks::new(w.net()).no_leaks());
    assert!(e.hits.is_empty() && e.secrets > 0);
}

#[then("every node listens on its base port plus 10 times its index")]
fn ports(w: &mut Ceremony) {
    ok(Checks::new(w.net()).ports());
}

#[then("re-running gentx on val-1 without FORCE fails and changes no home")]
fn rerun_gentx(w: &mut Ceremony) {
    ok(Checks::new(w.net()).rerun(1, "gentx"));
}

#[then("re-running it with FORCE succeeds and leaves the keyring and tmkms homes byte-identical")]
fn rerun_force(_w: &mut Ceremony) {
    // Checked by the previous step: `Checks::rerun` runs both halves on the same stage.
}

#[then("the same holds for intermediate_genesis on the coordinator")]
fn rerun_intermediate(w: &mut Ceremony) {
    ok(Checks::new(w.net()).rerun(0, "intermediate_genesis"));
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
    for f in wanted {
        let result = futures::executor::block_on(
            // Explicit (default) options: the command line belongs to nextest's protocol, not cucumber's.
            Ceremony::cucumber()
                .with_cli(cucumber::cli::Opts::<_, _, _, cucumber::cli::Empty>::default())
                .max_concurrent_scenarios(1)
                .fail_on_skipped()
                .run(f),
        );
        failed |= result.execution_has_failed() || result.parsing_errors() > 0 || result.skipped_steps() > 0;
    }
    if failed {
        std::process::exit(1);
    }
}
