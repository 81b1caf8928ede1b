//! Peer-to-peer layer of the stand-in node, checking what CometBFT peers check.
//!
//! Protocol of one connection, in order:
//! 1. SecretConnection (cometbft-p2p) under the node key. The node id is the hex of the first
//!    20 bytes of sha256(ed25519 public key); when we dialed `id@host:port`, the remote's
//!    authenticated key must hash to `id`.
//! 2. `tendermint.p2p.DefaultNodeInfo`, varint length-delimited, both ways at once, as
//!    CometBFT's transport does. Refused: id not the authenticated one, other network (chain
//!    id), other block protocol version, no common channel.
//! 3. **Ours, not CometBFT's:** one more length-delimited message, `GenesisHash { bytes
//!    sha256 = 1 }`, with sha256 of the genesis file. CometBFT 0.38 has no genesis hash in its
//!    node info, so there a genesis mismatch only shows as consensus failure; here the peer is
//!    refused. A real CometBFT node does not send it, so it cannot peer with this one.
//! 4. A simplified MConnection: `tendermint.p2p.Packet`s (ping / pong / msg), each
//!    length-delimited; one `PacketMsg` carries one whole application message. Pings go out
//!    every `ping_interval` (60 s); a peer whose pong is `pong_timeout` (45 s) late is dropped,
//!    as in CometBFT's MConnection. Pongs skip the message queue.
//!
//! Admission (after the handshake): no connection to self; one connection per peer — when two
//! nodes dial each other at once both keep the connection dialed by the smaller node id;
//! one peer per IP unless `allow_duplicate_ip`; `max_num_inbound_peers` for inbound peers
//! (persistent ones included, as in CometBFT); `max_num_outbound_peers` for outbound peers
//! other than persistent ones.

mod addr;
mod config;
mod dialer;
mod handshake;
mod network;
mod node_info;
mod peer;
mod refusal;
mod shared;
mod table;
mod traffic;
mod wire;

pub use addr::{node_id, parse_persistent_peers, AddrError, AddrProblem, HostPort, NodeId, PeerAddr, PeerListError};
pub use config::{Config, Timing};
pub use handshake::HandshakeError;
pub use network::{Network, NetworkHandle, SendError, StartError, MAX_MESSAGE_SIZE};
pub use node_info::{LocalNodeInfo, NodeInfo, ProtocolVersion, DEFAULT_CHANNELS};
pub use refusal::Refusal;
pub use shared::{DialError, Event};
pub use table::PeerInfo;
pub use traffic::Traffic;
pub use wire::WireError;
