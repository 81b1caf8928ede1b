//! The node side of CometBFT's privval socket protocol: listen on `priv_validator_laddr`, let
//! tmkms dial in, and send it requests one at a time over the live connection.

use crate::{parse_laddr, require_timestamp, Error, Laddr, Signer};
use cometbft_p2p::{AsyncReadMsg, AsyncSecretConnection, AsyncSecretReader, AsyncSecretWriter, AsyncWriteMsg};
use ed25519_dalek::SigningKey;
use prost::Message as _;
use prost_bridge::{describe, Raw};
use std::net::SocketAddr;
use std::time::Duration;
use tendermint::{chain, proposal::Proposal, vote::Vote, PublicKey};
use tendermint_proto::v0_38::privval::{
    message::Sum, Message, PingRequest, PubKeyRequest, PubKeyResponse, RemoteSignerError, SignProposalRequest,
    SignVoteRequest, SignedProposalResponse, SignedVoteResponse,
};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use tokio::time::{interval_at, timeout, Instant, MissedTickBehavior};
use tracing::{debug, info, warn};

/// tmkms closes a connection after ~10 s without a request; pinging every 3 s keeps it open
/// with room for a slow scheduler.
const PING_INTERVAL: Duration = Duration::from_secs(3);
const PING_TIMEOUT: Duration = Duration::from_secs(5);
/// A dialer that never finishes the handshake must not hold the only accept slot.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may sit on a request before it is declared dead. Independent of the
/// caller's timeout: an answer that arrives after the caller gave up is still read, so the
/// next request gets its own answer.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(10);
/// A request whose connection dies is tried once more on the next one (tmkms reconnects within
/// a second); a second loss is reported, since tmkms drops the connection on a regression.
const MAX_ATTEMPTS: u8 = 2;

/// Waits for tmkms on `priv_validator_laddr` and signs through it. Requests made while no
/// signer is connected wait for one, up to the timeout given at [`RemoteSigner::listen`].
/// Dropping it stops listening.
pub struct RemoteSigner {
    laddr: Laddr,
    local_addr: SocketAddr,
    chain_id: chain::Id,
    timeout: Duration,
    jobs: mpsc::Sender<Job>,
    connected: watch::Receiver<bool>,
    server: JoinHandle<()>,
}

struct Job {
    request: Message,
    reply: oneshot::Sender<Result<Sum, Error>>,
    attempts: u8,
}

impl RemoteSigner {
    /// Binds `laddr` (`tcp://host:port`) and starts accepting the remote signer, which must
    /// serve `chain_id`. The SecretConnection is authenticated with `node_key`, so tmkms can pin
    /// the node id in its `addr`.
    pub async fn listen(
        laddr: &str,
        node_key: SigningKey,
        chain_id: chain::Id,
        timeout: Duration,
    ) -> Result<Self, Error> {
        let laddr = parse_laddr(laddr)?;
        let listen_err = |source| Error::Listen { laddr: laddr.to_string(), source };
        let listener = TcpListener::bind((laddr.host.as_str(), laddr.port)).await.map_err(listen_err)?;
        let local_addr = listener.local_addr().map_err(listen_err)?;
        let (jobs, job_rx) = mpsc::channel(64);
        let (connected_tx, connected) = watch::channel(false);
        let server =
            Server { listener, node_key, laddr: laddr.clone(), jobs: job_rx, connected: connected_tx, carried: None };
        info!(%laddr, "waiting for the remote signer to connect");
        let server = tokio::spawn(server.run());
        Ok(RemoteSigner { laddr, local_addr, chain_id, timeout, jobs, connected, server })
    }

    pub fn laddr(&self) -> &Laddr {
        &self.laddr
    }

    /// The bound address (the real port when `laddr` asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Whether a remote signer is connected and answered a ping.
    pub fn is_connected(&self) -> bool {
        *self.connected.borrow()
    }

