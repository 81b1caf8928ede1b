//! `genesis-runner kms`: the tmkms container's entrypoint.
//!
//! Prepares `TMKMS_HOME` — the softsign consensus key and the KMS identity key (made by
//! `tmkms softsign keygen`, only when absent, never replaced) and `tmkms.toml` (written with
//! toml_edit) — then execs `tmkms start -c TMKMS_HOME/tmkms.toml`. tmkms dials the node's TMKMS
//! port on `TMKMS_NODE_HOST`; once the node id is known (`NODE_ID`, or the validator's
//! `node_id.txt` in `ARTIFACTS_DIR`), `addr` pins it (`tcp://<id>@host:port`) so tmkms refuses
//! any other node.
//!
//! Layout: `TMKMS_HOME/secrets/consensus.key`, `TMKMS_HOME/secrets/kms-identity.key` (0600 in
//! 0700 directories), `TMKMS_HOME/state/<chain-id>-consensus.json`, `TMKMS_HOME/tmkms.toml`.
//!
//! An operator's existing home is used as it is, never given a second consensus key: one with
//! a `tmkms.toml` signs with the key and state file that file names (gonka's own tmkms image,
//! `tmkms/docker/init.sh` and `tmkms/template/tmkms.toml` in gonka-ai/gonka, names
//! `/root/.tmkms/secrets/priv_validator_key.softsign` and
//! `/root/.tmkms/state/priv_validator_state.json`), and one holding gonka's key without a
//! `tmkms.toml` gets a `tmkms.toml` naming that key and gonka's state file.

use crate::config::KmsConfig;
use cosmos_formats::files::{write_atomic, Mode};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use toml_edit::{value, Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table};

#[derive(Debug, thiserror::Error)]
pub enum KmsError {
    #[error("cannot run TMKMS_BIN {bin}: {source}")]
    Spawn { bin: String, source: std::io::Error },
    #[error("`tmkms {args}` failed: {message}")]
    Keygen { args: String, message: String },
    #[error("{path}: {reason}")]
    Config { path: String, reason: String },
    #[error(transparent)]
    File(#[from] cosmos_formats::files::FileError),
    #[error("cannot exec TMKMS_BIN {bin}: {source}")]
    Exec { bin: String, source: std::io::Error },
    /// TMKMS_HOME holds a consensus key (or names one) in a way that making or choosing a key
    /// could put a second consensus key beside the operator's.
    #[error("TMKMS_HOME {home}: {reason}")]
    Layout { home: String, reason: String },
}

/// The runner's own names under TMKMS_HOME.
const CONSENSUS_KEY: &str = "secrets/consensus.key";
const IDENTITY_KEY: &str = "secrets/kms-identity.key";
/// gonka's tmkms image's names (`tmkms/template/tmkms.toml`).
pub const GONKA_CONSENSUS_KEY: &str = "secrets/priv_validator_key.softsign";
pub const GONKA_STATE_FILE: &str = "state/priv_validator_state.json";

/// TMKMS_HOME and the files tmkms signs with.
pub struct KmsHome {
    pub root: PathBuf,
    consensus_key: PathBuf,
    identity_key: PathBuf,
    state_file: PathBuf,
}

impl KmsHome {
    /// The runner's layout: what [`prepare`] makes in an empty TMKMS_HOME.
    pub fn new(root: &Path, chain_id: &str) -> KmsHome {
        KmsHome {
            root: root.to_path_buf(),
            consensus_key: root.join(CONSENSUS_KEY),
            identity_key: root.join(IDENTITY_KEY),
            state_file: root.join(format!("state/{chain_id}-consensus.json")),
        }
    }
    pub fn config(&self) -> PathBuf {
        self.root.join("tmkms.toml")
    }
    pub fn consensus_key(&self) -> PathBuf {
        self.consensus_key.clone()
    }
    pub fn identity_key(&self) -> PathBuf {
        self.identity_key.clone()
    }
    pub fn state_file(&self) -> PathBuf {
        self.state_file.clone()
    }
}

/// A path from tmkms.toml; a relative one is taken against TMKMS_HOME.
fn toml_path(root: &Path, p: &str) -> PathBuf {
    let p = Path::new(p);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        root.join(p)
    }
}

