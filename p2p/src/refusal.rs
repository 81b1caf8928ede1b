//! Why a peer was not admitted. One enum for every rule, so logs, events and tests speak the
//! same words.

use std::net::IpAddr;

use crate::addr::NodeId;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The dialed id is not the hash of the key the remote authenticated with.
    #[error("peer id mismatch: dialed {dialed} got {got}")]
    IdMismatch { dialed: NodeId, got: NodeId },
    #[error("connection to self ({0})")]
    SelfConnection(NodeId),
    #[error("node info id {claimed:?} does not match authenticated id {authenticated}")]
    NodeInfoIdMismatch { claimed: String, authenticated: NodeId },
    #[error("malformed node info: {0}")]
    MalformedNodeInfo(String),
    #[error("network (chain id) mismatch: ours {ours:?}, peer's {theirs:?}")]
    NetworkMismatch { ours: String, theirs: String },
    #[error("block protocol version mismatch: ours {ours}, peer's {theirs}")]
    BlockVersionMismatch { ours: u64, theirs: u64 },
    #[error("no common channels: ours {ours}, peer's {theirs}")]
    NoCommonChannels { ours: String, theirs: String },
    /// Our addition to CometBFT's checks (see the crate docs): genesis files differ.
    #[error("genesis hash mismatch: ours {ours}, peer's {theirs}")]
    GenesisMismatch { ours: String, theirs: String },
    #[error("already connected to {0}")]
    Duplicate(NodeId),
    #[error("another peer is already connected from {0} (allow_duplicate_ip = false)")]
    DuplicateIp(IpAddr),
    #[error("already have enough inbound peers (max_num_inbound_peers = {max})")]
    InboundLimit { max: usize },
    #[error("already have enough outbound peers (max_num_outbound_peers = {max})")]
    OutboundLimit { max: usize },
}
