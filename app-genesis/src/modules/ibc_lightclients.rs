//! Schema of the `ibc_lightclients` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/ics23/v1/proofs.proto`
//! - `ibc/lightclients/localhost/v2/localhost.proto`
//! - `ibc/lightclients/solomachine/v3/solomachine.proto`
//! - `ibc/lightclients/tendermint/v1/tendermint.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_ICS23_V1_HASHOP: EnumDef = EnumDef {
    full_name: "cosmos.ics23.v1.HashOp",
    values: &[
        ("NO_HASH", 0),
        ("SHA256", 1),
        ("SHA512", 2),
        ("KECCAK", 3),
        ("RIPEMD160", 4),
        ("BITCOIN", 5),
        ("SHA512_256", 6),
    ],
};

pub static COSMOS_ICS23_V1_INNERSPEC: Message = Message {
    full_name: "cosmos.ics23.v1.InnerSpec",
    fields: &[
        Field {
            name: "child_order",
            json_name: "childOrder",
            ty: Type::I32,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "child_size",
            json_name: "childSize",
            ty: Type::I32,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "min_prefix_length",
            json_name: "minPrefixLength",
            ty: Type::I32,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "max_prefix_length",
            json_name: "maxPrefixLength",
            ty: Type::I32,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "empty_child",
            json_name: "emptyChild",
            ty: Type::Bytes,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "hash",
            json_name: "hash",
            ty: Type::Enum(&crate::modules::ibc_lightclients::COSMOS_ICS23_V1_HASHOP),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_ICS23_V1_LEAFOP: Message = Message {
    full_name: "cosmos.ics23.v1.LeafOp",
    fields: &[
        Field {
            name: "hash",
            json_name: "hash",
            ty: Type::Enum(&crate::modules::ibc_lightclients::COSMOS_ICS23_V1_HASHOP),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "prehash_key",
            json_name: "prehashKey",
            ty: Type::Enum(&crate::modules::ibc_lightclients::COSMOS_ICS23_V1_HASHOP),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "prehash_value",
            json_name: "prehashValue",
            ty: Type::Enum(&crate::modules::ibc_lightclients::COSMOS_ICS23_V1_HASHOP),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "length",
            json_name: "length",
            ty: Type::Enum(&crate::modules::ibc_lightclients::COSMOS_ICS23_V1_LENGTHOP),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "prefix", json_name: "prefix", ty: Type::Bytes, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMOS_ICS23_V1_LENGTHOP: EnumDef = EnumDef {
    full_name: "cosmos.ics23.v1.LengthOp",
    values: &[
        ("NO_PREFIX", 0),
        ("VAR_PROTO", 1),
        ("VAR_RLP", 2),
        ("FIXED32_BIG", 3),
        ("FIXED32_LITTLE", 4),
        ("FIXED64_BIG", 5),
        ("FIXED64_LITTLE", 6),
        ("REQUIRE_32_BYTES", 7),
        ("REQUIRE_64_BYTES", 8),
    ],
};

pub static COSMOS_ICS23_V1_PROOFSPEC: Message = Message {
    full_name: "cosmos.ics23.v1.ProofSpec",
    fields: &[
        Field {
            name: "leaf_spec",
            json_name: "leafSpec",
            ty: Type::Msg(&crate::modules::ibc_lightclients::COSMOS_ICS23_V1_LEAFOP),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "inner_spec",
            json_name: "innerSpec",
            ty: Type::Msg(&crate::modules::ibc_lightclients::COSMOS_ICS23_V1_INNERSPEC),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "max_depth", json_name: "maxDepth", ty: Type::I32, card: Card::One, nullable: true, oneof: None },
        Field { name: "min_depth", json_name: "minDepth", ty: Type::I32, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "prehash_key_before_comparison",
            json_name: "prehashKeyBeforeComparison",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_LIGHTCLIENTS_LOCALHOST_V2_CLIENTSTATE: Message = Message {
    full_name: "ibc.lightclients.localhost.v2.ClientState",
    fields: &[Field {
        name: "latest_height",
        json_name: "latestHeight",
        ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CLIENT_V1_HEIGHT),
        card: Card::One,
        nullable: false,
        oneof: None,
    }],
};

pub static IBC_LIGHTCLIENTS_SOLOMACHINE_V3_CLIENTSTATE: Message = Message {
    full_name: "ibc.lightclients.solomachine.v3.ClientState",
    fields: &[
        Field { name: "sequence", json_name: "sequence", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "is_frozen",
            json_name: "isFrozen",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "consensus_state",
            json_name: "consensusState",
            ty: Type::Msg(&crate::modules::ibc_lightclients::IBC_LIGHTCLIENTS_SOLOMACHINE_V3_CONSENSUSSTATE),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_LIGHTCLIENTS_SOLOMACHINE_V3_CONSENSUSSTATE: Message = Message {
    full_name: "ibc.lightclients.solomachine.v3.ConsensusState",
    fields: &[
        Field {
            name: "public_key",
            json_name: "publicKey",
            ty: Type::Any(&crate::modules::interfaces::COSMOS_CRYPTO_PUBKEY),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "diversifier",
            json_name: "diversifier",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "timestamp",
            json_name: "timestamp",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_LIGHTCLIENTS_TENDERMINT_V1_CLIENTSTATE: Message = Message {
    full_name: "ibc.lightclients.tendermint.v1.ClientState",
    fields: &[
        Field { name: "chain_id", json_name: "chainId", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "trust_level",
            json_name: "trustLevel",
            ty: Type::Msg(&crate::modules::ibc_lightclients::IBC_LIGHTCLIENTS_TENDERMINT_V1_FRACTION),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "trusting_period",
            json_name: "trustingPeriod",
            ty: Type::Duration,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "unbonding_period",
            json_name: "unbondingPeriod",
            ty: Type::Duration,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "max_clock_drift",
            json_name: "maxClockDrift",
            ty: Type::Duration,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "frozen_height",
            json_name: "frozenHeight",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CLIENT_V1_HEIGHT),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "latest_height",
            json_name: "latestHeight",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CLIENT_V1_HEIGHT),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "proof_specs",
            json_name: "proofSpecs",
            ty: Type::Msg(&crate::modules::ibc_lightclients::COSMOS_ICS23_V1_PROOFSPEC),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "upgrade_path",
            json_name: "upgradePath",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "allow_update_after_expiry",
            json_name: "allowUpdateAfterExpiry",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "allow_update_after_misbehaviour",
            json_name: "allowUpdateAfterMisbehaviour",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_LIGHTCLIENTS_TENDERMINT_V1_CONSENSUSSTATE: Message = Message {
    full_name: "ibc.lightclients.tendermint.v1.ConsensusState",
    fields: &[
        Field {
            name: "timestamp",
            json_name: "timestamp",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "root",
            json_name: "root",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_COMMITMENT_V1_MERKLEROOT),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "next_validators_hash",
            json_name: "nextValidatorsHash",
            ty: Type::HexBytes,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_LIGHTCLIENTS_TENDERMINT_V1_FRACTION: Message = Message {
    full_name: "ibc.lightclients.tendermint.v1.Fraction",
    fields: &[
        Field {
            name: "numerator",
            json_name: "numerator",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "denominator",
            json_name: "denominator",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};