/// The key, identity and state files an existing tmkms.toml names for `chain`.
fn from_config(cfg: &KmsConfig, root: &Path, path: &Path) -> Result<KmsHome, KmsError> {
    let layout = |reason: String| KmsError::Layout { home: root.display().to_string(), reason };
    let bad = |reason: String| KmsError::Config { path: path.display().to_string(), reason };
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| bad(e.to_string().replace('\n', " ")))?;
    let chain = cfg.chain_id.as_str();
    let tables = |key: &str| doc.get(key).and_then(Item::as_array_of_tables).into_iter().flat_map(|a| a.iter());
    let key = doc
        .get("providers")
        .and_then(|p| p.get("softsign"))
        .and_then(Item::as_array_of_tables)
        .into_iter()
        .flat_map(|a| a.iter())
        .find(|t| {
            t.get("chain_ids").and_then(Item::as_array).is_some_and(|ids| ids.iter().any(|i| i.as_str() == Some(chain)))
        })
        .and_then(|t| t.get("path").and_then(Item::as_str))
        .ok_or_else(|| bad(format!("no [[providers.softsign]] with a path for chain {chain} (CHAIN_ID)")))?;
    let state = tables("chain")
        .find(|t| t.get("id").and_then(Item::as_str) == Some(chain))
        .and_then(|t| t.get("state_file").and_then(Item::as_str))
        .ok_or_else(|| bad(format!("no [[chain]] with a state_file for {chain} (CHAIN_ID)")))?;
    let identity = tables("validator")
        .find(|t| t.get("chain_id").and_then(Item::as_str) == Some(chain))
        .and_then(|t| t.get("secret_key").and_then(Item::as_str))
        .ok_or_else(|| bad(format!("no [[validator]] with a secret_key for {chain} (CHAIN_ID)")))?;
    let home = KmsHome {
        root: root.to_path_buf(),
        consensus_key: toml_path(root, key),
        identity_key: toml_path(root, identity),
        state_file: toml_path(root, state),
    };
    if !home.consensus_key.is_file() {
        return Err(layout(format!(
            "{} names consensus key {}, which does not exist; refusing to make a new one beside it (restore the key, or move tmkms.toml away to start a new validator)",
            path.display(),
            home.consensus_key.display()
        )));
    }
    Ok(home)
}

/// Which files tmkms will sign with: those an existing tmkms.toml names; else gonka's key
/// when TMKMS_HOME holds it (with gonka's state file); else the runner's layout.
pub fn locate(cfg: &KmsConfig) -> Result<KmsHome, KmsError> {
    let root = cfg.tmkms_home.as_path();
    let ours = KmsHome::new(root, cfg.chain_id.as_str());
    if ours.config().exists() {
        return from_config(cfg, root, &ours.config());
    }
    let gonka = root.join(GONKA_CONSENSUS_KEY);
    match (gonka.exists(), ours.consensus_key.exists()) {
        (true, true) => Err(KmsError::Layout {
            home: root.display().to_string(),
            reason: format!(
                "holds two consensus keys, {GONKA_CONSENSUS_KEY} and {CONSENSUS_KEY}, and no tmkms.toml saying which signs; keep the validator's one and move the other away"
            ),
        }),
        (true, false) => {
            tracing::info!(key = %gonka.display(), "gonka tmkms layout: signing with its existing consensus key");
            Ok(KmsHome { consensus_key: gonka, state_file: root.join(GONKA_STATE_FILE), ..ours })
        }
        (false, _) => Ok(ours),
    }
}

pub fn addr(cfg: &KmsConfig) -> String {
    let host = if cfg.node_host.contains(':') { format!("[{}]", cfg.node_host) } else { cfg.node_host.clone() };
    match &cfg.node_id {
        Some(id) => format!("tcp://{id}@{host}:{}", cfg.ports.tmkms),
        None => format!("tcp://{host}:{}", cfg.ports.tmkms),
    }
}

