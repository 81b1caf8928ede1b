//! Keeping persistent peers connected: dial at start, and again whenever the peer is not
//! connected, with exponential backoff and jitter between failures.

use std::sync::Arc;
use std::time::Duration;

use rand::Rng;
use tokio::time::Instant;
use tracing::{debug, info};

use crate::addr::PeerAddr;
use crate::peer;
use crate::shared::{AliveToken, DialError, Shared};

pub(crate) struct Backoff {
    initial: Duration,
    max: Duration,
    next: Duration,
}

impl Backoff {
    pub fn new(initial: Duration, max: Duration) -> Self {
        Backoff { initial, max, next: initial }
    }

    pub fn reset(&mut self) {
        self.next = self.initial;
    }

    /// Somewhere in [d/2, d] for the current step d ("equal jitter"), so nodes restarted
    /// together do not redial in lockstep.
    pub fn next_delay(&mut self) -> Duration {
        let step = self.next.min(self.max);
        self.next = (step * 2).min(self.max);
        let half = step / 2;
        let jitter = rand::thread_rng().gen_range(0..=half.as_millis() as u64);
        half + Duration::from_millis(jitter)
    }
}

pub(crate) async fn keep_connected(shared: Arc<Shared>, addr: PeerAddr, _alive: AliveToken) {
    let timing = shared.timing;
    let mut backoff = Backoff::new(timing.dial_backoff_initial, timing.dial_backoff_max);
    let mut changes = shared.changes.subscribe();
    let mut shutdown = shared.shutdown.subscribe();
    // When our last dial succeeded: a connection that dies quickly (the remote refuses us
    // after the handshake, e.g. its inbound limit) must not turn into a redial storm.
    let mut connected_at: Option<Instant> = None;
    loop {
        loop {
            changes.borrow_and_update();
            if shared.is_shutting_down() {
                return;
            }
            if !shared.is_connected(&addr.id) {
                break;
            }
            tokio::select! {
                r = changes.changed() => if r.is_err() { return },
                _ = shutdown.wait_for(|stop| *stop) => return,
            }
        }
        if let Some(at) = connected_at.take() {
            if at.elapsed() >= timing.dial_backoff_max {
                backoff.reset();
            } else if !pause(&mut shutdown, backoff.next_delay()).await {
                return;
            }
        }
        let Some(token) = shared.alive_token() else {
            return;
        };
        match peer::dial(shared.clone(), &addr, token).await {
            Ok(_) => {
                backoff.reset();
                connected_at = Some(Instant::now());
                continue;
            }
            Err(DialError::ShuttingDown) => return,
            // Already logged (and reported as an event) where it was decided.
            Err(DialError::Refused(_)) => {}
            Err(e @ DialError::Connect { .. }) => debug!(peer = %addr, "dial failed: {e}"),
            Err(e) => info!(peer = %addr, "dial failed: {e}"),
        }
        if !pause(&mut shutdown, backoff.next_delay()).await {
            return;
        }
    }
}

/// Sleeps unless shutdown comes first; false means stop.
async fn pause(shutdown: &mut tokio::sync::watch::Receiver<bool>, delay: Duration) -> bool {
    tokio::select! {
        _ = tokio::time::sleep(delay) => true,
        _ = shutdown.wait_for(|stop| *stop) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_cap_with_jitter() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(5));
        let steps: Vec<u64> = [100, 200, 400, 800, 1600, 3200, 5000, 5000].to_vec();
        for step in steps {
            let d = b.next_delay();
            assert!(d >= Duration::from_millis(step / 2) && d <= Duration::from_millis(step), "{d:?} for step {step}");
        }
        b.reset();
        assert!(b.next_delay() <= Duration::from_millis(100));
    }
}
