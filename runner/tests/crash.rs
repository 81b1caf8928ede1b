//! Crash consistency: a host loses power in the middle of a stage. The runner's whole process
//! group (it and the chain binary it spawned) is killed with SIGKILL at seeded random moments
//! of every stage of a 2-host ceremony; then the operator runs the same stage again (without
//! FORCE; with FORCE only where that is refused because every output exists). Each time:
//!
//! - the re-run succeeds;
//! - no key is replaced: every file of KEYRING_HOME and TMKMS_HOME that existed after the kill
//!   is byte-identical after the re-run (and, after keygen, both homes are as before the stage);
//! - the artifacts are those of an uninterrupted run: alike in everything two uninterrupted
//!   runs made alike (whole files, or every JSON value and text line but those that carry a
//!   time), never comparing nothing; after keygen, whose keys are new each run, every public
//!   file is what a forced run derives from the keys the host now holds; each dir's
//!   sha256sum.txt matches its files, and no temp file is left behind;
//! - the ceremony goes on from the re-run's artifacts, so the next host accepts them.
//!
//! `CRASH_SEED=<n>` replays the kill moments; the seed is printed.
//!
//! A second test leaves no moment to chance. It runs a genesis-runner built with the
//! `failpoints` feature (built once by the nextest setup script `runner/tests/failpoints-setup.sh`)
//! and cuts the power, with `FAILPOINTS`, at every pass of each point in turn:
//!
//! - every atomic write, before and after its rename;
//! - every run of the chain binary, just after its spawn and just after its exit;
//! - tmkms's answer in keygen.
//!
//! The same checks follow each cut. With `write_atomic` turned into a plain write cut half-way,
//! this test fails at keygen's second write: a torn mnemonic, which the re-run cannot import.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

type Snap = BTreeMap<PathBuf, (u32, Vec<u8>)>;

/// Kill moments per stage.
const KILLS: usize = 4;

fn is_dir(mode: u32) -> bool {
    mode & 0o170000 == 0o040000
}

/// Makes `dir` exactly what `snap` recorded (files, directories, modes).
fn restore(dir: &Path, snap: &Snap) {
    use std::os::unix::fs::PermissionsExt;
    let now = snapshot(dir);
    for p in now.keys().rev() {
        if !snap.contains_key(p) {
            if p.is_dir() {
                let _ = std::fs::remove_dir_all(p);
            } else {
                let _ = std::fs::remove_file(p);
            }
        }
    }
    if !snap.is_empty() || dir.exists() {
        std::fs::create_dir_all(dir).unwrap();
    }
    for (p, (mode, bytes)) in snap {
        if is_dir(*mode) {
            std::fs::create_dir_all(p).unwrap();
        } else {
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode & 0o7777)).unwrap();
    }
}

/// A small seeded generator (splitmix64): the kill moments replay with the seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

struct Stage<'a> {
    host: &'a Host,
    stage: &'static str,
    env: Vec<(&'static str, String)>,
}

impl Stage<'_> {
    fn env(&self, force: bool) -> Vec<(&str, &str)> {
        let mut e: Vec<(&str, &str)> = self.env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        if force {
            e.push(("FORCE", "1"));
        }
        e
    }

    fn run(&self, force: bool) -> std::process::Output {
        self.host.stage(self.stage, &self.env(force))
    }

    /// Runs the stage and SIGKILLs its process group after `after`; whether it had finished.
    fn run_and_kill(&self, after: Duration) -> bool {
        let mut o: Vec<(&str, &str)> = vec![("GENESIS_RUN_STAGE", self.stage)];
        o.extend(self.env(false));
        let mut child = self
            .host
            .command(&[], &o)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        let pgid = i32::try_from(child.id()).unwrap();
        assert!(pgid > 1 && nix::unistd::Pid::from_raw(pgid) != nix::unistd::getpgrp(), "not a group of its own");
        std::thread::sleep(after);
        let finished = child.try_wait().unwrap().is_some();
        if !finished {
            // The runner and the chain binary it spawned, as a power cut takes both.
            nix::sys::signal::killpg(nix::unistd::Pid::from_raw(pgid), nix::sys::signal::Signal::SIGKILL).unwrap();
            let _ = child.wait();
        }
        finished
    }

    /// Runs the stage with the failpoints build of the runner, set to cut the power at pass
    /// `pass` (from 0) of `point`; whether it was cut (false: the stage finished first, having
    /// passed `point` fewer times).
    fn run_to_power_cut(&self, runner: &Path, point: &str, pass: u32) -> bool {
        let cut = if pass == 0 { "return".to_string() } else { format!("{pass}*off->return") };
        let failpoints = format!("{point}={cut}");
        let mut o: Vec<(&str, &str)> = vec![("GENESIS_RUN_STAGE", self.stage), ("FAILPOINTS", &failpoints)];
        o.extend(self.env(false));
        let t0 = Instant::now();
        let out = self.host.command_of(runner, &[], &o).stdin(Stdio::null()).process_group(0).output().unwrap();
        eprintln!("  {} {} with {failpoints}: {:?} in {:?}", self.host.name, self.stage, out.status, t0.elapsed());
        use std::os::unix::process::ExitStatusExt;
        match out.status.signal() {
            Some(9) => true,
            _ => {
                assert!(out.status.success(), "{} {} with {failpoints}: {}", self.host.name, self.stage, stderr(&out));
                false
            }
        }
    }

    fn homes(&self) -> [PathBuf; 4] {
        let h = self.host;
        [h.homes.keyring.clone(), h.homes.tmkms.clone(), h.homes.artifacts.clone(), h.homes.node.clone()]
    }
}

