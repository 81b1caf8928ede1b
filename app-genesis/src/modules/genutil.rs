//! Schema of the `genutil` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/genutil/v1beta1/genesis.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_GENUTIL_V1BETA1_GENESISSTATE: Message = Message {
    full_name: "cosmos.genutil.v1beta1.GenesisState",
    fields: &[Field {
        name: "gen_txs",
        json_name: "genTxs",
        ty: Type::RawJsonObject,
        card: Card::Repeated,
        nullable: true,
        oneof: None,
    }],
};
