//! Schema of the `circuit` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/circuit/v1/types.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_CIRCUIT_V1_GENESISACCOUNTPERMISSIONS: Message = Message {
    full_name: "cosmos.circuit.v1.GenesisAccountPermissions",
    fields: &[
        Field { name: "address", json_name: "address", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "permissions",
            json_name: "permissions",
            ty: Type::Msg(&crate::modules::circuit::COSMOS_CIRCUIT_V1_PERMISSIONS),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_CIRCUIT_V1_GENESISSTATE: Message = Message {
    full_name: "cosmos.circuit.v1.GenesisState",
    fields: &[
        Field {
            name: "account_permissions",
            json_name: "accountPermissions",
            ty: Type::Msg(&crate::modules::circuit::COSMOS_CIRCUIT_V1_GENESISACCOUNTPERMISSIONS),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "disabled_type_urls",
            json_name: "disabledTypeUrls",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_CIRCUIT_V1_PERMISSIONS: Message = Message {
    full_name: "cosmos.circuit.v1.Permissions",
    fields: &[
        Field {
            name: "level",
            json_name: "level",
            ty: Type::Enum(&crate::modules::circuit::COSMOS_CIRCUIT_V1_PERMISSIONS_LEVEL),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "limit_type_urls",
            json_name: "limitTypeUrls",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_CIRCUIT_V1_PERMISSIONS_LEVEL: EnumDef = EnumDef {
    full_name: "cosmos.circuit.v1.Permissions.Level",
    values: &[("LEVEL_NONE_UNSPECIFIED", 0), ("LEVEL_SOME_MSGS", 1), ("LEVEL_ALL_MSGS", 2), ("LEVEL_SUPER_ADMIN", 3)],
};
