//! A crate's module graph, read from its source text: which module names which other module
//! through a `crate::` or `super::` path (`use` lines, grouped `crate::{a, b::c}` trees, and
//! paths written inline). Each crate's `tests/modules.rs` fails on a loop with it, and the
//! harness's `tests/layers.rs` judges its layers on the same graph.
//!
//! What is left out, and why:
//! - comments and string literals: a doc link (`[`crate::gentx`]`) names a module without
//!   depending on it;
//! - the item after `#[cfg(test)]` (a file's `mod tests`): a test may drive the module from
//!   above, and it is not part of the library the arrows describe;
//! - an edge between a module and its own ancestor or descendant: a folder's `mod.rs` declares
//!   its files, and they may use what it defines;
//! - `lib.rs`, `main.rs` and `src/bin/`: the root and the binaries sit above every module.
//!
//! A module is a file's path under `src/` without `.rs`, `::`-joined (`checks::blocks`); a
//! folder's `mod.rs` is the folder. A path through a name `lib.rs` re-exports
//! (`pub use error::HarnessError;`) counts as an import of the module it comes from.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module → the modules it imports (itself, its ancestors and its descendants left out).
pub type Graph = BTreeMap<String, BTreeSet<String>>;

/// The import graph of the crate whose sources are under `src`.
pub fn import_graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(src, &src.join("bin"), &mut files);
    let files: Vec<(String, PathBuf)> =
        files.into_iter().map(|f| (module_of(src, &f), f)).filter(|(m, _)| m != "lib" && m != "main").collect();
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    let roots = root_reexports(src, &modules);
    let mut graph = Graph::new();
    for (module, file) in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut to = imports(module, &text, &modules, &roots);
        to.retain(|t| !related(module, t));
        graph.insert(module.clone(), to);
    }
    graph
}

