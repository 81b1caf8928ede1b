//! The stand-in's InitChain checks and validator power on the real mainnet draft genesis and
//! the three published gentxs (`fixtures/gonka-mainnet`): the real files pass, and a copy with
//! one defect fails with the real daemon's message, naming its module and JSON path.

mod support;

use cosmos_formats::genesis_checks::check;
use cosmos_formats::{ChainSettings, GenTx, Genesis};
use rstest::rstest;
use serde_json::{json, Value};
use std::path::PathBuf;

const CHAIN: ChainSettings = ChainSettings::INFERENCED;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/gonka-mainnet")
}

fn draft() -> Value {
    serde_json::from_slice(&std::fs::read(fixtures().join("genesis-draft.json")).unwrap()).unwrap()
}

fn gentxs() -> Vec<GenTx> {
    let mut out = Vec::new();
    for dir in ["gonka-1", "gonka-2", "gonka-3"] {
        for e in std::fs::read_dir(fixtures().join("validators").join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().unwrap().to_string_lossy().starts_with("gentx-") {
                out.push(GenTx::parse(&std::fs::read(p).unwrap()).unwrap());
            }
        }
    }
    assert_eq!(out.len(), 3);
    out
}

fn genesis(v: Value) -> Genesis {
    Genesis::parse(&serde_json::to_vec(&v).unwrap(), "genesis.json").unwrap()
}

fn with_gentxs(v: Value) -> Genesis {
    let mut g = genesis(v);
    g.set_gen_txs(&gentxs()).unwrap();
    g
}

#[test]
fn the_real_draft_passes_and_so_does_it_with_the_real_gentxs() {
    check(&genesis(draft()), &CHAIN, "gonka").unwrap();
    check(&with_gentxs(draft()), &CHAIN, "gonka").unwrap();
}

/// Each real gentx self-delegates 1ngonka: power 1 each under inferenced's reduction of 1, none
/// under the SDK's default 10^6 (what made the stand-in refuse the real genesis before).
#[test]
fn the_real_gentxs_make_three_validators_of_power_one() {
    let g = with_gentxs(draft());
    let set = g.validators(&CHAIN).unwrap();
    assert_eq!(set.iter().map(|v| (v.tokens, v.power)).collect::<Vec<_>>(), vec![(1, 1); 3]);
    assert!(g.validators(&ChainSettings::SDK_DEFAULT).unwrap().is_empty());
}

fn set(v: &mut Value, pointer: &str, new: Value) {
    *v.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer}")) = new;
}

