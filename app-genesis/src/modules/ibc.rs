//! Schema of the `ibc` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `ibc/core/channel/v1/channel.proto`
//! - `ibc/core/channel/v1/genesis.proto`
//! - `ibc/core/client/v1/client.proto`
//! - `ibc/core/client/v1/genesis.proto`
//! - `ibc/core/commitment/v1/commitment.proto`
//! - `ibc/core/connection/v1/connection.proto`
//! - `ibc/core/connection/v1/genesis.proto`
//! - `ibc/core/types/v1/genesis.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static IBC_CORE_CHANNEL_V1_COUNTERPARTY: Message = Message {
    full_name: "ibc.core.channel.v1.Counterparty",
    fields: &[
        Field { name: "port_id", json_name: "portId", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "channel_id",
            json_name: "channelId",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_CORE_CHANNEL_V1_GENESISSTATE: Message = Message {
    full_name: "ibc.core.channel.v1.GenesisState",
    fields: &[
        Field {
            name: "channels",
            json_name: "channels",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CHANNEL_V1_IDENTIFIEDCHANNEL),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "acknowledgements",
            json_name: "acknowledgements",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CHANNEL_V1_PACKETSTATE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "commitments",
            json_name: "commitments",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CHANNEL_V1_PACKETSTATE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "receipts",
            json_name: "receipts",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CHANNEL_V1_PACKETSTATE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "send_sequences",
            json_name: "sendSequences",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CHANNEL_V1_PACKETSEQUENCE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "recv_sequences",
            json_name: "recvSequences",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CHANNEL_V1_PACKETSEQUENCE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "ack_sequences",
            json_name: "ackSequences",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CHANNEL_V1_PACKETSEQUENCE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "next_channel_sequence",
            json_name: "nextChannelSequence",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CHANNEL_V1_PARAMS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static IBC_CORE_CHANNEL_V1_IDENTIFIEDCHANNEL: Message = Message {
    full_name: "ibc.core.channel.v1.IdentifiedChannel",
    fields: &[
        Field {
            name: "state",
            json_name: "state",
            ty: Type::Enum(&crate::modules::ibc::IBC_CORE_CHANNEL_V1_STATE),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "ordering",
            json_name: "ordering",
            ty: Type::Enum(&crate::modules::ibc::IBC_CORE_CHANNEL_V1_ORDER),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "counterparty",
            json_name: "counterparty",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CHANNEL_V1_COUNTERPARTY),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "connection_hops",
            json_name: "connectionHops",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field { name: "version", json_name: "version", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
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
            name: "upgrade_sequence",
            json_name: "upgradeSequence",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_CORE_CHANNEL_V1_ORDER: EnumDef = EnumDef {
    full_name: "ibc.core.channel.v1.Order",
    values: &[("ORDER_NONE_UNSPECIFIED", 0), ("ORDER_UNORDERED", 1), ("ORDER_ORDERED", 2)],
};

pub static IBC_CORE_CHANNEL_V1_PACKETID: Message = Message {
    full_name: "ibc.core.channel.v1.PacketId",
    fields: &[
        Field { name: "port_id", json_name: "portId", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "channel_id",
            json_name: "channelId",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "sequence", json_name: "sequence", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static IBC_CORE_CHANNEL_V1_PACKETSEQUENCE: Message = Message {
    full_name: "ibc.core.channel.v1.PacketSequence",
    fields: &[
        Field { name: "port_id", json_name: "portId", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "channel_id",
            json_name: "channelId",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "sequence", json_name: "sequence", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static IBC_CORE_CHANNEL_V1_PACKETSTATE: Message = Message {
    full_name: "ibc.core.channel.v1.PacketState",
    fields: &[
        Field { name: "port_id", json_name: "portId", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "channel_id",
            json_name: "channelId",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "sequence", json_name: "sequence", ty: Type::U64, card: Card::One, nullable: true, oneof: None },
        Field { name: "data", json_name: "data", ty: Type::Bytes, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static IBC_CORE_CHANNEL_V1_PARAMS: Message = Message {
    full_name: "ibc.core.channel.v1.Params",
    fields: &[Field {
        name: "upgrade_timeout",
        json_name: "upgradeTimeout",
        ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CHANNEL_V1_TIMEOUT),
        card: Card::One,
        nullable: false,
        oneof: None,
    }],
};

pub static IBC_CORE_CHANNEL_V1_STATE: EnumDef = EnumDef {
    full_name: "ibc.core.channel.v1.State",
    values: &[
        ("STATE_UNINITIALIZED_UNSPECIFIED", 0),
        ("STATE_INIT", 1),
        ("STATE_TRYOPEN", 2),
        ("STATE_OPEN", 3),
        ("STATE_CLOSED", 4),
        ("STATE_FLUSHING", 5),
        ("STATE_FLUSHCOMPLETE", 6),
    ],
};

pub static IBC_CORE_CHANNEL_V1_TIMEOUT: Message = Message {
    full_name: "ibc.core.channel.v1.Timeout",
    fields: &[
        Field {
            name: "height",
            json_name: "height",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CLIENT_V1_HEIGHT),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "timestamp",
            json_name: "timestamp",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_CORE_CLIENT_V1_CLIENTCONSENSUSSTATES: Message = Message {
    full_name: "ibc.core.client.v1.ClientConsensusStates",
    fields: &[
        Field { name: "client_id", json_name: "clientId", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "consensus_states",
            json_name: "consensusStates",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CLIENT_V1_CONSENSUSSTATEWITHHEIGHT),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static IBC_CORE_CLIENT_V1_CONSENSUSSTATEWITHHEIGHT: Message = Message {
    full_name: "ibc.core.client.v1.ConsensusStateWithHeight",
    fields: &[
        Field {
            name: "height",
            json_name: "height",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CLIENT_V1_HEIGHT),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "consensus_state",
            json_name: "consensusState",
            ty: Type::Any(&crate::modules::interfaces::IBC_CORE_CLIENT_V1_CONSENSUSSTATE),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_CORE_CLIENT_V1_GENESISMETADATA: Message = Message {
    full_name: "ibc.core.client.v1.GenesisMetadata",
    fields: &[
        Field { name: "key", json_name: "key", ty: Type::Bytes, card: Card::One, nullable: true, oneof: None },
        Field { name: "value", json_name: "value", ty: Type::Bytes, card: Card::One, nullable: true, oneof: None },
    ],
};

pub static IBC_CORE_CLIENT_V1_GENESISSTATE: Message = Message {
    full_name: "ibc.core.client.v1.GenesisState",
    fields: &[
        Field {
            name: "clients",
            json_name: "clients",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CLIENT_V1_IDENTIFIEDCLIENTSTATE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "clients_consensus",
            json_name: "clientsConsensus",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CLIENT_V1_CLIENTCONSENSUSSTATES),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "clients_metadata",
            json_name: "clientsMetadata",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CLIENT_V1_IDENTIFIEDGENESISMETADATA),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CLIENT_V1_PARAMS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "create_localhost",
            json_name: "createLocalhost",
            ty: Type::Bool,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "next_client_sequence",
            json_name: "nextClientSequence",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_CORE_CLIENT_V1_HEIGHT: Message = Message {
    full_name: "ibc.core.client.v1.Height",
    fields: &[
        Field {
            name: "revision_number",
            json_name: "revisionNumber",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "revision_height",
            json_name: "revisionHeight",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_CORE_CLIENT_V1_IDENTIFIEDCLIENTSTATE: Message = Message {
    full_name: "ibc.core.client.v1.IdentifiedClientState",
    fields: &[
        Field { name: "client_id", json_name: "clientId", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "client_state",
            json_name: "clientState",
            ty: Type::Any(&crate::modules::interfaces::IBC_CORE_CLIENT_V1_CLIENTSTATE),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_CORE_CLIENT_V1_IDENTIFIEDGENESISMETADATA: Message = Message {
    full_name: "ibc.core.client.v1.IdentifiedGenesisMetadata",
    fields: &[
        Field { name: "client_id", json_name: "clientId", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "client_metadata",
            json_name: "clientMetadata",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CLIENT_V1_GENESISMETADATA),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static IBC_CORE_CLIENT_V1_PARAMS: Message = Message {
    full_name: "ibc.core.client.v1.Params",
    fields: &[Field {
        name: "allowed_clients",
        json_name: "allowedClients",
        ty: Type::Str,
        card: Card::Repeated,
        nullable: true,
        oneof: None,
    }],
};

pub static IBC_CORE_COMMITMENT_V1_MERKLEPREFIX: Message = Message {
    full_name: "ibc.core.commitment.v1.MerklePrefix",
    fields: &[Field {
        name: "key_prefix",
        json_name: "keyPrefix",
        ty: Type::Bytes,
        card: Card::One,
        nullable: true,
        oneof: None,
    }],
};

pub static IBC_CORE_COMMITMENT_V1_MERKLEROOT: Message = Message {
    full_name: "ibc.core.commitment.v1.MerkleRoot",
    fields: &[Field { name: "hash", json_name: "hash", ty: Type::Bytes, card: Card::One, nullable: true, oneof: None }],
};

pub static IBC_CORE_CONNECTION_V1_CONNECTIONPATHS: Message = Message {
    full_name: "ibc.core.connection.v1.ConnectionPaths",
    fields: &[
        Field { name: "client_id", json_name: "clientId", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "paths", json_name: "paths", ty: Type::Str, card: Card::Repeated, nullable: true, oneof: None },
    ],
};

pub static IBC_CORE_CONNECTION_V1_COUNTERPARTY: Message = Message {
    full_name: "ibc.core.connection.v1.Counterparty",
    fields: &[
        Field { name: "client_id", json_name: "clientId", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "connection_id",
            json_name: "connectionId",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "prefix",
            json_name: "prefix",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_COMMITMENT_V1_MERKLEPREFIX),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static IBC_CORE_CONNECTION_V1_GENESISSTATE: Message = Message {
    full_name: "ibc.core.connection.v1.GenesisState",
    fields: &[
        Field {
            name: "connections",
            json_name: "connections",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CONNECTION_V1_IDENTIFIEDCONNECTION),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "client_connection_paths",
            json_name: "clientConnectionPaths",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CONNECTION_V1_CONNECTIONPATHS),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "next_connection_sequence",
            json_name: "nextConnectionSequence",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "params",
            json_name: "params",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CONNECTION_V1_PARAMS),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static IBC_CORE_CONNECTION_V1_IDENTIFIEDCONNECTION: Message = Message {
    full_name: "ibc.core.connection.v1.IdentifiedConnection",
    fields: &[
        Field { name: "id", json_name: "id", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "client_id", json_name: "clientId", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "versions",
            json_name: "versions",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CONNECTION_V1_VERSION),
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "state",
            json_name: "state",
            ty: Type::Enum(&crate::modules::ibc::IBC_CORE_CONNECTION_V1_STATE),
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "counterparty",
            json_name: "counterparty",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CONNECTION_V1_COUNTERPARTY),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "delay_period",
            json_name: "delayPeriod",
            ty: Type::U64,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_CORE_CONNECTION_V1_PARAMS: Message = Message {
    full_name: "ibc.core.connection.v1.Params",
    fields: &[Field {
        name: "max_expected_time_per_block",
        json_name: "maxExpectedTimePerBlock",
        ty: Type::U64,
        card: Card::One,
        nullable: true,
        oneof: None,
    }],
};

pub static IBC_CORE_CONNECTION_V1_STATE: EnumDef = EnumDef {
    full_name: "ibc.core.connection.v1.State",
    values: &[("STATE_UNINITIALIZED_UNSPECIFIED", 0), ("STATE_INIT", 1), ("STATE_TRYOPEN", 2), ("STATE_OPEN", 3)],
};

pub static IBC_CORE_CONNECTION_V1_VERSION: Message = Message {
    full_name: "ibc.core.connection.v1.Version",
    fields: &[
        Field {
            name: "identifier",
            json_name: "identifier",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "features",
            json_name: "features",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_CORE_TYPES_V1_GENESISSTATE: Message = Message {
    full_name: "ibc.core.types.v1.GenesisState",
    fields: &[
        Field {
            name: "client_genesis",
            json_name: "clientGenesis",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CLIENT_V1_GENESISSTATE),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "connection_genesis",
            json_name: "connectionGenesis",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CONNECTION_V1_GENESISSTATE),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "channel_genesis",
            json_name: "channelGenesis",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CHANNEL_V1_GENESISSTATE),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};
