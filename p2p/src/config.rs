//! What the node hands the network at start.

use std::time::Duration;

use ed25519_dalek::SigningKey;

use crate::addr::{NodeId, PeerAddr};
use crate::node_info::LocalNodeInfo;

/// `[p2p]` of `config.toml`, plus our node info and the genesis hash.
#[derive(Clone)]
pub struct Config {
    pub node_key: SigningKey,
    /// `p2p.laddr`, e.g. `tcp://0.0.0.0:26656`; port 0 lets the OS choose.
    pub listen_addr: String,
    /// `p2p.external_address`; announced instead of `listen_addr` when not empty.
    pub external_address: String,
    pub persistent_peers: Vec<PeerAddr>,
    /// `p2p.unconditional_peer_ids`: peers neither limit applies to, nor counts (CometBFT's
    /// `IsPeerUnconditional`, p2p/switch.go `acceptRoutine` and `NumPeers`).
    pub unconditional_peer_ids: Vec<NodeId>,
    pub allow_duplicate_ip: bool,
    pub max_num_inbound_peers: usize,
    /// Counts outbound peers other than persistent ones, as in CometBFT.
    pub max_num_outbound_peers: usize,
    pub node_info: LocalNodeInfo,
    /// sha256 of the genesis file bytes.
    pub genesis_hash: [u8; 32],
    pub timing: Timing,
}

impl Config {
    /// CometBFT's defaults for everything not given.
    pub fn new(
        node_key: SigningKey,
        listen_addr: impl Into<String>,
        network: impl Into<String>,
        genesis_hash: [u8; 32],
    ) -> Self {
        Config {
            node_key,
            listen_addr: listen_addr.into(),
            external_address: String::new(),
            persistent_peers: Vec::new(),
            unconditional_peer_ids: Vec::new(),
            allow_duplicate_ip: false,
            max_num_inbound_peers: 40,
            max_num_outbound_peers: 10,
            node_info: LocalNodeInfo::new(network),
            genesis_hash,
            timing: Timing::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// A ping goes out this often (CometBFT's MConnection `PingInterval`, 60 s).
    pub ping_interval: Duration,
    /// A peer whose pong has not come this long after our ping is dropped (`PongTimeout`,
    /// 45 s); so is a connection on which one packet's write blocks this long. Must be
    /// shorter than `ping_interval`, as CometBFT requires: the next ping would restart the wait.
    pub pong_timeout: Duration,
    pub dial_timeout: Duration,
    /// SecretConnection + node info + genesis hash.
    pub handshake_timeout: Duration,
    /// First redial delay after a failure; doubles up to `dial_backoff_max`, with jitter.
    pub dial_backoff_initial: Duration,
    pub dial_backoff_max: Duration,
    /// Messages queued per peer; what does not fit is not sent to that peer.
    pub send_queue: usize,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            // CometBFT's p2p/conn/connection.go defaults. The stand-in once pinged every 2 s
            // and dropped a peer silent for 6 s: at N = 100 on two cores (load average 247)
            // that tore down 4,180 healthy connections in 150 s, and each reconnection re-sent
            // the height's messages.
            ping_interval: Duration::from_secs(60),
            pong_timeout: Duration::from_secs(45),
            dial_timeout: Duration::from_secs(3),
            handshake_timeout: Duration::from_secs(10),
            dial_backoff_initial: Duration::from_millis(100),
            dial_backoff_max: Duration::from_secs(5),
            send_queue: 1024,
        }
    }
}
