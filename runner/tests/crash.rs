//! Crash consistency: a host loses power in the middle of a stage. The runner's whole process
//! group (it and the chain binary it spawned) is killed with SIGKILL at seeded random moments
//! of every stage of a 2-host ceremony; then the operator runs the same stage again (without
//! FORCE; with FORCE only where that is refused because every output exists). Each time:
//!
//! - the re-run succeeds;
//! - no key is replaced: every file of KEYRING_HOME and TMKMS_HOME that existed after the kill
//!   is byte-identical after the re-run (and, after keygen, both homes are as before the stage);
//! - the artifacts are those of an uninterrupted run: byte-identical where two uninterrupted
//!   runs agree byte for byte (the rest carry a time), each dir's sha256sum.txt matches its files,
//!   and no temp file is left behind;
//! - the ceremony goes on from the re-run's artifacts, so the next host accepts them.
//!
//! `CRASH_SEED=<n>` replays the kill moments; the seed is printed.

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

    fn homes(&self) -> [PathBuf; 4] {
        let h = self.host;
        [h.keyring_home(), h.tmkms_home(), h.artifacts(), h.node_home()]
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

fn keys(h: &Host) -> Snap {
    let mut s = snapshot(&h.keyring_home());
    s.extend(snapshot(&h.tmkms_home()));
    s.into_iter().filter(|(_, (m, _))| !is_dir(*m)).collect()
}

fn artifact_files(h: &Host) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot(&h.artifacts()).into_iter().filter(|(_, (m, _))| !is_dir(*m)).map(|(p, (_, b))| (p, b)).collect()
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

/// Runs `s` under test: two uninterrupted runs to learn what is deterministic, then `KILLS`
/// kills at seeded moments, each followed by the operator's re-run; leaves the last re-run's
/// state for the ceremony to go on from.
fn crash_and_rerun(s: &Stage, rng: &mut Rng) {
    let what = format!("{} {}", s.host.name, s.stage);
    let before: Vec<Snap> = s.homes().iter().map(|d| snapshot(d)).collect();
    let keys_before = keys(s.host);
    let reset = || {
        // TMKMS_HOME belongs to the running tmkms: it is compared, never rewritten.
        for (i, d) in s.homes().iter().enumerate() {
            if i != 1 {
                restore(d, &before[i]);
            }
        }
    };
    let t0 = Instant::now();
    let out = s.run(false);
    assert!(out.status.success(), "{what} (uninterrupted): {}", stderr(&out));
    let took = t0.elapsed();
    let first = artifact_files(s.host);
    let first_keys = keys(s.host);
    reset();
    // A second apart: what carries a time (genesis_time from `init`, a participant's
    // join_time, a grant's expiry) then differs, and only what truly repeats counts as stable.
    std::thread::sleep(Duration::from_millis(1100));
    assert!(s.run(false).status.success(), "{what} (second uninterrupted run)");
    let second = artifact_files(s.host);
    let stable: Vec<&PathBuf> = first.keys().filter(|p| second.get(*p) == first.get(*p)).collect();
    let keygen = s.stage == "keygen";
    for _ in 0..KILLS {
        reset();
        if keygen {
            // keygen makes the keys: start each kill from none, as a fresh host.
            restore(&s.host.keyring_home(), &Snap::new());
        }
        let at = Duration::from_millis(rng.below(took.as_millis() as u64 * 5 / 4 + 1));
        let finished = s.run_and_kill(at);
        let keys_after_kill = keys(s.host);
        let mut out = s.run(false);
        let mut forced = false;
        if out.status.code() == Some(4) {
            forced = true;
            out = s.run(true);
        }
        let label = format!(
            "{what}, killed at {at:?} ({}), re-run{}",
            if finished { "after it finished" } else { "mid-stage" },
            if forced { " with FORCE" } else { "" }
        );
        eprintln!("{label}");
        assert!(out.status.success(), "{label}: {}", stderr(&out));
        let keys_now = keys(s.host);
        for (p, (_, b)) in &keys_after_kill {
            assert!(keys_now.get(p).is_some_and(|(_, n)| n == b), "{label}: key file {} replaced", p.display());
        }
        if keygen {
            // The same key files as an uninterrupted keygen (their names hold the new keys'
            // addresses).
            assert_eq!(shape(&keys_now), shape(&first_keys), "{label}: key files");
        } else {
            assert!(keys_now == keys_before, "{label}: KEYRING_HOME or TMKMS_HOME changed");
        }
        let now = artifact_files(s.host);
        assert_eq!(now.keys().collect::<Vec<_>>(), first.keys().collect::<Vec<_>>(), "{label}: artifact files");
        // keygen's artifacts follow from new keys each run: none repeats.
        for p in stable.iter().filter(|_| !keygen) {
            if now.get(*p) != first.get(*p) {
                let text = |b: Option<&Vec<u8>>| {
                    String::from_utf8_lossy(b.map(Vec::as_slice).unwrap_or_default()).into_owned()
                };
                let (a, b) = (text(first.get(*p)), text(now.get(*p)));
                let diff: Vec<String> = a
                    .lines()
                    .zip(b.lines())
                    .filter(|(x, y)| x != y)
                    .take(5)
                    .map(|(x, y)| format!("  uninterrupted: {x}\n  re-run:        {y}"))
                    .collect();
                panic!("{label}: {} differs from an uninterrupted run's:\n{}", p.display(), diff.join("\n"));
            }
        }
        artifacts_consistent(s.host, &label);
    }
}

#[test]
fn every_stage_killed_at_random_moments_converges_on_rerun_and_the_ceremony_goes_on() {
    let seed: u64 = std::env::var("CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(7)
    });
    eprintln!("crash seed {seed} (CRASH_SEED={seed} replays the kill moments)");
    let mut rng = Rng(seed);
    let tmp = testkit::temp_dir("crash");
    let base = testkit::free_port_base(2, 10, 3);
    let (c, v) = (Host::new(tmp.path(), "coord", 0, base), Host::new(tmp.path(), "val1", 1, base));
    let _kms = [c.kms(), v.kms()];
    // A fixed genesis time: the coordinator's final genesis is then the same on every run.
    let fixed = ("GENESIS_TIME", "2030-01-01T00:00:00Z".to_string());
    let stage = |host, stage, env| Stage { host, stage, env };

    for h in [&c, &v] {
        crash_and_rerun(&stage(h, "keygen", vec![]), &mut rng);
    }
    move_with_checksums(&v, &c, "addresses", &["val1.txt"]);
    move_validator_dir(&v, &c);
    crash_and_rerun(&stage(&c, "intermediate_genesis", vec![]), &mut rng);
    move_with_checksums(&c, &v, "genesis", &["intermediate_genesis.json"]);
    for h in [&c, &v] {
        crash_and_rerun(&stage(h, "gentx", vec![]), &mut rng);
    }
    move_with_checksums(&v, &c, "gentxs", &["val1.json"]);
    move_with_checksums(&v, &c, "genparticipants", &["val1.json"]);
    crash_and_rerun(&stage(&c, "start", vec![("NO_START", "1".into()), fixed.clone()]), &mut rng);
    move_with_checksums(&c, &v, "genesis", &["final_genesis.json"]);
    move_with_checksums(&c, &v, "peers", &["persistent_peers.txt"]);
    crash_and_rerun(&stage(&v, "start", vec![("NO_START", "1".into())]), &mut rng);
}
