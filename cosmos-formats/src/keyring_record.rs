//! `cosmos.crypto.keyring.v1.Record`: what the SDK keyring stores for each key, protobuf-encoded
//! (cosmos-sdk `proto/cosmos/crypto/keyring/v1/record.proto`; written by `writeRecord` in
//! `crypto/keyring/keyring.go`). cosmos-sdk-proto ships the generated file but does not compile
//! it into its crate, so the message is declared here with the same tags.
//!
//! Only `local` records carry a private key; the ceremony never writes the other kinds, but a
//! keyring holding them (a ledger or offline key an operator added) still parses.

use crate::hd::AccountKey;
use crate::pubkey::{AccountPubKey, SECP256K1_TYPE};
use cosmos_sdk_proto::Any;
use prost::Message;
use zeroize::Zeroizing;

pub const SECP256K1_PRIV_TYPE: &str = "/cosmos.crypto.secp256k1.PrivKey";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RecordError {
    #[error("not a protobuf keyring Record: {0}")]
    Decode(String),
    #[error("record has no public key")]
    NoPubKey,
    #[error("record's key type is {0:?}; this keyring holds {SECP256K1_TYPE} keys")]
    KeyType(String),
    #[error("record's public key is not a secp256k1 point")]
    PubKey,
    #[error("record's private key is not a secp256k1 scalar")]
    PrivKey,
    #[error("record's public key does not belong to its private key")]
    Mismatch,
    #[error("record {0:?} is not a local key (it holds no private key)")]
    NotLocal(String),
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Record {
    #[prost(string, tag = "1")]
    pub name: String,
    #[prost(message, optional, tag = "2")]
    pub pub_key: Option<Any>,
    #[prost(oneof = "Item", tags = "3, 4, 5, 6")]
    pub item: Option<Item>,
}

#[derive(Clone, PartialEq, prost::Oneof)]
pub enum Item {
    #[prost(message, tag = "3")]
    Local(Local),
    /// `Ledger { hd.v1.BIP44Params path = 1; }`; the path is not needed here and is skipped.
    #[prost(message, tag = "4")]
    Ledger(Empty),
    #[prost(message, tag = "5")]
    Multi(Empty),
    #[prost(message, tag = "6")]
    Offline(Empty),
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Local {
    #[prost(message, optional, tag = "1")]
    pub priv_key: Option<Any>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Empty {}

/// `cosmos.crypto.secp256k1.{PubKey,PrivKey} { bytes key = 1; }`
#[derive(Clone, PartialEq, prost::Message)]
struct KeyBytes {
    #[prost(bytes = "vec", tag = "1")]
    key: Vec<u8>,
}

/// A decoded record: its name, public key, and the private key when it is a local one.
pub struct KeyRecord {
    pub name: String,
    pub pubkey: AccountPubKey,
    pub key: Option<AccountKey>,
}

/// The bytes `keys add` stores under `<name>.info` for a locally held secp256k1 key.
pub fn encode_local(name: &str, key: &AccountKey) -> Zeroizing<Vec<u8>> {
    let secret = key.secret_bytes();
    let priv_any = Any {
        type_url: SECP256K1_PRIV_TYPE.into(),
        value: Zeroizing::new(KeyBytes { key: secret.to_vec() }.encode_to_vec()).to_vec(),
    };
    let mut record = Record {
        name: name.to_string(),
        pub_key: Some(key.public().to_any()),
        item: Some(Item::Local(Local { priv_key: Some(priv_any) })),
    };
    let bytes = Zeroizing::new(record.encode_to_vec());
    // prost has no zeroizing buffers; wipe the copies this function made.
    if let Some(Item::Local(Local { priv_key: Some(any) })) = record.item.as_mut() {
        zeroize::Zeroize::zeroize(&mut any.value);
    }
    bytes
}

pub fn decode(bytes: &[u8]) -> Result<KeyRecord, RecordError> {
    let mut record = Record::decode(bytes).map_err(|e| RecordError::Decode(e.to_string()))?;
    let pub_any = record.pub_key.take().ok_or(RecordError::NoPubKey)?;
    if pub_any.type_url != SECP256K1_TYPE {
        return Err(RecordError::KeyType(pub_any.type_url));
    }
    let pub_bytes = KeyBytes::decode(pub_any.value.as_slice()).map_err(|e| RecordError::Decode(e.to_string()))?;
    let pubkey = k256::ecdsa::VerifyingKey::from_sec1_bytes(&pub_bytes.key)
        .map(AccountPubKey)
        .map_err(|_| RecordError::PubKey)?;
    let key = match record.item.take() {
        Some(Item::Local(Local { priv_key: Some(mut any) })) => {
            if any.type_url != SECP256K1_PRIV_TYPE {
                return Err(RecordError::KeyType(any.type_url));
            }
            let mut inner = KeyBytes::decode(any.value.as_slice()).map_err(|e| RecordError::Decode(e.to_string()))?;
            zeroize::Zeroize::zeroize(&mut any.value);
            let secret = Zeroizing::new(std::mem::take(&mut inner.key));
            let key = AccountKey::from_bytes(&secret).map_err(|_| RecordError::PrivKey)?;
            if key.public() != pubkey {
                return Err(RecordError::Mismatch);
            }
            Some(key)
        }
        _ => None,
    };
    Ok(KeyRecord { name: record.name, pubkey, key })
}

impl KeyRecord {
    pub fn into_local(self) -> Result<AccountKey, RecordError> {
        self.key.ok_or(RecordError::NotLocal(self.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_record_round_trips_and_keeps_its_key() {
        let key = AccountKey::from_bytes(&[7u8; 32]).unwrap();
        let bytes = encode_local("alice", &key);
        let rec = decode(&bytes).unwrap();
        assert_eq!(rec.name, "alice");
        assert_eq!(rec.pubkey, key.public());
        assert_eq!(*rec.into_local().unwrap().secret_bytes(), vec![7u8; 32]);
    }

    #[test]
    fn a_record_whose_public_key_belongs_to_another_key_is_refused() {
        let key = AccountKey::from_bytes(&[7u8; 32]).unwrap();
        let other = AccountKey::from_bytes(&[8u8; 32]).unwrap();
        let mut rec = Record::decode(encode_local("alice", &key).as_slice()).unwrap();
        rec.pub_key = Some(other.public().to_any());
        assert_eq!(decode(&rec.encode_to_vec()).err(), Some(RecordError::Mismatch));
    }

    #[test]
    fn an_offline_record_has_no_private_key() {
        let key = AccountKey::from_bytes(&[7u8; 32]).unwrap();
        let rec =
            Record { name: "watch".into(), pub_key: Some(key.public().to_any()), item: Some(Item::Offline(Empty {})) };
        let got = decode(&rec.encode_to_vec()).unwrap();
        assert!(got.key.is_none());
        assert_eq!(got.into_local().err(), Some(RecordError::NotLocal("watch".into())));
    }

    #[test]
    fn legacy_amino_bytes_are_not_a_record() {
        // The prefix of an amino LegacyInfo (SDK < 0.46), which the real daemon migrates.
        assert!(decode(&[0x69, 0x0d, 0xad, 0x15, 0x3d, 0x0a, 0x05]).is_err());
    }
}
