//! Offline-signed Cosmos SDK transactions as `genesis gentx` writes them: JSON on disk, one
//! signer, SIGN_MODE_DIRECT, account number 0 and sequence 0 (no account exists yet).
//!
//! The JSON carries no body bytes, so verification re-encodes body and auth info to protobuf
//! exactly as the SDK does when it decodes the JSON, then checks the secp256k1 signature over
//! the `SignDoc`. The message type is a parameter: a gentx holds one `MsgCreateValidator`
//! ([`crate::gentx`]), a genparticipant file a `MsgSubmitNewParticipant` and its authz grants
//! ([`crate::genparticipant`]).

use crate::hd::AccountKey;
use crate::{AccountPubKey, ChainId, Coin};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use cosmos_sdk_proto::cosmos::tx::v1beta1 as tx;
use cosmos_sdk_proto::Any;
use k256::ecdsa::signature::Verifier;
use prost::Message;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const SIGN_MODE_DIRECT: &str = "SIGN_MODE_DIRECT";
/// A gentx's one message; here rather than in `gentx` because the error below names it.
pub const MSG_CREATE_VALIDATOR: &str = "/cosmos.staking.v1beta1.MsgCreateValidator";

/// Why a signed transaction (a gentx or a genparticipant file) is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum GentxError {
    #[error("not a gentx: {0}")]
    Json(String),
    #[error("gentx must hold exactly one {MSG_CREATE_VALIDATOR} message, found {0}")]
    MessageCount(usize),
    #[error("unsupported message type {0:?}")]
    MessageType(String),
    #[error("gentx must have exactly one signer and one signature (found {signers} and {signatures})")]
    Signers { signers: usize, signatures: usize },
    #[error("unsupported sign mode {0:?}: gentxs are signed {SIGN_MODE_DIRECT}")]
    SignMode(String),
    #[error("gentx field {field} is not supported in a gentx: {reason}")]
    Unsupported { field: &'static str, reason: String },
    #[error("invalid {field}: {reason}")]
    Field { field: &'static str, reason: String },
    #[error("signature does not verify for chain id {chain_id:?} and account number 0")]
    Signature { chain_id: String },
    #[error("validator address {validator} is not the signer's address {signer}")]
    OperatorMismatch { validator: String, signer: String },
}

/// Genesis transactions are signed before any account exists on chain: account number and
/// sequence are 0.
pub const GENTX_ACCOUNT_NUMBER: u64 = 0;
pub const DEFAULT_GAS: u64 = 200_000;

pub(crate) fn field(field: &'static str, reason: impl ToString) -> GentxError {
    GentxError::Field { field, reason: reason.to_string() }
}

/// A message of a signed transaction: its JSON model and its protobuf `Any`.
pub trait TxMessage: Serialize + DeserializeOwned + Clone {
    fn to_any(&self) -> Result<Any, GentxError>;
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "M: DeserializeOwned"))]
pub struct SignedTx<M> {
    pub body: Body<M>,
    pub auth_info: AuthInfo,
    pub signatures: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "M: DeserializeOwned"))]
