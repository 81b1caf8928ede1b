//! The bridge between two prost versions on one wire.
//!
//! cometbft-p2p 0.3 (the SecretConnection) reads and writes `prost` 0.14 messages, while
//! tendermint-proto 0.40 is built on prost 0.13. [`Raw`] carries an already-encoded message
//! through cometbft-p2p unchanged, so the bytes on the wire are exactly
//! `varint(len) || message`, as CometBFT's protoio writes them. The p2p connections and the
//! privval connection (tmkms) both go through it.

use prost014::bytes::{Buf, BufMut};
use prost014::encoding::{decode_varint, encode_key, encode_varint, DecodeContext, WireType};

/// cometbft-p2p's Display says only "I/O error"; the cause is in the source chain.
pub fn describe(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The encoded body of a protobuf message, minus the length prefix.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Raw(pub Vec<u8>);

impl prost014::Message for Raw {
    fn encode_raw(&self, buf: &mut impl BufMut) {
        buf.put_slice(&self.0);
    }

    // prost hands us the body field by field; re-encoding each field reproduces the body
    // (the same fields in the same order), which the prost 0.13 type then decodes.
    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        _ctx: DecodeContext,
    ) -> Result<(), prost014::DecodeError> {
        encode_key(tag, wire_type, &mut self.0);
        let len = match wire_type {
            WireType::Varint => {
                encode_varint(decode_varint(buf)?, &mut self.0);
                return Ok(());
            }
            WireType::SixtyFourBit => 8,
            WireType::ThirtyTwoBit => 4,
            WireType::LengthDelimited => {
                let len = decode_varint(buf)?;
                encode_varint(len, &mut self.0);
                usize::try_from(len).map_err(|_| underflow())?
            }
            #[allow(deprecated)]
            WireType::StartGroup | WireType::EndGroup => {
                return Err(prost014::DecodeError::new("protobuf groups are not used by CometBFT"))
            }
        };
        if buf.remaining() < len {
            return Err(underflow());
        }
        let start = self.0.len();
        self.0.resize(start + len, 0);
        buf.copy_to_slice(&mut self.0[start..]);
        Ok(())
    }

    fn encoded_len(&self) -> usize {
        self.0.len()
    }

    fn clear(&mut self) {
        self.0.clear();
    }
}

#[allow(deprecated)]
fn underflow() -> prost014::DecodeError {
    prost014::DecodeError::new("buffer underflow")
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message as _;
    use prost014::Message as _;
    use tendermint_proto::v0_38::p2p::{
        packet, DefaultNodeInfo, DefaultNodeInfoOther, Packet, PacketMsg, ProtocolVersion,
    };
    use tendermint_proto::v0_38::privval::{message::Sum, Message, PingRequest, SignVoteRequest};
    use tendermint_proto::v0_38::types::Vote;

    #[test]
    fn raw_bytes_equal_cometbft_delimited_encoding() {
        let info = DefaultNodeInfo {
            protocol_version: Some(ProtocolVersion { p2p: 8, block: 11, app: 0 }),
            default_node_id: "ab".repeat(20),
            listen_addr: "tcp://0.0.0.0:26656".into(),
            network: "chain-1".into(),
            version: "0.38.17".into(),
            channels: vec![0x40, 0x20],
            moniker: "m".into(),
            other: Some(DefaultNodeInfoOther { tx_index: "on".into(), rpc_address: "tcp://x:1".into() }),
        };
        let framed = Raw(info.encode_to_vec()).encode_length_delimited_to_vec();
        assert_eq!(framed, info.encode_length_delimited_to_vec());
        let back = Raw::decode_length_delimited(framed.as_slice()).expect("decode raw");
        assert_eq!(DefaultNodeInfo::decode(back.0.as_slice()).expect("decode info"), info);
    }

    #[test]
    fn raw_round_trips_packets_with_every_wire_type_used() {
        let packet = Packet {
            sum: Some(packet::Sum::PacketMsg(PacketMsg { channel_id: 0x22, eof: true, data: vec![9; 3000] })),
        };
        let framed = Raw(packet.encode_to_vec()).encode_length_delimited_to_vec();
        let back = Raw::decode_length_delimited(framed.as_slice()).expect("decode raw");
        assert_eq!(Packet::decode(back.0.as_slice()).expect("decode packet"), packet);
        let truncated = &framed[..framed.len() - 1];
        assert!(Raw::decode_length_delimited(truncated).is_err());
    }

    #[test]
    fn raw_framing_equals_cometbft_delimited_encoding() {
        let vote =
            Vote { height: 7, round: 1, validator_address: vec![3; 20], signature: vec![9; 64], ..Default::default() };
        for msg in [
            Message { sum: Some(Sum::SignVoteRequest(SignVoteRequest { vote: Some(vote), chain_id: "c".into() })) },
            Message { sum: Some(Sum::PingRequest(PingRequest {})) },
        ] {
            let framed = Raw(msg.encode_to_vec()).encode_length_delimited_to_vec();
            assert_eq!(framed, msg.encode_length_delimited_to_vec());
            let back = Raw::decode_length_delimited(framed.as_slice()).unwrap();
            assert_eq!(Message::decode(back.0.as_slice()).unwrap(), msg);
            assert!(Raw::decode_length_delimited(&framed[..framed.len() - 1]).is_err());
        }
    }
}
