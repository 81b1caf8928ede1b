//! Schema of the `capability` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `capability/v1/capability.proto`
//! - `capability/v1/genesis.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static CAPABILITY_V1_CAPABILITYOWNERS: Message = Message {
    full_name: "capability.v1.CapabilityOwners",
    fields: &[Field {
        name: "owners",
        json_name: "owners",
        ty: Type::Msg(&crate::modules::capability::CAPABILITY_V1_OWNER),
        card: Card::Repeated,
        nullable: false,
        oneof: None,
    }],
};

pub static CAPABILITY_V1_GENESISOWNERS: Message = Message {
    full_name: "capability.v1.GenesisOwners",
    fields: &[
        Field { name: "index", json_name: "index", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "index_owners",
            json_name: "indexOwners",
            ty: Type::Msg(&crate::modules::capability::CAPABILITY_V1_CAPABILITYOWNERS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static CAPABILITY_V1_GENESISSTATE: Message = Message {
    full_name: "capability.v1.GenesisState",
    fields: &[
        Field { name: "index", json_name: "index", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "owners",
            json_name: "owners",
            ty: Type::Msg(&crate::modules::capability::CAPABILITY_V1_GENESISOWNERS),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static CAPABILITY_V1_OWNER: Message = Message {
    full_name: "capability.v1.Owner",
    fields: &[
        Field { name: "module", json_name: "module", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "name", json_name: "name", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
    ],
};