fn no_denom_metadata(v: &mut Value) {
    set(v, "/app_state/bank/denom_metadata", json!([]));
}
fn model_not_proposed_by_genesis(v: &mut Value) {
    set(v, "/app_state/inference/model_list/1/proposed_by", json!("gonka1someone"));
}
fn supply_off_by_one(v: &mut Value) {
    set(v, "/app_state/bank/supply/0/amount", json!("320000000000000012"));
}
fn duplicate_balance(v: &mut Value) {
    let first = v["app_state"]["bank"]["balances"][0].clone();
    v["app_state"]["bank"]["balances"].as_array_mut().unwrap().push(first);
}
fn zero_balance(v: &mut Value) {
    set(v, "/app_state/bank/balances/2/coins/0/amount", json!("0"));
}
fn foreign_prefix_balance(v: &mut Value) {
    set(v, "/app_state/bank/balances/0/address", json!("cosmos19rl4cm2hmr8afy4kldpxz3fka4jguq0auqdal4"));
}
fn metadata_display_missing(v: &mut Value) {
    set(v, "/app_state/bank/denom_metadata/0/display", json!("kgonka"));
}
fn validation_params_missing(v: &mut Value) {
    v["app_state"]["inference"]["params"].as_object_mut().unwrap().remove("validation_params");
}
fn grant_of_unknown_type(v: &mut Value) {
    set(
        v,
        "/app_state/authz/authorization",
        json!([{
        "granter": "gonka1k4swv40ur28fvu54p8mskjj4lxkgsj07u9f8ny", "grantee": "gonka19rl4cm2hmr8afy4kldpxz3fka4jguq0av42rch",
        "authorization": {"@type": "/cosmos.authz.v1beta1.NoSuchAuthorization"}, "expiration": "2099-01-01T00:00:00Z"}]),
    );
}
fn grant_to_a_bad_address(v: &mut Value) {
    set(
        v,
        "/app_state/authz/authorization",
        json!([{
        "granter": "gonka1k4swv40ur28fvu54p8mskjj4lxkgsj07u9f8ny", "grantee": "gonka1notanaddress",
        "authorization": {"@type": "/cosmos.authz.v1beta1.GenericAuthorization", "msg": "/x"}, "expiration": "2099-01-01T00:00:00Z"}]),
    );
}
fn grant_without_granter(v: &mut Value) {
    set(
        v,
        "/app_state/authz/authorization",
        json!([{
        "granter": "", "grantee": "gonka19rl4cm2hmr8afy4kldpxz3fka4jguq0av42rch",
        "authorization": {"@type": "/cosmos.authz.v1beta1.GenericAuthorization", "msg": "/x"}}]),
    );
}
#[rstest]
#[case::no_denom_metadata(no_denom_metadata, "inference: app_state.bank.denom_metadata: BaseCoin denom not found")]
#[case::model(
    model_not_proposed_by_genesis,
    "inference: app_state.inference.model_list[1].proposed_by: At genesis all model.ProposedBy are expected to be \"genesis\"."
)]
#[case::supply(
    supply_off_by_one,
    "bank: app_state.bank.supply: genesis supply is incorrect, expected 320000000000000012ngonka, got 320000000000000011ngonka"
)]
#[case::dup_balance(duplicate_balance, "bank: app_state.bank.balances[55]: duplicate balance for address gonka1")]
#[case::zero(zero_balance, "bank: app_state.bank.balances[2].coins[0]: coin 0ngonka amount is not positive")]
#[case::prefix(
    foreign_prefix_balance,
    "bank: app_state.bank.balances[0].address: invalid Bech32 prefix; expected gonka, got cosmos"
)]
#[case::metadata(
    metadata_display_missing,
    "bank: app_state.bank.denom_metadata[0]: metadata must contain a denomination unit with display denom 'kgonka'"
)]
#[case::params(
    validation_params_missing,
    "inference: app_state.inference.params.validation_params: validation params cannot be nil"
)]
#[case::grant_type(
    grant_of_unknown_type,
    "authz: app_state.authz.authorization[0].authorization: unable to resolve type URL /cosmos.authz.v1beta1.NoSuchAuthorization"
)]
#[case::grant_addr(grant_to_a_bad_address, "authz: app_state.authz.authorization[0].grantee: decoding bech32 failed")]
#[case::grant_granter(
    grant_without_granter,
    "authz: app_state.authz.authorization[0]: authorization: 0,missing granter"
)]
fn a_copy_with_one_defect_is_refused_with_the_real_message(#[case] defect: fn(&mut Value), #[case] expected: &str) {
    let mut v = draft();
    defect(&mut v);
    let err = check(&genesis(v), &CHAIN, "gonka").unwrap_err().to_string();
    assert!(err.starts_with(expected), "got {err:?}, expected it to start with {expected:?}");
    assert!(!err.contains('\n'));
}

#[test]
fn the_first_failure_is_the_one_the_real_init_genesis_order_meets_first() {
    // bank runs before inference: with both defects the supply is what is reported.
    let mut v = draft();
    supply_off_by_one(&mut v);
    no_denom_metadata(&mut v);
    let err = check(&genesis(v), &CHAIN, "gonka").unwrap_err().to_string();
    assert!(err.starts_with("bank: "), "{err}");
}

