//! `harness down`: the run stopped through its `up` process, then whatever it left killed.

use super::CommandError;
use crate::docker::engine::Engine;
use crate::docker::hosts::EngineEndpoint;
use crate::procs::{alive, group_members};
use crate::state::UpState;
use cosmos_formats::GoDuration;
use nix::sys::signal::{kill, killpg, Signal};
use nix::unistd::Pid;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Asks the `up` process to stop its network (it owns the processes) with SIGTERM, waits
/// `grace` for it to exit, then SIGKILLs it and every process group of the run that is left;
/// says what it did and what is still alive (an error if anything is), and removes the work
/// dir unless told to keep it.
pub fn down(work_dir: &Path, keep: bool, grace: Duration) -> Result<(), CommandError> {
    if let Ok(st) = UpState::read(work_dir) {
        let mut left = stop_up(&st, grace)?;
        left.extend(kill_groups(&st.pids));
        // A docker run whose `up` was killed outright leaves containers: the engine has them
        // by label.
        if let Some(run) = st.docker_run.as_deref() {
            left.extend(remove_containers(run, &st.engines, &st.engine_certs)?);
        }
        if !left.is_empty() {
            // The state stays: a later `harness down` finds the same processes.
            return Err(CommandError::StillAlive { left, state: UpState::path(work_dir) });
        }
        let _ = std::fs::remove_file(UpState::path(work_dir));
        outln!("nothing of the run is left running");
    }
    if !keep && work_dir.exists() {
        std::fs::remove_dir_all(work_dir).map_err(CommandError::io(work_dir))?;
        outln!("removed {}", work_dir.display());
    }
    Ok(())
}

/// SIGTERM to the `up` process, SIGKILL after `grace`: what of it is still alive.
fn stop_up(st: &UpState, grace: Duration) -> Result<Vec<String>, CommandError> {
    let pid = st.harness_pid;
    // A pid from a state file that outlived its process may be someone else's now.
    let same = match st.harness_start {
        Some(t) => crate::procs::start_time(pid) == Some(t),
        None => true,
    };
    let raw = Pid::from_raw(i32::try_from(pid).map_err(CommandError::Pid)?);
    if !alive(pid) || !same {
        outln!("harness up (pid {pid}) was not running");
        return Ok(Vec::new());
    }
    if let Err(e) = kill(raw, Signal::SIGTERM) {
        errln!("harness up (pid {pid}): SIGTERM: {e}");
        return Ok(Vec::new());
    }
    outln!(
        "sent SIGTERM to harness up (pid {pid}); waiting up to {} for it to stop its network",
        GoDuration::from(grace)
    );
    let t0 = Instant::now();
    while alive(pid) && t0.elapsed() < grace {
        std::thread::sleep(Duration::from_millis(50));
    }
    if alive(pid) {
        let _ = kill(raw, Signal::SIGKILL);
        outln!("harness up (pid {pid}) still running after {}: sent SIGKILL", GoDuration::from(grace));
        let t1 = Instant::now();
        while alive(pid) && t1.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    if alive(pid) {
        return Ok(vec![format!("harness up (pid {pid}, state {})", crate::procs::state(pid).unwrap_or('?'))]);
    }
    outln!("harness up (pid {pid}) exited after {:.1}s", t0.elapsed().as_secs_f64());
    Ok(Vec::new())
}

/// What an `up` killed outright, or one that could not stop them, left behind: its children
/// die with it (a parent-death signal), but not at once, and not a process one of them
/// forked. SIGKILL to each group with members; the groups still alive after 5 s.
fn kill_groups(groups: &[u32]) -> Vec<String> {
    for g in groups {
        let members = group_members(*g);
        if members.is_empty() {
            continue;
        }
        if let Ok(raw) = i32::try_from(*g) {
            let _ = killpg(Pid::from_raw(raw), Signal::SIGKILL);
        }
        outln!("sent SIGKILL to process group {g} ({} left: {})", members.len(), join(&members));
    }
    let t0 = Instant::now();
    let alive_groups = loop {
        let alive_groups: Vec<(u32, Vec<u32>)> =
            groups.iter().map(|g| (*g, group_members(*g))).filter(|(_, m)| !m.is_empty()).collect();
        if alive_groups.is_empty() || t0.elapsed() > Duration::from_secs(5) {
            break alive_groups;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    alive_groups.into_iter().map(|(g, m)| format!("process group {g} ({})", join(&m))).collect()
}

/// The run's containers and networks off each engine it used (the local one when the state
/// names none): what could not be removed.
fn remove_containers(
    run: &str,
    endpoints: &[String],
    certs: &BTreeMap<String, PathBuf>,
) -> Result<Vec<String>, CommandError> {
    let mut engines = Vec::new();
    if endpoints.is_empty() {
        engines.push(("local engine".to_string(), Engine::connect()?));
    }
    for e in endpoints {
        engines.push((e.to_string(), Engine::connect_to(&endpoint(e, certs)?)?));
    }
    let mut left = Vec::new();
    for (name, engine) in engines {
        let problems = engine.remove_run(run, &[]);
        outln!("removed the containers and networks labelled genesis-ceremony.run={run} on {name}");
        for p in &problems {
            errln!("  {p}");
        }
        left.extend(problems.into_iter().map(|p| format!("{name}: {p}")));
    }
    Ok(left)
}

/// An engine of the state as `up` reached it: with its `cert_path` when it had one.
fn endpoint(e: &str, certs: &BTreeMap<String, PathBuf>) -> Result<EngineEndpoint, CommandError> {
    let endpoint = EngineEndpoint::parse(e).map_err(CommandError::Endpoint)?;
    match certs.get(e) {
        Some(dir) => endpoint.with_certs(dir).map_err(|why| CommandError::Endpoint(format!("{e}: cert_path {why}"))),
        None => Ok(endpoint),
    }
}

fn join(pids: &[u32]) -> String {
    pids.iter().map(u32::to_string).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn down_reaches_a_tls_engine_with_the_cert_path_up_recorded() {
        let dir = tempfile::tempdir().unwrap();
        for f in crate::docker::hosts::CERT_FILES {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        let certs: BTreeMap<String, PathBuf> = [("tcp://10.0.0.1:2376".to_string(), dir.path().to_path_buf())].into();
        let tls = endpoint("tcp://10.0.0.1:2376", &certs).unwrap();
        assert_eq!(tls, EngineEndpoint::Tls { addr: "10.0.0.1:2376".into(), certs: dir.path().to_path_buf() });
        assert_eq!(endpoint("tcp://10.0.0.2:2375", &certs).unwrap(), EngineEndpoint::Tcp("10.0.0.2:2375".into()));
        // The material gone since `up`: refused naming the engine and the file.
        std::fs::remove_file(dir.path().join("key.pem")).unwrap();
        let e = endpoint("tcp://10.0.0.1:2376", &certs).unwrap_err().to_string();
        assert!(
            e.starts_with("tcp://10.0.0.1:2376: cert_path ")
                && e.ends_with("no key.pem (it needs ca.pem, cert.pem and key.pem)"),
            "{e}"
        );
    }
}
