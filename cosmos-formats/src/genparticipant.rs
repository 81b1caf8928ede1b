//! The genparticipant file: the second file the real `inferenced genesis gentx` writes.
//!
//! One transaction, signed SIGN_MODE_DIRECT by the validator's account ("cold") key with
//! account number 0: a `MsgSubmitNewParticipant` (the participant's public URL and consensus
//! key) followed by one authz `MsgGrant` of a `GenericAuthorization` per message type in
//! [`INFERENCE_OPERATION_KEY_PERMS`], from the cold key to the ML operational ("warm") key, all
//! expiring at the same instant. The coordinator's `genesis patch-genesis` verifies it and
//! writes the participant, the grants and the warm key's account into the genesis.
//!
//! Matches gonka-ai/gonka `inference-chain/cmd/inferenced/cmd/custom_gentx.go` (building),
//! `patch_genesis.go` (applying), `x/inference/permissions.go` (the grant list) and
//! `proto/inference/inference/tx.proto` (the message).

use crate::address::Address;
use crate::gentx::{GentxError, VerifiedGentx};
use crate::hd::AccountKey;
use crate::tx::{field, SignedTx, TxMessage};
use crate::{ChainId, ConsensusPubKey};
use cosmos_sdk_proto::cosmos::authz::v1beta1 as authz;
use cosmos_sdk_proto::Any;
use prost::Message;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub const MSG_SUBMIT_NEW_PARTICIPANT: &str = "/inference.inference.MsgSubmitNewParticipant";
pub const MSG_GRANT: &str = "/cosmos.authz.v1beta1.MsgGrant";
pub const GENERIC_AUTHORIZATION: &str = "/cosmos.authz.v1beta1.GenericAuthorization";

/// `InferenceOperationKeyPerms` of `x/inference/permissions.go`, in its order: what the warm
/// key may do on the cold key's behalf.
pub const INFERENCE_OPERATION_KEY_PERMS: [&str; 25] = [
    "/inference.inference.MsgStartInference",
    "/inference.inference.MsgFinishInference",
    "/inference.inference.MsgClaimRewards",
    "/inference.inference.MsgValidation",
    "/inference.inference.MsgSubmitPocBatch",
    "/inference.inference.MsgSubmitPocValidation",
    "/inference.inference.MsgSubmitSeed",
    "/inference.inference.MsgBridgeExchange",
    "/inference.inference.MsgSubmitTrainingKvRecord",
    "/inference.inference.MsgJoinTraining",
    "/inference.inference.MsgJoinTrainingStatus",
    "/inference.inference.MsgTrainingHeartbeat",
    "/inference.inference.MsgSetBarrier",
    "/inference.inference.MsgClaimTrainingTaskForAssignment",
    "/inference.inference.MsgAssignTrainingTask",
    "/inference.inference.MsgSubmitNewUnfundedParticipant",
    "/inference.inference.MsgSubmitNewParticipant",
    "/inference.inference.MsgSubmitHardwareDiff",
    "/inference.inference.MsgInvalidateInference",
    "/inference.inference.MsgRevalidateInference",
    "/inference.bls.MsgSubmitDealerPart",
    "/inference.bls.MsgSubmitVerificationVector",
    "/inference.bls.MsgRequestThresholdSignature",
    "/inference.bls.MsgSubmitPartialSignature",
    "/inference.bls.MsgSubmitGroupKeyValidationSignature",
];

