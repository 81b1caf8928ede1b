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
use crate::tx::{field, SignedTx, TxMessage};
use crate::{Address, ChainId, Coin, ConsensusPubKey};
use cosmos_sdk_proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use cosmos_sdk_proto::cosmos::staking::v1beta1 as staking;
use cosmos_sdk_proto::Any;
use prost::Message;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::tx::{
    AuthInfo, Body, CoinJson, Fee, GentxError, ModeInfo, SignerInfo, Single, DEFAULT_GAS, GENTX_ACCOUNT_NUMBER,
    MSG_CREATE_VALIDATOR, SIGN_MODE_DIRECT,
};

/// A gentx: one `MsgCreateValidator`, self-signed.
pub type GenTx = SignedTx<CreateValidator>;

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

impl TxMessage for CreateValidator {
    fn to_any(&self) -> Result<Any, GentxError> {
        if self.type_url != MSG_CREATE_VALIDATOR {
            return Err(GentxError::MessageType(self.type_url.clone()));
        }
        let m = self;
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
        Ok(Any { type_url: MSG_CREATE_VALIDATOR.into(), value: msg.encode_to_vec() })
    }
}

impl GenTx {
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

    /// Checks everything a gentx can prove on its own. Whether its account is funded is the
    /// genesis' business ([`crate::Genesis::check_gentx`]).
    pub fn verify(&self, chain_id: &ChainId) -> Result<VerifiedGentx, GentxError> {
        let m = self.message()?;
        let signer = self.verify_signature(chain_id)?;

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
        let message = CreateValidator {
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
        };
        let gentx = GenTx::unsigned(p.key, vec![message], p.memo).sign(p.key, p.chain_id)?;
        Ok(gentx)
    }
}
