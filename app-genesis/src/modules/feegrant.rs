//! Schema of the `feegrant` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/feegrant/v1beta1/feegrant.proto`
//! - `cosmos/feegrant/v1beta1/genesis.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_FEEGRANT_V1BETA1_ALLOWEDMSGALLOWANCE: Message = Message {
    full_name: "cosmos.feegrant.v1beta1.AllowedMsgAllowance",
    fields: &[
        Field {
            name: "allowance",
            json_name: "allowance",
            ty: Type::Any(&crate::modules::interfaces::COSMOS_FEEGRANT_V1BETA1_FEEALLOWANCEI),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "allowed_messages",
            json_name: "allowedMessages",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_FEEGRANT_V1BETA1_BASICALLOWANCE: Message = Message {
    full_name: "cosmos.feegrant.v1beta1.BasicAllowance",
    fields: &[
        Field {
            name: "spend_limit",
            json_name: "spendLimit",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "expiration",
            json_name: "expiration",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_FEEGRANT_V1BETA1_GENESISSTATE: Message = Message {
    full_name: "cosmos.feegrant.v1beta1.GenesisState",
    fields: &[Field {
        name: "allowances",
        json_name: "allowances",
        ty: Type::Msg(&crate::modules::feegrant::COSMOS_FEEGRANT_V1BETA1_GRANT),
        card: Card::Repeated,
        nullable: false,
        oneof: None,
    }],
};

pub static COSMOS_FEEGRANT_V1BETA1_GRANT: Message = Message {
    full_name: "cosmos.feegrant.v1beta1.Grant",
    fields: &[
        Field { name: "granter", json_name: "granter", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "grantee", json_name: "grantee", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "allowance",
            json_name: "allowance",
            ty: Type::Any(&crate::modules::interfaces::COSMOS_FEEGRANT_V1BETA1_FEEALLOWANCEI),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_FEEGRANT_V1BETA1_PERIODICALLOWANCE: Message = Message {
    full_name: "cosmos.feegrant.v1beta1.PeriodicAllowance",
    fields: &[
        Field {
            name: "basic",
            json_name: "basic",
            ty: Type::Msg(&crate::modules::feegrant::COSMOS_FEEGRANT_V1BETA1_BASICALLOWANCE),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "period",
            json_name: "period",
            ty: Type::Duration,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "period_spend_limit",
            json_name: "periodSpendLimit",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "period_can_spend",
            json_name: "periodCanSpend",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "period_reset",
            json_name: "periodReset",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};
