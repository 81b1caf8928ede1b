//! Schema of the `transfer` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `ibc/applications/transfer/v1/authz.proto`
//! - `ibc/applications/transfer/v1/genesis.proto`
//! - `ibc/applications/transfer/v1/transfer.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static IBC_APPLICATIONS_TRANSFER_V1_ALLOCATION: Message = Message {
    full_name: "ibc.applications.transfer.v1.Allocation",
    fields: &[
        Field {
            name: "source_port",
            json_name: "sourcePort",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "source_channel",
            json_name: "sourceChannel",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
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
        Field {
            name: "allowed_packet_data",
            json_name: "allowedPacketData",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_APPLICATIONS_TRANSFER_V1_DENOMTRACE: Message = Message {
    full_name: "ibc.applications.transfer.v1.DenomTrace",
    fields: &[
        Field { name: "path", json_name: "path", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "base_denom",
            json_name: "baseDenom",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_APPLICATIONS_TRANSFER_V1_GENESISSTATE: Message = Message {
    full_name: "ibc.applications.transfer.v1.GenesisState",
    fields: &[
        Field { name: "port_id", json_name: "portId", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "denom_traces",
            json_name: "denomTraces",
            ty: Type::Msg(&crate::modules::transfer::IBC_APPLICATIONS_TRANSFER_V1_DENOMTRACE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::transfer::IBC_APPLICATIONS_TRANSFER_V1_PARAMS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "total_escrowed",
            json_name: "totalEscrowed",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static IBC_APPLICATIONS_TRANSFER_V1_PARAMS: Message = Message {
    full_name: "ibc.applications.transfer.v1.Params",
    fields: &[
        Field {
            name: "send_enabled",
            json_name: "sendEnabled",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "receive_enabled",
            json_name: "receiveEnabled",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_APPLICATIONS_TRANSFER_V1_TRANSFERAUTHORIZATION: Message = Message {
    full_name: "ibc.applications.transfer.v1.TransferAuthorization",
    fields: &[Field {
        name: "allocations",
        json_name: "allocations",
        ty: Type::Msg(&crate::modules::transfer::IBC_APPLICATIONS_TRANSFER_V1_ALLOCATION),
        card: Card::Repeated,
        nullable: false,
        oneof: None,
    }],
};
