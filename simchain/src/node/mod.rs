//! `simchaind start`: the node. Genesis and config in, blocks out; the parts each live in
//! their own crate (p2p, consensus, privval) and meet here.

mod driver;
mod rpc;
mod settings;
mod shared;
mod store;
mod sync_wire;

use crate::home::Home;
use anyhow::{bail, Context, Result};
use cosmos_formats::keyfiles::NodeKey;
use cosmos_formats::Genesis;
use privval::{FileSigner, RemoteSigner, Signer};
use serde_json::{json, Value};
use settings::NodeSettings;
use sha2::{Digest, Sha256};
use shared::{ChainStatus, Shared, Tip};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tendermint::{account, block, chain, validator, PublicKey};
use tokio::sync::mpsc;
use tracing::{info, warn};

/// CometBFT's `node_info` JSON for a peer (or ourselves).
pub(crate) fn node_info_json(n: &p2p::NodeInfo) -> Value {
    json!({
        "protocol_version": {
            "p2p": n.protocol_version.p2p.to_string(),
            "block": n.protocol_version.block.to_string(),
            "app": n.protocol_version.app.to_string(),
        },
        "id": n.id.to_string(),
        "listen_addr": n.listen_addr,
        "network": n.network,
        "version": n.version,
        "channels": hex::encode(&n.channels),
        "moniker": n.moniker,
        "other": {"tx_index": n.tx_index, "rpc_address": n.rpc_address},
    })
}

/// The SDK genesis file in CometBFT's GenesisDoc shape (what `/genesis` returns). An SDK
/// genesis carries no validators (InitChain sets them), and `types/genesis.go` tags the field
/// `validators,omitempty`, so it is absent.
fn genesis_doc(g: &Genesis) -> Value {
    let v = g.as_value();
    json!({
        "genesis_time": v["genesis_time"],
        "chain_id": v["chain_id"],
        "initial_height": g.initial_height().unwrap_or(1).to_string(),
        "consensus_params": v.pointer("/consensus/params").cloned().unwrap_or(Value::Null),
        "app_hash": "",
        "app_state": v["app_state"],
    })
}

fn validator_set(g: &Genesis) -> Result<consensus::ValidatorSet> {
    let vals = g.validators(&simchain::CHAIN)?;
    if vals.is_empty() {
        bail!(
            "genesis has no validator with voting power (were the gentxs collected? power = self-delegation / {})",
            simchain::CHAIN.power_reduction.get()
        );
    }
    let infos = vals
        .iter()
        .map(|v| {
            let pk = PublicKey::from_raw_ed25519(v.pubkey.0.as_bytes()).context("validator key")?;
            Ok(validator::Info::new(pk, tendermint::vote::Power::try_from(v.power)?))
        })
        .collect::<Result<Vec<_>>>()?;
    let initial = block::Height::try_from(g.initial_height()?)?;
    Ok(consensus::ValidatorSet::new(infos, initial)?)
}

async fn connect_signer(
    s: &NodeSettings,
    node_key: &NodeKey,
    chain_id: &chain::Id,
) -> Result<(Arc<dyn Signer>, PublicKey)> {
    match &s.priv_validator_laddr {
        Some(laddr) => {
            let signer = RemoteSigner::listen(laddr, node_key.0.clone(), chain_id.clone(), Duration::from_secs(10))
                .await
                .with_context(|| format!("priv_validator_laddr {laddr}"))?;
            info!(laddr = %signer.laddr(), "waiting for the remote signer (tmkms) to connect");
            // CometBFT also blocks here: a validator without its signer must not join consensus.
            let pk = loop {
                match signer.pub_key_within(Duration::from_secs(5)).await {
                    Ok(pk) => break pk,
                    Err(e) => warn!("still waiting for the remote signer: {e}"),
                }
            };
            Ok((Arc::new(signer), pk))
        }
        None => {
            // CometBFT (and the SDK's start, `pvm.LoadOrGenFilePV` in server/start.go) would make
            // a new consensus key here. A ceremony node's key lives in tmkms, so a missing file
            // means the remote signer is not configured: stop rather than sign as someone else.
            if !s.priv_validator_key_file.exists() {
                bail!(
                    "priv_validator_laddr is empty and {} does not exist: refusing to start without a signer rather than make a consensus key",
                    s.priv_validator_key_file.display()
                );
            }
            let signer = FileSigner::load(&s.priv_validator_key_file, &s.priv_validator_state_file)?;
            let pk = signer.public_key();
            Ok((Arc::new(signer), pk))
        }
    }
}

pub fn start(home: Home, account_prefix: &str) -> Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    use std::io::IsTerminal;
    let ansi = std::io::stderr().is_terminal();
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(ansi).with_writer(std::io::stderr).try_init();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(run(home, account_prefix))
}

