//! Schema of the `auth` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmos/auth/v1beta1/auth.proto`
//! - `cosmos/auth/v1beta1/genesis.proto`
//! - `cosmos/vesting/v1beta1/vesting.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMOS_AUTH_V1BETA1_BASEACCOUNT: Message = Message {
    full_name: "cosmos.auth.v1beta1.BaseAccount",
    fields: &[
        Field { name: "address", json_name: "address", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "pub_key",
            json_name: "pubKey",
            ty: Type::Any(&crate::modules::interfaces::COSMOS_CRYPTO_PUBKEY),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "account_number",
            json_name: "accountNumber",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "sequence", json_name: "sequence", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMOS_AUTH_V1BETA1_GENESISSTATE: Message = Message {
    full_name: "cosmos.auth.v1beta1.GenesisState",
    fields: &[
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::auth::COSMOS_AUTH_V1BETA1_PARAMS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "accounts",
            json_name: "accounts",
            ty: Type::Any(&crate::modules::interfaces::COSMOS_AUTH_V1BETA1_GENESISACCOUNT),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_AUTH_V1BETA1_MODULEACCOUNT: Message = Message {
    full_name: "cosmos.auth.v1beta1.ModuleAccount",
    fields: &[
        Field {
            name: "base_account",
            json_name: "baseAccount",
            ty: Type::Msg(&crate::modules::auth::COSMOS_AUTH_V1BETA1_BASEACCOUNT),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "name", json_name: "name", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "permissions",
            json_name: "permissions",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_AUTH_V1BETA1_PARAMS: Message = Message {
    full_name: "cosmos.auth.v1beta1.Params",
    fields: &[
        Field {
            name: "max_memo_characters",
            json_name: "maxMemoCharacters",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "tx_sig_limit",
            json_name: "txSigLimit",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "tx_size_cost_per_byte",
            json_name: "txSizeCostPerByte",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "sig_verify_cost_ed25519",
            json_name: "sigVerifyCostEd25519",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "sig_verify_cost_secp256k1",
            json_name: "sigVerifyCostSecp256k1",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_VESTING_V1BETA1_BASEVESTINGACCOUNT: Message = Message {
    full_name: "cosmos.vesting.v1beta1.BaseVestingAccount",
    fields: &[
        Field {
            name: "base_account",
            json_name: "baseAccount",
            ty: Type::Msg(&crate::modules::auth::COSMOS_AUTH_V1BETA1_BASEACCOUNT),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "original_vesting",
            json_name: "originalVesting",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "delegated_free",
            json_name: "delegatedFree",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "delegated_vesting",
            json_name: "delegatedVesting",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field { name: "end_time", json_name: "endTime", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMOS_VESTING_V1BETA1_CONTINUOUSVESTINGACCOUNT: Message = Message {
    full_name: "cosmos.vesting.v1beta1.ContinuousVestingAccount",
    fields: &[
        Field {
            name: "base_vesting_account",
            json_name: "baseVestingAccount",
            ty: Type::Msg(&crate::modules::auth::COSMOS_VESTING_V1BETA1_BASEVESTINGACCOUNT),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "start_time",
            json_name: "startTime",
            ty: Type::I64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMOS_VESTING_V1BETA1_DELAYEDVESTINGACCOUNT: Message = Message {
    full_name: "cosmos.vesting.v1beta1.DelayedVestingAccount",
    fields: &[Field {
        name: "base_vesting_account",
        json_name: "baseVestingAccount",
        ty: Type::Msg(&crate::modules::auth::COSMOS_VESTING_V1BETA1_BASEVESTINGACCOUNT),
        card: Card::One,
        nullable: true,
        oneof: None,
    }],
};

pub static COSMOS_VESTING_V1BETA1_PERIOD: Message = Message {
    full_name: "cosmos.vesting.v1beta1.Period",
    fields: &[
        Field { name: "length", json_name: "length", ty: Type::I64, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "amount",
            json_name: "amount",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_VESTING_V1BETA1_PERIODICVESTINGACCOUNT: Message = Message {
    full_name: "cosmos.vesting.v1beta1.PeriodicVestingAccount",
    fields: &[
        Field {
            name: "base_vesting_account",
            json_name: "baseVestingAccount",
            ty: Type::Msg(&crate::modules::auth::COSMOS_VESTING_V1BETA1_BASEVESTINGACCOUNT),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "start_time",
            json_name: "startTime",
            ty: Type::I64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "vesting_periods",
            json_name: "vestingPeriods",
            ty: Type::Msg(&crate::modules::auth::COSMOS_VESTING_V1BETA1_PERIOD),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMOS_VESTING_V1BETA1_PERMANENTLOCKEDACCOUNT: Message = Message {
    full_name: "cosmos.vesting.v1beta1.PermanentLockedAccount",
    fields: &[Field {
        name: "base_vesting_account",
        json_name: "baseVestingAccount",
        ty: Type::Msg(&crate::modules::auth::COSMOS_VESTING_V1BETA1_BASEVESTINGACCOUNT),
        card: Card::One,
        nullable: true,
        oneof: None,
    }],
};
