//! A testnet as data: the validators, where they run, the chain's timing, the genesis
//! overrides and a schedule of perturbations, in one TOML file (`harness up --spec`) or built
//! in code ([`TestnetSpec::validators`]). Every value is checked once, here, and a bad one is
//! refused with one line naming the file and the key.
//!
//! Prior art: CometBFT's e2e manifest (`test/e2e/pkg/manifest.go`) and zombienet-sdk's
//! `NetworkConfig` (a builder, TOML load and dump).
//!
//! ```
//! use harness::spec::{Backend, TestnetSpec};
//! use std::time::Duration;
//!
//! let spec = TestnetSpec::from_toml_str(
//!     "testnet.toml",
//!     r#"
//! validators = 4
//! timeout_commit = "500ms"
//!
//! [[perturb]]
//! node = "val-3"
//! fault = "kill"
//! at_height = 20
//! for = "8s"
//! "#,
//! )?;
//! assert_eq!(spec.names(), ["val-0", "val-1", "val-2", "val-3"]);
//! assert_eq!(spec.timeout_commit, Duration::from_millis(500));
//! assert_eq!(spec.perturb[0].hold, Duration::from_secs(8));
//!
//! // A node that is not in the network is refused, naming the key.
//! let bad = TestnetSpec::from_toml_str("testnet.toml", "validators = 4\n[[perturb]]\nnode = \"val-9\"\nfault = \"kill\"\nat_height = 3\nfor = \"1s\"\n");
//! assert_eq!(
//!     bad.unwrap_err().to_string(),
//!     r#"testnet.toml: perturb[0].node: no validator "val-9" (val-0..val-3)"#
//! );
//!
//! // The same network built in code, and its TOML.
//! let built = TestnetSpec::validators(4).backend(Backend::Process).timeout_commit(Duration::from_millis(500));
//! assert!(built.to_toml()?.contains("validators = 4"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::docker::hosts::DockerHost;
use crate::faults::Fault;
use crate::project::{KeyringBackend, PortPlan};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

// In the base layer (error.rs), which every layer's errors reach: the spec sits above it.
pub use crate::error::SpecError;

/// Where the validators' processes run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// Processes on this machine (loopback, or a network namespace each with `netns`).
    #[default]
    Process,
    /// Compose projects on the local engine, or on the engines the validators' `host`s name.
    Docker,
}

/// One validator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidatorSpec {
    /// Its project's name: its directory, key name and (docker) compose project.
    pub name: String,
    /// Docker backend: the machine it runs on; `None` is the local engine.
    pub host: Option<DockerHost>,
    /// Its own keyring backend, where its operator chose another than the spec's
    /// `keyring_backend` (each operator picks theirs in a real ceremony).
    pub keyring_backend: Option<KeyringBackend>,
}

/// A fault injected when the network reaches a height, held, then healed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Perturbation {
    pub node: String,
    pub fault: Fault,
    /// The height the other nodes reach before the fault is injected (at least 1).
    pub at_height: u64,
    pub hold: Duration,
}

/// A whole testnet, checked. Build it from TOML ([`TestnetSpec::from_toml_file`]) or in code
/// ([`TestnetSpec::validators`] and the setters); [`TestnetSpec::to_toml`] writes it back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestnetSpec {
    pub validators: Vec<ValidatorSpec>,
    pub backend: Backend,
    /// Process backend: each host in a network namespace of its own (needs root); the
    /// `disconnect` fault needs it.
    pub netns: bool,
    pub keyring_backend: KeyringBackend,
    pub ports: PortPlan,
    pub timeout_commit: Duration,
    /// genesis_time = the coordinator's start + this (the runner's GENESIS_DELAY).
    pub genesis_delay: Duration,
    /// JSON files merged, in order, over gonka's mainnet overrides into the coordinator's
    /// GENESIS_OVERRIDES_FILE.
    pub genesis_overrides: Vec<PathBuf>,
    pub perturb: Vec<Perturbation>,
}

/// Defaults of the flags and of the file: `harness up` with no flags is the default spec.
pub const DEFAULT_VALIDATORS: usize = 3;
pub const DEFAULT_TIMEOUT_COMMIT: Duration = Duration::from_secs(1);
pub const DEFAULT_GENESIS_DELAY: Duration = Duration::from_secs(5);

