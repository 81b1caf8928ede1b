//! Contract tests against the real files of the gonka-mainnet genesis ceremony: whatever our
//! verifier accepts from the stand-in chain, it must accept from these, and reject their
//! tampered copies.

use cosmos_formats::gentx::GenTx;
use cosmos_formats::{ChainId, ConsensusPubKey, Genesis, GentxError};
use rstest::rstest;
use serde_json::Value;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/gonka-mainnet")
}

fn chain() -> ChainId {
    "gonka-mainnet".parse().unwrap()
}

/// (validator dir, gentx file) for the three published validators.
fn validators() -> Vec<(String, PathBuf)> {
    let mut out = vec![];
    for entry in std::fs::read_dir(fixtures().join("validators")).unwrap() {
        let dir = entry.unwrap().path();
        let gentx = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("gentx-")))
            .unwrap();
        out.push((dir.file_name().unwrap().to_string_lossy().into_owned(), gentx));
    }
    out.sort();
    out
}

/// The `Consensus Public Key:` line of a validator's README.
fn readme_field(dir: &str, label: &str) -> String {
    let text = std::fs::read_to_string(fixtures().join("validators").join(dir).join("README.md")).unwrap();
    let line = text.lines().find(|l| l.starts_with(label)).unwrap();
    line.split('`').nth(1).unwrap().to_string()
}

fn load(path: &PathBuf) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn every_published_gentx_verifies_and_carries_the_published_consensus_key() {
    let all = validators();
    assert_eq!(all.len(), 3);
    for (name, path) in all {
        let gentx = GenTx::parse(&std::fs::read(&path).unwrap()).unwrap();
        let v = gentx.verify(&chain()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(v.moniker, name);
        assert_eq!(v.consensus_pubkey.base64(), readme_field(&name, "Consensus Public Key:"));
        assert_eq!(v.account_prefix, "gonka");
        let node_id = readme_field(&name, "Node ID:");
        assert!(path.file_name().unwrap().to_string_lossy().contains(&node_id));
    }
}

#[test]
fn our_json_model_round_trips_the_published_bytes() {
    for (_, path) in validators() {
        let raw = std::fs::read_to_string(&path).unwrap();
        let gentx = GenTx::parse(raw.as_bytes()).unwrap();
        assert_eq!(gentx.to_json_string(), raw.trim_end());
    }
}

#[test]
fn the_same_gentx_fails_under_another_chain_id() {
    let (_, path) = &validators()[0];
    let gentx = GenTx::parse(&std::fs::read(path).unwrap()).unwrap();
    let err = gentx.verify(&"gonka-testnet".parse().unwrap()).unwrap_err();
    assert!(matches!(err, GentxError::Signature { .. }), "{err}");
}

/// Replaces `field` with the first of `candidates` (keys of the other published validators)
/// that differs from the current value, so every case really changes something.
fn swap(slot: &mut Value, candidates: &[&str]) {
    let current = slot.as_str().unwrap().to_string();
    *slot = candidates.iter().find(|c| **c != current).unwrap().to_string().into();
}

fn swap_consensus_key(v: &mut Value) {
    swap(
        &mut v["body"]["messages"][0]["pubkey"]["key"],
        &["OPwcpfQYOoWDuHKYivRVq5jxrELH0moP5qdznvj3Dps=", "YHtcky8VaH0qQNhYJkN61RPf83oKWsCPXdaewvDEYLo="],
    );
    ConsensusPubKey::from_json(&v["body"]["messages"][0]["pubkey"]).unwrap();
}

fn swap_signer(v: &mut Value) {
    swap(
        &mut v["auth_info"]["signer_infos"][0]["public_key"]["key"],
        &["A/EHY6CWbAH8evT5gRDSJdsTMmtQQLQspeRT32La8cX8", "A9CX2rkp0YxVAvKW2bv4nXEU12UEnw/gHjQND1tPWCoY"],
    );
}

fn flip_signature_bit(v: &mut Value) {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut sig = b64.decode(v["signatures"][0].as_str().unwrap()).unwrap();
    sig[10] ^= 0x01;
    v["signatures"][0] = b64.encode(sig).into();
}

#[rstest]
#[case::changed_moniker(|v: &mut Value| v["body"]["messages"][0]["description"]["moniker"] = "evil".into())]
#[case::swapped_consensus_pubkey(swap_consensus_key)]
#[case::changed_commission_rate(|v: &mut Value| v["body"]["messages"][0]["commission"]["rate"] = "0.050000000000000000".into())]
#[case::swapped_signer_key(swap_signer)]
#[case::flipped_signature_bit(flip_signature_bit)]
#[case::changed_amount(|v: &mut Value| v["body"]["messages"][0]["value"]["amount"] = "2".into())]
#[case::changed_memo(|v: &mut Value| v["body"]["memo"] = "x@1.2.3.4:26656".into())]
fn tampered_copies_are_rejected(#[case] tamper: fn(&mut Value)) {
    for (name, path) in validators() {
        let mut v = load(&path);
        let before = v.clone();
        tamper(&mut v);
        assert_ne!(before, v, "{name}: the tamper changed nothing");
        let gentx = GenTx::from_value(&v).unwrap();
        assert!(gentx.verify(&chain()).is_err(), "{name}: tampered gentx verified");
    }
}

#[test]
fn the_published_draft_genesis_validates_and_funds_every_published_validator() {
    let genesis = Genesis::load(&fixtures().join("genesis-draft.json")).unwrap();
    assert_eq!(genesis.chain_id().unwrap(), chain());
    assert!(genesis.validate().unwrap().is_empty());
    let gentxs: Vec<GenTx> =
        validators().iter().map(|(_, p)| GenTx::parse(&std::fs::read(p).unwrap()).unwrap()).collect();
    let verified = genesis.verify_gentxs(&gentxs).unwrap();
    assert_eq!(verified.len(), 3);
}

#[test]
fn a_genesis_with_the_published_gentxs_collected_still_validates() {
    let mut genesis = Genesis::load(&fixtures().join("genesis-draft.json")).unwrap();
    let gentxs: Vec<GenTx> =
        validators().iter().map(|(_, p)| GenTx::parse(&std::fs::read(p).unwrap()).unwrap()).collect();
    genesis.set_gen_txs(&gentxs).unwrap();
    let reparsed = Genesis::parse(&genesis.to_bytes(), "collected").unwrap();
    assert_eq!(reparsed.validate().unwrap().len(), 3);
    // Unknown modules survive a rewrite untouched.
    assert_eq!(
        reparsed.as_value()["app_state"]["inference"],
        load(&fixtures().join("genesis-draft.json"))["app_state"]["inference"]
    );
}

#[test]
fn a_gentx_listed_twice_is_a_duplicate() {
    let genesis = Genesis::load(&fixtures().join("genesis-draft.json")).unwrap();
    let (_, p) = &validators()[0];
    let g = GenTx::parse(&std::fs::read(p).unwrap()).unwrap();
    let err = genesis.verify_gentxs(&[g.clone(), g]).unwrap_err().to_string();
    assert!(err.contains("duplicate consensus public key"), "{err}");
}
