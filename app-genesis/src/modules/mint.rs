//! Schema of the `mint` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/mint/v1beta1/genesis.proto`
//! - `cosmos/mint/v1beta1/mint.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_MINT_V1BETA1_GENESISSTATE: Message = Message {
    full_name: "cosmos.mint.v1beta1.GenesisState",
    fields: &[
        Field {
            name: "minter",
            json_name: "minter",
            ty: Type::Msg(&crate::modules::mint::COSMOS_MINT_V1BETA1_MINTER),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::mint::COSMOS_MINT_V1BETA1_PARAMS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_MINT_V1BETA1_MINTER: Message = Message {
    full_name: "cosmos.mint.v1beta1.Minter",
    fields: &[
        Field {
            name: "inflation",
            json_name: "inflation",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "annual_provisions",
            json_name: "annualProvisions",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_MINT_V1BETA1_PARAMS: Message = Message {
    full_name: "cosmos.mint.v1beta1.Params",
    fields: &[
        Field {
            name: "mint_denom",
            json_name: "mintDenom",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "inflation_rate_change",
            json_name: "inflationRateChange",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "inflation_max",
            json_name: "inflationMax",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "inflation_min",
            json_name: "inflationMin",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "goal_bonded",
            json_name: "goalBonded",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "blocks_per_year",
            json_name: "blocksPerYear",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};
