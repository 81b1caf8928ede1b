//! Helpers for tests that drive the workspace's real binaries as processes.
//!
//! Tests never call a stand-in as a library when the issue asks for a process: they find the
//! binary here. A binary of another package is not built by `cargo test` for this package, so
//! when it is missing we build it once with the same cargo and profile (cargo's own lock makes
//! concurrent test processes wait for one build instead of racing).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub mod modules;
mod tmkms_home;

pub use tmkms_home::TmkmsHome;

/// The workspace binaries the tests drive.
const BINARIES: &[&str] = &["simchaind", "tmkms", "genesis-runner", "harness"];

/// Binaries already built (or found) by this process: cargo is asked once per test process,
/// not once per spawn.
static BUILT: Mutex<Vec<(String, PathBuf)>> = Mutex::new(Vec::new());

/// `target/<profile>` of the running test executable (`target/<profile>/deps/<test>-<hash>`).
pub fn target_profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    let deps = exe.parent().expect("test exe has a parent");
    let dir = if deps.ends_with("deps") { deps.parent().expect("deps has a parent") } else { deps };
    dir.to_path_buf()
}

fn profile_of(dir: &Path) -> Option<String> {
    let name = dir.file_name()?.to_str()?;
    match name {
        "debug" => None,
        other => Some(other.to_string()),
    }
}

/// Path of a workspace binary, building it when absent. `<NAME>_BIN` (upper case, `-` → `_`)
/// overrides, so the same tests can point at a real `inferenced` or an installed tmkms.
pub fn binary(name: &str) -> PathBuf {
    let var = format!("{}_BIN", name.to_uppercase().replace('-', "_"));
    if let Some(p) = std::env::var_os(&var) {
        return PathBuf::from(p);
    }
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, p)) = built.iter().find(|(n, _)| n == name) {
        return p.clone();
    }
    let dir = target_profile_dir();
    let path = dir.join(name);
    assert!(BINARIES.contains(&name), "{name} is not a binary of this workspace");
    // Always ask cargo: it is a no-op when the binary is fresh, and a stale binary would make
    // a test pass or fail on yesterday's code. One workspace-wide build with the test targets,
    // not `-p <package>`: that resolves the features the test build resolved, so it neither
    // rebuilds shared dependencies nor makes the next `cargo nextest run` rebuild them back.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--quiet", "--workspace", "--bins", "--tests"]);
    without_test_env(&mut cmd);
    if let Some(profile) = profile_of(&dir) {
        cmd.args(["--profile", &profile]);
    }
    if let Some(target_dir) = dir.parent() {
        cmd.arg("--target-dir").arg(target_dir);
    }
    let status = cmd.status().unwrap_or_else(|e| panic!("running cargo to build {name}: {e}"));
    assert!(status.success(), "cargo build --workspace --bins (for {name}) failed");
    assert!(path.exists(), "{} missing after cargo build", path.display());
    // That one build made every workspace binary fresh.
    for bin in BINARIES {
        if !built.iter().any(|(n, _)| n == bin) {
            built.push((bin.to_string(), dir.join(bin)));
        }
    }
    path
}

/// A `genesis-runner` built with its `failpoints` feature (deterministic power cuts named by
/// `FAILPOINTS`), in a target dir of its own so that the workspace's own builds keep theirs.
/// `GENESIS_RUNNER_FAILPOINTS_BIN` overrides.
pub fn runner_with_failpoints() -> PathBuf {
    if let Some(p) = std::env::var_os("GENESIS_RUNNER_FAILPOINTS_BIN") {
        return PathBuf::from(p);
    }
    let dir = target_profile_dir();
    let target = dir.parent().map(|t| t.join("failpoints")).expect("target dir");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--quiet", "-p", "runner", "--bin", "genesis-runner", "--features", "failpoints"]);
    without_test_env(&mut cmd);
    let profile = profile_of(&dir);
    if let Some(p) = &profile {
        cmd.args(["--profile", p]);
    }
    cmd.arg("--target-dir").arg(&target);
    let status = cmd.status().unwrap_or_else(|e| panic!("running cargo to build genesis-runner with failpoints: {e}"));
    assert!(status.success(), "cargo build -p runner --features failpoints failed");
    target.join(profile.as_deref().unwrap_or("debug")).join("genesis-runner")
}