/// Key file names with the hex addresses in them blanked, without the keyring's
/// `<hex address>.address` index entries: the SDK keyring (and the stand-in, which writes the
/// same format) writes `<name>.info` and then its index entry as two files, so a kill between
/// them leaves a key without its index entry. That is the chain daemon's own format, which the
/// runner never writes; the runner looks keys up only by name, which needs the `.info` alone.
fn shape(keys: &Snap) -> Vec<String> {
    let hex = |w: &str| w.len() == 40 && w.bytes().all(|b| b.is_ascii_hexdigit());
    let mut v: Vec<String> = keys
        .keys()
        .filter(|p| p.extension().is_none_or(|e| e != "address"))
        .map(|p| {
            let s = p.display().to_string();
            s.split('/')
                .map(|part| if part.split('.').next().is_some_and(hex) { "<address>" } else { part })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    v.sort();
    v
}

/// A write_atomic temp file (`.<name>.tmp-<pid>`): what a writer cut off before its rename left.
fn is_temp(p: &Path) -> bool {
    p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.') && n.to_string_lossy().contains(".tmp-"))
}

/// The key files of a host. A temp file is not one: a key is used only once renamed into place
/// (the mnemonic is saved before its key is imported, the node key before it is published), so
/// a temp left by a cut-off writer holds nothing anyone relies on, and the next write of the
/// same name sweeps it.
fn keys(h: &Host) -> Snap {
    let mut s = snapshot(&h.homes.keyring);
    s.extend(snapshot(&h.homes.tmkms));
    s.into_iter().filter(|(p, (m, _))| !is_dir(*m) && !is_temp(p)).collect()
}

/// Temp files left in the key homes.
fn key_temps(h: &Host) -> Vec<PathBuf> {
    let mut s = snapshot(&h.homes.keyring);
    s.extend(snapshot(&h.homes.tmkms));
    s.into_keys().filter(|p| is_temp(p)).collect()
}

fn artifact_files(h: &Host) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot(&h.homes.artifacts).into_iter().filter(|(_, (m, _))| !is_dir(*m)).map(|(p, (_, b))| (p, b)).collect()
}

/// Every sha256sum.txt under the artifacts matches the files it lists; no temp file is left.
fn artifacts_consistent(h: &Host, what: &str) {
    for (p, bytes) in artifact_files(h) {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.contains(".tmp-"), "{what}: temp file left: {}", p.display());
        if name == "sha256sum.txt" {
            for line in String::from_utf8(bytes).unwrap().lines().filter(|l| !l.is_empty()) {
                let (hash, file) = line.split_once("  ").unwrap_or_else(|| panic!("{what}: {}: {line}", p.display()));
                let f = p.parent().unwrap().join(file);
                let actual = std::fs::read(&f).map(|b| sha256_hex(&b)).unwrap_or_default();
                assert_eq!(actual, hash, "{what}: {} does not match {}", f.display(), p.display());
            }
        }
    }
}

