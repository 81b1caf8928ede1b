//! Messages inside the SecretConnection.
//!
//! cometbft-p2p 0.3 reads and writes `prost` 0.14 messages, tendermint-proto 0.40 is built on
//! prost 0.13. [`Raw`] carries an already-encoded message through cometbft-p2p unchanged, so
//! the bytes on the wire are exactly `varint(len) || message`, as CometBFT's protoio writes
//! them.

use cometbft_p2p::{AsyncReadMsg, AsyncSecretReader, AsyncSecretWriter, AsyncWriteMsg};
use prost014::bytes::{Buf, BufMut};
use prost014::encoding::{decode_varint, encode_key, encode_varint, DecodeContext, WireType};
use tokio::net::TcpStream;

/// Our extra handshake message: sha256 of the genesis file. CometBFT 0.38 has no genesis hash
/// in its node info, so there a genesis mismatch only shows up as a consensus failure; we send
/// this right after `DefaultNodeInfo` and refuse a peer whose hash differs.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct GenesisHash {
    #[prost(bytes = "vec", tag = "1")]
    pub sha256: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("secret connection: {}", describe(.0))]
    Secret(#[from] cometbft_p2p::Error),
    #[error("malformed {what}: {source}")]
    Decode { what: &'static str, source: prost::DecodeError },
}

/// cometbft-p2p's Display says only "I/O error"; the cause is in the source chain.
fn describe(err: &dyn std::error::Error) -> String {
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
pub(crate) struct Raw(pub Vec<u8>);

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

pub(crate) type Reader = AsyncSecretReader<TcpStream>;
pub(crate) type Writer = AsyncSecretWriter<TcpStream>;

pub(crate) async fn write_proto<M: prost::Message>(writer: &mut Writer, msg: &M) -> Result<(), WireError> {
    Ok(writer.write_msg(Raw(msg.encode_to_vec())).await?)
}

pub(crate) async fn read_proto<M: prost::Message + Default>(
    reader: &mut Reader,
    what: &'static str,
) -> Result<M, WireError> {
    let raw: Raw = reader.read_msg().await?;
    M::decode(raw.0.as_slice()).map_err(|source| WireError::Decode { what, source })
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message as _;
    use prost014::Message as _;
    use tendermint_proto::v0_38::p2p::{
        packet, DefaultNodeInfo, DefaultNodeInfoOther, Packet, PacketMsg, ProtocolVersion,
    };

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
}
