//! `harness up` stops its network whatever happened to its output, and `harness down` stops an
//! `up` that will not stop by itself: the spawned binaries, as an operator runs them.

use harness::procs::{alive, group_members};
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Whatever the pipe holds now, without waiting for more.
fn drain(r: &mut std::io::PipeReader, seen: &mut Vec<u8>) {
    let mut buf = [0u8; 4096];
    while let Ok(n) = r.read(&mut buf) {
        if n == 0 {
            break;
        }
        seen.extend_from_slice(&buf[..n]);
    }
}

struct State {
    harness_pid: u32,
    groups: Vec<u32>,
}

fn read_state(work: &Path) -> Option<State> {
    let text = std::fs::read_to_string(work.join("harness.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let groups: Vec<u32> = v["pids"].as_array()?.iter().filter_map(|p| p.as_u64()?.try_into().ok()).collect();
    Some(State { harness_pid: v["harness_pid"].as_u64()?.try_into().ok()?, groups })
}

fn ports_of(base: u16, n: u16) -> Vec<u16> {
    (0..n).flat_map(|i| (0..3).map(move |o| base + 10 * i + o)).collect()
}

fn free(port: u16) -> bool {
    std::net::TcpListener::bind(("127.0.0.1", port)).is_ok()
}

/// Brings up 3 validators with stdout and stderr on a pipe (its reader closed from the start
/// when `reader_until_ready` is false, or after the network is ready), sends `sig`, and asserts
/// that within 10 s nothing of the run is left: the `up` process, any member of its process
/// groups, any listener on its ports.
fn up_then(sig: Signal, reader_until_ready: bool) {
    let dir = testkit::temp_dir("harness-signals");
    let work = dir.path().join("w");
    let base = testkit::free_port_base(3, 10, 3);
    // One pipe for stdout and stderr, as `2>&1 | tee`. Its reader is read without blocking
    // (the test decides when it goes away, as Ctrl-C decides for `tee`).
    let (r, w) = std::io::pipe().unwrap();
    nix::fcntl::fcntl(
        std::os::fd::AsRawFd::as_raw_fd(&r),
        nix::fcntl::FcntlArg::F_SETFL(nix::fcntl::OFlag::O_NONBLOCK),
    )
    .unwrap();
    let mut reader = Some(r);
    if !reader_until_ready {
        reader = None; // no reader at all: every write fails with EPIPE
    }
    let err = w.try_clone().unwrap();
    let mut up = Command::new(testkit::binary("harness"))
        .args(["up", "--validators", "3", "--base-port", &base.to_string(), "--work-dir"])
        .arg(&work)
        .args(["--genesis-delay", "1s"])
        .stdin(Stdio::null())
        .stdout(w)
        .stderr(err)
        .spawn()
        .unwrap();
    let pid = up.id();
    let mut seen = Vec::new();
    let state = testkit::wait_for(Duration::from_secs(180), "harness up ready (pids in its state file)", || {
        if let Some(r) = reader.as_mut() {
            drain(r, &mut seen);
        }
        if let Ok(Some(status)) = up.try_wait() {
            panic!("harness up exited before it was ready: {status}\n{}", String::from_utf8_lossy(&seen));
        }
        let said_ready = reader.is_none() || String::from_utf8_lossy(&seen).contains("stops the network");
        read_state(&work).filter(|s| !s.groups.is_empty() && said_ready)
    });
    assert_eq!(state.harness_pid, pid);
    assert_eq!(state.groups.len(), 6, "3 nodes and 3 tmkms");
    let ports = ports_of(base, 3);
    assert!(ports.iter().all(|p| !free(*p)), "every port of the run is held while it runs");
    // The reader goes away (`tee` killed by the same Ctrl-C): up's next write gets EPIPE.
    drop(reader);
    kill(Pid::from_raw(pid as i32), sig).unwrap();
    let t0 = Instant::now();
    let mut status = None;
    let mut left = Vec::new();
    while t0.elapsed() < Duration::from_secs(10) {
        if status.is_none() {
            status = up.try_wait().unwrap();
        }
        left = state.groups.iter().flat_map(|g| group_members(*g)).collect::<Vec<_>>();
        if status.is_some() && left.is_empty() && ports.iter().all(|p| free(*p)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let busy: Vec<u16> = ports.iter().copied().filter(|p| !free(*p)).collect();
    if status.is_none() {
        let _ = up.kill();
    }
    for g in &state.groups {
        let _ = nix::sys::signal::killpg(Pid::from_raw(*g as i32), Signal::SIGKILL);
    }
    assert!(status.is_some(), "harness up (pid {pid}) still running 10 s after {sig}");
    assert!(!alive(pid));
    assert!(left.is_empty(), "processes of the run alive 10 s after {sig}: {left:?}");
    assert!(busy.is_empty(), "ports still held 10 s after {sig}: {busy:?}");
    // Ready, then stopped on request: the documented success.
    assert_eq!(status.and_then(|s| s.code()), Some(0), "exit status after {sig}");
    assert!(!work.join("harness.json").exists(), "the state file of a stopped network stays");
}

#[test]
fn ctrl_c_with_the_output_pipes_reader_gone_stops_every_process_and_frees_every_port() {
    up_then(Signal::SIGINT, true);
}

#[test]
fn sigterm_with_stdout_and_stderr_closed_from_the_start_stops_every_process_and_frees_every_port() {
    up_then(Signal::SIGTERM, false);
}

/// A stand-in for an `up` that does not stop on SIGTERM (stuck in a stage, a bug): SIGTERM is
/// ignored, and ignored signals stay ignored across exec.
fn deaf_process() -> std::process::Child {
    Command::new("sh").args(["-c", "trap '' TERM; exec sleep 600"]).stdin(Stdio::null()).spawn().unwrap()
}

fn write_state(work: &Path, value: serde_json::Value) {
    std::fs::create_dir_all(work).unwrap();
    std::fs::write(work.join("harness.json"), value.to_string()).unwrap();
}

fn down(work: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(testkit::binary("harness"))
        .args(["down", "--keep", "--work-dir"])
        .arg(work)
        .args(extra)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code(), text)
}

#[test]
fn down_escalates_to_sigkill_when_up_ignores_sigterm_and_says_that_nothing_is_left() {
    use std::os::unix::process::CommandExt;
    let dir = testkit::temp_dir("harness-down");
    let work = dir.path().join("w");
    let mut up = deaf_process();
    let pid = up.id();
    // The `exec` has happened once the process is `sleep`: before that, SIGTERM would reach sh.
    testkit::wait_for(Duration::from_secs(10), "the stand-in to exec sleep", || {
        std::fs::read_to_string(format!("/proc/{pid}/comm")).ok().filter(|c| c.trim() == "sleep")
    });
    // A service of the run in a process group of its own, as the process backend starts them.
    let mut service = Command::new("sleep").arg("600").process_group(0).spawn().unwrap();
    let group = service.id();
    write_state(
        &work,
        serde_json::json!({
            "harness_pid": pid,
            "harness_start": harness::procs::start_time(pid),
            "pids": [group],
        }),
    );
    let t0 = Instant::now();
    let (code, said) = down(&work, &["--grace", "2s"]);
    let took = t0.elapsed();
    // Reaped after the verdict: `down` saw them as zombies at most, which are not alive.
    let still_up = alive(pid);
    let still_group = group_members(group);
    let _ = up.kill();
    let _ = up.wait();
    let _ = service.kill();
    let _ = service.wait();
    assert_eq!(code, Some(0), "{said}");
    assert!(!still_up, "the stand-in up (pid {pid}) outlived `harness down`:\n{said}");
    assert!(still_group.is_empty(), "process group {group} outlived `harness down`: {still_group:?}\n{said}");
    for line in [
        format!("sent SIGTERM to harness up (pid {pid})"),
        format!("harness up (pid {pid}) still running after 2s: sent SIGKILL"),
        format!("harness up (pid {pid}) exited after"),
        format!("sent SIGKILL to process group {group} (1 left: {group})"),
        "nothing of the run is left running".to_string(),
    ] {
        assert!(said.contains(&line), "missing {line:?} in:\n{said}");
    }
    assert!(took >= Duration::from_secs(2), "SIGKILL before the grace period ended ({took:?})");
    assert!(!work.join("harness.json").exists(), "the state file stays after a clean down");
}

#[test]
fn down_signals_no_process_that_merely_got_the_recorded_pid() {
    let dir = testkit::temp_dir("harness-down");
    let work = dir.path().join("w");
    let mut other = deaf_process();
    let pid = other.id();
    let start = harness::procs::start_time(pid).unwrap();
    // The state of an `up` that had this pid before: another start time.
    write_state(&work, serde_json::json!({"harness_pid": pid, "harness_start": start - 1, "pids": []}));
    let (code, said) = down(&work, &["--grace", "1s"]);
    let survived = alive(pid);
    let _ = other.kill();
    let _ = other.wait();
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains(&format!("harness up (pid {pid}) was not running")), "{said}");
    assert!(!said.contains("SIGTERM"), "{said}");
    assert!(survived, "`harness down` killed pid {pid}, which is not its `up`:\n{said}");
}
