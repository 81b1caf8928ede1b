//! What the consensus driver publishes and the RPC server reads.

use super::store::Store;
use std::sync::{Arc, RwLock};
use tendermint::{Hash, Time};

#[derive(Clone, Debug, Default)]
pub struct Tip {
    pub height: u64,
    pub hash: Option<Hash>,
    pub time: Option<Time>,
}

#[derive(Clone, Debug, Default)]
pub struct ChainStatus {
    pub latest: Tip,
    pub earliest: Tip,
    pub catching_up: bool,
}

pub struct Shared {
    pub status: RwLock<ChainStatus>,
    pub store: Arc<Store>,
    pub network: p2p::NetworkHandle,
    pub validators: consensus::ValidatorSet,
    /// CometBFT `node_info` JSON of this node (what `/status` and peers show).
    pub node_info: serde_json::Value,
    /// `/status` validator_info JSON: our consensus key and its power (0 for a full node).
    pub validator_info: serde_json::Value,
    /// The genesis in CometBFT's GenesisDoc shape, for `/genesis`.
    pub genesis_doc: serde_json::Value,
    pub genesis_time: Time,
}

impl Shared {
    pub fn status(&self) -> ChainStatus {
        self.status.read().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn set_status(&self, f: impl FnOnce(&mut ChainStatus)) {
        if let Ok(mut s) = self.status.write() {
            f(&mut s);
        }
    }
}
