//! The harness's layers (ARCHITECTURE.md): every `crate::` import of a module points to its
//! own layer or one below, and no modules import each other in a loop. A new module must be
//! given a layer here; an import that runs back up fails, naming the file and the import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bottom to top. A module is a file's path under src/ without `.rs` (`checks::blocks`); a
/// folder's `mod.rs` is the folder. A submodule not listed takes its folder's layer.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "base",
        &[
            "error",
            "project",
            "procs",
            "progress",
            "report",
            "report_schema",
            "signing",
            "keyring_records",
            "binaries",
            "docker::hosts",
            "docker::engine",
        ],
    ),
    ("backend", &["backend", "netns", "docker", "docker::images", "secrets"]),
    ("observe", &["recorder", "sampler"]),
    ("network", &["operator", "runbook"]),
    ("checks", &["checks", "genesis_content", "faults", "mistakes", "docker::audit"]),
    ("spec", &["spec"]),
    ("report", &["run_report", "html"]),
    ("library", &["testnet", "state", "cli"]),
];

fn layer_of(module: &str) -> Option<usize> {
    let find = |m: &str| LAYERS.iter().position(|(_, ms)| ms.contains(&m));
    find(module).or_else(|| find(module.split("::").next()?))
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

/// `checks/blocks.rs` → `checks::blocks`; `docker/mod.rs` → `docker`.
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// What lib.rs re-exports at the crate root (`pub use error::HarnessError;`): name → module.
fn root_reexports() -> BTreeMap<String, String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    let mut out = BTreeMap::new();
    for line in lib.lines().filter_map(|l| l.trim().strip_prefix("pub use ")) {
        let line = line.trim_end_matches(';');
        let Some((module, names)) = line.split_once("::") else { continue };
        let names = names.trim_start_matches('{').trim_end_matches('}');
        for name in names.split(',') {
            let name = name.rsplit("::").next().unwrap_or("").trim();
            let name = name.split(" as ").last().unwrap_or(name).trim();
            out.insert(name.to_string(), module.to_string());
        }
    }
    out
}

/// The modules a file's text names as `crate::a` or `crate::a::b` (the longer one when it is a
/// module of its own; a name lib.rs re-exports, its module).
fn imports(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let roots = root_reexports();
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let path: Vec<&str> = rest
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or("")
            .split("::")
            .filter(|s| !s.is_empty())
            .collect();
        let Some(first) = path.first() else { continue };
        if let Some(module) = roots.get(*first) {
            out.insert(module.clone());
            continue;
        }
        let two = path.get(1).map(|b| format!("{first}::{b}"));
        match two {
            Some(two) if modules.contains(&two) => out.insert(two),
            _ => out.insert(first.to_string()),
        };
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
        to.retain(|t| t != m && t.split("::").next() != Some(m.as_str()) && m.split("::").next() != Some(t));
        g.insert(m.clone(), to);
    }
    g
}

/// Why the graph breaks the layering, one line per import that runs up or module unplaced.
fn upward(g: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut wrong = Vec::new();
    for (m, to) in g {
        let Some(lm) = layer_of(m) else {
            wrong.push(format!("{m}: in no layer (give it one in tests/layers.rs and ARCHITECTURE.md)"));
            continue;
        };
        for t in to {
            match layer_of(t) {
                Some(lt) if lt > lm => {
                    wrong.push(format!("{m} ({}) imports {t} ({}): an arrow up", LAYERS[lm].0, LAYERS[lt].0))
                }
                None => wrong.push(format!("{m} imports {t}, which is in no layer")),
                _ => {}
            }
        }
    }
    wrong
}

/// One loop of the graph, if there is one.
fn a_loop(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        m: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut cycle = path[i..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for t in g.get(m).into_iter().flatten() {
            if let Some(c) = visit(t, g, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    g.keys().find_map(|m| visit(m, g, &mut Vec::new(), &mut done))
}

#[test]
fn every_import_points_down_and_none_loops() {
    let g = graph();
    assert!(g.len() > 30, "only {} modules found under {}", g.len(), src().display());
    let wrong = upward(&g);
    assert!(wrong.is_empty(), "imports against the layers:\n{}", wrong.join("\n"));
    assert_eq!(a_loop(&g), None, "an import loop");
}

/// The two judges see what they are for: an import up and a loop, in a graph made to have them.
#[test]
fn an_import_up_and_a_loop_are_caught() {
    let mut g = graph();
    g.get_mut("error").expect("error module").insert("runbook".into());
    let wrong = upward(&g);
    assert!(wrong.iter().any(|w| w.starts_with("error (base) imports runbook")), "{wrong:?}");
    let looped = a_loop(&g).expect("error → runbook → error is a loop");
    assert!(looped.contains(&"error".to_string()) && looped.contains(&"runbook".to_string()), "{looped:?}");
    let mut g = graph();
    g.insert("newcomer".into(), BTreeSet::new());
    assert!(upward(&g).iter().any(|w| w.starts_with("newcomer: in no layer")));
}
