//! The offline part of a multi-validator genesis, driven through the real `simchaind` binary
//! exactly as operators run it, plus the known answers that pin its formats down.

mod support;

use cosmos_formats::gentx::GenTx;
use cosmos_formats::{ChainId, Genesis};
use serde_json::Value;
use std::collections::BTreeSet;
use support::*;

#[test]
fn three_validators_collect_into_a_valid_genesis() {
    let c = Ceremony::with_gentxs(3);
    ok(&["genesis", "collect-gentxs", "--home", c.coordinator.home()]);
    let out = ok(&["genesis", "validate", "--home", c.coordinator.home()]);
    assert!(out.contains("is a valid genesis file"), "{out}");

    let genesis = Genesis::load(&c.coordinator.genesis()).unwrap();
    let validators = genesis.validators(&simchain::CHAIN).unwrap();
    assert_eq!(validators.len(), 3);
    for v in &c.validators {
        let addr = v.address();
        assert_eq!(genesis.balance(&addr).unwrap().to_string(), "2000000000ngonka");
        let pubkey = ok(&["tendermint", "show-validator", "--home", v.home()]);
        assert!(validators.iter().any(|gv| gv.pubkey.to_json_string() == pubkey && gv.moniker == v.name));
    }
}

/// The second file of `genesis gentx` and `patch-genesis`, as the coordinator runs them after
/// collect-gentxs (gonka's genesis/README.md, phase 4).
#[test]
fn gentx_writes_a_genparticipant_of_the_mainnet_shape_and_patch_genesis_applies_it() {
    let c = Ceremony::with_gentxs(3);
    let dir = c.coordinator.home.join("config/genparticipant");
    std::fs::create_dir_all(&dir).unwrap();
    for v in &c.validators {
        for f in std::fs::read_dir(v.home.join("config/genparticipant")).unwrap() {
            let f = f.unwrap().path();
            let gentx_name = f.file_name().unwrap().to_string_lossy().replace("genparticipant-", "gentx-");
            assert!(v.home.join("config/gentx").join(gentx_name).exists(), "same node id in both names");
            std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
        }
    }
    // Same JSON shape and key order as gonka-1's real file.
    let ours: Value = serde_json::from_slice(
        &std::fs::read(std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path()).unwrap(),
    )
    .unwrap();
    let theirs = gonka_1("genparticipant-");
    let (mut a, mut b) = (BTreeSet::new(), BTreeSet::new());
    paths(&ours, "", &mut a);
    paths(&theirs, "", &mut b);
    assert_eq!(a, b);
    assert_eq!(ours["body"]["messages"].as_array().unwrap().len(), 26);

    ok(&["genesis", "collect-gentxs", "--home", c.coordinator.home()]);
    let before = Genesis::load(&c.coordinator.genesis()).unwrap().account_addresses().unwrap().len();
    ok(&["genesis", "patch-genesis", "--genparticipant-dir", dir.to_str().unwrap(), "--home", c.coordinator.home()]);
    ok(&["genesis", "validate", "--home", c.coordinator.home()]);
    let genesis = Genesis::load(&c.coordinator.genesis()).unwrap();
    let participants = genesis.participants();
    assert_eq!(participants.len(), 3);
    for v in &c.validators {
        let key = pubkey_base64(&ok(&["tendermint", "show-validator", "--home", v.home()]));
        assert!(participants.contains(&(v.address(), "http://localhost:9000".into(), key)));
        assert_eq!(genesis.grants(&v.address(), &v.warm_address()).len(), 25);
    }
    assert_eq!(genesis.account_addresses().unwrap().len(), before + 3, "one account per warm key");
}

#[test]
fn patch_genesis_refuses_a_genparticipant_signed_for_another_chain_and_changes_nothing() {
    let c = Ceremony::with_gentxs(1);
    let dir = c.coordinator.home.join("config/genparticipant");
    std::fs::create_dir_all(&dir).unwrap();
    let src =
        std::fs::read_dir(c.validators[0].home.join("config/genparticipant")).unwrap().next().unwrap().unwrap().path();
    let mut v: Value = serde_json::from_slice(&std::fs::read(&src).unwrap()).unwrap();
    v["body"]["messages"][0]["url"] = "http://elsewhere:9000".into();
    let bad = dir.join(src.file_name().unwrap());
    std::fs::write(&bad, serde_json::to_vec(&v).unwrap()).unwrap();
    ok(&["genesis", "collect-gentxs", "--home", c.coordinator.home()]);
    let before = std::fs::read(c.coordinator.genesis()).unwrap();
    let out = simchaind(&["genesis", "patch-genesis", "--home", c.coordinator.home()], None, &[]);
    assert_eq!(out.code, Some(1));
    let line = out.error_line();
    assert!(line.contains(bad.file_name().unwrap().to_str().unwrap()) && line.contains("signature"), "{line}");
    assert_eq!(std::fs::read(c.coordinator.genesis()).unwrap(), before);
}

