//! Schema of the `streamvesting` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `inference/streamvesting/genesis.proto`
//! - `inference/streamvesting/params.proto`
//! - `inference/streamvesting/vesting_schedule.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static INFERENCE_STREAMVESTING_EPOCHCOINS: Message = Message {
    full_name: "inference.streamvesting.EpochCoins",
    fields: &[Field {
        name: "coins",
        json_name: "coins",
        ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
        card: Card::Repeated,
        nullable: false,
        oneof: None,
    }],
};

pub static INFERENCE_STREAMVESTING_GENESISSTATE: Message = Message {
    full_name: "inference.streamvesting.GenesisState",
    fields: &[
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::streamvesting::INFERENCE_STREAMVESTING_PARAMS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "vesting_schedule_list",
            json_name: "vestingScheduleList",
            ty: Type::Msg(&crate::modules::streamvesting::INFERENCE_STREAMVESTING_VESTINGSCHEDULE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static INFERENCE_STREAMVESTING_PARAMS: Message = Message {
    full_name: "inference.streamvesting.Params",
    fields: &[Field {
        name: "reward_vesting_period",
        json_name: "rewardVestingPeriod",
        ty: Type::U64,
        card: Card::One,
        nullable: true,
        oneof: None,
    }],
};

pub static INFERENCE_STREAMVESTING_VESTINGSCHEDULE: Message = Message {
    full_name: "inference.streamvesting.VestingSchedule",
    fields: &[
        Field {
            name: "participant_address",
            json_name: "participantAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "epoch_amounts",
            json_name: "epochAmounts",
            ty: Type::Msg(&crate::modules::streamvesting::INFERENCE_STREAMVESTING_EPOCHCOINS),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};
