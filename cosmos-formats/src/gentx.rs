//! Genesis transactions: a `MsgCreateValidator` signed SIGN_MODE_DIRECT with account number 0.
//!
//! The JSON model below mirrors, field for field and in the same order, what the SDK writes
//! (see the gonka-mainnet fixtures). A gentx carries no body bytes, so verification re-encodes
//! the body and auth info to protobuf exactly as the SDK does when it decodes the JSON, then
//! checks the secp256k1 signature over the `SignDoc`. One function verifies for
//! `collect-gentxs`, `genesis validate` and the runner's `verify`.

use crate::address::VALOPER_SUFFIX;
use crate::dec::Dec;
use crate::hd::AccountKey;
use crate::{AccountPubKey, Address, ChainId, Coin, ConsensusPubKey};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking;
use cosmos_sdk_proto::cosmos::tx::v1beta1 as tx;
use cosmos_sdk_proto::Any;
use k256::ecdsa::signature::Verifier;
use prost::Message;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const MSG_CREATE_VALIDATOR: &str = "/cosmos.staking.v1beta1.MsgCreateValidator";
pub const SIGN_MODE_DIRECT: &str = "SIGN_MODE_DIRECT";
/// Gentxs are signed before any account exists on chain, so account number and sequence are 0.
pub const GENTX_ACCOUNT_NUMBER: u64 = 0;
pub const DEFAULT_GAS: u64 = 200_000;

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

