//! Shared by the integration tests: a real tmkms home and process, and consensus messages.
#![allow(dead_code)]

use ed25519_dalek::{Signature, SigningKey, Verifier, VerifyingKey};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tendermint::block::{self, parts};
use tendermint::{account, chain, proposal, vote, Hash, Time};

/// The chain id of CometBFT's sign-bytes test vectors, so tmkms can sign them unchanged.
pub const CHAIN: &str = "test_chain_id";

pub fn chain_id() -> chain::Id {
    chain::Id::try_from(CHAIN).unwrap()
}

pub fn init_tracing() {
    let _ = tracing_subscriber::fmt().with_test_writer().with_env_filter("privval=debug").try_init();
}

pub fn node_key() -> SigningKey {
    SigningKey::generate(&mut cometbft_p2p::rand_core::OsRng)
}

/// CometBFT's node id: hex of the first 20 bytes of sha256(ed25519 public key).
pub fn node_id(key: &SigningKey) -> String {
    cometbft_p2p::PublicKey::from(key.verifying_key()).peer_id().to_string()
}

/// A tmkms home written by hand (the shape `tmkms init` writes, one softsign chain), keys made
/// by `tmkms softsign keygen`.
pub struct KmsHome {
    pub dir: tempfile::TempDir,
    pub port: u16,
}

impl KmsHome {
    /// `peer_id`: pin the node id in the validator `addr` (`tcp://<id>@127.0.0.1:<port>`).
    pub fn new(port: u16, peer_id: Option<&str>) -> KmsHome {
        let dir = testkit::temp_dir("tmkms-home");
        let addr = match peer_id {
            Some(id) => format!("tcp://{id}@127.0.0.1:{port}"),
            None => format!("tcp://127.0.0.1:{port}"),
        };
        testkit::TmkmsHome::write(dir.path(), CHAIN, &addr);
        KmsHome { dir, port }
    }

    fn home(&self) -> testkit::TmkmsHome {
        testkit::TmkmsHome { dir: self.dir.path().to_path_buf() }
    }

    pub fn config_path(&self) -> PathBuf {
        self.home().config()
    }

    pub fn consensus_key_path(&self) -> PathBuf {
        self.home().consensus_key()
    }

