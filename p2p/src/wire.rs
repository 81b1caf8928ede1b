//! Messages inside the SecretConnection.
//!
//! Each message crosses cometbft-p2p through [`prost_bridge::Raw`], so the bytes on the wire
//! are exactly `varint(len) || message`, as CometBFT's protoio writes them.

use cometbft_p2p::{AsyncReadMsg, AsyncSecretReader, AsyncSecretWriter, AsyncWriteMsg};
use prost_bridge::{describe, Raw};
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
