//! The chain daemon's CLI (`inferenced`, or the stand-in `simchaind`), driven as a process.
//!
//! Stages talk to the chain only through [`ChainCli`], whose one implementation spawns
//! `CHAIN_BINARY` with exactly the flags the real daemon takes. stdout and stderr are captured;
//! when a command fails, the daemon's own `Error:` line becomes our error message.

use crate::accounts_file::Vesting;
use crate::domain::{KeyName, KeyringBackend};
use cosmos_formats::{ChainId, Coin, Coins, Denom};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use zeroize::Zeroizing;

#[derive(Debug, thiserror::Error)]
pub enum ChainCliError {
    #[error("cannot run CHAIN_BINARY {binary}: {source}")]
    Spawn { binary: String, source: std::io::Error },
    #[error("`{command}` failed ({status}): {message}")]
    Failed { command: String, status: String, message: String },
    #[error("`{command}` printed unexpected output: {reason}")]
    Output { command: String, reason: String },
}

/// A freshly created account key.
pub struct NewKey {
    pub address: String,
    pub mnemonic: Option<Zeroizing<String>>,
}

/// `genesis gentx` of gonka's `custom_gentx.go`; it writes `config/gentx/gentx-<node_id>.json`
/// and `config/genparticipant/genparticipant-<node_id>.json` under the home, wherever asked.
pub struct GentxRequest<'a> {
    pub key: &'a KeyName,
    pub amount: &'a Coin,
    pub chain_id: &'a ChainId,
    /// Base64 of the raw ed25519 key (not the JSON form).
    pub pubkey_base64: &'a str,
    pub ml_operational_address: &'a str,
    pub url: &'a str,
    pub moniker: &'a str,
    pub node_id: &'a str,
}

pub trait ChainCli {
    fn init(&self, home: &Path, moniker: &str, chain_id: &ChainId, denom: &Denom) -> Result<(), ChainCliError>;
    /// The bech32 address of `name`, or `None` when the keyring has no such key.
    fn key_address(&self, name: &KeyName) -> Result<Option<String>, ChainCliError>;
    fn add_key(&self, name: &KeyName) -> Result<NewKey, ChainCliError>;
    /// `keys add <name> --recover`, the mnemonic on stdin; the new key's address.
    fn recover_key(&self, name: &KeyName, mnemonic: &str) -> Result<String, ChainCliError>;
    /// `genesis add-genesis-account <address> <coins> [--vesting-amount <coins>
    /// [--vesting-start-time <unix>] --vesting-end-time <unix>]`.
    fn add_genesis_account(
        &self,
        home: &Path,
        address: &str,
        coins: &Coins,
        vesting: Option<&Vesting>,
    ) -> Result<(), ChainCliError>;
    fn gentx(&self, home: &Path, req: &GentxRequest<'_>) -> Result<(), ChainCliError>;
    fn collect_gentxs(&self, home: &Path, gentx_dir: &Path) -> Result<(), ChainCliError>;
    /// `config set <client|app> <key> <value>`.
    fn config_set(&self, home: &Path, file: &str, key: &str, value: &str) -> Result<(), ChainCliError>;
    fn patch_genesis(&self, home: &Path, genparticipant_dir: &Path) -> Result<(), ChainCliError>;
    fn validate_genesis(&self, home: &Path, file: &Path) -> Result<(), ChainCliError>;
    fn show_node_id(&self, home: &Path) -> Result<String, ChainCliError>;
}

pub struct ProcessChainCli {
    pub binary: PathBuf,
    /// The `--home` of the calls that take no home of their own (`keys …`): `NODE_HOME`.
    ///
    /// Every command of the real daemon reads and writes a home: its root command's
    /// `PersistentPreRunE` (gonka `inference-chain/cmd/inferenced/cmd/root.go`) runs the SDK's
    /// `config.ReadFromClientConfig` (fork v0.53.3-ps4 `client/config/config.go`), which creates
    /// `<home>/config/client.toml` when absent, and `server.InterceptConfigsPreRunHandler`
    /// (`server/util.go` `interceptConfigs`), which creates `<home>/config/config.toml`,
    /// `app.toml` and `<home>/data` (`cmtcfg.EnsureRoot`). Without `--home` that home is
    /// `$HOME/.inference`: a directory of the container's user, outside every home the runner
    /// guards. `NODE_HOME` is the right one: those are node files, and the node home is the
    /// runner's scratch space, wiped between stages, whose `client.toml` `fresh` sets as the
    /// scripts set it (chain-id, keyring-backend). `KEYRING_HOME` would gain a node
    /// `config.toml`/`app.toml` that survives every wipe beside the keys. The keyring itself
    /// stays at `--keyring-dir`, which `client.ReadPersistentCommandFlags` (`client/cmd.go`)
    /// prefers to the home whenever the flag is given.
    pub home: PathBuf,
    pub keyring_backend: KeyringBackend,
    pub keyring_dir: PathBuf,
    pub password: Option<Zeroizing<String>>,
}

fn os(s: impl Into<OsString>) -> OsString {
    s.into()
}

impl ProcessChainCli {
    /// The flags of a `keys` call: the keyring's and `--home` (see [`ProcessChainCli::home`]).
    fn keys_args(&self) -> Vec<OsString> {
        let mut args = self.keyring_args();
        args.extend([os("--home"), self.home.clone().into_os_string()]);
        args
    }