    /// [`Signer::pub_key`] with its own timeout, e.g. a longer one at startup while the
    /// operator brings tmkms up.
    pub async fn pub_key_within(&self, wait: Duration) -> Result<PublicKey, Error> {
        let request = Sum::PubKeyRequest(PubKeyRequest { chain_id: self.chain_id.to_string() });
        match self.request(request, wait).await? {
            Sum::PubKeyResponse(PubKeyResponse { error: Some(e), .. }) => Err(remote(e)),
            Sum::PubKeyResponse(PubKeyResponse { pub_key: Some(pk), error: None }) => {
                PublicKey::try_from(pk).map_err(|e| Error::Protocol(format!("malformed public key: {e}")))
            }
            other => Err(unexpected("PubKeyResponse", &other)),
        }
    }

    async fn request(&self, request: Sum, wait: Duration) -> Result<Sum, Error> {
        let (reply, answer) = oneshot::channel();
        let job = Job { request: Message { sum: Some(request) }, reply, attempts: 0 };
        let outcome = timeout(wait, async {
            self.jobs.send(job).await.map_err(|_| Error::Stopped)?;
            answer.await.map_err(|_| Error::Stopped)?
        })
        .await;
        outcome.unwrap_or_else(|_| {
            let laddr = self.laddr.to_string();
            Err(if self.is_connected() {
                Error::NoResponse { laddr, waited: wait }
            } else {
                Error::NotConnected { laddr, waited: wait }
            })
        })
    }

    /// tmkms serves one chain and drops the connection on any other chain id; say so instead.
    fn check_chain(&self, chain_id: &chain::Id) -> Result<(), Error> {
        if chain_id == &self.chain_id {
            Ok(())
        } else {
            Err(Error::InvalidRequest(format!(
                "chain id {chain_id} differs from {} that the remote signer on {} serves",
                self.chain_id, self.laddr
            )))
        }
    }
}

impl Drop for RemoteSigner {
    fn drop(&mut self) {
        self.server.abort();
    }
}

#[async_trait::async_trait]
impl Signer for RemoteSigner {
    async fn pub_key(&self) -> Result<PublicKey, Error> {
        self.pub_key_within(self.timeout).await
    }

    async fn sign_vote(&self, chain_id: &chain::Id, vote: Vote) -> Result<Vote, Error> {
        self.check_chain(chain_id)?;
        require_timestamp("vote", vote.timestamp)?;
        let request =
            Sum::SignVoteRequest(SignVoteRequest { vote: Some(vote.clone().into()), chain_id: chain_id.to_string() });
        let signed = match self.request(request, self.timeout).await? {
            Sum::SignedVoteResponse(SignedVoteResponse { error: Some(e), .. }) => return Err(remote(e)),
            Sum::SignedVoteResponse(SignedVoteResponse { vote: Some(raw), error: None }) => {
                Vote::try_from(raw).map_err(|e| Error::Protocol(format!("malformed signed vote: {e}")))?
            }
            other => return Err(unexpected("SignedVoteResponse", &other)),
        };
        let same = signed.vote_type == vote.vote_type
            && signed.height == vote.height
            && signed.round == vote.round
            && signed.block_id == vote.block_id
            && signed.validator_address == vote.validator_address
            && signed.validator_index == vote.validator_index;
        if !same || signed.signature.is_none() {
            return Err(Error::Protocol("the signed vote is not the vote that was sent".into()));
        }
        Ok(signed)
    }

    async fn sign_proposal(&self, chain_id: &chain::Id, proposal: Proposal) -> Result<Proposal, Error> {
        self.check_chain(chain_id)?;
        require_timestamp("proposal", proposal.timestamp)?;
        let request = Sum::SignProposalRequest(SignProposalRequest {
            proposal: Some(proposal.clone().into()),
            chain_id: chain_id.to_string(),
        });
        let signed = match self.request(request, self.timeout).await? {
            Sum::SignedProposalResponse(SignedProposalResponse { error: Some(e), .. }) => return Err(remote(e)),
            Sum::SignedProposalResponse(SignedProposalResponse { proposal: Some(raw), error: None }) => {
                Proposal::try_from(raw).map_err(|e| Error::Protocol(format!("malformed signed proposal: {e}")))?
            }
            other => return Err(unexpected("SignedProposalResponse", &other)),
        };
        let same = signed.msg_type == proposal.msg_type
            && signed.height == proposal.height
            && signed.round == proposal.round
            && signed.pol_round == proposal.pol_round
            && signed.block_id == proposal.block_id;
        if !same || signed.signature.is_none() {
            return Err(Error::Protocol("the signed proposal is not the proposal that was sent".into()));
        }
        Ok(signed)
    }
}

