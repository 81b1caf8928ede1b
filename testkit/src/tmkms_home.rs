//! A tmkms home written by hand in the shape `tmkms init` writes (one softsign chain), its
//! keys made by the real `tmkms softsign keygen`: for tests that need a signer without running
//! the runner's keygen stage.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;

/// One test's tmkms home at `dir`: `tmkms.toml`, `secrets/{consensus,kms-identity}.key`,
/// `state/`.
pub struct TmkmsHome {
    pub dir: PathBuf,
}

impl TmkmsHome {
    /// Makes both keys and writes `tmkms.toml` for `chain_id`, dialling the node's privval
    /// listener at `validator_addr` (`tcp://[<node id>@]host:port`).
    pub fn write(dir: &Path, chain_id: &str, validator_addr: &str) -> TmkmsHome {
        for sub in ["secrets", "state"] {
            std::fs::create_dir_all(dir.join(sub)).expect("create the tmkms home");
        }
        let home = TmkmsHome { dir: dir.to_path_buf() };
        keygen(&["softsign", "keygen", "-t", "consensus"], &home.consensus_key());
        keygen(&["softsign", "keygen"], &home.dir.join("secrets/kms-identity.key"));
        let config = format!(
            r#"[[chain]]
id = "{chain_id}"
key_format = {{ type = "hex" }}
state_file = "{home}/state/{chain_id}-consensus.json"

[[providers.softsign]]
chain_ids = ["{chain_id}"]
key_type = "consensus"
path = "{home}/secrets/consensus.key"

[[validator]]
chain_id = "{chain_id}"
addr = "{validator_addr}"
secret_key = "{home}/secrets/kms-identity.key"
protocol_version = "v0.38"
reconnect = true
"#,
            home = dir.display()
        );
        std::fs::write(home.config(), config).expect("write tmkms.toml");
        home
    }

    pub fn config(&self) -> PathBuf {
        self.dir.join("tmkms.toml")
    }

    pub fn consensus_key(&self) -> PathBuf {
        self.dir.join("secrets/consensus.key")
    }

    /// The consensus key's ed25519 seed, read the way tmkms's softsign provider reads the
    /// file: base64 with trailing whitespace trimmed, 32 bytes. (A test-only shortcut: the
    /// runner learns the public key from tmkms over privval.)
    pub fn consensus_seed(&self) -> [u8; 32] {
        let text = std::fs::read_to_string(self.consensus_key()).expect("read the consensus key");
        B64.decode(text.trim_end()).expect("base64 consensus key").try_into().expect("a 32-byte seed")
    }
}

fn keygen(args: &[&str], path: &Path) {
    let out = Command::new(crate::binary("tmkms")).args(args).arg(path).output().expect("run tmkms");
    assert!(out.status.success(), "tmkms {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}
