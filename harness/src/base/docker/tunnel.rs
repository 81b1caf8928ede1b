//! A local socket for compose in front of an `ssh://` engine.
//!
//! docker-py (under compose v1) reaches an `ssh://` engine by running `ssh -- <host> docker
//! system dial-stdio` and speaking HTTP over its stdin and stdout. Its stand-in socket is not
//! one the connection pool can reuse, so it starts a new `ssh` for every request: 968 of them,
//! each a `docker` CLI started on the far machine, in one 4-validator ceremony over ssh
//! (measured; docs/figures.md). On a loaded two-core machine that took a 4-machine ceremony
//! past ten minutes (CI), and a compose `up -d` of one service 3.7 s against 0.9 s on the same
//! engine's own socket.
//!
//! The tunnel gives compose a unix socket in a private directory of ours instead. Where the
//! far machine's engine is a unix socket (what `docker context inspect` there names, as
//! dial-stdio would dial it), one `ssh -L <ours>:<theirs>` carries every connection as a
//! channel of one ssh connection: the operator's `ssh`, config and keys, as Docker's own docs
//! suggest for a remote socket. Otherwise each connection compose makes runs the very command
//! docker-py runs, and the tunnel copies bytes both ways. Either way the same engine, over the
//! same ssh.

use super::hosts::SshTarget;
use crate::HarnessError;
use std::io::{Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What docker-py runs on the far machine (`docker/transport/sshconn.py`).
const DIAL_STDIO: &str = "docker system dial-stdio";
/// What dial-stdio would dial there: `DOCKER_HOST`, or the current context's endpoint.
const ENGINE_THERE: &str = "docker context inspect --format '{{.Endpoints.docker.Host}}'";
/// How long an `ssh -L` may take to log in and listen.
const FORWARD_READY: Duration = Duration::from_secs(30);

pub struct SshTunnel {
    target: SshTarget,
    /// `ssh` (from PATH, as docker-py runs it); another program in the tunnel's own tests.
    ssh: std::ffi::OsString,
    socket: PathBuf,
    mode: Mode,
    shared: Arc<Shared>,
    /// Holds the socket; 0700, since the socket is the engine, root on that machine.
    dir: tempfile::TempDir,
}

enum Mode {
    /// `ssh -N -L <socket>:<remote socket>`, started again when it has ended (a cut link,
    /// a restarted sshd): compose finds it each time it is asked for the socket.
    Forward { remote: String, ssh: Mutex<Option<Child>> },
    /// One `ssh … docker system dial-stdio` per connection, for an engine that is not a unix
    /// socket on its machine.
    Relay { accept: Option<JoinHandle<()>> },
}

#[derive(Default)]
struct Shared {
    stopping: AtomicBool,
    /// `ssh` processes started, for the figures: what compose cost.
    sessions: AtomicU64,
    /// The `ssh` processes of the connections still open, stopped with the tunnel.
    live: Mutex<Vec<u32>>,
}

impl SshTunnel {
    /// A socket for compose's connections to `target`'s engine.
    pub fn open(target: &SshTarget) -> Result<SshTunnel, HarnessError> {
        SshTunnel::open_with(target, "ssh".as_ref())
    }

    fn open_with(target: &SshTarget, ssh: &std::ffi::OsStr) -> Result<SshTunnel, HarnessError> {
        let io = |what: &str, e: std::io::Error| HarnessError::Docker {
            what: format!("ssh tunnel to {target}: {what}"),
            reason: e.to_string(),
        };
        // Under the system temp dir, not the work dir: a unix socket's path must fit in 108 bytes.
        let dir = tempfile::Builder::new()
            .prefix("harness-ssh-")
            .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .tempdir()
            .map_err(|e| io("temp dir", e))?;
        let socket = dir.path().join("engine.sock");
        let shared = Arc::new(Shared::default());
        let mode = match remote_socket(ssh, target) {
            Some(remote) => Mode::Forward { remote, ssh: Mutex::new(None) },
            None => {
                let listener = UnixListener::bind(&socket).map_err(|e| io(&socket.display().to_string(), e))?;
                let (shared, target, ssh) = (shared.clone(), target.clone(), ssh.to_owned());
                let accept = std::thread::Builder::new()
                    .name(format!("ssh-tunnel {target}"))
                    .spawn(move || accept_loop(listener, &target, &ssh, &shared))
                    .map_err(|e| io("thread", e))?;
                Mode::Relay { accept: Some(accept) }
            }
        };
        let tunnel = SshTunnel { target: target.clone(), ssh: ssh.to_owned(), socket, mode, shared, dir };
        tunnel.socket()?;
        Ok(tunnel)
    }

    /// Where compose connects (its `DOCKER_HOST` is `unix://` this), the forward started again
    /// first if its ssh has ended.
    pub fn socket(&self) -> Result<&Path, HarnessError> {
        let Mode::Forward { remote, ssh } = &self.mode else { return Ok(&self.socket) };
        let mut ssh = ssh.lock().map_err(|_| HarnessError::Docker {
            what: format!("ssh tunnel to {}", self.target),
            reason: "a thread panicked holding it".into(),
        })?;
        if let Some(child) = ssh.as_mut() {
            if matches!(child.try_wait(), Ok(None)) {
                return Ok(&self.socket);
            }
        }
        *ssh = Some(self.forward(remote)?);
        Ok(&self.socket)
    }

    /// `ssh -N -L`, once it listens on our socket, or why not (ssh's own words).
    fn forward(&self, remote: &str) -> Result<Child, HarnessError> {
        let fail = |reason: String| HarnessError::Docker { what: format!("ssh -L to {}", self.target), reason };
        let log = self.dir.path().join("ssh.log");
        let stderr = std::fs::File::create(&log).map_err(|e| fail(format!("{}: {e}", log.display())))?;
        let _ = std::fs::remove_file(&self.socket);
        // Its own connection: a control master's forwards outlive the client that asked.
        let forward = format!("{}:{remote}", self.socket.display());
        let options = [
            "-nNT",
            "-o",
            "ControlMaster=no",
            "-o",
            "ControlPath=none",
            "-o",
            "ExitOnForwardFailure=yes",
            "-L",
            &forward,
        ];
        let mut child = login(&self.ssh, &self.target, &options)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .map_err(|e| fail(e.to_string()))?;
        self.shared.sessions.fetch_add(1, Ordering::Relaxed);
        let t0 = Instant::now();
        loop {
            if self.socket.exists() {
                tracing::debug!(engine = %self.target, remote, "ssh -L listens");
                return Ok(child);
            }
            let said = || std::fs::read_to_string(&log).unwrap_or_default().trim().to_string();
            if let Ok(Some(status)) = child.try_wait() {
                return Err(fail(format!("ssh exited ({status}): {}", said())));
            }
            if t0.elapsed() > FORWARD_READY {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(format!("not listening after {FORWARD_READY:?}: {}", said())));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// `ssh` processes started so far: one per forward, or one per connection compose made.
    pub fn sessions(&self) -> u64 {
        self.shared.sessions.load(Ordering::Relaxed)
    }
}

/// The unix socket of `target`'s engine, as `docker system dial-stdio` there would dial it;
/// `None` when it is not one (or the machine's docker CLI cannot say).
fn remote_socket(ssh: &std::ffi::OsStr, target: &SshTarget) -> Option<String> {
    let out = login(ssh, target, &[]).arg(ENGINE_THERE).stdin(Stdio::null()).stderr(Stdio::null()).output();
    let out = out.ok().filter(|o| o.status.success())?;
    let text = String::from_utf8_lossy(&out.stdout);
    let path = text.trim().strip_prefix("unix://")?;
    // `-L` splits on ':'.
    (path.starts_with('/') && !path.contains(':')).then(|| path.to_string())
}

impl Drop for SshTunnel {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        match &mut self.mode {
            Mode::Forward { ssh, .. } => {
                if let Some(mut child) = ssh.get_mut().ok().and_then(Option::take) {
                    let _ = child.kill();
                    let _ = child.wait();
                }
            }
            Mode::Relay { accept } => {
                // Wakes the accept loop, which sees `stopping` and returns.
                let _ = UnixStream::connect(&self.socket);
                if let Some(t) = accept.take() {
                    let _ = t.join();
                }
            }
        }
        let live = self.shared.live.lock().map(|l| l.clone()).unwrap_or_default();
        for pid in live {
            let _ = nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), nix::sys::signal::Signal::SIGTERM);
        }
        tracing::debug!(engine = %self.target, sessions = self.sessions(), "ssh tunnel closed");
    }
}

