//! The real mainnet draft (`fixtures/gonka-mainnet/genesis-draft.json`) against the decoder, and
//! copies of it with one defect each.

use app_genesis::{canonical_section, decode_app_state, DecodeError};
use serde_json::{json, Value};

fn draft_app_state() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/gonka-mainnet/genesis-draft.json");
    let text = std::fs::read_to_string(path).expect("fixture readable");
    let genesis: Value = serde_json::from_str(&text).expect("fixture is JSON");
    genesis["app_state"].clone()
}

fn refused(edit: impl FnOnce(&mut Value)) -> String {
    let mut app = draft_app_state();
    edit(&mut app);
    match decode_app_state(&app) {
        Ok(_) => panic!("defective app_state accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn mainnet_draft_decodes() {
    let app = draft_app_state();
    if let Err(e) = decode_app_state(&app) {
        panic!("{e}");
    }
}

#[test]
fn auth_and_bank_written_by_add_genesis_account_are_canonical() {
    let app = draft_app_state();
    for module in ["auth", "bank"] {
        let canonical = canonical_section(module, &app[module]).expect("decodes");
        assert_eq!(canonical, app[module], "{module} re-encodes differently");
        assert_eq!(
            serde_json::to_string(&canonical).expect("serializes"),
            serde_json::to_string(&app[module]).expect("serializes"),
            "{module}: key order differs"
        );
    }
}

#[test]
fn denom_metadata_gains_uri_and_uri_hash() {
    let mut bank = draft_app_state()["bank"].clone();
    let meta = bank["denom_metadata"][0].as_object_mut().expect("object");
    meta.remove("uri");
    meta.remove("uri_hash");
    let canonical = canonical_section("bank", &bank).expect("decodes");
    assert_eq!(canonical["denom_metadata"][0]["uri"], json!(""));
    assert_eq!(canonical["denom_metadata"][0]["uri_hash"], json!(""));
    assert_eq!(canonical, draft_app_state()["bank"]);
}

#[test]
fn camel_case_names_and_quoted_numbers_are_accepted_and_canonicalised() {
    let bank = json!({"params": {"defaultSendEnabled": true}, "denomMetadata": [{"denomUnits": [{"denom": "x", "exponent": "3"}]}]});
    let canonical = canonical_section("bank", &bank).expect("decodes");
    assert_eq!(canonical["params"], json!({"send_enabled": [], "default_send_enabled": true}));
    assert_eq!(canonical["denom_metadata"][0]["denom_units"][0]["exponent"], json!(3));
}

#[test]
fn gov_amounts_with_underscores_and_go_durations_canonicalise() {
    let gov = canonical_section("gov", &draft_app_state()["gov"]).expect("decodes");
    assert_eq!(gov["params"]["min_deposit"][0]["amount"], json!("25000000"));
    assert_eq!(gov["params"]["voting_period"], json!("172800s"));
    assert_eq!(gov["params"]["max_deposit_period"], json!("172800s"));
    assert_eq!(gov["deposit_params"], Value::Null);
}

#[test]
fn unknown_field_in_inference_params() {
    let e = refused(|a| a["inference"]["params"]["epoch_params"]["epoch_lenght"] = json!("1"));
    assert!(e.starts_with("inference: params.epoch_params.epoch_lenght: unknown field"), "{e}");
}

#[test]
fn string_where_a_number_belongs() {
    let e = refused(|a| a["staking"]["params"]["max_validators"] = json!("abc"));
    assert_eq!(e, "staking: params.max_validators: \"abc\" is not an integer");
}

#[test]
fn number_out_of_range() {
    let e = refused(|a| a["staking"]["params"]["max_validators"] = json!(4294967296u64));
    assert!(e.starts_with("staking: params.max_validators: 4294967296 is out of range"), "{e}");
}

#[test]
fn malformed_int() {
    let e = refused(|a| a["bank"]["supply"][0]["amount"] = json!("12x"));
    assert_eq!(e, "bank: supply[0].amount: \"12x\" is not an integer");
}

#[test]
fn malformed_dec() {
    let e = refused(|a| a["distribution"]["params"]["community_tax"] = json!("0.0200000000000000001"));
    assert!(e.starts_with("distribution: params.community_tax: \"0.0200000000000000001\" is not a decimal"), "{e}");
}

#[test]
fn malformed_duration() {
    let e = refused(|a| a["gov"]["params"]["voting_period"] = json!("2 days"));
    assert_eq!(e, "gov: params.voting_period: \"2 days\" is not a duration");
}

#[test]
fn null_for_a_non_nullable_int() {
    let e = refused(|a| a["bank"]["supply"][0]["amount"] = Value::Null);
    assert!(e.starts_with("bank: supply[0].amount: null is not allowed"), "{e}");
}

#[test]
fn unknown_account_type() {
    let e = refused(|a| a["auth"]["accounts"][1]["@type"] = json!("/cosmos.auth.v1beta1.FancyAccount"));
    assert!(
        e.starts_with(
            "auth: accounts[1].@type: \"/cosmos.auth.v1beta1.FancyAccount\" is not a registered implementation"
        ),
        "{e}"
    );
}

#[test]
fn account_without_type() {
    let e = refused(|a| {
        a["auth"]["accounts"][0].as_object_mut().expect("object").remove("@type");
    });
    assert_eq!(e, "auth: accounts[0]: Any has no \"@type\"");
}

#[test]
fn unknown_field_inside_an_account() {
    let e = refused(|a| a["auth"]["accounts"][2]["base_vesting_account"]["base_account"]["nonce"] = json!("0"));
    assert!(e.starts_with("auth: accounts[2].base_vesting_account.base_account.nonce: unknown field"), "{e}");
}

#[test]
fn pub_key_any_is_checked() {
    let key =
        json!({"@type": "/cosmos.crypto.secp256k1.PubKey", "key": "A+2J9HEy4BDlD5Wi0xPWG0B4NQSj0uRkyv8zDh/Bso8T"});
    let mut app = draft_app_state();
    app["auth"]["accounts"][0]["base_account"]["pub_key"] = key.clone();
    decode_app_state(&app).expect("a secp256k1 key is accepted");
    let e = refused(|a| {
        a["auth"]["accounts"][0]["base_account"]["pub_key"] =
            json!({"@type": "/cosmos.crypto.secp256k1.PubKey", "key": "not base64!"})
    });
    assert!(e.starts_with("auth: accounts[0].base_account.pub_key.key: \"not base64!\" is not base64"), "{e}");
}

#[test]
fn unknown_module_section() {
    let e = refused(|a| a["inferencee"] = json!({}));
    assert_eq!(e, "inferencee: unknown module section (inferenced has no such module)");
}

#[test]
fn module_without_genesis_takes_only_null() {
    let e = refused(|a| a["consensus"] = json!({}));
    assert!(e.starts_with("consensus: this module has no genesis state"), "{e}");
}

#[test]
fn enum_names_are_checked() {
    let mut app = draft_app_state();
    app["gov"]["proposals"] = json!([{"id": "1", "status": "PROPOSAL_STATUS_PASSED"}]);
    decode_app_state(&app).expect("a known status");
    let e = refused(|a| a["gov"]["proposals"] = json!([{"id": "1", "status": "PASSED"}]));
    assert!(e.starts_with("gov: proposals[0].status: \"PASSED\" is not a value of enum"), "{e}");
}

#[test]
fn authorization_any_is_checked() {
    let grant = json!({"granter": "a", "grantee": "b", "authorization": {"@type": "/cosmos.bank.v1beta1.SendAuthorization", "spend_limit": [{"denom": "ngonka", "amount": "5"}]}, "expiration": "2026-01-01T00:00:00Z"});
    let mut app = draft_app_state();
    app["authz"]["authorization"] = json!([grant]);
    decode_app_state(&app).expect("a send authorization is accepted");
    let e = refused(|a| {
        a["authz"]["authorization"] = json!([{"authorization": {"@type": "/cosmos.bank.v1beta1.MsgSend"}}])
    });
    assert!(e.starts_with("authz: authorization[0].authorization.@type: \"/cosmos.bank.v1beta1.MsgSend\" is not a registered implementation"), "{e}");
}

#[test]
fn wrong_json_kind_for_a_message() {
    let e = refused(|a| a["mint"]["params"] = json!([]));
    assert_eq!(e, "mint: params: an array is not an object");
}

#[test]
fn genesis_txs_must_be_objects() {
    let e = refused(|a| a["genutil"]["gen_txs"] = json!(["tx"]));
    assert_eq!(e, "genutil: gen_txs[0]: \"tx\" is not an object");
}

#[test]
fn not_an_object() {
    assert_eq!(decode_app_state(&json!([])), Err(DecodeError::NotAnObject));
}

#[test]
fn any_of_an_untranscribed_interface_is_refused_not_guessed() {
    let e = refused(|a| {
        a["gov"]["proposals"] = json!([{"id": "1", "messages": [{"@type": "/cosmos.bank.v1beta1.MsgSend"}]}]);
    });
    assert!(e.starts_with("gov: proposals[0].messages[0].@type: \"/cosmos.bank.v1beta1.MsgSend\" in an Any of interface cosmos.base.v1beta1.Msg: this decoder has no transcription"), "{e}");
}

#[test]
fn both_json_names_of_a_field_the_camel_one_wins() {
    let bank = json!({"params": {"default_send_enabled": false, "defaultSendEnabled": true}});
    let canonical = canonical_section("bank", &bank).expect("decodes");
    assert_eq!(canonical["params"]["default_send_enabled"], json!(true));
}
