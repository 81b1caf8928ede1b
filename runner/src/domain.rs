//! The runner's domain values, each parsed once from its raw form: the stage and role, a
//! validator's index and key name, its ports, the keyring backend, addresses, homes, its public
//! URL and genesis time. Nothing here reads the environment or the disk; the configuration
//! ([`crate::config`]) and the artifact code (layout, manifest, paths, peers) build on these.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{var}: {reason}")]
pub struct ConfigError {
    pub var: &'static str,
    pub reason: String,
}

pub(crate) fn bad(var: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError { var, reason: reason.into() }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Keygen,
    IntermediateGenesis,
    Gentx,
    Start,
    Restart,
}

impl Stage {
    pub const ALL: [Stage; 5] = [Stage::Keygen, Stage::IntermediateGenesis, Stage::Gentx, Stage::Start, Stage::Restart];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Keygen => "keygen",
            Stage::IntermediateGenesis => "intermediate_genesis",
            Stage::Gentx => "gentx",
            Stage::Start => "start",
            Stage::Restart => "restart",
        }
    }
}

impl FromStr for Stage {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s).ok_or_else(|| {
            format!("unknown stage {s:?} (expected keygen | intermediate_genesis | gentx | start | restart)")
        })
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Coordinator,
    Validator,
}

impl Role {
    pub fn of_index(index: GenesisIndex) -> Role {
        if index.0 == 0 {
            Role::Coordinator
        } else {
            Role::Validator
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
            Role::Validator => "validator",
        }
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "coordinator" => Ok(Role::Coordinator),
            "validator" => Ok(Role::Validator),
            _ => Err(format!("unknown role {s:?} (expected coordinator | validator)")),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `GENESIS_INDEX`: 0 is the coordinator; ports derive from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct GenesisIndex(pub u32);

impl FromStr for GenesisIndex {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{s:?} is not a non-negative integer"));
        }
        s.parse::<u32>().map(GenesisIndex).map_err(|_| format!("{s} is too large"))
    }
}

/// A key alias: also the moniker and a file name in the artifacts, hence the narrow alphabet.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyName(String);

impl KeyName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for KeyName {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s.is_empty() {
            return Err("empty".into());
        }
        if s.len() > 64 {
            return Err(format!("{s:?} is longer than 64 characters"));
        }
        if s.starts_with('.') {
            return Err(format!("{s:?} starts with a dot"));
        }
        if let Some(c) = s.chars().find(|c| !(c.is_ascii_alphanumeric() || "._-".contains(*c))) {
            return Err(format!("{s:?} contains {c:?}; only [A-Za-z0-9._-] is allowed"));
        }
        Ok(KeyName(s.to_string()))
    }
}

impl fmt::Display for KeyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The three ports of one node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ports {
    pub p2p: u16,
    pub rpc: u16,
    pub tmkms: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortScheme {
    pub p2p_base: u16,
    pub rpc_base: u16,
    pub tmkms_base: u16,
    pub stride: u16,
}

impl PortScheme {
    /// `PORT = BASE + STRIDE * INDEX` for each of the three; every port must fit and differ.
    pub fn derive(&self, index: GenesisIndex) -> Result<Ports, ConfigError> {
        let one = |var: &'static str, base: u16| -> Result<u16, ConfigError> {
            let port = u64::from(base) + u64::from(self.stride) * u64::from(index.0);
            u16::try_from(port).ok().filter(|p| *p != 0).ok_or_else(|| {
                bad(
                    "GENESIS_INDEX",
                    format!("{var} = {base} + {} * {} = {port} is not a port (1-65535)", self.stride, index.0),
                )
            })
        };
        let ports = Ports {
            p2p: one("P2P_PORT", self.p2p_base)?,
            rpc: one("RPC_PORT", self.rpc_base)?,
            tmkms: one("TMKMS_PORT", self.tmkms_base)?,
        };
        if ports.p2p == ports.rpc || ports.p2p == ports.tmkms || ports.rpc == ports.tmkms {
            return Err(bad(
                "P2P_BASE",
                format!(
                    "derived ports collide (P2P_PORT {}, RPC_PORT {}, TMKMS_PORT {}); use distinct bases",
                    ports.p2p, ports.rpc, ports.tmkms
                ),
            ));
        }
        Ok(ports)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyringBackend {
    Test,
    File,
}

impl KeyringBackend {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyringBackend::Test => "test",
            KeyringBackend::File => "file",
        }
    }
}

/// `host:port` of a `tcp://host:port` address (`P2P_EXTERNAL_ADDRESS`, a peer).
pub use cosmos_formats::HostPort;

/// Where the four homes live; overlap rules are checked at construction.
#[derive(Clone, Debug)]
pub struct Homes {
    pub node: PathBuf,
    pub keyring: PathBuf,
    pub tmkms: PathBuf,
    pub artifacts: PathBuf,
}

impl Homes {
    /// One host's four homes side by side under `root` (`node-home/`, `keyring/`, `tmkms/`,
    /// `artifacts/`): the layout the harness gives every project and the runner's tests every
    /// host. Disjoint by construction, so the rules of `paths::homes` hold.
    pub fn under(root: &std::path::Path) -> Homes {
        Homes {
            node: root.join("node-home"),
            keyring: root.join("keyring"),
            tmkms: root.join("tmkms"),
            artifacts: root.join("artifacts"),
        }
    }
}

/// The participant URL the chain stores: absolute http(s) with a host (`MsgSubmitNewParticipant`'s
/// ValidateBasic in gonka's `x/inference`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl(String);

impl PublicUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for PublicUrl {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        cosmos_formats::genparticipant::validate_url(s).map(|()| PublicUrl(s.to_string()))
    }
}

/// When the chain starts: fixed, or the coordinator's start + a delay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenesisTime {
    At(time::OffsetDateTime),
    After(Duration),
}

impl GenesisTime {
    pub fn resolve(self, now: time::OffsetDateTime) -> time::OffsetDateTime {
        match self {
            GenesisTime::At(t) => t,
            GenesisTime::After(d) => now + d,
        }
    }
}
