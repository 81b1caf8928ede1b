//! Schema of the `bls` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `inference/bls/genesis.proto`
//! - `inference/bls/params.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static INFERENCE_BLS_GENESISSTATE: Message = Message {
    full_name: "inference.bls.GenesisState",
    fields: &[
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::bls::INFERENCE_BLS_PARAMS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "active_epoch_id",
            json_name: "activeEpochId",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static INFERENCE_BLS_PARAMS: Message = Message {
    full_name: "inference.bls.Params",
    fields: &[
        Field {
            name: "i_total_slots",
            json_name: "iTotalSlots",
            ty: Type::U32,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "t_slots_degree_offset",
            json_name: "tSlotsDegreeOffset",
            ty: Type::U32,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "dealing_phase_duration_blocks",
            json_name: "dealingPhaseDurationBlocks",
            ty: Type::I64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "verification_phase_duration_blocks",
            json_name: "verificationPhaseDurationBlocks",
            ty: Type::I64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "signing_deadline_blocks",
            json_name: "signingDeadlineBlocks",
            ty: Type::I64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};