fn remote(e: RemoteSignerError) -> Error {
    Error::Remote { code: e.code, description: e.description }
}

fn unexpected(expected: &str, got: &Sum) -> Error {
    Error::Protocol(format!("expected {expected}, got {}", name(got)))
}

fn name(sum: &Sum) -> &'static str {
    match sum {
        Sum::PubKeyRequest(_) => "PubKeyRequest",
        Sum::PubKeyResponse(_) => "PubKeyResponse",
        Sum::SignVoteRequest(_) => "SignVoteRequest",
        Sum::SignedVoteResponse(_) => "SignedVoteResponse",
        Sum::SignProposalRequest(_) => "SignProposalRequest",
        Sum::SignedProposalResponse(_) => "SignedProposalResponse",
        Sum::PingRequest(_) => "PingRequest",
        Sum::PingResponse(_) => "PingResponse",
    }
}

/// The task that owns the listener and, one at a time, the connection to the remote signer.
struct Server {
    listener: TcpListener,
    node_key: SigningKey,
    laddr: Laddr,
    jobs: mpsc::Receiver<Job>,
    connected: watch::Sender<bool>,
    /// A request whose connection died, to be retried first on the next one.
    carried: Option<Job>,
}

enum Ended {
    Stopped,
    Lost(String),
}

impl Server {
    async fn run(mut self) {
        loop {
            let Some(mut conn) = self.accept().await else {
                continue;
            };
            self.connected.send_replace(true);
            let ended = self.serve(&mut conn).await;
            self.connected.send_replace(false);
            match ended {
                Ended::Stopped => return,
                Ended::Lost(reason) => {
                    warn!(laddr = %self.laddr, %reason, "remote signer connection lost; waiting for it to reconnect")
                }
            }
        }
    }

