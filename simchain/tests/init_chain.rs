//! `simchaind start` and `genesis validate` refuse a genesis the real daemon's InitChain would
//! panic on, with the real message and a non-zero exit; `start` does it before binding any
//! port. And `genesis validate` passes the real mainnet draft.

mod support;

use rstest::rstest;
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::Path;
use support::*;

fn edit(path: &Path, f: fn(&mut Value)) {
    let mut v: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    f(&mut v);
    std::fs::write(path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

fn no_denom_metadata(v: &mut Value) {
    v["app_state"]["bank"]["denom_metadata"] = json!([]);
}
fn model_proposed_by_someone(v: &mut Value) {
    v["app_state"]["inference"]["model_list"] = json!([{"id": "Qwen/QwQ-32B", "proposed_by": "gonka1someone"}]);
}
fn supply_off(v: &mut Value) {
    v["app_state"]["bank"]["supply"][0]["amount"] = json!("4000000001");
}

#[rstest]
#[case::denom_metadata(no_denom_metadata, "inference: app_state.bank.denom_metadata: BaseCoin denom not found")]
#[case::model(
    model_proposed_by_someone,
    "inference: app_state.inference.model_list[0].proposed_by: At genesis all model.ProposedBy are expected to be \"genesis\"."
)]
#[case::supply(
    supply_off,
    "bank: app_state.bank.supply: genesis supply is incorrect, expected 4000000001ngonka, got 4000000000ngonka"
)]
#[case::unknown_field(
    |v: &mut Value| v["app_state"]["inference"]["params"]["epoch_params"]["epoch_lenght"] = json!("17280"),
    "inference: params.epoch_params.epoch_lenght: unknown field"
)]
fn start_refuses_a_defective_genesis_before_binding_a_port(#[case] defect: fn(&mut Value), #[case] expected: &str) {
    let c = Ceremony::with_gentxs(2);
    ok(&["genesis", "collect-gentxs", "--home", c.coordinator.home()]);
    edit(&c.coordinator.genesis(), defect);
    // Hold the node's ports: had it bound them before its checks, it would fail on them.
    let p2p = TcpListener::bind("127.0.0.1:0").unwrap();
    let rpc = TcpListener::bind("127.0.0.1:0").unwrap();
    let home = c.coordinator.home();
    ok(&["config", "set", "config", "p2p.laddr", &format!("tcp://{}", p2p.local_addr().unwrap()), "--home", home]);
    ok(&["config", "set", "config", "rpc.laddr", &format!("tcp://{}", rpc.local_addr().unwrap()), "--home", home]);

    let out = simchaind(&["start", "--home", home], None, &[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let line = out.error_line();
    assert!(line.contains(expected), "expected {expected:?} in {line:?}");
    assert!(line.contains("genesis.json"), "{line}");
    assert!(!out.stderr.contains("in use") && !out.stderr.contains("listening"), "{}", out.stderr);

    let out = simchaind(&["genesis", "validate", "--home", home], None, &[]);
    assert_eq!(out.code, Some(1));
    assert!(out.error_line().contains(expected), "{}", out.stderr);
}

#[test]
fn genesis_validate_passes_the_real_mainnet_draft() {
    let draft = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/gonka-mainnet/genesis-draft.json");
    let out = ok(&["genesis", "validate", draft.to_str().unwrap()]);
    assert!(out.contains("is a valid genesis file"), "{out}");
}

#[rstest]
#[case::denom_metadata(no_denom_metadata, "inference: app_state.bank.denom_metadata: BaseCoin denom not found")]
#[case::supply(
    |v: &mut Value| v["app_state"]["bank"]["supply"][0]["amount"] = json!("1"),
    "bank: app_state.bank.supply: genesis supply is incorrect, expected 1ngonka, got 320000000000000011ngonka"
)]
#[case::model(
    |v: &mut Value| v["app_state"]["inference"]["model_list"][0]["proposed_by"] = json!("gonka1x"),
    "inference: app_state.inference.model_list[0].proposed_by: At genesis all model.ProposedBy are expected to be \"genesis\"."
)]
#[case::unknown_field(
    |v: &mut Value| v["app_state"]["inference"]["params"]["epoch_params"]["epoch_lenght"] = json!("17280"),
    "inference: params.epoch_params.epoch_lenght: unknown field"
)]
#[case::string_for_a_number(
    |v: &mut Value| v["app_state"]["staking"]["params"]["max_validators"] = json!("a hundred"),
    "staking: params.max_validators:"
)]
fn genesis_validate_refuses_a_copy_of_the_draft_with_one_defect(
    #[case] defect: fn(&mut Value),
    #[case] expected: &str,
) {
    let dir = testkit::temp_dir("draft-defect");
    let path = dir.path().join("genesis.json");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/gonka-mainnet/genesis-draft.json"), &path)
        .unwrap();
    edit(&path, defect);
    let out = simchaind(&["genesis", "validate", path.to_str().unwrap()], None, &[]);
    assert_eq!(out.code, Some(1));
    let line = out.error_line();
    assert!(line.contains(expected) && line.contains("genesis.json"), "expected {expected:?} in {line:?}");
}