/// A genparticipant transaction.
pub type GenParticipantTx = SignedTx<ParticipantMsg>;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "@type")]
pub enum ParticipantMsg {
    #[serde(rename = "/inference.inference.MsgSubmitNewParticipant")]
    SubmitNewParticipant(SubmitNewParticipant),
    #[serde(rename = "/cosmos.authz.v1beta1.MsgGrant")]
    Grant(MsgGrant),
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SubmitNewParticipant {
    pub creator: String,
    pub url: String,
    pub validator_key: String,
    pub worker_key: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MsgGrant {
    pub granter: String,
    pub grantee: String,
    pub grant: Grant,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    pub authorization: GenericAuthorization,
    pub expiration: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GenericAuthorization {
    #[serde(rename = "@type")]
    pub type_url: String,
    pub msg: String,
}

/// `inference.inference.MsgSubmitNewParticipant` (tx.proto): creator = 1, url = 2,
/// validator_key = 3, worker_key = 4.
#[derive(Clone, PartialEq, prost::Message)]
struct MsgSubmitNewParticipantProto {
    #[prost(string, tag = "1")]
    creator: String,
    #[prost(string, tag = "2")]
    url: String,
    #[prost(string, tag = "3")]
    validator_key: String,
    #[prost(string, tag = "4")]
    worker_key: String,
}

/// An RFC 3339 UTC timestamp as protobuf JSON carries it ("…Z", any fraction).
pub fn parse_timestamp(s: &str) -> Result<OffsetDateTime, String> {
    if !s.ends_with('Z') {
        return Err(format!("{s:?} is not an RFC 3339 UTC timestamp (…Z)"));
    }
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).map_err(|e| format!("{s:?}: {e}"))
}

/// Go's protojson form of a Timestamp: UTC, with 0, 3, 6 or 9 fractional digits.
// `is_multiple_of` is newer than the workspace's rust-version (1.85).
#[allow(clippy::manual_is_multiple_of)]
pub fn format_timestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let base = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    let nanos = t.nanosecond();
    let frac = if nanos == 0 {
        String::new()
    } else if nanos % 1_000_000 == 0 {
        format!(".{:03}", nanos / 1_000_000)
    } else if nanos % 1_000 == 0 {
        format!(".{:06}", nanos / 1_000)
    } else {
        format!(".{nanos:09}")
    };
    format!("{base}{frac}Z")
}

fn proto_timestamp(t: OffsetDateTime) -> tendermint_proto_timestamp::Timestamp {
    tendermint_proto_timestamp::Timestamp { seconds: t.unix_timestamp(), nanos: t.nanosecond() as i32 }
}

/// The Timestamp type the authz protos are generated against.
mod tendermint_proto_timestamp {
    pub use cosmos_sdk_proto::tendermint::google::protobuf::Timestamp;
}

impl TxMessage for ParticipantMsg {
    fn to_any(&self) -> Result<Any, GentxError> {
        match self {
            ParticipantMsg::SubmitNewParticipant(m) => Ok(Any {
                type_url: MSG_SUBMIT_NEW_PARTICIPANT.into(),
                value: MsgSubmitNewParticipantProto {
                    creator: m.creator.clone(),
                    url: m.url.clone(),
                    validator_key: m.validator_key.clone(),
                    worker_key: m.worker_key.clone(),
                }
                .encode_to_vec(),
            }),
            ParticipantMsg::Grant(g) => {
                if g.grant.authorization.type_url != GENERIC_AUTHORIZATION {
                    return Err(GentxError::MessageType(g.grant.authorization.type_url.clone()));
                }
                let expiration = parse_timestamp(&g.grant.expiration).map_err(|e| field("grant.expiration", e))?;
                let msg = authz::MsgGrant {
                    granter: g.granter.clone(),
                    grantee: g.grantee.clone(),
                    grant: Some(authz::Grant {
                        authorization: Some(Any {
                            type_url: GENERIC_AUTHORIZATION.into(),
                            value: authz::GenericAuthorization { msg: g.grant.authorization.msg.clone() }
                                .encode_to_vec(),
                        }),
                        expiration: Some(proto_timestamp(expiration)),
                    }),
                };
                Ok(Any { type_url: MSG_GRANT.into(), value: msg.encode_to_vec() })
            }
        }
    }
}

/// What a verified genparticipant file establishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedGenParticipant {
    /// The cold key's account: creator, granter and signer.
    pub creator: Address,
    pub account_prefix: String,
    pub url: String,
    pub validator_key: ConsensusPubKey,
    /// The ML operational (warm) key's account: grantee of every grant.
    pub warm: Address,
    /// Every grant's expiration (they are one instant).
    pub expiration: OffsetDateTime,
}

impl VerifiedGenParticipant {
    pub fn creator_bech32(&self) -> String {
        self.creator.to_bech32(&self.account_prefix).unwrap_or_default()
    }

    pub fn warm_bech32(&self) -> String {
        self.warm.to_bech32(&self.account_prefix).unwrap_or_default()
    }

    /// The gentx of the same validator: same signer, same consensus key.
    pub fn matches_gentx(&self, g: &VerifiedGentx) -> Result<(), GentxError> {
        if g.account != self.creator {
            return Err(field(
                "creator",
                format!("{} is not the gentx's signer {}", self.creator_bech32(), g.account_bech32()),
            ));
        }
        if g.consensus_pubkey != self.validator_key {
            return Err(field("validator_key", "is not the consensus key of the validator's gentx"));
        }
        Ok(())
    }
}

/// Everything `genesis gentx` needs for the genparticipant file.
pub struct GenParticipantParams<'a> {
    pub key: &'a AccountKey,
    pub account_prefix: &'a str,
    pub chain_id: &'a ChainId,
    pub url: &'a str,
    pub validator_key: &'a ConsensusPubKey,
    pub warm: &'a Address,
    pub expiration: OffsetDateTime,
}

/// `MsgSubmitNewParticipant`'s URL rule (ValidateBasic in gonka's `x/inference`): an
/// absolute http(s) URL with a host.
pub fn validate_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .ok_or_else(|| format!("{url:?} is not an http:// or https:// URL"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("{url:?} has no host"));
    }
    Ok(())
}