/// gonka-1's published file whose name starts with `prefix`.
fn gonka_1(prefix: &str) -> Value {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/gonka-mainnet/validators/gonka-1");
    let path = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap();
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Every JSON path of a value ("body.messages[].pubkey.@type", ...), to compare shapes.
fn paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                let p = format!("{prefix}.{k}");
                out.insert(p.clone());
                paths(v, &p, out);
            }
        }
        Value::Array(a) => {
            for v in a {
                paths(v, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn our_gentx_has_the_shape_of_the_published_mainnet_gentxs_and_verifies_with_the_same_code() {
    let c = Ceremony::with_gentxs(1);
    let ours: Value = serde_json::from_slice(&std::fs::read(&c.gentx_files()[0]).unwrap()).unwrap();
    let theirs = gonka_1("gentx-");
    let (mut a, mut b) = (BTreeSet::new(), BTreeSet::new());
    paths(&ours, "", &mut a);
    paths(&theirs, "", &mut b);
    assert_eq!(a, b);
    // Same key order too: the SDK writes proto field order.
    let keys = |v: &Value| v["body"]["messages"][0].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&ours), keys(&theirs));

    let chain: ChainId = CHAIN.parse().unwrap();
    let gentx = GenTx::from_value(&ours).unwrap();
    let v = gentx.verify(&chain).unwrap();
    assert_eq!(v.moniker, "val-0");
    assert_eq!(v.account_bech32(), c.validators[0].address());
}

/// cosmjs's test faucet (packages/stargate/src/testutils.spec.ts, `faucet`): this mnemonic on
/// m/44'/118'/0'/0/0 gives pubkey A08EGB7ro1ORuFhjOnZcSgwYlpe0DSFjVNUIkNNQxwKQ and address
/// cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6. Our derivation on 118 gives exactly that;
/// `simchaind` derives on inferenced's 1200 (`config.go`, `CoinType = 1200`), so its recovery
/// is the same mnemonic's other account.
#[test]
fn a_published_mnemonic_recovers_the_published_cosmos_address() {
    use cosmos_formats::hd::AccountKey;
    use cosmos_formats::ChainSettings;
    let dir = testkit::temp_dir("kat");
    let kr = dir.path().to_str().unwrap();
    let mnemonic = "economy stock theory fatal elder harbor betray wasp final emotion task crumble siren bottom lizard educate guess current outdoor pair theory focus wife stone\n";
    let on_118 = AccountKey::from_mnemonic(mnemonic, &ChainSettings::SDK_DEFAULT.hd_path).unwrap();
    assert_eq!(on_118.address().to_bech32("cosmos").unwrap(), "cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6");
    assert!(on_118.public().to_json().to_string().contains("A08EGB7ro1ORuFhjOnZcSgwYlpe0DSFjVNUIkNNQxwKQ"));

    let out = simchaind(
        &["keys", "add", "faucet", "--recover", "--keyring-backend", "test", "--keyring-dir", kr, "--output", "json"],
        Some(mnemonic),
        &[("SIMCHAIN_BECH32_PREFIX", "cosmos")],
    );
    assert!(out.ok, "{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let on_1200 = AccountKey::from_mnemonic(mnemonic, &simchain::CHAIN.hd_path).unwrap();
    assert_eq!(v["address"], on_1200.address().to_bech32("cosmos").unwrap());
    assert_ne!(v["address"], "cosmos1pkptre7fdkl6gfrzlesjjvhxhlc3r4gmmk8rs6");
}

/// CometBFT's documented example key (docs.cometbft.com, references/config/priv_validator_key.json):
/// its address — sha256(pubkey)[:20], the same derivation as a node id — is E74FBE24…10D8.
#[test]
fn the_documented_cometbft_key_has_the_documented_id() {
    let dir = testkit::temp_dir("kat");
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("config")).unwrap();
    let priv_key = "9giFjwnmAKCAI95l4Q32kXsau+itGrbsvz84CTLxGnJSPENCBVOUck5ntrGkyX+JzMwgleJCkXEIWPAoa/NioQ==";
    std::fs::write(
        home.join("config/node_key.json"),
        format!(r#"{{"priv_key":{{"type":"tendermint/PrivKeyEd25519","value":"{priv_key}"}}}}"#),
    )
    .unwrap();
    std::fs::write(
        home.join("config/priv_validator_key.json"),
        format!(
            r#"{{"address":"E74FBE24164CFC4F88E311C3AC92E63D0DC310D8","pub_key":{{"type":"tendermint/PubKeyEd25519","value":"UjxDQgVTlHJOZ7axpMl/iczMIJXiQpFxCFjwKGvzYqE="}},"priv_key":{{"type":"tendermint/PrivKeyEd25519","value":"{priv_key}"}}}}"#
        ),
    )
    .unwrap();
    let home = home.to_str().unwrap();
    assert_eq!(ok(&["tendermint", "show-node-id", "--home", home]), "e74fbe24164cfc4f88e311c3ac92e63d0dc310d8");
    assert_eq!(
        ok(&["comet", "show-validator", "--home", home]),
        r#"{"@type":"/cosmos.crypto.ed25519.PubKey","key":"UjxDQgVTlHJOZ7axpMl/iczMIJXiQpFxCFjwKGvzYqE="}"#
    );
}

#[test]
fn the_file_keyring_encrypts_and_asks_for_its_passphrase() {
    let dir = testkit::temp_dir("file-keyring");
    let kr = dir.path().to_str().unwrap();
    let args = |cmd: &[&'static str]| -> Vec<String> {
        let mut v: Vec<String> = cmd.iter().map(|s| s.to_string()).collect();
        v.extend(["--keyring-backend", "file", "--keyring-dir", kr].iter().map(|s| s.to_string()));
        v
    };
    let run = |cmd: &[&'static str], stdin: &str| {
        let a = args(cmd);
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        simchaind(&refs, Some(stdin), &[])
    };
    let added = run(&["keys", "add", "op", "--output", "json"], "correct horse\ncorrect horse\n");
    assert!(added.ok, "{}", added.stderr);
    let v: Value = serde_json::from_str(&added.stdout).unwrap();
    let mnemonic = v["mnemonic"].as_str().unwrap().to_string();

    // Nothing of the key is readable on disk.
    let info = std::fs::read_to_string(dir.path().join("keyring-file/op.info")).unwrap();
    let first_word = mnemonic.split(' ').next().unwrap();
    assert!(!info.contains(first_word) || first_word.len() < 4);
    assert!(!info.contains("private_key"));

    let shown = run(&["keys", "show", "op", "-a"], "correct horse\n");
    assert_eq!(shown.stdout.trim(), v["address"].as_str().unwrap());
    let wrong = run(&["keys", "show", "op", "-a"], "wrong horse\n");
    assert!(wrong.error_line().contains("incorrect passphrase"), "{}", wrong.stderr);
    let short = simchaind(
        &["keys", "add", "x", "--keyring-backend", "file", "--keyring-dir", dir.path().join("new").to_str().unwrap()],
        Some("short\nshort\n"),
        &[],
    );
    assert!(short.error_line().contains("at least 8 characters"));
}

#[test]
fn an_existing_key_is_never_overwritten() {
    let dir = testkit::temp_dir("keys");
    let kr = dir.path().to_str().unwrap();
    ok(&["keys", "add", "op", "--keyring-backend", "test", "--keyring-dir", kr]);
    let before = std::fs::read(dir.path().join("keyring-test/op.info")).unwrap();
    let again = simchaind(&["keys", "add", "op", "--keyring-backend", "test", "--keyring-dir", kr], None, &[]);
    assert!(again.error_line().contains("already exists"));
    let recover = simchaind(
        &["keys", "add", "op", "--recover", "--keyring-backend", "test", "--keyring-dir", kr],
        Some("economy stock theory fatal elder harbor betray wasp final emotion task crumble siren bottom lizard educate guess current outdoor pair theory focus wife stone\n"),
        &[],
    );
    assert!(recover.error_line().contains("already exists"));
    assert_eq!(std::fs::read(dir.path().join("keyring-test/op.info")).unwrap(), before);
}

#[test]
fn config_set_edits_one_key_and_keeps_the_comments() {
    let dir = testkit::temp_dir("config");
    let home = dir.path().to_str().unwrap();
    ok(&["init", "n0", "--chain-id", CHAIN, "--home", home]);
    ok(&["config", "set", "config", "p2p.persistent_peers", "abc@h:1", "--home", home]);
    ok(&["config", "set", "config", "consensus.timeout_commit", "100ms", "--home", home]);
    assert_eq!(ok(&["config", "get", "config", "p2p.persistent_peers", "--home", home]), "abc@h:1");
    let text = std::fs::read_to_string(dir.path().join("config/config.toml")).unwrap();
    assert!(text
        .contains("# Comma separated list of nodes to keep persistent connections to\npersistent_peers = \"abc@h:1\""));
    let bad = simchaind(&["config", "set", "config", "consensus.timeout_commit", "soon", "--home", home], None, &[]);
    assert!(bad.error_line().contains("invalid duration"));
    ok(&["config", "set", "client", "chain-id", "x", "--home", home]);
}