fn keygen(cfg: &KmsConfig, args: &[&str], path: &Path) -> Result<(), KmsError> {
    // tmkms writes the key file in place. Killed half-way (a host losing power, a container
    // stopped during its first start) it would leave a torn key at `path`, which every later
    // start keeps because a key that exists is never replaced. So it writes a temp name, and
    // only a whole key is renamed into place.
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let config_err =
        |p: &Path, e: std::io::Error| KmsError::Config { path: p.display().to_string(), reason: e.to_string() };
    let out = Command::new(&cfg.tmkms_bin)
        .args(args)
        .arg(&tmp)
        .output()
        .map_err(|source| KmsError::Spawn { bin: cfg.tmkms_bin.display().to_string(), source })?;
    if !out.status.success() {
        let _ = std::fs::remove_file(&tmp);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let message = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no output").trim().to_string();
        return Err(KmsError::Keygen { args: format!("{} {}", args.join(" "), path.display()), message });
    }
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600)).map_err(|e| config_err(&tmp, e))?;
    std::fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(|e| config_err(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| config_err(path, e))?;
    if let Some(dir) = path.parent() {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    tracing::info!(path = %path.display(), "key created");
    Ok(())
}

/// The tmkms.toml of one softsign chain (the shape `tmkms init` writes, trimmed to one chain).
pub fn render(cfg: &KmsConfig, home: &KmsHome) -> DocumentMut {
    let chain = cfg.chain_id.as_str();
    let mut doc = DocumentMut::new();

    let mut c = Table::new();
    c.insert("id", value(chain));
    let mut fmt = InlineTable::new();
    // hex: the bech32 format would need the chain's key prefixes, and only logs use it.
    fmt.insert("type", "hex".into());
    c.insert("key_format", value(fmt));
    c.insert("state_file", value(home.state_file().display().to_string()));
    let mut chains = ArrayOfTables::new();
    chains.push(c);
    doc.insert("chain", Item::ArrayOfTables(chains));

    let mut p = Table::new();
    let mut ids = Array::new();
    ids.push(chain);
    p.insert("chain_ids", value(ids));
    p.insert("key_type", value("consensus"));
    p.insert("path", value(home.consensus_key().display().to_string()));
    let mut softsign = ArrayOfTables::new();
    softsign.push(p);
    let mut providers = Table::new();
    providers.insert("softsign", Item::ArrayOfTables(softsign));
    doc.insert("providers", Item::Table(providers));

    let mut v = Table::new();
    v.insert("chain_id", value(chain));
    v.insert("addr", value(addr(cfg)));
    v.insert("secret_key", value(home.identity_key().display().to_string()));
    v.insert("protocol_version", value("v0.38"));
    v.insert("reconnect", value(true));
    let mut validators = ArrayOfTables::new();
    validators.push(v);
    doc.insert("validator", Item::ArrayOfTables(validators));
    doc
}

/// Updates `addr` of an existing tmkms.toml when the node id became known (or the port or
/// host changed); a pinned id that differs from the known one is refused, since it means the
/// node key changed under a published node id.
fn update_addr(cfg: &KmsConfig, path: &Path) -> Result<bool, KmsError> {
    let bad = |reason: String| KmsError::Config { path: path.display().to_string(), reason };
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| bad(e.to_string().replace('\n', " ")))?;
    let validators = doc
        .get_mut("validator")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| bad("no [[validator]] section".into()))?;
    let chain = cfg.chain_id.as_str();
    let v = validators
        .iter_mut()
        .find(|t| t.get("chain_id").and_then(Item::as_str) == Some(chain))
        .ok_or_else(|| bad(format!("no [[validator]] for chain {chain} (CHAIN_ID)")))?;
    let current = v.get("addr").and_then(Item::as_str).unwrap_or_default().to_string();
    let pinned = current.strip_prefix("tcp://").and_then(|r| r.split_once('@')).map(|(id, _)| id.to_string());
    if let (Some(old), Some(new)) = (&pinned, &cfg.node_id) {
        if old != &new.to_string() {
            return Err(bad(format!("addr pins node id {old}, but the node id is now {new} (NODE_ID / node_id.txt)")));
        }
    }
    let mut wanted = addr(cfg);
    if cfg.node_id.is_none() {
        if let Some(old) = pinned {
            // Keep a pin we cannot re-derive rather than silently dropping it.
            wanted = wanted.replacen("tcp://", &format!("tcp://{old}@"), 1);
        }
    }
    if current == wanted {
        return Ok(false);
    }
    v.insert("addr", value(&wanted));
    write_atomic(path, doc.to_string().as_bytes(), Mode::Public)?;
    tracing::info!(path = %path.display(), from = %current, to = %wanted, "tmkms addr updated");
    Ok(true)
}

