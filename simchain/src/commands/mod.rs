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
    use tendermint_rpc::Client;
    let url = node.replacen("tcp://", "http://", 1);
    let client = tendermint_rpc::HttpClient::new(url.as_str()).map_err(|e| anyhow::anyhow!("--node {node}: {e}"))?;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let st = rt.block_on(client.status()).map_err(|e| anyhow::anyhow!("{node}: {e}"))?;
    println!("{}", serde_json::to_string(&st)?);
    Ok(())
}
