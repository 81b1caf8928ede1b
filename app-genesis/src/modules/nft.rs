//! Schema of the `nft` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/nft/v1beta1/genesis.proto`
//! - `cosmos/nft/v1beta1/nft.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_NFT_V1BETA1_CLASS: Message = Message {
    full_name: "cosmos.nft.v1beta1.Class",
    fields: &[
        Field { name: "id", json_name: "id", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "name", json_name: "name", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "symbol", json_name: "symbol", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "description",
            json_name: "description",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "uri", json_name: "uri", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "uri_hash", json_name: "uriHash", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "data",
            json_name: "data",
            ty: Type::Any(&crate::modules::interfaces::COSMOS_NFT_V1BETA1_DATA),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_NFT_V1BETA1_ENTRY: Message = Message {
    full_name: "cosmos.nft.v1beta1.Entry",
    fields: &[
        Field { name: "owner", json_name: "owner", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "nfts",
            json_name: "nfts",
            ty: Type::Msg(&crate::modules::nft::COSMOS_NFT_V1BETA1_NFT),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_NFT_V1BETA1_GENESISSTATE: Message = Message {
    full_name: "cosmos.nft.v1beta1.GenesisState",
    fields: &[
        Field {
            name: "classes",
            json_name: "classes",
            ty: Type::Msg(&crate::modules::nft::COSMOS_NFT_V1BETA1_CLASS),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "entries",
            json_name: "entries",
            ty: Type::Msg(&crate::modules::nft::COSMOS_NFT_V1BETA1_ENTRY),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_NFT_V1BETA1_NFT: Message = Message {
    full_name: "cosmos.nft.v1beta1.NFT",
    fields: &[
        Field { name: "class_id", json_name: "classId", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "id", json_name: "id", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "uri", json_name: "uri", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "uri_hash", json_name: "uriHash", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "data",
            json_name: "data",
            ty: Type::Any(&crate::modules::interfaces::COSMOS_NFT_V1BETA1_DATA),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};