fn accept_loop(listener: UnixListener, target: &SshTarget, ssh: &std::ffi::OsStr, shared: &Arc<Shared>) {
    for conn in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let conn = match conn {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(engine = %target, error = %e, "ssh tunnel: accept");
                continue;
            }
        };
        let (shared, to, ssh) = (shared.clone(), target.clone(), ssh.to_owned());
        let spawned = std::thread::Builder::new()
            .name(format!("ssh-tunnel conn {target}"))
            .spawn(move || relay(conn, &to, &ssh, &shared));
        if let Err(e) = spawned {
            tracing::warn!(engine = %target, error = %e, "ssh tunnel: no thread for a connection");
        }
    }
}

/// `ssh <options> [-l user] -- host`, as docker-py logs in (`sshconn.py`), for a remote
/// command to follow (none for a forward).
fn login(ssh: &std::ffi::OsStr, target: &SshTarget, options: &[&str]) -> Command {
    let mut c = Command::new(ssh);
    c.args(options);
    if let Some(user) = &target.user {
        c.arg("-l").arg(user);
    }
    c.arg("--").arg(&target.host);
    c
}

/// One connection: compose's bytes to the session's stdin, its stdout back, each direction
/// closed when its source ends (the engine sees compose's half-close as dial-stdio passes it on).
fn relay(conn: UnixStream, target: &SshTarget, ssh: &std::ffi::OsStr, shared: &Shared) {
    let child = login(ssh, target, &[])
        .arg(DIAL_STDIO)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(engine = %target, error = %e, "ssh tunnel: cannot run ssh");
            return;
        }
    };
    shared.sessions.fetch_add(1, Ordering::Relaxed);
    let pid = child.id();
    if let Ok(mut live) = shared.live.lock() {
        live.push(pid);
    }
    let outcome = pump(&conn, &mut child);
    let _ = child.kill();
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    let status = child.wait();
    if let Ok(mut live) = shared.live.lock() {
        live.retain(|p| *p != pid);
    }
    let said = stderr.trim();
    if !said.is_empty() || outcome.is_err() {
        tracing::warn!(engine = %target, ?status, ssh = said, error = ?outcome.err(), "ssh tunnel: session ended");
    }
}

