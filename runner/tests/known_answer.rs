//! Known answer: with the values of gonka's `genesis/genesis-overrides.json` (f653fa57) and the
//! 54 non-module accounts of `fixtures/gonka-mainnet/genesis-draft.json` in
//! `GENESIS_ACCOUNTS_FILE`, the runner's intermediate genesis has the draft's `app_state`, except
//! the paths gonka's coordinator edited by hand afterwards (found with `git log -p
//! genesis/genesis-draft.json` in the gonka repo, named in [`HAND_EDITED`]) and the
//! coordinator's own account (its key is made at keygen, so it is not the draft's).

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The distribution module account, present since the first draft (daafd220) and never made by
/// `add-genesis-account`: it holds the community pool.
const MODULE_ACCOUNT: &str = "gonka1jv65s3grqf6v6jl3dp4t6c9t9rk99cd8h2rzwa";

/// Values gonka's coordinator changed in the draft by hand, after the overrides were merged.
const HAND_EDITED: &[(&str, &str)] = &[
    // 845d52fc "Genesis Tokens Supply Params"
    ("/inference/params/tokenomics_params/work_vesting_period", "845d52fc"),
    ("/inference/params/tokenomics_params/reward_vesting_period", "845d52fc"),
    ("/inference/params/tokenomics_params/top_miner_vesting_period", "845d52fc"),
    ("/inference/params/bitcoin_reward_params/initial_epoch_reward", "845d52fc"),
    ("/inference/genesis_only_params/originator_supply", "845d52fc"),
    ("/inference/genesis_only_params/top_reward_amount", "845d52fc"),
    ("/inference/genesis_only_params/standard_reward_amount", "845d52fc"),
    // 72d9ed52 "Add guardians", eee9f220 "Correct format" (account → valoper addresses)
    ("/inference/genesis_only_params/genesis_guardian_addresses", "72d9ed52, eee9f220"),
    // 9f7feb8d "new collateral per weight" (merged in f653fa57): 1 -> 4.2
    ("/inference/params/collateral_params/collateral_per_weight_unit", "9f7feb8d"),
    // 6c55b67b "Add restrictions end" (merged in f653fa57): 0 -> 1555000
    ("/restrictions/params/restriction_end_block", "6c55b67b"),
    // The module account's community pool (since daafd220).
    ("/distribution/fee_pool/community_pool", "daafd220"),
];

fn draft() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/gonka-mainnet/genesis-draft.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn overrides_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/gonka-ceremony/genesis-overrides.json")
}

fn address_of(a: &Value) -> &str {
    ["/address", "/base_account/address", "/base_vesting_account/base_account/address"]
        .iter()
        .find_map(|p| a.pointer(p).and_then(Value::as_str))
        .unwrap()
}

fn number_of(a: &Value) -> u64 {
    ["/account_number", "/base_account/account_number", "/base_vesting_account/base_account/account_number"]
        .iter()
        .find_map(|p| a.pointer(p).and_then(Value::as_str))
        .unwrap()
        .parse()
        .unwrap()
}

fn amount(coins: &Value) -> String {
    coins
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{}{}", c["amount"].as_str().unwrap(), c["denom"].as_str().unwrap()))
        .collect::<Vec<_>>()
        .join(",")
}

/// The draft's accounts as `add-genesis-account` arguments, in account-number order (the order
/// gonka added them: founders 1-43 by add_founders_to_genesis.sh, then the others).
fn accounts_file(draft: &Value) -> String {
    let balances = draft["app_state"]["bank"]["balances"].as_array().unwrap();
    let mut accounts: Vec<&Value> = draft["app_state"]["auth"]["accounts"].as_array().unwrap().iter().collect();
    accounts.sort_by_key(|a| number_of(a));
    let mut out = String::from("# the accounts of fixtures/gonka-mainnet/genesis-draft.json but its module account\n");
    for a in accounts {
        let addr = address_of(a);
        if addr == MODULE_ACCOUNT {
            continue;
        }
        let coins = &balances.iter().find(|b| b["address"] == addr).unwrap()["coins"];
        out.push_str(&format!("{addr} {}", amount(coins)));
        if let Some(bva) = a.get("base_vesting_account") {
            out.push_str(&format!(" --vesting-amount {}", amount(&bva["original_vesting"])));
            if let Some(s) = a.get("start_time") {
                out.push_str(&format!(" --vesting-start-time {}", s.as_str().unwrap()));
            }
            out.push_str(&format!(" --vesting-end-time {}", bva["end_time"].as_str().unwrap()));
        }
        out.push('\n');
    }
    out
}

/// Takes one address's account and balance out of an app_state, and its coins out of the supply.
fn remove_account(app: &mut Value, address: &str) {
    let accounts = app["auth"]["accounts"].as_array_mut().unwrap();
    accounts.retain(|a| address_of(a) != address);
    let balances = app["bank"]["balances"].as_array_mut().unwrap();
    let i = balances.iter().position(|b| b["address"] == address).unwrap();
    let gone = balances.remove(i);
    for c in gone["coins"].as_array().unwrap() {
        for s in app["bank"]["supply"].as_array_mut().unwrap() {
            if s["denom"] == c["denom"] {
                let left: u128 = s["amount"].as_str().unwrap().parse::<u128>().unwrap()
                    - c["amount"].as_str().unwrap().parse::<u128>().unwrap();
                s["amount"] = Value::String(left.to_string());
            }
        }
    }
}