async fn run(home: Home, account_prefix: &str) -> Result<()> {
    let settings = NodeSettings::load(&home)?;
    let genesis_bytes =
        std::fs::read(&settings.genesis_file).with_context(|| settings.genesis_file.display().to_string())?;
    let genesis = Genesis::parse(&genesis_bytes, &settings.genesis_file.display().to_string())?;
    // InitChain's refusals come before anything is bound: the real node panics in InitChain
    // before its P2P and RPC listeners start.
    crate::commands::genesis::init_chain_checks(&genesis, &settings.genesis_file, account_prefix)?;
    genesis.validate().with_context(|| settings.genesis_file.display().to_string())?;
    let chain_id = chain::Id::try_from(genesis.chain_id()?.to_string())?;
    let set = validator_set(&genesis)?;
    let genesis_hash: [u8; 32] = Sha256::digest(&genesis_bytes).into();
    let node_key = NodeKey::load(&settings.node_key_file)?;
    let node_id = node_key.node_id();
    info!(chain_id = %chain_id, node_id = %node_id, validators = set.len(), genesis_sha256 = %hex::encode(genesis_hash), "starting node");

    let (signer, pubkey) = connect_signer(&settings, &node_key, &chain_id).await?;
    let own_address = account::Id::from(pubkey);
    let own_power = set.find(&own_address).map(|(i, _)| set.power_of(i)).unwrap_or(0);
    if own_power == 0 {
        warn!(address = %own_address, "consensus key is not in the genesis validator set: running as a full node");
    } else {
        info!(address = %own_address, power = own_power, "signing as a genesis validator");
    }

    let store = Arc::new(store::Store::open(&home.data_dir().join("blockstore.redb"))?);
    let genesis_time =
        tendermint::Time::parse_from_rfc3339(genesis.as_value()["genesis_time"].as_str().unwrap_or_default())
            .context("genesis_time")?;
    // CometBFT's node.OnStart: a coordinator publishes a genesis_time ahead so every validator
    // can start in time; nobody listens, proposes or votes before it, and so the first block's
    // time is not before it.
    if let Ok(wait) = genesis_time.duration_since(tendermint::Time::now()) {
        if !wait.is_zero() {
            info!(gen_time = %genesis_time, wait_ms = wait.as_millis() as u64, "Genesis time is in the future. Sleeping until then...");
            tokio::time::sleep(wait).await;
        }
    }

    let mut cfg = p2p::Config::new(node_key.0.clone(), settings.p2p_laddr.clone(), chain_id.to_string(), genesis_hash);
    cfg.external_address = settings.p2p_external_address.clone();
    cfg.persistent_peers =
        settings.persistent_peers.iter().filter(|p| p.id.to_string() != node_id.to_string()).cloned().collect();
    cfg.unconditional_peer_ids = settings.unconditional_peer_ids.clone();
    cfg.allow_duplicate_ip = settings.allow_duplicate_ip;
    cfg.max_num_inbound_peers = settings.max_num_inbound_peers;
    cfg.max_num_outbound_peers = settings.max_num_outbound_peers;
    cfg.node_info.moniker = settings.moniker.clone();
    let rpc_laddr = format!("tcp://{}:{}", settings.rpc_laddr.0, settings.rpc_laddr.1);
    cfg.node_info.rpc_address = rpc_laddr.clone();
    let (network, mut net_rx) = p2p::Network::start(cfg).await.context("p2p")?;
    info!(laddr = %network.listen_addr(), peers = settings.persistent_peers.len(), "p2p listening");

    let mut status = ChainStatus::default();
    if let (Some(lo), Some(hi)) = (store.earliest_height()?, store.latest_height()?) {
        let tip = |h: u64| -> Result<Tip> {
            let b = store.block(h)?.context("block store gap")?;
            Ok(Tip { height: h, hash: Some(b.header.hash()), time: Some(b.header.time) })
        };
        status.earliest = tip(lo)?;
        status.latest = tip(hi)?;
        info!(height = hi, "resuming from the block store");
    }
    let shared = Arc::new(Shared {
        status: RwLock::new(status),
        store,
        network: network.clone(),
        validators: set.clone(),
        node_info: node_info_json(&network.node_info()),
        own_validator: validator::Info::new(pubkey, tendermint::vote::Power::try_from(own_power)?),
        genesis_doc: genesis_doc(&genesis),
        genesis_time,
        new_blocks: tokio::sync::broadcast::channel(shared::NEW_BLOCK_BACKLOG).0,
    });

    let listener = tokio::net::TcpListener::bind((settings.rpc_laddr.0.as_str(), settings.rpc_laddr.1))
        .await
        .with_context(|| format!("rpc.laddr {rpc_laddr}"))?;
    info!(laddr = %rpc_laddr, "RPC listening");
    let app = rpc::router(shared.clone());
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!("RPC server stopped: {e}");
        }
    });

    let (inputs_tx, mut inputs_rx) = mpsc::unbounded_channel();
    let mut driver =
        driver::Driver::new(set, chain_id, Some(own_address), settings.timeouts, shared, signer, inputs_tx)?;
    driver.start();

    let mut tick = tokio::time::interval(Duration::from_millis(100));
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    loop {
        tokio::select! {
            Some(ev) = net_rx.recv() => driver.on_net(ev),
            Some(input) = inputs_rx.recv() => driver.feed(input),
            _ = tick.tick() => driver.on_tick(),
            _ = term.recv() => { info!("SIGTERM: stopping"); break; }
            _ = tokio::signal::ctrl_c() => { info!("interrupt: stopping"); break; }
        }
    }
    // Record every signature tmkms is making right now before exiting (see stop_signing).
    driver.stop_signing();
    let drain = tokio::time::Instant::now() + Duration::from_secs(5);
    while driver.signing_in_flight() {
        match tokio::time::timeout_at(drain, inputs_rx.recv()).await {
            Ok(Some(input)) => driver.feed(input),
            Ok(None) | Err(_) => {
                warn!("stopping with a signature request unanswered");
                break;
            }
        }
    }
    network.shutdown().await;
    info!(height = driver.height().saturating_sub(1), "stopped");
    Ok(())
}
