//! Schema of the `staking` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/staking/v1beta1/authz.proto`
//! - `cosmos/staking/v1beta1/genesis.proto`
//! - `cosmos/staking/v1beta1/staking.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_STAKING_V1BETA1_AUTHORIZATIONTYPE: EnumDef = EnumDef {
    full_name: "cosmos.staking.v1beta1.AuthorizationType",
    values: &[
        ("AUTHORIZATION_TYPE_UNSPECIFIED", 0),
        ("AUTHORIZATION_TYPE_DELEGATE", 1),
        ("AUTHORIZATION_TYPE_UNDELEGATE", 2),
        ("AUTHORIZATION_TYPE_REDELEGATE", 3),
        ("AUTHORIZATION_TYPE_CANCEL_UNBONDING_DELEGATION", 4),
    ],
};

pub static COSMOS_STAKING_V1BETA1_BONDSTATUS: EnumDef = EnumDef {
    full_name: "cosmos.staking.v1beta1.BondStatus",
    values: &[
        ("BOND_STATUS_UNSPECIFIED", 0),
        ("BOND_STATUS_UNBONDED", 1),
        ("BOND_STATUS_UNBONDING", 2),
        ("BOND_STATUS_BONDED", 3),
    ],
};

pub static COSMOS_STAKING_V1BETA1_COMMISSION: Message = Message {
    full_name: "cosmos.staking.v1beta1.Commission",
    fields: &[
        Field {
            name: "commission_rates",
            json_name: "commissionRates",
            ty: Type::Msg(&crate::modules::staking::COSMOS_STAKING_V1BETA1_COMMISSIONRATES),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "update_time",
            json_name: "updateTime",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_STAKING_V1BETA1_COMMISSIONRATES: Message = Message {
    full_name: "cosmos.staking.v1beta1.CommissionRates",
    fields: &[
        Field { name: "rate", json_name: "rate", ty: Type::Dec, card: Card::One, nullable: false, oneof: None },
        Field { name: "max_rate", json_name: "maxRate", ty: Type::Dec, card: Card::One, nullable: false, oneof: None },
        Field {
            name: "max_change_rate",
            json_name: "maxChangeRate",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_STAKING_V1BETA1_DELEGATION: Message = Message {
    full_name: "cosmos.staking.v1beta1.Delegation",
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
        Field { name: "shares", json_name: "shares", ty: Type::Dec, card: Card::One, nullable: false, oneof: None },
    ],
};

pub static COSMOS_STAKING_V1BETA1_DESCRIPTION: Message = Message {
    full_name: "cosmos.staking.v1beta1.Description",
    fields: &[
        Field { name: "moniker", json_name: "moniker", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "identity", json_name: "identity", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "website", json_name: "website", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "security_contact",
            json_name: "securityContact",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "details", json_name: "details", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMOS_STAKING_V1BETA1_GENESISSTATE: Message = Message {
    full_name: "cosmos.staking.v1beta1.GenesisState",
    fields: &[
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::staking::COSMOS_STAKING_V1BETA1_PARAMS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "last_total_power",
            json_name: "lastTotalPower",
            ty: Type::Int,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "last_validator_powers",
            json_name: "lastValidatorPowers",
            ty: Type::Msg(&crate::modules::staking::COSMOS_STAKING_V1BETA1_LASTVALIDATORPOWER),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "validators",
            json_name: "validators",
            ty: Type::Msg(&crate::modules::staking::COSMOS_STAKING_V1BETA1_VALIDATOR),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "delegations",
            json_name: "delegations",
            ty: Type::Msg(&crate::modules::staking::COSMOS_STAKING_V1BETA1_DELEGATION),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "unbonding_delegations",
            json_name: "unbondingDelegations",
            ty: Type::Msg(&crate::modules::staking::COSMOS_STAKING_V1BETA1_UNBONDINGDELEGATION),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "redelegations",
            json_name: "redelegations",
            ty: Type::Msg(&crate::modules::staking::COSMOS_STAKING_V1BETA1_REDELEGATION),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field { name: "exported", json_name: "exported", ty: Type::Bool, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMOS_STAKING_V1BETA1_LASTVALIDATORPOWER: Message = Message {
    full_name: "cosmos.staking.v1beta1.LastValidatorPower",
    fields: &[
        Field { name: "address", json_name: "address", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "power", json_name: "power", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMOS_STAKING_V1BETA1_PARAMS: Message = Message {
    full_name: "cosmos.staking.v1beta1.Params",
    fields: &[
        Field {
            name: "unbonding_time",
            json_name: "unbondingTime",
            ty: Type::Duration,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "max_validators",
            json_name: "maxValidators",
            ty: Type::U32,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "max_entries",
            json_name: "maxEntries",
            ty: Type::U32,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "historical_entries",
            json_name: "historicalEntries",
            ty: Type::U32,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "bond_denom",
            json_name: "bondDenom",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "min_commission_rate",
            json_name: "minCommissionRate",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_STAKING_V1BETA1_REDELEGATION: Message = Message {
    full_name: "cosmos.staking.v1beta1.Redelegation",
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
            name: "validator_src_address",
            json_name: "validatorSrcAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "validator_dst_address",
            json_name: "validatorDstAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "entries",
            json_name: "entries",
            ty: Type::Msg(&crate::modules::staking::COSMOS_STAKING_V1BETA1_REDELEGATIONENTRY),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_STAKING_V1BETA1_REDELEGATIONENTRY: Message = Message {
    full_name: "cosmos.staking.v1beta1.RedelegationEntry",
    fields: &[
        Field {
            name: "creation_height",
            json_name: "creationHeight",
            ty: Type::I64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "completion_time",
            json_name: "completionTime",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "initial_balance",
            json_name: "initialBalance",
            ty: Type::Int,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "shares_dst",
            json_name: "sharesDst",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "unbonding_id",
            json_name: "unbondingId",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "unbonding_on_hold_ref_count",
            json_name: "unbondingOnHoldRefCount",
            ty: Type::I64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_STAKING_V1BETA1_STAKEAUTHORIZATION: Message = Message {
    full_name: "cosmos.staking.v1beta1.StakeAuthorization",
    fields: &[
        Field {
            name: "max_tokens",
            json_name: "maxTokens",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "allow_list",
            json_name: "allowList",
            ty: Type::Msg(&crate::modules::staking::COSMOS_STAKING_V1BETA1_STAKEAUTHORIZATION_VALIDATORS),
            card: Card::One,
            nullable: true,
            oneof: Some("validators"),
        },
        Field {
            name: "deny_list",
            json_name: "denyList",
            ty: Type::Msg(&crate::modules::staking::COSMOS_STAKING_V1BETA1_STAKEAUTHORIZATION_VALIDATORS),
            card: Card::One,
            nullable: true,
            oneof: Some("validators"),
        },
        Field {
            name: "authorization_type",
            json_name: "authorizationType",
            ty: Type::Enum(&crate::modules::staking::COSMOS_STAKING_V1BETA1_AUTHORIZATIONTYPE),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_STAKING_V1BETA1_STAKEAUTHORIZATION_VALIDATORS: Message = Message {
    full_name: "cosmos.staking.v1beta1.StakeAuthorization.Validators",
    fields: &[Field {
        name: "address",
        json_name: "address",
        ty: Type::Str,
        card: Card::Repeated,
        nullable: true,
        oneof: None,
    }],
};

pub static COSMOS_STAKING_V1BETA1_UNBONDINGDELEGATION: Message = Message {
    full_name: "cosmos.staking.v1beta1.UnbondingDelegation",
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
            name: "entries",
            json_name: "entries",
            ty: Type::Msg(&crate::modules::staking::COSMOS_STAKING_V1BETA1_UNBONDINGDELEGATIONENTRY),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_STAKING_V1BETA1_UNBONDINGDELEGATIONENTRY: Message = Message {
    full_name: "cosmos.staking.v1beta1.UnbondingDelegationEntry",
    fields: &[
        Field {
            name: "creation_height",
            json_name: "creationHeight",
            ty: Type::I64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "completion_time",
            json_name: "completionTime",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "initial_balance",
            json_name: "initialBalance",
            ty: Type::Int,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field { name: "balance", json_name: "balance", ty: Type::Int, card: Card::One, nullable: false, oneof: None },
        Field {
            name: "unbonding_id",
            json_name: "unbondingId",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "unbonding_on_hold_ref_count",
            json_name: "unbondingOnHoldRefCount",
            ty: Type::I64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_STAKING_V1BETA1_VALIDATOR: Message = Message {
    full_name: "cosmos.staking.v1beta1.Validator",
    fields: &[
        Field {
            name: "operator_address",
            json_name: "operatorAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "consensus_pubkey",
            json_name: "consensusPubkey",
            ty: Type::Any(&crate::modules::interfaces::COSMOS_CRYPTO_PUBKEY),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "jailed", json_name: "jailed", ty: Type::Bool, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "status",
            json_name: "status",
            ty: Type::Enum(&crate::modules::staking::COSMOS_STAKING_V1BETA1_BONDSTATUS),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "tokens", json_name: "tokens", ty: Type::Int, card: Card::One, nullable: false, oneof: None },
        Field {
            name: "delegator_shares",
            json_name: "delegatorShares",
            ty: Type::Dec,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "description",
            json_name: "description",
            ty: Type::Msg(&crate::modules::staking::COSMOS_STAKING_V1BETA1_DESCRIPTION),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "unbonding_height",
            json_name: "unbondingHeight",
            ty: Type::I64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "unbonding_time",
            json_name: "unbondingTime",
            ty: Type::Timestamp,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "commission",
            json_name: "commission",
            ty: Type::Msg(&crate::modules::staking::COSMOS_STAKING_V1BETA1_COMMISSION),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "min_self_delegation",
            json_name: "minSelfDelegation",
            ty: Type::Int,
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "unbonding_on_hold_ref_count",
            json_name: "unbondingOnHoldRefCount",
            ty: Type::I64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "unbonding_ids",
            json_name: "unbondingIds",
            ty: Type::U64,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};
