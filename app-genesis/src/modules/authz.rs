//! Schema of the `authz` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/authz/v1beta1/authz.proto`
//! - `cosmos/authz/v1beta1/genesis.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_AUTHZ_V1BETA1_GENERICAUTHORIZATION: Message = Message {
    full_name: "cosmos.authz.v1beta1.GenericAuthorization",
    fields: &[Field { name: "msg", json_name: "msg", ty: Type::Str, card: Card::One, nullable: true, oneof: None }],
};

pub static COSMOS_AUTHZ_V1BETA1_GENESISSTATE: Message = Message {
    full_name: "cosmos.authz.v1beta1.GenesisState",
    fields: &[Field {
        name: "authorization",
        json_name: "authorization",
        ty: Type::Msg(&crate::modules::authz::COSMOS_AUTHZ_V1BETA1_GRANTAUTHORIZATION),
        card: Card::Repeated,
        nullable: false,
        oneof: None,
    }],
};

pub static COSMOS_AUTHZ_V1BETA1_GRANTAUTHORIZATION: Message = Message {
    full_name: "cosmos.authz.v1beta1.GrantAuthorization",
    fields: &[
        Field { name: "granter", json_name: "granter", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "grantee", json_name: "grantee", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "authorization",
            json_name: "authorization",
            ty: Type::Any(&crate::modules::interfaces::COSMOS_AUTHZ_V1BETA1_AUTHORIZATION),
            card: Card::One,
            nullable: true,
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
