//! `genesis-runner` as PID 1 of its container, without an init (`docker run` without
//! `--init`): `docker stop`'s SIGTERM stops it, in a stage and in `kms` mode, within the
//! engine's stop timeout. A PID namespace of its own (`unshare --pid --fork`) gives it the
//! kernel's PID 1 rules, as a container does: a signal it has no handler for is dropped.

mod common;

use common::Host;
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The runner under `unshare --pid --fork --kill-child`: the runner is PID 1 of a new PID
/// namespace; `unshare` waits for it and exits as it did.
fn as_pid1(host: &Host, args: &[&str], stage: Option<&str>, log: &std::path::Path) -> Child {
    let log = std::fs::File::create(log).unwrap();
    let mut cmd = Command::new("unshare");
    cmd.args(["--pid", "--fork", "--kill-child", "--"]).arg(common::runner_bin()).args(args);
    cmd.env_clear().envs(host.env());
    if let Some(s) = stage {
        cmd.env("GENESIS_RUN_STAGE", s);
    }
    cmd.stdin(Stdio::null()).stdout(log.try_clone().unwrap()).stderr(log).spawn().unwrap()
}

/// The host pids of `pid`'s children.
fn children(pid: u32) -> Vec<u32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(')').map(|(_, r)| r.trim_start().chars().next()))
        .flatten()
        .is_some_and(|st| st != 'Z' && st != 'X')
}

/// Waits until the log shows `ready`, sends SIGTERM to the namespace's PID 1 (the runner),
/// and asserts that everything in the namespace is gone within 10 s (Docker's default stop
/// timeout) and that the runner exited by itself, not by a SIGKILL.
fn sigterm_stops_it(unshare: Child, log: &std::path::Path, ready: &str) -> String {
    // Killed however the test ends: a PID 1 that ignores SIGTERM (the bug) must not outlive it.
    struct Guard(Child);
    impl Drop for Guard {
        fn drop(&mut self) {
            if let Some(init) = children(self.0.id()).first() {
                let _ = kill(Pid::from_raw(*init as i32), Signal::SIGKILL);
            }
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut guard = Guard(unshare);
    let unshare = &mut guard.0;
    let read = || std::fs::read_to_string(log).unwrap_or_default();
    let init = testkit::wait_for(Duration::from_secs(120), ready, || {
        if let Ok(Some(s)) = unshare.try_wait() {
            panic!("exited before {ready:?}: {s}\n{}", read());
        }
        let init = *children(unshare.id()).first()?;
        read().contains(ready).then_some(init)
    });
    let mut all = vec![init];
    all.extend(children(init));
    kill(Pid::from_raw(init as i32), Signal::SIGTERM).unwrap();
    let t0 = Instant::now();
    let status = loop {
        if let Some(s) = unshare.try_wait().unwrap() {
            break Some(s);
        }
        if t0.elapsed() > Duration::from_secs(10) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let left: Vec<u32> = all.iter().copied().filter(|p| alive(*p)).collect();
    drop(guard);
    let text = read();
    let status = status.unwrap_or_else(|| panic!("still running 10 s after SIGTERM to PID 1 (pids {all:?}):\n{text}"));
    assert!(left.is_empty(), "processes of the namespace alive after it stopped: {left:?}\n{text}");
    use std::os::unix::process::ExitStatusExt;
    assert_ne!(status.signal(), Some(9), "ended by SIGKILL:\n{text}");
    assert!(status.code().is_some_and(|c| c != 137), "exit {status}:\n{text}");
    text
}

#[test]
fn as_pid1_kms_mode_stops_tmkms_and_exits_on_sigterm() {
    let dir = testkit::temp_dir("runner-signals");
    // No node listens: tmkms dials its privval port again and again, for ever.
    let host = Host::new(dir.path(), "val-0", 0, testkit::free_port_base(1, 10, 3));
    let log = dir.path().join("kms.log");
    let unshare = as_pid1(&host, &["kms"], None, &log);
    // tmkms's own line: it runs, and dials.
    let text = sigterm_stops_it(unshare, &log, "KMS node ID");
    assert!(text.contains("stopping: signal forwarded"), "{text}");
}

#[test]
fn as_pid1_a_stage_waiting_for_its_signer_exits_on_sigterm() {
    let dir = testkit::temp_dir("runner-signals");
    let host = Host::new(dir.path(), "val-0", 0, testkit::free_port_base(1, 10, 3));
    let log = dir.path().join("keygen.log");
    // keygen waits up to TMKMS_TIMEOUT (60 s) for a tmkms that is never started.
    let unshare = as_pid1(&host, &[], Some("keygen"), &log);
    let text = sigterm_stops_it(unshare, &log, "waiting for tmkms to dial in");
    assert!(text.contains("stopping: signal forwarded"), "{text}");
}
