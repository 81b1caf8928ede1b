//! CometBFT's `DefaultNodeInfo`: what we announce and what we check in a peer's.

use tendermint_proto::v0_38::p2p::{DefaultNodeInfo, DefaultNodeInfoOther, ProtocolVersion as ProtoVersion};

use crate::addr::NodeId;
use crate::refusal::Refusal;

/// Channel ids of a CometBFT 0.38 node (blocksync, consensus state/data/vote/vote-set-bits,
/// mempool, evidence). Peers must share at least one, as in CometBFT.
pub const DEFAULT_CHANNELS: &[u8] = &[0x40, 0x20, 0x21, 0x22, 0x23, 0x30, 0x38];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProtocolVersion {
    pub p2p: u64,
    pub block: u64,
    pub app: u64,
}

impl Default for ProtocolVersion {
    /// CometBFT 0.38: p2p 8, block 11.
    fn default() -> Self {
        ProtocolVersion { p2p: 8, block: 11, app: 0 }
    }
}

/// The parts of our node info the caller chooses; id and listen address are derived by the
/// network from the node key and `p2p.laddr` / `p2p.external_address`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalNodeInfo {
    /// The chain id.
    pub network: String,
    pub moniker: String,
    pub version: String,
    pub protocol_version: ProtocolVersion,
    pub channels: Vec<u8>,
    pub tx_index: String,
    pub rpc_address: String,
}

impl LocalNodeInfo {
    pub fn new(network: impl Into<String>) -> Self {
        LocalNodeInfo {
            network: network.into(),
            moniker: "simchain".to_string(),
            version: "0.38.17".to_string(),
            protocol_version: ProtocolVersion::default(),
            channels: DEFAULT_CHANNELS.to_vec(),
            tx_index: "on".to_string(),
            rpc_address: String::new(),
        }
    }
}

/// A node's `DefaultNodeInfo`, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeInfo {
    pub id: NodeId,
    pub listen_addr: String,
    pub network: String,
    pub version: String,
    pub protocol_version: ProtocolVersion,
    pub channels: Vec<u8>,
    pub moniker: String,
    pub tx_index: String,
    pub rpc_address: String,
}

impl NodeInfo {
    pub(crate) fn local(id: NodeId, listen_addr: String, local: &LocalNodeInfo) -> Self {
        NodeInfo {
            id,
            listen_addr,
            network: local.network.clone(),
            version: local.version.clone(),
            protocol_version: local.protocol_version,
            channels: local.channels.clone(),
            moniker: local.moniker.clone(),
            tx_index: local.tx_index.clone(),
            rpc_address: local.rpc_address.clone(),
        }
    }

    pub fn to_proto(&self) -> DefaultNodeInfo {
        DefaultNodeInfo {
            protocol_version: Some(ProtoVersion {
                p2p: self.protocol_version.p2p,
                block: self.protocol_version.block,
                app: self.protocol_version.app,
            }),
            default_node_id: self.id.to_string(),
            listen_addr: self.listen_addr.clone(),
            network: self.network.clone(),
            version: self.version.clone(),
            channels: self.channels.clone(),
            moniker: self.moniker.clone(),
            other: Some(DefaultNodeInfoOther {
                tx_index: self.tx_index.clone(),
                rpc_address: self.rpc_address.clone(),
            }),
        }
    }

    /// Reads a peer's node info; `authenticated` is the id its SecretConnection key hashes to,
    /// which the announced id must equal (CometBFT: "conn.ID mismatch NodeInfo.ID").
    pub(crate) fn from_peer(proto: DefaultNodeInfo, authenticated: NodeId) -> Result<Self, Refusal> {
        let claimed: Option<NodeId> = proto.default_node_id.parse().ok();
        if claimed != Some(authenticated) {
            return Err(Refusal::NodeInfoIdMismatch { claimed: proto.default_node_id, authenticated });
        }
        let version =
            proto.protocol_version.ok_or_else(|| Refusal::MalformedNodeInfo("no protocol_version".to_string()))?;
        let other = proto.other.unwrap_or_default();
        Ok(NodeInfo {
            id: authenticated,
            listen_addr: proto.listen_addr,
            network: proto.network,
            version: proto.version,
            protocol_version: ProtocolVersion { p2p: version.p2p, block: version.block, app: version.app },
            channels: proto.channels,
            moniker: proto.moniker,
            tx_index: other.tx_index,
            rpc_address: other.rpc_address,
        })
    }

    /// CometBFT's `DefaultNodeInfo.CompatibleWith`: same block protocol, same network, one
    /// common channel.
    pub(crate) fn check_compatible(&self, theirs: &NodeInfo) -> Result<(), Refusal> {
        if self.protocol_version.block != theirs.protocol_version.block {
            return Err(Refusal::BlockVersionMismatch {
                ours: self.protocol_version.block,
                theirs: theirs.protocol_version.block,
            });
        }
        if self.network != theirs.network {
            return Err(Refusal::NetworkMismatch { ours: self.network.clone(), theirs: theirs.network.clone() });
        }
        if !self.channels.iter().any(|c| theirs.channels.contains(c)) {
            return Err(Refusal::NoCommonChannels {
                ours: hex::encode(&self.channels),
                theirs: hex::encode(&theirs.channels),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(id: NodeId, network: &str) -> NodeInfo {
        NodeInfo::local(id, "tcp://0.0.0.0:26656".into(), &LocalNodeInfo::new(network))
    }

    #[test]
    fn proto_round_trip_and_id_binding() {
        let id = NodeId::new([1; 20]);
        let other = NodeId::new([2; 20]);
        let ours = info(id, "chain-a");
        assert_eq!(NodeInfo::from_peer(ours.to_proto(), id), Ok(ours.clone()));
        assert_eq!(
            NodeInfo::from_peer(ours.to_proto(), other),
            Err(Refusal::NodeInfoIdMismatch { claimed: id.to_string(), authenticated: other })
        );
    }

    #[test]
    fn compatibility_rules() {
        let a = info(NodeId::new([1; 20]), "chain-a");
        assert_eq!(a.check_compatible(&info(NodeId::new([2; 20]), "chain-a")), Ok(()));
        assert!(matches!(
            a.check_compatible(&info(NodeId::new([2; 20]), "chain-b")),
            Err(Refusal::NetworkMismatch { .. })
        ));
        let mut old = info(NodeId::new([2; 20]), "chain-a");
        old.protocol_version.block = 10;
        assert!(matches!(a.check_compatible(&old), Err(Refusal::BlockVersionMismatch { ours: 11, theirs: 10 })));
        let mut disjoint = info(NodeId::new([2; 20]), "chain-a");
        disjoint.channels = vec![0x99];
        assert!(matches!(a.check_compatible(&disjoint), Err(Refusal::NoCommonChannels { .. })));
    }
}