/// Every JSON path where `a` and `b` differ (objects key by key, lists element by element
/// when of one length).
fn diff(a: &Value, b: &Value, path: String, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                match (x.get(k), y.get(k)) {
                    (Some(v), Some(w)) => diff(v, w, format!("{path}/{k}"), out),
                    (Some(_), None) => out.push(format!("{path}/{k} (only ours)")),
                    _ => out.push(format!("{path}/{k} (only the draft's)")),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                diff(v, w, format!("{path}/{i}"), out);
            }
        }
        _ if a == b => {}
        _ => out.push(format!("{path}: ours {} draft {}", short(a), short(b))),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 80 {
        format!("{}…", &s[..80])
    } else {
        s
    }
}

/// The paths where the runner's app_state differs from the draft's, beyond the named ones.
fn unexpected(ours: &Value, own_address: &str) -> Vec<String> {
    let mut draft = draft()["app_state"].clone();
    let mut ours = ours["app_state"].clone();
    remove_account(&mut draft, MODULE_ACCOUNT);
    remove_account(&mut ours, own_address);
    for (p, _) in HAND_EDITED {
        for app in [&mut draft, &mut ours] {
            if let Some(v) = app.pointer_mut(p) {
                *v = Value::Null;
            }
        }
    }
    let mut out = Vec::new();
    diff(&ours, &draft, String::new(), &mut out);
    out
}

struct Run {
    genesis: Value,
    own: String,
}

fn intermediate(c: &Host, dir: &Path, overrides: &Path) -> Run {
    let accounts = dir.join("accounts.txt");
    std::fs::write(&accounts, accounts_file(&draft())).unwrap();
    c.stage_ok(
        "intermediate_genesis",
        &[
            ("FORCE", "1"),
            ("GENESIS_ACCOUNTS_FILE", accounts.to_str().unwrap()),
            ("GENESIS_OVERRIDES_FILE", overrides.to_str().unwrap()),
        ],
    );
    let text = std::fs::read_to_string(c.homes.artifacts.join("genesis/intermediate_genesis.json")).unwrap();
    let own = std::fs::read_to_string(c.homes.artifacts.join("addresses/coord.txt")).unwrap().trim().to_string();
    Run { genesis: serde_json::from_str(&text).unwrap(), own }
}

fn coordinator(root: &Path) -> Host {
    let c = Host::new(root, "coord", 0, testkit::free_port_base(1, 10, 3));
    let _kms = c.kms();
    c.stage_ok("keygen", &[]);
    c
}

#[test]
fn the_app_state_is_the_mainnet_drafts_but_for_the_coordinators_hand_edits() {
    let tmp = testkit::temp_dir("known-answer");
    let c = coordinator(tmp.path());
    let run = intermediate(&c, tmp.path(), &overrides_fixture());
    let diffs = unexpected(&run.genesis, &run.own);
    assert!(diffs.is_empty(), "{} paths differ from the draft:\n{}", diffs.len(), diffs.join("\n"));
}

/// Passes today: whatever else still differs, every override value is one the draft has, and
/// dropping one makes its path differ.
#[test]
fn every_override_value_is_the_drafts_and_dropping_one_shows() {
    let tmp = testkit::temp_dir("known-answer-drop");
    let c = coordinator(tmp.path());
    let full = intermediate(&c, tmp.path(), &overrides_fixture());
    let with_all = unexpected(&full.genesis, &full.own);

    let mut fixture: Value = serde_json::from_str(&std::fs::read_to_string(overrides_fixture()).unwrap()).unwrap();
    fixture["app_state"]["gov"]["params"].as_object_mut().unwrap().shift_remove("voting_period").unwrap();
    let dropped = tmp.path().join("dropped.json");
    std::fs::write(&dropped, fixture.to_string()).unwrap();
    let run = intermediate(&c, tmp.path(), &dropped);
    let without = unexpected(&run.genesis, &run.own);

    let voting = "/gov/params/voting_period";
    assert!(!with_all.iter().any(|d| d.starts_with(&format!("{voting}:"))), "{with_all:#?}");
    assert!(without.iter().any(|d| d.starts_with(&format!("{voting}:"))), "{without:#?}");

    // The accounts are the draft's, numbered as the draft numbers them (the coordinator's own
    // account takes number 0, the draft's module account's).
    let accounts = |g: &Value| -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = g["app_state"]["auth"]["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (address_of(a).to_string(), number_of(a)))
            .filter(|(a, _)| a != MODULE_ACCOUNT && *a != full.own)
            .collect();
        v.sort();
        v
    };
    assert_eq!(accounts(&full.genesis), accounts(&draft()));
    let not_about_accounts: Vec<&String> = with_all
        .iter()
        .filter(|d| d.starts_with("/auth/accounts") || d.starts_with("/bank/balances") || d.starts_with("/bank/supply"))
        .collect();
    assert!(not_about_accounts.is_empty(), "{not_about_accounts:#?}");
    // Every leaf the overrides set is the draft's (hand-edited paths aside).
    let mut leaves = Vec::new();
    collect_leaves(
        &serde_json::from_str(&std::fs::read_to_string(overrides_fixture()).unwrap()).unwrap(),
        String::new(),
        &mut leaves,
    );
    let app_leaves: Vec<String> =
        leaves.iter().filter_map(|l| l.strip_prefix("/app_state").map(str::to_string)).collect();
    assert!(app_leaves.len() > 20);
    for leaf in &app_leaves {
        assert!(
            !with_all.iter().any(|d| d.starts_with(&format!("{leaf}:")) || d.starts_with(&format!("{leaf}/"))),
            "override value {leaf} differs from the draft: {with_all:#?}"
        );
    }
    eprintln!(
        "{} paths still differ from the draft (the stand-in's init defaults):\n{}",
        with_all.len(),
        with_all.join("\n")
    );
}

fn collect_leaves(v: &Value, path: String, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, w) in o {
                collect_leaves(w, format!("{path}/{k}"), out);
            }
        }
        _ => out.push(path),
    }
}
