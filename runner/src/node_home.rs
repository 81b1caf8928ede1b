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

/// Wipes `NODE_HOME` and runs `init` (moniker = `KEY_NAME`), then sets what gonka's scripts
/// set, takes the file signer out (tmkms signs) and checks the `CONFIG_*` keys against the
/// `config.toml` `init` wrote, so a bad one is refused before the stage writes anything else.
pub fn fresh(cfg: &Config, cli: &dyn ChainCli) -> Result<(), StageError> {
    crate::paths::wipe_node_home(&cfg.homes)?;
    cli.init(&cfg.homes.node, cfg.key_name.as_str(), &cfg.chain_id, &cfg.denom)?;
    // gonka genesis/init-docker-genesis.sh, `config set` for config set, in its order.
    let mut settings = vec![
        ("client", "chain-id", cfg.chain_id.to_string()),
        ("client", "keyring-backend", cfg.keyring_backend.as_str().to_string()),
        ("app", "minimum-gas-prices", format!("0{}", cfg.denom)),
        ("app", "state-sync.snapshot-interval", cfg.snapshot_interval.to_string()),
        ("app", "state-sync.snapshot-keep-recent", cfg.snapshot_keep_recent.to_string()),
    ];
    if cfg.rest_api_active {
        settings.extend(REST_API.iter().map(|(k, v)| ("app", *k, v.to_string())));
    }
    for (file, key, value) in settings {
        cli.config_set(&cfg.homes.node, file, key, &value)?;
    }
    check_overrides(cfg)?;
    detach_file_signer(cfg)?;
    Ok(())
}

/// What gonka's `inference-chain/app_overrides.toml` holds; init-docker.sh's `update_configs`
/// patches it into app.toml (`patch-toml`) when `REST_API_ACTIVE=true`.
const REST_API: [(&str, &str); 2] = [("api.enable", "true"), ("api.address", "tcp://0.0.0.0:1317")];

/// The file signer's key, which `init` makes and nothing may use while tmkms signs.
pub fn priv_validator_key(cfg: &Config) -> PathBuf {
    cfg.homes.node.join("config/priv_validator_key.json")
}

/// The top-level `config.toml` keys of the file signer that init-docker.sh's
/// `configure_tmkms` comments out (`sed -e "s|^priv_validator_key_file *=|# priv_validator_key_file =|"`,
/// the same for `priv_validator_state_file`).
const FILE_SIGNER_KEYS: [&str; 2] = ["priv_validator_key_file", "priv_validator_state_file"];

/// `config.toml` with the file signer's keys commented out as init-docker.sh does it; the
/// text is edited, not re-serialised, so the line stays where the operator expects it.
fn comment_out_file_signer(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split_inclusive('\n') {
        let signer_key = FILE_SIGNER_KEYS
            .iter()
            .any(|k| line.strip_prefix(k).is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with('=')));
        if signer_key {
            out.push_str("# ");
        }
        out.push_str(line);
    }
    out
}

/// init-docker.sh's `configure_tmkms`: `rm -f config/priv_validator_key.json` and the file
/// signer's keys commented out. tmkms holds the consensus key; a second one in the node home
/// would only be a key to leak, or to sign with by mistake.
pub fn detach_file_signer(cfg: &Config) -> Result<(), StageError> {
    let path = config_toml(cfg);
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let edited = comment_out_file_signer(&text);
    if edited != text {
        write_atomic(&path, edited.as_bytes(), Mode::Public)?;
    }
    let key = priv_validator_key(cfg);
    match std::fs::remove_file(&key) {
        Ok(()) => tracing::info!(path = %key.display(), "file signer key removed: tmkms signs"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(&key)(e)),
    }
    Ok(())
}

/// Applies every `CONFIG_*` override to the node's `config.toml` in memory only: a key the
/// file does not have is refused, as the real `config set` refuses it.
pub fn check_overrides(cfg: &Config) -> Result<(), StageError> {
    let path = config_toml(cfg);
    let mut doc = load_toml(&path)?;
    apply_overrides(cfg, &mut doc, &path)
}

fn load_toml(path: &Path) -> Result<DocumentMut, StageError> {
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    text.parse().map_err(|e: toml_edit::TomlError| invalid(path, e.to_string().replace('\n', " ")))
}

fn apply_overrides(cfg: &Config, doc: &mut DocumentMut, path: &Path) -> Result<(), StageError> {
    for o in &cfg.overrides {
        overrides::set(doc, &o.path, &o.value, &o.var).map_err(|e| match e {
            overrides::SetError::NotFound(_) => StageError::Config(crate::domain::bad(
                overrides::PREFIX,
                format!("{e} in {} (the real `config set` fails: key not found)", path.display()),
            )),
            other => invalid(path, other),
        })?;
    }
    Ok(())
}

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

pub fn app_toml(cfg: &Config) -> PathBuf {
    cfg.homes.node.join("config/app.toml")
}

/// Sets what start needs in `config.toml`, then the `CONFIG_*` overrides (the operator's
/// explicit word wins), then app.toml's snapshot and REST API settings, which init-docker.sh
/// applies on every start. `peers` = `None` leaves `persistent_peers` as it is (restart).
/// Every change is made in memory first: a bad override leaves both files untouched.
pub fn configure(cfg: &Config, peers: Option<&[Peer]>) -> Result<PathBuf, StageError> {
    let path = config_toml(cfg);
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let mut doc: DocumentMut = comment_out_file_signer(&text)
        .parse()
        .map_err(|e: toml_edit::TomlError| invalid(&path, e.to_string().replace('\n', " ")))?;
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
    apply_overrides(cfg, &mut doc, &path)?;
    for o in &cfg.overrides {
        tracing::info!(key = %o.path.join("."), value = %o.value, from = %o.var, "config.toml override");
    }

    let app_path = app_toml(cfg);
    let mut app = load_toml(&app_path)?;
    let mut app_settings = vec![
        ("state-sync.snapshot-interval", cfg.snapshot_interval.to_string()),
        ("state-sync.snapshot-keep-recent", cfg.snapshot_keep_recent.to_string()),
    ];
    if cfg.rest_api_active {
        app_settings.extend(REST_API.iter().map(|(k, v)| (*k, v.to_string())));
    }
    for (key, value) in &app_settings {
        let parts: Vec<String> = key.split('.').map(str::to_string).collect();
        overrides::set(&mut app, &parts, value, key).map_err(|e| invalid(&app_path, e))?;
        tracing::info!(%key, %value, "app.toml");
    }

    write_atomic(&path, doc.to_string().as_bytes(), Mode::Public)?;
    write_atomic(&app_path, app.to_string().as_bytes(), Mode::Public)?;
    detach_file_signer(cfg)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_signer_keys_are_commented_out_as_init_docker_sh_does() {
        let text = "proxy_app = \"tcp://127.0.0.1:26658\"\npriv_validator_key_file = \"config/priv_validator_key.json\"\npriv_validator_state_file   = \"data/priv_validator_state.json\"\npriv_validator_laddr = \"\"\n# priv_validator_key_file = \"x\"\n";
        let out = comment_out_file_signer(text);
        assert_eq!(
            out,
            "proxy_app = \"tcp://127.0.0.1:26658\"\n# priv_validator_key_file = \"config/priv_validator_key.json\"\n# priv_validator_state_file   = \"data/priv_validator_state.json\"\npriv_validator_laddr = \"\"\n# priv_validator_key_file = \"x\"\n"
        );
        assert_eq!(comment_out_file_signer(&out), out, "idempotent");
    }
}
