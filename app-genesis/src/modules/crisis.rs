//! Schema of the `crisis` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/crisis/v1beta1/genesis.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_CRISIS_V1BETA1_GENESISSTATE: Message = Message {
    full_name: "cosmos.crisis.v1beta1.GenesisState",
    fields: &[Field {
        name: "constant_fee",
        json_name: "constantFee",
        ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
        card: Card::One,
        nullable: false,
        oneof: None,
    }],
};
