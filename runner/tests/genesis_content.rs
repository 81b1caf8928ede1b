//! intermediate_genesis's genesis content, as real `genesis-runner` processes: gonka's bank
//! metadata, `GENESIS_ACCOUNTS_FILE` (vesting included) and `GENESIS_OVERRIDES_FILE` (jq's
//! `*`), and every bad file refused in one line naming the variable, the file and the line or
//! JSON path, with nothing written (rows of BAD-INPUTS.md).

mod common;

use common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

// Accounts of the gonka mainnet draft genesis; the stand-in's account prefix is gonka's.
const FOUNDER: &str = "gonka18299ldv2cym0gh5spmm6yncv3at3qgn0t7km5w";
const DELAYED: &str = "gonka19fpma3577v3fnk8nxjkvg442ss8hvglxwqgzz6";
const PLAIN: &str = "gonka1qgstmj6k2xwx5p8s2p0ch2qd32lkgegqkcsljs";

/// A coordinator after keygen: its address collected, ready for intermediate_genesis.
fn coordinator(root: &Path) -> Host {
    let base = testkit::free_port_base(1, 10, 3);
    let c = Host::new(root, "coord", 0, base);
    let _kms = c.kms();
    c.stage_ok("keygen", &[]);
    c
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn genesis_of(c: &Host) -> Value {
    let text = std::fs::read_to_string(c.homes.artifacts.join("genesis/intermediate_genesis.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn account<'a>(g: &'a Value, address: &str) -> &'a Value {
    g["app_state"]["auth"]["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            ["/address", "/base_account/address", "/base_vesting_account/base_account/address"]
                .iter()
                .any(|p| a.pointer(p).and_then(Value::as_str) == Some(address))
        })
        .unwrap_or_else(|| panic!("no account {address}"))
}

#[test]
fn the_intermediate_genesis_has_the_metadata_the_extra_accounts_and_the_overrides() {
    let tmp = testkit::temp_dir("genesis-content");
    let c = coordinator(tmp.path());
    let inputs = tmp.path().join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let accounts = write(
        &inputs,
        "accounts.txt",
        &format!(
            "# founders\n{FOUNDER} 100470678000000000ngonka --vesting-amount 100470678000000000ngonka --vesting-start-time 1755750000 --vesting-end-time 1881894000\n\n\
             {DELAYED} 10ngonka --vesting-amount 4ngonka --vesting-end-time 1881894000  # delayed\n{PLAIN} 1ngonka\n"
        ),
    );
    let first = write(
        &inputs,
        "overrides-1.json",
        &json!({"app_state": {"gov": {"params": {
            "voting_period": "48h0m0s",
            "min_deposit": [{"denom": "ngonka", "amount": "1"}, {"denom": "stake", "amount": "2"}]}},
            "inference": {"genesis_only_params": {"top_rewards": 3, "supply_denom": "ngonka"}}}})
        .to_string(),
    );
    let second = write(
        &inputs,
        "overrides-2.json",
        &json!({"app_state": {"gov": {"params": {"min_deposit": [{"denom": "ngonka", "amount": "25000000"}]}},
            "inference": {"genesis_only_params": {"top_rewards": 4}}}})
        .to_string(),
    );
    let out = c.stage_ok(
        "intermediate_genesis",
        &[
            ("GENESIS_ACCOUNTS_FILE", accounts.to_str().unwrap()),
            ("GENESIS_OVERRIDES_FILE", &format!("{},{}", first.display(), second.display())),
        ],
    );
    let g = genesis_of(&c);

    // gonka's denom.json, merged after init.
    let meta = &g["app_state"]["bank"]["denom_metadata"];
    assert_eq!(meta.as_array().unwrap().len(), 1, "{meta}");
    assert_eq!(meta[0]["base"], "ngonka");
    assert_eq!(meta[0]["symbol"], "GNK");
    assert_eq!(meta[0]["denom_units"][3], json!({"denom": "gonka", "exponent": 9, "aliases": []}));

    // The extra accounts with their vesting, beside the coordinator's own.
    let f = account(&g, FOUNDER);
    assert_eq!(f["@type"], "/cosmos.vesting.v1beta1.ContinuousVestingAccount");
    assert_eq!(f["start_time"], "1755750000");
    assert_eq!(f["base_vesting_account"]["end_time"], "1881894000");
    assert_eq!(
        f["base_vesting_account"]["original_vesting"],
        json!([{"denom": "ngonka", "amount": "100470678000000000"}])
    );
    assert_eq!(account(&g, DELAYED)["@type"], "/cosmos.vesting.v1beta1.DelayedVestingAccount");
    assert_eq!(account(&g, PLAIN)["@type"], "/cosmos.auth.v1beta1.BaseAccount");
    assert_eq!(g["app_state"]["auth"]["accounts"].as_array().unwrap().len(), 4);
    assert_eq!(
        g["app_state"]["bank"]["supply"],
        json!([{"denom": "ngonka", "amount": (100470678000000000u128 + 10 + 1 + 2_000_000_000).to_string()}])
    );

    // Both overrides, in order: the second's list replaces the first's whole; objects merge.
    let gov = &g["app_state"]["gov"]["params"];
    assert_eq!(gov["voting_period"], "48h0m0s");
    assert_eq!(gov["min_deposit"], json!([{"denom": "ngonka", "amount": "25000000"}]));
    assert_eq!(gov["quorum"], "0.334000000000000000", "a value no override names is init's");
    let only = &g["app_state"]["inference"]["genesis_only_params"];
    assert_eq!((&only["top_rewards"], &only["supply_denom"]), (&json!(4), &json!("ngonka")));
    assert_eq!(only["total_supply"], "1000000000000000000", "init's default for a key no override names");
    assert!(g["app_state"]["inference"]["participant_list"].is_array(), "init's inference keys are kept");

    // Every input file is logged with its sha256.
    let log = stderr(&out);
    for p in [&accounts, &first, &second] {
        let sha = sha256_hex(&std::fs::read(p).unwrap());
        assert!(
            log.lines().any(|l| l.contains(&sha) && l.contains(&p.display().to_string())),
            "{} with its sha256 is not logged:\n{log}",
            p.display()
        );
    }
}

#[test]
fn denom_metadata_file_replaces_the_built_in_one() {
    let tmp = testkit::temp_dir("denom-metadata");
    let c = coordinator(tmp.path());
    let meta = write(
        tmp.path(),
        "denom.json",
        &json!({"app_state": {"bank": {"denom_metadata": [
            {"base": "ngonka", "display": "gnk", "name": "Test", "symbol": "TST", "description": "",
             "denom_units": [{"denom": "ngonka", "exponent": 0, "aliases": []}, {"denom": "gnk", "exponent": 9, "aliases": []}]}]}}})
        .to_string(),
    );
    c.stage_ok("intermediate_genesis", &[("DENOM_METADATA_FILE", meta.to_str().unwrap())]);
    let g = genesis_of(&c);
    assert_eq!(g["app_state"]["bank"]["denom_metadata"][0]["symbol"], "TST");
    assert_eq!(g["app_state"]["bank"]["denom_metadata"].as_array().unwrap().len(), 1);
}

/// A bad file: its variable, its content, and the start of the one line the runner must print
/// after `<VAR>: <path>: `.
struct Bad {
    name: &'static str,
    var: &'static str,
    content: String,
    msg: &'static str,
}

fn bad_cases(own: &str) -> Vec<Bad> {
    let b = |name, var, content: String, msg| Bad { name, var, content, msg };
    let meta = |m: Value| json!({"app_state": {"bank": {"denom_metadata": m}}}).to_string();
    let ngonka_units = json!([{"denom": "ngonka", "exponent": 0}]);
    vec![
        b("accounts: one word", "GENESIS_ACCOUNTS_FILE", format!("# x\n{FOUNDER}\n"), "line 2: "),
        b("accounts: other prefix", "GENESIS_ACCOUNTS_FILE", "cosmos1y2a9p56kv044327uycmqdexl7zs82fs5kz4dnl 1ngonka\n".into(), "line 1: invalid bech32 address"),
        b("accounts: bad coins", "GENESIS_ACCOUNTS_FILE", format!("{FOUNDER} lots\n"), "line 1: amount: invalid coin \"lots\""),
        b("accounts: display unit", "GENESIS_ACCOUNTS_FILE", format!("{FOUNDER} 5gonka\n"), "line 1: amount: gonka is a display unit of ngonka"),
        b("accounts: vesting over amount", "GENESIS_ACCOUNTS_FILE", format!("{FOUNDER} 5ngonka --vesting-amount 6ngonka --vesting-end-time 9\n"), "line 1: vesting amount cannot be greater than total amount"),
        b("accounts: end not after start", "GENESIS_ACCOUNTS_FILE", format!("{FOUNDER} 5ngonka --vesting-amount 5ngonka --vesting-start-time 9 --vesting-end-time 9\n"), "line 1: --vesting-end-time 9 must be after --vesting-start-time 9"),
        b("accounts: no end time", "GENESIS_ACCOUNTS_FILE", format!("{FOUNDER} 5ngonka --vesting-amount 5ngonka --vesting-start-time 9\n"), "line 1: invalid vesting parameters"),
        b("accounts: unknown flag", "GENESIS_ACCOUNTS_FILE", format!("{FOUNDER} 5ngonka --append\n"), "line 1: \"--append\": unknown flag"),
        b("accounts: duplicate", "GENESIS_ACCOUNTS_FILE", format!("{FOUNDER} 1ngonka\n{DELAYED} 1ngonka\n{FOUNDER} 2ngonka\n"), "line 3: address"),
        b("accounts: a validator's address", "GENESIS_ACCOUNTS_FILE", format!("{PLAIN} 1ngonka\n{own} 1ngonka\n"), "line 2: address"),
        b("accounts: missing file", "GENESIS_ACCOUNTS_FILE", String::new(), "No such file or directory"),
        b("overrides: not JSON", "GENESIS_OVERRIDES_FILE", "{\"app_state\": {\"gov\": }\n".into(), "not JSON: expected value at line 1 column"),
        b("overrides: not an object", "GENESIS_OVERRIDES_FILE", "[1, 2]".into(), "the top level is not a JSON object"),
        b("overrides: sets the accounts", "GENESIS_OVERRIDES_FILE", json!({"app_state": {"auth": {"accounts": []}}}).to_string(), ".app_state.auth.accounts: set by the ceremony itself"),
        b("overrides: sets the chain id", "GENESIS_OVERRIDES_FILE", json!({"chain_id": "other"}).to_string(), ".chain_id: set by the ceremony itself"),
        b("overrides: drops the base denom's metadata", "GENESIS_OVERRIDES_FILE", meta(json!([])), "after this merge, .app_state.bank.denom_metadata has no entry whose base is ngonka"),
        b("denom metadata: not JSON", "DENOM_METADATA_FILE", "{".into(), "not JSON: EOF while parsing"),
        b("denom metadata: no entry for COIN_DENOM", "DENOM_METADATA_FILE", meta(json!([{"base": "stake", "denom_units": [{"denom": "stake", "exponent": 0}]}])), ".app_state.bank.denom_metadata has no entry whose base is ngonka (COIN_DENOM)"),
        b("denom metadata: base unit not first", "DENOM_METADATA_FILE", meta(json!([{"base": "ngonka", "denom_units": [{"denom": "gonka", "exponent": 9}]}])), ".app_state.bank.denom_metadata[0].denom_units[0] must be"),
        b("denom metadata: other content", "DENOM_METADATA_FILE", json!({"app_state": {"bank": {"denom_metadata": [{"base": "ngonka", "denom_units": ngonka_units}]}, "gov": {}}}).to_string(), ".app_state.gov: only .app_state.bank.denom_metadata belongs here"),
    ]
}

#[test]
fn bad_content_files_are_refused_in_one_line_and_nothing_is_written() {
    let tmp = testkit::temp_dir("bad-content");
    let c = coordinator(tmp.path());
    let own = std::fs::read_to_string(c.homes.artifacts.join("addresses/coord.txt")).unwrap().trim().to_string();
    // A finished stage to be redone: every case runs with FORCE=1 and must leave it as it was.
    c.stage_ok("intermediate_genesis", &[]);
    let inputs = tmp.path().join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let good_override = write(&inputs, "good.json", "{\"app_state\": {}}");
    let cases = bad_cases(&own);
    assert!(cases.len() >= 20);
    let mut rows = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        eprintln!("case: {}", case.name);
        let path = inputs.join(format!("case-{i}"));
        if !case.content.is_empty() {
            std::fs::write(&path, &case.content).unwrap();
        }
        // An override list: the bad file second, so the message must name it, not the first.
        let value = match case.var {
            "GENESIS_OVERRIDES_FILE" => format!("{},{}", good_override.display(), path.display()),
            _ => path.display().to_string(),
        };
        let before: Vec<_> =
            [&c.homes.node, &c.homes.artifacts, &c.homes.keyring].iter().map(|d| snapshot(d)).collect();
        let out = c.stage("intermediate_genesis", &[("FORCE", "1"), (case.var, &value)]);
        assert_eq!(out.status.code(), Some(2), "{}: {}", case.name, stderr(&out));
        let line = error_line(&out);
        let want = format!("genesis-runner: error: {}: {}: {}", case.var, path.display(), case.msg);
        assert!(line.starts_with(&want), "{}:\n  got      {line}\n  expected {want}", case.name);
        let after: Vec<_> = [&c.homes.node, &c.homes.artifacts, &c.homes.keyring].iter().map(|d| snapshot(d)).collect();
        assert!(before == after, "{}: a home changed", case.name);
        rows.push(catalogue::Row {
            input: format!("{}: `{}`", case.name, case.var),
            stage: "intermediate_genesis (coordinator)".into(),
            code: 2,
            message: catalogue::normalize(&line, &[(&inputs, "<inputs>")]).replace(&format!("case-{i}"), "<file>"),
        });
    }
    catalogue::check(
        "genesis content",
        "Genesis content files (coordinator: DENOM_METADATA_FILE, GENESIS_ACCOUNTS_FILE, GENESIS_OVERRIDES_FILE)",
        &rows,
    );
}
