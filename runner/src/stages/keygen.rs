//! keygen: account key, node key and the consensus public key from tmkms → the validator's
//! public artifacts.

use super::inputs::warm_key_name;
use crate::chain_cli::ChainCli;
use crate::config::Config;
use crate::domain::{KeyName, KeyringBackend};
use crate::error::{invalid, StageError};
use crate::layout::{Layout, MNEMONIC_DIR};
use crate::manifest::Manifest;
use crate::node_home;
use crate::plan::{Outputs, Plan};
use cosmos_formats::files::{write_atomic, Mode};
use cosmos_formats::keyfiles::{generate_ed25519, NodeKey};
use cosmos_formats::Address;
use tracing::{info, warn};

pub fn plan(cfg: &Config) -> Result<Plan, StageError> {
    let l = Layout::new(&cfg.homes.artifacts);
    let n = &cfg.key_name;
    Ok(Plan {
        inputs: vec![],
        outputs: vec![l.account_addr(n), l.val_pubkey(n), l.node_id(n), l.manifest(n), l.address(n)],
    })
}

/// Where a new key's mnemonic goes: the operator's `MNEMONIC_BACKUP_DIR`; else beside a
/// `test` keyring, which is unencrypted anyway; never in clear beside a `file` keyring.
fn mnemonic_dir(cfg: &Config) -> Option<std::path::PathBuf> {
    match (&cfg.mnemonic_backup, cfg.keyring_backend) {
        (Some(dir), _) => Some(dir.clone()),
        (None, KeyringBackend::Test) => Some(cfg.homes.keyring.join(MNEMONIC_DIR)),
        (None, KeyringBackend::File) => None,
    }
}

/// Writes `words` to `dir/<name>.txt` (0600, in a 0700 dir); returns the path.
fn save_mnemonic(dir: &std::path::Path, name: &KeyName, words: &str) -> Result<std::path::PathBuf, StageError> {
    crate::kms::key_dir(dir)?;
    let path = dir.join(format!("{name}.txt"));
    write_atomic(&path, format!("{words}\n").as_bytes(), Mode::Secret)?;
    info!(path = %path.display(), "mnemonic saved (0600); back it up offline");
    Ok(path)
}

/// The address of key `name`, created (mnemonic saved 0600 beside the keyring) if missing;
/// an existing key is never replaced.
fn ensure_key(cfg: &Config, cli: &dyn ChainCli, name: &KeyName) -> Result<String, StageError> {
    let address = match (cli.key_address(name)?, mnemonic_dir(cfg)) {
        (Some(a), _) => {
            info!(%a, key = %name, "key exists in KEYRING_HOME; keeping it");
            a
        }
        // With the unencrypted `test` keyring the mnemonic is made here and saved before the
        // key exists, then imported: a host that dies between the two finds the mnemonic on
        // the re-run and imports the same key. (`keys add` would make the key first, and a
        // crash before its printed mnemonic was saved would lose the backup for good.)
        (None, Some(dir)) if cfg.keyring_backend == KeyringBackend::Test => {
            let path = dir.join(format!("{name}.txt"));
            let words = match std::fs::read_to_string(&path) {
                Ok(saved) => {
                    warn!(path = %path.display(), key = %name, "a saved mnemonic without its key (an interrupted keygen): importing it");
                    zeroize::Zeroizing::new(saved.trim().to_string())
                }
                Err(_) => {
                    let words = cosmos_formats::hd::new_mnemonic()
                        .map_err(|e| invalid(&path, format!("cannot make a mnemonic: {e}")))?;
                    save_mnemonic(&dir, name, &words)?;
                    words
                }
            };
            cli.recover_key(name, &words)?
        }
        (None, dir) => {
            let k = cli.add_key(name)?;
            match (&k.mnemonic, dir) {
                (Some(m), Some(dir)) => {
                    save_mnemonic(&dir, name, m)?;
                }
                (Some(_), None) => warn!(
                    key = %name,
                    "mnemonic not stored: KEYRING_BACKEND=file keeps the key encrypted, and a clear-text copy beside it would undo that; set MNEMONIC_BACKUP_DIR to an offline place to keep one"
                ),
                (None, _) => {}
            }
            k.address
        }
    };
    Address::decode(&address).map_err(|e| invalid(&cfg.homes.keyring, format!("key {name}: {e}")))?;
    Ok(address)
}

pub fn run(cfg: &Config, cli: &dyn ChainCli) -> Result<Outputs, StageError> {
    let l = Layout::new(&cfg.homes.artifacts);
    let name = &cfg.key_name;

    // The node key is created in memory and persisted only after tmkms answered, so a
    // failed keygen leaves KEYRING_HOME as it was.
    let (node_key, new_node_key) = match node_home::load_node_key(cfg)? {
        Some(k) => (k, false),
        None => (NodeKey(generate_ed25519()), true),
    };
    let node_id = node_key.node_id();
    let laddr = format!(
        "tcp://{}:{}",
        if cfg.listen_host.contains(':') { format!("[{}]", cfg.listen_host) } else { cfg.listen_host.clone() },
        cfg.ports.tmkms
    );
    let pubkey = crate::signer::fetch_pubkey(&laddr, &node_key, &cfg.chain_id, cfg.tmkms_timeout)?;
    info!(pubkey = %pubkey.to_json_string(), "validator public key from tmkms");

    // The node home is only a scratch space here: the chain binary must agree on the node id.
    node_home::fresh(cfg, cli)?;
    node_home::install_node_key(cfg, &node_key)?;
    let shown = cli.show_node_id(&cfg.homes.node)?;
    if shown != node_id.to_string() {
        return Err(invalid(
            &cfg.homes.node,
            format!("`tendermint show-node-id` says {shown}, the node key hashes to {node_id}"),
        ));
    }

    crate::kms::key_dir(&cfg.homes.keyring)?;
    let address = ensure_key(cfg, cli, name)?;
    // The ML operational ("warm") key the cold key grants its inference permissions to
    // (gonka's init-docker-genesis.sh: `<KEY_NAME>_warm`), unless it lives elsewhere.
    match &cfg.ml_operational_address {
        Some(a) => info!(%a, "ML operational key is ML_OPERATIONAL_ADDRESS (kept on another machine)"),
        None => {
            let warm = ensure_key(cfg, cli, &warm_key_name(name)?)?;
            info!(%warm, "ML operational key");
        }
    }
    if new_node_key {
        let path = node_home::node_key_store(cfg);
        node_key.save(&path).map_err(|e| invalid(&path, e))?;
        info!(path = %path.display(), %node_id, "node key created (kept across NODE_HOME wipes)");
    }
    crate::paths::wipe_node_home(&cfg.homes)?;

    let manifest = Manifest {
        name: name.clone(),
        index: cfg.index,
        role: cfg.role,
        p2p_external_address: cfg.p2p_external_address.clone(),
        node_id,
        chain_id: cfg.chain_id.to_string(),
    };
    let files = [
        (l.account_addr(name), format!("{address}\n")),
        (l.val_pubkey(name), format!("{}\n", pubkey.to_json_string())),
        (l.node_id(name), format!("{node_id}\n")),
        (l.manifest(name), manifest.to_json()),
        (l.address(name), format!("{address}\n")),
    ];
    for (path, text) in &files {
        write_atomic(path, text.as_bytes(), Mode::Public)?;
    }
    Ok(Outputs { artifacts: files.into_iter().map(|(p, _)| p).collect(), ..Outputs::default() })
}
