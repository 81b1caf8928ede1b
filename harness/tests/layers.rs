//! The harness's layers (ARCHITECTURE.md): every `crate::` import of a module points to its
//! own layer or one below, and no modules import each other in a loop. A new module must be
//! given a layer here; an import that runs back up fails, naming the file and the import.
//! The graph is read here rather than with `testkit::modules::import_graph` because the judge
//! must follow lib.rs's re-exports of the old flat paths through several hops (`pub mod docker
//! { pub use … }` included); the loop finder is testkit's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use testkit::modules::find_loop;

/// Bottom to top: a layer is a folder of src/ (ARCHITECTURE.md names what each holds).
const LAYERS: &[&str] = &["base", "backend", "observe", "network", "checks", "spec", "report", "library"];

/// A module's layer is its folder: `checks::faults` is in `checks`. A file straight in src/
/// (besides lib.rs and main.rs) or in another folder is in none.
fn layer_of(module: &str) -> Option<usize> {
    let folder = module.split("::").next()?;
    LAYERS.iter().position(|l| *l == folder)
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `checks/blocks.rs` → `checks::blocks`; `backend/docker/mod.rs` → `backend::docker`.
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// The old paths lib.rs keeps (`pub use base::error;`, `pub use error::HarnessError;`, and in
/// its `pub mod docker { … }` the paths under `docker::`): the path as named → what it names.
fn root_reexports() -> BTreeMap<String, String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    let mut out = BTreeMap::new();
    let mut inside: Option<String> = None;
    for line in lib.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix("pub mod ").and_then(|l| l.strip_suffix(" {")) {
            inside = Some(name.to_string());
            continue;
        }
        if line == "}" {
            inside = None;
            continue;
        }
        let Some(used) = line.strip_prefix("pub use ") else { continue };
        let used = used.trim_end_matches(';');
        let used = used.strip_prefix("crate::").unwrap_or(used);
        let (from, names) = match used.split_once("::{") {
            Some((from, names)) => (from.to_string(), names.trim_end_matches('}').to_string()),
            None => match used.rsplit_once("::") {
                Some((from, name)) => (from.to_string(), name.to_string()),
                None => continue,
            },
        };
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let (item, alias) = name.split_once(" as ").unwrap_or((name, name));
            let prefix = inside.as_deref().map(|m| format!("{m}::")).unwrap_or_default();
            if item == "*" {
                out.insert(inside.clone().unwrap_or_default(), from.clone());
            } else {
                out.insert(format!("{prefix}{}", alias.trim()), format!("{from}::{}", item.trim()));
            }
        }
    }
    out
}

/// `path` with its longest re-exported prefix replaced by what lib.rs says it names, until
/// none is (`error::io` → `base::error::io`; `docker::hosts::read` → `base::docker::hosts::read`).
fn resolve(path: &str, roots: &BTreeMap<String, String>) -> String {
    let mut path = path.to_string();
    for _ in 0..8 {
        let segments: Vec<&str> = path.split("::").collect();
        let hit = (1..=segments.len()).rev().find_map(|k| {
            let prefix = segments[..k].join("::");
            roots.get(&prefix).filter(|to| **to != prefix).map(|to| (k, to.clone()))
        });
        let Some((k, to)) = hit else { break };
        path = std::iter::once(to.as_str()).chain(segments[k..].iter().copied()).collect::<Vec<_>>().join("::");
    }
    path
}

/// The modules a file's text names as `crate::…`: the longest prefix of the path (old paths
/// resolved) that is a module of src/, else its first name.
fn imports(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let roots = root_reexports();
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let named = rest
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or("")
            .trim_end_matches(':');
        if named.is_empty() {
            continue;
        }
        let path = resolve(named, &roots);
        let segments: Vec<&str> = path.split("::").collect();
        let module = (1..=segments.len())
            .rev()
            .map(|k| segments[..k].join("::"))
            .find(|m| modules.contains(m))
            .unwrap_or_else(|| segments[0].to_string());
        out.insert(module);
    }
    out
}

/// The harness's import graph: module → the modules it imports (itself left out).
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let files: Vec<(String, PathBuf)> =
        files.into_iter().map(|f| (module_of(&f), f)).filter(|(m, _)| m != "lib" && m != "main").collect();
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut g = BTreeMap::new();
    for (m, f) in &files {
        let text = std::fs::read_to_string(f).expect("source");
        let mut to = imports(&text, &modules);
        // A module's own folder (its `mod.rs`) and its submodules are one with it.
        to.retain(|t| t != m && !m.starts_with(&format!("{t}::")) && !t.starts_with(&format!("{m}::")));
        g.insert(m.clone(), to);
    }
    g
}

/// Why the graph breaks the layering, one line per import that runs up or module unplaced.
fn upward(g: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut wrong = Vec::new();
    for (m, to) in g {
        let Some(lm) = layer_of(m) else {
            wrong.push(format!("{m}: in no layer (move it into a layer's folder of src/)"));
            continue;
        };
        for t in to {
            match layer_of(t) {
                Some(lt) if lt > lm => {
                    wrong.push(format!("{m} ({}) imports {t} ({}): an arrow up", LAYERS[lm], LAYERS[lt]))
                }
                None => wrong.push(format!("{m} imports {t}, which is in no layer")),
                _ => {}
            }
        }
    }
    wrong
}

#[test]
fn every_import_points_down_and_none_loops() {
    let g = graph();
    assert!(g.len() > 30, "only {} modules found under {}", g.len(), src().display());
    let wrong = upward(&g);
    assert!(wrong.is_empty(), "imports against the layers:\n{}", wrong.join("\n"));
    assert_eq!(find_loop(&g), None, "an import loop");
}

/// The judges see what they are for: an import up and a loop, in a graph made to have them,
/// and a file in no layer's folder.
#[test]
fn an_import_up_and_a_loop_are_caught() {
    let mut g = graph();
    g.get_mut("base::error").expect("error module").insert("network::runbook".into());
    let wrong = upward(&g);
    assert!(wrong.iter().any(|w| w.starts_with("base::error (base) imports network::runbook")), "{wrong:?}");
    let looped = find_loop(&g).expect("error → runbook → error is a loop");
    assert!(
        looped.contains(&"base::error".to_string()) && looped.contains(&"network::runbook".to_string()),
        "{looped:?}"
    );
    let mut g = graph();
    g.insert(module_of(&src().join("newcomer.rs")), BTreeSet::new());
    assert!(upward(&g).iter().any(|w| w.starts_with("newcomer: in no layer")), "{:?}", upward(&g));
}

/// An old path is judged as what it names: `crate::runbook` is the network layer's runbook, so
/// a base module naming it is caught; a folder's file is in that folder's layer.
#[test]
fn old_paths_resolve_to_their_layer() {
    let modules: BTreeSet<String> = graph().into_keys().collect();
    let named = imports("use crate::runbook::Network;\nuse crate::HarnessError;", &modules);
    assert_eq!(named, BTreeSet::from(["network::runbook".to_string(), "base::error".to_string()]));
    let named = imports(
        "use crate::docker::hosts::read; use crate::docker::audit; use crate::docker::DockerBackend;",
        &modules,
    );
    let expected = ["base::docker::hosts", "checks::docker_audit", "backend::docker"];
    assert_eq!(named, expected.iter().map(|m| m.to_string()).collect());
    assert_eq!(layer_of(&module_of(&src().join("checks/newcomer.rs"))), layer_of("checks"));
    assert_eq!(layer_of(&module_of(&src().join("elsewhere/newcomer.rs"))), None);
}
