//! Schema of the `wasm` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `cosmwasm/wasm/v1/authz.proto`
//! - `cosmwasm/wasm/v1/genesis.proto`
//! - `cosmwasm/wasm/v1/types.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static COSMWASM_WASM_V1_ABSOLUTETXPOSITION: Message = Message {
    full_name: "cosmwasm.wasm.v1.AbsoluteTxPosition",
    fields: &[
        Field {
            name: "block_height",
            json_name: "blockHeight",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "tx_index", json_name: "txIndex", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMWASM_WASM_V1_ACCEPTEDMESSAGEKEYSFILTER: Message = Message {
    full_name: "cosmwasm.wasm.v1.AcceptedMessageKeysFilter",
    fields: &[Field {
        name: "keys",
        json_name: "keys",
        ty: Type::Str,
        card: Card::Repeated,
        nullable: true,
        oneof: None,
    }],
};

pub static COSMWASM_WASM_V1_ACCEPTEDMESSAGESFILTER: Message = Message {
    full_name: "cosmwasm.wasm.v1.AcceptedMessagesFilter",
    fields: &[Field {
        name: "messages",
        json_name: "messages",
        ty: Type::RawJson,
        card: Card::Repeated,
        nullable: true,
        oneof: None,
    }],
};

pub static COSMWASM_WASM_V1_ACCESSCONFIG: Message = Message {
    full_name: "cosmwasm.wasm.v1.AccessConfig",
    fields: &[
        Field {
            name: "permission",
            json_name: "permission",
            ty: Type::WasmAccessType,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "addresses",
            json_name: "addresses",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMWASM_WASM_V1_ALLOWALLMESSAGESFILTER: Message =
    Message { full_name: "cosmwasm.wasm.v1.AllowAllMessagesFilter", fields: &[] };

pub static COSMWASM_WASM_V1_CODE: Message = Message {
    full_name: "cosmwasm.wasm.v1.Code",
    fields: &[
        Field { name: "code_id", json_name: "codeId", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "code_info",
            json_name: "codeInfo",
            ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_CODEINFO),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "code_bytes",
            json_name: "codeBytes",
            ty: Type::Bytes,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "pinned", json_name: "pinned", ty: Type::Bool, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMWASM_WASM_V1_CODEGRANT: Message = Message {
    full_name: "cosmwasm.wasm.v1.CodeGrant",
    fields: &[
        Field {
            name: "code_hash",
            json_name: "codeHash",
            ty: Type::Bytes,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "instantiate_permission",
            json_name: "instantiatePermission",
            ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_ACCESSCONFIG),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMWASM_WASM_V1_CODEINFO: Message = Message {
    full_name: "cosmwasm.wasm.v1.CodeInfo",
    fields: &[
        Field {
            name: "code_hash",
            json_name: "codeHash",
            ty: Type::Bytes,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "creator", json_name: "creator", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "instantiate_config",
            json_name: "instantiateConfig",
            ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_ACCESSCONFIG),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMWASM_WASM_V1_COMBINEDLIMIT: Message = Message {
    full_name: "cosmwasm.wasm.v1.CombinedLimit",
    fields: &[
        Field {
            name: "calls_remaining",
            json_name: "callsRemaining",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "amounts",
            json_name: "amounts",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMWASM_WASM_V1_CONTRACT: Message = Message {
    full_name: "cosmwasm.wasm.v1.Contract",
    fields: &[
        Field {
            name: "contract_address",
            json_name: "contractAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "contract_info",
            json_name: "contractInfo",
            ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_CONTRACTINFO),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "contract_state",
            json_name: "contractState",
            ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_MODEL),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "contract_code_history",
            json_name: "contractCodeHistory",
            ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_CONTRACTCODEHISTORYENTRY),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMWASM_WASM_V1_CONTRACTCODEHISTORYENTRY: Message = Message {
    full_name: "cosmwasm.wasm.v1.ContractCodeHistoryEntry",
    fields: &[
        Field {
            name: "operation",
            json_name: "operation",
            ty: Type::Enum(&crate::modules::wasm::COSMWASM_WASM_V1_CONTRACTCODEHISTORYOPERATIONTYPE),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "code_id", json_name: "codeId", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "updated",
            json_name: "updated",
            ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_ABSOLUTETXPOSITION),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "msg", json_name: "msg", ty: Type::RawJson, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMWASM_WASM_V1_CONTRACTCODEHISTORYOPERATIONTYPE: EnumDef = EnumDef {
    full_name: "cosmwasm.wasm.v1.ContractCodeHistoryOperationType",
    values: &[
        ("CONTRACT_CODE_HISTORY_OPERATION_TYPE_UNSPECIFIED", 0),
        ("CONTRACT_CODE_HISTORY_OPERATION_TYPE_INIT", 1),
        ("CONTRACT_CODE_HISTORY_OPERATION_TYPE_MIGRATE", 2),
        ("CONTRACT_CODE_HISTORY_OPERATION_TYPE_GENESIS", 3),
    ],
};

pub static COSMWASM_WASM_V1_CONTRACTEXECUTIONAUTHORIZATION: Message = Message {
    full_name: "cosmwasm.wasm.v1.ContractExecutionAuthorization",
    fields: &[Field {
        name: "grants",
        json_name: "grants",
        ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_CONTRACTGRANT),
        card: Card::Repeated,
        nullable: false,
        oneof: None,
    }],
};

pub static COSMWASM_WASM_V1_CONTRACTGRANT: Message = Message {
    full_name: "cosmwasm.wasm.v1.ContractGrant",
    fields: &[
        Field { name: "contract", json_name: "contract", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "limit",
            json_name: "limit",
            ty: Type::Any(&crate::modules::interfaces::COSMWASM_WASM_V1_CONTRACTAUTHZLIMITX),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "filter",
            json_name: "filter",
            ty: Type::Any(&crate::modules::interfaces::COSMWASM_WASM_V1_CONTRACTAUTHZFILTERX),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMWASM_WASM_V1_CONTRACTINFO: Message = Message {
    full_name: "cosmwasm.wasm.v1.ContractInfo",
    fields: &[
        Field { name: "code_id", json_name: "codeId", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "creator", json_name: "creator", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "admin", json_name: "admin", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "label", json_name: "label", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "created",
            json_name: "created",
            ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_ABSOLUTETXPOSITION),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "ibc_port_id",
            json_name: "ibcPortId",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "extension",
            json_name: "extension",
            ty: Type::Any(&crate::modules::interfaces::COSMWASM_WASM_V1_CONTRACTINFOEXTENSION),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMWASM_WASM_V1_CONTRACTMIGRATIONAUTHORIZATION: Message = Message {
    full_name: "cosmwasm.wasm.v1.ContractMigrationAuthorization",
    fields: &[Field {
        name: "grants",
        json_name: "grants",
        ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_CONTRACTGRANT),
        card: Card::Repeated,
        nullable: false,
        oneof: None,
    }],
};

pub static COSMWASM_WASM_V1_GENESISSTATE: Message = Message {
    full_name: "cosmwasm.wasm.v1.GenesisState",
    fields: &[
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_PARAMS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "codes",
            json_name: "codes",
            ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_CODE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "contracts",
            json_name: "contracts",
            ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_CONTRACT),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "sequences",
            json_name: "sequences",
            ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_SEQUENCE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static COSMWASM_WASM_V1_MAXCALLSLIMIT: Message = Message {
    full_name: "cosmwasm.wasm.v1.MaxCallsLimit",
    fields: &[Field {
        name: "remaining",
        json_name: "remaining",
        ty: Type::U64,
        card: Card::One,
        nullable: true,
        oneof: None,
    }],
};

pub static COSMWASM_WASM_V1_MAXFUNDSLIMIT: Message = Message {
    full_name: "cosmwasm.wasm.v1.MaxFundsLimit",
    fields: &[Field {
        name: "amounts",
        json_name: "amounts",
        ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
        card: Card::Repeated,
        nullable: false,
        oneof: None,
    }],
};

pub static COSMWASM_WASM_V1_MODEL: Message = Message {
    full_name: "cosmwasm.wasm.v1.Model",
    fields: &[
        Field { name: "key", json_name: "key", ty: Type::HexBytes, card: Card::One, nullable: true, oneof: None },
        Field { name: "value", json_name: "value", ty: Type::Bytes, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMWASM_WASM_V1_PARAMS: Message = Message {
    full_name: "cosmwasm.wasm.v1.Params",
    fields: &[
        Field {
            name: "code_upload_access",
            json_name: "codeUploadAccess",
            ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_ACCESSCONFIG),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "instantiate_default_permission",
            json_name: "instantiateDefaultPermission",
            ty: Type::WasmAccessType,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static COSMWASM_WASM_V1_SEQUENCE: Message = Message {
    full_name: "cosmwasm.wasm.v1.Sequence",
    fields: &[
        Field { name: "id_key", json_name: "idKey", ty: Type::Bytes, card: Card::One, nullable: true, oneof: None },
        Field { name: "value", json_name: "value", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static COSMWASM_WASM_V1_STORECODEAUTHORIZATION: Message = Message {
    full_name: "cosmwasm.wasm.v1.StoreCodeAuthorization",
    fields: &[Field {
        name: "grants",
        json_name: "grants",
        ty: Type::Msg(&crate::modules::wasm::COSMWASM_WASM_V1_CODEGRANT),
        card: Card::Repeated,
        nullable: false,
        oneof: None,
    }],
};