pub struct Body<M> {
    pub messages: Vec<M>,
    pub memo: String,
    pub timeout_height: String,
    /// SDK 0.53 fields; absent in gentxs of older SDKs.
    #[serde(default)]
    pub unordered: bool,
    #[serde(default)]
    pub timeout_timestamp: Option<Value>,
    pub extension_options: Vec<Value>,
    pub non_critical_extension_options: Vec<Value>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CoinJson {
    pub denom: String,
    pub amount: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AuthInfo {
    pub signer_infos: Vec<SignerInfo>,
    pub fee: Fee,
    #[serde(default)]
    pub tip: Option<Value>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SignerInfo {
    pub public_key: Value,
    pub mode_info: ModeInfo,
    pub sequence: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ModeInfo {
    pub single: Single,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Single {
    pub mode: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    pub amount: Vec<CoinJson>,
    pub gas_limit: String,
    pub payer: String,
    pub granter: String,
}

/// `cosmos.tx.v1beta1.TxBody` as of SDK 0.53 (the proto crate predates fields 4 and 5).
#[derive(Clone, PartialEq, prost::Message)]
struct TxBodyProto {
    #[prost(message, repeated, tag = "1")]
    messages: Vec<Any>,
    #[prost(string, tag = "2")]
    memo: String,
    #[prost(uint64, tag = "3")]
    timeout_height: u64,
    #[prost(bool, tag = "4")]
    unordered: bool,
}

impl<M: TxMessage> SignedTx<M> {
    /// An unsigned transaction of `messages` from `key`, with the SDK's genesis defaults
    /// (no fee, gas 200000, sequence 0); [`SignedTx::sign`] fills the signature in.
    pub fn unsigned(key: &AccountKey, messages: Vec<M>, memo: String) -> Self {
        SignedTx {
            body: Body {
                messages,
                memo,
                timeout_height: "0".into(),
                unordered: false,
                timeout_timestamp: None,
                extension_options: vec![],
                non_critical_extension_options: vec![],
            },
            auth_info: AuthInfo {
                signer_infos: vec![SignerInfo {
                    public_key: key.public().to_json(),
                    mode_info: ModeInfo { single: Single { mode: SIGN_MODE_DIRECT.into() } },
                    sequence: "0".into(),
                }],
                fee: Fee {
                    amount: vec![],
                    gas_limit: DEFAULT_GAS.to_string(),
                    payer: String::new(),
                    granter: String::new(),
                },
                tip: None,
            },
            signatures: vec![String::new()],
        }
    }

    pub fn sign(mut self, key: &AccountKey, chain_id: &ChainId) -> Result<Self, GentxError> {
        let doc = self.sign_doc_bytes(chain_id)?;
        self.signatures = vec![B64.encode(key.sign(&doc))];
        Ok(self)
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, GentxError> {
        serde_json::from_slice(bytes).map_err(|e| GentxError::Json(e.to_string()))
    }

    pub fn from_value(v: &Value) -> Result<Self, GentxError> {
        serde_json::from_value(v.clone()).map_err(|e| GentxError::Json(e.to_string()))
    }

    /// One-line JSON, as the SDK writes gentx files.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    fn body_bytes(&self) -> Result<Vec<u8>, GentxError> {
        if self.body.timeout_timestamp.as_ref().is_some_and(|v| !v.is_null()) {
            return Err(GentxError::Unsupported { field: "body.timeout_timestamp", reason: "must be null".into() });
        }
        if !self.body.extension_options.is_empty() || !self.body.non_critical_extension_options.is_empty() {
            return Err(GentxError::Unsupported { field: "body.extension_options", reason: "must be empty".into() });
        }
        let messages = self.body.messages.iter().map(TxMessage::to_any).collect::<Result<Vec<_>, _>>()?;
        let timeout_height = self.body.timeout_height.parse::<u64>().map_err(|e| field("body.timeout_height", e))?;
        Ok(TxBodyProto { messages, memo: self.body.memo.clone(), timeout_height, unordered: self.body.unordered }
            .encode_to_vec())
    }

    /// The one signer's key and sequence; the tx must be SIGN_MODE_DIRECT.
    pub fn signer(&self) -> Result<(AccountPubKey, u64), GentxError> {
        let infos = &self.auth_info.signer_infos;
        if infos.len() != 1 || self.signatures.len() != 1 {
            return Err(GentxError::Signers { signers: infos.len(), signatures: self.signatures.len() });
        }
        let info = &infos[0];
        if info.mode_info.single.mode != SIGN_MODE_DIRECT {
            return Err(GentxError::SignMode(info.mode_info.single.mode.clone()));
        }
        let key = AccountPubKey::from_json(&info.public_key).map_err(|e| field("signer public_key", e))?;
        let sequence = info.sequence.parse::<u64>().map_err(|e| field("sequence", e))?;
        Ok((key, sequence))
    }

    fn auth_info_bytes(&self) -> Result<Vec<u8>, GentxError> {
        let (key, sequence) = self.signer()?;
        if self.auth_info.tip.as_ref().is_some_and(|v| !v.is_null()) {
            return Err(GentxError::Unsupported { field: "auth_info.tip", reason: "must be null".into() });
        }
        let fee = &self.auth_info.fee;
        let amount = fee
            .amount
            .iter()
            .map(|c| {
                Coin::from_parts(&c.amount, &c.denom)
                    .map(|_| ProtoCoin { denom: c.denom.clone(), amount: c.amount.clone() })
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| field("fee.amount", e))?;
        // `tip` is deprecated in the SDK; genesis transactions carry none.
        #[allow(deprecated)]
        Ok(tx::AuthInfo {
            signer_infos: vec![tx::SignerInfo {
                public_key: Some(key.to_any()),
                mode_info: Some(tx::ModeInfo {
                    sum: Some(tx::mode_info::Sum::Single(tx::mode_info::Single {
                        mode: cosmos_sdk_proto::cosmos::tx::signing::v1beta1::SignMode::Direct as i32,
                    })),
                }),
                sequence,
            }],
            fee: Some(tx::Fee {
                amount,
                gas_limit: fee.gas_limit.parse().map_err(|e| field("fee.gas_limit", e))?,
                payer: fee.payer.clone(),
                granter: fee.granter.clone(),
            }),
            tip: None,
        }
        .encode_to_vec())
    }

    /// The protobuf `SignDoc` the signature covers.
    pub fn sign_doc_bytes(&self, chain_id: &ChainId) -> Result<Vec<u8>, GentxError> {
        Ok(tx::SignDoc {
            body_bytes: self.body_bytes()?,
            auth_info_bytes: self.auth_info_bytes()?,
            chain_id: chain_id.to_string(),
            account_number: GENTX_ACCOUNT_NUMBER,
        }
        .encode_to_vec())
    }

    /// Checks the one signature over the re-encoded `SignDoc`; returns the signer's key.
    pub fn verify_signature(&self, chain_id: &ChainId) -> Result<AccountPubKey, GentxError> {
        let (signer, _) = self.signer()?;
        let sig_bytes = B64.decode(&self.signatures[0]).map_err(|_| field("signature", "not base64"))?;
        let sig = k256::ecdsa::Signature::from_slice(&sig_bytes)
            .map_err(|_| field("signature", "not a 64-byte secp256k1 signature"))?;
        // The SDK refuses high-S signatures (malleability); k256 would accept them.
        if sig.normalize_s().is_some() {
            return Err(GentxError::Signature { chain_id: chain_id.to_string() });
        }
        let doc = self.sign_doc_bytes(chain_id)?;
        signer.0.verify(&doc, &sig).map_err(|_| GentxError::Signature { chain_id: chain_id.to_string() })?;
        Ok(signer)
    }
}
