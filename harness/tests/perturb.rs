//! `harness perturb` end to end, as the README shows it: a `harness up` running a 4-validator
//! network (process backend), asked over its `control.sock` to kill, restart and pause val-3.
//! Each answer's evidence line is read back and judged, not just printed.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// SIGTERM to the spawned `up` when the test ends, however it ends; SIGKILL if it has not
/// exited within the wait (its nodes die with it: they ask for SIGKILL on their parent's death).
struct Up(Child);

impl Drop for Up {
    fn drop(&mut self) {
        let pid = nix::unistd::Pid::from_raw(self.0.id() as i32);
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(60) {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn perturb(work: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(testkit::binary("harness"))
        .arg("perturb")
        .args(args)
        .arg("--work-dir")
        .arg(work)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The numbers of an evidence line `<fault> val-3 for 3.0s (seen: …): others went A -> B (U of
/// heights X..=Y without its signature), caught up in …, signing again at S; tmkms log: N
/// signatures in order from h/r/s … to H/R/S, …`.
#[derive(Debug)]
struct Line {
    seen: String,
    went: (u64, u64),
    unsigned: u64,
    judged: (u64, u64),
    signing_again_at: u64,
    signatures: u64,
    last_signed: u64,
}

fn between<'a>(s: &'a str, from: &str, to: &str) -> &'a str {
    let rest = s.split_once(from).unwrap_or_else(|| panic!("no {from:?} in {s}")).1;
    rest.split_once(to).unwrap_or_else(|| panic!("no {to:?} after {from:?} in {s}")).0
}

fn num(s: &str) -> u64 {
    s.trim().parse().unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

fn parse(fault: &str, stdout: &str) -> Line {
    let prefix = format!("{fault} val-3 for ");
    let line = stdout
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no evidence line starting {prefix:?} in:\n{stdout}"));
    let went = between(line, "others went ", " (");
    let (a, b) = went.split_once(" -> ").unwrap();
    let judged = between(line, " of heights ", " without");
    let (x, y) = judged.split_once("..=").unwrap();
    let last = between(line, " to ", ",");
    Line {
        seen: between(line, "(seen: ", "): others").to_string(),
        went: (num(a), num(b)),
        unsigned: num(between(line, &format!("{went} ("), " of heights")),
        judged: (num(x), num(y)),
        signing_again_at: num(between(line, "signing again at ", ";")),
        signatures: num(between(line, "tmkms log: ", " signatures")),
        last_signed: num(last.split('/').next().unwrap()),
    }
}

#[test]
fn harness_perturb_kills_restarts_and_pauses_a_node_of_a_running_up_and_reports_what_it_saw() {
    let dir = testkit::temp_dir("harness-perturb");
    let work = dir.path().join("w");
    let base = testkit::free_port_base(4, 10, 3);
    let out = dir.path().join("up.out");
    let err = dir.path().join("up.err");
    let up = Command::new(testkit::binary("harness"))
        .args(["up", "--validators", "4", "--timeout-commit", "200ms", "--base-port", &base.to_string(), "--work-dir"])
        .arg(&work)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let mut up = Up(up);
    let t0 = Instant::now();
    loop {
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        if text.contains("stops the network") && work.join("control.sock").exists() {
            break;
        }
        if let Ok(Some(status)) = up.0.try_wait() {
            panic!("harness up exited ({status}):\n{}\n{}", text, std::fs::read_to_string(&err).unwrap_or_default());
        }
        assert!(
            t0.elapsed() < Duration::from_secs(300),
            "harness up not ready in 300 s:\n{text}\n{}",
            std::fs::read_to_string(&err).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // A node the network does not have is refused, naming the ones it has.
    let (ok, _, stderr) = perturb(&work, &["val-9", "pause", "--for", "1s"]);
    assert!(!ok && stderr.contains("no node \"val-9\"") && stderr.contains("val-3"), "{stderr}");

    let mut last_signed = 0;
    for (fault, hold, seen) in [
        ("kill", "6s", "Node exited: signal: 9 (SIGKILL)"),
        ("restart", "3s", "its RPC silent"),
        ("pause", "3s", " T; then "),
    ] {
        let (ok, stdout, stderr) = perturb(&work, &["val-3", fault, "--for", hold]);
        assert!(ok, "perturb val-3 {fault} failed:\n{stdout}\n{stderr}");
        let l = parse(fault, &stdout);
        println!("{fault}: {l:?}");
        assert!(l.seen.contains(seen), "{fault}: the fault was not seen in effect: {l:?}");
        assert!(l.went.1 >= l.went.0, "{l:?}");
        // Every height it could not have signed lacks its signature: from two past the others'
        // height at the fault to one below theirs at the heal (whose commit is still open).
        assert_eq!((l.judged.0, l.judged.1), (l.went.0 + 2, l.went.1 - 1), "{l:?}");
        assert_eq!(l.unsigned, (l.judged.1 + 1).saturating_sub(l.judged.0), "{fault}: val-3 signed while down: {l:?}");
        assert!(l.signing_again_at > l.went.1, "{l:?}");
        // Its tmkms log goes on across the faults, never back, and holds the signature the
        // chain shows it made again.
        assert!(l.signatures > 0 && l.last_signed >= l.signing_again_at, "{l:?}");
        assert!(l.last_signed >= last_signed, "{fault}: tmkms's last signed height went back: {l:?}");
        last_signed = l.last_signed;
        assert!(stdout.contains("report: "), "{stdout}");
    }
}