/// A directory that holds keys: 0700, created so or tightened to it (with a warning naming
/// the mode it had: an operator should know their key directory was listable).
pub(crate) fn key_dir(dir: &std::path::Path) -> Result<(), cosmos_formats::files::FileError> {
    if let Some(mode) = cosmos_formats::files::secure_dir(dir)? {
        tracing::warn!(dir = %dir.display(), "key directory was {mode:04o}; now 0700");
    }
    Ok(())
}

/// Creates whatever of TMKMS_HOME is missing; never touches an existing key, and never makes
/// a consensus key beside one that exists (see [`locate`]).
pub fn prepare(cfg: &KmsConfig) -> Result<KmsHome, KmsError> {
    let home = locate(cfg)?;
    key_dir(&home.root)?;
    key_dir(&home.root.join("secrets"))?;
    key_dir(&home.root.join("state"))?;
    if !home.consensus_key().exists() {
        keygen(cfg, &["softsign", "keygen", "-t", "consensus"], &home.consensus_key())?;
    }
    if !home.identity_key().exists() {
        keygen(cfg, &["softsign", "keygen"], &home.identity_key())?;
    }
    let config = home.config();
    if config.exists() {
        update_addr(cfg, &config)?;
    } else {
        write_atomic(&config, render(cfg, &home).to_string().as_bytes(), Mode::Public)?;
        tracing::info!(path = %config.display(), addr = %addr(cfg), "tmkms.toml written");
    }
    Ok(home)
}

