//! Bad input: one `Error:` line naming what is wrong, a non-zero exit, and the genesis file
//! byte-identical afterwards.

mod support;

use rstest::rstest;
use support::*;

fn flip_signature(c: &Ceremony) {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let path = &c.gentx_files()[1];
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let mut sig = b64.decode(v["signatures"][0].as_str().unwrap()).unwrap();
    sig[5] ^= 0x80;
    v["signatures"][0] = b64.encode(sig).into();
    std::fs::write(path, serde_json::to_string(&v).unwrap()).unwrap();
}

struct Case {
    /// What to break before running the command.
    setup: fn(&Ceremony),
    /// The command, with `{coord}`, `{val}`, `{kr}`, `{addr}` placeholders.
    args: &'static [&'static str],
    /// Which genesis must come out unchanged: the coordinator's or validator 0's.
    genesis_of_validator: bool,
    expect: &'static str,
}

fn run_case(case: Case) {
    let c = Ceremony::with_gentxs(2);
    (case.setup)(&c);
    let genesis_path = if case.genesis_of_validator { c.validators[0].genesis() } else { c.coordinator.genesis() };
    let before = std::fs::read(&genesis_path).ok();
    let addr = c.validators[0].address();
    let pubkey = pubkey_base64(&ok(&["tendermint", "show-validator", "--home", c.validators[0].home()]));
    let warm = c.validators[0].warm_address();
    let missing = c.root().join("no-such-home");
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| {
            a.replace("{coord}", c.coordinator.home())
                .replace("{val}", c.validators[0].home())
                .replace("{kr}", c.validators[0].keyring())
                .replace("{addr}", &addr)
                .replace("{pubkey}", &pubkey)
                .replace("{warm}", &warm)
                .replace("{missing}", missing.to_str().unwrap())
        })
        .collect();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = simchaind(&refs, None, &[]);
    let line = out.error_line();
    assert_eq!(out.code, Some(1));
    assert!(line.contains(case.expect), "expected {:?} in {line:?}", case.expect);
    assert_eq!(std::fs::read(&genesis_path).ok(), before, "genesis changed");
}

fn nothing(_: &Ceremony) {}

#[rstest]
#[case::missing_home(Case { setup: nothing, args: &["genesis", "add-genesis-account", "{addr}", "1ngonka", "--home", "{missing}"], genesis_of_validator: false, expect: "no such file" })]
#[case::malformed_genesis_json(Case {
    setup: |c| std::fs::write(c.coordinator.genesis(), "{\"chain_id\": \"gonka-mainnet\", ").unwrap(),
    args: &["genesis", "add-genesis-account", "{addr}", "1ngonka", "--home", "{coord}"], genesis_of_validator: false, expect: "malformed genesis JSON" })]
