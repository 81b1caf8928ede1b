//! Where each artifact lives under `ARTIFACTS_DIR` (the spec's directory layout), and where the
//! runner keeps private material under `KEYRING_HOME`.

use crate::domain::KeyName;
use std::path::{Path, PathBuf};

pub const INTERMEDIATE_GENESIS: &str = "genesis/intermediate_genesis.json";
pub const FINAL_GENESIS: &str = "genesis/final_genesis.json";
pub const PEERS_FILE: &str = "peers/persistent_peers.txt";

/// The node key lives here, under `KEYRING_HOME` (0600 in a 0700 directory): it must survive
/// every wipe of `NODE_HOME`, because the node id derived from it is published at keygen and
/// pinned in every peer's `persistent_peers` and in tmkms's `addr`. It is copied into
/// `NODE_HOME/config/node_key.json` whenever a node home is (re)created.
pub const NODE_KEY: &str = "node_key.json";
/// The account key's mnemonic as `keys add` printed it (0600): the only backup of the account.
pub const MNEMONIC_DIR: &str = "mnemonics";

pub struct Layout {
    root: PathBuf,
}

impl Layout {
    pub fn new(artifacts: &Path) -> Layout {
        Layout { root: artifacts.to_path_buf() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn validators(&self) -> PathBuf {
        self.root.join("validators")
    }

    pub fn validator_dir(&self, name: &KeyName) -> PathBuf {
        self.validators().join(name.as_str())
    }

    pub fn account_addr(&self, name: &KeyName) -> PathBuf {
        self.validator_dir(name).join("account_addr.txt")
    }

    pub fn val_pubkey(&self, name: &KeyName) -> PathBuf {
        self.validator_dir(name).join("val_pubkey.json")
    }

    pub fn node_id(&self, name: &KeyName) -> PathBuf {
        self.validator_dir(name).join("node_id.txt")
    }

    pub fn manifest(&self, name: &KeyName) -> PathBuf {
        self.validator_dir(name).join("manifest.json")
    }

    pub fn addresses(&self) -> PathBuf {
        self.root.join("addresses")
    }

    pub fn address(&self, name: &KeyName) -> PathBuf {
        self.addresses().join(format!("{name}.txt"))
    }

    pub fn gentxs(&self) -> PathBuf {
        self.root.join("gentxs")
    }

    pub fn gentx(&self, name: &KeyName) -> PathBuf {
        self.gentxs().join(format!("{name}.json"))
    }

    /// The second file `genesis gentx` writes: participant + warm-key grants.
    pub fn genparticipants(&self) -> PathBuf {
        self.root.join("genparticipants")
    }

    pub fn genparticipant(&self, name: &KeyName) -> PathBuf {
        self.genparticipants().join(format!("{name}.json"))
    }
}

/// Files in `dir` with extension `ext`, sorted by name; a missing directory is empty.
pub fn files_with_ext(dir: &Path, ext: &str) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    match std::fs::read_dir(dir) {
        Ok(rd) => {
            for e in rd {
                let p = e?.path();
                let is_list = p.file_name().is_some_and(|n| n == cosmos_formats::files::CHECKSUM_FILE);
                if p.is_file() && !is_list && p.extension().is_some_and(|x| x == ext) {
                    out.push(p);
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    out.sort();
    Ok(out)
}

/// The key name a per-validator artifact file is named after (`gentxs/<name>.json`).
pub fn stem_name(path: &Path) -> Result<KeyName, String> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    stem.parse::<KeyName>().map_err(|e| format!("{}: file name is not a key name: {e}", path.display()))
}