/// The real mainnet genesis as its coordinator made it from the draft: the three published
/// gentxs collected by `collect-gentxs`. The real chain launched from it (each validator of
/// power 1), so `start` must run on it: here as a node none of whose keys is a validator's, it
/// comes up, serves RPC with the three validators and keeps running.
#[test]
fn start_keeps_running_on_the_real_mainnet_genesis() {
    let dir = testkit::temp_dir("mainnet-genesis");
    let home_path = dir.path().join("home");
    let home = home_path.to_str().unwrap();
    ok(&["init", "observer", "--chain-id", CHAIN, "--default-denom", "ngonka", "--home", home]);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/gonka-mainnet");
    std::fs::copy(fixtures.join("genesis-draft.json"), home_path.join("config/genesis.json")).unwrap();
    let gentx_dir = home_path.join("config/gentx");
    std::fs::create_dir_all(&gentx_dir).unwrap();
    for v in std::fs::read_dir(fixtures.join("validators")).unwrap() {
        for f in std::fs::read_dir(v.unwrap().path()).unwrap() {
            let f = f.unwrap().path();
            if f.file_name().unwrap().to_str().unwrap().starts_with("gentx-") {
                std::fs::copy(&f, gentx_dir.join(f.file_name().unwrap())).unwrap();
            }
        }
    }
    ok(&["genesis", "collect-gentxs", "--home", home]);
    let base = testkit::free_port_base(1, 10, 3);
    // Signing with the file key `init` made (not a validator's): CometBFT waits for a remote
    // signer before it serves anything, and this node has none.
    let (p2p, rpc) = (base, base + 1);
    ok(&["config", "set", "config", "p2p.laddr", &format!("tcp://127.0.0.1:{p2p}"), "--home", home]);
    ok(&["config", "set", "config", "rpc.laddr", &format!("tcp://127.0.0.1:{rpc}"), "--home", home]);

    let log = dir.path().join("node.log");
    let mut node = support::net::Proc::spawn_for_test(&home_path, &log);
    let client = simchain::rpc_client::RpcClient::new(&format!("http://127.0.0.1:{rpc}")).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let validators = testkit::wait_for(std::time::Duration::from_secs(60), "the node's RPC", || {
        assert!(node.running(), "node exited: {}", std::fs::read_to_string(&log).unwrap_or_default());
        rt.block_on(tendermint_rpc::client::Client::validators(&client, 1u32, tendermint_rpc::Paging::All)).ok()
    });
    assert_eq!(validators.validators.len(), 3, "{:?}", validators.validators);
    assert!(validators.validators.iter().all(|v| v.power.value() == 1));
    assert!(node.running(), "node exited: {}", std::fs::read_to_string(&log).unwrap_or_default());
    node.stop();
}
