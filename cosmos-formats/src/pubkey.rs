//! Public keys in the SDK's JSON: `{"@type":"/cosmos.crypto.ed25519.PubKey","key":"<base64>"}`.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use cosmos_sdk_proto::Any;
use prost::Message;
use serde_json::{json, Value};

pub const ED25519_TYPE: &str = "/cosmos.crypto.ed25519.PubKey";
pub const SECP256K1_TYPE: &str = "/cosmos.crypto.secp256k1.PubKey";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PubKeyError {
    #[error("public key is not valid JSON: {0}")]
    Json(String),
    #[error("public key must be an object with \"@type\" and \"key\"")]
    Shape,
    #[error("public key type is {found:?}, expected {expected:?}")]
    Type { found: String, expected: &'static str },
    #[error("public key \"key\" is not base64")]
    Base64,
    #[error("public key is not a valid {0} point")]
    Point(&'static str),
}

/// The protobuf `PubKey { bytes key = 1; }` both key types share.
#[derive(Clone, PartialEq, prost::Message)]
struct ProtoPubKey {
    #[prost(bytes = "vec", tag = "1")]
    key: Vec<u8>,
}

fn decode_json(value: &Value, expected: &'static str) -> Result<Vec<u8>, PubKeyError> {
    let obj = value.as_object().ok_or(PubKeyError::Shape)?;
    let ty = obj.get("@type").and_then(Value::as_str).ok_or(PubKeyError::Shape)?;
    if ty != expected {
        return Err(PubKeyError::Type { found: ty.to_string(), expected });
    }
    let key = obj.get("key").and_then(Value::as_str).ok_or(PubKeyError::Shape)?;
    B64.decode(key).map_err(|_| PubKeyError::Base64)
}

fn to_any(type_url: &str, key: &[u8]) -> Any {
    Any { type_url: type_url.to_string(), value: ProtoPubKey { key: key.to_vec() }.encode_to_vec() }
}

/// A validator's consensus key: what tmkms holds and what `val_pubkey.json` carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsensusPubKey(pub ed25519_dalek::VerifyingKey);

impl ConsensusPubKey {
    pub fn from_json(value: &Value) -> Result<Self, PubKeyError> {
        let bytes = decode_json(value, ED25519_TYPE)?;
        let arr: [u8; 32] = bytes.try_into().map_err(|_| PubKeyError::Point("ed25519"))?;
        ed25519_dalek::VerifyingKey::from_bytes(&arr).map(ConsensusPubKey).map_err(|_| PubKeyError::Point("ed25519"))
    }

    /// The bare base64 form (`--pubkey` of the real `genesis gentx`, `validator_key` of a
    /// participant); only the canonical padded encoding of 32 bytes is accepted.
    pub fn from_base64(text: &str) -> Result<Self, PubKeyError> {
        let bytes = B64.decode(text).map_err(|_| PubKeyError::Base64)?;
        let arr: [u8; 32] = bytes.try_into().map_err(|_| PubKeyError::Point("ed25519"))?;
        let key = ed25519_dalek::VerifyingKey::from_bytes(&arr)
            .map(ConsensusPubKey)
            .map_err(|_| PubKeyError::Point("ed25519"))?;
        if key.base64() != text {
            return Err(PubKeyError::Base64);
        }
        Ok(key)
    }

    pub fn parse(text: &str) -> Result<Self, PubKeyError> {
        let v: Value = serde_json::from_str(text.trim()).map_err(|e| PubKeyError::Json(e.to_string()))?;
        Self::from_json(&v)
    }

    pub fn to_json(&self) -> Value {
        json!({"@type": ED25519_TYPE, "key": self.base64()})
    }

    /// The compact one-line JSON the SDK prints (`show-validator`, `val_pubkey.json`).
    pub fn to_json_string(&self) -> String {
        self.to_json().to_string()
    }

    pub fn base64(&self) -> String {
        B64.encode(self.0.as_bytes())
    }

    pub fn to_any(&self) -> Any {
        to_any(ED25519_TYPE, self.0.as_bytes())
    }
}

/// An account's secp256k1 key, compressed SEC1 form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountPubKey(pub k256::ecdsa::VerifyingKey);

impl AccountPubKey {
    pub fn from_json(value: &Value) -> Result<Self, PubKeyError> {
        let bytes = decode_json(value, SECP256K1_TYPE)?;
        k256::ecdsa::VerifyingKey::from_sec1_bytes(&bytes)
            .map(AccountPubKey)
            .map_err(|_| PubKeyError::Point("secp256k1"))
    }

    pub fn compressed(&self) -> Vec<u8> {
        self.0.to_encoded_point(true).as_bytes().to_vec()
    }

    pub fn to_json(&self) -> Value {
        json!({"@type": SECP256K1_TYPE, "key": B64.encode(self.compressed())})
    }

    pub fn to_any(&self) -> Any {
        to_any(SECP256K1_TYPE, &self.compressed())
    }

    pub fn address(&self) -> crate::Address {
        crate::Address::from_secp256k1(&self.compressed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consensus_key_json_round_trips() {
        let text = r#"{"@type":"/cosmos.crypto.ed25519.PubKey","key":"OPwcpfQYOoWDuHKYivRVq5jxrELH0moP5qdznvj3Dps="}"#;
        let k = ConsensusPubKey::parse(text).unwrap();
        assert_eq!(k.to_json_string(), text);
    }

    #[test]
    fn malformed_keys_are_refused_with_a_reason() {
        assert!(matches!(ConsensusPubKey::parse("{"), Err(PubKeyError::Json(_))));
        assert!(matches!(
            ConsensusPubKey::parse(r#"{"@type":"/cosmos.crypto.secp256k1.PubKey","key":"AA=="}"#),
            Err(PubKeyError::Type { .. })
        ));
        assert_eq!(
            ConsensusPubKey::parse(r#"{"@type":"/cosmos.crypto.ed25519.PubKey","key":"AAAA"}"#),
            Err(PubKeyError::Point("ed25519"))
        );
        assert_eq!(
            ConsensusPubKey::parse(r#"{"@type":"/cosmos.crypto.ed25519.PubKey","key":"!!"}"#),
            Err(PubKeyError::Base64)
        );
    }
}