/// What two uninterrupted runs of a stage made alike in one artifact.
#[derive(Debug)]
enum Stable {
    /// Byte for byte.
    Whole,
    /// A JSON file: every value but those at these pointers (a time: `genesis_time`, a
    /// participant's join time, a grant's expiry).
    JsonBut(Vec<String>),
    /// A text file of as many lines: every line but these (a `sha256sum.txt` line of a file
    /// that carries a time).
    LinesBut(Vec<usize>),
}

impl Stable {
    fn between(a: &[u8], b: &[u8]) -> Option<Stable> {
        if a == b {
            return Some(Stable::Whole);
        }
        if let (Ok(x), Ok(y)) = (serde_json::from_slice(a), serde_json::from_slice(b)) {
            let mut at = Vec::new();
            json_diff(&x, &y, String::new(), &mut at);
            return Some(Stable::JsonBut(at));
        }
        let (x, y) = (std::str::from_utf8(a).ok()?, std::str::from_utf8(b).ok()?);
        let (x, y): (Vec<&str>, Vec<&str>) = (x.lines().collect(), y.lines().collect());
        let differ: Vec<usize> = (0..x.len()).filter(|&i| x.get(i) != y.get(i)).collect();
        // A line count that differs, or nothing alike: nothing of the file can be compared.
        (x.len() == y.len() && differ.len() < x.len()).then_some(Stable::LinesBut(differ))
    }

    /// Whether `now` agrees with the uninterrupted run's `first` in everything stable.
    fn alike(&self, first: &[u8], now: &[u8]) -> bool {
        match self {
            Stable::Whole => first == now,
            Stable::JsonBut(at) => {
                let masked = |b: &[u8]| {
                    let mut v: serde_json::Value = serde_json::from_slice(b).ok()?;
                    for p in at {
                        if let Some(x) = v.pointer_mut(p) {
                            *x = serde_json::Value::Null;
                        }
                    }
                    Some(v)
                };
                masked(now).is_some() && masked(first) == masked(now)
            }
            Stable::LinesBut(skip) => {
                let (a, b) = (String::from_utf8_lossy(first), String::from_utf8_lossy(now));
                let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
                a.len() == b.len() && (0..a.len()).all(|i| skip.contains(&i) || a[i] == b[i])
            }
        }
    }
}

/// The JSON pointers at which `a` and `b` differ (the deepest where both are objects).
fn json_diff(a: &serde_json::Value, b: &serde_json::Value, at: String, out: &mut Vec<String>) {
    use serde_json::Value::Object;
    match (a, b) {
        (Object(x), Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let null = serde_json::Value::Null;
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                json_diff(x.get(k).unwrap_or(&null), y.get(k).unwrap_or(&null), p, out);
            }
        }
        (serde_json::Value::Array(x), serde_json::Value::Array(y)) if x.len() == y.len() => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                json_diff(u, v, format!("{at}/{i}"), out);
            }
        }
        _ if a != b => out.push(at),
        _ => {}
    }
}