    /// One dialer: handshake, then a ping. Only a connection that answers the ping is used: tmkms
    /// completes the handshake and then hangs up when the node id in its `addr` is wrong.
    async fn accept(&self) -> Option<Connection> {
        let (tcp, remote_addr) = match self.listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                warn!(laddr = %self.laddr, error = %e, "accepting a remote signer connection failed");
                // Out of file descriptors and the like: do not spin on the error.
                tokio::time::sleep(Duration::from_millis(200)).await;
                return None;
            }
        };
        let _ = tcp.set_nodelay(true);
        let secret = match timeout(HANDSHAKE_TIMEOUT, AsyncSecretConnection::new(tcp, &self.node_key)).await {
            Ok(Ok(secret)) => secret,
            Ok(Err(e)) => {
                warn!(laddr = %self.laddr, %remote_addr, error = describe(&e), "remote signer handshake failed");
                return None;
            }
            Err(_) => {
                warn!(laddr = %self.laddr, %remote_addr, "remote signer handshake timed out");
                return None;
            }
        };
        let signer_key = *secret.peer_public_key();
        let signer_key_hex = signer_key.ed25519().map(|k| hex::encode(k.as_bytes())).unwrap_or_default();
        info!(
            laddr = %self.laddr, %remote_addr, signer_pub_key = %signer_key_hex, signer_id = %signer_key.peer_id(),
            "remote signer connected (secret connection established)"
        );
        let mut conn = Connection::new(secret);
        match conn.exchange(&Message { sum: Some(Sum::PingRequest(PingRequest {})) }, PING_TIMEOUT).await {
            Ok(Sum::PingResponse(_)) => {
                info!(laddr = %self.laddr, %remote_addr, "remote signer ready");
                Some(conn)
            }
            Ok(other) => {
                warn!(laddr = %self.laddr, %remote_addr, answer = name(&other), "remote signer answered a ping wrongly");
                None
            }
            Err(e) => {
                warn!(
                    laddr = %self.laddr, %remote_addr, error = %e,
                    "remote signer hung up before answering a ping (does its addr name a different node id?)"
                );
                None
            }
        }
    }

    async fn serve(&mut self, conn: &mut Connection) -> Ended {
        let mut ping = interval_at(Instant::now() + PING_INTERVAL, PING_INTERVAL);
        ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            let mut job = match self.carried.take() {
                Some(job) => job,
                None => tokio::select! {
                    job = self.jobs.recv() => match job {
                        Some(job) => job,
                        None => return Ended::Stopped,
                    },
                    _ = ping.tick() => {
                        match conn.exchange(&Message { sum: Some(Sum::PingRequest(PingRequest {})) }, PING_TIMEOUT).await {
                            Ok(Sum::PingResponse(_)) => {
                                debug!(laddr = %self.laddr, "remote signer answered a ping");
                                continue;
                            }
                            Ok(other) => return Ended::Lost(format!("answered a ping with {}", name(&other))),
                            Err(e) => return Ended::Lost(e.to_string()),
                        }
                    }
                    // The signer speaks only when asked: anything here means the connection ended.
                    unsolicited = conn.responses.recv() => return Ended::Lost(match unsolicited {
                        Some(Ok(sum)) => format!("unsolicited {}", name(&sum)),
                        Some(Err(reason)) => reason,
                        None => "connection closed".into(),
                    }),
                },
            };
            if job.reply.is_closed() {
                continue;
            }
            match conn.exchange(&job.request, RESPONSE_TIMEOUT).await {
                Ok(answer) => {
                    let _ = job.reply.send(Ok(answer));
                    ping.reset();
                }
                Err(e @ ExchangeError::Timeout(_)) => {
                    let waited = RESPONSE_TIMEOUT;
                    let _ = job.reply.send(Err(Error::NoResponse { laddr: self.laddr.to_string(), waited }));
                    return Ended::Lost(e.to_string());
                }
                Err(ExchangeError::Lost(reason)) => {
                    job.attempts += 1;
                    if job.attempts < MAX_ATTEMPTS {
                        self.carried = Some(job);
                    } else {
                        let laddr = self.laddr.to_string();
                        let _ = job.reply.send(Err(Error::ConnectionLost { laddr, reason: reason.clone() }));
                    }
                    return Ended::Lost(reason);
                }
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
enum ExchangeError {
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("{0}")]
    Lost(String),
}

/// A live SecretConnection: the writer stays here, a task reads (so a hang-up is noticed while
/// idle, and a read is never cancelled halfway through a frame).
struct Connection {
    writer: AsyncSecretWriter<TcpStream>,
    responses: mpsc::Receiver<Result<Sum, String>>,
    reader: JoinHandle<()>,
}

impl Connection {
    fn new(secret: AsyncSecretConnection<TcpStream>) -> Self {
        let (reader, writer) = secret.split();
        let (tx, responses) = mpsc::channel(4);
        let reader = tokio::spawn(read_loop(reader, tx));
        Connection { writer, responses, reader }
    }

    async fn exchange(&mut self, request: &Message, wait: Duration) -> Result<Sum, ExchangeError> {
        let round_trip = async {
            self.writer.write_msg(Raw(request.encode_to_vec())).await.map_err(|e| ExchangeError::Lost(describe(&e)))?;
            match self.responses.recv().await {
                Some(Ok(sum)) => Ok(sum),
                Some(Err(reason)) => Err(ExchangeError::Lost(reason)),
                None => Err(ExchangeError::Lost("connection closed".into())),
            }
        };
        timeout(wait, round_trip).await.unwrap_or(Err(ExchangeError::Timeout(wait)))
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.reader.abort();
    }
}

async fn read_loop(mut reader: AsyncSecretReader<TcpStream>, responses: mpsc::Sender<Result<Sum, String>>) {
    loop {
        let item = match reader.read_msg::<Raw>().await {
            Ok(raw) => match Message::decode(raw.0.as_slice()) {
                Ok(Message { sum: Some(sum) }) => Ok(sum),
                Ok(Message { sum: None }) => Err("empty privval message".to_string()),
                Err(e) => Err(format!("malformed privval message: {e}")),
            },
            Err(e) => Err(describe(&e)),
        };
        let last = item.is_err();
        if responses.send(item).await.is_err() || last {
            return;
        }
    }
}
