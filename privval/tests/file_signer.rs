//! FileSigner: CometBFT's key and state files, and FilePV's double-sign guard.

mod common;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use common::*;
use ed25519_dalek::SigningKey;
use privval::{Error, FileSigner, Signer};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tendermint::{account, vote};

struct Home {
    _dir: tempfile::TempDir,
    key_path: PathBuf,
    state_path: PathBuf,
    key: SigningKey,
}

/// `config/priv_validator_key.json` spelled out as CometBFT writes it, and the initial state.
fn home() -> Home {
    let dir = testkit::temp_dir("file-signer");
    let key = node_key();
    let pk = tendermint::PublicKey::from_raw_ed25519(key.verifying_key().as_bytes()).unwrap();
    let mut keypair = key.to_bytes().to_vec();
    keypair.extend_from_slice(key.verifying_key().as_bytes());
    let json = serde_json::json!({
        "address": account::Id::from(pk).to_string(),
        "pub_key": {"type": "tendermint/PubKeyEd25519", "value": B64.encode(key.verifying_key().as_bytes())},
        "priv_key": {"type": "tendermint/PrivKeyEd25519", "value": B64.encode(&keypair)},
    });
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    let key_path = dir.path().join("config/priv_validator_key.json");
    let state_path = dir.path().join("data/priv_validator_state.json");
    std::fs::write(&key_path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    std::fs::write(&state_path, "{\n  \"height\": \"0\",\n  \"round\": 0,\n  \"step\": 0\n}").unwrap();
    Home { _dir: dir, key_path, state_path, key }
}

impl Home {
    fn signer(&self) -> FileSigner {
        FileSigner::load(&self.key_path, &self.state_path).unwrap()
    }

    fn address(&self) -> account::Id {
        account::Id::from(tendermint::PublicKey::from_raw_ed25519(self.key.verifying_key().as_bytes()).unwrap())
    }

    fn state(&self) -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(&self.state_path).unwrap()).unwrap()
    }
}

fn dir_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[tokio::test]
async fn signs_cometbft_canonical_bytes_with_the_key_file() {
    let h = home();
    let signer = h.signer();
    let key = h.key.verifying_key();
    assert_eq!(signer.pub_key().await.unwrap().to_bytes(), key.as_bytes().to_vec());

    let (prevote, vector_bytes) = test_vector_prevote(h.address());
    let signed = signer.sign_vote(&chain_id(), prevote).await.unwrap();
    assert!(verifies(&key, &vector_bytes, signed.signature.as_ref()), "prevote");

    let p = proposal(2, 0, block_id(5));
    let signed = signer.sign_proposal(&chain_id(), p.clone()).await.unwrap();
    assert!(verifies(&key, &canonical_proposal_bytes(&p, CHAIN), signed.signature.as_ref()), "proposal");

    let precommit = vote(vote::Type::Precommit, 2, 0, Some(block_id(5)), h.address());
    let signed = signer.sign_vote(&chain_id(), precommit.clone()).await.unwrap();
    assert!(verifies(&key, &canonical_vote_bytes(&precommit, CHAIN), signed.signature.as_ref()), "precommit");

    let mut untimed = vote(vote::Type::Prevote, 3, 0, None, h.address());
    untimed.timestamp = None;
    assert!(matches!(signer.sign_vote(&chain_id(), untimed).await, Err(Error::InvalidRequest(_))));
}

#[tokio::test]
async fn same_step_resigns_identically_and_refuses_anything_else() {
    let h = home();
    let signer = h.signer();
    let key = h.key.verifying_key();
    let v = vote(vote::Type::Prevote, 10, 1, Some(block_id(1)), h.address());
    let first = signer.sign_vote(&chain_id(), v.clone()).await.unwrap();

    let again = signer.sign_vote(&chain_id(), v.clone()).await.unwrap();
    assert_eq!(again.signature, first.signature);

    // A later timestamp only: the earlier signature comes back with the timestamp it covers.
    let mut later = v.clone();
    later.timestamp = Some((v.timestamp.unwrap() + std::time::Duration::from_secs(3)).unwrap());
    let resent = signer.sign_vote(&chain_id(), later).await.unwrap();
    assert_eq!(resent.signature, first.signature);
    assert_eq!(resent.timestamp, v.timestamp);
    assert!(verifies(&key, &canonical_vote_bytes(&resent, CHAIN), resent.signature.as_ref()));

    let other_block = vote(vote::Type::Prevote, 10, 1, Some(block_id(2)), h.address());
    assert!(matches!(signer.sign_vote(&chain_id(), other_block).await, Err(Error::Conflict { .. })));
    let nil = vote(vote::Type::Prevote, 10, 1, None, h.address());
    assert!(matches!(signer.sign_vote(&chain_id(), nil).await, Err(Error::Conflict { .. })));

    let p = proposal(10, 1, block_id(1));
    let proposal_err = signer.sign_proposal(&chain_id(), p).await.unwrap_err();
    assert!(matches!(proposal_err, Error::Regression { .. }), "propose step is below prevote: {proposal_err}");
    for (height, round) in [(9, 5), (10, 0)] {
        let lower = vote(vote::Type::Precommit, height, round, Some(block_id(1)), h.address());
        assert!(
            matches!(signer.sign_vote(&chain_id(), lower).await, Err(Error::Regression { .. })),
            "{height}/{round}"
        );
    }
    let precommit = vote(vote::Type::Precommit, 10, 1, Some(block_id(1)), h.address());
    signer.sign_vote(&chain_id(), precommit).await.unwrap();
    let prevote_after_precommit = vote(vote::Type::Prevote, 10, 1, Some(block_id(1)), h.address());
    assert!(matches!(signer.sign_vote(&chain_id(), prevote_after_precommit).await, Err(Error::Regression { .. })));
}