/// Removes the variables cargo sets for a running test (`CARGO_PKG_NAME=harness`, ...) from a
/// nested cargo's environment. Build scripts such as ring's declare `rerun-if-env-changed` on
/// those names, so a nested build that inherits them rebuilds those crates, and the next
/// `cargo nextest run` rebuilds them back.
pub fn without_test_env(cmd: &mut Command) {
    const PREFIXES: &[&str] = &["CARGO_PKG_", "CARGO_BIN_", "CARGO_CFG_", "CARGO_MANIFEST_", "NEXTEST_"];
    const NAMES: &[&str] = &["CARGO_CRATE_NAME", "CARGO_PRIMARY_PACKAGE", "CARGO_TARGET_TMPDIR", "OUT_DIR"];
    for (key, _) in std::env::vars_os() {
        let Some(k) = key.to_str() else { continue };
        if PREFIXES.iter().any(|p| k.starts_with(p)) || NAMES.contains(&k) {
            cmd.env_remove(&key);
        }
    }
}

/// A fresh temporary directory removed on drop unless `KEEP_TEST_DIRS` is set.
pub fn temp_dir(label: &str) -> tempfile::TempDir {
    let prefix = format!("{label}-");
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix);
    if std::env::var_os("KEEP_TEST_DIRS").is_some() {
        b.disable_cleanup(true);
    }
    b.tempdir().expect("temp dir")
}

/// A TCP port that was free a moment ago. Racy by nature; callers that need several ports
/// with a fixed stride use [`free_port_base`].
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind :0").local_addr().expect("addr").port()
}

/// Port blocks this process holds (their lock files stay open, so locked, until it exits).
static RESERVED: Mutex<Vec<std::fs::File>> = Mutex::new(Vec::new());

/// Reserves the 100-port blocks that `first..=last` touches for this process, across every
/// test process on the machine (an flock per block). A bind test alone is not enough: a test
/// whose node is down for a restart leaves its ports free for a moment, and another test that
/// looks just then takes them.
fn reserve_ports(first: u16, last: u16) -> bool {
    let dir = std::env::temp_dir().join("testkit-ports");
    if std::fs::create_dir_all(&dir).is_err() {
        return true; // no reservations possible here: the bind test still applies
    }
    let mut held = Vec::new();
    for block in first / 100..=last / 100 {
        let Ok(f) = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(format!("{block}.lock")))
        else {
            return false;
        };
        if f.try_lock().is_err() {
            return false; // dropping `held` releases what was taken
        }
        held.push(f);
    }
    RESERVED.lock().unwrap_or_else(|e| e.into_inner()).extend(held);
    true
}

/// A base port such that `base + stride * i + offset` is free for `i < count`, every
/// `offset < span`. Picked at random in a high range, reserved against every other test
/// process, and checked by binding.
pub fn free_port_base(count: u16, stride: u16, span: u16) -> u16 {
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0);
    let seed = (std::process::id() as u64).rotate_left(32) ^ nanos;
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    for _ in 0..200 {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        // Below Linux's ephemeral range (32768+): a port there can be taken by any outgoing
        // connection between this check and the bind, which made tests flaky.
        let room = 32000u16.saturating_sub(stride * count + span);
        let base = 10000 + ((x >> 33) % u64::from(room.saturating_sub(10000).max(1))) as u16;
        let last = base + stride * count.saturating_sub(1) + span.saturating_sub(1);
        if !reserve_ports(base, last) {
            continue;
        }
        let all_free =
            (0..count).all(|i| (0..span).all(|o| TcpListener::bind(("127.0.0.1", base + stride * i + o)).is_ok()));
        if all_free {
            return base;
        }
    }
    panic!("no free port range found");
}

/// Polls `f` until it returns `Some` or `budget` elapses; the budget is part of the assertion
/// ("within 20 s"), not a sleep.
pub fn wait_for<T>(budget: Duration, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        if start.elapsed() > budget {
            panic!("timed out after {budget:?} waiting for {what}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The file every skipped test appends a line to: `target/skipped-tests.txt` (or
/// `SKIPPED_TESTS_FILE`). `ci/test.sh`
/// empties it before the run and lists it after, so a skip is in the run's summary and not
/// only in the hidden output of a test that passed.
pub fn skipped_tests_file() -> PathBuf {
    if let Some(f) = std::env::var_os("SKIPPED_TESTS_FILE") {
        return PathBuf::from(f);
    }
    let profile = target_profile_dir();
    profile.parent().unwrap_or(&profile).join("skipped-tests.txt")
}

/// A test that cannot run here says why and passes; under `CI=true` it fails instead (CI must
/// never go green by skipping). Returns normally only when skipping is allowed.
pub fn skip(test: &str, why: &str) {
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("CI=true and {test} cannot run: {why}");
    }
    eprintln!("SKIPPED {test}: {why}");
    // One write per line with O_APPEND: lines from concurrent test processes do not interleave.
    use std::io::Write;
    let line = format!("{test}: {why}\n");
    let _ = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(skipped_tests_file())
        .and_then(|mut f| f.write_all(line.as_bytes()));
}
