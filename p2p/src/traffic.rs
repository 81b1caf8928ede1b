//! Bytes and messages through the connections, counted where CometBFT's MConnection feeds its
//! flowrate monitors (`sendMonitor.Update`, `recvMonitor.Update`, p2p/conn/connection.go): the
//! length-delimited packet, before SecretConnection sealing. Pings and pongs count as bytes;
//! only `PacketMsg`s count as messages.

use std::sync::atomic::{AtomicU64, Ordering};

/// Totals so far, in each direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Traffic {
    pub sent_bytes: u64,
    pub sent_msgs: u64,
    pub recv_bytes: u64,
    pub recv_msgs: u64,
}

/// The live counters of one connection, or of the whole node.
#[derive(Debug, Default)]
pub(crate) struct Counter {
    sent_bytes: AtomicU64,
    sent_msgs: AtomicU64,
    recv_bytes: AtomicU64,
    recv_msgs: AtomicU64,
}

impl Counter {
    pub fn sent(&self, bytes: usize, message: bool) {
        self.sent_bytes.fetch_add(bytes as u64, Ordering::Relaxed);
        if message {
            self.sent_msgs.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn received(&self, bytes: usize, message: bool) {
        self.recv_bytes.fetch_add(bytes as u64, Ordering::Relaxed);
        if message {
            self.recv_msgs.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn snapshot(&self) -> Traffic {
        Traffic {
            sent_bytes: self.sent_bytes.load(Ordering::Relaxed),
            sent_msgs: self.sent_msgs.load(Ordering::Relaxed),
            recv_bytes: self.recv_bytes.load(Ordering::Relaxed),
            recv_msgs: self.recv_msgs.load(Ordering::Relaxed),
        }
    }
}
