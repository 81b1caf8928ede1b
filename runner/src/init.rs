//! `genesis-runner` as PID 1 of its container, when the container has no init (`docker run`
//! without `--init`, a compose file without `init: true`).
//!
//! The kernel delivers to a PID 1 only the signals it has a handler for: `docker stop`'s
//! SIGTERM to a runner waiting in a stage, or to the tmkms it exec'd (tmkms installs no
//! SIGTERM handler), would be dropped, and the engine would SIGKILL the container after its
//! stop timeout (exit 137, the node's store cut mid-write). As PID 1 the runner therefore
//! answers the stop signals itself and, instead of exec'ing the node or tmkms, runs it as its
//! child: it forwards the signal to every process of the container, waits for them (bounded)
//! and exits. Anywhere else it changes nothing: the runner keeps the default dispositions and
//! execs, so the signal reaches the node or tmkms directly.

use nix::errno::Errno;
use nix::sys::signal::{kill, Signal};
use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
use nix::unistd::Pid;
use std::os::unix::process::CommandExt;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::{Duration, Instant};

/// How long the container's processes get to stop before they are SIGKILLed: below Docker's
/// default stop timeout (10 s), so the container still exits by itself.
pub const STOP_WITHIN: Duration = Duration::from_secs(8);

/// Set once a stop signal arrived: from then on the signal thread owns the exit.
static STOPPING: AtomicBool = AtomicBool::new(false);
/// The node's or tmkms's pid once [`exec`] runs it as a child; its exit status is the
/// runner's.
static MAIN_CHILD: AtomicI32 = AtomicI32::new(0);
/// Its exit code when the main thread reaped it (-1: not yet).
static MAIN_CODE: AtomicI32 = AtomicI32::new(-1);

/// Whether this process is its PID namespace's init.
pub fn is_init() -> bool {
    std::process::id() == 1
}

/// As PID 1: installs handlers for the stop signals and answers them from a thread of its
/// own. Handlers, not a blocked mask and `sigwait`: a mask is inherited by the node or tmkms
/// this process then starts, which would never see the signal; a handler is reset by exec.
/// Does nothing when not PID 1.
pub fn install() -> std::io::Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    if !is_init() {
        return Ok(());
    }
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let (mut term, mut int, mut hup, mut quit) = {
        let _in_rt = rt.enter();
        (
            signal(SignalKind::terminate())?,
            signal(SignalKind::interrupt())?,
            signal(SignalKind::hangup())?,
            signal(SignalKind::quit())?,
        )
    };
    std::thread::Builder::new().name("init-signals".into()).spawn(move || {
        let sig = rt.block_on(async move {
            tokio::select! {
                _ = term.recv() => Signal::SIGTERM,
                _ = int.recv() => Signal::SIGINT,
                _ = hup.recv() => Signal::SIGHUP,
                _ = quit.recv() => Signal::SIGQUIT,
            }
        });
        stop(sig)
    })?;
    Ok(())
}

/// Forwards `sig` to every other process of the namespace, reaps them until none is left or
/// [`STOP_WITHIN`] has passed (then SIGKILL), and exits: with the node's or tmkms's exit code
/// when it exited, else 128 + the signal, as a shell reports a process a signal ended.
fn stop(sig: Signal) -> ! {
    STOPPING.store(true, Ordering::SeqCst);
    tracing::info!(signal = %sig, "stopping: signal forwarded to every process of the container");
    // From a namespace's init, pid -1 is every other process in the namespace.
    let _ = kill(Pid::from_raw(-1), sig);
    let main = MAIN_CHILD.load(Ordering::SeqCst);
    let deadline = Instant::now() + STOP_WITHIN;
    let mut killed = false;
    let mut code = 128 + sig as i32;
    loop {
        match waitpid(Pid::from_raw(-1), Some(WaitPidFlag::WNOHANG)) {
            Ok(WaitStatus::Exited(pid, c)) if pid.as_raw() == main => code = c,
            Ok(WaitStatus::Signaled(pid, s, _)) if pid.as_raw() == main => code = 128 + s as i32,
            Ok(WaitStatus::StillAlive) => {
                if !killed && Instant::now() > deadline {
                    tracing::warn!(within = ?STOP_WITHIN, "processes still running: SIGKILL");
                    let _ = kill(Pid::from_raw(-1), Signal::SIGKILL);
                    killed = true;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(_) | Err(Errno::EINTR) => {}
            // No child left (or the main thread reaped the last one).
            Err(_) => break,
        }
    }
    if MAIN_CODE.load(Ordering::SeqCst) >= 0 {
        code = MAIN_CODE.load(Ordering::SeqCst);
    }
    tracing::info!(code, "stopped");
    std::process::exit(code)
}

/// When a stop signal is being handled, waits for its thread to exit the process; otherwise
/// returns at once. The main thread calls it before exiting on an error that may be the stop
/// seen from inside (a chain CLI call the signal ended).
pub fn yield_to_stop() {
    while STOPPING.load(Ordering::SeqCst) {
        std::thread::park();
    }
}

/// Replaces this process with `cmd`, as `exec` does; as PID 1, runs it as a child instead,
/// reaps every process the container's orphans leave, and exits with its exit code. Returns
/// only on failure.
pub fn exec(cmd: &mut Command) -> std::io::Error {
    if !is_init() {
        return cmd.exec();
    }
    // The child starts with an empty signal mask (std resets it): SIGTERM reaches it.
    let child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return e,
    };
    let pid = i32::try_from(child.id()).unwrap_or(0);
    MAIN_CHILD.store(pid, Ordering::SeqCst);
    tracing::info!(pid, "running as the container's init: the program is its child");
    loop {
        match waitpid(Pid::from_raw(-1), None) {
            Ok(WaitStatus::Exited(p, c)) if p.as_raw() == pid => {
                MAIN_CODE.store(c, Ordering::SeqCst);
                yield_to_stop();
                std::process::exit(c);
            }
            Ok(WaitStatus::Signaled(p, s, _)) if p.as_raw() == pid => {
                MAIN_CODE.store(128 + s as i32, Ordering::SeqCst);
                yield_to_stop();
                std::process::exit(128 + s as i32);
            }
            Ok(_) | Err(Errno::EINTR) => {}
            Err(e) => {
                // ECHILD: the signal thread reaped it while stopping.
                yield_to_stop();
                return std::io::Error::from(e);
            }
        }
    }
}
