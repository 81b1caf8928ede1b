//! One validator's host: its own homes, artifacts, logs and ports.

use std::path::{Path, PathBuf};

use runner::domain::Homes;

/// How far ahead of the coordinator's start the genesis_time is set: every validator starts
/// within it, and no node produces a block before it.
pub const GENESIS_DELAY: &str = "5s";

/// Port bases of a network; a project's port is `base + stride * index` (the spec's rule).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortPlan {
    pub p2p_base: u16,
    pub rpc_base: u16,
    pub tmkms_base: u16,
    pub stride: u16,
}

impl PortPlan {
    /// The spec's defaults: 26656/26657/26658, stride 10.
    pub const SPEC: PortPlan = PortPlan { p2p_base: 26656, rpc_base: 26657, tmkms_base: 26658, stride: 10 };

    pub fn from_base(base: u16) -> PortPlan {
        PortPlan { p2p_base: base, rpc_base: base + 1, tmkms_base: base + 2, stride: 10 }
    }

    pub fn p2p(&self, index: u16) -> u16 {
        self.p2p_base + self.stride * index
    }
    pub fn rpc(&self, index: u16) -> u16 {
        self.rpc_base + self.stride * index
    }
    pub fn tmkms(&self, index: u16) -> u16 {
        self.tmkms_base + self.stride * index
    }
}

/// The runner's own type: the harness passes `KEYRING_BACKEND` as the runner parses it.
pub use runner::domain::KeyringBackend;

#[derive(Clone, Debug)]
pub struct Project {
    pub name: String,
    pub index: u16,
    pub root: PathBuf,
    pub ports: PortPlan,
    /// Where peers and the harness reach this host (loopback unless the backend gives each
    /// host a network of its own).
    pub host: std::net::IpAddr,
}

impl Project {
    pub fn new(work: &Path, name: &str, index: u16, ports: PortPlan) -> Project {
        Project {
            name: name.to_string(),
            index,
            root: work.join(name),
            ports,
            host: std::net::Ipv4Addr::LOCALHOST.into(),
        }
    }
    pub fn is_coordinator(&self) -> bool {
        self.index == 0
    }
    /// The four homes, laid out as the runner's own tests lay out a host.
    pub fn homes(&self) -> Homes {
        Homes::under(&self.root)
    }
    pub fn node_home(&self) -> PathBuf {
        self.homes().node
    }
    pub fn keyring_home(&self) -> PathBuf {
        self.homes().keyring
    }
    pub fn tmkms_home(&self) -> PathBuf {
        self.homes().tmkms
    }
    pub fn artifacts(&self) -> PathBuf {
        self.homes().artifacts
    }
    /// The host's own secrets for its node (the file keyring's passphrase): mounted read-only
    /// at /run/secrets in the node container, never moved.
    pub fn secrets(&self) -> PathBuf {
        self.root.join("secrets")
    }
    /// The file that holds the passphrase of a `file` keyring (`KEYRING_PASSWORD_FILE`).
    pub fn passphrase_file(&self) -> PathBuf {
        self.secrets().join("keyring_password")
    }
    /// Where a `file` keyring's mnemonics go (`MNEMONIC_BACKUP_DIR`): the host's offline
    /// backup, outside every home, never moved.
    pub fn mnemonic_backup(&self) -> PathBuf {
        self.root.join("offline-backup")
    }
    pub fn logs(&self) -> PathBuf {
        self.root.join("logs")
    }
    /// The directories that never leave this host.
    pub fn private_homes(&self) -> [PathBuf; 3] {
        [self.node_home(), self.keyring_home(), self.tmkms_home()]
    }
    pub fn p2p_port(&self) -> u16 {
        self.ports.p2p(self.index)
    }
    /// The participant's public API URL as its genparticipant file records it (nothing in a
    /// test listens there: the chain only stores it).
    pub fn public_url(&self, host: &str) -> String {
        format!("http://{host}:{}", 9000 + 10 * u32::from(self.index))
    }
    pub fn rpc_port(&self) -> u16 {
        self.ports.rpc(self.index)
    }
    pub fn tmkms_port(&self) -> u16 {
        self.ports.tmkms(self.index)
    }
    pub fn rpc_url(&self) -> String {
        format!("http://{}:{}", self.host, self.rpc_port())
    }
    /// A published artifact of this project, e.g. `validators/<name>/node_id.txt`.
    pub fn artifact(&self, rel: &str) -> PathBuf {
        self.artifacts().join(rel)
    }
    pub fn node_id(&self) -> Option<String> {
        std::fs::read_to_string(self.artifact(&format!("validators/{}/node_id.txt", self.name)))
            .ok()
            .map(|s| s.trim().to_string())
    }
}

/// Whether `rel` (relative to an ARTIFACTS_DIR) names one of the spec's public artifacts.
pub fn is_public_artifact(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    let name_ok = |n: &str| {
        !n.is_empty() && !n.starts_with('.') && n.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    };
    match parts.as_slice() {
        ["addresses", f] => f.strip_suffix(".txt").is_some_and(name_ok),
        ["gentxs", f] => f.strip_suffix(".json").is_some_and(name_ok),
        ["genparticipants", f] => f.strip_suffix(".json").is_some_and(name_ok),
        ["validators", n, f] => {
            name_ok(n) && ["account_addr.txt", "val_pubkey.json", "node_id.txt", "manifest.json"].contains(f)
        }
        ["genesis", f] => ["intermediate_genesis.json", "final_genesis.json"].contains(f),
        ["peers", "persistent_peers.txt"] => true,
        _ => false,
    }
}

/// Whether `dir` (relative to an ARTIFACTS_DIR) is a directory of public artifacts, whose
/// `sha256sum.txt` lists them.
pub fn is_public_dir(dir: &str) -> bool {
    ["node_id.txt", "intermediate_genesis.json", "persistent_peers.txt", "x.json", "x.txt"]
        .iter()
        .any(|f| is_public_artifact(&format!("{dir}/{f}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_public_dir_is_one_that_holds_public_artifacts() {
        for dir in ["addresses", "gentxs", "genparticipants", "validators/val-1", "genesis", "peers"] {
            assert!(super::is_public_dir(dir), "{dir}");
        }
        for dir in ["", "validators", "keyring-test", "coordinator-inputs", "validators/val-1/x", "../genesis"] {
            assert!(!super::is_public_dir(dir), "{dir}");
        }
    }
}
