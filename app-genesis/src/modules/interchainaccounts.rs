//! Schema of the `interchainaccounts` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `ibc/applications/interchain_accounts/controller/v1/controller.proto`
//! - `ibc/applications/interchain_accounts/genesis/v1/genesis.proto`
//! - `ibc/applications/interchain_accounts/host/v1/host.proto`
//! - `ibc/applications/interchain_accounts/v1/account.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_CONTROLLER_V1_PARAMS: Message = Message {
    full_name: "ibc.applications.interchain_accounts.controller.v1.Params",
    fields: &[Field {
        name: "controller_enabled",
        json_name: "controllerEnabled",
        ty: Type::Bool,
        card: Card::One,
        nullable: true,
        oneof: None,
    }],
};

pub static IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_GENESIS_V1_ACTIVECHANNEL: Message = Message {
    full_name: "ibc.applications.interchain_accounts.genesis.v1.ActiveChannel",
    fields: &[
        Field {
            name: "connection_id",
            json_name: "connectionId",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "port_id", json_name: "portId", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "channel_id",
            json_name: "channelId",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "is_middleware_enabled",
            json_name: "isMiddlewareEnabled",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_GENESIS_V1_CONTROLLERGENESISSTATE: Message = Message {
    full_name: "ibc.applications.interchain_accounts.genesis.v1.ControllerGenesisState",
    fields: &[
        Field { name: "active_channels", json_name: "activeChannels", ty: Type::Msg(&crate::modules::interchainaccounts::IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_GENESIS_V1_ACTIVECHANNEL), card: Card::Repeated, nullable: false, oneof: None },
        Field { name: "interchain_accounts", json_name: "interchainAccounts", ty: Type::Msg(&crate::modules::interchainaccounts::IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_GENESIS_V1_REGISTEREDINTERCHAINACCOUNT), card: Card::Repeated, nullable: false, oneof: None },
        Field { name: "ports", json_name: "ports", ty: Type::Str, card: Card::Repeated, nullable: true, oneof: None },
        Field { name: "params", json_name: "params", ty: Type::Msg(&crate::modules::interchainaccounts::IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_CONTROLLER_V1_PARAMS), card: Card::One, nullable: false, oneof: None },
    ],
};

pub static IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_GENESIS_V1_GENESISSTATE: Message = Message {
    full_name: "ibc.applications.interchain_accounts.genesis.v1.GenesisState",
    fields: &[
        Field { name: "controller_genesis_state", json_name: "controllerGenesisState", ty: Type::Msg(&crate::modules::interchainaccounts::IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_GENESIS_V1_CONTROLLERGENESISSTATE), card: Card::One, nullable: false, oneof: None },
        Field { name: "host_genesis_state", json_name: "hostGenesisState", ty: Type::Msg(&crate::modules::interchainaccounts::IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_GENESIS_V1_HOSTGENESISSTATE), card: Card::One, nullable: false, oneof: None },
    ],
};

pub static IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_GENESIS_V1_HOSTGENESISSTATE: Message = Message {
    full_name: "ibc.applications.interchain_accounts.genesis.v1.HostGenesisState",
    fields: &[
        Field { name: "active_channels", json_name: "activeChannels", ty: Type::Msg(&crate::modules::interchainaccounts::IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_GENESIS_V1_ACTIVECHANNEL), card: Card::Repeated, nullable: false, oneof: None },
        Field { name: "interchain_accounts", json_name: "interchainAccounts", ty: Type::Msg(&crate::modules::interchainaccounts::IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_GENESIS_V1_REGISTEREDINTERCHAINACCOUNT), card: Card::Repeated, nullable: false, oneof: None },
        Field { name: "port", json_name: "port", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "params", json_name: "params", ty: Type::Msg(&crate::modules::interchainaccounts::IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_HOST_V1_PARAMS), card: Card::One, nullable: false, oneof: None },
    ],
};

pub static IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_GENESIS_V1_REGISTEREDINTERCHAINACCOUNT: Message = Message {
    full_name: "ibc.applications.interchain_accounts.genesis.v1.RegisteredInterchainAccount",
    fields: &[
        Field {
            name: "connection_id",
            json_name: "connectionId",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "port_id", json_name: "portId", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "account_address",
            json_name: "accountAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_HOST_V1_PARAMS: Message = Message {
    full_name: "ibc.applications.interchain_accounts.host.v1.Params",
    fields: &[
        Field {
            name: "host_enabled",
            json_name: "hostEnabled",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "allow_messages",
            json_name: "allowMessages",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_V1_INTERCHAINACCOUNT: Message = Message {
    full_name: "ibc.applications.interchain_accounts.v1.InterchainAccount",
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
            name: "account_owner",
            json_name: "accountOwner",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};