/// The file's text form: what a user writes, field for field.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecFile {
    #[serde(skip_serializing_if = "Option::is_none")]
    validators: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    backend: Option<Backend>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    netns: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    keyring_backend: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    base_port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rpc_base: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tmkms_base: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    timeout_commit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    genesis_delay: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    genesis_overrides: Vec<PathBuf>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    validator: Vec<ValidatorFile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    perturb: Vec<PerturbFile>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidatorFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    host: Option<HostFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    keyring_backend: Option<String>,
}

/// hosts.toml's `[[host]]` fields.
type HostFile = crate::docker::hosts::HostFields;

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PerturbFile {
    node: String,
    fault: String,
    at_height: i64,
    #[serde(rename = "for")]
    hold: String,
}

/// The one place a spec's duration is read.
fn duration(text: &str) -> Result<Duration, String> {
    // Go's time.ParseDuration grammar, as the runner (GENESIS_DELAY) and CometBFT's config.toml
    // read it: a duration the harness accepts is one they accept ("1 hour" is refused here).
    cosmos_formats::parse_go_duration(text.trim()).map_err(|e| e.to_string())
}

/// A duration as a spec reads it, for the CLI's flags (the caller names the flag).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    duration(text)
}

/// As the runner (GENESIS_DELAY) and CometBFT (timeout_commit) both read it: whole
/// milliseconds, one unit whatever the spec used, so the value in the logs reads the same
/// on every host.
pub fn runner_duration(d: Duration) -> String {
    format!("{}ms", d.as_millis())
}

/// How a spec shows a duration back: the largest unit that keeps it whole.
fn show_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

/// The port plan's reach: node `n - 1`'s three ports must exist.
const STRIDE: u16 = 10;

impl TestnetSpec {
    /// `count` validators named `val-0` … with every other value its default: the process
    /// backend, the spec's ports (26656 + 10 i …), timeout_commit 1s, genesis delay 5s.
    pub fn validators(count: usize) -> TestnetSpec {
        TestnetSpec {
            validators: (0..count)
                .map(|i| ValidatorSpec { name: format!("val-{i}"), host: None, keyring_backend: None })
                .collect(),
            backend: Backend::Process,
            netns: false,
            keyring_backend: KeyringBackend::Test,
            ports: PortPlan::SPEC,
            timeout_commit: DEFAULT_TIMEOUT_COMMIT,
            genesis_delay: DEFAULT_GENESIS_DELAY,
            genesis_overrides: Vec::new(),
            perturb: Vec::new(),
        }
    }

    pub fn backend(mut self, backend: Backend) -> Self {
        self.backend = backend;
        self
    }
    pub fn netns(mut self, netns: bool) -> Self {
        self.netns = netns;
        self
    }
    pub fn keyring_backend(mut self, k: KeyringBackend) -> Self {
        self.keyring_backend = k;
        self
    }
    /// P2P at `base + 10 i`, RPC at `base + 1 + 10 i`, TMKMS at `base + 2 + 10 i`.
    pub fn base_port(mut self, base: u16) -> Self {
        self.ports = PortPlan::from_base(base);
        self
    }
    pub fn ports(mut self, ports: PortPlan) -> Self {
        self.ports = ports;
        self
    }
    pub fn timeout_commit(mut self, d: Duration) -> Self {
        self.timeout_commit = d;
        self
    }
    pub fn genesis_delay(mut self, d: Duration) -> Self {
        self.genesis_delay = d;
        self
    }
    pub fn genesis_override(mut self, file: impl Into<PathBuf>) -> Self {
        self.genesis_overrides.push(file.into());
        self
    }
    /// Docker backend: validator `i` on `host` (engine + address, as hosts.toml gives it).
    pub fn host(mut self, i: usize, host: DockerHost) -> Self {
        if let Some(v) = self.validators.get_mut(i) {
            v.host = Some(host);
        }
        self
    }
    /// Validator `i` keeps its account key in `k`, whatever the spec's `keyring_backend`.
    pub fn validator_keyring(mut self, i: usize, k: KeyringBackend) -> Self {
        if let Some(v) = self.validators.get_mut(i) {
            v.keyring_backend = Some(k);
        }
        self
    }
    /// The keyring backend of each validator that has its own, by name.
    pub fn keyrings(&self) -> BTreeMap<String, KeyringBackend> {
        self.validators.iter().filter_map(|v| Some((v.name.clone(), v.keyring_backend?))).collect()
    }
    pub fn perturb(mut self, node: &str, fault: Fault, at_height: u64, hold: Duration) -> Self {
        self.perturb.push(Perturbation { node: node.to_string(), fault, at_height, hold });
        self
    }

