//! Known answers from the real gonka-mainnet ceremony: the three published genparticipant files
//! verify with our encoder, tampered copies do not, and `patch-genesis` over them reproduces
//! what the real final genesis holds for gonka-1.

use cosmos_formats::genparticipant::{GenParticipantTx, INFERENCE_OPERATION_KEY_PERMS};
use cosmos_formats::gentx::GenTx;
use cosmos_formats::{ChainId, Genesis, GentxError};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/gonka-mainnet")
}

fn chain() -> ChainId {
    "gonka-mainnet".parse().unwrap()
}

/// The file of `validators/<name>/` whose name starts with `prefix`.
fn file(name: &str, prefix: &str) -> PathBuf {
    let dir = fixtures().join("validators").join(name);
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix}* in {}", dir.display()))
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

const VALIDATORS: [&str; 3] = ["gonka-1", "gonka-2", "gonka-3"];

#[test]
fn every_published_genparticipant_verifies_and_matches_its_gentx() {
    for name in VALIDATORS {
        let path = file(name, "genparticipant-");
        let tx = GenParticipantTx::parse(&std::fs::read(&path).unwrap()).unwrap();
        let v = tx.verify(&chain()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let gentx = GenTx::parse(&std::fs::read(file(name, "gentx-")).unwrap()).unwrap().verify(&chain()).unwrap();
        v.matches_gentx(&gentx).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(v.account_prefix, "gonka");
        assert!(v.url.starts_with("http"), "{name}: {}", v.url);
        // Same node id in both file names: the real command names them after --node-id.
        let id = |p: &Path| p.file_name().unwrap().to_string_lossy().split('-').nth(1).unwrap().to_string();
        assert_eq!(id(&path), id(&file(name, "gentx-")));
    }
}

#[test]
fn our_json_of_a_published_genparticipant_is_byte_identical() {
    for name in VALIDATORS {
        let raw = std::fs::read_to_string(file(name, "genparticipant-")).unwrap();
        let tx = GenParticipantTx::parse(raw.as_bytes()).unwrap();
        assert_eq!(tx.to_json_string(), raw.trim_end(), "{name}");
    }
}

/// Verifies a copy of gonka-1's file after `edit`.
fn verify_edited(edit: impl FnOnce(&mut Value)) -> Result<(), GentxError> {
    let mut v = json(&file("gonka-1", "genparticipant-"));
    edit(&mut v);
    let tx = GenParticipantTx::from_value(&v)?;
    tx.verify(&chain()).map(|_| ())
}

#[test]
fn the_unedited_copy_verifies_so_the_rejections_below_are_the_edits() {
    verify_edited(|_| {}).unwrap();
}

#[test]
fn a_changed_url_is_rejected_by_the_signature() {
    let err = verify_edited(|v| v["body"]["messages"][0]["url"] = "http://attacker.example:8000".into()).unwrap_err();
    assert!(matches!(err, GentxError::Signature { .. }), "{err}");
}

#[test]
fn a_grant_to_another_grantee_is_rejected() {
    let other = "gonka1y2a9p56kv044327uycmqdexl7zs82fs5ryv5le";
    let err = verify_edited(|v| v["body"]["messages"][3]["grantee"] = other.into()).unwrap_err();
    assert!(matches!(err, GentxError::Signature { .. }), "{err}");
}

#[test]
fn one_changed_byte_of_the_file_is_rejected() {
    let raw = std::fs::read(file("gonka-1", "genparticipant-")).unwrap();
    // Flip one character inside the validator key (still valid base64 and JSON).
    let at = String::from_utf8_lossy(&raw).find("OPwcpfQY").unwrap() + 3;
    let mut bad = raw.clone();
    bad[at] = if bad[at] == b'c' { b'd' } else { b'c' };
    let err = GenParticipantTx::parse(&bad).and_then(|t| t.verify(&chain()).map(|_| ())).unwrap_err();
    assert!(matches!(err, GentxError::Signature { .. } | GentxError::Field { .. }), "{err}");
}

#[test]
fn another_chain_id_is_rejected() {
    let tx = GenParticipantTx::parse(&std::fs::read(file("gonka-1", "genparticipant-")).unwrap()).unwrap();
    let err = tx.verify(&"gonka-testnet".parse().unwrap()).unwrap_err();
    assert!(matches!(err, GentxError::Signature { .. }), "{err}");
}

#[test]
fn a_grant_list_in_another_order_is_rejected_even_if_it_were_signed() {
    // The shape check runs on what the signature covers: swap two grants and the order check
    // (not only the signature) names the misplaced grant.
    let mut v = json(&file("gonka-1", "genparticipant-"));
    let msgs = v["body"]["messages"].as_array_mut().unwrap();
    msgs.swap(1, 2);
    let tx = GenParticipantTx::from_value(&v).unwrap();
    assert!(tx.verify(&chain()).is_err());
    assert_eq!(INFERENCE_OPERATION_KEY_PERMS.len(), 25);
}

#[test]
fn patch_genesis_reproduces_the_real_final_genesis_entries_of_gonka_1() {
    let mut genesis = Genesis::load(&fixtures().join("genesis-draft.json")).unwrap();
    let expected = json(&file("gonka-1", "in-final-genesis"));
    let join_time = expected["inference.participant_list[]"]["join_time"].as_i64().unwrap();
    let tx = GenParticipantTx::parse(&std::fs::read(file("gonka-1", "genparticipant-")).unwrap()).unwrap();
    let v = tx.verify(&chain()).unwrap();
    genesis.patch_participant(&v, join_time).unwrap();

    let app = &genesis.as_value()["app_state"];
    let list = app["inference"]["participant_list"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0], expected["inference.participant_list[]"]);
    assert_eq!(app["authz"]["authorization"], expected["authz.authorization[]"]);
    let accounts = app["auth"]["accounts"].as_array().unwrap();
    assert_eq!(accounts.last().unwrap(), &expected["auth.accounts[]"][0]);

    // Applying the same file again changes nothing.
    let before = genesis.to_bytes();
    genesis.patch_participant(&v, join_time + 100).unwrap();
    assert_eq!(genesis.to_bytes(), before);
}