/// One loop of the graph (its modules in order, the first repeated at the end), if any.
pub fn find_loop(graph: &Graph) -> Option<Vec<String>> {
    fn visit(m: &str, g: &Graph, path: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
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
    graph.keys().find_map(|m| visit(m, graph, &mut Vec::new(), &mut done))
}

/// For a crate's `tests/modules.rs`: panics naming the loop, if `src` has one. `at_least` is how
/// many modules the crate has at the least, so a wrong folder cannot pass as loop-free.
pub fn assert_no_import_loop(src: &Path, at_least: usize) {
    let graph = import_graph(src);
    assert!(
        graph.len() >= at_least,
        "only {} modules found under {} (expected {at_least})",
        graph.len(),
        src.display()
    );
    if let Some(cycle) = find_loop(&graph) {
        panic!("import loop under {}: {}", src.display(), cycle.join(" → "));
    }
}

fn rust_files(dir: &Path, skip: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap_or_else(|e| panic!("{}: {e}", dir.display())).path();
        if path.is_dir() {
            if path != skip {
                rust_files(&path, skip, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `checks/blocks.rs` → `checks::blocks`; `docker/mod.rs` → `docker`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// `a` and `a::b` (either way round), or the same module.
fn related(a: &str, b: &str) -> bool {
    let under = |x: &str, y: &str| x.strip_prefix(y).is_some_and(|rest| rest.starts_with("::"));
    a == b || under(a, b) || under(b, a)
}

/// The module a path from the crate root lands in: its longest prefix that is a module; else
/// the module a root re-export came from; else its first segment (a name in no module, which a
/// layer check can then refuse to place).
fn resolve(path: &[String], modules: &BTreeSet<String>, roots: &BTreeMap<String, String>) -> Option<String> {
    for n in (1..=path.len()).rev() {
        let joined = path[..n].join("::");
        if modules.contains(&joined) {
            return Some(joined);
        }
    }
    let first = path.first()?;
    Some(roots.get(first).cloned().unwrap_or_else(|| first.clone()))
}

/// What `lib.rs` re-exports at the crate root: name → the module it comes from.
fn root_reexports(src: &Path, modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let Ok(text) = std::fs::read_to_string(src.join("lib.rs")) else { return BTreeMap::new() };
    let code = code_only(&text);
    let mut out = BTreeMap::new();
    for (at, _) in code.match_indices("pub use ") {
        let mut i = at + "pub use ".len();
        let mut paths = Vec::new();
        use_tree(code.as_bytes(), &mut i, Vec::new(), &mut paths);
        for (path, alias) in paths {
            let path: Vec<String> = path.into_iter().skip_while(|s| s == "crate").collect();
            let Some(name) = alias.or_else(|| path.last().cloned()) else { continue };
            let module = (1..path.len()).rev().map(|n| path[..n].join("::")).find(|m| modules.contains(m));
            if let Some(module) = module {
                out.insert(name, module);
            }
        }
    }
    out
}

/// The modules `module`'s text names through `crate::` and `super::` paths.
fn imports(module: &str, text: &str, modules: &BTreeSet<String>, roots: &BTreeMap<String, String>) -> BTreeSet<String> {
    let code = code_only(text);
    let bytes = code.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    // `super` is one segment up from the module's name, a file's or a folder's `mod.rs` alike.
    let here: Vec<String> = module.split("::").map(str::to_string).collect();
    let mut out = BTreeSet::new();
    for start in ["crate::", "super::"] {
        for (at, _) in code.match_indices(start) {
            if at > 0 && (ident(bytes[at - 1]) || bytes[at - 1] == b':') {
                continue;
            }
            let mut i = at + start.len();
            let mut prefix = Vec::new();
            if start == "super::" {
                let mut up = 1;
                while code[i..].starts_with("super::") {
                    up += 1;
                    i += "super::".len();
                }
                let Some(keep) = here.len().checked_sub(up) else { continue };
                prefix = here[..keep].to_vec();
            }
            let mut paths = Vec::new();
            use_tree(bytes, &mut i, prefix, &mut paths);
            out.extend(paths.iter().filter_map(|(p, _)| resolve(p, modules, roots)));
        }
    }
    out
}

/// Reads one use tree at `i` (`a::b`, `a::{b, c::{d, e as f}}`, `a::*`), pushing each whole
/// path below `prefix` with its `as` name.
fn use_tree(s: &[u8], i: &mut usize, mut prefix: Vec<String>, out: &mut Vec<(Vec<String>, Option<String>)>) {
    let skip_ws = |i: &mut usize| {
        while s.get(*i).is_some_and(u8::is_ascii_whitespace) {
            *i += 1;
        }
    };
    let word = |i: &mut usize| {
        let from = *i;
        while s.get(*i).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_') {
            *i += 1;
        }
        String::from_utf8_lossy(&s[from..*i]).into_owned()
    };
    loop {
        skip_ws(i);
        if s.get(*i) == Some(&b'{') {
            *i += 1;
            loop {
                skip_ws(i);
                match s.get(*i) {
                    None => return,
                    Some(b'}') => {
                        *i += 1;
                        return;
                    }
                    Some(b',') => *i += 1,
                    Some(_) => {
                        let before = *i;
                        use_tree(s, i, prefix.clone(), out);
                        if *i == before {
                            // Not a path (`*` or stray text): step over it.
                            *i += 1;
                        }
                    }
                }
            }
        }
        let name = word(i);
        if name.is_empty() {
            out.push((prefix, None));
            return;
        }
        prefix.push(name);
        skip_ws(i);
        if s[*i..].starts_with(b"::") {
            *i += 2;
            continue;
        }
        let mut alias = None;
        if s[*i..].starts_with(b"as") && s.get(*i + 2).is_some_and(u8::is_ascii_whitespace) {
            *i += 2;
            skip_ws(i);
            alias = Some(word(i));
        }
        out.push((prefix, alias));
        return;
    }
}

/// The text with comments, string and char literals and `#[cfg(test)]` items blanked out
/// (same length, newlines kept).
fn code_only(text: &str) -> String {
    let code = blank_literals_and_comments(text.as_bytes());
    let code = blank_test_items(code);
    String::from_utf8_lossy(&code).into_owned()
}

fn blank(out: &mut [u8], from: usize, to: usize) {
    let to = to.min(out.len());
    for b in &mut out[from..to] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
}

fn blank_literals_and_comments(s: &[u8]) -> Vec<u8> {
    let mut out = s.to_vec();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while i < s.len() {
        let prev = if i > 0 { at(i - 1) } else { 0 };
        if s[i..].starts_with(b"//") {
            let end = s[i..].iter().position(|b| *b == b'\n').map_or(s.len(), |p| i + p);
            blank(&mut out, i, end);
            i = end;
        } else if s[i..].starts_with(b"/*") {
            let (mut depth, mut j) = (1, i + 2);
            while j < s.len() && depth > 0 {
                if s[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if s[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if s[i] == b'r' && (at(i + 1) == b'"' || at(i + 1) == b'#') && !(ident(prev) && prev != b'b') {
            // A raw string, r"…" or r#"…"#; `br` too (the `b` is copied as a letter).
            let hashes = s[i + 1..].iter().take_while(|b| **b == b'#').count();
            if at(i + 1 + hashes) != b'"' {
                i += 1;
                continue;
            }
            let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
            let body = i + 2 + hashes;
            let end =
                s[body..].windows(close.len()).position(|w| w == close).map_or(s.len(), |p| body + p + close.len());
            blank(&mut out, i, end);
            i = end;
        } else if s[i] == b'"' {
            let mut j = i + 1;
            while j < s.len() && s[j] != b'"' {
                j += if s[j] == b'\\' { 2 } else { 1 };
            }
            blank(&mut out, i, j + 1);
            i = j + 1;
        } else if s[i] == b'\'' {
            // A char literal ('a', '\n', '\u{b5}', 'µ', '"'); else a lifetime, left as is.
            let end = if at(i + 1) == b'\\' {
                // The escaped char is at i + 2 (and may itself be a quote).
                s.get(i + 3..).and_then(|r| r.iter().position(|b| *b == b'\'')).map(|p| i + 4 + p)
            } else {
                let width = match at(i + 1) {
                    0xf0.. => 4,
                    0xe0.. => 3,
                    0xc0.. => 2,
                    _ => 1,
                };
                (at(i + 1 + width) == b'\'').then_some(i + 2 + width)
            };
            match end {
                Some(end) => {
                    blank(&mut out, i, end);
                    i = end;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Blanks each item that follows `#[cfg(test)]`: up to its `;`, or through its `{…}` block.
fn blank_test_items(mut s: Vec<u8>) -> Vec<u8> {
    const ATTR: &[u8] = b"#[cfg(test)]";
    let mut from = 0;
    while let Some(p) = s[from..].windows(ATTR.len()).position(|w| w == ATTR) {
        let start = from + p;
        let mut i = start + ATTR.len();
        let mut depth = 0usize;
        while i < s.len() {
            match s[i] {
                b'{' => depth += 1,
                b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        i += 1;
                        break;
                    }
                }
                b';' if depth == 0 => {
                    i += 1;
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        blank(&mut s, start, i);
        from = i.min(s.len());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crate of `files` (path under src → text) in a temp dir; its graph.
    fn graph_of(files: &[(&str, &str)]) -> Graph {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, text).expect("write");
        }
        import_graph(dir.path())
    }

    fn edges(g: &Graph, m: &str) -> Vec<String> {
        g.get(m).map(|s| s.iter().cloned().collect()).unwrap_or_default()
    }

    #[test]
    fn a_loop_through_use_lines_is_found() {
        let g = graph_of(&[
            ("lib.rs", "mod a;\nmod b;\nmod c;\n"),
            ("a.rs", "use crate::b::B;\npub struct A;\n"),
            ("b.rs", "use crate::c::C;\npub struct B;\n"),
            ("c.rs", "pub struct C;\nfn f() -> crate::a::A { crate::a::A }\n"),
        ]);
        assert_eq!(find_loop(&g), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
    }

    #[test]
    fn without_the_arrow_back_there_is_none() {
        let g =
            graph_of(&[("lib.rs", "mod a;\nmod b;\n"), ("a.rs", "use crate::b::B;\n"), ("b.rs", "pub struct B;\n")]);
        assert_eq!(edges(&g, "a"), ["b"]);
        assert_eq!(find_loop(&g), None);
    }

    #[test]
    fn grouped_nested_and_aliased_trees_are_read() {
        let g = graph_of(&[
            ("lib.rs", "mod a;\nmod b;\nmod c;\nmod d;\nmod e;\n"),
            ("a.rs", "use crate::{b, c::{self as cc, X}, d::Y as Z};\nuse crate::e::*;\n"),
            ("b.rs", ""),
            ("c.rs", ""),
            ("d.rs", ""),
            ("e.rs", ""),
        ]);
        assert_eq!(edges(&g, "a"), ["b", "c", "d", "e"]);
    }

    #[test]
    fn super_paths_resolve_from_the_file() {
        let g = graph_of(&[
            ("lib.rs", "mod stages;\nmod plan;\n"),
            ("plan.rs", ""),
            ("stages/mod.rs", "mod gentx;\nmod start;\nuse super::plan::Plan;\n"),
            ("stages/gentx.rs", ""),
            ("stages/start.rs", "use super::gentx::load;\nuse super::super::plan;\n"),
        ]);
        assert_eq!(edges(&g, "stages::start"), ["plan", "stages::gentx"]);
        assert_eq!(edges(&g, "stages"), ["plan"]);
    }

    #[test]
    fn root_reexports_count_as_their_module() {
        let g = graph_of(&[
            ("lib.rs", "mod error;\nmod a;\npub use error::{Error, Kind as ErrorKind};\n"),
            ("error.rs", ""),
            ("a.rs", "fn f() -> crate::ErrorKind { todo!() }\n"),
        ]);
        assert_eq!(edges(&g, "a"), ["error"]);
    }

    #[test]
    fn comments_strings_tests_and_relatives_are_left_out() {
        let g = graph_of(&[
            ("lib.rs", "mod a;\nmod b;\nmod c;\n"),
            ("c.rs", ""),
            (
                "a.rs",
                concat!(
                    "//! See [`crate::b`].\n",
                    "/* crate::b::X /* nested */ crate::b */\n",
                    "const S: &str = \"crate::b::X\";\n",
                    "const R: &str = r#\"crate::b \"quoted\" \"#;\n",
                    "const C: char = '\"';\nconst Q: char = '\\'';\nconst U: char = '\\u{b5}';\n",
                    "fn f<'a>(x: &'a str) -> &'a str { x }\n",
                    "use crate::c::Real;\n",
                    "#[cfg(test)]\nmod tests {\n    use crate::b::B;\n    fn g() { let _ = crate::b::B; }\n}\n",
                ),
            ),
            ("b/mod.rs", "mod inner;\nuse crate::a;\n"),
            ("b/inner.rs", "use crate::b::B;\nuse super::B;\n"),
        ]);
        // What follows every literal is still read.
        assert_eq!(edges(&g, "a"), ["c"]);
        assert_eq!(edges(&g, "b::inner"), Vec::<String>::new());
        assert_eq!(find_loop(&g), None);
    }

    #[test]
    fn binaries_are_not_modules() {
        let g = graph_of(&[
            ("lib.rs", "mod a;\n"),
            ("a.rs", ""),
            ("main.rs", "use crate::a;\n"),
            ("bin/tool.rs", "mod helper;\nuse crate::helper;\n"),
        ]);
        assert_eq!(g.keys().collect::<Vec<_>>(), ["a"]);
    }

    #[test]
    #[should_panic(expected = "import loop under")]
    fn the_assertion_names_a_loop() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("lib.rs"), "mod a;\nmod b;\n").expect("write");
        std::fs::write(dir.path().join("a.rs"), "use crate::b;\n").expect("write");
        std::fs::write(dir.path().join("b.rs"), "use crate::a;\n").expect("write");
        assert_no_import_loop(dir.path(), 2);
    }
}
