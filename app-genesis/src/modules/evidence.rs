//! Schema of the `evidence` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/evidence/v1beta1/evidence.proto`
//! - `cosmos/evidence/v1beta1/genesis.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_EVIDENCE_V1BETA1_EQUIVOCATION: Message = Message {
    full_name: "cosmos.evidence.v1beta1.Equivocation",
    fields: &[
        Field { name: "height", json_name: "height", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field { name: "time", json_name: "time", ty: Type::Timestamp, card: Card::One, nullable: false, oneof: None },
        Field { name: "power", json_name: "power", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "consensus_address",
            json_name: "consensusAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_EVIDENCE_V1BETA1_GENESISSTATE: Message = Message {
    full_name: "cosmos.evidence.v1beta1.GenesisState",
    fields: &[Field {
        name: "evidence",
        json_name: "evidence",
        ty: Type::Any(&crate::modules::interfaces::COSMOS_EVIDENCE_V1BETA1_EVIDENCE),
        card: Card::Repeated,
        nullable: true,
        oneof: None,
    }],
};
