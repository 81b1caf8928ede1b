//! Schema of the `slashing` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/slashing/v1beta1/genesis.proto`
//! - `cosmos/slashing/v1beta1/slashing.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_SLASHING_V1BETA1_GENESISSTATE: Message = Message {
    full_name: "cosmos.slashing.v1beta1.GenesisState",
    fields: &[
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::slashing::COSMOS_SLASHING_V1BETA1_PARAMS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "signing_infos",
            json_name: "signingInfos",
            ty: Type::Msg(&crate::modules::slashing::COSMOS_SLASHING_V1BETA1_SIGNINGINFO),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "missed_blocks",
            json_name: "missedBlocks",
            ty: Type::Msg(&crate::modules::slashing::COSMOS_SLASHING_V1BETA1_VALIDATORMISSEDBLOCKS),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_SLASHING_V1BETA1_MISSEDBLOCK: Message = Message {
    full_name: "cosmos.slashing.v1beta1.MissedBlock",
    fields: &[
        Field { name: "index", json_name: "index", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "missed", json_name: "missed", ty: Type::Bool, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMOS_SLASHING_V1BETA1_PARAMS: Message = Message {
    full_name: "cosmos.slashing.v1beta1.Params",
    fields: &[
        Field {
            name: "signed_blocks_window",
            json_name: "signedBlocksWindow",
            ty: Type::I64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "min_signed_per_window",
            json_name: "minSignedPerWindow",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "downtime_jail_duration",
            json_name: "downtimeJailDuration",
            ty: Type::Duration,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "slash_fraction_double_sign",
            json_name: "slashFractionDoubleSign",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "slash_fraction_downtime",
            json_name: "slashFractionDowntime",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_SLASHING_V1BETA1_SIGNINGINFO: Message = Message {
    full_name: "cosmos.slashing.v1beta1.SigningInfo",
    fields: &[
        Field { name: "address", json_name: "address", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "validator_signing_info",
            json_name: "validatorSigningInfo",
            ty: Type::Msg(&crate::modules::slashing::COSMOS_SLASHING_V1BETA1_VALIDATORSIGNINGINFO),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_SLASHING_V1BETA1_VALIDATORMISSEDBLOCKS: Message = Message {
    full_name: "cosmos.slashing.v1beta1.ValidatorMissedBlocks",
    fields: &[
        Field { name: "address", json_name: "address", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "missed_blocks",
            json_name: "missedBlocks",
            ty: Type::Msg(&crate::modules::slashing::COSMOS_SLASHING_V1BETA1_MISSEDBLOCK),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_SLASHING_V1BETA1_VALIDATORSIGNINGINFO: Message = Message {
    full_name: "cosmos.slashing.v1beta1.ValidatorSigningInfo",
    fields: &[
        Field { name: "address", json_name: "address", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "start_height",
            json_name: "startHeight",
            ty: Type::I64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "index_offset",
            json_name: "indexOffset",
            ty: Type::I64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "jailed_until",
            json_name: "jailedUntil",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "tombstoned",
            json_name: "tombstoned",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "missed_blocks_counter",
            json_name: "missedBlocksCounter",
            ty: Type::I64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};
