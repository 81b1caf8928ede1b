//! One module per command group; each function is one command.

mod config;
pub(crate) mod genesis;
mod init;
mod keys;
mod tendermint;

use crate::cli::{Cli, Command, HomeArg, KeyringArgs};
use crate::home::Home;
use anyhow::Result;
use simchain::keyring::{Backend, Input, Keyring};
use std::path::PathBuf;

pub fn run(cli: Cli) -> Result<()> {
    let prefix = cli.bech32_prefix.clone();
    cosmos_formats::address::validate_prefix(&prefix)?;
    let root = Home::new(cli.command.home().map(PathBuf::from).unwrap_or_else(Home::default_path));
    prepare_root(&root, cli.command.chain_id_flag().unwrap_or(""))?;
    match cli.command {
        Command::Init(a) => init::run(a),
        Command::Config(c) => config::run(c),
        Command::Keys(k) => keys::run(k, &prefix),
        Command::Genesis(g) => genesis::run(g, &prefix),
        Command::Tendermint(t) => tendermint::run(t, &prefix),
        Command::Start { home: h } => crate::node::start(home(&h), &prefix),
        Command::Status { node } => status(&node),
    }
}

/// What the real root command writes under the home before any subcommand runs, so a call
/// without `--home` leaves the same trace in `$HOME/.inference` as `inferenced` does. Its
/// `PersistentPreRunE` (gonka `cmd/inferenced/cmd/root.go`) calls
/// - `config.ReadFromClientConfig` (SDK fork v0.53.3-ps4 `client/config/config.go`):
///   `<home>/config/client.toml` when absent, chain-id from `--chain-id`, keyring-backend "os";
/// - `server.InterceptConfigsPreRunHandler` (`server/util.go` `interceptConfigs`): when
///   `config.toml` is absent, `cmtcfg.EnsureRoot` (`<home>`, `config/`, `data/` 0700) and the
///   default `config.toml`; `app.toml` when absent, from gonka's `initAppConfig`
///   (`cmd/inferenced/cmd/config.go`: minimum-gas-prices left "").
///
/// Nothing is replaced: every file is written only when absent.
pub(crate) fn prepare_root(home: &Home, chain_id: &str) -> Result<()> {
    use cosmos_formats::files::{create_dir, write_atomic, Mode};
    create_dir(&home.config_dir(), Mode::Public)?;
    // Commands sharing one home may run at once (two shells, a test's threads): whoever
    // writes a file first wins, and a write that lost the race to the same default is fine.
    let once = |path: std::path::PathBuf, text: String| -> Result<()> {
        if path.exists() {
            return Ok(());
        }
        match write_atomic(&path, text.as_bytes(), Mode::Public) {
            Err(_) if path.exists() => Ok(()),
            other => Ok(other?),
        }
    };
    if !home.config_toml().exists() {
        create_dir(&home.data_dir(), Mode::Secret)?;
    }
    once(home.config_toml(), crate::templates::config_toml(""))?;
    once(home.app_toml(), crate::templates::app_toml_with_min_gas_prices(""))?;
    once(home.client_toml(), crate::templates::client_toml(chain_id))?;
    Ok(())
}

pub(crate) fn home(arg: &HomeArg) -> Home {
    Home::new(arg.home.clone().unwrap_or_else(Home::default_path))
}

/// The keyring a command uses: `--keyring-dir`, else the home, as the SDK resolves it.
pub(crate) fn keyring_location(k: &KeyringArgs, home: &Home) -> Result<(PathBuf, Backend)> {
    let backend: Backend = k.keyring_backend.parse()?;
    let dir = k.keyring_dir.clone().unwrap_or_else(|| home.root().to_path_buf());
    Ok((dir, backend))
}

pub(crate) fn open_keyring<'a>(k: &KeyringArgs, home: &Home, input: &'a mut Input) -> Result<Keyring<'a>> {
    let (dir, backend) = keyring_location(k, home)?;
    Ok(Keyring::open(&dir, backend, input))
}

/// `status`: the node's `/status`, read with the same RPC client the harness uses.
fn status(node: &str) -> Result<()> {
    use tendermint_rpc::client::Client;
    let url = node.replacen("tcp://", "http://", 1);
    let client = simchain::rpc_client::RpcClient::new(&url).map_err(|e| anyhow::anyhow!("--node {node}: {e}"))?;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let st = rt.block_on(client.status()).map_err(|e| anyhow::anyhow!("{node}: {e}"))?;
    println!("{}", serde_json::to_string(&st)?);
    Ok(())
}