    pub fn names(&self) -> Vec<&str> {
        self.validators.iter().map(|v| v.name.as_str()).collect()
    }

    /// Index of the validator `name`.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.validators.iter().position(|v| v.name == name)
    }

    /// Every validator's host when all have one (the docker backend on several engines).
    pub fn hosts(&self) -> Option<Vec<DockerHost>> {
        self.validators.iter().map(|v| v.host.clone()).collect()
    }

    /// Reads and checks `path`; errors name it as given.
    pub fn from_toml_file(path: &Path) -> Result<TestnetSpec, SpecError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| SpecError::Read { file: file.clone(), reason: format!("cannot read: {e}") })?;
        let spec = Self::from_toml_str(&file, &text)?;
        // Relative override paths are the file's neighbours, wherever `harness` runs.
        let dir = path.parent().unwrap_or(Path::new(""));
        let spec =
            TestnetSpec { genesis_overrides: spec.genesis_overrides.iter().map(|p| dir.join(p)).collect(), ..spec };
        spec.check_overrides(&file)?;
        Ok(spec)
    }

    /// Parses and checks `text`; `file` names it in errors. Override files are not read here
    /// (see [`TestnetSpec::check`]).
    pub fn from_toml_str(file: &str, text: &str) -> Result<TestnetSpec, SpecError> {
        let raw: SpecFile = serde_path_to_error::deserialize(toml::Deserializer::new(text)).map_err(|e| {
            let key = e.path().to_string();
            let inner = e.into_inner();
            let mut reason = inner.message().to_string();
            if let Some(span) = inner.span() {
                let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                reason = format!("line {line}: {reason}");
            }
            if key.is_empty() || key == "." {
                SpecError::Read { file: file.to_string(), reason }
            } else {
                SpecError::Key { file: file.to_string(), key, reason }
            }
        })?;
        Self::from_file_form(file, raw)
    }

    fn from_file_form(file: &str, raw: SpecFile) -> Result<TestnetSpec, SpecError> {
        let bad = |key: &str, reason: String| SpecError::Key { file: file.to_string(), key: key.to_string(), reason };
        let count = match (raw.validators, raw.validator.len()) {
            (Some(_), n) if n > 0 => {
                return Err(bad("validators", "give a count or [[validator]] tables, not both".into()));
            }
            (Some(n), _) if n < 1 => return Err(bad("validators", format!("{n}: at least 1"))),
            (Some(n), _) => usize::try_from(n).map_err(|_| bad("validators", format!("{n}: too many")))?,
            (None, 0) => DEFAULT_VALIDATORS,
            (None, n) => n,
        };
        if count > usize::from(u16::MAX) {
            return Err(bad("validators", format!("{count}: too many")));
        }
        let mut spec = TestnetSpec::validators(count);
        spec.backend = raw.backend.unwrap_or_default();
        spec.netns = raw.netns.unwrap_or(false);
        let keyring = |key: &str, k: &str| match k {
            "test" => Ok(KeyringBackend::Test),
            "file" => Ok(KeyringBackend::File),
            other => Err(bad(key, format!("{other:?}: use test or file"))),
        };
        if let Some(k) = raw.keyring_backend {
            spec.keyring_backend = keyring("keyring_backend", &k)?;
        }
        for (i, v) in raw.validator.iter().enumerate() {
            let at = |key: &str| format!("validator[{i}].{key}");
            if let Some(name) = &v.name {
                let ok = !name.is_empty()
                    && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !name.starts_with('-');
                if !ok {
                    // It names a directory, a key and a compose project.
                    return Err(bad(&at("name"), format!("{name:?}: use lowercase letters, digits and -")));
                }
                if spec.validators[..i].iter().any(|o| &o.name == name) {
                    return Err(bad(&at("name"), format!("{name:?} is given twice")));
                }
                spec.validators[i].name = name.clone();
            }
            if let Some(k) = &v.keyring_backend {
                spec.validators[i].keyring_backend = Some(keyring(&at("keyring_backend"), k)?);
            }
            if let Some(h) = &v.host {
                if spec.backend != Backend::Docker {
                    return Err(bad(&at("host"), "only the docker backend runs validators on other engines".into()));
                }
                // `file` is the spec's path as given (from_toml_file): a relative cert_path is
                // its neighbour, as override files are.
                let dir = Path::new(file).parent().unwrap_or(Path::new(""));
                let host = h.parse(dir).map_err(|(key, reason)| bad(&at(&format!("host.{key}")), reason))?;
                spec.validators[i].host = Some(host);
            }
        }
        // A name that clashes with a default one further on (`val-2` given to validator 0).
        for (i, v) in spec.validators.iter().enumerate() {
            if spec.validators[..i].iter().any(|o| o.name == v.name) {
                return Err(bad(&format!("validator[{i}].name"), format!("{:?} is given twice", v.name)));
            }
        }
        let placed = spec.validators.iter().filter(|v| v.host.is_some()).count();
        if placed != 0 && placed != count {
            return Err(bad("validator", format!("{placed} of {count} validators have a host: give each one or none")));
        }
        let port = |key: &str, v: Option<i64>, default: i64| -> Result<u16, SpecError> {
            let v = v.unwrap_or(default);
            let last = v + i64::from(STRIDE) * (count as i64 - 1);
            if !(1..=i64::from(u16::MAX)).contains(&v) || last > i64::from(u16::MAX) {
                return Err(bad(key, format!("{v} + 10*({count}-1) = {last} is not a port (1..65535)")));
            }
            u16::try_from(v).map_err(|_| bad(key, format!("{v} is not a port")))
        };
        let base = port("base_port", raw.base_port, i64::from(PortPlan::SPEC.p2p_base))?;
        spec.ports = PortPlan {
            p2p_base: base,
            rpc_base: port("rpc_base", raw.rpc_base, i64::from(base) + 1)?,
            tmkms_base: port("tmkms_base", raw.tmkms_base, i64::from(base) + 2)?,
            stride: STRIDE,
        };
        let positive = |key: &str, text: Option<&str>, default: Duration| -> Result<Duration, SpecError> {
            let Some(text) = text else { return Ok(default) };
            let d = duration(text).map_err(|e| bad(key, e))?;
            if d.is_zero() {
                return Err(bad(key, format!("{text:?}: must be positive")));
            }
            Ok(d)
        };
        spec.timeout_commit = positive("timeout_commit", raw.timeout_commit.as_deref(), DEFAULT_TIMEOUT_COMMIT)?;
        spec.genesis_delay = positive("genesis_delay", raw.genesis_delay.as_deref(), DEFAULT_GENESIS_DELAY)?;
        spec.genesis_overrides = raw.genesis_overrides;
        for (i, p) in raw.perturb.iter().enumerate() {
            let key = |k: &str| format!("perturb[{i}].{k}");
            if spec.index_of(&p.node).is_none() {
                let range = match spec.validators.as_slice() {
                    [one] => one.name.clone(),
                    [first, .., last] => format!("{}..{}", first.name, last.name),
                    [] => String::new(),
                };
                return Err(bad(&key("node"), format!("no validator {:?} ({range})", p.node)));
            }
            let fault: Fault = p.fault.parse().map_err(|e| bad(&key("fault"), e))?;
            let at_height = u64::try_from(p.at_height)
                .ok()
                .filter(|h| *h >= 1)
                .ok_or_else(|| bad(&key("at_height"), format!("{}: at least 1 (the first block)", p.at_height)))?;
            let hold = duration(&p.hold).map_err(|e| bad(&key("for"), e))?;
            spec.perturb.push(Perturbation { node: p.node.clone(), fault, at_height, hold });
        }
        spec.check(file)?;
        Ok(spec)
    }

    /// The rules between keys, for a spec from a file or from the builder: the backend's
    /// fields, ports in range, faults the backend can inject, nodes in the network.
    pub fn check(&self, file: &str) -> Result<(), SpecError> {
        let bad = |key: &str, reason: String| SpecError::Key { file: file.to_string(), key: key.to_string(), reason };
        let n = self.validators.len();
        if n == 0 {
            return Err(bad("validators", "0: at least 1".into()));
        }
        if n > usize::from(u16::MAX) {
            return Err(bad("validators", format!("{n}: too many")));
        }
        for (key, base) in [
            ("base_port", self.ports.p2p_base),
            ("rpc_base", self.ports.rpc_base),
            ("tmkms_base", self.ports.tmkms_base),
        ] {
            let last = u64::from(base) + u64::from(self.ports.stride) * (n as u64 - 1);
            if base == 0 || last > u64::from(u16::MAX) {
                return Err(bad(key, format!("{base} + 10*({n}-1) = {last} is not a port (1..65535)")));
            }
        }
        if self.netns && self.backend == Backend::Docker {
            return Err(bad(
                "netns",
                "the docker backend's containers have network namespaces already (a validator's host puts them on other machines)"
                    .into(),
            ));
        }
        let placed = self.validators.iter().filter(|v| v.host.is_some()).count();
        if placed != 0 && self.backend != Backend::Docker {
            return Err(bad("validator", "a host: only the docker backend runs validators on other engines".into()));
        }
        if placed != 0 && placed != n {
            return Err(bad("validator", format!("{placed} of {n} validators have a host: give each one or none")));
        }
        if self.timeout_commit.is_zero() {
            return Err(bad("timeout_commit", "must be positive".into()));
        }
        if self.genesis_delay.is_zero() {
            return Err(bad("genesis_delay", "must be positive".into()));
        }
        for (i, p) in self.perturb.iter().enumerate() {
            if self.index_of(&p.node).is_none() {
                return Err(bad(&format!("perturb[{i}].node"), format!("no validator {:?}", p.node)));
            }
            if p.at_height == 0 {
                return Err(bad(&format!("perturb[{i}].at_height"), "0: at least 1 (the first block)".into()));
            }
            if p.fault == Fault::Disconnect && self.backend == Backend::Process && !self.netns {
                return Err(bad(
                    &format!("perturb[{i}].fault"),
                    "disconnect on the process backend needs netns = true (each host on a link of its own)".into(),
                ));
            }
        }
        Ok(())
    }

    /// Each override file exists and is a JSON object (read again when the network starts).
    fn check_overrides(&self, file: &str) -> Result<(), SpecError> {
        for (i, path) in self.genesis_overrides.iter().enumerate() {
            overrides_value(path).map_err(|reason| SpecError::Key {
                file: file.to_string(),
                key: format!("genesis_overrides[{i}]"),
                reason,
            })?;
        }
        Ok(())
    }

    /// The coordinator's GENESIS_OVERRIDES_FILE: gonka's mainnet overrides with each of the
    /// spec's files merged over them, in order (objects merge key by key; anything else
    /// replaces).
    pub fn merged_overrides(&self) -> Result<String, SpecError> {
        let mut doc: serde_json::Value = serde_json::from_str(crate::runbook::MAINNET_OVERRIDES)
            .map_err(|e| SpecError::Read { file: "mainnet genesis-overrides.json".into(), reason: e.to_string() })?;
        for (i, path) in self.genesis_overrides.iter().enumerate() {
            let over = overrides_value(path).map_err(|reason| SpecError::Key {
                file: "spec".into(),
                key: format!("genesis_overrides[{i}]"),
                reason,
            })?;
            merge(&mut doc, over);
        }
        Ok(doc.to_string())
    }

    /// The spec as a file [`TestnetSpec::from_toml_str`] reads back the same.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        let named = self
            .validators
            .iter()
            .enumerate()
            .any(|(i, v)| v.name != format!("val-{i}") || v.host.is_some() || v.keyring_backend.is_some());
        let default_ports = PortPlan::from_base(self.ports.p2p_base);
        let raw = SpecFile {
            validators: (!named).then_some(self.validators.len() as i64),
            backend: Some(self.backend),
            netns: self.netns.then_some(true),
            keyring_backend: Some(self.keyring_backend.as_str().to_string()),
            base_port: Some(i64::from(self.ports.p2p_base)),
            rpc_base: (self.ports.rpc_base != default_ports.rpc_base).then_some(i64::from(self.ports.rpc_base)),
            tmkms_base: (self.ports.tmkms_base != default_ports.tmkms_base).then_some(i64::from(self.ports.tmkms_base)),
            timeout_commit: Some(show_duration(self.timeout_commit)),
            genesis_delay: Some(show_duration(self.genesis_delay)),
            genesis_overrides: self.genesis_overrides.clone(),
            validator: if named {
                self.validators
                    .iter()
                    .map(|v| ValidatorFile {
                        name: Some(v.name.clone()),
                        host: v.host.as_ref().map(HostFile::from),
                        keyring_backend: v.keyring_backend.map(|k| k.as_str().to_string()),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            perturb: self
                .perturb
                .iter()
                .map(|p| PerturbFile {
                    node: p.node.clone(),
                    fault: p.fault.to_string(),
                    at_height: i64::try_from(p.at_height).unwrap_or(i64::MAX),
                    hold: show_duration(p.hold),
                })
                .collect(),
        };
        toml::to_string(&raw)
    }
}

fn overrides_value(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
    if !v.is_object() {
        return Err(format!("{}: not a JSON object", path.display()));
    }
    Ok(v)
}

fn merge(into: &mut serde_json::Value, over: serde_json::Value) {
    match (into, over) {
        (serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        a.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docker::hosts::EngineEndpoint;

    fn refused(text: &str) -> String {
        match TestnetSpec::from_toml_str("t.toml", text) {
            Ok(s) => panic!("accepted: {s:?}"),
            Err(e) => e.to_string(),
        }
    }

    const KILL: &str = "[[perturb]]\nnode = \"val-3\"\nfault = \"kill\"\nat_height = 20\nfor = \"8s\"\n";

    #[test]
    fn defaults_are_the_flags_defaults() {
        let s = TestnetSpec::from_toml_str("t.toml", "").unwrap();
        assert_eq!(s, TestnetSpec::validators(3));
        assert_eq!(s.ports, PortPlan::SPEC);
    }

    #[test]
    fn a_full_spec_reads_every_key() {
        let s = TestnetSpec::from_toml_str(
            "t.toml",
            &format!(
                "validators = 4\nbase_port = 30000\ntmkms_base = 40000\ntimeout_commit = \"250ms\"\n\
                 genesis_delay = \"2s\"\nkeyring_backend = \"file\"\n{KILL}"
            ),
        )
        .unwrap();
        assert_eq!(s.ports, PortPlan { p2p_base: 30000, rpc_base: 30001, tmkms_base: 40000, stride: 10 });
        assert_eq!(s.timeout_commit, Duration::from_millis(250));
        assert_eq!(s.genesis_delay, Duration::from_secs(2));
        assert_eq!(s.keyring_backend, KeyringBackend::File);
        assert_eq!(
            s.perturb,
            [Perturbation { node: "val-3".into(), fault: Fault::Kill, at_height: 20, hold: Duration::from_secs(8) }]
        );
    }

    #[test]
    fn load_dump_load_is_the_same_spec() {
        let specs = [
            TestnetSpec::validators(4).base_port(31000).timeout_commit(Duration::from_millis(100)).perturb(
                "val-1",
                Fault::Pause,
                5,
                Duration::from_millis(1500),
            ),
            TestnetSpec::validators(2)
                .backend(Backend::Docker)
                .host(0, DockerHost::new(EngineEndpoint::Tcp("10.0.0.1:2375".into()), "10.0.0.1".parse().unwrap())),
        ];
        for spec in specs {
            let spec = if spec.backend == Backend::Docker {
                spec.host(
                    1,
                    DockerHost {
                        local: false,
                        ..DockerHost::new(EngineEndpoint::Unix("/run/docker.sock".into()), "10.0.0.2".parse().unwrap())
                    },
                )
            } else {
                spec
            };
            let text = spec.to_toml().unwrap();
            assert_eq!(TestnetSpec::from_toml_str("t.toml", &text).unwrap(), spec, "{text}");
        }
    }

    #[test]
    fn validator_tables_name_and_place_validators() {
        let s = TestnetSpec::from_toml_str(
            "t.toml",
            "backend = \"docker\"\n[[validator]]\nname = \"alice\"\nhost = { engine = \"tcp://10.0.0.1:2375\", address = \"10.0.0.1\" }\n\
             [[validator]]\nname = \"bob\"\nhost = { engine = \"unix:///run/b.sock\", address = \"10.0.0.2\" }\n\
             [[validator]]\nname = \"carol\"\nhost = { engine = \"ssh://root@m2\", address = \"10.0.0.3\" }\n",
        )
        .unwrap();
        assert_eq!(s.names(), ["alice", "bob", "carol"]);
        let hosts = s.hosts().unwrap();
        assert_eq!(hosts[1].engine, EngineEndpoint::Unix("/run/b.sock".into()));
        assert_eq!(hosts[2].engine.uri(), "ssh://root@m2");
        assert!(!hosts[2].local, "an ssh:// engine is another machine's");
    }

    #[test]
    fn a_validators_host_may_reach_its_engine_with_tls_material_beside_the_spec() {
        let dir = tempfile::tempdir().unwrap();
        let certs = dir.path().join("certs/m0");
        std::fs::create_dir_all(&certs).unwrap();
        for f in crate::docker::hosts::CERT_FILES {
            std::fs::write(certs.join(f), "").unwrap();
        }
        let spec = dir.path().join("t.toml");
        let text = |cert_path: &str| {
            format!(
                "backend = \"docker\"\n[[validator]]\n\
                 host = {{ engine = \"tcp://10.0.0.1:2376\", address = \"10.0.0.1\", cert_path = \"{cert_path}\" }}\n"
            )
        };
        std::fs::write(&spec, text("certs/m0")).unwrap();
        let s = TestnetSpec::from_toml_file(&spec).unwrap_or_else(|e| panic!("{e}"));
        let tls = EngineEndpoint::Tls { addr: "10.0.0.1:2376".into(), certs: certs.clone() };
        assert_eq!(s.hosts().unwrap()[0].engine, tls);
        // Written with its directory, and read back the same.
        let dumped = s.to_toml().unwrap();
        assert_eq!(TestnetSpec::from_toml_str("t.toml", &dumped).unwrap(), s, "{dumped}");

        std::fs::remove_file(certs.join("cert.pem")).unwrap();
        let e = TestnetSpec::from_toml_file(&spec).unwrap_err().to_string();
        let want = format!("validator[0].host.cert_path: {}: no cert.pem", certs.display());
        assert!(e.contains(&want) && !e.contains('\n'), "{e}\n  wanted: {want}");
        std::fs::write(&spec, text("certs/m0").replace("tcp://10.0.0.1:2376", "unix:///run/d.sock")).unwrap();
        let e = TestnetSpec::from_toml_file(&spec).unwrap_err().to_string();
        assert!(e.contains("validator[0].host.cert_path: needs a tcp:// engine"), "{e}");
    }

    #[test]
    fn a_validator_table_gives_that_validator_its_own_keyring() {
        let s = TestnetSpec::from_toml_str(
            "t.toml",
            "keyring_backend = \"test\"\n[[validator]]\n[[validator]]\nkeyring_backend = \"file\"\n",
        )
        .unwrap();
        assert_eq!(s.keyring_backend, KeyringBackend::Test);
        assert_eq!(s.keyrings(), BTreeMap::from([("val-1".to_string(), KeyringBackend::File)]));
        let built = TestnetSpec::validators(3).validator_keyring(2, KeyringBackend::File);
        assert_eq!(TestnetSpec::from_toml_str("t.toml", &built.to_toml().unwrap()).unwrap(), built);
        assert_eq!(
            refused("[[validator]]\nkeyring_backend = \"os\"\n"),
            "t.toml: validator[0].keyring_backend: \"os\": use test or file"
        );
    }

    #[test]
    fn bad_specs_are_refused_in_one_line_naming_the_key() {
        let cases = [
            ("validators = 3\nvalidatorz = 4\n", "t.toml: validatorz: line 2: unknown field `validatorz`"),
            (&format!("validators = 3\n{KILL}"), "t.toml: perturb[0].node: no validator \"val-3\" (val-0..val-2)"),
            ("validators = 0\n", "t.toml: validators: 0: at least 1"),
            ("timeout_commit = \"fast\"\n", "t.toml: timeout_commit: invalid duration \"fast\""),
            ("timeout_commit = \"0s\"\n", "t.toml: timeout_commit: \"0s\": must be positive"),
            (
                &KILL.replace("8s", "8 parsecs").replace("val-3", "val-0"),
                "t.toml: perturb[0].for: unknown unit",
            ),
            ("validators = 4\nbase_port = 65510\n", "t.toml: base_port: 65510 + 10*(4-1) = 65540 is not a port"),
            ("validators = 4\nbase_port = 65504\n", "t.toml: tmkms_base: 65506 + 10*(4-1) = 65536 is not a port"),
            (&KILL.replace("20", "0").replace("val-3", "val-0"), "t.toml: perturb[0].at_height: 0: at least 1"),
            (&KILL.replace("kill", "explode").replace("val-3", "val-0"), "t.toml: perturb[0].fault: unknown fault"),
            (
                "[[validator]]\nhost = { engine = \"tcp://10.0.0.1:2375\", address = \"10.0.0.1\" }\n",
                "t.toml: validator[0].host: only the docker backend",
            ),
            ("netns = true\nbackend = \"docker\"\n", "t.toml: netns: the docker backend's containers"),
            (
                &KILL.replace("kill", "disconnect").replace("val-3", "val-0"),
                "t.toml: perturb[0].fault: disconnect on the process backend needs netns = true",
            ),
            ("[[validator]]\nname = \"val-1\"\n[[validator]]\n", "t.toml: validator[1].name: \"val-1\" is given twice"),
            ("[[validator]]\nname = \"Val 1\"\n", "t.toml: validator[0].name: \"Val 1\": use lowercase"),
            (
                "backend = \"docker\"\n[[validator]]\nhost = { engine = \"ssh://m/x\", address = \"10.0.0.1\" }\n",
                "t.toml: validator[0].host.engine: engine \"ssh://m/x\": an ssh:// engine has no path",
            ),
            (
                "backend = \"docker\"\n[[validator]]\nhost = { engine = \"tcp://m:1\", address = \"127.0.0.1\" }\n",
                "t.toml: validator[0].host.address: 127.0.0.1 cannot be reached",
            ),
            (
                "backend = \"docker\"\n[[validator]]\nhost = { engine = \"tcp://m:1\", address = \"10.0.0.1\" }\n[[validator]]\n",
                "t.toml: validator: 1 of 2 validators have a host",
            ),
            ("validators = 2\n[[validator]]\n", "t.toml: validators: give a count or [[validator]] tables"),
            ("[[perturb]]\nnode = \"val-0\"\nfault = \"kill\"\nat_height = 1\nfor = \"1s\"\nwhen = 3\n", "t.toml: perturb[0].when: line 6: unknown field `when`"),
            ("backend = \"kubernetes\"\n", "t.toml: backend: line 1: unknown variant `kubernetes`"),
            ("keyring_backend = \"os\"\n", "t.toml: keyring_backend: \"os\": use test or file"),
        ];
        for (text, want) in cases {
            let got = refused(text);
            assert!(got.starts_with(want), "{text:?}\n got: {got}\nwant: {want}…");
            assert!(!got.contains('\n'), "not one line: {got}");
        }
    }

    #[test]
    fn overrides_merge_over_mainnet_and_a_bad_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("o.json"), r#"{"app_state":{"x":{"y":7}}}"#).unwrap();
        std::fs::write(dir.path().join("list.json"), "[1]").unwrap();
        let spec = dir.path().join("t.toml");
        std::fs::write(&spec, "genesis_overrides = [\"o.json\"]\n").unwrap();
        let s = TestnetSpec::from_toml_file(&spec).unwrap();
        let merged: serde_json::Value = serde_json::from_str(&s.merged_overrides().unwrap()).unwrap();
        assert_eq!(merged.pointer("/app_state/x/y"), Some(&serde_json::json!(7)));
        let mainnet: serde_json::Value = serde_json::from_str(crate::runbook::MAINNET_OVERRIDES).unwrap();
        let mainnet_keys = mainnet.as_object().unwrap().keys().count();
        assert!(merged.as_object().unwrap().keys().count() >= mainnet_keys);

        std::fs::write(&spec, "genesis_overrides = [\"list.json\"]\n").unwrap();
        let e = TestnetSpec::from_toml_file(&spec).unwrap_err().to_string();
        assert!(e.contains("genesis_overrides[0]: ") && e.ends_with("not a JSON object"), "{e}");
        std::fs::write(&spec, "genesis_overrides = [\"absent.json\"]\n").unwrap();
        let e = TestnetSpec::from_toml_file(&spec).unwrap_err().to_string();
        assert!(e.contains("genesis_overrides[0]: ") && e.contains("cannot read"), "{e}");
    }

    #[test]
    fn the_runner_reads_every_duration_the_spec_accepts() {
        for text in ["1h", "1m30s", "250ms", "5s"] {
            let d = duration(text).unwrap();
            let shown = runner_duration(d);
            assert_eq!(runner::config::parse_duration("GENESIS_DELAY", &shown).unwrap(), d, "{text}");
        }
    }
}
