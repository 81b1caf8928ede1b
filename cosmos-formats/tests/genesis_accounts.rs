//! `Genesis::add_genesis_account`: the rules of cosmos-sdk `x/genutil/genaccounts.go`,
//! `x/auth/types/genesis.go` (SanitizeGenesisAccounts) and `x/bank/types/balance.go`
//! (SanitizeGenesisBalances), each checked by a case that fails without it.

mod support;

use cosmos_formats::genesis::{module_address, AccountOptions};
use cosmos_formats::{Address, Coins, Genesis, GenesisError};
use serde_json::{json, Value};

// Accounts of the gonka mainnet draft genesis (fixtures/gonka-mainnet/genesis-draft.json).
const FOUNDER: &str = "gonka18299ldv2cym0gh5spmm6yncv3at3qgn0t7km5w";
const OTHER: &str = "gonka19fpma3577v3fnk8nxjkvg442ss8hvglxwqgzz6";
const THIRD: &str = "gonka1qgstmj6k2xwx5p8s2p0ch2qd32lkgegqkcsljs";

fn genesis() -> Genesis {
    support::ceremony_genesis("2025-08-21T00:00:00Z")
}

fn coins(s: &str) -> Coins {
    s.parse().unwrap()
}

fn vesting(amount: &str, start: i64, end: i64) -> AccountOptions {
    AccountOptions { vesting_amount: Some(coins(amount)), vesting_start: start, vesting_end: end, ..Default::default() }
}

fn accounts(g: &Genesis) -> Vec<Value> {
    g.as_value()["app_state"]["auth"]["accounts"].as_array().unwrap().clone()
}

fn number(a: &Value) -> String {
    for p in ["/account_number", "/base_account/account_number", "/base_vesting_account/base_account/account_number"] {
        if let Some(n) = a.pointer(p) {
            return n.as_str().unwrap().to_string();
        }
    }
    panic!("no account number in {a}")
}

fn draft_account(address: &str) -> Value {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/gonka-mainnet/genesis-draft.json"))
            .unwrap();
    let draft: Value = serde_json::from_str(&text).unwrap();
    draft["app_state"]["auth"]["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a.pointer("/base_vesting_account/base_account/address").and_then(Value::as_str) == Some(address))
        .unwrap()
        .clone()
}

#[test]
fn a_continuous_vesting_account_is_the_drafts_json_exactly() {
    // The draft's founder: 100470678000000000ngonka vesting from 1755750000 to 1881894000,
    // account number 1 (after the distribution module account's 0).
    let mut g = genesis();
    g.add_genesis_account(THIRD, &coins("1ngonka"), &AccountOptions::default()).unwrap();
    let amount = coins("100470678000000000ngonka");
    g.add_genesis_account(FOUNDER, &amount, &vesting("100470678000000000ngonka", 1755750000, 1881894000)).unwrap();
    let ours = accounts(&g).into_iter().find(|a| number(a) == "1").unwrap();
    assert_eq!(ours, draft_account(FOUNDER));
    assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&draft_account(FOUNDER)).unwrap());
}

#[test]
fn end_time_only_makes_a_delayed_vesting_account() {
    let mut g = genesis();
    g.add_genesis_account(FOUNDER, &coins("10ngonka"), &vesting("4ngonka", 0, 1881894000)).unwrap();
    let a = &accounts(&g)[0];
    assert_eq!(
        a,
        &json!({"@type": "/cosmos.vesting.v1beta1.DelayedVestingAccount", "base_vesting_account": {
            "base_account": {"address": FOUNDER, "pub_key": null, "account_number": "0", "sequence": "0"},
            "original_vesting": [{"denom": "ngonka", "amount": "4"}], "delegated_free": [], "delegated_vesting": [],
            "end_time": "1881894000"}})
    );
}

#[test]
fn a_vesting_amount_above_the_total_is_refused_in_the_sdks_words() {
    for (total, vest) in [("5ngonka", "6ngonka"), ("5ngonka", "1stake"), ("5ngonka", "5ngonka,1stake")] {
        let mut g = genesis();
        let e = g.add_genesis_account(FOUNDER, &coins(total), &vesting(vest, 1, 2)).unwrap_err();
        assert_eq!(e.to_string(), "vesting amount cannot be greater than total amount", "{total} {vest}");
        assert!(accounts(&g).is_empty());
    }
}

#[test]
fn vesting_without_an_end_time_is_refused_in_the_sdks_words() {
    let mut g = genesis();
    let e = g.add_genesis_account(FOUNDER, &coins("5ngonka"), &vesting("5ngonka", 100, 0)).unwrap_err();
    assert_eq!(e.to_string(), "invalid vesting parameters; must supply start and end time or end time");
}

#[test]
fn a_start_not_before_the_end_is_refused() {
    let mut g = genesis();
    let e = g.add_genesis_account(FOUNDER, &coins("5ngonka"), &vesting("5ngonka", 100, 100)).unwrap_err();
    assert_eq!(e.to_string(), "failed to validate new genesis account: vesting start-time cannot be before end-time");
    let e = g.add_genesis_account(FOUNDER, &coins("5ngonka"), &vesting("5ngonka", 0, -5)).unwrap_err();
    assert_eq!(e.to_string(), "failed to create base vesting account: end time cannot be negative");
}

