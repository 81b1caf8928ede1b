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
    sent: Flow,
    recv: Flow,
}

/// One direction's bytes and messages.
#[derive(Debug, Default)]
struct Flow {
    bytes: AtomicU64,
    msgs: AtomicU64,
}

impl Flow {
    fn add(&self, bytes: usize, message: bool) {
        self.bytes.fetch_add(bytes as u64, Ordering::Relaxed);
        if message {
            self.msgs.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn load(&self) -> (u64, u64) {
        (self.bytes.load(Ordering::Relaxed), self.msgs.load(Ordering::Relaxed))
    }
}

impl Counter {
    pub fn sent(&self, bytes: usize, message: bool) {
        self.sent.add(bytes, message);
    }

    pub fn received(&self, bytes: usize, message: bool) {
        self.recv.add(bytes, message);
    }

    pub fn snapshot(&self) -> Traffic {
        let ((sent_bytes, sent_msgs), (recv_bytes, recv_msgs)) = (self.sent.load(), self.recv.load());
        Traffic { sent_bytes, sent_msgs, recv_bytes, recv_msgs }
    }
}
