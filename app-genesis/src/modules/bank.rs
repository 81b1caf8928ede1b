//! Schema of the `bank` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/bank/v1beta1/authz.proto`
//! - `cosmos/bank/v1beta1/bank.proto`
//! - `cosmos/bank/v1beta1/genesis.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_BANK_V1BETA1_BALANCE: Message = Message {
    full_name: "cosmos.bank.v1beta1.Balance",
    fields: &[
        Field { name: "address", json_name: "address", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "coins",
            json_name: "coins",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_BANK_V1BETA1_DENOMUNIT: Message = Message {
    full_name: "cosmos.bank.v1beta1.DenomUnit",
    fields: &[
        Field { name: "denom", json_name: "denom", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "exponent", json_name: "exponent", ty: Type::U32, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "aliases",
            json_name: "aliases",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_BANK_V1BETA1_GENESISSTATE: Message = Message {
    full_name: "cosmos.bank.v1beta1.GenesisState",
    fields: &[
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::bank::COSMOS_BANK_V1BETA1_PARAMS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "balances",
            json_name: "balances",
            ty: Type::Msg(&crate::modules::bank::COSMOS_BANK_V1BETA1_BALANCE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "supply",
            json_name: "supply",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "denom_metadata",
            json_name: "denomMetadata",
            ty: Type::Msg(&crate::modules::bank::COSMOS_BANK_V1BETA1_METADATA),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "send_enabled",
            json_name: "sendEnabled",
            ty: Type::Msg(&crate::modules::bank::COSMOS_BANK_V1BETA1_SENDENABLED),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_BANK_V1BETA1_METADATA: Message = Message {
    full_name: "cosmos.bank.v1beta1.Metadata",
    fields: &[
        Field {
            name: "description",
            json_name: "description",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "denom_units",
            json_name: "denomUnits",
            ty: Type::Msg(&crate::modules::bank::COSMOS_BANK_V1BETA1_DENOMUNIT),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field { name: "base", json_name: "base", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "display", json_name: "display", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "name", json_name: "name", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "symbol", json_name: "symbol", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "uri", json_name: "uri", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "uri_hash", json_name: "uriHash", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMOS_BANK_V1BETA1_PARAMS: Message = Message {
    full_name: "cosmos.bank.v1beta1.Params",
    fields: &[
        Field {
            name: "send_enabled",
            json_name: "sendEnabled",
            ty: Type::Msg(&crate::modules::bank::COSMOS_BANK_V1BETA1_SENDENABLED),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "default_send_enabled",
            json_name: "defaultSendEnabled",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_BANK_V1BETA1_SENDAUTHORIZATION: Message = Message {
    full_name: "cosmos.bank.v1beta1.SendAuthorization",
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
            name: "allow_list",
            json_name: "allowList",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_BANK_V1BETA1_SENDENABLED: Message = Message {
    full_name: "cosmos.bank.v1beta1.SendEnabled",
    fields: &[
        Field { name: "denom", json_name: "denom", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "enabled", json_name: "enabled", ty: Type::Bool, card: Card::One, nullable: true, oneof: None },
    ],
};
