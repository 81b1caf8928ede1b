//! Schema of the `genesistransfer` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `inference/genesistransfer/genesis.proto`
//! - `inference/genesistransfer/params.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static INFERENCE_GENESISTRANSFER_GENESISSTATE: Message = Message {
    full_name: "inference.genesistransfer.GenesisState",
    fields: &[
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::genesistransfer::INFERENCE_GENESISTRANSFER_PARAMS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "transfer_records",
            json_name: "transferRecords",
            ty: Type::Msg(&crate::modules::genesistransfer::INFERENCE_GENESISTRANSFER_TRANSFERRECORD),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static INFERENCE_GENESISTRANSFER_PARAMS: Message = Message {
    full_name: "inference.genesistransfer.Params",
    fields: &[
        Field {
            name: "allowed_accounts",
            json_name: "allowedAccounts",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "restrict_to_list",
            json_name: "restrictToList",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static INFERENCE_GENESISTRANSFER_TRANSFERRECORD: Message = Message {
    full_name: "inference.genesistransfer.TransferRecord",
    fields: &[
        Field {
            name: "genesis_address",
            json_name: "genesisAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "recipient_address",
            json_name: "recipientAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "transfer_height",
            json_name: "transferHeight",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "completed",
            json_name: "completed",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "transferred_denoms",
            json_name: "transferredDenoms",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "transfer_amount",
            json_name: "transferAmount",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};
