//! restart: the node home from a running network, started again; nothing is initialized.

use crate::chain_cli::ChainCli;
use crate::config::Config;
use crate::error::StageError;
use crate::node_home;
use crate::plan::{Outputs, Plan};

pub fn plan(cfg: &Config) -> Result<Plan, StageError> {
    for p in [node_home::config_toml(cfg), node_home::genesis_path(cfg)] {
        if !p.is_file() {
            return Err(StageError::MissingInput {
                path: cfg.homes.node.display().to_string(),
                hint: format!(
                    " holds no initialized node ({} is missing); run GENESIS_RUN_STAGE=start first",
                    p.display()
                ),
            });
        }
    }
    Ok(Plan { inputs: vec![node_home::genesis_path(cfg)], outputs: vec![] })
}

pub fn run(cfg: &Config, _cli: &dyn ChainCli) -> Result<Outputs, StageError> {
    // A bad CONFIG_* is refused before anything here is written.
    node_home::check_overrides(cfg)?;
    // The node key in NODE_HOME must be the published one; reinstall it if it was lost.
    let mut files = Vec::new();
    if let Some(key) = node_home::load_node_key(cfg)? {
        let path = crate::launch::node_key_path(&cfg.homes.node);
        let current = cosmos_formats::keyfiles::NodeKey::load(&path).ok().map(|k| k.node_id());
        if current != Some(key.node_id()) {
            tracing::warn!(path = %path.display(), "node key missing or different; reinstalling the one from KEYRING_HOME");
            node_home::install_node_key(cfg, &key)?;
            files.push(path);
        }
    }
    let peers = match &cfg.persistent_peers {
        Some(p) => Some(
            crate::peers::parse_peers(p)
                .map_err(|e| StageError::InvalidInput { path: "PERSISTENT_PEERS".into(), reason: e.to_string() })?,
        ),
        None => None,
    };
    files.push(node_home::configure(cfg, peers.as_deref())?);
    Ok(Outputs {
        artifacts: vec![],
        files,
        launch: Some(
            crate::launch::plan(cfg, std::env::var_os("PATH").as_deref())
                .map_err(|e| StageError::Config(crate::domain::bad("COSMOVISOR_BIN", e.to_string())))?,
        ),
    })
}
