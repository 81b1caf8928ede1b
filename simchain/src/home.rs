//! The node home layout (`--home`, default `$HOME/.inference`), as the SDK and CometBFT lay it out.

use std::path::{Path, PathBuf};

pub const DEFAULT_HOME_DIR: &str = ".inference";

#[derive(Clone, Debug)]
pub struct Home {
    root: PathBuf,
}

impl Home {
    pub fn new(root: PathBuf) -> Self {
        Home { root }
    }

    /// `$HOME/.inference`, the real daemon's default.
    pub fn default_path() -> PathBuf {
        std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(".")).join(DEFAULT_HOME_DIR)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn config_dir(&self) -> PathBuf {
        self.root.join("config")
    }
    pub fn data_dir(&self) -> PathBuf {
        self.root.join("data")
    }
    pub fn config_toml(&self) -> PathBuf {
        self.config_dir().join("config.toml")
    }
    pub fn app_toml(&self) -> PathBuf {
        self.config_dir().join("app.toml")
    }
    pub fn client_toml(&self) -> PathBuf {
        self.config_dir().join("client.toml")
    }
    pub fn genesis(&self) -> PathBuf {
        self.config_dir().join("genesis.json")
    }
    pub fn node_key(&self) -> PathBuf {
        self.config_dir().join("node_key.json")
    }
    pub fn priv_validator_key(&self) -> PathBuf {
        self.config_dir().join("priv_validator_key.json")
    }
    pub fn priv_validator_state(&self) -> PathBuf {
        self.data_dir().join("priv_validator_state.json")
    }
    pub fn gentx_dir(&self) -> PathBuf {
        self.config_dir().join("gentx")
    }
    pub fn genparticipant_dir(&self) -> PathBuf {
        self.config_dir().join("genparticipant")
    }

    /// The SDK's error when a command needs an initialized home and there is none.
    pub fn require_genesis(&self) -> anyhow::Result<PathBuf> {
        let g = self.genesis();
        if !g.exists() {
            anyhow::bail!(
                "{}: no such file (is --home {} initialized? run `init` first)",
                g.display(),
                self.root.display()
            );
        }
        Ok(g)
    }
}
