//! Every artifact a project holds came to it through the operator, byte for byte.

use super::fail;
use super::Checks;
use crate::secrets::walk;
use crate::HarnessError;

#[derive(Debug)]
pub struct LedgerEvidence {
    /// Files in some host's ARTIFACTS_DIR that another host made.
    pub received: usize,
    /// Ledger entries of delivered files.
    pub delivered: usize,
}

impl std::fmt::Display for LedgerEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "each of the {} files a host holds from another host has a ledger entry with its sha256 ({} deliveries)",
            self.received, self.delivered
        )
    }
}

/// Which host made a public artifact, by its path (`None` for the host's own other files).
fn origin_of(rel: &str, coordinator: &str) -> Option<String> {
    let parts: Vec<&str> = rel.split('/').collect();
    // Each host keeps its own checksum lists (the operator adds a line per arrival).
    if parts.last() == Some(&cosmos_formats::files::CHECKSUM_FILE) {
        return None;
    }
    match parts.as_slice() {
        ["addresses", f] => f.strip_suffix(".txt").map(str::to_string),
        ["validators", name, _] => Some(name.to_string()),
        ["gentxs", f] | ["genparticipants", f] => f.strip_suffix(".json").map(str::to_string),
        ["genesis", _] | ["peers", _] => Some(coordinator.to_string()),
        _ => None,
    }
}

impl<'a> Checks<'a> {
    /// The ledger is complete: every file in a host's ARTIFACTS_DIR that another host made (by
    /// its path: `addresses/<name>.txt`, `validators/<name>/…`, `gentxs/<name>.json`,
    /// `genparticipants/<name>.json` are `<name>`'s; `genesis/…` and `peers/…` the
    /// coordinator's) was delivered by the operator with the sha256 it has now.
    pub fn ledger(&self) -> Result<LedgerEvidence, HarnessError> {
        let ledger = self.net.operator.ledger();
        let coordinator = self.net.coordinator().name.clone();
        let mut received = 0;
        let mut problems = Vec::new();
        for p in &self.net.projects {
            let root = p.artifacts();
            let mut files = Vec::new();
            walk(&root, &mut files);
            for f in files {
                let Ok(rel) = f.strip_prefix(&root) else { continue };
                let rel = rel.to_string_lossy().into_owned();
                let Some(origin) = origin_of(&rel, &coordinator) else { continue };
                if origin == p.name {
                    continue;
                }
                received += 1;
                let sha = cosmos_formats::files::sha256_file(&f).map_err(|e| fail("ledger", e.to_string()))?;
                let delivered =
                    ledger.iter().any(|e| e.refused.is_none() && e.to == p.name && e.file == rel && e.sha256 == sha);
                if !delivered {
                    problems.push(format!("{}: {rel} (sha256 {sha}) came from {origin} without the operator", p.name));
                }
            }
        }
        if !problems.is_empty() {
            return Err(fail("ledger", problems.join("; ")));
        }
        Ok(LedgerEvidence { received, delivered: ledger.iter().filter(|e| e.refused.is_none()).count() })
    }
}
