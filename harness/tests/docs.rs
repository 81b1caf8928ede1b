//! The documentation's commands are the programs' commands: every command line in a shell
//! block of README.md and docs/*.md either parses with the program's own argument parser
//! (`harness`, `genesis-runner`) or names a script, test, feature or bench that exists. A flag
//! renamed, a test deleted or a script moved fails here, naming the file and line.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The documents a user reads: the front door and everything under docs/.
fn documents() -> Vec<PathBuf> {
    let mut docs = vec![repo().join("README.md"), repo().join("runner/README.md")];
    let mut more: Vec<PathBuf> = std::fs::read_dir(repo().join("docs"))
        .expect("docs/")
        .map(|e| e.expect("docs/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    more.sort();
    docs.extend(more);
    docs
}

/// One command as a reader would type it.
#[derive(Debug)]
struct Command {
    at: String,
    line: String,
}

/// Command lines of ```sh blocks, and `$ `-prompted lines of any other block.
fn commands(doc: &Path) -> Vec<Command> {
    let text = std::fs::read_to_string(doc).expect("document");
    let name = doc.strip_prefix(repo()).unwrap_or(doc).display().to_string();
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            block = match block {
                None => Some(lang.trim().to_string()),
                Some(_) => None,
            };
            continue;
        }
        let Some(lang) = &block else { continue };
        let cmd = match (lang.as_str(), trimmed.strip_prefix("$ ")) {
            (_, Some(prompted)) => prompted,
            ("sh" | "bash" | "console", None) => trimmed,
            _ => continue,
        };
        if cmd.is_empty() || cmd.starts_with('#') {
            continue;
        }
        out.push(Command { at: format!("{name}:{}", n + 1), line: cmd.to_string() });
    }
    out
}

/// A command's words: shell quoting undone, a trailing `# comment` and a leading `time`
/// dropped, its leading `VAR=value` assignments apart.
struct Words {
    env: Vec<(String, String)>,
    words: Vec<String>,
}

fn words(line: &str) -> Words {
    let mut words = shlex::split(line).unwrap_or_else(|| panic!("`{line}` is not valid shell quoting"));
    if let Some(c) = words.iter().position(|w| w.starts_with('#')) {
        words.truncate(c);
    }
    let mut env = Vec::new();
    while let Some(first) = words.first() {
        if first == "time" {
            words.remove(0);
        } else if let Some((k, v)) = first.split_once('=').filter(|(k, _)| !k.is_empty() && !k.starts_with('-')) {
            env.push((k.to_string(), v.to_string()));
            words.remove(0);
        } else {
            break;
        }
    }
    Words { env, words }
}

fn value_of<'a>(words: &'a [String], flag: &str) -> Option<&'a str> {
    words.iter().position(|w| w == flag).and_then(|i| words.get(i + 1)).map(String::as_str)
}

/// Why a command does not match what the repository has, or None if it does.
fn judge(cmd: &Words) -> Option<String> {
    let words = &cmd.words;
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    match w.as_slice() {
        ["cargo", "run", rest @ ..] => {
            let args = rest.iter().position(|a| *a == "--").map(|i| &rest[i + 1..]).unwrap_or(&[]);
            match value_of(words, "-p") {
                Some("harness") => harness_cli(args),
                Some("runner") => runner_cli(args),
                other => Some(format!("`cargo run` of {other:?}: only harness and runner are documented")),
            }
        }
        [bin, args @ ..] if bin.ends_with("harness") && !bin.contains("cargo") => harness_cli(args),
        [bin, args @ ..] if bin.ends_with("genesis-runner") => runner_cli(args),
        ["cargo", "nextest", "run", ..] => nextest(words),
        ["cargo", "bench", ..] => {
            let krate = value_of(words, "-p")?;
            let bench = value_of(words, "--bench")?;
            let file = repo().join(krate).join("benches").join(format!("{bench}.rs"));
            (!file.exists()).then(|| format!("no bench {}", file.display()))
        }
        ["docker-compose", ..] => compose(cmd),
        ["bash", script, ..] => (!repo().join(script).is_file()).then(|| format!("no script {script}")),
        _ => Some("no test runs this command: give it a case in harness/tests/docs.rs's `judge`".into()),
    }
}