#[tokio::test]
async fn the_guard_survives_a_restart() {
    let h = home();
    let v = vote(vote::Type::Precommit, 4, 0, Some(block_id(1)), h.address());
    let first = h.signer().sign_vote(&chain_id(), v.clone()).await.unwrap();

    let restarted = h.signer();
    let again = restarted.sign_vote(&chain_id(), v.clone()).await.unwrap();
    assert_eq!(again.signature, first.signature);
    let conflicting = vote(vote::Type::Precommit, 4, 0, Some(block_id(2)), h.address());
    assert!(matches!(restarted.sign_vote(&chain_id(), conflicting).await, Err(Error::Conflict { .. })));
    let older = vote(vote::Type::Precommit, 3, 0, Some(block_id(1)), h.address());
    assert!(matches!(restarted.sign_vote(&chain_id(), older).await, Err(Error::Regression { .. })));
    restarted.sign_vote(&chain_id(), vote(vote::Type::Prevote, 5, 0, None, h.address())).await.unwrap();
}

#[tokio::test]
async fn the_state_is_replaced_atomically_before_the_signature_is_returned() {
    let h = home();
    let signer = h.signer();
    let data_dir = h.state_path.parent().unwrap().to_path_buf();
    let inode_before = std::fs::metadata(&h.state_path).unwrap().ino();

    let v = vote(vote::Type::Prevote, 7, 2, Some(block_id(3)), h.address());
    let signed = signer.sign_vote(&chain_id(), v.clone()).await.unwrap();
    let state = h.state();
    assert_eq!(state["height"], "7");
    assert_eq!(state["round"], 2);
    assert_eq!(state["step"], 2);
    assert_eq!(state["signature"], B64.encode(signed.signature.as_ref().unwrap().as_bytes()));
    assert_eq!(state["signbytes"], hex::encode_upper(canonical_vote_bytes(&v, CHAIN)));
    // A new file renamed over the old one, not the old one rewritten in place; no temp left.
    assert_ne!(std::fs::metadata(&h.state_path).unwrap().ino(), inode_before);
    assert_eq!(dir_entries(&data_dir), vec!["priv_validator_state.json"]);

    // When the state cannot be replaced, no signature is handed out and nothing is left behind.
    std::fs::remove_file(&h.state_path).unwrap();
    std::fs::create_dir(&h.state_path).unwrap();
    std::fs::write(h.state_path.join("occupied"), "x").unwrap();
    let next = vote(vote::Type::Precommit, 7, 2, Some(block_id(3)), h.address());
    assert!(matches!(signer.sign_vote(&chain_id(), next).await, Err(Error::StateWrite(_))));
    assert_eq!(dir_entries(&data_dir), vec!["priv_validator_state.json"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_conflicting_requests_get_one_signature() {
    let h = home();
    let signer: Arc<dyn Signer> = Arc::new(h.signer());
    let mut tasks = Vec::new();
    for seed in 0..8u8 {
        let signer = signer.clone();
        let v = vote(vote::Type::Prevote, 1, 0, Some(block_id(seed)), h.address());
        tasks.push(tokio::spawn(async move { signer.sign_vote(&chain_id(), v).await }));
    }
    let mut signed = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => signed += 1,
            Err(Error::Conflict { .. }) => {}
            Err(other) => panic!("{other}"),
        }
    }
    assert_eq!(signed, 1);
}

#[test]
fn a_missing_state_file_or_a_foreign_key_file_is_refused() {
    let h = home();
    std::fs::remove_file(&h.state_path).unwrap();
    let err = FileSigner::load(&h.key_path, &h.state_path).err().unwrap();
    assert!(matches!(err, Error::State { .. }), "{err}");

    let h = home();
    std::fs::write(&h.key_path, r#"{"priv_key":{"type":"tendermint/PrivKeySecp256k1","value":"AA=="}}"#).unwrap();
    assert!(FileSigner::load(&h.key_path, &h.state_path).is_err());
}
