//! Schema of the `collateral` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `inference/collateral/collateral_balance.proto`
//! - `inference/collateral/genesis.proto`
//! - `inference/collateral/jailed.proto`
//! - `inference/collateral/params.proto`
//! - `inference/collateral/unbonding.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static INFERENCE_COLLATERAL_COLLATERALBALANCE: Message = Message {
    full_name: "inference.collateral.CollateralBalance",
    fields: &[
        Field {
            name: "participant",
            json_name: "participant",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "amount",
            json_name: "amount",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static INFERENCE_COLLATERAL_GENESISSTATE: Message = Message {
    full_name: "inference.collateral.GenesisState",
    fields: &[
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::collateral::INFERENCE_COLLATERAL_PARAMS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "collateral_balance_list",
            json_name: "collateralBalanceList",
            ty: Type::Msg(&crate::modules::collateral::INFERENCE_COLLATERAL_COLLATERALBALANCE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "unbonding_collateral_list",
            json_name: "unbondingCollateralList",
            ty: Type::Msg(&crate::modules::collateral::INFERENCE_COLLATERAL_UNBONDINGCOLLATERAL),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "jailed_participant_list",
            json_name: "jailedParticipantList",
            ty: Type::Msg(&crate::modules::collateral::INFERENCE_COLLATERAL_JAILEDPARTICIPANT),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static INFERENCE_COLLATERAL_JAILEDPARTICIPANT: Message = Message {
    full_name: "inference.collateral.JailedParticipant",
    fields: &[Field {
        name: "address",
        json_name: "address",
        ty: Type::Str,
        card: Card::One,
        nullable: true,
        oneof: None,
    }],
};

pub static INFERENCE_COLLATERAL_PARAMS: Message = Message {
    full_name: "inference.collateral.Params",
    fields: &[Field {
        name: "unbonding_period_epochs",
        json_name: "unbondingPeriodEpochs",
        ty: Type::U64,
        card: Card::One,
        nullable: true,
        oneof: None,
    }],
};

pub static INFERENCE_COLLATERAL_UNBONDINGCOLLATERAL: Message = Message {
    full_name: "inference.collateral.UnbondingCollateral",
    fields: &[
        Field {
            name: "participant",
            json_name: "participant",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "amount",
            json_name: "amount",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "completion_epoch",
            json_name: "completionEpoch",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};
