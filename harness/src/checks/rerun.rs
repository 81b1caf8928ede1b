//! Re-running a stage changes nothing it should not.

use super::fail;
use super::Checks;
use crate::backend::files::Home;
use crate::backend::Service;
use crate::error::StageFailure;
use crate::secrets::snapshot;
use crate::HarnessError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct RerunEvidence {
    pub project: String,
    pub stage: String,
    /// Exit status and last log line of the refused run.
    pub refused: String,
    /// Files of the four homes compared byte for byte after the refused run.
    pub files_unchanged: usize,
    /// Files of KEYRING_HOME and TMKMS_HOME compared after the FORCE run.
    pub key_files: usize,
    /// ARTIFACTS_DIR after the FORCE run.
    pub public: PublicRerun,
}

impl std::fmt::Display for RerunEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: refused without FORCE ({}), {} files unchanged; with FORCE {} key files and {} public \
             artifacts unchanged, {} restamped ({:?})",
            self.project,
            self.stage,
            self.refused,
            self.files_unchanged,
            self.key_files,
            self.public.identical + self.public.lists,
            self.public.restamped.len(),
            self.public.restamped
        )
    }
}

/// What a forced re-run of a stage may write differently from the first run, as (stage,
/// artifact, JSON pointers, `*` standing for any one key or index): the times a fresh run
/// stamps. The chain binary's `init` stamps the intermediate genesis's `genesis_time`; gentx
/// stamps each warm-key grant's expiration a year from now (gonka's `custom_gentx.go`), and the
/// participant's signature covers it. Everything else a stage writes follows from the keys the
/// host keeps and the inputs it was given: keygen's files from the account, node and consensus
/// keys; the gentx itself and the participant's URL, keys and grants; and nothing else in
/// ARTIFACTS_DIR is a stage's to touch.
pub const RERUN_MAY_CHANGE: &[(&str, &str, &[&str])] = &[
    ("intermediate_genesis", "genesis/intermediate_genesis.json", &["/genesis_time"]),
    ("gentx", "genparticipants/{name}.json", &["/body/messages/*/grant/expiration", "/signatures/*"]),
];

/// The JSON pointers at which `a` and `b` differ (at most 5, the deepest where both are
/// objects or equally long arrays).
fn json_differences(a: &serde_json::Value, b: &serde_json::Value, at: String, out: &mut Vec<String>) {
    use serde_json::Value::{Array, Null, Object};
    match (a, b) {
        _ if out.len() >= 5 => {}
        (Object(x), Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                json_differences(x.get(k).unwrap_or(&Null), y.get(k).unwrap_or(&Null), p, out);
            }
        }
        (Array(x), Array(y)) if x.len() == y.len() => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                json_differences(u, v, format!("{at}/{i}"), out);
            }
        }
        _ if a != b => out.push(at),
        _ => {}
    }
}

/// Sets every value at `pointer` (with `*` segments) in `v` to null.
fn mask(v: &mut serde_json::Value, pointer: &str) {
    fn at(v: &mut serde_json::Value, segs: &[&str]) {
        let Some((first, rest)) = segs.split_first() else {
            *v = serde_json::Value::Null;
            return;
        };
        match v {
            serde_json::Value::Object(m) if *first == "*" => m.values_mut().for_each(|x| at(x, rest)),
            serde_json::Value::Array(a) if *first == "*" => a.iter_mut().for_each(|x| at(x, rest)),
            serde_json::Value::Object(m) => m.get_mut(*first).into_iter().for_each(|x| at(x, rest)),
            serde_json::Value::Array(a) => {
                first.parse::<usize>().ok().and_then(|i| a.get_mut(i)).into_iter().for_each(|x| at(x, rest))
            }
            _ => {}
        }
    }
    let segs: Vec<&str> = pointer.split('/').skip(1).collect();
    at(v, &segs);
}

