//! The harness's layers (ARCHITECTURE.md): every `crate::` import of a module points to its
//! own layer or one below, and no modules import each other in a loop. A new module must be
//! given a layer here; an import that runs back up fails, naming the file and the import.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use testkit::modules::{find_loop, import_graph, Graph};

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

/// The harness's import graph (testkit::modules: `crate::`/`super::` paths, comments and
/// `#[cfg(test)]` items left out).
fn graph() -> Graph {
    import_graph(&src())
}

/// Why the graph breaks the layering, one line per import that runs up or module unplaced.
fn upward(g: &Graph) -> Vec<String> {
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

#[test]
fn every_import_points_down_and_none_loops() {
    let g = graph();
    assert!(g.len() > 30, "only {} modules found under {}", g.len(), src().display());
    let wrong = upward(&g);
    assert!(wrong.is_empty(), "imports against the layers:\n{}", wrong.join("\n"));
    assert_eq!(find_loop(&g), None, "an import loop");
}

/// The two judges see what they are for: an import up and a loop, in a graph made to have them.
#[test]
fn an_import_up_and_a_loop_are_caught() {
    let mut g = graph();
    g.get_mut("error").expect("error module").insert("runbook".into());
    let wrong = upward(&g);
    assert!(wrong.iter().any(|w| w.starts_with("error (base) imports runbook")), "{wrong:?}");
    let looped = find_loop(&g).expect("error → runbook → error is a loop");
    assert!(looped.contains(&"error".to_string()) && looped.contains(&"runbook".to_string()), "{looped:?}");
    let mut g = graph();
    g.insert("newcomer".into(), BTreeSet::new());
    assert!(upward(&g).iter().any(|w| w.starts_with("newcomer: in no layer")));
}