#[test]
fn a_zero_vesting_amount_is_no_vesting() {
    let mut g = genesis();
    g.add_genesis_account(FOUNDER, &coins("5ngonka"), &vesting("0ngonka", 1, 2)).unwrap();
    assert_eq!(accounts(&g)[0]["@type"], "/cosmos.auth.v1beta1.BaseAccount");
}

#[test]
fn an_existing_account_is_refused_without_append_in_the_sdks_words() {
    let mut g = genesis();
    g.add_account(FOUNDER, &coins("5ngonka")).unwrap();
    let e = g.add_account(FOUNDER, &coins("5ngonka")).unwrap_err();
    assert!(matches!(e, GenesisError::DuplicateAccount(_)));
    assert_eq!(
        e.to_string(),
        format!(" Account {FOUNDER} already exists\nUse `append` flag to append account at existing address")
    );
}

#[test]
fn append_grows_the_balance_and_the_supply_and_adds_no_account() {
    let mut g = genesis();
    g.add_account(FOUNDER, &coins("5ngonka")).unwrap();
    g.add_genesis_account(FOUNDER, &coins("7ngonka,3stake"), &AccountOptions { append: true, ..Default::default() })
        .unwrap();
    assert_eq!(accounts(&g).len(), 1);
    assert_eq!(g.balance(FOUNDER).unwrap().to_string(), "12ngonka,3stake");
    assert_eq!(
        g.as_value()["app_state"]["bank"]["supply"],
        json!([{"denom": "ngonka", "amount": "12"}, {"denom": "stake", "amount": "3"}])
    );
    g.validate().unwrap();
}

#[test]
fn new_accounts_take_the_lowest_unused_number_and_the_list_is_sorted_by_number() {
    let mut g = genesis();
    // A hand-placed account at number 1 (as a coordinator's edit would leave it).
    let auth = json!([{"@type": "/cosmos.auth.v1beta1.BaseAccount", "address": OTHER, "pub_key": null,
                       "account_number": "1", "sequence": "0"}]);
    let mut doc = g.as_value().clone();
    doc["app_state"]["auth"]["accounts"] = auth;
    g = Genesis::parse(&serde_json::to_vec(&doc).unwrap(), "test").unwrap();
    g.add_account(FOUNDER, &coins("1ngonka")).unwrap(); // 0 is free: it keeps 0
    g.add_account(THIRD, &coins("1ngonka")).unwrap(); // 0 taken, 1 taken: 2
    let list = accounts(&g);
    let got: Vec<(String, String)> =
        list.iter().map(|a| (number(a), a["address"].as_str().unwrap().to_string())).collect();
    assert_eq!(
        got,
        [("0".into(), FOUNDER.into()), ("1".into(), OTHER.into()), ("2".into(), THIRD.into())],
        "renumbered to the lowest unused number, then sorted by number"
    );
}

#[test]
fn balances_are_sorted_by_address_bytes_and_the_supply_is_the_sum() {
    let mut g = genesis();
    for a in [FOUNDER, OTHER, THIRD] {
        g.add_account(a, &coins("2ngonka")).unwrap();
    }
    let balances = g.as_value()["app_state"]["bank"]["balances"].as_array().unwrap().clone();
    let addrs: Vec<Vec<u8>> = balances
        .iter()
        .map(|b| Address::decode(b["address"].as_str().unwrap()).unwrap().1.as_bytes().to_vec())
        .collect();
    let mut sorted = addrs.clone();
    sorted.sort();
    assert_eq!(addrs, sorted);
    assert_ne!(
        balances.iter().map(|b| b["address"].as_str().unwrap()).collect::<Vec<_>>(),
        [FOUNDER, OTHER, THIRD],
        "the insertion order is not the byte order for these three, so this test can tell"
    );
    assert_eq!(g.as_value()["app_state"]["bank"]["supply"], json!([{"denom": "ngonka", "amount": "6"}]));
}

#[test]
fn a_module_account_lives_at_the_modules_address() {
    // The draft's distribution module account.
    assert_eq!(
        module_address("distribution").to_bech32("gonka").unwrap(),
        "gonka1jv65s3grqf6v6jl3dp4t6c9t9rk99cd8h2rzwa"
    );
    let mut g = genesis();
    let opts = AccountOptions { module_name: Some("distribution".into()), ..Default::default() };
    g.add_genesis_account(FOUNDER, &coins("1ngonka"), &opts).unwrap();
    let a = &accounts(&g)[0];
    assert_eq!(a["@type"], "/cosmos.auth.v1beta1.ModuleAccount");
    assert_eq!(a["base_account"]["address"], "gonka1jv65s3grqf6v6jl3dp4t6c9t9rk99cd8h2rzwa");
    assert_eq!(a["permissions"], json!(["burner", "minter"]));
}
