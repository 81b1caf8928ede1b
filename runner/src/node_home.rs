//! Building `NODE_HOME`: fresh init, the node key reinstalled from `KEYRING_HOME`, and the
//! `config.toml` settings start needs (ports, remote signer, peers, overrides).

use crate::chain_cli::ChainCli;
use crate::config::Config;
use crate::error::{invalid, io, StageError};
use crate::layout;
use crate::overrides;
use crate::peers::{format_peers, Peer};
use cosmos_formats::files::{write_atomic, Mode};
use cosmos_formats::keyfiles::NodeKey;
use std::path::{Path, PathBuf};
use toml_edit::DocumentMut;

pub fn node_key_store(cfg: &Config) -> PathBuf {
    cfg.homes.keyring.join(layout::NODE_KEY)
}

/// The persistent node key, if keygen created it.
pub fn load_node_key(cfg: &Config) -> Result<Option<NodeKey>, StageError> {
    let path = node_key_store(cfg);
    if !path.exists() {
        return Ok(None);
    }
    NodeKey::load(&path).map(Some).map_err(|e| invalid(&path, e))
}

pub fn require_node_key(cfg: &Config) -> Result<NodeKey, StageError> {
    load_node_key(cfg)?.ok_or_else(|| crate::error::missing(&node_key_store(cfg), "run GENESIS_RUN_STAGE=keygen first"))
}

/// Wipes `NODE_HOME` and runs `init` (moniker = `KEY_NAME`).
pub fn fresh(cfg: &Config, cli: &dyn ChainCli) -> Result<(), StageError> {
    crate::paths::wipe_node_home(&cfg.homes)?;
    cli.init(&cfg.homes.node, cfg.key_name.as_str(), &cfg.chain_id, &cfg.denom)?;
    // The current parameters of gonka's init-docker-genesis.sh, set the way it sets them.
    let settings = [
        ("client", "chain-id", cfg.chain_id.to_string()),
        ("client", "keyring-backend", cfg.keyring_backend.as_str().to_string()),
        ("app", "minimum-gas-prices", format!("0{}", cfg.denom)),
        ("app", "state-sync.snapshot-interval", SNAPSHOT_INTERVAL.to_string()),
        ("app", "state-sync.snapshot-keep-recent", SNAPSHOT_KEEP_RECENT.to_string()),
    ];
    for (file, key, value) in settings {
        cli.config_set(&cfg.homes.node, file, key, &value)?;
    }
    Ok(())
}

/// init-docker-genesis.sh's defaults (`SNAPSHOT_INTERVAL`, `SNAPSHOT_KEEP_RECENT`).
const SNAPSHOT_INTERVAL: u64 = 10;
const SNAPSHOT_KEEP_RECENT: u64 = 5;

pub fn genesis_path(cfg: &Config) -> PathBuf {
    cfg.homes.node.join("config/genesis.json")
}

pub fn config_toml(cfg: &Config) -> PathBuf {
    cfg.homes.node.join("config/config.toml")
}

/// Copies a genesis into `NODE_HOME/config/genesis.json`.
pub fn install_genesis(cfg: &Config, from: &Path) -> Result<(), StageError> {
    let bytes = std::fs::read(from).map_err(io(from))?;
    write_atomic(&genesis_path(cfg), &bytes, Mode::Public)?;
    Ok(())
}

/// Puts the persistent node key into `NODE_HOME` (CometBFT reads it from there).
pub fn install_node_key(cfg: &Config, key: &NodeKey) -> Result<(), StageError> {
    let path = crate::launch::node_key_path(&cfg.homes.node);
    key.save(&path).map_err(|e| invalid(&path, e))
}

/// Sets what start needs in `config.toml`, then the `CONFIG_*` overrides (the operator's
/// explicit word wins). `peers` = `None` leaves `persistent_peers` as it is (restart).
pub fn configure(cfg: &Config, peers: Option<&[Peer]>) -> Result<PathBuf, StageError> {
    let path = config_toml(cfg);
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let mut doc: DocumentMut =
        text.parse().map_err(|e: toml_edit::TomlError| invalid(&path, e.to_string().replace('\n', " ")))?;
    let listen = |port: u16| {
        if cfg.listen_host.contains(':') {
            format!("tcp://[{}]:{port}", cfg.listen_host)
        } else {
            format!("tcp://{}:{port}", cfg.listen_host)
        }
    };
    let mut settings: Vec<(&str, String)> = vec![
        ("moniker", cfg.key_name.to_string()),
        ("priv_validator_laddr", listen(cfg.ports.tmkms)),
        ("p2p__laddr", listen(cfg.ports.p2p)),
        ("rpc__laddr", listen(cfg.ports.rpc)),
        ("p2p__external_address", cfg.p2p_external_address.to_string()),
        ("p2p__seeds", String::new()),
    ];
    if let Some(p) = peers {
        settings.push(("p2p__persistent_peers", format_peers(p)));
    }
    for (key, value) in &settings {
        let parts: Vec<String> = key.split("__").map(str::to_string).collect();
        overrides::set(&mut doc, &parts, value, key).map_err(|e| invalid(&path, e))?;
        tracing::info!(key = %key.replace("__", "."), %value, "config.toml");
    }
    for o in &cfg.overrides {
        overrides::set(&mut doc, &o.path, &o.value, &o.var).map_err(|e| invalid(&path, e))?;
        tracing::info!(key = %o.path.join("."), value = %o.value, from = %o.var, "config.toml override");
    }
    write_atomic(&path, doc.to_string().as_bytes(), Mode::Public)?;
    Ok(path)
}
