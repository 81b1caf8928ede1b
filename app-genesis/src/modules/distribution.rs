//! Schema of the `distribution` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/distribution/v1beta1/distribution.proto`
//! - `cosmos/distribution/v1beta1/genesis.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_DISTRIBUTION_V1BETA1_DELEGATORSTARTINGINFO: Message = Message {
    full_name: "cosmos.distribution.v1beta1.DelegatorStartingInfo",
    fields: &[
        Field {
            name: "previous_period",
            json_name: "previousPeriod",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "stake", json_name: "stake", ty: Type::Dec, card: Card::One, nullable: false, oneof: None },
        Field { name: "height", json_name: "height", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMOS_DISTRIBUTION_V1BETA1_DELEGATORSTARTINGINFORECORD: Message = Message {
    full_name: "cosmos.distribution.v1beta1.DelegatorStartingInfoRecord",
    fields: &[
        Field {
            name: "delegator_address",
            json_name: "delegatorAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "validator_address",
            json_name: "validatorAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "starting_info",
            json_name: "startingInfo",
            ty: Type::Msg(&crate::modules::distribution::COSMOS_DISTRIBUTION_V1BETA1_DELEGATORSTARTINGINFO),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_DISTRIBUTION_V1BETA1_DELEGATORWITHDRAWINFO: Message = Message {
    full_name: "cosmos.distribution.v1beta1.DelegatorWithdrawInfo",
    fields: &[
        Field {
            name: "delegator_address",
            json_name: "delegatorAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "withdraw_address",
            json_name: "withdrawAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_DISTRIBUTION_V1BETA1_FEEPOOL: Message = Message {
    full_name: "cosmos.distribution.v1beta1.FeePool",
    fields: &[Field {
        name: "community_pool",
        json_name: "communityPool",
        ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_DECCOIN),
        card: Card::Repeated,
        nullable: false,
        oneof: None,
    }],
};

pub static COSMOS_DISTRIBUTION_V1BETA1_GENESISSTATE: Message = Message {
    full_name: "cosmos.distribution.v1beta1.GenesisState",
    fields: &[
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::distribution::COSMOS_DISTRIBUTION_V1BETA1_PARAMS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "fee_pool",
            json_name: "feePool",
            ty: Type::Msg(&crate::modules::distribution::COSMOS_DISTRIBUTION_V1BETA1_FEEPOOL),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "delegator_withdraw_infos",
            json_name: "delegatorWithdrawInfos",
            ty: Type::Msg(&crate::modules::distribution::COSMOS_DISTRIBUTION_V1BETA1_DELEGATORWITHDRAWINFO),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "previous_proposer",
            json_name: "previousProposer",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "outstanding_rewards",
            json_name: "outstandingRewards",
            ty: Type::Msg(&crate::modules::distribution::COSMOS_DISTRIBUTION_V1BETA1_VALIDATOROUTSTANDINGREWARDSRECORD),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "validator_accumulated_commissions",
            json_name: "validatorAccumulatedCommissions",
            ty: Type::Msg(
                &crate::modules::distribution::COSMOS_DISTRIBUTION_V1BETA1_VALIDATORACCUMULATEDCOMMISSIONRECORD,
            ),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "validator_historical_rewards",
            json_name: "validatorHistoricalRewards",
            ty: Type::Msg(&crate::modules::distribution::COSMOS_DISTRIBUTION_V1BETA1_VALIDATORHISTORICALREWARDSRECORD),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "validator_current_rewards",
            json_name: "validatorCurrentRewards",
            ty: Type::Msg(&crate::modules::distribution::COSMOS_DISTRIBUTION_V1BETA1_VALIDATORCURRENTREWARDSRECORD),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "delegator_starting_infos",
            json_name: "delegatorStartingInfos",
            ty: Type::Msg(&crate::modules::distribution::COSMOS_DISTRIBUTION_V1BETA1_DELEGATORSTARTINGINFORECORD),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "validator_slash_events",
            json_name: "validatorSlashEvents",
            ty: Type::Msg(&crate::modules::distribution::COSMOS_DISTRIBUTION_V1BETA1_VALIDATORSLASHEVENTRECORD),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_DISTRIBUTION_V1BETA1_PARAMS: Message = Message {
    full_name: "cosmos.distribution.v1beta1.Params",
    fields: &[
        Field {
            name: "community_tax",
            json_name: "communityTax",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "base_proposer_reward",
            json_name: "baseProposerReward",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "bonus_proposer_reward",
            json_name: "bonusProposerReward",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "withdraw_addr_enabled",
            json_name: "withdrawAddrEnabled",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_DISTRIBUTION_V1BETA1_VALIDATORACCUMULATEDCOMMISSION: Message = Message {
    full_name: "cosmos.distribution.v1beta1.ValidatorAccumulatedCommission",
    fields: &[Field {
        name: "commission",
        json_name: "commission",
        ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_DECCOIN),
        card: Card::Repeated,
        nullable: false,
        oneof: None,
    }],
};

pub static COSMOS_DISTRIBUTION_V1BETA1_VALIDATORACCUMULATEDCOMMISSIONRECORD: Message = Message {
    full_name: "cosmos.distribution.v1beta1.ValidatorAccumulatedCommissionRecord",
    fields: &[
        Field {
            name: "validator_address",
            json_name: "validatorAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "accumulated",
            json_name: "accumulated",
            ty: Type::Msg(&crate::modules::distribution::COSMOS_DISTRIBUTION_V1BETA1_VALIDATORACCUMULATEDCOMMISSION),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_DISTRIBUTION_V1BETA1_VALIDATORCURRENTREWARDS: Message = Message {
    full_name: "cosmos.distribution.v1beta1.ValidatorCurrentRewards",
    fields: &[
        Field {
            name: "rewards",
            json_name: "rewards",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_DECCOIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field { name: "period", json_name: "period", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMOS_DISTRIBUTION_V1BETA1_VALIDATORCURRENTREWARDSRECORD: Message = Message {
    full_name: "cosmos.distribution.v1beta1.ValidatorCurrentRewardsRecord",
    fields: &[
        Field {
            name: "validator_address",
            json_name: "validatorAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "rewards",
            json_name: "rewards",
            ty: Type::Msg(&crate::modules::distribution::COSMOS_DISTRIBUTION_V1BETA1_VALIDATORCURRENTREWARDS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_DISTRIBUTION_V1BETA1_VALIDATORHISTORICALREWARDS: Message = Message {
    full_name: "cosmos.distribution.v1beta1.ValidatorHistoricalRewards",
    fields: &[
        Field {
            name: "cumulative_reward_ratio",
            json_name: "cumulativeRewardRatio",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_DECCOIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "reference_count",
            json_name: "referenceCount",
            ty: Type::U32,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_DISTRIBUTION_V1BETA1_VALIDATORHISTORICALREWARDSRECORD: Message = Message {
    full_name: "cosmos.distribution.v1beta1.ValidatorHistoricalRewardsRecord",
    fields: &[
        Field {
            name: "validator_address",
            json_name: "validatorAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "period", json_name: "period", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "rewards",
            json_name: "rewards",
            ty: Type::Msg(&crate::modules::distribution::COSMOS_DISTRIBUTION_V1BETA1_VALIDATORHISTORICALREWARDS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_DISTRIBUTION_V1BETA1_VALIDATOROUTSTANDINGREWARDSRECORD: Message = Message {
    full_name: "cosmos.distribution.v1beta1.ValidatorOutstandingRewardsRecord",
    fields: &[
        Field {
            name: "validator_address",
            json_name: "validatorAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "outstanding_rewards",
            json_name: "outstandingRewards",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_DECCOIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_DISTRIBUTION_V1BETA1_VALIDATORSLASHEVENT: Message = Message {
    full_name: "cosmos.distribution.v1beta1.ValidatorSlashEvent",
    fields: &[
        Field {
            name: "validator_period",
            json_name: "validatorPeriod",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "fraction", json_name: "fraction", ty: Type::Dec, card: Card::One, nullable: false, oneof: None },
    ],
};

pub static COSMOS_DISTRIBUTION_V1BETA1_VALIDATORSLASHEVENTRECORD: Message = Message {
    full_name: "cosmos.distribution.v1beta1.ValidatorSlashEventRecord",
    fields: &[
        Field {
            name: "validator_address",
            json_name: "validatorAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "height", json_name: "height", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "period", json_name: "period", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "validator_slash_event",
            json_name: "validatorSlashEvent",
            ty: Type::Msg(&crate::modules::distribution::COSMOS_DISTRIBUTION_V1BETA1_VALIDATORSLASHEVENT),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};
