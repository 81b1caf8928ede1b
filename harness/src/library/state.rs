//! What `harness up` leaves for the other commands: its state file (`<work>/harness.json`:
//! who runs the network and what `down` must clean) and the control protocol `harness
//! perturb` speaks to it over `<work>/control.sock`.

use crate::faults::Fault;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("{path}: no running network (start one with `harness up`): {reason}")]
    Missing { path: String, reason: String },
    #[error("{path}: {reason}")]
    Bad { path: String, reason: String },
}

/// `<work>/harness.json`. Only `harness_pid` is required: `down` must stop an `up` whose state
/// holds no more (one killed before it wrote the rest, or an older harness's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpState {
    #[serde(default)]
    pub validators: usize,
    #[serde(default = "spec_p2p")]
    pub p2p_base: u16,
    #[serde(default = "spec_rpc")]
    pub rpc_base: u16,
    #[serde(default = "spec_tmkms")]
    pub tmkms_base: u16,
    pub harness_pid: u32,
    /// With the pid, names the `up` process: `harness down` signals nothing a reused pid names.
    #[serde(default)]
    pub harness_start: Option<u64>,
    #[serde(default)]
    pub docker_run: Option<String>,
    /// Where each node is reached (its project's host address).
    #[serde(default)]
    pub hosts: Vec<String>,
    /// What `harness down` cleans when `up` is gone: each engine's containers.
    #[serde(default)]
    pub engines: Vec<String>,
    /// A TLS engine's `cert_path`, by its entry in `engines` (`down` reaches it as `up` did).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub engine_certs: std::collections::BTreeMap<String, PathBuf>,
    /// The process groups of the run, once every service started.
    #[serde(default)]
    pub pids: Vec<u32>,
}

fn spec_p2p() -> u16 {
    crate::project::PortPlan::SPEC.p2p_base
}
fn spec_rpc() -> u16 {
    crate::project::PortPlan::SPEC.rpc_base
}
fn spec_tmkms() -> u16 {
    crate::project::PortPlan::SPEC.tmkms_base
}

impl UpState {
    pub fn path(work: &Path) -> PathBuf {
        work.join("harness.json")
    }

    pub fn read(work: &Path) -> Result<UpState, StateError> {
        let path = Self::path(work);
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| StateError::Missing { path: shown.clone(), reason: e.to_string() })?;
        serde_json::from_str(&text).map_err(|e| StateError::Bad { path: shown, reason: e.to_string() })
    }

    /// Written whole or not at all: `down` and `status` may read it at any moment.
    pub fn write(&self, work: &Path) -> Result<(), StateError> {
        let path = Self::path(work);
        let bad = |reason: String| StateError::Bad { path: path.display().to_string(), reason };
        let text = serde_json::to_string_pretty(self).map_err(|e| bad(e.to_string()))?;
        cosmos_formats::files::write_atomic(&path, text.as_bytes(), cosmos_formats::files::Mode::Public)
            .map_err(|e| bad(e.to_string()))
    }
}

/// One request per connection, a JSON line; the answer is text whose last line is `OK` or
/// `ERROR: <reason>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlRequest {
    pub node: String,
    #[serde(with = "fault_name")]
    pub fault: Fault,
    pub hold_ms: u64,
}

/// The answer's body and whether it succeeded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ControlAnswer {
    Ok(String),
    Error(String),
}

impl ControlAnswer {
    /// As written on the socket.
    pub fn render(&self) -> String {
        match self {
            ControlAnswer::Ok(body) => format!("{body}OK\n"),
            ControlAnswer::Error(e) => format!("ERROR: {e}\n"),
        }
    }

    /// The other end's reading: the body before the last line, and that line's verdict.
    pub fn parse(text: &str) -> (String, ControlAnswer) {
        let text = text.trim_end();
        let (body, last) = text.rsplit_once('\n').unwrap_or(("", text));
        match last {
            "OK" => (body.to_string(), ControlAnswer::Ok(body.to_string())),
            other => (body.to_string(), ControlAnswer::Error(other.trim_start_matches("ERROR: ").to_string())),
        }
    }
}

/// A fault by its CLI name (`kill`, `kill-signer`, …), as `harness perturb` takes it.
mod fault_name {
    use crate::faults::Fault;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(f: &Fault, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&f.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Fault, D::Error> {
        let name = String::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_round_trips_and_an_unknown_fault_is_refused() {
        let r = ControlRequest { node: "val-2".into(), fault: Fault::KillSigner, hold_ms: 1500 };
        let line = serde_json::to_string(&r).unwrap();
        assert_eq!(line, r#"{"node":"val-2","fault":"kill-signer","hold_ms":1500}"#);
        assert_eq!(serde_json::from_str::<ControlRequest>(&line).unwrap(), r);
        let e = serde_json::from_str::<ControlRequest>(r#"{"node":"val-2","fault":"melt","hold_ms":1}"#).unwrap_err();
        assert!(e.to_string().contains("unknown fault \"melt\""), "{e}");
        assert!(serde_json::from_str::<ControlRequest>(r#"{"node":"val-2","fault":"kill"}"#).is_err());
    }

    #[test]
    fn answers_read_back_as_written() {
        let ok = ControlAnswer::Ok("evidence\nmore\n".into());
        assert_eq!(ControlAnswer::parse(&ok.render()).1, ControlAnswer::Ok("evidence\nmore".into()));
        let err = ControlAnswer::Error("no node \"val-9\"".into());
        assert_eq!(ControlAnswer::parse(&err.render()).1, err);
    }

    #[test]
    fn the_state_file_is_written_and_read_and_a_missing_one_says_so() {
        let dir = tempfile::tempdir().unwrap();
        assert!(UpState::read(dir.path()).unwrap_err().to_string().contains("no running network"));
        let s = UpState {
            validators: 3,
            p2p_base: 26656,
            rpc_base: 26657,
            tmkms_base: 26658,
            harness_pid: 42,
            harness_start: Some(7),
            docker_run: None,
            hosts: vec!["127.0.0.1".into(); 3],
            engines: vec!["tcp://10.0.0.1:2376".into()],
            engine_certs: [("tcp://10.0.0.1:2376".to_string(), PathBuf::from("/etc/m1"))].into(),
            pids: vec![100, 101],
        };
        s.write(dir.path()).unwrap();
        assert_eq!(UpState::read(dir.path()).unwrap(), s);
        std::fs::write(UpState::path(dir.path()), r#"{"harness_pid": 9, "pids": [3]}"#).unwrap();
        let least = UpState::read(dir.path()).unwrap();
        assert_eq!((least.harness_pid, least.pids, least.p2p_base), (9, vec![3], 26656));
        std::fs::write(UpState::path(dir.path()), "{}").unwrap();
        assert!(UpState::read(dir.path()).unwrap_err().to_string().contains("missing field `harness_pid`"));
    }
}