fn field(field: &'static str, reason: impl ToString) -> GentxError {
    GentxError::Field { field, reason: reason.to_string() }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GenTx {
    pub body: Body,
    pub auth_info: AuthInfo,
    pub signatures: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub messages: Vec<CreateValidator>,
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
pub struct CreateValidator {
    #[serde(rename = "@type")]
    pub type_url: String,
    pub description: Description,
    pub commission: Commission,
    pub min_self_delegation: String,
    pub delegator_address: String,
    pub validator_address: String,
    pub pubkey: Value,
    pub value: CoinJson,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct Description {
    pub moniker: String,
    pub identity: String,
    pub website: String,
    pub security_contact: String,
    pub details: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Commission {
    pub rate: String,
    pub max_rate: String,
    pub max_change_rate: String,
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

/// What a verified gentx establishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedGentx {
    pub moniker: String,
    /// The account that signed and self-delegates (same bytes as the operator address).
    pub account: Address,
    /// The bech32 prefix of accounts (`gonka`), taken from the operator address.
    pub account_prefix: String,
    pub operator_address: String,
    pub consensus_pubkey: ConsensusPubKey,
    pub self_delegation: Coin,
    pub memo: String,
}

impl VerifiedGentx {
    pub fn account_bech32(&self) -> String {
        self.account.to_bech32(&self.account_prefix).unwrap_or_default()
    }
}

/// Everything `genesis gentx` needs to build one.
pub struct GentxParams<'a> {
    pub key: &'a AccountKey,
    pub account_prefix: &'a str,
    pub chain_id: &'a ChainId,
    pub description: Description,
    pub consensus_pubkey: ConsensusPubKey,
    pub amount: Coin,
    pub commission_rate: Dec,
    pub commission_max_rate: Dec,
    pub commission_max_change_rate: Dec,
    pub min_self_delegation: u128,
    pub memo: String,
}

/// The SDK's defaults for `gentx` commission (`--commission-rate 0.1` etc.).
pub fn default_commission() -> (Dec, Dec, Dec) {
    let d = |s: &str| s.parse::<Dec>().unwrap_or(Dec::ONE);
    (d("0.1"), d("0.2"), d("0.01"))
}

impl GenTx {
    pub fn parse(bytes: &[u8]) -> Result<GenTx, GentxError> {
        serde_json::from_slice(bytes).map_err(|e| GentxError::Json(e.to_string()))
    }

    pub fn from_value(v: &Value) -> Result<GenTx, GentxError> {
        serde_json::from_value(v.clone()).map_err(|e| GentxError::Json(e.to_string()))
    }

    /// One-line JSON, as the SDK writes gentx files.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    fn message(&self) -> Result<&CreateValidator, GentxError> {
        match self.body.messages.as_slice() {
            [m] if m.type_url == MSG_CREATE_VALIDATOR => Ok(m),
            [m] => Err(GentxError::MessageType(m.type_url.clone())),
            ms => Err(GentxError::MessageCount(ms.len())),
        }
    }

    pub fn moniker(&self) -> Option<&str> {
        self.body.messages.first().map(|m| m.description.moniker.as_str())
    }

    fn body_bytes(&self) -> Result<Vec<u8>, GentxError> {
        let m = self.message()?;
        if self.body.timeout_timestamp.as_ref().is_some_and(|v| !v.is_null()) {
            return Err(GentxError::Unsupported { field: "body.timeout_timestamp", reason: "must be null".into() });
        }
        if !self.body.extension_options.is_empty() || !self.body.non_critical_extension_options.is_empty() {
            return Err(GentxError::Unsupported { field: "body.extension_options", reason: "must be empty".into() });
        }
        let dec = |name: &'static str, s: &str| -> Result<String, GentxError> {
            s.parse::<Dec>().map(Dec::to_proto_string).map_err(|e| field(name, e))
        };
        let pubkey = ConsensusPubKey::from_json(&m.pubkey).map_err(|e| field("pubkey", e))?;
        // delegator_address is deprecated in the SDK but still a signed field of the message.
        #[allow(deprecated)]
        let msg = staking::MsgCreateValidator {
            description: Some(staking::Description {
                moniker: m.description.moniker.clone(),
                identity: m.description.identity.clone(),
                website: m.description.website.clone(),
                security_contact: m.description.security_contact.clone(),
                details: m.description.details.clone(),
            }),
            commission: Some(staking::CommissionRates {
                rate: dec("commission.rate", &m.commission.rate)?,
                max_rate: dec("commission.max_rate", &m.commission.max_rate)?,
                max_change_rate: dec("commission.max_change_rate", &m.commission.max_change_rate)?,
            }),
            min_self_delegation: m.min_self_delegation.clone(),
            delegator_address: m.delegator_address.clone(),
            validator_address: m.validator_address.clone(),
            pubkey: Some(pubkey.to_any()),
            value: Some(ProtoCoin { denom: m.value.denom.clone(), amount: m.value.amount.clone() }),
        };
        let timeout_height = self.body.timeout_height.parse::<u64>().map_err(|e| field("body.timeout_height", e))?;
        Ok(TxBodyProto {
            messages: vec![Any { type_url: MSG_CREATE_VALIDATOR.into(), value: msg.encode_to_vec() }],
            memo: self.body.memo.clone(),
            timeout_height,
            unordered: self.body.unordered,
        }
        .encode_to_vec())
    }

    fn signer(&self) -> Result<(AccountPubKey, u64), GentxError> {
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
        // `tip` is deprecated in the SDK; gentxs carry none.
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

    /// Checks everything a gentx can prove on its own. Whether its account is funded is the
    /// genesis' business ([`crate::Genesis::check_gentx`]).
    pub fn verify(&self, chain_id: &ChainId) -> Result<VerifiedGentx, GentxError> {
        let m = self.message()?;
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

        let (val_prefix, operator) =
            Address::decode(&m.validator_address).map_err(|e| field("validator_address", e))?;
        let account_prefix = val_prefix
            .strip_suffix(VALOPER_SUFFIX)
            .filter(|p| !p.is_empty())
            .ok_or_else(|| field("validator_address", format!("prefix {val_prefix:?} is not an operator prefix")))?
            .to_string();
        let account = signer.address();
        if operator != account {
            return Err(GentxError::OperatorMismatch {
                validator: m.validator_address.clone(),
                signer: account.to_bech32(&account_prefix).unwrap_or_default(),
            });
        }
        if !m.delegator_address.is_empty() {
            let d = Address::parse(&m.delegator_address, &account_prefix).map_err(|e| field("delegator_address", e))?;
            if d != account {
                return Err(field("delegator_address", "is not the signer"));
            }
        }
        let moniker = m.description.moniker.trim();
        if moniker.is_empty() {
            return Err(field("description.moniker", "empty"));
        }
        let rate: Dec = m.commission.rate.parse().map_err(|e| field("commission.rate", e))?;
        let max_rate: Dec = m.commission.max_rate.parse().map_err(|e| field("commission.max_rate", e))?;
        let max_change: Dec =
            m.commission.max_change_rate.parse().map_err(|e| field("commission.max_change_rate", e))?;
        if max_rate > Dec::ONE || rate > max_rate || max_change > max_rate {
            return Err(field("commission", "need rate <= max_rate <= 1 and max_change_rate <= max_rate"));
        }
        let value = Coin::from_parts(&m.value.amount, &m.value.denom).map_err(|e| field("value", e))?;
        let min_self: u128 = m.min_self_delegation.parse().map_err(|e| field("min_self_delegation", e))?;
        if value.amount == 0 || min_self == 0 || value.amount < min_self {
            return Err(field("value", "self-delegation must be positive and at least min_self_delegation"));
        }
        Ok(VerifiedGentx {
            moniker: moniker.to_string(),
            account,
            operator_address: m.validator_address.clone(),
            account_prefix,
            consensus_pubkey: ConsensusPubKey::from_json(&m.pubkey).map_err(|e| field("pubkey", e))?,
            self_delegation: value,
            memo: self.body.memo.clone(),
        })
    }

    /// Builds and signs a gentx (what `genesis gentx` does).
    pub fn build(p: GentxParams<'_>) -> Result<GenTx, GentxError> {
        let operator = p
            .key
            .address()
            .to_bech32(&format!("{}{VALOPER_SUFFIX}", p.account_prefix))
            .map_err(|e| field("prefix", e))?;
        let mut gentx = GenTx {
            body: Body {
                messages: vec![CreateValidator {
                    type_url: MSG_CREATE_VALIDATOR.into(),
                    description: p.description,
                    commission: Commission {
                        rate: p.commission_rate.to_string(),
                        max_rate: p.commission_max_rate.to_string(),
                        max_change_rate: p.commission_max_change_rate.to_string(),
                    },
                    min_self_delegation: p.min_self_delegation.to_string(),
                    delegator_address: String::new(),
                    validator_address: operator,
                    pubkey: p.consensus_pubkey.to_json(),
                    value: CoinJson { denom: p.amount.denom.to_string(), amount: p.amount.amount.to_string() },
                }],
                memo: p.memo,
                timeout_height: "0".into(),
                unordered: false,
                timeout_timestamp: None,
                extension_options: vec![],
                non_critical_extension_options: vec![],
            },
            auth_info: AuthInfo {
                signer_infos: vec![SignerInfo {
                    public_key: p.key.public().to_json(),
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
        };
        let doc = gentx.sign_doc_bytes(p.chain_id)?;
        gentx.signatures = vec![B64.encode(p.key.sign(&doc))];
        Ok(gentx)
    }
}