/// `std::io::copy` with a buffer of our own: its Linux fast path splices the socket into
/// ssh's stdin pipe, and a request spliced there got no answer through an OpenSSH 9.2 control
/// master (seen: 39 bytes spliced, nothing back in 60 s; the same bytes written: answered).
fn copy(from: &mut impl Read, to: &mut impl Write) -> std::io::Result<u64> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        to.write_all(&buf[..n])?;
        total += n as u64;
    }
}

fn pump(conn: &UnixStream, child: &mut Child) -> std::io::Result<()> {
    let (Some(mut to_ssh), Some(mut from_ssh)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(std::io::Error::other("ssh without pipes"));
    };
    let mut upstream = conn.try_clone()?;
    let up = std::thread::Builder::new().name("ssh-tunnel up".into()).spawn(move || {
        let copied = copy(&mut upstream, &mut to_ssh);
        // Compose is done sending: dial-stdio closes its write side to the engine.
        drop(to_ssh);
        copied
    })?;
    let mut downstream = conn.try_clone()?;
    let down = copy(&mut from_ssh, &mut downstream).and_then(|_| downstream.flush());
    // The engine is done: compose reads the end; it closes its side and `up` returns.
    let _ = conn.shutdown(std::net::Shutdown::Write);
    if down.is_err() {
        // Compose went away mid-answer: nobody reads what is left.
        let _ = conn.shutdown(std::net::Shutdown::Both);
    }
    let up = up.join().map_err(|_| std::io::Error::other("ssh tunnel thread panicked"))?;
    down.and(up.map(|_| ()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// A stand-in for `ssh`: records its arguments, then echoes what it is sent, as dial-stdio
    /// relays bytes to the engine and back, and ends when its input ends.
    fn echoing_ssh(dir: &Path) -> PathBuf {
        let path = dir.join("ssh");
        let script = format!(
            "#!/bin/sh\nprintf '%s|' \"$@\" >> {}/calls\necho >> {}/calls\nexec cat\n",
            dir.display(),
            dir.display()
        );
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        path
    }

    fn exchange(socket: &Path, sent: &[u8]) -> Vec<u8> {
        let mut c = UnixStream::connect(socket).unwrap();
        // A half-close that never reaches the far side leaves this read waiting: a failure.
        c.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
        c.write_all(sent).unwrap();
        // Compose's half-close reaches the far side, whose answer then ends.
        c.shutdown(std::net::Shutdown::Write).unwrap();
        let mut back = Vec::new();
        c.read_to_end(&mut back).unwrap();
        back
    }

    #[test]
    fn each_connection_is_one_session_of_the_command_docker_py_runs_carrying_bytes_both_ways() {
        let dir = tempfile::tempdir().unwrap();
        let ssh = echoing_ssh(dir.path());
        let target = SshTarget { user: Some("root".into()), host: "10.9.0.2".into() };
        let tunnel = SshTunnel::open_with(&target, ssh.as_os_str()).unwrap();
        let request = b"GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n".repeat(2000);
        assert_eq!(exchange(tunnel.socket().unwrap(), &request), request, "every byte, in order, both ways");
        assert_eq!(exchange(tunnel.socket().unwrap(), b"second"), b"second");
        assert_eq!(tunnel.sessions(), 2);
        let calls = std::fs::read_to_string(dir.path().join("calls")).unwrap();
        // Asked where the engine listens there; told nothing (our ssh echoes an empty stdin),
        // so one dial-stdio per connection.
        assert_eq!(
            calls.lines().collect::<Vec<_>>(),
            [
                "-l|root|--|10.9.0.2|docker context inspect --format '{{.Endpoints.docker.Host}}'|",
                "-l|root|--|10.9.0.2|docker system dial-stdio|",
                "-l|root|--|10.9.0.2|docker system dial-stdio|"
            ]
        );
        let socket = tunnel.socket().unwrap().to_path_buf();
        drop(tunnel);
        assert!(!socket.exists(), "the socket goes with the tunnel");
    }

    #[test]
    fn an_ssh_that_cannot_start_ends_the_connection_instead_of_hanging_it() {
        let target = SshTarget { user: None, host: "m1".into() };
        let tunnel = SshTunnel::open_with(&target, "/nonexistent/ssh".as_ref()).unwrap();
        let mut c = UnixStream::connect(tunnel.socket().unwrap()).unwrap();
        c.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
        // The tunnel may have closed it already: the write can fail, the read must end.
        let _ = c.write_all(b"GET /_ping HTTP/1.1\r\n\r\n");
        let mut back = Vec::new();
        match c.read_to_end(&mut back) {
            Ok(_) => assert!(back.is_empty(), "{back:?}"),
            Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "ended, not timed out: {e}"),
        }
        assert_eq!(tunnel.sessions(), 0);
    }
}
