//! Shared scaffolding: nodes on loopback with their events collected.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ed25519_dalek::SigningKey;
use p2p::{node_id, Config, Event, HostPort, Network, NetworkHandle, NodeId, PeerAddr};

pub const CHAIN: &str = "gonka-test-1";
pub const GENESIS: [u8; 32] = [0x11; 32];
pub const BUDGET: Duration = Duration::from_secs(30);

pub fn key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

pub fn id(seed: u8) -> NodeId {
    node_id(&key(seed).verifying_key())
}

pub fn addr(seed: u8, host: &str, port: u16) -> PeerAddr {
    PeerAddr { id: id(seed), addr: HostPort { host: host.to_string(), port } }
}

/// Loopback config with short keep-alive and backoff so tests stay quick.
pub fn config(seed: u8, host: &str, port: u16, peers: Vec<PeerAddr>) -> Config {
    let mut c = Config::new(key(seed), format!("tcp://{host}:{port}"), CHAIN, GENESIS);
    c.persistent_peers = peers;
    c.allow_duplicate_ip = true;
    c.node_info.moniker = format!("node-{seed}");
    // The keep-alive stays at CometBFT's 60 s / 45 s: a test runtime starved for a second or
    // two on a loaded CI machine must not drop a healthy peer (a 500 ms silence limit did).
    // peer.rs's unit tests drive the keep-alive with short timings of their own.
    c.timing.dial_backoff_max = Duration::from_secs(1);
    c
}

pub struct Node {
    pub handle: NetworkHandle,
    pub events: Arc<Mutex<Vec<Event>>>,
}

impl Node {
    pub async fn start(config: Config) -> Node {
        let (handle, mut rx) = Network::start(config).await.expect("network starts");
        let events = Arc::new(Mutex::new(Vec::new()));
        let sink = events.clone();
        tokio::spawn(async move {
            while let Some(e) = rx.recv().await {
                sink.lock().expect("events lock").push(e);
            }
        });
        Node { handle, events }
    }

    pub fn id(&self) -> NodeId {
        self.handle.node_id()
    }

    pub fn peer_ids(&self) -> Vec<NodeId> {
        self.handle.peers().into_iter().map(|p| p.id).collect()
    }

    pub fn events(&self) -> Vec<Event> {
        self.events.lock().expect("events lock").clone()
    }

    pub fn messages(&self, channel: u8) -> Vec<(NodeId, Vec<u8>)> {
        self.events()
            .into_iter()
            .filter_map(|e| match e {
                Event::Message { from, channel: c, bytes } if c == channel => Some((from, bytes)),
                _ => None,
            })
            .collect()
    }

    pub fn refusals(&self) -> Vec<p2p::Refusal> {
        self.events()
            .into_iter()
            .filter_map(|e| match e {
                Event::Refused { reason, .. } => Some(reason),
                _ => None,
            })
            .collect()
    }

    /// "up" and "down:<reason>" for every PeerUp/PeerDown of `peer`, in order.
    pub fn lifecycle(&self, peer: NodeId) -> Vec<String> {
        self.events()
            .into_iter()
            .filter_map(|e| match e {
                Event::PeerUp { id, .. } if id == peer => Some("up".to_string()),
                Event::PeerDown { id, reason } if id == peer => Some(format!("down:{reason}")),
                _ => None,
            })
            .collect()
    }

    pub fn count_up(&self) -> usize {
        self.events().iter().filter(|e| matches!(e, Event::PeerUp { .. })).count()
    }
}

/// Polls `f` until it returns `Some`, failing the test after `budget`. Async so the network's
/// tasks keep running on the test's runtime. (Same contract as `testkit::wait_for`, which does
/// not compile against tempfile 3.27 in the lock file at the time of writing.)
pub async fn wait_for<T>(budget: Duration, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let start = tokio::time::Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        if start.elapsed() > budget {
            panic!("timed out after {budget:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `count` consecutive ports that were free a moment ago, on every host the tests use.
pub fn free_port_base(count: u16) -> u16 {
    use std::net::TcpListener;
    for _ in 0..200 {
        let Ok(probe) = TcpListener::bind("127.0.0.1:0") else {
            continue;
        };
        let Ok(base) = probe.local_addr().map(|a| a.port()) else {
            continue;
        };
        drop(probe);
        if base > 65535 - count {
            continue;
        }
        let free =
            (0..count).all(|i| ["127.0.0.1", "127.0.0.2"].iter().all(|h| TcpListener::bind((*h, base + i)).is_ok()));
        if free {
            return base;
        }
    }
    panic!("no free port range found");
}

pub fn sorted(mut ids: Vec<NodeId>) -> Vec<NodeId> {
    ids.sort();
    ids
}