fn check_url(url: &str) -> Result<(), GentxError> {
    validate_url(url).map_err(|e| field("url", e))
}

impl GenParticipantTx {
    /// Builds and signs the genparticipant transaction.
    pub fn build(p: GenParticipantParams<'_>) -> Result<GenParticipantTx, GentxError> {
        check_url(p.url)?;
        let creator = p.key.address().to_bech32(p.account_prefix).map_err(|e| field("prefix", e))?;
        let grantee = p.warm.to_bech32(p.account_prefix).map_err(|e| field("prefix", e))?;
        let expiration = format_timestamp(p.expiration);
        let mut messages = vec![ParticipantMsg::SubmitNewParticipant(SubmitNewParticipant {
            creator: creator.clone(),
            url: p.url.to_string(),
            validator_key: p.validator_key.base64(),
            worker_key: String::new(),
        })];
        messages.extend(INFERENCE_OPERATION_KEY_PERMS.iter().map(|perm| {
            ParticipantMsg::Grant(MsgGrant {
                granter: creator.clone(),
                grantee: grantee.clone(),
                grant: Grant {
                    authorization: GenericAuthorization {
                        type_url: GENERIC_AUTHORIZATION.into(),
                        msg: perm.to_string(),
                    },
                    expiration: expiration.clone(),
                },
            })
        }));
        GenParticipantTx::unsigned(p.key, messages, String::new()).sign(p.key, p.chain_id)
    }

    /// Checks the signature and the shape `genesis gentx` gives the file: the participant
    /// message from the signer, then exactly the operation-key grants, in order, from the
    /// signer to one warm key, expiring together.
    pub fn verify(&self, chain_id: &ChainId) -> Result<VerifiedGenParticipant, GentxError> {
        let signer = self.verify_signature(chain_id)?.address();
        let (first, grants) = match self.body.messages.split_first() {
            Some((ParticipantMsg::SubmitNewParticipant(m), rest)) => (m, rest),
            Some(_) => {
                return Err(field("messages", format!("the first message must be {MSG_SUBMIT_NEW_PARTICIPANT}")))
            }
            None => return Err(GentxError::MessageCount(0)),
        };
        let (account_prefix, creator) = Address::decode(&first.creator).map_err(|e| field("creator", e))?;
        if creator != signer {
            return Err(field("creator", format!("{} is not the signer", first.creator)));
        }
        check_url(&first.url)?;
        let validator_key =
            ConsensusPubKey::from_base64(&first.validator_key).map_err(|e| field("validator_key", e))?;
        if !first.worker_key.is_empty() {
            return Err(field("worker_key", "genesis gentx leaves it empty"));
        }
        if grants.len() != INFERENCE_OPERATION_KEY_PERMS.len() {
            return Err(field(
                "messages",
                format!(
                    "{} grants, expected one per operation-key permission ({})",
                    grants.len(),
                    INFERENCE_OPERATION_KEY_PERMS.len()
                ),
            ));
        }
        let mut warm: Option<(String, Address)> = None;
        let mut expiration: Option<(String, OffsetDateTime)> = None;
        for (msg, perm) in grants.iter().zip(INFERENCE_OPERATION_KEY_PERMS) {
            let ParticipantMsg::Grant(g) = msg else {
                return Err(field("messages", format!("{MSG_SUBMIT_NEW_PARTICIPANT} may appear only once, first")));
            };
            if g.granter != first.creator {
                return Err(field("granter", format!("{} is not the creator {}", g.granter, first.creator)));
            }
            if g.grant.authorization.msg != perm {
                return Err(field("grant", format!("grants {:?} where {perm:?} belongs", g.grant.authorization.msg)));
            }
            match &warm {
                None => {
                    let grantee = Address::parse(&g.grantee, &account_prefix).map_err(|e| field("grantee", e))?;
                    if grantee == creator {
                        return Err(field("grantee", "the warm key must not be the cold key"));
                    }
                    warm = Some((g.grantee.clone(), grantee));
                }
                Some((w, _)) if *w != g.grantee => {
                    return Err(field("grantee", format!("{} differs from the first grant's {w}", g.grantee)))
                }
                Some(_) => {}
            }
            match &expiration {
                None => {
                    let t = parse_timestamp(&g.grant.expiration).map_err(|e| field("grant.expiration", e))?;
                    expiration = Some((g.grant.expiration.clone(), t));
                }
                Some((e, _)) if *e != g.grant.expiration => {
                    return Err(field("grant.expiration", "the grants expire at different instants"))
                }
                Some(_) => {}
            }
        }
        let (Some((_, warm)), Some((_, expiration))) = (warm, expiration) else {
            return Err(field("messages", "no grants"));
        };
        Ok(VerifiedGenParticipant { creator, account_prefix, url: first.url.clone(), validator_key, warm, expiration })
    }
}