#[test]
fn amounts_are_read_as_go_big_ints() {
    // 0x_64 and 1_00 are 100 for math.Int: the supply still adds up when written both ways.
    let mut v = draft();
    let balance: u128 = v["app_state"]["bank"]["balances"][0]["coins"][0]["amount"].as_str().unwrap().parse().unwrap();
    set(&mut v, "/app_state/bank/balances/0/coins/0/amount", json!(format!("0x{balance:x}")));
    check(&genesis(v.clone()), &CHAIN, "gonka").unwrap();
    set(&mut v, "/app_state/bank/balances/0/coins/0/amount", json!(format!("0{:o}", balance + 1)));
    let err = check(&genesis(v), &CHAIN, "gonka").unwrap_err().to_string();
    assert!(
        err.contains("genesis supply is incorrect, expected 320000000000000011ngonka, got 320000000000000012ngonka"),
        "{err}"
    );
}

#[test]
fn expired_grants_are_skipped_as_the_authz_keeper_skips_them() {
    let mut v = draft();
    set(
        &mut v,
        "/app_state/authz/authorization",
        json!([{
        "granter": "gonka1k4swv40ur28fvu54p8mskjj4lxkgsj07u9f8ny", "grantee": "gonka1notanaddress",
        "authorization": {"@type": "/cosmos.authz.v1beta1.GenericAuthorization", "msg": "/x"}, "expiration": "2000-01-01T00:00:00Z"}]),
    );
    check(&genesis(v), &CHAIN, "gonka").unwrap();
}

#[test]
fn a_gentx_signed_for_another_chain_is_refused_by_genutil() {
    let mut v = draft();
    set(&mut v, "/chain_id", json!("gonka-testnet"));
    let g = with_gentxs(v);
    let err = check(&g, &CHAIN, "gonka").unwrap_err().to_string();
    assert!(err.starts_with("genutil: app_state.genutil.gen_txs: gentx 0"), "{err}");
}

