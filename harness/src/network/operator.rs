//! The operator: the only way anything crosses from one project to another.
//!
//! It moves the spec's public artifacts by name (nothing else, never from a private home),
//! checks each file's sha256 on arrival against the sender's copy and the sender's
//! `sha256sum.txt`, records the line in the receiver's list, and keeps a ledger.

use crate::backend::files::{plain, Home};
use crate::backend::Backend;
use crate::error::io;
use crate::project::Project;
use crate::HarnessError;
use cosmos_formats::files::{parse_checksums, sha256_file, sha256_hex, update_checksums, CHECKSUM_FILE};
use serde::Serialize;
use std::path::Path;
use std::sync::Mutex;

#[derive(Clone, Debug, Serialize)]
pub struct LedgerEntry {
    pub file: String,
    pub from: String,
    pub to: String,
    /// Of the file as sent; empty when it was refused unread.
    pub sha256: String,
    /// Size as delivered; 0 when refused unread.
    #[serde(default)]
    pub bytes: u64,
    pub time: String,
    /// Why the operator did not move it (a private file offered, a checksum that changed in
    /// transit); `None` for a file delivered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

#[derive(Default)]
pub struct Operator {
    ledger: Mutex<Vec<LedgerEntry>>,
    /// (receiving host, file) → the directory of the host that delivered it: a file of the same
    /// name from another host is a clash (two hosts with one KEY_NAME), not an update.
    senders: Mutex<std::collections::BTreeMap<(String, String), std::path::PathBuf>>,
}

pub use crate::project::is_public_artifact;

fn now() -> String {
    time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

impl Operator {
    pub fn new() -> Operator {
        Operator::default()
    }

    pub fn ledger(&self) -> Vec<LedgerEntry> {
        self.ledger.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Every file the operator delivered, at its destination.
    pub fn delivered(&self, projects: &[Project]) -> Vec<std::path::PathBuf> {
        self.ledger()
            .iter()
            .filter(|e| e.refused.is_none())
            .filter_map(|e| projects.iter().find(|p| p.name == e.to).map(|p| p.artifact(&e.file)))
            .collect()
    }

    /// Copies `rel` from `from`'s ARTIFACTS_DIR to `to`'s, each read and written where it is
    /// (a directory here, or a volume on another machine's engine); a refusal is recorded in
    /// the ledger too, so the ledger says what was offered and not moved.
    pub fn carry(&self, backend: &dyn Backend, from: &Project, to: &Project, rel: &str) -> Result<(), HarnessError> {
        let result = self.carry_checked(backend, from, to, rel);
        if let Err(e @ (HarnessError::Refused { .. } | HarnessError::Transit { .. })) = &result {
            // A refused file is never read (it may be a key); a public one that changed in
            // transit has the hash its sender listed.
            let sha256 = match e {
                HarnessError::Transit { sent, .. } => sent.clone(),
                _ => String::new(),
            };
            self.record(LedgerEntry {
                file: rel.into(),
                from: from.name.clone(),
                to: to.name.clone(),
                sha256,
                bytes: 0,
                time: now(),
                refused: Some(e.to_string()),
            });
        }
        result
    }

    fn record(&self, entry: LedgerEntry) {
        if let Ok(mut l) = self.ledger.lock() {
            l.push(entry);
        }
    }

    fn carry_checked(
        &self,
        backend: &dyn Backend,
        from: &Project,
        to: &Project,
        rel: &str,
    ) -> Result<(), HarnessError> {
        let refuse = |reason: &str| HarnessError::Refused { path: rel.to_string(), reason: reason.into() };
        plain(rel).map_err(|_| refuse("not a plain relative path"))?;
        if !is_public_artifact(rel) {
            return Err(refuse("not one of the spec's public artifacts"));
        }
        let check =
            |e: cosmos_formats::files::FileError| HarnessError::Check { check: "operator", reason: e.to_string() };
        // Every public artifact lies in a directory of its kind, beside that directory's list.
        let (dir, file_name) = rel.rsplit_once('/').ok_or_else(|| refuse("not in a directory of artifacts"))?;
        let bytes = if backend.homes_local(from) {
            let src = from.artifact(rel);
            let real = src.canonicalize().map_err(io(&src))?;
            for home in from.private_homes() {
                if home.canonicalize().is_ok_and(|h| real.starts_with(h)) {
                    return Err(refuse("it resolves into a private home"));
                }
            }
            let meta = std::fs::symlink_metadata(&src).map_err(io(&src))?;
            if !meta.is_file() {
                return Err(refuse("not a regular file"));
            }
            std::fs::read(&src).map_err(io(&src))?
        } else {
            // Through the engine's archive endpoint: a link or a directory there is refused.
            backend.read_file(from, Home::Artifacts, rel)?.ok_or_else(|| HarnessError::Io {
                path: format!("{}:{rel}", from.name),
                source: std::io::ErrorKind::NotFound.into(),
            })?
        };
        let key = (to.root.display().to_string(), rel.to_string());
        if let Some(earlier) = self.senders.lock().ok().and_then(|m| m.get(&key).cloned()) {
            if earlier != from.root {
                return Err(refuse(&format!(
                    "{} already holds it from another host ({}): two hosts share the name {}",
                    to.name,
                    earlier.display(),
                    from.name
                )));
            }
        }
        let sent = sha256_hex(&bytes);
        // What the sender's own list says, when it has one: the file must match it.
        let list_rel = format!("{dir}/{CHECKSUM_FILE}");
        if let Some(list) = backend.read_file(from, Home::Artifacts, &list_rel)? {
            let listed = parse_checksums(&String::from_utf8_lossy(&list), &from.artifact(&list_rel)).map_err(check)?;
            if let Some(h) = listed.get(file_name) {
                if h != &sent {
                    return Err(HarnessError::Transit {
                        path: from.artifact(rel).display().to_string(),
                        sent: h.clone(),
                        received: sent,
                    });
                }
            }
        }
        backend.write_file(to, Home::Artifacts, rel, &bytes)?;
        // The receiver's directory as it now is, read back from where it lives: the file as it
        // arrived, and its list brought up to date there.
        let arrived = backend.view(to, Home::Artifacts, dir)?;
        let received = sha256_file(&arrived.path().join(file_name)).map_err(check)?;
        if received != sent {
            return Err(HarnessError::Transit { path: to.artifact(rel).display().to_string(), sent, received });
        }
        let list = update_checksums(arrived.path(), &[file_name.to_string()]).map_err(check)?;
        if !backend.homes_local(to) {
            let text = std::fs::read(&list).map_err(io(&list))?;
            backend.write_file(to, Home::Artifacts, &list_rel, &text)?;
            // The operator's copy of what that host holds.
            crate::backend::files::write_local(to, Home::Artifacts, rel, &bytes)?;
            crate::backend::files::write_local(to, Home::Artifacts, &list_rel, &text)?;
        }
        if let Ok(mut m) = self.senders.lock() {
            m.insert(key, from.root.clone());
        }
        self.record(LedgerEntry {
            file: rel.into(),
            from: from.name.clone(),
            to: to.name.clone(),
            sha256: sent,
            bytes: bytes.len() as u64,
            time: now(),
            refused: None,
        });
        Ok(())
    }

    /// Writes the ledger as JSON lines.
    pub fn save_ledger(&self, path: &Path) -> Result<(), HarnessError> {
        let text: String = self.ledger().iter().map(|e| serde_json::to_string(e).unwrap_or_default() + "\n").collect();
        std::fs::write(path, text).map_err(io(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("addresses/val-1.txt", true)]
    #[case("validators/val-1/val_pubkey.json", true)]
    #[case("validators/val-1/manifest.json", true)]
    #[case("gentxs/val-1.json", true)]
    #[case("genparticipants/val-1.json", true)]
    #[case("genparticipants/val-1.txt", false)]
    #[case("genesis/final_genesis.json", true)]
    #[case("peers/persistent_peers.txt", true)]
    #[case("validators/val-1/priv_validator_key.json", false)]
    #[case("keyring-test/val-1.info", false)]
    #[case("../keyring/node_key.json", false)]
    #[case("genesis/other.json", false)]
    #[case("addresses/.hidden.txt", false)]
    fn only_the_specs_public_artifacts_may_move(#[case] rel: &str, #[case] ok: bool) {
        assert_eq!(is_public_artifact(rel), ok, "{rel}");
    }
}
