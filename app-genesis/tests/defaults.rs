//! `default_app_state` against the real ceremony: defaults + gonka's override files (jq `. * input`)
//! must give the mainnet draft's app_state except for a named list of later edits.

use app_genesis::{canonical_section, decode_app_state, default_app_state};
use serde_json::{json, Value};

fn read(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn draft_app_state() -> Value {
    read(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/gonka-mainnet/genesis-draft.json"))["app_state"].clone()
}

/// jq's `. * input`: objects merged recursively, anything else replaced.
fn jq_merge(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(k) {
                    Some(slot) if slot.is_object() && v.is_object() => jq_merge(slot, v),
                    _ => {
                        a.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}

/// Paths where `a` and `b` differ (arrays of equal length compared element by element).
fn diff(a: &Value, b: &Value, path: String, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                match (x.get(k), y.get(k)) {
                    (Some(u), Some(v)) => diff(u, v, p, out),
                    _ => out.push(p),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                diff(u, v, format!("{path}[{i}]"), out);
            }
        }
        (u, v) if u != v => out.push(path),
        _ => {}
    }
}

#[test]
fn defaults_plus_ceremony_overrides_give_the_draft_but_for_later_edits() {
    let mut app = default_app_state("ngonka");
    let overrides = read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/init_overrides.json"));
    for step in overrides["steps"].as_array().expect("steps") {
        jq_merge(&mut app, &step["app_state"]);
    }
    let mut paths = Vec::new();
    diff(&app, &draft_app_state(), String::new(), &mut paths);
    let expected = [
        // The ceremony's accounts (gonka f653fa57 "renaming (#288)", bcec6d51 "Phase 2:
        // genesis-draft.json"), added with add-genesis-account.
        "auth.accounts",
        "bank.balances",
        "bank.supply",
        // add-genesis-account re-marshals bank canonically (EmitDefaults): denom.json has no uri.
        "bank.denom_metadata[0].uri",
        "bank.denom_metadata[0].uri_hash",
        // f653fa57: 120M GNK community pool (the pre-programmed sale amount) written into the draft.
        "distribution.fee_pool.community_pool",
        // 845d52fc "Genesis Tokens Supply Params": vesting 0 -> 180 epochs.
        "inference.params.tokenomics_params.work_vesting_period",
        "inference.params.tokenomics_params.reward_vesting_period",
        "inference.params.tokenomics_params.top_miner_vesting_period",
        // f653fa57: collateral_per_weight_unit 1 -> 4.2.
        "inference.params.collateral_params.collateral_per_weight_unit.value",
        "inference.params.collateral_params.collateral_per_weight_unit.exponent",
        // 845d52fc: initial epoch reward 285,000 -> 323,000 GNK.
        "inference.params.bitcoin_reward_params.initial_epoch_reward",
        // 845d52fc: originator 160M -> 200M, top reward 120M -> 0, standard 600M -> 680M GNK.
        "inference.genesis_only_params.originator_supply",
        "inference.genesis_only_params.top_reward_amount",
        "inference.genesis_only_params.standard_reward_amount",
        // 72d9ed52 "Add guardians", eee9f220 "Correct format": three guardian validators.
        "inference.genesis_only_params.genesis_guardian_addresses",
        // f653fa57: transfer restrictions until block 1,555,000.
        "restrictions.params.restriction_end_block",
    ];
    assert_eq!(paths, expected);
}

#[test]
fn default_sections_are_in_init_order_and_decode_to_themselves() {
    let app = default_app_state("ngonka");
    let draft = draft_app_state();
    let ours: Vec<&String> = app.as_object().expect("object").keys().collect();
    let theirs: Vec<&String> = draft.as_object().expect("object").keys().collect();
    assert_eq!(ours, theirs);
    let decoded = decode_app_state(&app).expect("the default decodes");
    assert_eq!(serde_json::to_string(&decoded.into_value()).ok(), serde_json::to_string(&app).ok());
}

#[test]
fn untouched_sections_equal_the_draft_byte_for_byte() {
    let app = default_app_state("ngonka");
    let draft = draft_app_state();
    for module in [
        "staking",
        "slashing",
        "mint",
        "crisis",
        "ibc",
        "transfer",
        "interchainaccounts",
        "wasm",
        "bls",
        "collateral",
        "streamvesting",
        "capability",
        "group",
    ] {
        assert_eq!(serde_json::to_string(&app[module]).ok(), serde_json::to_string(&draft[module]).ok(), "{module}");
    }
}

#[test]
fn bond_denom_reaches_the_modules_that_use_sdk_default_bond_denom() {
    let app = default_app_state("uatom");
    assert_eq!(app["staking"]["params"]["bond_denom"], json!("uatom"));
    assert_eq!(app["mint"]["params"]["mint_denom"], json!("uatom"));
    assert_eq!(app["crisis"]["constant_fee"]["denom"], json!("uatom"));
    assert_eq!(app["gov"]["params"]["min_deposit"][0]["denom"], json!("uatom"));
    // gonka's supply denom is a constant (x/inference/types/coin.go BaseCoin), not the bond denom.
    assert_eq!(app["inference"]["genesis_only_params"]["supply_denom"], json!("ngonka"));
}

#[test]
fn default_cw20_code_id_is_zero_and_code_is_the_fixtures() {
    let app = default_app_state("ngonka");
    assert_eq!(app["inference"]["cosm_wasm_params"]["cw20_code_id"], json!("0"));
    assert_eq!(
        app["inference"]["cosm_wasm_params"]["cw20_code"],
        draft_app_state()["inference"]["cosm_wasm_params"]["cw20_code"]
    );
    assert!(canonical_section("inference", &app["inference"]).is_ok());
}
