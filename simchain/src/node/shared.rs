//! What the consensus driver publishes and the RPC server reads.

use super::store::Store;
use std::sync::{Arc, RwLock};
use tendermint::{Hash, Time};
use tokio::sync::broadcast;

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

/// Heights newly stored, one message per block: the RPC's `/websocket` turns each into the
/// `NewBlock` and `NewBlockHeader` events CometBFT's event bus publishes.
pub const NEW_BLOCK_BACKLOG: usize = 256;

pub struct Shared {
    pub status: RwLock<ChainStatus>,
    pub store: Arc<Store>,
    pub network: p2p::NetworkHandle,
    pub validators: consensus::ValidatorSet,
    /// CometBFT `node_info` JSON of this node (what `/status` and peers show).
    pub node_info: serde_json::Value,
    /// Our consensus key and its power (0 for a full node), for `/status` validator_info.
    pub own_validator: tendermint::validator::Info,
    /// The genesis in CometBFT's GenesisDoc shape, for `/genesis`.
    pub genesis_doc: serde_json::Value,
    pub genesis_time: Time,
    pub new_blocks: broadcast::Sender<u64>,
}

impl Shared {
    pub fn status(&self) -> ChainStatus {
        self.status.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// Changes the published status; every height the latest tip moved past is announced on
    /// `new_blocks` (block-sync can store several blocks between two calls).
    pub fn set_status(&self, f: impl FnOnce(&mut ChainStatus)) {
        let moved = match self.status.write() {
            Ok(mut s) => {
                let before = s.latest.height;
                f(&mut s);
                (before, s.latest.height)
            }
            Err(_) => return,
        };
        // No receiver (no websocket client) is the normal case, not an error.
        for h in moved.0.saturating_add(1)..=moved.1 {
            let _ = self.new_blocks.send(h);
        }
    }
}
