//! How `harness up` stops: the first stop signal stops every project's processes, writes the
//! report and exits; a second one SIGKILLs every process group of the run.

use crate::backend::Backend;
use crate::observe::recorder::Recorder;
use crate::state::UpState;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::signal::unix::{signal, SignalKind};

/// Set by the first stop signal: from then on the signal thread owns the exit, and a main
/// thread whose stages or checks fail because their processes are being stopped waits for it
/// instead of exiting first (with the wrong code, and before the report is written).
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Whether a stop signal came: the signal thread is stopping the network and will exit.
pub fn stopping() -> bool {
    STOPPING.load(Ordering::SeqCst)
}

/// The stop signals `up` answers, with the exit code a shell gives a process they end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopSignal {
    Interrupt,
    Terminate,
    Hangup,
}

impl StopSignal {
    pub fn name(self) -> &'static str {
        match self {
            StopSignal::Interrupt => "Ctrl-C",
            StopSignal::Terminate => "SIGTERM",
            StopSignal::Hangup => "SIGHUP",
        }
    }

    pub fn exit_code(self) -> i32 {
        match self {
            StopSignal::Interrupt => 130,
            StopSignal::Terminate => 143,
            StopSignal::Hangup => 129,
        }
    }
}

/// A signal handler could not be installed, or its thread not started.
#[derive(Debug, thiserror::Error)]
#[error("{what}: {error}")]
pub struct SignalError {
    what: &'static str,
    // Not a `#[source]`: the line already says it, and `{:#}` would say it twice.
    error: std::io::Error,
}

fn failed(what: &'static str) -> impl FnOnce(std::io::Error) -> SignalError {
    move |error| SignalError { what, error }
}

/// From the first process started to the last: SIGINT (Ctrl-C), SIGTERM (`harness down`) or
/// SIGHUP (the terminal closed) stops every project's processes, writes the report, then
/// says so and exits; a second one while stopping SIGKILLs every process group of the run and
/// exits at once. Stopping never waits on output: every line is written with its errors
/// ignored, after the processes are gone (with `… | tee log`, Ctrl-C ends `tee` too, and a
/// panic on the closed pipe would leave the network running). Whatever a stage thread spawns
/// meanwhile dies with this process (each child has a parent-death signal). `ready`: the
/// network came up, so a stop is the way it ends (exit 0), not an interrupted set-up.
pub fn stop_on_signal(
    backend: Arc<dyn Backend>,
    work: PathBuf,
    ready: Arc<AtomicBool>,
    rec: Arc<Recorder>,
) -> Result<(), SignalError> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(failed("signal runtime"))?;
    // Installed here, before any process starts: a signal from now on is caught.
    let (mut int, mut term, mut hup) = {
        let _in_rt = rt.enter();
        (
            signal(SignalKind::interrupt()).map_err(failed("SIGINT handler"))?,
            signal(SignalKind::terminate()).map_err(failed("SIGTERM handler"))?,
            signal(SignalKind::hangup()).map_err(failed("SIGHUP handler"))?,
        )
    };
    std::thread::Builder::new()
        .name("harness-signals".into())
        .spawn(move || {
            rt.block_on(async move {
                let got = tokio::select! {
                    _ = int.recv() => StopSignal::Interrupt,
                    _ = term.recv() => StopSignal::Terminate,
                    _ = hup.recv() => StopSignal::Hangup,
                };
                STOPPING.store(true, Ordering::SeqCst);
                let code = if ready.load(Ordering::SeqCst) { 0 } else { got.exit_code() };
                // The groups as they are now: stop_all takes each out of the backend's table as
                // it stops it, and a second signal must still reach it.
                let groups = backend.pids();
                let stopping = backend.clone();
                let dirs = work.clone();
                std::thread::spawn(move || {
                    let work = dirs;
                    stopping.stop_all();
                    let _ = std::fs::remove_file(UpState::path(&work));
                    // The report's final form: every sample up to the stop.
                    let report = rec.write(&work.join("report"));
                    errln!("\n{}: stopped every node and tmkms", got.name());
                    match report {
                        Ok(p) => errln!("report: {}", p.display()),
                        Err(e) => errln!("report not written: {e}"),
                    }
                    errln!("project dirs kept at {}", work.display());
                    std::process::exit(code);
                });
                let again = tokio::select! {
                    _ = int.recv() => StopSignal::Interrupt,
                    _ = term.recv() => StopSignal::Terminate,
                    _ = hup.recv() => StopSignal::Hangup,
                };
                let mut all = groups;
                all.extend(backend.pids());
                all.sort_unstable();
                all.dedup();
                for g in &all {
                    if let Ok(pid) = i32::try_from(*g) {
                        let _ = nix::sys::signal::killpg(
                            nix::unistd::Pid::from_raw(pid),
                            nix::sys::signal::Signal::SIGKILL,
                        );
                    }
                }
                errln!(
                    "\n{} again: SIGKILL to {} process groups ({}); project dirs kept at {}",
                    again.name(),
                    all.len(),
                    all.iter().map(|g| g.to_string()).collect::<Vec<_>>().join(", "),
                    work.display()
                );
                std::process::exit(again.exit_code());
            })
        })
        .map_err(failed("signal thread"))?;
    Ok(())
}
