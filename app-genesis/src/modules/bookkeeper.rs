//! Schema of the `bookkeeper` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `inference/bookkeeper/genesis.proto`
//! - `inference/bookkeeper/params.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static INFERENCE_BOOKKEEPER_GENESISSTATE: Message = Message {
    full_name: "inference.bookkeeper.GenesisState",
    fields: &[Field {
        name: "params",
        json_name: "params",
        ty: Type::Msg(&crate::modules::bookkeeper::INFERENCE_BOOKKEEPER_PARAMS),
        card: Card::One,
        nullable: false,
        oneof: None,
    }],
};

pub static INFERENCE_BOOKKEEPER_PARAMS: Message = Message { full_name: "inference.bookkeeper.Params", fields: &[] };