/// A genesis of our own with validators self-delegating `amounts` (one key each, signed for
/// real, each account funded with exactly its delegation).
fn own_validators(amounts: &[u128]) -> Genesis {
    use cosmos_formats::gentx::{default_commission, Description, GentxParams};
    use cosmos_formats::hd::AccountKey;
    use cosmos_formats::{Coin, Coins, ConsensusPubKey};
    let chain_id = "gonka-mainnet".parse().unwrap();
    let denom: cosmos_formats::Denom = "ngonka".parse().unwrap();
    let mut g = support::ceremony_genesis("2026-01-01T00:00:00Z");
    let mut txs = Vec::new();
    for (i, amount) in amounts.iter().enumerate() {
        let (_, key) = AccountKey::generate(&CHAIN.hd_path).unwrap();
        let coin = Coin::new(*amount, denom.clone());
        g.add_account(&key.address().to_bech32("gonka").unwrap(), &Coins::new(vec![coin.clone()]).unwrap()).unwrap();
        let (rate, max, change) = default_commission();
        let signing = ed25519_dalek::SigningKey::from_bytes(&[i as u8 + 1; 32]);
        let consensus = ConsensusPubKey::from_base64(&base64_of(signing.verifying_key().as_bytes())).unwrap();
        txs.push(
            GenTx::build(GentxParams {
                key: &key,
                account_prefix: "gonka",
                chain_id: &chain_id,
                description: Description {
                    moniker: format!("v{i}"),
                    identity: String::new(),
                    website: String::new(),
                    security_contact: String::new(),
                    details: String::new(),
                },
                consensus_pubkey: consensus,
                amount: coin,
                commission_rate: rate,
                commission_max_rate: max,
                commission_max_change_rate: change,
                min_self_delegation: 1,
                memo: String::new(),
            })
            .unwrap(),
        );
    }
    g.set_gen_txs(&txs).unwrap();
    g
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

const MAX: u128 = 1_152_921_504_606_846_975;

#[test]
fn a_validator_at_cometbfts_cap_is_accepted_one_above_is_refused() {
    assert_eq!(own_validators(&[MAX]).validators(&CHAIN).unwrap()[0].power, MAX as u64);
    let err = own_validators(&[MAX + 1]).validators(&CHAIN).unwrap_err().to_string();
    assert!(
        err.ends_with(&format!(
            "to prevent clipping/overflow, voting power can't be higher than {MAX}, got {}",
            MAX + 1
        )),
        "{err}"
    );
}

#[test]
fn a_power_beyond_int64_is_the_sdks_panic() {
    let err = own_validators(&[i64::MAX as u128 + 1]).validators(&CHAIN).unwrap_err().to_string();
    assert!(err.ends_with("Int64() out of bound"), "{err}");
}

#[test]
fn validators_each_under_the_cap_but_summing_over_it_are_refused() {
    let err = own_validators(&[MAX / 2 + 1, MAX / 2 + 1]).validators(&CHAIN).unwrap_err().to_string();
    assert_eq!(err, format!("total voting power of resulting valset exceeds max {MAX}"));
    // The same through InitChain's checks, named by module.
    let err = check(&own_validators(&[MAX / 2 + 1, MAX / 2 + 1]), &CHAIN, "gonka").unwrap_err().to_string();
    assert!(err.starts_with("genutil: app_state.genutil.gen_txs: total voting power"), "{err}");
}

#[test]
fn amounts_beyond_128_bits_are_math_ints_and_still_add_up() {
    use cosmos_formats::math_int::parse_math_int;
    let mut v = draft();
    let big = parse_math_int(&format!("0x1{}", "0".repeat(50))).unwrap().magnitude; // 2^200
    let add = |p: &str, v: &mut Value| {
        let old = parse_math_int(v.pointer(p).unwrap().as_str().unwrap()).unwrap().magnitude;
        set(v, p, json!(old.checked_add(big).unwrap().to_string()));
    };
    add("/app_state/bank/balances/0/coins/0/amount", &mut v);
    add("/app_state/bank/supply/0/amount", &mut v);
    check(&genesis(v.clone()), &CHAIN, "gonka").unwrap();
    add("/app_state/bank/supply/0/amount", &mut v);
    let err = check(&genesis(v), &CHAIN, "gonka").unwrap_err().to_string();
    assert!(err.starts_with("bank: app_state.bank.supply: genesis supply is incorrect, expected 32138"), "{err}");
}

fn listed_validator(jailed: bool, status: &str, shares: &str) -> Value {
    json!({
        "operator_address": "gonkavaloper1y2a9p56kv044327uycmqdexl7zs82fs5lyang5",
        "consensus_pubkey": {"@type": "/cosmos.crypto.ed25519.PubKey", "key": "11Amn2PJc/e2NDKG0fsTrNiR/3F/o/kXf85OXamr1Zs="},
        "jailed": jailed, "status": status, "tokens": "1", "delegator_shares": shares,
        "description": {"moniker": "listed"}
    })
}

#[rstest]
#[case::jailed(
    vec![listed_validator(true, "BOND_STATUS_BONDED", "1.000000000000000000")],
    "staking: app_state.staking.validators[0]: validator is bonded and jailed in genesis state: moniker listed, address gonkavalcons1"
)]
#[case::zero_shares(
    vec![listed_validator(false, "BOND_STATUS_BONDED", "0.000000000000000000")],
    "staking: app_state.staking.validators[0]: bonded/unbonded genesis validator cannot have zero delegator shares"
)]
#[case::twice(
    vec![listed_validator(false, "BOND_STATUS_BONDED", "1.0"), listed_validator(false, "BOND_STATUS_UNBONDED", "1.0")],
    "staking: app_state.staking.validators[1]: duplicate validator in genesis state: moniker listed, address gonkavalcons1"
)]
fn listed_staking_validators_are_checked_as_staking_validate_genesis_does(
    #[case] validators: Vec<Value>,
    #[case] expected: &str,
) {
    let mut v = draft();
    set(&mut v, "/app_state/staking/validators", Value::Array(validators));
    let err = check(&genesis(v), &CHAIN, "gonka").unwrap_err().to_string();
    assert!(err.starts_with(expected), "got {err:?}");
}

#[test]
fn a_jailed_validator_that_is_not_bonded_is_allowed() {
    let mut v = draft();
    set(&mut v, "/app_state/staking/validators", json!([listed_validator(true, "BOND_STATUS_UNBONDED", "1.0")]));
    check(&genesis(v), &CHAIN, "gonka").unwrap();
}