    pub fn log_path(&self) -> PathBuf {
        self.dir.path().join("tmkms.log")
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// The consensus public key of the key file tmkms signs with.
    pub fn consensus_pub_key(&self) -> VerifyingKey {
        SigningKey::from_bytes(&self.home().consensus_seed()).verifying_key()
    }

    /// The consensus key's validator address (first 20 bytes of sha256 of the public key).
    pub fn validator_address(&self) -> account::Id {
        let pk = tendermint::PublicKey::from_raw_ed25519(self.consensus_pub_key().as_bytes()).unwrap();
        account::Id::from(pk)
    }

    /// Starts `tmkms start -v`, appending its output to [`KmsHome::log_path`].
    pub fn start(&self) -> KmsProcess {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(self.log_path()).unwrap();
        let child = Command::new(testkit::binary("tmkms"))
            .args(["start", "-v", "-c"])
            .arg(self.config_path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        KmsProcess(child)
    }
}

/// Kills tmkms when the test ends, however it ends.
pub struct KmsProcess(pub Child);

impl KmsProcess {
    pub fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for KmsProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Bounded poll from async code (testkit::wait_for sleeps its thread).
pub async fn poll<T: Send + 'static>(
    budget: Duration,
    what: &'static str,
    f: impl FnMut() -> Option<T> + Send + 'static,
) -> T {
    tokio::task::spawn_blocking(move || testkit::wait_for(budget, what, f)).await.unwrap()
}

pub fn block_id(seed: u8) -> block::Id {
    block::Id {
        hash: Hash::Sha256([seed; 32]),
        part_set_header: parts::Header::new(1, Hash::Sha256([seed ^ 0xff; 32])).unwrap(),
    }
}

pub fn vote(kind: vote::Type, height: u64, round: u32, block: Option<block::Id>, address: account::Id) -> vote::Vote {
    vote::Vote {
        vote_type: kind,
        height: block::Height::try_from(height).unwrap(),
        round: block::Round::try_from(round).unwrap(),
        block_id: block,
        timestamp: Some(Time::now()),
        validator_address: address,
        validator_index: vote::ValidatorIndex::try_from(0u32).unwrap(),
        signature: None,
        extension: vec![],
        extension_signature: None,
    }
}

pub fn proposal(height: u64, round: u32, block: block::Id) -> proposal::Proposal {
    proposal::Proposal {
        msg_type: proposal::Type::Proposal,
        height: block::Height::try_from(height).unwrap(),
        round: block::Round::try_from(round).unwrap(),
        pol_round: None,
        block_id: Some(block),
        timestamp: Some(Time::now()),
        signature: None,
    }
}

/// CometBFT test vector (types/vote_test.go, TestVoteSignBytesTestVectors #2 with the chain id
/// field of #4): a prevote at height 1 round 1 for nil with Go's zero time, signed for chain
/// `test_chain_id` ([`CHAIN`]). The bytes are spelled out so the check does not depend on
/// tendermint-rs.
pub fn test_vector_prevote(address: account::Id) -> (vote::Vote, Vec<u8>) {
    let mut v = vote(vote::Type::Prevote, 1, 1, None, address);
    v.timestamp = Some(Time::parse_from_rfc3339("0001-01-01T00:00:00Z").unwrap());
    let mut bytes = vec![
        0x30, // length: 0x21 of test vector #2 plus 15 bytes of chain id
        0x8, 0x1, // PrevoteType
        0x11, 0x1, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, // height
        0x19, 0x1, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, // round
        0x2a, 0xb, 0x8, 0x80, 0x92, 0xb8, 0xc3, 0x98, 0xfe, 0xff, 0xff, 0xff, 0x1, // timestamp
        0x32, 0xd,
    ];
    bytes.extend_from_slice(b"test_chain_id");
    (v, bytes)
}

/// CometBFT's `CanonicalizeProposal`, built from the proto definition rather than
/// tendermint-rs's domain conversion.
pub fn canonical_proposal_bytes(p: &proposal::Proposal, chain: &str) -> Vec<u8> {
    use prost::Message;
    use tendermint_proto::v0_38::types as pb;
    let b = p.block_id.unwrap();
    let canonical = pb::CanonicalProposal {
        r#type: pb::SignedMsgType::Proposal as i32,
        height: p.height.value() as i64,
        round: p.round.value() as i64,
        pol_round: p.pol_round.map(|r| r.value() as i64).unwrap_or(-1),
        block_id: Some(pb::CanonicalBlockId {
            hash: b.hash.as_bytes().to_vec(),
            part_set_header: Some(pb::CanonicalPartSetHeader {
                total: b.part_set_header.total,
                hash: b.part_set_header.hash.as_bytes().to_vec(),
            }),
        }),
        timestamp: p.timestamp.map(Into::into),
        chain_id: chain.to_string(),
    };
    canonical.encode_length_delimited_to_vec()
}

/// CometBFT's `CanonicalizeVote`, built from the proto definition.
pub fn canonical_vote_bytes(v: &vote::Vote, chain: &str) -> Vec<u8> {
    use prost::Message;
    use tendermint_proto::v0_38::types as pb;
    let canonical = pb::CanonicalVote {
        r#type: match v.vote_type {
            vote::Type::Prevote => pb::SignedMsgType::Prevote as i32,
            vote::Type::Precommit => pb::SignedMsgType::Precommit as i32,
        },
        height: v.height.value() as i64,
        round: v.round.value() as i64,
        block_id: v.block_id.map(|b| pb::CanonicalBlockId {
            hash: b.hash.as_bytes().to_vec(),
            part_set_header: Some(pb::CanonicalPartSetHeader {
                total: b.part_set_header.total,
                hash: b.part_set_header.hash.as_bytes().to_vec(),
            }),
        }),
        timestamp: v.timestamp.map(Into::into),
        chain_id: chain.to_string(),
    };
    canonical.encode_length_delimited_to_vec()
}

pub fn verifies(key: &VerifyingKey, bytes: &[u8], signature: Option<&tendermint::Signature>) -> bool {
    let Some(signature) = signature else {
        return false;
    };
    let Ok(signature) = Signature::from_slice(signature.as_bytes()) else {
        return false;
    };
    key.verify(bytes, &signature).is_ok()
}
