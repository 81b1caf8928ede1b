//! Schema of the `crypto` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/crypto/ed25519/keys.proto`
//! - `cosmos/crypto/multisig/keys.proto`
//! - `cosmos/crypto/secp256k1/keys.proto`
//! - `cosmos/crypto/secp256r1/keys.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_CRYPTO_ED25519_PUBKEY: Message = Message {
    full_name: "cosmos.crypto.ed25519.PubKey",
    fields: &[Field { name: "key", json_name: "key", ty: Type::Bytes, card: Card::One, nullable: true, oneof: None }],
};

pub static COSMOS_CRYPTO_MULTISIG_LEGACYAMINOPUBKEY: Message = Message {
    full_name: "cosmos.crypto.multisig.LegacyAminoPubKey",
    fields: &[
        Field {
            name: "threshold",
            json_name: "threshold",
            ty: Type::U32,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "public_keys",
            json_name: "publicKeys",
            ty: Type::Any(&crate::modules::interfaces::COSMOS_CRYPTO_PUBKEY),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_CRYPTO_SECP256K1_PUBKEY: Message = Message {
    full_name: "cosmos.crypto.secp256k1.PubKey",
    fields: &[Field { name: "key", json_name: "key", ty: Type::Bytes, card: Card::One, nullable: true, oneof: None }],
};

pub static COSMOS_CRYPTO_SECP256R1_PUBKEY: Message = Message {
    full_name: "cosmos.crypto.secp256r1.PubKey",
    fields: &[Field { name: "key", json_name: "key", ty: Type::Bytes, card: Card::One, nullable: true, oneof: None }],
};
