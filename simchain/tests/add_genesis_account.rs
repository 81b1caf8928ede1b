//! `simchaind genesis add-genesis-account` with the real CLI's flags
//! (cosmos-sdk `x/genutil/client/cli/genaccount.go`): the vesting accounts gonka's
//! `add_founders_to_genesis.sh` makes, `--append`, `--module-name`.

mod support;

use serde_json::Value;
use support::*;

const FOUNDER: &str = "gonka18299ldv2cym0gh5spmm6yncv3at3qgn0t7km5w";
const DELAYED: &str = "gonka19fpma3577v3fnk8nxjkvg442ss8hvglxwqgzz6";

#[test]
fn vesting_flags_make_the_drafts_accounts_and_append_adds_coins() {
    let dir = testkit::temp_dir("add-genesis-account");
    let home = dir.path().join("home");
    let home = home.to_str().unwrap();
    ok(&["init", "coordinator", "--chain-id", "gonka-mainnet", "--default-denom", "ngonka", "--home", home]);
    merge_denom_metadata(home);
    let add = |args: &[&str]| {
        let mut a = vec!["genesis", "add-genesis-account"];
        a.extend_from_slice(args);
        a.extend(["--home", home]);
        ok(&a);
    };
    add(&["gonka1jv65s3grqf6v6jl3dp4t6c9t9rk99cd8h2rzwa", "1ngonka", "--module-name", "distribution"]);
    add(&[
        FOUNDER,
        "100470678000000000ngonka",
        "--vesting-amount",
        "100470678000000000ngonka",
        "--vesting-start-time",
        "1755750000",
        "--vesting-end-time",
        "1881894000",
    ]);
    add(&[DELAYED, "10ngonka", "--vesting-amount=4ngonka", "--vesting-end-time=1881894000"]);
    add(&[DELAYED, "5ngonka", "--append"]);

    let g: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("home/config/genesis.json")).unwrap()).unwrap();
    let draft: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/gonka-mainnet/genesis-draft.json"))
            .unwrap(),
    )
    .unwrap();
    let accounts = g["app_state"]["auth"]["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 3);
    // The module account and the founder, numbered 0 and 1 as in the draft.
    assert_eq!(
        accounts[0]["base_account"]["address"],
        draft["app_state"]["auth"]["accounts"][0]["base_account"]["address"]
    );
    assert_eq!(accounts[1], draft["app_state"]["auth"]["accounts"][1]);
    assert_eq!(accounts[2]["@type"], "/cosmos.vesting.v1beta1.DelayedVestingAccount");
    assert_eq!(accounts[2]["base_vesting_account"]["base_account"]["account_number"], "2");
    let balance_of = |a: &str| {
        g["app_state"]["bank"]["balances"].as_array().unwrap().iter().find(|b| b["address"] == a).unwrap()["coins"]
            .clone()
    };
    assert_eq!(balance_of(DELAYED), serde_json::json!([{"denom": "ngonka", "amount": "15"}]));
    assert_eq!(
        g["app_state"]["bank"]["supply"],
        serde_json::json!([{"denom": "ngonka", "amount": "100470678000000016"}])
    );
    ok(&["genesis", "validate", "--home", home]);
}

/// A coordinator's fresh home (`init`), its genesis edited by `edit` as jq would.
fn coordinator_with(tag: &str, edit: impl FnOnce(&mut Value)) -> (tempfile::TempDir, String, std::path::PathBuf) {
    let dir = testkit::temp_dir(tag);
    let home = dir.path().join("home").to_str().unwrap().to_string();
    ok(&["init", "coordinator", "--chain-id", "gonka-mainnet", "--default-denom", "ngonka", "--home", &home]);
    let path = dir.path().join("home/config/genesis.json");
    let mut g: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    edit(&mut g);
    std::fs::write(&path, serde_json::to_vec_pretty(&g).unwrap()).unwrap();
    (dir, home, path)
}

/// The real command re-marshals the auth and bank sections with the app's codec: gonka's
/// denom.json as jq merged it (no `uri`, `base` before `denom_units`) comes out in proto order
/// with its zero values, exactly as the mainnet draft has it.
#[test]
fn auth_and_bank_come_out_as_the_apps_codec_writes_them() {
    let (_dir, home, path) = coordinator_with("add-genesis-account-codec", |g| {
        g["app_state"]["bank"]["denom_metadata"] = serde_json::json!([{
            "description": "Coins for the Gonka network.", "base": "ngonka", "display": "ngonka", "name": "Gonka",
            "symbol": "GNK", "denom_units": [
                {"denom": "ngonka", "exponent": 0, "aliases": ["nanogonka"]},
                {"denom": "ugonka", "exponent": 3, "aliases": ["microgonka"]},
                {"denom": "mgonka", "exponent": 6, "aliases": ["milligonka"]},
                {"denom": "gonka", "exponent": 9, "aliases": []}]}]);
    });
    ok(&["genesis", "add-genesis-account", FOUNDER, "1ngonka", "--home", &home]);
    let g: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let draft: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/gonka-mainnet/genesis-draft.json"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&g["app_state"]["bank"]["denom_metadata"]).unwrap(),
        serde_json::to_string(&draft["app_state"]["bank"]["denom_metadata"]).unwrap()
    );
}

/// A bank section the app's codec cannot read is refused before anything is written, as the
/// real command's `GetGenesisStateFromAppState` (MustUnmarshalJSON) refuses it.
#[test]
fn a_bank_section_the_codec_refuses_is_not_written() {
    let (_dir, home, path) = coordinator_with("add-genesis-account-bad-bank", |g| {
        g["app_state"]["bank"]["params"]["default_send_enabeld"] = Value::Bool(true);
    });
    let before = std::fs::read(&path).unwrap();
    let out = simchaind(&["genesis", "add-genesis-account", FOUNDER, "1ngonka", "--home", &home], None, &[]);
    let err = out.error_line();
    assert!(err.contains("bank: params.default_send_enabeld: unknown field"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