fn diff(first: Option<&Vec<u8>>, now: Option<&Vec<u8>>) -> String {
    let text = |b: Option<&Vec<u8>>| String::from_utf8_lossy(b.map(Vec::as_slice).unwrap_or_default()).into_owned();
    let (a, b) = (text(first), text(now));
    a.lines()
        .zip(b.lines())
        .filter(|(x, y)| x != y)
        .take(5)
        .map(|(x, y)| format!("  uninterrupted: {x}\n  re-run:        {y}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One stage under test: what its host held before, and what two uninterrupted runs made.
struct Trial<'a> {
    s: &'a Stage<'a>,
    what: String,
    before: Vec<Snap>,
    keys_before: Snap,
    first: BTreeMap<PathBuf, Vec<u8>>,
    first_keys: Snap,
    /// What of each artifact two uninterrupted runs made alike (a file absent here differed
    /// in a way nothing of it can be compared).
    stable: BTreeMap<PathBuf, Stable>,
    took: Duration,
}

impl<'a> Trial<'a> {
    /// Two uninterrupted runs, to learn what the stage makes and what of it is deterministic.
    fn new(s: &'a Stage<'a>) -> Trial<'a> {
        let what = format!("{} {}", s.host.name, s.stage);
        let mut t = Trial {
            s,
            before: s.homes().iter().map(|d| snapshot(d)).collect(),
            keys_before: keys(s.host),
            what,
            first: BTreeMap::new(),
            first_keys: Snap::new(),
            stable: BTreeMap::new(),
            took: Duration::ZERO,
        };
        let t0 = Instant::now();
        let out = s.run(false);
        assert!(out.status.success(), "{} (uninterrupted): {}", t.what, stderr(&out));
        t.took = t0.elapsed();
        t.first = artifact_files(s.host);
        t.first_keys = keys(s.host);
        t.reset();
        // A second apart: what carries a time (genesis_time from `init`, a participant's
        // join_time, a grant's expiry) then differs, and only what truly repeats counts as stable.
        std::thread::sleep(Duration::from_millis(1100));
        assert!(s.run(false).status.success(), "{} (second uninterrupted run)", t.what);
        let second = artifact_files(s.host);
        t.stable = t.first.iter().filter_map(|(p, a)| Some((p.clone(), Stable::between(a, second.get(p)?)?))).collect();
        // keygen's artifacts follow from new keys each run; they are compared with what a forced
        // re-run derives from the keys the host holds (`converges`).
        if !t.keygen() {
            assert!(
                !t.stable.is_empty(),
                "{}: no artifact of two uninterrupted runs alike: nothing to compare",
                t.what
            );
        }
        t
    }

    fn keygen(&self) -> bool {
        self.s.stage == "keygen"
    }

    /// The host as it was before the stage (keygen: with no keys, as a fresh host).
    fn reset(&self) {
        // TMKMS_HOME belongs to the running tmkms: it is compared, never rewritten.
        for (i, d) in self.s.homes().iter().enumerate() {
            if i != 1 {
                restore(d, &self.before[i]);
            }
        }
        if self.keygen() {
            restore(&self.s.host.homes.keyring, &Snap::new());
        }
    }

    /// After a kill: the operator's re-run (with FORCE only where refused) converges to what
    /// an uninterrupted run makes, and no key is replaced.
    fn converges(&self, cut: &str) {
        let s = self.s;
        let keys_after_kill = keys(s.host);
        let mut out = s.run(false);
        let mut forced = false;
        if out.status.code() == Some(4) {
            forced = true;
            out = s.run(true);
        }
        let label = format!("{}, {cut}, re-run{}", self.what, if forced { " with FORCE" } else { "" });
        eprintln!("{label}");
        assert!(out.status.success(), "{label}: {}", stderr(&out));
        let keys_now = keys(s.host);
        let temps = key_temps(s.host);
        assert!(temps.is_empty(), "{label}: temp files left in the key homes: {temps:?}");
        for (p, (_, b)) in &keys_after_kill {
            assert!(keys_now.get(p).is_some_and(|(_, n)| n == b), "{label}: key file {} replaced", p.display());
        }
        if self.keygen() {
            // The same key files as an uninterrupted keygen (their names hold the new keys'
            // addresses).
            assert_eq!(shape(&keys_now), shape(&self.first_keys), "{label}: key files");
        } else {
            assert!(keys_now == self.keys_before, "{label}: KEYRING_HOME or TMKMS_HOME changed");
        }
        let now = artifact_files(s.host);
        assert_eq!(now.keys().collect::<Vec<_>>(), self.first.keys().collect::<Vec<_>>(), "{label}: artifact files");
        let compared = if self.keygen() {
            // What an uninterrupted keygen derives from the keys this host now holds: a forced
            // run keeps the keys and writes every public file again from them.
            let forced = s.run(true);
            assert!(forced.status.success(), "{label}, forced reference run: {}", stderr(&forced));
            assert!(keys(s.host) == keys_now, "{label}: the forced reference run changed a key file");
            let reference = artifact_files(s.host);
            for (p, b) in &now {
                if reference.get(p) != Some(b) {
                    panic!(
                        "{label}: {} is not what the host's keys give:\n{}",
                        p.display(),
                        diff(reference.get(p), Some(b))
                    );
                }
            }
            now.len()
        } else {
            for (p, stable) in &self.stable {
                if !stable.alike(&self.first[p], now.get(p).map(Vec::as_slice).unwrap_or_default()) {
                    panic!(
                        "{label}: {} differs from an uninterrupted run's:\n{}",
                        p.display(),
                        diff(self.first.get(p), now.get(p))
                    );
                }
            }
            self.stable.len()
        };
        // Not true by construction: an empty artifacts dir, or a stage whose every file carried
        // a time, would compare nothing.
        assert!(compared > 0, "{label}: no artifact compared");
        artifacts_consistent(s.host, &label);
    }
}

/// `KILLS` kills of `s` at seeded moments, each followed by the operator's re-run; leaves the
/// last re-run's state for the ceremony to go on from.
fn crash_and_rerun(s: &Stage, rng: &mut Rng) {
    let t = Trial::new(s);
    for _ in 0..KILLS {
        t.reset();
        let at = Duration::from_millis(rng.below(t.took.as_millis() as u64 * 5 / 4 + 1));
        let finished = s.run_and_kill(at);
        t.converges(&format!("killed at {at:?} ({})", if finished { "after it finished" } else { "mid-stage" }));
    }
}

/// Where a power cut is made deterministically (runner feature `failpoints`): every atomic
/// write before and after its rename, every chain-binary run just after it was spawned and
/// just after it exited, and tmkms's answer in keygen.
const POINTS: &[&str] = &[
    "write_atomic::before_rename",
    "write_atomic::after_rename",
    "chain_cli::spawned",
    "chain_cli::exited",
    "signer::answered",
];

/// A power cut of `s` at each pass of each of [`POINTS`] in turn, each followed by the
/// operator's re-run; returns how many cuts were made.
fn cut_at_every_point(s: &Stage, runner: &Path) -> usize {
    let t = Trial::new(s);
    let mut cuts = 0;
    for point in POINTS {
        for pass in 0.. {
            t.reset();
            if !s.run_to_power_cut(runner, point, pass) {
                break;
            }
            cuts += 1;
            t.converges(&format!("power cut at pass {} of {point}", pass + 1));
        }
    }
    cuts
}

/// The 2-host ceremony (coordinator and one validator), each stage handed to `each` and the
/// public files then carried on from what it left.
fn ceremony(each: &mut dyn FnMut(&Stage)) {
    let tmp = testkit::temp_dir("crash");
    let base = testkit::free_port_base(2, 10, 3);
    let (c, v) = (Host::new(tmp.path(), "coord", 0, base), Host::new(tmp.path(), "val1", 1, base));
    let _kms = [c.kms(), v.kms()];
    // A fixed genesis time: the coordinator's final genesis is then the same on every run.
    let fixed = ("GENESIS_TIME", "2030-01-01T00:00:00Z".to_string());
    let stage = |host, stage, env| Stage { host, stage, env };

    for h in [&c, &v] {
        each(&stage(h, "keygen", vec![]));
    }
    move_with_checksums(&v, &c, "addresses", &["val1.txt"]);
    move_validator_dir(&v, &c);
    each(&stage(&c, "intermediate_genesis", vec![]));
    move_with_checksums(&c, &v, "genesis", &["intermediate_genesis.json"]);
    for h in [&c, &v] {
        each(&stage(h, "gentx", vec![]));
    }
    move_with_checksums(&v, &c, "gentxs", &["val1.json"]);
    move_with_checksums(&v, &c, "genparticipants", &["val1.json"]);
    each(&stage(&c, "start", vec![("NO_START", "1".into()), fixed.clone()]));
    move_with_checksums(&c, &v, "genesis", &["final_genesis.json"]);
    move_with_checksums(&c, &v, "peers", &["persistent_peers.txt"]);
    each(&stage(&v, "start", vec![("NO_START", "1".into())]));
}

#[test]
fn every_stage_killed_at_random_moments_converges_on_rerun_and_the_ceremony_goes_on() {
    let seed: u64 = std::env::var("CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(7)
    });
    eprintln!("crash seed {seed} (CRASH_SEED={seed} replays the kill moments)");
    let mut rng = Rng(seed);
    ceremony(&mut |s| crash_and_rerun(s, &mut rng));
}

/// The same, with the power cut at every write (before and after its rename), every spawn and
/// exit of the chain binary and tmkms's answer, pass by pass: no moment is left to chance.
#[test]
fn every_stage_cut_at_every_write_spawn_and_signer_answer_converges_on_rerun() {
    let runner = testkit::runner_with_failpoints();
    let mut cuts = Vec::new();
    ceremony(&mut |s| cuts.push((format!("{} {}", s.host.name, s.stage), cut_at_every_point(s, &runner))));
    eprintln!("power cuts per stage: {cuts:?}");
    // Every stage writes, and every stage runs the chain binary: none was passed over.
    for (stage, n) in &cuts {
        assert!(*n >= 3, "{stage}: only {n} power cuts");
    }
}