/// An operator's compose command: a project of its own (`-p`), a verb the guide uses, a
/// service of docker/compose.yml, and a GENESIS_RUN_STAGE the runner knows.
fn compose(cmd: &Words) -> Option<String> {
    let words = &cmd.words;
    if value_of(words, "-p").is_none() {
        return Some("no `-p <project>`: every validator is a compose project of its own".into());
    }
    let file = std::fs::read_to_string(repo().join("docker/compose.yml")).unwrap_or_default();
    let services: Vec<&str> = file
        .lines()
        .skip_while(|l| *l != "services:")
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with(' ') || l.starts_with('#'))
        .filter_map(|l| l.strip_prefix("  ")?.strip_suffix(':'))
        .filter(|s| !s.starts_with(' ') && !s.starts_with('#'))
        .collect();
    let verb = words.iter().skip(1).position(|w| ["up", "run", "down", "logs", "ps", "stop"].contains(&w.as_str()));
    let Some(verb) = verb.map(|i| words[i + 1].as_str()) else {
        return Some("no compose verb the guide uses (up, run, down, logs, ps, stop)".into());
    };
    if matches!(verb, "up" | "run") {
        let service = words.last().map(String::as_str).unwrap_or_default();
        if !services.contains(&service) {
            return Some(format!("{service:?} is not a service of docker/compose.yml ({})", services.join(", ")));
        }
    }
    for (k, v) in &cmd.env {
        if k == "GENESIS_RUN_STAGE" {
            if let Err(e) = v.parse::<runner::domain::Stage>() {
                return Some(format!("GENESIS_RUN_STAGE: {e}"));
            }
        }
    }
    None
}

fn harness_cli(args: &[&str]) -> Option<String> {
    use clap::Parser;
    let argv = std::iter::once("harness").chain(args.iter().copied());
    harness::cli::Cli::try_parse_from(argv).err().map(|e| e.to_string())
}

fn runner_cli(args: &[&str]) -> Option<String> {
    use clap::Parser;
    let argv = std::iter::once("genesis-runner").chain(args.iter().copied());
    runner::cli::Cli::try_parse_from(argv).err().map(|e| e.to_string())
}

/// `-p <crate>` is a workspace crate, `--test <t>` one of its test files, `--example <e>` one
/// of its examples, a `features::<f>`
/// filter a feature file, `--profile <p>` a profile of .config/nextest.toml.
fn nextest(words: &[String]) -> Option<String> {
    let krate = value_of(words, "-p");
    if let Some(k) = krate {
        if !repo().join(k).join("Cargo.toml").exists() {
            return Some(format!("no crate {k}"));
        }
    }
    if let (Some(k), Some(t)) = (krate, value_of(words, "--test")) {
        let file = repo().join(k).join("tests").join(format!("{t}.rs"));
        if !file.exists() {
            return Some(format!("no test file {}", file.display()));
        }
    }
    if let (Some(k), Some(e)) = (krate, value_of(words, "--example")) {
        let file = repo().join(k).join("examples").join(format!("{e}.rs"));
        if !file.exists() {
            return Some(format!("no example {}", file.display()));
        }
    }
    if let Some(filter) = value_of(words, "-E") {
        if let Some(feature) = filter.split("features::").nth(1) {
            let feature: String = feature.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !repo().join("features").join(format!("{feature}.feature")).exists() {
                return Some(format!("no features/{feature}.feature"));
            }
        }
    }
    if let Some(profile) = value_of(words, "--profile") {
        let config = std::fs::read_to_string(repo().join(".config/nextest.toml")).unwrap_or_default();
        if !config.contains(&format!("[profile.{profile}]")) {
            return Some(format!("no nextest profile {profile}"));
        }
    }
    None
}

#[test]
fn every_documented_command_is_one_the_programs_accept() {
    let mut found = 0;
    let mut wrong = Vec::new();
    for doc in documents() {
        for c in commands(&doc) {
            found += 1;
            if let Some(why) = judge(&words(&c.line)) {
                wrong.push(format!("{}: `{}`: {why}", c.at, c.line));
            }
        }
    }
    assert!(found >= 10, "only {found} commands found in the documents: is the extraction broken?");
    assert!(wrong.is_empty(), "documented commands that do not match the repository:\n{}", wrong.join("\n"));
}