    fn keyring_args(&self) -> Vec<OsString> {
        vec![
            os("--keyring-backend"),
            os(self.keyring_backend.as_str()),
            os("--keyring-dir"),
            self.keyring_dir.clone().into_os_string(),
        ]
    }

    /// The file backend asks for the passphrase on stdin: twice for a new keyring, once after;
    /// two lines satisfy both.
    fn stdin(&self) -> Option<Zeroizing<Vec<u8>>> {
        self.password.as_ref().map(|p| Zeroizing::new(format!("{}\n{}\n", p.as_str(), p.as_str()).into_bytes()))
    }

    fn run(&self, args: &[OsString], feed_password: bool) -> Result<String, ChainCliError> {
        let input = if feed_password { self.stdin() } else { None };
        self.run_with(args, input)
    }

    fn run_with(&self, args: &[OsString], input: Option<Zeroizing<Vec<u8>>>) -> Result<String, ChainCliError> {
        let command = std::iter::once(self.binary.display().to_string())
            .chain(args.iter().take(3).map(|a| a.to_string_lossy().into_owned()).filter(|a| !a.starts_with("--")))
            .collect::<Vec<_>>()
            .join(" ");
        tracing::debug!(%command, args = ?args, "running chain CLI");
        let mut child = Command::new(&self.binary)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| ChainCliError::Spawn { binary: self.binary.display().to_string(), source })?;
        cosmos_formats::power_cut_point!("chain_cli::spawned");
        if let Some(mut stdin) = child.stdin.take() {
            if let Some(bytes) = input {
                // A daemon that exits before reading is reported by its status below.
                let _ = stdin.write_all(&bytes);
            }
        }
        let out = child
            .wait_with_output()
            .map_err(|source| ChainCliError::Spawn { binary: self.binary.display().to_string(), source })?;
        cosmos_formats::power_cut_point!("chain_cli::exited");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if out.status.success() {
            return Ok(stdout);
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        let message = stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix("Error:").map(|m| m.trim().to_string()))
            .or_else(|| stderr.lines().rev().map(str::trim).find(|l| !l.is_empty()).map(str::to_string))
            .unwrap_or_else(|| "no error output".into());
        let status = out.status.code().map(|c| format!("exit {c}")).unwrap_or_else(|| "killed by a signal".into());
        Err(ChainCliError::Failed { command, status, message })
    }
}

impl ChainCli for ProcessChainCli {
    fn init(&self, home: &Path, moniker: &str, chain_id: &ChainId, denom: &Denom) -> Result<(), ChainCliError> {
        let args = vec![
            os("init"),
            os(moniker),
            os("--chain-id"),
            os(chain_id.as_str()),
            os("--default-denom"),
            os(denom.as_str()),
            os("--home"),
            home.as_os_str().to_owned(),
        ];
        self.run(&args, false).map(|_| ())
    }

    /// From `keys list --output json`, so that a missing key is told apart from a failure
    /// without reading error wording (the SDK reports a missing name as "… is not a valid name
    /// or address: decoding bech32 failed …").
    fn key_address(&self, name: &KeyName) -> Result<Option<String>, ChainCliError> {
        let mut args = vec![os("keys"), os("list"), os("--output"), os("json")];
        args.extend(self.keys_args());
        let out = self.run(&args, true)?;
        let bad = |reason: String| ChainCliError::Output { command: "keys list".into(), reason };
        let list: serde_json::Value =
            serde_json::from_str(out.trim()).map_err(|e| bad(format!("not the JSON `--output json` promises: {e}")))?;
        let list = list.as_array().ok_or_else(|| bad("not a JSON list".into()))?;
        let Some(record) = list.iter().find(|r| r.get("name").and_then(|n| n.as_str()) == Some(name.as_str())) else {
            return Ok(None);
        };
        let addr = record.get("address").and_then(|a| a.as_str()).unwrap_or_default().to_string();
        if addr.is_empty() || addr.contains(char::is_whitespace) {
            return Err(bad(format!("key {name}: {addr:?} is not an address")));
        }
        Ok(Some(addr))
    }