/// Replaces this process with `tmkms start` (as a container's PID 1, runs it as its child:
/// tmkms installs no SIGTERM handler, see [`crate::init`]). Returns only on failure.
pub fn exec(cfg: &KmsConfig, home: &KmsHome) -> KmsError {
    tracing::info!(bin = %cfg.tmkms_bin.display(), config = %home.config().display(), "exec tmkms start");
    let source = crate::init::exec(Command::new(&cfg.tmkms_bin).arg("start").arg("-c").arg(home.config()));
    KmsError::Exec { bin: cfg.tmkms_bin.display().to_string(), source }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{GenesisIndex, Ports};

    fn cfg(home: &Path, id: Option<&str>) -> KmsConfig {
        KmsConfig {
            chain_id: "gonka-mainnet".parse().unwrap(),
            index: GenesisIndex(1),
            ports: Ports { p2p: 26666, rpc: 26667, tmkms: 26668 },
            tmkms_home: home.to_path_buf(),
            tmkms_bin: "tmkms".into(),
            node_host: "node".into(),
            node_id: id.map(|s| s.parse().unwrap()),
            no_start: true,
        }
    }

    /// A tmkms that dies half-way through writing a key (here: writes half a key, then fails)
    /// leaves nothing at the key's path, so the next start makes a whole key instead of keeping
    /// a torn one forever.
    #[test]
    fn a_keygen_that_dies_half_way_leaves_no_key_behind() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let dying = d.path().join("dying-tmkms");
        std::fs::write(&dying, "#!/bin/sh\nfor a; do out=$a; done\nprintf 'half a ke' > \"$out\"\nexit 1\n").unwrap();
        std::fs::set_permissions(&dying, std::fs::Permissions::from_mode(0o755)).unwrap();
        let home = d.path().join("tmkms");
        let mut c = cfg(&home, None);
        c.tmkms_bin = dying;
        assert!(matches!(prepare(&c), Err(KmsError::Keygen { .. })));
        let left: Vec<_> = std::fs::read_dir(home.join("secrets")).unwrap().flatten().map(|e| e.file_name()).collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }

    const ID: &str = "0772f16cc65cb4d19341b192bd7eba964f11d124";
    const OTHER: &str = "645fbce2dedcc7166f4df7931d2c87ca5188b569";

    #[test]
    fn addr_gets_pinned_once_the_node_id_is_known_and_a_changed_id_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let home = KmsHome::new(d.path(), "gonka-mainnet");
        let c = cfg(d.path(), None);
        std::fs::write(home.config(), render(&c, &home).to_string()).unwrap();
        assert!(std::fs::read_to_string(home.config()).unwrap().contains("addr = \"tcp://node:26668\""));
        assert!(update_addr(&cfg(d.path(), Some(ID)), &home.config()).unwrap());
        let text = std::fs::read_to_string(home.config()).unwrap();
        assert!(text.contains(&format!("addr = \"tcp://{ID}@node:26668\"")), "{text}");
        assert!(text.contains("protocol_version = \"v0.38\""));
        assert!(!update_addr(&cfg(d.path(), Some(ID)), &home.config()).unwrap());
        assert!(!update_addr(&cfg(d.path(), None), &home.config()).unwrap(), "a pin is kept when the id is not given");
        let e = update_addr(&cfg(d.path(), Some(OTHER)), &home.config()).unwrap_err().to_string();
        assert!(e.contains(&format!("pins node id {ID}")), "{e}");
    }

    /// A stand-in tmkms: `softsign keygen [-t consensus] <path>` writes a marker key there;
    /// `calls` records every invocation so a test can prove no consensus key was made.
    fn fake_tmkms(dir: &Path) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let bin = dir.join("fake-tmkms");
        let log = dir.join("calls");
        std::fs::write(
            &bin,
            format!(
                "#!/bin/sh\necho \"$*\" >> {}\nfor a; do out=$a; done\nprintf 'made by keygen' > \"$out\"\n",
                log.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
        bin
    }

    fn calls(dir: &Path) -> String {
        std::fs::read_to_string(dir.join("calls")).unwrap_or_default()
    }

    /// gonka's tmkms home as its image leaves it (`tmkms/template/tmkms.toml`, `tmkms/docker/init.sh`),
    /// with `/root/.tmkms` at `root`.
    fn gonka_home(root: &Path, with_toml: bool) {
        std::fs::create_dir_all(root.join("secrets")).unwrap();
        std::fs::create_dir_all(root.join("state")).unwrap();
        std::fs::write(root.join(GONKA_CONSENSUS_KEY), "the operator's consensus key").unwrap();
        std::fs::write(root.join("secrets/kms-identity.key"), "identity").unwrap();
        std::fs::write(root.join(GONKA_STATE_FILE), "{\"height\":\"1234\",\"round\":0,\"step\":3}").unwrap();
        if with_toml {
            let r = root.display();
            std::fs::write(
                root.join("tmkms.toml"),
                format!(
                    "[[chain]]\nid = \"gonka-mainnet\"\nkey_format = {{ type = \"bech32\", account_key_prefix = \"gonka\", consensus_key_prefix = \"gonka\" }}\nstate_file = \"{r}/state/priv_validator_state.json\"\n\n[[providers.softsign]]\nchain_ids = [\"gonka-mainnet\"]\nkey_type = \"consensus\"\npath = \"{r}/secrets/priv_validator_key.softsign\"\n\n[[validator]]\nchain_id = \"gonka-mainnet\"\naddr = \"tcp://<validator_addr:port>\"\nsecret_key = \"{r}/secrets/kms-identity.key\"\nprotocol_version = \"v0.34\"\nreconnect = true\n"
                ),
            )
            .unwrap();
        }
    }

    #[test]
    fn gonkas_tmkms_home_signs_with_its_own_key_and_state() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("tmkms");
        gonka_home(&root, true);
        let mut c = cfg(&root, Some(ID));
        c.tmkms_bin = fake_tmkms(d.path());
        let home = prepare(&c).unwrap();
        assert_eq!(home.consensus_key(), root.join(GONKA_CONSENSUS_KEY));
        assert_eq!(home.state_file(), root.join(GONKA_STATE_FILE));
        assert!(!root.join(CONSENSUS_KEY).exists(), "a second consensus key was made");
        assert_eq!(calls(d.path()), "", "tmkms keygen ran");
        assert_eq!(std::fs::read_to_string(root.join(GONKA_CONSENSUS_KEY)).unwrap(), "the operator's consensus key");
        assert!(std::fs::read_to_string(root.join(GONKA_STATE_FILE)).unwrap().contains("1234"));
        let text = std::fs::read_to_string(home.config()).unwrap();
        assert!(text.contains(&format!("addr = \"tcp://{ID}@node:26668\"")), "{text}");
        assert!(text.contains("priv_validator_key.softsign") && text.contains("priv_validator_state.json"), "{text}");
    }

    #[test]
    fn gonkas_key_without_a_toml_gets_a_toml_naming_it() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("tmkms");
        gonka_home(&root, false);
        let mut c = cfg(&root, None);
        c.tmkms_bin = fake_tmkms(d.path());
        let home = prepare(&c).unwrap();
        assert!(!root.join(CONSENSUS_KEY).exists(), "a second consensus key was made");
        assert!(!calls(d.path()).contains("consensus"), "{}", calls(d.path()));
        let text = std::fs::read_to_string(home.config()).unwrap();
        assert!(text.contains(&format!("path = \"{}\"", root.join(GONKA_CONSENSUS_KEY).display())), "{text}");
        assert!(text.contains(&format!("state_file = \"{}\"", root.join(GONKA_STATE_FILE).display())), "{text}");
    }

    #[test]
    fn an_empty_home_gets_the_runners_layout() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("tmkms");
        let mut c = cfg(&root, None);
        c.tmkms_bin = fake_tmkms(d.path());
        let home = prepare(&c).unwrap();
        assert_eq!(home.consensus_key(), root.join(CONSENSUS_KEY));
        assert!(root.join(CONSENSUS_KEY).exists() && root.join(IDENTITY_KEY).exists());
        assert!(!root.join(GONKA_CONSENSUS_KEY).exists());
    }

    #[test]
    fn a_toml_naming_a_missing_key_is_refused_and_no_key_is_made() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("tmkms");
        gonka_home(&root, true);
        std::fs::remove_file(root.join(GONKA_CONSENSUS_KEY)).unwrap();
        let mut c = cfg(&root, None);
        c.tmkms_bin = fake_tmkms(d.path());
        let e = prepare(&c).err().unwrap().to_string();
        assert!(e.contains("priv_validator_key.softsign, which does not exist; refusing to make a new one"), "{e}");
        assert!(!e.contains('\n'));
        assert!(!root.join(CONSENSUS_KEY).exists() && !root.join(GONKA_CONSENSUS_KEY).exists());
        assert_eq!(calls(d.path()), "");
    }

    #[test]
    fn two_consensus_keys_and_no_toml_are_refused() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("tmkms");
        gonka_home(&root, false);
        std::fs::write(root.join(CONSENSUS_KEY), "another key").unwrap();
        let mut c = cfg(&root, None);
        c.tmkms_bin = fake_tmkms(d.path());
        let e = prepare(&c).err().unwrap().to_string();
        assert!(e.contains("holds two consensus keys"), "{e}");
        assert!(!root.join("tmkms.toml").exists());
    }
}
