//! What the network's tasks share: the state behind every handle, accept loop, dialer and peer
//! task ([`Shared`]), the events they emit and the dial error they return. Below `network`,
//! `dialer` and `peer`, which all use it, so none of them reaches up into another.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use tokio::sync::{mpsc, watch};
use tracing::warn;

use crate::addr::NodeId;
use crate::config::Timing;
use crate::handshake::{HandshakeError, Identity};
use crate::node_info::NodeInfo;
use crate::refusal::Refusal;
use crate::table::{Limits, Table};
use crate::traffic::Counter;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    PeerUp {
        id: NodeId,
        info: NodeInfo,
        remote_addr: SocketAddr,
        outbound: bool,
    },
    PeerDown {
        id: NodeId,
        reason: String,
    },
    Message {
        from: NodeId,
        channel: u8,
        bytes: Vec<u8>,
    },
    /// A connection that authenticated (or failed to) and was not admitted.
    Refused {
        remote_addr: SocketAddr,
        peer: Option<NodeId>,
        outbound: bool,
        reason: Refusal,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum DialError {
    #[error("connecting to {addr}: {reason}")]
    Connect { addr: String, reason: String },
    #[error("handshake with {addr}: {source}")]
    Handshake { addr: SocketAddr, source: HandshakeError },
    #[error("{0}")]
    Refused(Refusal),
    #[error("network is shutting down")]
    ShuttingDown,
}

pub(crate) struct Shared {
    pub me: Identity,
    pub timing: Timing,
    pub limits: Limits,
    pub persistent: HashSet<NodeId>,
    pub unconditional: HashSet<NodeId>,
    pub bound: SocketAddr,
    pub table: Mutex<Table>,
    /// Held while the table changes and the matching PeerUp/PeerDown is emitted, so the
    /// event stream follows the table's history.
    pub lifecycle: tokio::sync::Mutex<()>,
    pub events: mpsc::Sender<Event>,
    /// Bumped on every table change; dialers wait on it.
    pub changes: watch::Sender<()>,
    pub shutdown: watch::Sender<bool>,
    /// Every task holds a clone; `shutdown` drops this one and waits for the channel to close.
    alive: Mutex<Option<mpsc::Sender<()>>>,
    alive_rx: tokio::sync::Mutex<Option<mpsc::Receiver<()>>>,
    next_conn: AtomicU64,
    /// The node's totals over every connection it ever had.
    pub traffic: Counter,
}

/// A task's claim on the network; `None` once shutdown began, so nothing new starts.
pub(crate) type AliveToken = mpsc::Sender<()>;

impl Shared {
    /// The state of a network about to start, and the first claim on it (`alive_token`'s
    /// source, cloned into each task the network spawns).
    pub fn new(
        me: Identity,
        timing: Timing,
        limits: Limits,
        persistent: HashSet<NodeId>,
        unconditional: HashSet<NodeId>,
        bound: SocketAddr,
        events: mpsc::Sender<Event>,
    ) -> (Shared, AliveToken) {
        let (alive, alive_rx) = mpsc::channel(1);
        let shared = Shared {
            me,
            timing,
            limits,
            persistent,
            unconditional,
            bound,
            table: Mutex::new(Table::default()),
            lifecycle: tokio::sync::Mutex::new(()),
            events,
            changes: watch::Sender::new(()),
            shutdown: watch::Sender::new(false),
            alive: Mutex::new(Some(alive.clone())),
            alive_rx: tokio::sync::Mutex::new(Some(alive_rx)),
            next_conn: AtomicU64::new(1),
            traffic: Counter::default(),
        };
        (shared, alive)
    }

    /// Tells every task to stop, gives up the network's own claim, and returns once the last
    /// task has dropped its token.
    pub async fn shut_down(&self) {
        self.shutdown.send_replace(true);
        self.alive.lock().unwrap_or_else(|e| e.into_inner()).take();
        let rx = self.alive_rx.lock().await.take();
        if let Some(mut rx) = rx {
            // Nobody sends on it: recv returns None once the last task dropped its token.
            while rx.recv().await.is_some() {}
        }
    }

    pub fn table(&self) -> MutexGuard<'_, Table> {
        // A panic while holding the lock leaves a consistent map (no multi-step updates).
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn alive_token(&self) -> Option<AliveToken> {
        if self.is_shutting_down() {
            return None;
        }
        self.alive.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn is_shutting_down(&self) -> bool {
        *self.shutdown.borrow()
    }

    pub fn next_conn_id(&self) -> u64 {
        self.next_conn.fetch_add(1, Ordering::Relaxed)
    }

    pub fn is_connected(&self, id: &NodeId) -> bool {
        self.table().peers.contains_key(id)
    }

    pub fn knows_channel(&self, channel: u8) -> bool {
        self.me.info.channels.contains(&channel)
    }

    /// Lifecycle events block on a slow consumer (backpressure) except during shutdown, when
    /// nobody may be reading any more.
    pub async fn emit(&self, event: Event) {
        if self.is_shutting_down() {
            let _ = self.events.try_send(event);
        } else {
            let _ = self.events.send(event).await;
        }
    }

    pub async fn refused(&self, remote_addr: SocketAddr, peer: Option<NodeId>, outbound: bool, reason: Refusal) {
        let direction = if outbound { "outbound" } else { "inbound" };
        match peer {
            Some(id) => warn!(%remote_addr, peer = %id, direction, "refusing peer: {reason}"),
            None => warn!(%remote_addr, direction, "refusing peer: {reason}"),
        }
        self.emit(Event::Refused { remote_addr, peer, outbound, reason }).await;
    }
}