    fn recover_key(&self, name: &KeyName, mnemonic: &str) -> Result<String, ChainCliError> {
        let mut args = vec![os("keys"), os("add"), os(name.as_str()), os("--recover"), os("--output"), os("json")];
        args.extend(self.keys_args());
        // The SDK reads the mnemonic after the keyring passphrase (asked twice for a new
        // keyring); the `test` backend asks for none.
        let mut input = Zeroizing::new(Vec::new());
        if let Some(p) = self.stdin() {
            input.extend_from_slice(&p);
        }
        input.extend_from_slice(mnemonic.as_bytes());
        input.push(b'\n');
        let out = self.run_with(&args, Some(input))?;
        let bad = |reason: &str| ChainCliError::Output { command: "keys add --recover".into(), reason: reason.into() };
        let v: serde_json::Value =
            serde_json::from_str(out.trim()).map_err(|_| bad("not the JSON `--output json` promises"))?;
        Ok(v.get("address").and_then(|a| a.as_str()).ok_or_else(|| bad("no \"address\""))?.to_string())
    }

    fn add_key(&self, name: &KeyName) -> Result<NewKey, ChainCliError> {
        let mut args = vec![os("keys"), os("add"), os(name.as_str()), os("--output"), os("json")];
        args.extend(self.keys_args());
        let out = Zeroizing::new(self.run(&args, true)?);
        let bad = |reason: &str| ChainCliError::Output { command: "keys add".into(), reason: reason.into() };
        // The JSON holds the mnemonic: parse it without ever echoing it in an error.
        let v: serde_json::Value =
            serde_json::from_str(out.trim()).map_err(|_| bad("not the JSON `--output json` promises"))?;
        let address = v.get("address").and_then(|a| a.as_str()).ok_or_else(|| bad("no \"address\""))?.to_string();
        let mnemonic = v.get("mnemonic").and_then(|m| m.as_str()).map(|m| Zeroizing::new(m.to_string()));
        Ok(NewKey { address, mnemonic })
    }

    fn add_genesis_account(
        &self,
        home: &Path,
        address: &str,
        coins: &Coins,
        vesting: Option<&Vesting>,
    ) -> Result<(), ChainCliError> {
        let mut args = vec![os("genesis"), os("add-genesis-account"), os(address), os(coins.to_string())];
        if let Some(v) = vesting {
            args.extend([os("--vesting-amount"), os(v.amount.to_string())]);
            if let Some(start) = v.start {
                args.extend([os("--vesting-start-time"), os(start.to_string())]);
            }
            args.extend([os("--vesting-end-time"), os(v.end.to_string())]);
        }
        args.extend([os("--home"), home.as_os_str().to_owned()]);
        self.run(&args, false).map(|_| ())
    }

    fn gentx(&self, home: &Path, r: &GentxRequest<'_>) -> Result<(), ChainCliError> {
        let mut args = vec![
            os("genesis"),
            os("gentx"),
            os(r.key.as_str()),
            os(r.amount.to_string()),
            os("--chain-id"),
            os(r.chain_id.as_str()),
            os("--pubkey"),
            os(r.pubkey_base64),
            os("--ml-operational-address"),
            os(r.ml_operational_address),
            os("--url"),
            os(r.url),
            os("--moniker"),
            os(r.moniker),
            os("--node-id"),
            os(r.node_id),
            os("--home"),
            home.as_os_str().to_owned(),
        ];
        args.extend(self.keyring_args());
        self.run(&args, true).map(|_| ())
    }

    fn collect_gentxs(&self, home: &Path, gentx_dir: &Path) -> Result<(), ChainCliError> {
        let args = vec![
            os("genesis"),
            os("collect-gentxs"),
            os("--gentx-dir"),
            gentx_dir.as_os_str().to_owned(),
            os("--home"),
            home.as_os_str().to_owned(),
        ];
        self.run(&args, false).map(|_| ())
    }

    fn config_set(&self, home: &Path, file: &str, key: &str, value: &str) -> Result<(), ChainCliError> {
        let args =
            vec![os("config"), os("set"), os(file), os(key), os(value), os("--home"), home.as_os_str().to_owned()];
        self.run(&args, false).map(|_| ())
    }

    fn patch_genesis(&self, home: &Path, genparticipant_dir: &Path) -> Result<(), ChainCliError> {
        let args = vec![
            os("genesis"),
            os("patch-genesis"),
            os("--genparticipant-dir"),
            genparticipant_dir.as_os_str().to_owned(),
            os("--home"),
            home.as_os_str().to_owned(),
        ];
        self.run(&args, false).map(|_| ())
    }

    fn validate_genesis(&self, home: &Path, file: &Path) -> Result<(), ChainCliError> {
        let args =
            vec![os("genesis"), os("validate"), file.as_os_str().to_owned(), os("--home"), home.as_os_str().to_owned()];
        self.run(&args, false).map(|_| ())
    }

    fn show_node_id(&self, home: &Path) -> Result<String, ChainCliError> {
        let args = vec![os("tendermint"), os("show-node-id"), os("--home"), home.as_os_str().to_owned()];
        Ok(self.run(&args, false)?.trim().to_string())
    }
}
