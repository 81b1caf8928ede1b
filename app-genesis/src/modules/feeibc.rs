//! Schema of the `feeibc` messages app_state decodes, transcribed by `tools/gen_schema.py` from
//! - `ibc/applications/fee/v1/fee.proto`
//! - `ibc/applications/fee/v1/genesis.proto`
//!
//! Proto roots and versions: `app-genesis/README.md`. Regenerate rather than edit.

use crate::schema::*;

pub static IBC_APPLICATIONS_FEE_V1_FEE: Message = Message {
    full_name: "ibc.applications.fee.v1.Fee",
    fields: &[
        Field {
            name: "recv_fee",
            json_name: "recvFee",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "ack_fee",
            json_name: "ackFee",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "timeout_fee",
            json_name: "timeoutFee",
            ty: Type::Msg(&crate::modules::base::COSMOS_BASE_V1BETA1_COIN),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static IBC_APPLICATIONS_FEE_V1_FEEENABLEDCHANNEL: Message = Message {
    full_name: "ibc.applications.fee.v1.FeeEnabledChannel",
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

pub static IBC_APPLICATIONS_FEE_V1_FORWARDRELAYERADDRESS: Message = Message {
    full_name: "ibc.applications.fee.v1.ForwardRelayerAddress",
    fields: &[
        Field { name: "address", json_name: "address", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "packet_id",
            json_name: "packetId",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CHANNEL_V1_PACKETID),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static IBC_APPLICATIONS_FEE_V1_GENESISSTATE: Message = Message {
    full_name: "ibc.applications.fee.v1.GenesisState",
    fields: &[
        Field {
            name: "identified_fees",
            json_name: "identifiedFees",
            ty: Type::Msg(&crate::modules::feeibc::IBC_APPLICATIONS_FEE_V1_IDENTIFIEDPACKETFEES),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "fee_enabled_channels",
            json_name: "feeEnabledChannels",
            ty: Type::Msg(&crate::modules::feeibc::IBC_APPLICATIONS_FEE_V1_FEEENABLEDCHANNEL),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "registered_payees",
            json_name: "registeredPayees",
            ty: Type::Msg(&crate::modules::feeibc::IBC_APPLICATIONS_FEE_V1_REGISTEREDPAYEE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "registered_counterparty_payees",
            json_name: "registeredCounterpartyPayees",
            ty: Type::Msg(&crate::modules::feeibc::IBC_APPLICATIONS_FEE_V1_REGISTEREDCOUNTERPARTYPAYEE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "forward_relayers",
            json_name: "forwardRelayers",
            ty: Type::Msg(&crate::modules::feeibc::IBC_APPLICATIONS_FEE_V1_FORWARDRELAYERADDRESS),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static IBC_APPLICATIONS_FEE_V1_IDENTIFIEDPACKETFEES: Message = Message {
    full_name: "ibc.applications.fee.v1.IdentifiedPacketFees",
    fields: &[
        Field {
            name: "packet_id",
            json_name: "packetId",
            ty: Type::Msg(&crate::modules::ibc::IBC_CORE_CHANNEL_V1_PACKETID),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "packet_fees",
            json_name: "packetFees",
            ty: Type::Msg(&crate::modules::feeibc::IBC_APPLICATIONS_FEE_V1_PACKETFEE),
            card: Card::Repeated,
            nullable: false,
            oneof: None,
        },
    ],
};

pub static IBC_APPLICATIONS_FEE_V1_PACKETFEE: Message = Message {
    full_name: "ibc.applications.fee.v1.PacketFee",
    fields: &[
        Field {
            name: "fee",
            json_name: "fee",
            ty: Type::Msg(&crate::modules::feeibc::IBC_APPLICATIONS_FEE_V1_FEE),
            card: Card::One,
            nullable: false,
            oneof: None,
        },
        Field {
            name: "refund_address",
            json_name: "refundAddress",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field {
            name: "relayers",
            json_name: "relayers",
            ty: Type::Str,
            card: Card::Repeated,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_APPLICATIONS_FEE_V1_REGISTEREDCOUNTERPARTYPAYEE: Message = Message {
    full_name: "ibc.applications.fee.v1.RegisteredCounterpartyPayee",
    fields: &[
        Field {
            name: "channel_id",
            json_name: "channelId",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "relayer", json_name: "relayer", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field {
            name: "counterparty_payee",
            json_name: "counterpartyPayee",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
    ],
};

pub static IBC_APPLICATIONS_FEE_V1_REGISTEREDPAYEE: Message = Message {
    full_name: "ibc.applications.fee.v1.RegisteredPayee",
    fields: &[
        Field {
            name: "channel_id",
            json_name: "channelId",
            ty: Type::Str,
            card: Card::One,
            nullable: true,
            oneof: None,
        },
        Field { name: "relayer", json_name: "relayer", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
        Field { name: "payee", json_name: "payee", ty: Type::Str, card: Card::One, nullable: true, oneof: None },
    ],
};