#[case::duplicate_account(Case { setup: nothing, args: &["genesis", "add-genesis-account", "{addr}", "5ngonka", "--home", "{coord}"], genesis_of_validator: false, expect: "already exists" })]
#[case::duplicate_account_says_use_append(Case { setup: nothing, args: &["genesis", "add-genesis-account", "{addr}", "5ngonka", "--home", "{coord}"], genesis_of_validator: false, expect: "Use `append` flag to append account at existing address" })]
#[case::vesting_over_amount(Case { setup: nothing, args: &["genesis", "add-genesis-account", "gonka18299ldv2cym0gh5spmm6yncv3at3qgn0t7km5w", "5ngonka", "--vesting-amount", "6ngonka", "--vesting-end-time", "1881894000", "--home", "{coord}"], genesis_of_validator: false, expect: "vesting amount cannot be greater than total amount" })]
#[case::vesting_without_end(Case { setup: nothing, args: &["genesis", "add-genesis-account", "gonka18299ldv2cym0gh5spmm6yncv3at3qgn0t7km5w", "5ngonka", "--vesting-amount", "5ngonka", "--vesting-start-time", "1755750000", "--home", "{coord}"], genesis_of_validator: false, expect: "invalid vesting parameters; must supply start and end time or end time" })]
#[case::vesting_bad_amount(Case { setup: nothing, args: &["genesis", "add-genesis-account", "gonka18299ldv2cym0gh5spmm6yncv3at3qgn0t7km5w", "5ngonka", "--vesting-amount", "five", "--vesting-end-time", "1881894000", "--home", "{coord}"], genesis_of_validator: false, expect: "failed to parse vesting amount" })]
#[case::bad_coins(Case { setup: nothing, args: &["genesis", "add-genesis-account", "{addr}", "5", "--home", "{coord}"], genesis_of_validator: false, expect: "invalid coin" })]
#[case::unknown_key(Case { setup: nothing, args: &["genesis", "gentx", "nobody", "1000000ngonka", "--chain-id", "gonka-mainnet", "--ml-operational-address", "{warm}", "--url", "http://localhost:9000", "--home", "{val}", "--keyring-backend", "test", "--keyring-dir", "{kr}"], genesis_of_validator: true, expect: "nobody is not a valid name or address: decoding bech32 failed" })]
#[case::wrong_chain_id(Case { setup: nothing, args: &["genesis", "gentx", "val-0", "1000000ngonka", "--chain-id", "gonka-testnet", "--ml-operational-address", "{warm}", "--url", "http://localhost:9000", "--home", "{val}", "--keyring-backend", "test", "--keyring-dir", "{kr}"], genesis_of_validator: true, expect: "does not match the genesis chain id" })]
#[case::no_chain_id_signs_for_the_default_inference(Case { setup: |c| { ok(&["config", "set", "client", "chain-id", "", "--home", c.validators[0].home()]); }, args: &["genesis", "gentx", "val-0", "1000000ngonka", "--pubkey", "{pubkey}", "--ml-operational-address", "{warm}", "--url", "http://localhost:9000", "--home", "{val}", "--keyring-backend", "test", "--keyring-dir", "{kr}"], genesis_of_validator: true, expect: "--chain-id inference does not match" })]
#[case::json_pubkey(Case { setup: nothing, args: &["genesis", "gentx", "val-0", "1000000ngonka", "--chain-id", "gonka-mainnet", "--pubkey", "{\"@type\":\"/cosmos.crypto.ed25519.PubKey\",\"key\":\"AAAA\"}", "--ml-operational-address", "{warm}", "--url", "http://localhost:9000", "--home", "{val}", "--keyring-backend", "test", "--keyring-dir", "{kr}"], genesis_of_validator: true, expect: "invalid --pubkey" })]
#[case::short_pubkey(Case { setup: nothing, args: &["genesis", "gentx", "val-0", "1000000ngonka", "--chain-id", "gonka-mainnet", "--pubkey", "AAAA", "--ml-operational-address", "{warm}", "--url", "http://localhost:9000", "--home", "{val}", "--keyring-backend", "test", "--keyring-dir", "{kr}"], genesis_of_validator: true, expect: "invalid --pubkey" })]
#[case::missing_url(Case { setup: nothing, args: &["genesis", "gentx", "val-0", "1000000ngonka", "--chain-id", "gonka-mainnet", "--pubkey", "{pubkey}", "--ml-operational-address", "{warm}", "--home", "{val}", "--keyring-backend", "test", "--keyring-dir", "{kr}"], genesis_of_validator: true, expect: "required flag(s) \"url\" not set" })]
#[case::missing_warm_key(Case { setup: nothing, args: &["genesis", "gentx", "val-0", "1000000ngonka", "--chain-id", "gonka-mainnet", "--pubkey", "{pubkey}", "--url", "http://localhost:9000", "--home", "{val}", "--keyring-backend", "test", "--keyring-dir", "{kr}"], genesis_of_validator: true, expect: "required flag(s) \"ml-operational-address\" not set" })]
#[case::warm_key_of_another_chain(Case { setup: nothing, args: &["genesis", "gentx", "val-0", "1000000ngonka", "--chain-id", "gonka-mainnet", "--pubkey", "{pubkey}", "--ml-operational-address", "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu", "--url", "http://localhost:9000", "--home", "{val}", "--keyring-backend", "test", "--keyring-dir", "{kr}"], genesis_of_validator: true, expect: "invalid --ml-operational-address" })]
#[case::unknown_flag(Case { setup: nothing, args: &["genesis", "gentx", "val-0", "1000000ngonka", "--chain-id", "gonka-mainnet", "--pubkey", "{pubkey}", "--ml-operational-address", "{warm}", "--url", "http://localhost:9000", "--warm-key", "x", "--home", "{val}", "--keyring-backend", "test", "--keyring-dir", "{kr}"], genesis_of_validator: true, expect: "unknown flag: --warm-key" })]
#[case::amount_above_balance(Case { setup: nothing, args: &["genesis", "gentx", "val-0", "2000000001ngonka", "--chain-id", "gonka-mainnet", "--pubkey", "{pubkey}", "--ml-operational-address", "{warm}", "--url", "http://localhost:9000", "--home", "{val}", "--keyring-backend", "test", "--keyring-dir", "{kr}"], genesis_of_validator: true, expect: "insufficient fund" })]
#[case::second_gentx_for_the_same_node(Case { setup: nothing, args: &["genesis", "gentx", "val-0", "1000000ngonka", "--chain-id", "gonka-mainnet", "--pubkey", "{pubkey}", "--ml-operational-address", "{warm}", "--url", "http://localhost:9000", "--home", "{val}", "--keyring-backend", "test", "--keyring-dir", "{kr}"], genesis_of_validator: true, expect: "file already exists" })]
#[case::gentx_with_a_bad_signature(Case { setup: flip_signature, args: &["genesis", "collect-gentxs", "--home", "{coord}"], genesis_of_validator: false, expect: "signature does not verify" })]
#[case::duplicate_gentx(Case {
    setup: |c| { let f = &c.gentx_files()[0]; std::fs::copy(f, f.with_file_name("zz-copy.json")).unwrap(); },
    args: &["genesis", "collect-gentxs", "--home", "{coord}"], genesis_of_validator: false, expect: "duplicate consensus public key" })]
#[case::init_over_an_existing_genesis(Case { setup: nothing, args: &["init", "again", "--chain-id", "gonka-mainnet", "--home", "{coord}"], genesis_of_validator: false, expect: "genesis.json file already exists" })]
#[case::validate_a_corrupt_genesis(Case {
    setup: |c| { let p = c.coordinator.genesis(); let t = std::fs::read_to_string(&p).unwrap(); std::fs::write(&p, t.replacen("2000000000", "2000000001", 1)).unwrap(); },
    args: &["genesis", "validate", "--home", "{coord}"], genesis_of_validator: false, expect: "bank: app_state.bank.supply: genesis supply is incorrect, expected 4000000000ngonka, got 4000000001ngonka" })]
fn bad_input_is_refused_and_changes_nothing(#[case] case: Case) {
    run_case(case);
}

#[test]
fn the_failing_file_is_named_when_collect_refuses_a_gentx() {
    let c = Ceremony::with_gentxs(2);
    flip_signature(&c);
    let bad = c.gentx_files()[1].file_name().unwrap().to_string_lossy().into_owned();
    let out = simchaind(&["genesis", "collect-gentxs", "--home", c.coordinator.home()], None, &[]);
    assert!(out.error_line().contains(&bad), "{}", out.stderr);
}
