//! One connection's life: handshake, admission, then the packet stream until it ends.
//!
//! After the handshake the connection carries CometBFT's `tendermint.p2p.Packet`s
//! (ping, pong, msg), each a length-delimited message of its own inside the SecretConnection.
//! This is a simplified MConnection: one `PacketMsg` carries a whole application message
//! (`eof = true`), with no per-channel priorities, chunking or rate limits.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tendermint_proto::v0_38::p2p::{packet, Packet, PacketMsg, PacketPing, PacketPong};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot, Notify};
use tokio::task::JoinHandle;
use tokio::time::{timeout, Instant, MissedTickBehavior};
use tracing::{debug, info, warn, Instrument};

use crate::addr::{NodeId, PeerAddr};
use crate::handshake::{self, Established, HandshakeError};
use crate::shared::{AliveToken, DialError, Event, Shared};
use crate::table::{Admission, Candidate, Entry, Outgoing, PeerInfo};
use crate::traffic::Counter;
use crate::wire::{self, Reader, Writer};

/// Why the application hears `PeerDown` for a connection that another one replaced.
const REPLACED: &str = "replaced by the connection dialed by the node with the smaller id";

pub(crate) async fn accept_loop(shared: Arc<Shared>, listener: TcpListener, _alive: AliveToken) {
    let mut shutdown = shared.shutdown.subscribe();
    loop {
        let accepted = tokio::select! {
            _ = shutdown.wait_for(|stop| *stop) => return,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, remote)) => {
                let Some(token) = shared.alive_token() else {
                    return;
                };
                let shared = shared.clone();
                tokio::spawn(
                    async move {
                        if let Err(e) = establish(shared, stream, remote, None, token).await {
                            debug!(%remote, "inbound connection closed: {e}");
                        }
                    }
                    .in_current_span(),
                );
            }
            Err(e) => {
                // Typically out of file descriptors; give the process a moment.
                warn!("accepting p2p connection: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

pub(crate) async fn dial(shared: Arc<Shared>, addr: &PeerAddr, token: AliveToken) -> Result<NodeId, DialError> {
    let target = addr.addr.to_string();
    let mut shutdown = shared.shutdown.subscribe();
    let connect = timeout(shared.timing.dial_timeout, TcpStream::connect((addr.addr.host.as_str(), addr.addr.port)));
    let stream = tokio::select! {
        _ = shutdown.wait_for(|stop| *stop) => return Err(DialError::ShuttingDown),
        r = connect => match r {
            Err(_) => return Err(DialError::Connect { addr: target, reason: "timed out".to_string() }),
            Ok(Err(e)) => return Err(DialError::Connect { addr: target, reason: e.to_string() }),
            Ok(Ok(stream)) => stream,
        },
    };
    let remote = stream.peer_addr().map_err(|e| DialError::Connect { addr: target, reason: e.to_string() })?;
    establish(shared, stream, remote, Some(addr.id), token).await
}

/// Handshake, admission, then hands the connection to its own task.
async fn establish(
    shared: Arc<Shared>,
    stream: TcpStream,
    remote: SocketAddr,
    dialed: Option<NodeId>,
    token: AliveToken,
) -> Result<NodeId, DialError> {
    let outbound = dialed.is_some();
    let local =
        stream.local_addr().map_err(|e| DialError::Connect { addr: remote.to_string(), reason: e.to_string() })?;
    let mut shutdown = shared.shutdown.subscribe();
    let handshake = handshake::perform(stream, &shared.me, dialed, shared.timing.handshake_timeout);
    let result = tokio::select! {
        _ = shutdown.wait_for(|stop| *stop) => return Err(DialError::ShuttingDown),
        r = handshake => r,
    };
    let est = match result {
        Ok(est) => est,
        Err(HandshakeError::Refused { peer, reason }) => {
            shared.refused(remote, peer, outbound, reason.clone()).await;
            return Err(DialError::Refused(reason));
        }
        Err(source) => return Err(DialError::Handshake { addr: remote, source }),
    };
    let id = est.id;
    register(shared, est, remote, local, outbound, token).await?;
    Ok(id)
}

async fn register(
    shared: Arc<Shared>,
    est: Established,
    remote: SocketAddr,
    local: SocketAddr,
    outbound: bool,
    token: AliveToken,
) -> Result<(), DialError> {
    let id = est.id;
    let persistent = shared.persistent.contains(&id);
    let unconditional = shared.unconditional.contains(&id);
    let candidate = Candidate { id, ip: remote.ip(), outbound, persistent, unconditional };
    let info = PeerInfo {
        id,
        node_info: est.info.clone(),
        remote_addr: remote,
        local_addr: local,
        is_outbound: outbound,
        is_persistent: persistent,
        is_unconditional: unconditional,
        connected_since: SystemTime::now(),
        traffic: Default::default(),
    };
    let traffic = Arc::new(Counter::default());
    let (queue_tx, queue_rx) = mpsc::channel(shared.timing.send_queue.max(1));
    let (kill_tx, kill_rx) = oneshot::channel();
    let conn_id = shared.next_conn_id();
    let order = shared.lifecycle.lock().await;
    if shared.is_shutting_down() {
        return Err(DialError::ShuttingDown);
    }
    let admitted = {
        let mut table = shared.table();
        let admitted = table.admit(shared.me.info.id, &candidate, shared.limits);
        if admitted.is_ok() {
            let entry = Entry { conn_id, info, queue: queue_tx.clone(), traffic: traffic.clone(), kill: Some(kill_tx) };
            if let Some(mut old) = table.peers.insert(id, entry) {
                old.kill(REPLACED.to_string());
            }
        }
        admitted
    };
    let admission = match admitted {
        Ok(admission) => admission,
        Err(reason) => {
            drop(order);
            shared.refused(remote, Some(id), outbound, reason.clone()).await;
            return Err(DialError::Refused(reason));
        }
    };
    shared.changes.send_replace(());
    let direction = if outbound { "outbound" } else { "inbound" };
    match admission {
        Admission::New => {
            info!(peer = %id, %remote, direction, moniker = %est.info.moniker, "peer up");
            shared.emit(Event::PeerUp { id, info: est.info, remote_addr: remote, outbound }).await;
        }
        Admission::Replace => {
            // Whatever the application queued on the old connection may have died with it,
            // so it must hear that the peer went down and came back and send its state again:
            // a silent swap stalled consensus in CI (votes counted as sent, never delivered).
            info!(peer = %id, %remote, direction, "kept the preferred of two connections");
            shared.emit(Event::PeerDown { id, reason: REPLACED.to_string() }).await;
            shared.emit(Event::PeerUp { id, info: est.info, remote_addr: remote, outbound }).await;
        }
    }
    // Spawned only after PeerUp went out, so no Message of this peer can precede it.
    let conn = Conn { id, conn_id, traffic };
    tokio::spawn(run(shared.clone(), conn, est.reader, est.writer, queue_rx, kill_rx, token).in_current_span());
    drop(order);
    Ok(())
}

/// Which connection a task serves, and its counters.
struct Conn {
    id: NodeId,
    conn_id: u64,
    traffic: Arc<Counter>,
}

impl Conn {
    fn sent(&self, shared: &Shared, bytes: usize, message: bool) {
        self.traffic.sent(bytes, message);
        shared.traffic.sent(bytes, message);
    }

    fn received(&self, shared: &Shared, bytes: usize, message: bool) {
        self.traffic.received(bytes, message);
        shared.traffic.received(bytes, message);
    }
}

async fn run(
    shared: Arc<Shared>,
    conn: Conn,
    reader: Reader,
    writer: Writer,
    queue_rx: mpsc::Receiver<Outgoing>,
    kill_rx: oneshot::Receiver<String>,
    _alive: AliveToken,
) {
    let conn = Arc::new(conn);
    let (id, conn_id) = (conn.id, conn.conn_id);
    let keepalive = Arc::new(KeepAlive::default());
    // Reads and writes in tasks of their own: a SecretConnection read cancelled half-way
    // would desynchronise the stream, so no read is ever raced against a timer here.
    let mut reading: JoinHandle<String> =
        tokio::spawn(read_loop(shared.clone(), conn.clone(), reader, keepalive.clone()).in_current_span());
    let mut writing: JoinHandle<String> =
        tokio::spawn(write_loop(shared.clone(), conn, writer, queue_rx, keepalive).in_current_span());
    let mut shutdown = shared.shutdown.subscribe();
    let (mut read_done, mut write_done) = (false, false);
    let reason = tokio::select! {
        r = &mut reading => {
            read_done = true;
            r.unwrap_or_else(|e| format!("reader task failed: {e}"))
        }
        r = &mut writing => {
            write_done = true;
            r.unwrap_or_else(|e| format!("writer task failed: {e}"))
        }
        r = kill_rx => r.unwrap_or_else(|_| "connection replaced".to_string()),
        _ = shutdown.wait_for(|stop| *stop) => "shutting down".to_string(),
    };
    reading.abort();
    writing.abort();
    // Both halves dropped means the socket is closed before PeerDown is reported. (A
    // JoinHandle that already yielded its output must not be polled again.)
    if !read_done {
        let _ = reading.await;
    }
    if !write_done {
        let _ = writing.await;
    }
    let order = shared.lifecycle.lock().await;
    let current = {
        let mut table = shared.table();
        match table.peers.get(&id) {
            Some(entry) if entry.conn_id == conn_id => table.peers.remove(&id).is_some(),
            _ => false,
        }
    };
    if current {
        shared.changes.send_replace(());
        info!(peer = %id, "peer down: {reason}");
        shared.emit(Event::PeerDown { id, reason }).await;
    } else {
        debug!(peer = %id, "superseded connection closed: {reason}");
    }
    drop(order);
}

/// What the reader tells the writer, outside the message queue: CometBFT's MConnection keeps
/// its `pong` and `pongTimeoutCh` apart from the channels' queues, so a queue full of
/// messages never holds back a pong, and a pong answered late is not a dead peer.
#[derive(Default)]
struct KeepAlive {
    /// The peer pinged us: answer before any queued message.
    pong_due: Notify,
    /// The peer answered our ping.
    pong_seen: Notify,
}

async fn read_loop(shared: Arc<Shared>, conn: Arc<Conn>, mut reader: Reader, keepalive: Arc<KeepAlive>) -> String {
    let id = conn.id;
    loop {
        // No read timeout, as in CometBFT: a quiet peer is judged by its pongs alone.
        let packet = match wire::read_counted::<Packet>(&mut reader, "packet").await {
            Err(e) => return format!("read: {e}"),
            Ok((packet, bytes)) => {
                conn.received(&shared, bytes, matches!(packet.sum, Some(packet::Sum::PacketMsg(_))));
                packet
            }
        };
        match packet.sum {
            Some(packet::Sum::PacketPing(_)) => keepalive.pong_due.notify_one(),
            Some(packet::Sum::PacketPong(_)) => keepalive.pong_seen.notify_one(),
            Some(packet::Sum::PacketMsg(msg)) => {
                let channel = match u8::try_from(msg.channel_id) {
                    Ok(c) if shared.knows_channel(c) => c,
                    _ => return format!("message on unknown channel {}", msg.channel_id),
                };
                if !msg.eof {
                    return "chunked message (eof = false) is not supported".to_string();
                }
                tracing::trace!(peer = %id, channel, len = msg.data.len(), "message in");
                // A closed receiver means the node stopped listening; keep the peer anyway.
                let _ = shared.events.send(Event::Message { from: id, channel, bytes: msg.data }).await;
            }
            None => return "empty packet".to_string(),
        }
    }
}

/// CometBFT's sendRoutine, one packet at a time: a ping every `ping_interval`, the connection
/// closed when its pong is `pong_timeout` late.
async fn write_loop(
    shared: Arc<Shared>,
    conn: Arc<Conn>,
    mut writer: Writer,
    mut queue: mpsc::Receiver<Outgoing>,
    keepalive: Arc<KeepAlive>,
) -> String {
    let timing = shared.timing;
    let mut pings = tokio::time::interval_at(Instant::now() + timing.ping_interval, timing.ping_interval);
    pings.set_missed_tick_behavior(MissedTickBehavior::Delay);
    // When the pong of the ping in flight is due; none in flight, never.
    let mut pong_deadline: Option<Instant> = None;
    loop {
        let deadline = pong_deadline;
        let sum = tokio::select! {
            biased;
            _ = keepalive.pong_seen.notified() => {
                pong_deadline = None;
                continue;
            }
            _ = async { tokio::time::sleep_until(deadline.unwrap_or_else(Instant::now)).await }, if deadline.is_some() => {
                return format!("pong timeout: no pong {:?} after our ping", timing.pong_timeout);
            }
            _ = keepalive.pong_due.notified() => packet::Sum::PacketPong(PacketPong {}),
            _ = pings.tick() => {
                // A ping already in flight keeps its deadline (the next ping would only move it).
                pong_deadline.get_or_insert_with(|| Instant::now() + timing.pong_timeout);
                packet::Sum::PacketPing(PacketPing {})
            }
            item = queue.recv() => match item {
                Some(Outgoing::Message { channel, bytes }) => packet::Sum::PacketMsg(PacketMsg {
                    channel_id: i32::from(channel),
                    eof: true,
                    data: bytes.to_vec(),
                }),
                None => return "send queue closed".to_string(),
            },
        };
        // CometBFT sets no write deadline and lets the pong timer judge; a write blocked this
        // long would hold back the ping and the timer both, so it is judged the same way.
        let message = matches!(sum, packet::Sum::PacketMsg(_));
        match timeout(timing.pong_timeout, wire::write_proto(&mut writer, &Packet { sum: Some(sum) })).await {
            Err(_) => return format!("write stalled for more than {:?}", timing.pong_timeout),
            Ok(Err(e)) => return format!("write: {e}"),
            Ok(Ok(bytes)) => conn.sent(&shared, bytes, message),
        }
    }
}

#[cfg(test)]
mod tests {
    //! A hand-driven peer: it completes the real handshake, then misbehaves.

    use super::*;
    use crate::config::Config;
    use crate::handshake::Identity;
    use crate::network::{Network, NetworkHandle};
    use crate::node_info::{LocalNodeInfo, NodeInfo};
    use ed25519_dalek::SigningKey;

    const GENESIS: [u8; 32] = [3; 32];

    async fn node(timing: impl FnOnce(&mut crate::config::Timing)) -> (NetworkHandle, mpsc::Receiver<Event>) {
        let mut config = Config::new(SigningKey::from_bytes(&[1; 32]), "tcp://127.0.0.1:0", "chain", GENESIS);
        config.allow_duplicate_ip = true;
        timing(&mut config.timing);
        Network::start(config).await.expect("start")
    }

    async fn handshaken_peer(node: &NetworkHandle, seed: u8) -> Established {
        let key = SigningKey::from_bytes(&[seed; 32]);
        let id = crate::addr::node_id(&key.verifying_key());
        let me = Identity {
            info: NodeInfo::local(id, "tcp://127.0.0.1:1".into(), &LocalNodeInfo::new("chain")),
            key,
            genesis_hash: GENESIS,
        };
        let stream = TcpStream::connect(node.listen_addr()).await.expect("connect");
        handshake::perform(stream, &me, Some(node.node_id()), Duration::from_secs(10)).await.expect("handshake")
    }

    async fn next_down(events: &mut mpsc::Receiver<Event>) -> String {
        loop {
            match timeout(Duration::from_secs(30), events.recv()).await {
                Ok(Some(Event::PeerDown { reason, .. })) => return reason,
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => panic!("no PeerDown within 30 s"),
            }
        }
    }

    fn fast_keepalive(t: &mut crate::config::Timing) {
        t.ping_interval = Duration::from_millis(300);
        t.pong_timeout = Duration::from_millis(250);
    }

    /// Reads packets for `how_long`, answering the node's pings when `answer`; returns how
    /// many pings came.
    async fn talk(peer: &mut Established, how_long: Duration, answer: bool, chatter: bool) -> usize {
        let mut pings = 0;
        let end = Instant::now() + how_long;
        while Instant::now() < end {
            if chatter {
                // Messages are traffic, not an answer: CometBFT judges a peer by its pongs.
                let msg = Packet {
                    sum: Some(packet::Sum::PacketMsg(PacketMsg { channel_id: 0x20, eof: true, data: vec![1] })),
                };
                if wire::write_proto(&mut peer.writer, &msg).await.is_err() {
                    break;
                }
            }
            match timeout(Duration::from_millis(50), wire::read_proto::<Packet>(&mut peer.reader, "packet")).await {
                Err(_) => continue,
                Ok(Err(_)) => break,
                Ok(Ok(p)) => {
                    if matches!(p.sum, Some(packet::Sum::PacketPing(_))) {
                        pings += 1;
                        if answer {
                            let pong = Packet { sum: Some(packet::Sum::PacketPong(PacketPong {})) };
                            wire::write_proto(&mut peer.writer, &pong).await.expect("pong");
                        }
                    }
                }
            }
        }
        pings
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn peer_that_answers_pings_stays_one_that_does_not_is_dropped_on_pong_timeout() {
        let (node, mut events) = node(fast_keepalive).await;
        let mut answering = handshaken_peer(&node, 2).await;
        let answering_id = crate::addr::node_id(&SigningKey::from_bytes(&[2; 32]).verifying_key());
        let pings = talk(&mut answering, Duration::from_secs(2), true, false).await;
        assert!(pings >= 3, "the node pinged {pings} times in 2 s at a 300 ms interval");
        assert!(node.is_connected(&answering_id), "a peer that answered every ping was dropped");

        // The same peer stops answering but keeps sending messages: dropped all the same.
        let pings = talk(&mut answering, Duration::from_secs(3), false, true).await;
        assert!(pings >= 1, "no ping to leave unanswered");
        let reason = next_down(&mut events).await;
        assert!(reason.contains("pong timeout"), "{reason}");
        assert!(node.peers().is_empty());
        node.shutdown().await;
    }

    /// The counters see what crossed the wire: each message's `varint(len) || Packet` once, on
    /// the connection and in the node's total; a ping is bytes but no message.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn traffic_counts_each_packet_once_and_pings_as_bytes_only() {
        // Pings soon, and answered below, so the connection stays.
        let (node, mut events) = node(|t| {
            t.ping_interval = Duration::from_millis(200);
            t.pong_timeout = Duration::from_millis(150);
        })
        .await;
        let mut peer = handshaken_peer(&node, 2).await;
        let msg = |data: Vec<u8>| Packet {
            sum: Some(packet::Sum::PacketMsg(PacketMsg { channel_id: 0x20, eof: true, data })),
        };
        let delimited = |p: &Packet| {
            let n = prost::Message::encoded_len(p);
            prost::length_delimiter_len(n) + n
        };
        let (small, large) = (msg(vec![1; 10]), msg(vec![2; 300]));
        for p in [&small, &large, &small] {
            wire::write_proto(&mut peer.writer, p).await.expect("send");
        }
        let mut got = 0;
        while got < 3 {
            match timeout(Duration::from_secs(10), events.recv()).await.expect("messages") {
                Some(Event::Message { .. }) => got += 1,
                Some(_) => {}
                None => panic!("events closed"),
            }
        }
        let in_bytes = (2 * delimited(&small) + delimited(&large)) as u64;
        let conn = node.peers()[0].traffic;
        assert_eq!((conn.recv_msgs, conn.recv_bytes), (3, in_bytes));
        assert_eq!((node.traffic().recv_msgs, node.traffic().recv_bytes), (3, in_bytes));

        node.broadcast(0x20, vec![7; 40]).expect("broadcast");
        // The node's pings come as well (300 ms interval); read until the message is here.
        let out = msg(vec![7; 40]);
        let (mut pings, mut delivered) = (0u64, false);
        while !delivered || pings == 0 {
            let p: Packet = timeout(Duration::from_secs(10), wire::read_proto(&mut peer.reader, "packet"))
                .await
                .expect("a packet")
                .expect("packet");
            match p.sum {
                Some(packet::Sum::PacketPing(_)) => {
                    pings += 1;
                    let pong = Packet { sum: Some(packet::Sum::PacketPong(PacketPong {})) };
                    wire::write_proto(&mut peer.writer, &pong).await.expect("pong");
                }
                _ => {
                    assert_eq!(p, out);
                    delivered = true;
                }
            }
        }
        let ping = delimited(&Packet { sum: Some(packet::Sum::PacketPing(PacketPing {})) }) as u64;
        let sent = node.peers()[0].traffic;
        assert_eq!(sent.sent_msgs, 1, "a ping counted as a message");
        // A ping sent after the message may be counted already; none is counted twice.
        assert!(
            sent.sent_bytes >= delimited(&out) as u64 + pings * ping
                && (sent.sent_bytes - delimited(&out) as u64) % ping == 0,
            "{sent:?}, {pings} pings of {ping} bytes and one message of {}",
            delimited(&out)
        );
        assert!(node.traffic().sent_bytes >= sent.sent_bytes);
        node.shutdown().await;
    }

    #[tokio::test]
    async fn pong_timeout_not_shorter_than_ping_interval_is_refused() {
        let mut config = Config::new(SigningKey::from_bytes(&[1; 32]), "tcp://127.0.0.1:0", "chain", GENESIS);
        config.timing.pong_timeout = config.timing.ping_interval;
        let err = Network::start(config).await.err().expect("refused");
        assert_eq!(err.to_string(), "p2p pong timeout 60s must be shorter than the ping interval 60s");
    }

    /// CometBFT's `TrySend`: a full queue loses the message, not the peer. (The keep-alive
    /// drops a peer that does not answer pings: `peer_that_answers_pings_stays_...`.)
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn peer_that_stops_reading_misses_messages_without_blocking_broadcast_or_being_dropped() {
        let (node, _events) = node(|t| {
            t.ping_interval = Duration::from_secs(60);
            t.send_queue = 16;
        })
        .await;
        let _stalled = handshaken_peer(&node, 2).await;
        // `Established::id` is the remote's id (the node's); ours come from our keys.
        let stalled_id = crate::addr::node_id(&SigningKey::from_bytes(&[2; 32]).verifying_key());
        // A healthy peer beside it, reading everything: the control.
        let healthy = handshaken_peer(&node, 3).await;
        let healthy_id = crate::addr::node_id(&SigningKey::from_bytes(&[3; 32]).verifying_key());
        let mut healthy_reader = healthy.reader;
        let received = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = received.clone();
        tokio::spawn(async move {
            while let Ok(p) = wire::read_proto::<Packet>(&mut healthy_reader, "packet").await {
                if matches!(p.sum, Some(packet::Sum::PacketMsg(_))) {
                    counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        while node.peers().len() < 2 {
            assert!(Instant::now() < deadline, "node admitted {:?}", node.peers());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let chunk = vec![7u8; 64 * 1024];
        let mut full = false;
        let mut sent = 0;
        // Paced by the healthy peer (never more than 8 behind), so only the stalled peer's
        // queue can fill. Bounded: loopback buffers hold a few MB, far less than 4000 x 64 KiB.
        for _ in 0..4000 {
            let queued = node.broadcast(0x20, chunk.clone()).expect("broadcast");
            sent += 1;
            if queued == 1 {
                full = true;
                break;
            }
            let deadline = Instant::now() + Duration::from_secs(30);
            while received.load(std::sync::atomic::Ordering::SeqCst) + 8 < sent {
                assert!(
                    Instant::now() < deadline,
                    "healthy peer stuck at {received:?} of {sent}; peers {:?}",
                    node.peers().iter().map(|p| p.id).collect::<Vec<_>>()
                );
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
        assert!(full, "the stalled peer's queue never filled in 4000 broadcasts");
        assert!(sent > 8, "its queue filled only after its socket buffers did ({sent})");
        assert_eq!(node.send(stalled_id, 0x20, chunk.clone()), Err(crate::network::SendError::QueueFull(stalled_id)));
        assert!(node.is_connected(&stalled_id), "a full queue loses the message, not the peer");
        assert!(node.is_connected(&healthy_id), "the reading peer stays");
        let deadline = Instant::now() + Duration::from_secs(30);
        while received.load(std::sync::atomic::Ordering::SeqCst) < sent {
            assert!(Instant::now() < deadline, "healthy peer got {received:?} of {sent} within 30 s");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        drop(healthy.writer);
        node.shutdown().await;
    }
}
