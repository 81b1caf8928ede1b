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

/// Returns the bytes written before sealing: `varint(len) || message`.
pub(crate) async fn write_proto<M: prost::Message>(writer: &mut Writer, msg: &M) -> Result<usize, WireError> {
    let bytes = msg.encode_to_vec();
    let len = delimited_len(bytes.len());
    writer.write_msg(Raw(bytes)).await?;
    Ok(len)
}

pub(crate) async fn read_proto<M: prost::Message + Default>(
    reader: &mut Reader,
    what: &'static str,
) -> Result<M, WireError> {
    Ok(read_counted(reader, what).await?.0)
}

/// The message and the bytes it took after opening: `varint(len) || message`.
pub(crate) async fn read_counted<M: prost::Message + Default>(
    reader: &mut Reader,
    what: &'static str,
) -> Result<(M, usize), WireError> {
    let raw: Raw = reader.read_msg().await?;
    let msg = M::decode(raw.0.as_slice()).map_err(|source| WireError::Decode { what, source })?;
    Ok((msg, delimited_len(raw.0.len())))
}

fn delimited_len(len: usize) -> usize {
    prost::length_delimiter_len(len) + len
}
