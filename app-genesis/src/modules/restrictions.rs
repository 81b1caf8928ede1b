//! Schema of the `restrictions` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `inference/restrictions/genesis.proto`
//! - `inference/restrictions/params.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static INFERENCE_RESTRICTIONS_EMERGENCYTRANSFEREXEMPTION: Message = Message {
    full_name: "inference.restrictions.EmergencyTransferExemption",
    fields: &[
        Field {
            name: "exemption_id",
            json_name: "exemptionId",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "from_address",
            json_name: "fromAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "to_address",
            json_name: "toAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "max_amount",
            json_name: "maxAmount",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "usage_limit",
            json_name: "usageLimit",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "expiry_block",
            json_name: "expiryBlock",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "justification",
            json_name: "justification",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static INFERENCE_RESTRICTIONS_EXEMPTIONUSAGE: Message = Message {
    full_name: "inference.restrictions.ExemptionUsage",
    fields: &[
        Field {
            name: "exemption_id",
            json_name: "exemptionId",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "account_address",
            json_name: "accountAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "usage_count",
            json_name: "usageCount",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static INFERENCE_RESTRICTIONS_GENESISSTATE: Message = Message {
    full_name: "inference.restrictions.GenesisState",
    fields: &[Field {
        name: "params",
        json_name: "params",
        ty: Type::Msg(&crate::modules::restrictions::INFERENCE_RESTRICTIONS_PARAMS),
        card: Card::One,
        nullable: false,
        oneof: None,
    }],
};

pub static INFERENCE_RESTRICTIONS_PARAMS: Message = Message {
    full_name: "inference.restrictions.Params",
    fields: &[
        Field {
            name: "restriction_end_block",
            json_name: "restrictionEndBlock",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "emergency_transfer_exemptions",
            json_name: "emergencyTransferExemptions",
            ty: Type::Msg(&crate::modules::restrictions::INFERENCE_RESTRICTIONS_EMERGENCYTRANSFEREXEMPTION),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "exemption_usage_tracking",
            json_name: "exemptionUsageTracking",
            ty: Type::Msg(&crate::modules::restrictions::INFERENCE_RESTRICTIONS_EXEMPTIONUSAGE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};