/// Judges ARTIFACTS_DIR (`root`) after a forced re-run of `stage` against before it: the same
/// files, each byte-identical except the values [`RERUN_MAY_CHANGE`] names (and, in a
/// `sha256sum.txt`, the lines of the files that changed so). `Ok` with what was compared.
pub fn forced_rerun_changes(
    stage: &str,
    name: &str,
    root: &Path,
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
) -> Result<PublicRerun, String> {
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    let gone: Vec<String> = before.keys().filter(|p| !after.contains_key(*p)).map(|p| rel(p)).collect();
    let added: Vec<String> = after.keys().filter(|p| !before.contains_key(*p)).map(|p| rel(p)).collect();
    if !gone.is_empty() || !added.is_empty() {
        return Err(format!("removed {gone:?} and added {added:?} in ARTIFACTS_DIR"));
    }
    let may_change = |r: &str| {
        RERUN_MAY_CHANGE
            .iter()
            .find(|(s, file, _)| *s == stage && file.replace("{name}", name) == r)
            .map(|(_, _, at)| *at)
    };
    let mut out = PublicRerun::default();
    // Files whose bytes changed within what may change: their checksum lines may change too.
    let mut restamped = Vec::new();
    for (path, b) in before {
        let r = rel(path);
        let a = &after[path];
        if a == b {
            out.identical += 1;
            continue;
        }
        let Some(at) = may_change(&r) else { continue };
        let masked = |bytes: &[u8]| {
            let mut v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
            at.iter().for_each(|p| mask(&mut v, p));
            Some(v)
        };
        match (masked(b), masked(a)) {
            (Some(x), Some(y)) if x == y => {
                out.restamped.push(r);
                restamped.push(path.clone());
            }
            (Some(x), Some(y)) => {
                let mut differ = Vec::new();
                json_differences(&x, &y, String::new(), &mut differ);
                return Err(format!("changed {r} at {} (beyond {})", differ.join(", "), at.join(", ")));
            }
            _ => return Err(format!("changed {r}, which no longer parses as JSON")),
        }
    }
    for (path, b) in before {
        let a = &after[path];
        if a == b || restamped.contains(path) {
            continue;
        }
        let r = rel(path);
        let is_list = path.file_name().is_some_and(|n| n == cosmos_formats::files::CHECKSUM_FILE);
        let dir = path.parent().unwrap_or(root);
        // `<sha256>  <name>`: a line may differ only for a file of its directory restamped above.
        let lines_of_restamped =
            |l: &str| l.split_once("  ").is_some_and(|(_, name)| restamped.iter().any(|f| f == &dir.join(name)));
        let (x, y) = (String::from_utf8_lossy(b), String::from_utf8_lossy(a));
        let (x, y): (Vec<&str>, Vec<&str>) = (x.lines().collect(), y.lines().collect());
        let alike = x.len() == y.len()
            && x.iter().zip(&y).all(|(u, v)| u == v || (lines_of_restamped(u) && lines_of_restamped(v)));
        if !(is_list && alike) {
            let first = x.iter().zip(&y).find(|(u, v)| u != v).map(|(u, v)| format!(": {u:?} became {v:?}"));
            return Err(format!("changed {r}{}", first.unwrap_or_default()));
        }
        out.lists += 1;
    }
    Ok(out)
}

/// What [`forced_rerun_changes`] compared.
#[derive(Debug, Default)]
pub struct PublicRerun {
    /// Artifacts byte-identical after the forced run.
    pub identical: usize,
    /// Artifacts written anew with only a fresh time ([`RERUN_MAY_CHANGE`]).
    pub restamped: Vec<String>,
    /// `sha256sum.txt` lists alike but for the lines of restamped files.
    pub lists: usize,
}

impl<'a> Checks<'a> {
    /// A finished stage re-run without FORCE fails (exit 4: outputs exist) and changes no home
    /// byte; with FORCE it succeeds, the key homes are byte-identical, and so is every public
    /// artifact but what a fresh run legitimately stamps anew ([`RERUN_MAY_CHANGE`]): the other
    /// hosts already hold the published files, and a forced re-run that rewrote one (another
    /// node id, address, key or URL) would leave them building on what this host no longer is.
    /// The project's tmkms is stopped meanwhile: it writes its own state under TMKMS_HOME,
    /// which would blur what the stage did; it is started again afterwards (and, for keygen,
    /// which asks it for the validator key, before the forced run).
    pub fn rerun(&self, i: usize, stage: &str) -> Result<RerunEvidence, HarnessError> {
        let p = &self.net.projects[i];
        self.net.backend.stop(p, Service::Kms);
        let result = self.rerun_stopped(i, stage);
        if stage != "keygen" || result.is_err() {
            self.net.backend.start(p, Service::Kms, stage)?;
        }
        result
    }