/// The judge itself refuses what it should: a test that passes with `judge` returning None
/// for everything would prove nothing.
#[test]
fn the_judge_refuses_a_stale_flag_a_missing_test_and_an_unknown_command() {
    let stale = ["cargo run --release -p harness -- up --validatorz 3", "harness perturb val-2 explode"];
    for line in stale {
        assert!(judge(&words(line)).is_some(), "`{line}` was accepted");
    }
    assert!(judge(&words("cargo nextest run -p harness --test no_such_test")).is_some());
    assert!(judge(&words("cargo nextest run -p harness --example no_such_example")).is_some());
    assert!(judge(&words("cargo nextest run -p harness -E 'test(=features::nope)'")).is_some());
    assert!(judge(&words("cargo bench -p simchain --bench nope")).is_some());
    assert!(judge(&words("bash ci/nope.sh")).is_some());
    assert!(judge(&words("rm -rf /")).is_some());
    assert!(judge(&words("genesis-runner verify")).is_some(), "verify without a path parsed");
    assert!(judge(&words("GENESIS_RUN_STAGE=gentxs docker-compose -p v1 run --rm node")).is_some());
    assert!(judge(&words("docker-compose -p v1 up -d signer")).is_some());
    assert!(judge(&words("docker-compose up -d node")).is_some(), "a compose command without its project");
    // And accepts what exists, so the refusals above are about the difference.
    for line in [
        "cargo run --release -p harness -- up --validators 3",
        "HARNESS_SCENARIO='cut off' cargo nextest run -p harness -E 'test(=features::faults)'",
        "genesis-runner verify --chain-id gonka-mainnet artifacts/",
        "bash ci/test.sh   # everything",
        "time bash docker/build-images.sh",
        "GENESIS_RUN_STAGE=gentx docker-compose -p validator-1 run --rm --use-aliases node",
    ] {
        assert_eq!(judge(&words(line)), None, "`{line}`");
    }
}

/// The hosts file of the operator's guide is one the harness reads.
#[test]
fn the_documented_hosts_file_parses() {
    let guide = std::fs::read_to_string(repo().join("docs/operator-guide.md")).expect("operator's guide");
    let start = guide.find("```toml\n# hosts.toml").expect("the hosts.toml block") + "```toml\n".len();
    let block = &guide[start..start + guide[start..].find("```").expect("block end")];
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("hosts.toml");
    std::fs::write(&file, block).expect("write");
    let hosts = block.lines().filter(|l| l.trim() == "[[host]]").count();
    let read = harness::docker::hosts::read(&file, hosts).expect("the documented hosts.toml");
    assert_eq!(read.len(), hosts);
}

/// Each package of a `cargo tree` with the features it is built with: "name vX.Y.Z" -> features.
fn features_of(packages: &[&str]) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = std::process::Command::new(cargo);
    cmd.current_dir(repo()).args(["tree", "--offline", "-e", "normal,build", "--prefix", "none", "-f", "{p} [{f}]"]);
    for p in packages {
        cmd.args(["-p", p]);
    }
    let out = cmd.output().expect("cargo tree");
    assert!(out.status.success(), "cargo tree: {}", String::from_utf8_lossy(&out.stderr));
    let mut map = std::collections::BTreeMap::<String, std::collections::BTreeSet<String>>::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let (Some(open), Some(close)) = (line.rfind('['), line.rfind(']')) else { continue };
        let name = line.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
        let feats = line[open + 1..close].split(',').filter(|f| !f.is_empty()).map(str::to_string);
        map.entry(name).or_default().extend(feats);
    }
    map
}

/// The quick start's `cargo run -p harness` builds the harness alone, then the harness builds
/// genesis-runner, simchaind and tmkms (with `-p harness` among them). Cargo unifies features
/// per invocation: a dependency both share, built with other features the second time, is
/// compiled twice (a fresh clone spent 2 min 21 s in that second build). workspace-hack asks
/// for the binaries' features on the harness's side; a feature added to one side only fails
/// here, naming the package.
#[test]
fn the_quick_start_builds_every_shared_dependency_with_the_same_features_both_times() {
    let alone = features_of(&["harness"]);
    let with_binaries = features_of(&["harness", "runner", "simchain", "kms"]);
    assert!(alone.len() > 100 && with_binaries.len() > alone.len(), "cargo tree listed too little");
    let differ: Vec<String> = alone
        .iter()
        .filter_map(|(pkg, f)| {
            let g = with_binaries.get(pkg)?;
            (f != g).then(|| {
                let only_binaries: Vec<_> = g.difference(f).collect();
                let only_harness: Vec<_> = f.difference(g).collect();
                format!("{pkg}: with the binaries only {only_binaries:?}, harness only {only_harness:?}")
            })
        })
        .collect();
    assert!(differ.is_empty(), "add these to workspace-hack/Cargo.toml:\n{}", differ.join("\n"));
}
