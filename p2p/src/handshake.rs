//! Authenticating a TCP connection: SecretConnection under the node key, then the node info
//! exchange CometBFT's transport does, then our genesis hash.

use std::time::Duration;

use cometbft_p2p::AsyncSecretConnection;
use ed25519_dalek::SigningKey;
use tendermint_proto::v0_38::p2p::DefaultNodeInfo;
use tokio::net::TcpStream;

use crate::addr::NodeId;
use crate::node_info::NodeInfo;
use crate::refusal::Refusal;
use crate::wire::{self, GenesisHash, Reader, WireError, Writer};

#[derive(Debug, thiserror::Error)]
pub enum HandshakeError {
    #[error("{0}")]
    Wire(#[from] WireError),
    #[error("handshake did not finish within {0:?}")]
    Timeout(Duration),
    #[error("{reason}")]
    Refused { peer: Option<NodeId>, reason: Refusal },
}

/// What we present to peers.
pub(crate) struct Identity {
    pub key: SigningKey,
    pub info: NodeInfo,
    pub genesis_hash: [u8; 32],
}

pub(crate) struct Established {
    pub id: NodeId,
    pub info: NodeInfo,
    pub reader: Reader,
    pub writer: Writer,
}

/// `dialed` is the id we dialed (outbound) — the authenticated key must hash to it.
pub(crate) async fn perform(
    stream: TcpStream,
    me: &Identity,
    dialed: Option<NodeId>,
    limit: Duration,
) -> Result<Established, HandshakeError> {
    tokio::time::timeout(limit, exchange(stream, me, dialed)).await.map_err(|_| HandshakeError::Timeout(limit))?
}

async fn exchange(stream: TcpStream, me: &Identity, dialed: Option<NodeId>) -> Result<Established, HandshakeError> {
    let conn = AsyncSecretConnection::new(stream, &me.key).await.map_err(WireError::from)?;
    let id = NodeId::new(conn.peer_public_key().peer_id().to_bytes());
    // Same order as CometBFT's transport upgrade: the dialed id is checked before anything
    // else is said to the remote.
    if let Some(dialed) = dialed {
        if dialed != id {
            return Err(HandshakeError::Refused { peer: Some(id), reason: Refusal::IdMismatch { dialed, got: id } });
        }
    }
    if id == me.info.id {
        return Err(HandshakeError::Refused { peer: Some(id), reason: Refusal::SelfConnection(id) });
    }
    let (mut reader, mut writer) = conn.split();
    // Both sides write before reading, so neither waits on the other.
    let ours = me.info.to_proto();
    let (theirs, _) = tokio::try_join!(
        wire::read_proto::<DefaultNodeInfo>(&mut reader, "node info"),
        wire::write_proto(&mut writer, &ours),
    )?;
    let ours_genesis = GenesisHash { sha256: me.genesis_hash.to_vec() };
    let (their_genesis, _) = tokio::try_join!(
        wire::read_proto::<GenesisHash>(&mut reader, "genesis hash"),
        wire::write_proto(&mut writer, &ours_genesis),
    )?;
    let refuse = |reason| HandshakeError::Refused { peer: Some(id), reason };
    let info = NodeInfo::from_peer(theirs, id).map_err(refuse)?;
    me.info.check_compatible(&info).map_err(refuse)?;
    if their_genesis.sha256 != ours_genesis.sha256 {
        return Err(refuse(Refusal::GenesisMismatch {
            ours: hex::encode(&ours_genesis.sha256),
            theirs: hex::encode(&their_genesis.sha256),
        }));
    }
    Ok(Established { id, info, reader, writer })
}