    fn rerun_stopped(&self, i: usize, stage: &str) -> Result<RerunEvidence, HarnessError> {
        let p = &self.net.projects[i];
        let backend = self.net.backend.as_ref();
        // Each home's files by their path in it, read where the home is (here, or a volume on
        // its machine), and named in what is found as the home's own path there.
        let homes = [Home::Node, Home::Keyring, Home::Tmkms, Home::Artifacts];
        let snap = |home: Home| -> Result<(BTreeMap<PathBuf, Vec<u8>>, String), HarnessError> {
            let view = backend.view(p, home, "")?;
            let files = snapshot(view.path())
                .into_iter()
                .filter_map(|(f, b)| f.strip_prefix(view.path()).ok().map(|r| (r.to_path_buf(), b)))
                .collect();
            Ok((files, view.name_of(view.path())))
        };
        let before: Vec<_> = homes.iter().map(|h| snap(*h).map(|(f, _)| f)).collect::<Result<_, _>>()?;
        // The inputs the runbook gave the stage: a re-run on other inputs would rightly differ.
        let inputs = self.net.stage_inputs(p, stage);
        let env: Vec<(&str, &str)> = inputs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let refused = match self.net.backend.run_stage(p, stage, &env) {
            Ok(()) => return Err(fail("rerun", format!("{}: {stage} ran again without FORCE", p.name))),
            Err(HarnessError::Stage(f)) => {
                let StageFailure { status, tail, .. } = *f;
                // Refused for the right reason, not because something else broke.
                if !status.contains("exit status: 4") {
                    return Err(fail(
                        "rerun",
                        format!("{}: {stage} without FORCE failed with {status}, not 4:\n{tail}", p.name),
                    ));
                }
                format!("{status}: {}", tail.lines().last().unwrap_or(""))
            }
            Err(e) => return Err(e),
        };
        for (home, b) in homes.iter().zip(&before) {
            let (a, name) = snap(*home)?;
            if *b != a {
                return Err(fail("rerun", format!("{}: a refused {stage} changed {name}", p.name)));
            }
        }
        if stage == "keygen" {
            self.net.backend.start(p, Service::Kms, stage)?;
        }
        self.net.backend.run_stage(p, stage, &[env.as_slice(), &[("FORCE", "1")]].concat())?;
        // keygen's signer was started for it, and `genesis-runner kms` pins the node id the host
        // now publishes in tmkms.toml's `addr`: the start's doing, not the stage's (the key and
        // state files are still compared). It writes the file atomically, so its temporary
        // sibling (`.tmkms.toml.tmp-<pid>`) can be there when we look (CI caught one).
        let kms_config = PathBuf::from("tmkms.toml");
        let kms_config_write = |f: &std::path::Path| {
            *f == kms_config
                || (f.parent() == kms_config.parent()
                    && f.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(".tmkms.toml.tmp-")))
        };
        for (home, b) in homes[1..3].iter().zip(&before[1..3]) {
            let (a, name) = snap(*home)?;
            let changed: Vec<String> = b
                .keys()
                .chain(a.keys().filter(|f| !b.contains_key(*f)))
                .filter(|f| !(stage == "keygen" && kms_config_write(f)))
                .filter(|f| a.get(*f) != b.get(*f))
                .map(|f| f.display().to_string())
                .collect();
            if !changed.is_empty() {
                return Err(fail(
                    "rerun",
                    format!("{}: {stage} with FORCE changed {name}: {}", p.name, changed.join(", ")),
                ));
            }
        }
        let public = forced_rerun_changes(stage, &p.name, Path::new(""), &before[3], &snap(Home::Artifacts)?.0)
            .map_err(|why| fail("rerun", format!("{}: {stage} with FORCE {why}", p.name)))?;
        Ok(RerunEvidence {
            project: p.name.clone(),
            stage: stage.into(),
            refused,
            files_unchanged: before.iter().map(BTreeMap::len).sum(),
            key_files: before[1].len() + before[2].len(),
            public,
        })
    }
}
