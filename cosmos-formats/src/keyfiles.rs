//! CometBFT's JSON key files: `node_key.json`, `priv_validator_key.json` and
//! `priv_validator_state.json`, in the amino-JSON shape CometBFT 0.38 writes.

use crate::files::{write_atomic, FileError, Mode};
use crate::{ConsensusPubKey, NodeId};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};
use std::path::Path;
use zeroize::Zeroizing;

const PRIV_TYPE: &str = "tendermint/PrivKeyEd25519";
const PUB_TYPE: &str = "tendermint/PubKeyEd25519";

#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("{path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}: not a CometBFT key file: {reason}")]
    Format { path: String, reason: String },
    #[error(transparent)]
    Write(#[from] FileError),
}

#[derive(Serialize, Deserialize)]
struct TypedValue {
    #[serde(rename = "type")]
    ty: String,
    value: String,
}

#[derive(Serialize, Deserialize)]
struct NodeKeyJson {
    priv_key: TypedValue,
}

#[derive(Serialize, Deserialize)]
struct PrivValidatorKeyJson {
    address: String,
    pub_key: TypedValue,
    priv_key: TypedValue,
}

fn read(path: &Path) -> Result<Zeroizing<String>, KeyFileError> {
    std::fs::read_to_string(path)
        .map(Zeroizing::new)
        .map_err(|source| KeyFileError::Read { path: path.display().to_string(), source })
}

fn format_err(path: &Path, reason: impl Into<String>) -> KeyFileError {
    KeyFileError::Format { path: path.display().to_string(), reason: reason.into() }
}

/// CometBFT stores ed25519 private keys as base64(seed || public key).
fn decode_priv(path: &Path, v: &TypedValue) -> Result<SigningKey, KeyFileError> {
    if v.ty != PRIV_TYPE {
        return Err(format_err(path, format!("priv_key type {:?}, expected {PRIV_TYPE:?}", v.ty)));
    }
    let bytes = Zeroizing::new(B64.decode(&v.value).map_err(|_| format_err(path, "priv_key is not base64"))?);
    if bytes.len() != 64 {
        return Err(format_err(path, "priv_key must be 64 bytes"));
    }
    let mut seed = Zeroizing::new([0u8; 32]);
    seed.copy_from_slice(&bytes[..32]);
    let key = SigningKey::from_bytes(&seed);
    if key.verifying_key().as_bytes() != &bytes[32..] {
        return Err(format_err(path, "priv_key's public half does not match its seed"));
    }
    Ok(key)
}

fn encode_priv(key: &SigningKey) -> TypedValue {
    let mut bytes = Zeroizing::new(Vec::with_capacity(64));
    bytes.extend_from_slice(key.as_bytes());
    bytes.extend_from_slice(key.verifying_key().as_bytes());
    TypedValue { ty: PRIV_TYPE.into(), value: B64.encode(&*bytes) }
}

pub fn generate_ed25519() -> SigningKey {
    SigningKey::generate(&mut rand::rngs::OsRng)
}

/// `config/node_key.json`: the key whose hash is the node id peers dial.
pub struct NodeKey(pub SigningKey);

impl NodeKey {
    pub fn load(path: &Path) -> Result<NodeKey, KeyFileError> {
        let text = read(path)?;
        let json: NodeKeyJson = serde_json::from_str(&text).map_err(|e| format_err(path, e.to_string()))?;
        decode_priv(path, &json.priv_key).map(NodeKey)
    }

    pub fn to_json(&self) -> Zeroizing<String> {
        Zeroizing::new(serde_json::to_string(&NodeKeyJson { priv_key: encode_priv(&self.0) }).unwrap_or_default())
    }

    pub fn save(&self, path: &Path) -> Result<(), KeyFileError> {
        write_atomic(path, self.to_json().as_bytes(), Mode::Secret)?;
        Ok(())
    }

    pub fn node_id(&self) -> NodeId {
        NodeId::from_pubkey(&self.0.verifying_key())
    }
}

/// `config/priv_validator_key.json`: the consensus key of a node that signs locally.
pub struct PrivValidatorKey(pub SigningKey);

impl PrivValidatorKey {
    pub fn load(path: &Path) -> Result<PrivValidatorKey, KeyFileError> {
        let text = read(path)?;
        let json: PrivValidatorKeyJson = serde_json::from_str(&text).map_err(|e| format_err(path, e.to_string()))?;
        let key = decode_priv(path, &json.priv_key)?;
        let public = B64.encode(key.verifying_key().as_bytes());
        if json.pub_key.ty != PUB_TYPE || json.pub_key.value != public {
            return Err(format_err(path, "pub_key does not match priv_key"));
        }
        Ok(PrivValidatorKey(key))
    }

    pub fn save(&self, path: &Path) -> Result<(), KeyFileError> {
        let vk = self.0.verifying_key();
        let json = PrivValidatorKeyJson {
            address: hex::encode_upper(NodeId::from_pubkey(&vk).as_bytes()),
            pub_key: TypedValue { ty: PUB_TYPE.into(), value: B64.encode(vk.as_bytes()) },
            priv_key: encode_priv(&self.0),
        };
        let text = Zeroizing::new(serde_json::to_string_pretty(&json).unwrap_or_default());
        write_atomic(path, text.as_bytes(), Mode::Secret)?;
        Ok(())
    }

    pub fn public(&self) -> ConsensusPubKey {
        ConsensusPubKey(self.0.verifying_key())
    }
}

/// The initial `data/priv_validator_state.json` CometBFT writes at `init`.
pub fn initial_priv_validator_state() -> &'static str {
    "{\n  \"height\": \"0\",\n  \"round\": 0,\n  \"step\": 0\n}"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_key_round_trips_and_id_is_stable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("node_key.json");
        let key = NodeKey(generate_ed25519());
        key.save(&path).unwrap();
        let again = NodeKey::load(&path).unwrap();
        assert_eq!(key.node_id(), again.node_id());
    }

    #[test]
    fn a_key_file_whose_halves_disagree_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("node_key.json");
        let a = generate_ed25519();
        let b = generate_ed25519();
        let mut bytes = a.as_bytes().to_vec();
        bytes.extend_from_slice(b.verifying_key().as_bytes());
        let text = format!(r#"{{"priv_key":{{"type":"{PRIV_TYPE}","value":"{}"}}}}"#, B64.encode(bytes));
        std::fs::write(&path, text).unwrap();
        let err = NodeKey::load(&path).err().unwrap().to_string();
        assert!(err.contains("does not match"), "{err}");
    }
}
