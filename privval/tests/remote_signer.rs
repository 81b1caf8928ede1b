//! RemoteSigner against the real tmkms 0.15 (softsign), over loopback.

mod common;

use common::*;
use privval::{Error, RemoteSigner, Signer};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tendermint::vote;

const TIMEOUT: Duration = Duration::from_secs(20);

async fn listen(port: u16, node_key: ed25519_dalek::SigningKey, timeout: Duration) -> Arc<RemoteSigner> {
    Arc::new(RemoteSigner::listen(&format!("tcp://127.0.0.1:{port}"), node_key, chain_id(), timeout).await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tmkms_gives_its_softsign_key_and_signs_cometbft_canonical_bytes() {
    init_tracing();
    let port = testkit::free_port();
    let signer = listen(port, node_key(), TIMEOUT).await;
    let kms = KmsHome::new(port, None);
    let _tmkms = kms.start();
    let key = kms.consensus_pub_key();

    let pk = signer.pub_key().await.unwrap();
    assert_eq!(pk.to_bytes(), key.as_bytes().to_vec(), "tmkms's key is not the softsign key file's");

    // A prevote whose sign bytes are CometBFT's published test vector.
    let address = kms.validator_address();
    let (prevote, vector_bytes) = test_vector_prevote(address);
    assert_eq!(canonical_vote_bytes(&prevote, CHAIN), vector_bytes);
    let other_chain = tendermint::chain::Id::try_from("other-chain").unwrap();
    let wrong_chain = signer.sign_vote(&other_chain, prevote.clone()).await.unwrap_err();
    assert!(matches!(wrong_chain, Error::InvalidRequest(_)), "{wrong_chain}");
    let signed = signer.sign_vote(&chain_id(), prevote.clone()).await.unwrap();
    assert!(verifies(&key, &vector_bytes, signed.signature.as_ref()), "prevote signature does not verify");
    assert_eq!((signed.height, signed.round, signed.block_id), (prevote.height, prevote.round, None));

    let precommit = vote(vote::Type::Precommit, 1, 1, Some(block_id(7)), address);
    let signed = signer.sign_vote(&chain_id(), precommit.clone()).await.unwrap();
    assert!(verifies(&key, &canonical_vote_bytes(&precommit, CHAIN), signed.signature.as_ref()));
    assert!(!verifies(&key, &canonical_vote_bytes(&precommit, "other-chain"), signed.signature.as_ref()));

    let p = proposal(2, 0, block_id(9));
    let signed = signer.sign_proposal(&chain_id(), p.clone()).await.unwrap();
    assert!(verifies(&key, &canonical_proposal_bytes(&p, CHAIN), signed.signature.as_ref()), "proposal signature");
    assert_eq!(signed.block_id, p.block_id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_connection_outlives_tmkms_idle_timeout_thanks_to_pings() {
    init_tracing();
    let port = testkit::free_port();
    let signer = listen(port, node_key(), TIMEOUT).await;
    let kms = KmsHome::new(port, None);
    let _tmkms = kms.start();
    let key = kms.consensus_pub_key();
    signer.pub_key().await.unwrap();

    // tmkms times a connection out after 10 s without a request; 4 pings 3 s apart span 12 s.
    let log_path = kms.log_path();
    let count = move |needle: &str| std::fs::read_to_string(&log_path).unwrap_or_default().matches(needle).count();
    let pings = count.clone();
    poll(Duration::from_secs(30), "tmkms to answer 5 pings", move || (pings("PingRequest") >= 5).then_some(())).await;
    assert_eq!(count("connected to validator successfully"), 1, "tmkms reconnected:\n{}", kms.log());

    let v = vote(vote::Type::Prevote, 3, 0, Some(block_id(1)), kms.validator_address());
    let signed = signer.sign_vote(&chain_id(), v.clone()).await.unwrap();
    assert!(verifies(&key, &canonical_vote_bytes(&v, CHAIN), signed.signature.as_ref()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflicting_vote_is_refused_with_code_2_and_the_signer_keeps_working() {
    init_tracing();
    let port = testkit::free_port();
    let signer = listen(port, node_key(), TIMEOUT).await;
    let kms = KmsHome::new(port, None);
    let _tmkms = kms.start();
    let key = kms.consensus_pub_key();
    let address = kms.validator_address();

    signer.sign_vote(&chain_id(), vote(vote::Type::Prevote, 5, 0, Some(block_id(1)), address)).await.unwrap();
    let conflict = signer.sign_vote(&chain_id(), vote(vote::Type::Prevote, 5, 0, Some(block_id(2)), address)).await;
    match conflict {
        Err(Error::Remote { code, description }) => {
            assert_eq!(code, 2, "{description}");
            assert!(description.contains("double sign"), "{description}");
        }
        other => panic!("expected a double-sign refusal, got {other:?}"),
    }
    assert!(signer.is_connected(), "a refusal must not cost the connection");

    let next = vote(vote::Type::Prevote, 6, 0, Some(block_id(3)), address);
    let signed = signer.sign_vote(&chain_id(), next.clone()).await.unwrap();
    assert!(verifies(&key, &canonical_vote_bytes(&next, CHAIN), signed.signature.as_ref()));
    assert_eq!(kms.log().matches("connected to validator successfully").count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tmkms_pinning_the_node_id_signs() {
    init_tracing();
    let port = testkit::free_port();
    let node_key = node_key();
    let kms = KmsHome::new(port, Some(&node_id(&node_key)));
    let signer = listen(port, node_key, TIMEOUT).await;
    let _tmkms = kms.start();

    let v = vote(vote::Type::Precommit, 1, 0, Some(block_id(4)), kms.validator_address());
    let signed = signer.sign_vote(&chain_id(), v.clone()).await.unwrap();
    assert!(verifies(&kms.consensus_pub_key(), &canonical_vote_bytes(&v, CHAIN), signed.signature.as_ref()));
    assert!(!kms.log().contains("unverified validator peer ID"), "tmkms did not check the id:\n{}", kms.log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tmkms_pinning_another_node_id_never_signs() {
    init_tracing();
    let port = testkit::free_port();
    let kms = KmsHome::new(port, Some(&node_id(&node_key())));
    let signer = listen(port, node_key(), Duration::from_secs(4)).await;
    let _tmkms = kms.start();

    let log_path = kms.log_path();
    poll(Duration::from_secs(20), "tmkms to report the id mismatch", move || {
        std::fs::read_to_string(&log_path).unwrap_or_default().contains("peer ID mismatch").then_some(())
    })
    .await;
    let v = vote(vote::Type::Prevote, 1, 0, None, kms.validator_address());
    let err = signer.sign_vote(&chain_id(), v).await.unwrap_err();
    assert!(matches!(err, Error::NotConnected { .. }), "{err}");
    assert!(!signer.is_connected());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_signer_serves_again_after_tmkms_restarts() {
    init_tracing();
    let port = testkit::free_port();
    let signer = listen(port, node_key(), TIMEOUT).await;
    let kms = KmsHome::new(port, None);
    let key = kms.consensus_pub_key();
    let address = kms.validator_address();
    let mut tmkms = kms.start();
    signer.sign_vote(&chain_id(), vote(vote::Type::Prevote, 1, 0, Some(block_id(1)), address)).await.unwrap();

    tmkms.kill();
    let watched = signer.clone();
    poll(Duration::from_secs(10), "the signer to notice tmkms is gone", move || {
        (!watched.is_connected()).then_some(())
    })
    .await;

    let _tmkms = kms.start();
    let v = vote(vote::Type::Prevote, 2, 0, Some(block_id(2)), address);
    let signed = signer.sign_vote(&chain_id(), v.clone()).await.unwrap();
    assert!(verifies(&key, &canonical_vote_bytes(&v, CHAIN), signed.signature.as_ref()));
    assert_eq!(kms.log().matches("connected to validator successfully").count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_tmkms_a_request_fails_after_its_timeout() {
    init_tracing();
    let port = testkit::free_port();
    let signer = listen(port, node_key(), Duration::from_millis(1500)).await;
    let started = Instant::now();
    let err = signer
        .sign_vote(&chain_id(), vote(vote::Type::Prevote, 1, 0, None, tendermint::account::Id::new([1; 20])))
        .await
        .unwrap_err();
    let waited = started.elapsed();
    assert_eq!(err.to_string(), format!("no remote signer connected on tcp://127.0.0.1:{port} after 1.5s"));
    assert!(waited >= Duration::from_millis(1500), "gave up early: {waited:?}");
    let err = signer.pub_key().await.unwrap_err();
    assert!(matches!(err, Error::NotConnected { .. }), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_regression_costs_the_request_not_the_signer() {
    init_tracing();
    let port = testkit::free_port();
    let signer = listen(port, node_key(), TIMEOUT).await;
    let kms = KmsHome::new(port, None);
    let _tmkms = kms.start();
    let address = kms.validator_address();
    signer.sign_vote(&chain_id(), vote(vote::Type::Prevote, 8, 0, Some(block_id(1)), address)).await.unwrap();

    // tmkms answers a height regression by hanging up; it is tried on the next connection too.
    let err =
        signer.sign_vote(&chain_id(), vote(vote::Type::Prevote, 7, 0, Some(block_id(1)), address)).await.unwrap_err();
    assert!(matches!(err, Error::ConnectionLost { .. }), "{err}");
    assert!(kms.log().contains("HeightRegression") || kms.log().contains("height regression"), "{}", kms.log());

    let next = vote(vote::Type::Prevote, 9, 0, Some(block_id(2)), address);
    let signed = signer.sign_vote(&chain_id(), next.clone()).await.unwrap();
    assert!(verifies(&kms.consensus_pub_key(), &canonical_vote_bytes(&next, CHAIN), signed.signature.as_ref()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_each_get_their_own_answer() {
    init_tracing();
    let port = testkit::free_port();
    let signer = listen(port, node_key(), TIMEOUT).await;
    let kms = KmsHome::new(port, None);
    let _tmkms = kms.start();
    let key = kms.consensus_pub_key();
    let address = kms.validator_address();

    let mut askers = Vec::new();
    for _ in 0..3 {
        let signer = signer.clone();
        askers.push(tokio::spawn(async move {
            for _ in 0..10 {
                signer.pub_key().await.unwrap();
            }
        }));
    }
    for height in 1..=10 {
        let v = vote(vote::Type::Precommit, height, 0, Some(block_id(height as u8)), address);
        let signed = signer.sign_vote(&chain_id(), v.clone()).await.unwrap();
        assert!(verifies(&key, &canonical_vote_bytes(&v, CHAIN), signed.signature.as_ref()), "height {height}");
    }
    for asker in askers {
        asker.await.unwrap();
    }
}
