//! No private key, in any encoding, left the project that holds it.

use super::fail;
use super::Checks;
use crate::backend::files::{Home, HomeView};
use crate::secrets::secrets_of;
use crate::secrets::walk_audited;
use crate::secrets::MNEMONIC_WORDS;
use crate::HarnessError;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

#[derive(Debug)]
pub struct LeakEvidence {
    pub secrets: usize,
    pub files_scanned: usize,
    pub hits: Vec<String>,
}

impl std::fmt::Display for LeakEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} secret forms looked for in {} files outside their hosts: {} found",
            self.secrets,
            self.files_scanned,
            self.hits.len()
        )
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

/// Text reduced to its lowercase words, one space apart: a mnemonic is found in it however it
/// was written (a JSON array, one word per line, capitals).
fn words_of(bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![b' '];
    for &b in bytes {
        if b.is_ascii_alphabetic() {
            out.push(b.to_ascii_lowercase());
        } else if out.last() != Some(&b' ') {
            out.push(b' ');
        }
    }
    out.push(b' ');
    out
}

impl<'a> Checks<'a> {
    /// No private key of any project appears in a moved file, in another project's files or
    /// in any log — as raw bytes, hex, base64, or three consecutive mnemonic words.
    pub fn no_leaks(&self) -> Result<LeakEvidence, HarnessError> {
        let mut hits = Vec::new();
        let mut scanned = BTreeSet::new();
        let mut secrets = 0;
        let delivered = self.net.operator.delivered(&self.net.projects);
        let logs: Vec<PathBuf> = self.net.projects.iter().flat_map(|p| self.net.backend.logs(p)).collect();
        let mut cache: BTreeMap<PathBuf, (Vec<u8>, Vec<u8>)> = BTreeMap::new();
        // The homes of a host that shares nothing with us are volumes on its machine: every one
        // is fetched once, read here, and named by its volume in what is found.
        let backend = self.net.backend.as_ref();
        let mut volumes: BTreeMap<&str, Vec<(Home, HomeView)>> = BTreeMap::new();
        for q in self.net.projects.iter().filter(|q| !backend.homes_local(q)) {
            let mut homes = Vec::new();
            for home in Home::ALL {
                let view = backend.view(q, home, "")?;
                hits.extend(view.links_out.iter().map(|l| format!("{l}: the audit cannot follow it")));
                homes.push((home, view));
            }
            volumes.insert(q.name.as_str(), homes);
        }
        let views: Vec<&HomeView> = volumes.values().flatten().map(|(_, v)| v).collect();
        let name_of = |f: &PathBuf| {
            views.iter().find(|v| f.starts_with(v.path())).map_or_else(|| f.display().to_string(), |v| v.name_of(f))
        };
        for p in &self.net.projects {
            let needles = secrets_of(p, backend)?;
            secrets += needles.len();
            let mut files: Vec<PathBuf> = delivered.clone();
            files.extend(logs.iter().cloned());
            walk_audited(&p.artifacts(), &mut files, &mut hits);
            for (home, view) in volumes.get(p.name.as_str()).into_iter().flatten() {
                if *home == Home::Artifacts {
                    walk_audited(view.path(), &mut files, &mut hits);
                }
            }
            for q in self.net.projects.iter().filter(|q| q.name != p.name) {
                walk_audited(&q.root, &mut files, &mut hits);
                for (_, view) in volumes.get(q.name.as_str()).into_iter().flatten() {
                    walk_audited(view.path(), &mut files, &mut hits);
                }
            }
            // The harness's own files beside the projects (ledger, state).
            if let Ok(rd) = std::fs::read_dir(&self.net.work) {
                files.extend(rd.flatten().map(|e| e.path()).filter(|f| f.is_file()));
            }
            for f in files {
                if !cache.contains_key(&f) {
                    match std::fs::read(&f) {
                        Ok(bytes) => {
                            let words = words_of(&bytes);
                            cache.insert(f.clone(), (bytes, words));
                        }
                        // Renamed away since it was listed (tmkms's state temp file): gone,
                        // and what it held is in the file it became.
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                        // A file the audit cannot read could hold anything.
                        Err(e) => {
                            hits.push(format!("{} cannot be read: {e}", f.display()));
                            continue;
                        }
                    }
                }
                let (bytes, words) = &cache[&f];
                scanned.insert(f.clone());
                for (what, needle) in &needles {
                    let hay = if what == MNEMONIC_WORDS { words } else { bytes };
                    if !needle.is_empty() && contains(hay, needle) {
                        hits.push(format!("{}'s {what} found in {}", p.name, name_of(&f)));
                    }
                }
            }
        }
        if secrets == 0 {
            return Err(fail("leaks", "found no private keys to look for: the audit would prove nothing"));
        }
        if !hits.is_empty() {
            // Each project's pass walks the others' roots: one unreadable path, one finding.
            hits.sort();
            hits.dedup();
            return Err(fail("leaks", hits.join("; ")));
        }
        Ok(LeakEvidence { secrets, files_scanned: scanned.len(), hits })
    }
}
