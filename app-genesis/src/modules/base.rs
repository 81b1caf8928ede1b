//! Schema of the `base` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/base/v1beta1/coin.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_BASE_V1BETA1_COIN: Message = Message {
    full_name: "cosmos.base.v1beta1.Coin",
    fields: &[
        Field { name: "denom", json_name: "denom", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "amount", json_name: "amount", ty: Type::Int, card: Card::One, nullable: false, oneof: None },
    ],
};

pub static COSMOS_BASE_V1BETA1_DECCOIN: Message = Message {
    full_name: "cosmos.base.v1beta1.DecCoin",
    fields: &[
        Field { name: "denom", json_name: "denom", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "amount", json_name: "amount", ty: Type::Dec, card: Card::One, nullable: false, oneof: None },
    ],
};
