//! `harness up`: the whole ceremony from empty directories, then the network kept up (the
//! spec's perturb schedule run, `harness perturb` served) until a stop signal.

use super::CommandError;
use crate::checks::Checks;
use crate::cli::BackendKind;
use crate::library::{control, signals};
use crate::project::{KeyringBackend, PortPlan};
use crate::report::bars::Bars;
use crate::report::table::node_table;
use crate::runbook::Network;
use crate::spec::{self, TestnetSpec};
use crate::state::UpState;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `up`'s network flags: one way to write a spec (`--spec` the other).
pub struct UpFlags<'a> {
    pub validators: usize,
    pub backend: BackendKind,
    pub ports: PortPlan,
    pub timeout_commit: &'a str,
    pub genesis_delay: &'a str,
    pub keyring: KeyringBackend,
    pub netns: bool,
    pub hosts: Option<&'a Path>,
}

/// The spec the flags write; an error names the flag.
pub fn spec_of_flags(f: &UpFlags<'_>) -> Result<TestnetSpec, CommandError> {
    let flag = |flag, reason| CommandError::Flag { flag, reason };
    let tc = spec::parse_duration(f.timeout_commit).map_err(|e| flag("--timeout-commit", e))?;
    let delay = spec::parse_duration(f.genesis_delay).map_err(|e| flag("--genesis-delay", e))?;
    // The spec refuses these too, but naming its own key; a flag's error names the flag.
    for (name, d) in [("--timeout-commit", tc), ("--genesis-delay", delay)] {
        if d.is_zero() {
            return Err(flag(name, format!("{d:?} must be positive")));
        }
    }
    if f.validators < 1 {
        return Err(flag("--validators", "at least 1".into()));
    }
    let backend = match f.backend {
        BackendKind::Process => spec::Backend::Process,
        BackendKind::Docker => spec::Backend::Docker,
    };
    let mut s = TestnetSpec::validators(f.validators)
        .backend(backend)
        .ports(f.ports)
        .timeout_commit(tc)
        .genesis_delay(delay)
        .keyring_backend(f.keyring)
        .netns(f.netns);
    match (f.backend, f.netns, f.hosts) {
        (_, true, Some(_)) => return Err(flag("--netns and --hosts", "give one".into())),
        (BackendKind::Docker, true, None) => {
            return Err(flag(
                "--netns",
                "the docker backend's containers have network namespaces already (--hosts puts them on other machines)"
                    .into(),
            ))
        }
        (BackendKind::Process, _, Some(_)) => {
            return Err(flag("--hosts", "only the docker backend runs validators on other machines' engines".into()))
        }
        (_, false, Some(file)) => {
            for (i, h) in crate::docker::hosts::read(file, f.validators)?.into_iter().enumerate() {
                s = s.host(i, h);
            }
        }
        _ => {}
    }
    s.check("flags")?;
    Ok(s)
}

/// Runs the ceremony in `work` (which must be empty) and keeps the network up: returns only on
/// an error; a stop signal ends the process (see [`signals::stop_on_signal`]).
pub fn up(spec: &TestnetSpec, work: &Path) -> Result<(), CommandError> {
    if work.exists() && std::fs::read_dir(work).map(|mut d| d.next().is_some()).unwrap_or(false) {
        return Err(CommandError::NotEmpty { dir: work.to_path_buf() });
    }
    std::fs::create_dir_all(work).map_err(CommandError::io(work))?;
    let work = work.canonicalize().map_err(CommandError::io(work))?;
    let (net, docker) = crate::testnet::network_and_run(spec, &work)?;
    if let Some(d) = &docker {
        errln!("images: {} {}; compose projects {}-val-*", d.node_image, d.tmkms_image, d.id);
    }
    let docker_run = docker.map(|d| d.id);
    let validators = spec.validators.len();
    let ports = spec.ports;
    let hosts = spec.hosts();
    let ready = Arc::new(AtomicBool::new(false));
    let label = match (spec.backend, &hosts) {
        (spec::Backend::Docker, Some(_)) => "docker, one engine per host",
        (spec::Backend::Docker, _) => "docker",
        (_, _) if spec.netns => "process, --netns",
        _ => "process",
    };
    let net = net.titled(&format!("harness up: {validators} validators ({label} backend)"));
    signals::stop_on_signal(net.backend.clone(), work.clone(), ready.clone(), net.recorder.clone())?;
    let mut state = UpState {
        validators,
        p2p_base: ports.p2p_base,
        rpc_base: ports.rpc_base,
        tmkms_base: ports.tmkms_base,
        harness_pid: std::process::id(),
        harness_start: crate::procs::start_time(std::process::id()),
        docker_run,
        hosts: net.projects.iter().map(|p| p.host.to_string()).collect(),
        engines: hosts.iter().flatten().map(|h| h.engine.uri()).collect(),
        engine_certs: hosts
            .iter()
            .flatten()
            .filter_map(|h| Some((h.engine.uri(), h.engine.certs()?.to_path_buf())))
            .collect(),
        pids: Vec::new(),
    };
    state.write(&work)?;
    let bars = Bars::new(&net);
    let t0 = Instant::now();
    if let Err(error) = net.run(&bars) {
        return Err(given_up(&net, &work, error));
    }
    let checks = Checks::new(&net)?;
    let evidence = checks.blocks(1, Duration::from_secs(120));
    bars.finish("running");
    if let Err(error) = evidence {
        return Err(given_up(&net, &work, error));
    }
    outln!(
        "\nceremony done in {:.1}s; first block committed by all {} nodes\n",
        t0.elapsed().as_secs_f64(),
        validators
    );
    outln!("{}", node_table(&net, &checks));
    let report = checks.report(2, Duration::from_secs(60));
    outln!("\n{report}");
    let writing = Instant::now();
    match net.write_report(Some(&report)) {
        Ok(p) => outln!(
            "report: {} (written in {} ms; kept up to date; `harness report --open` shows it)",
            p.display(),
            writing.elapsed().as_millis()
        ),
        Err(e) => errln!("report not written: {e}"),
    }
    state.pids = net.backend.pids();
    state.write(&work)?;
    outln!(
        "RPC of node i: http://{}:{}+10i   ledger: {}/ledger.jsonl   logs: {}/<node>/logs\nCtrl-C (or `harness down`) stops the network",
        if hosts.is_none() && !spec.netns { "127.0.0.1" } else { "<host i>" },
        ports.rpc_base,
        work.display(),
        work.display()
    );
    ready.store(true, Ordering::SeqCst);
    // The signal thread ends the process; until then the spec's schedule runs, and `harness
    // perturb` asks us, the owner of the nodes, to perturb one.
    std::thread::scope(|s| {
        if !spec.perturb.is_empty() {
            s.spawn(|| run_schedule(&net, spec));
        }
        control::serve(&net, &work)
    })
}

/// A network that did not come up: stopped, its state file gone, its dirs kept.
fn given_up(net: &Network, work: &Path, error: crate::HarnessError) -> CommandError {
    net.stop_all();
    let _ = std::fs::remove_file(UpState::path(work));
    CommandError::Kept { error: Box::new(error), dir: PathBuf::from(work) }
}

/// The spec's `[[perturb]]` schedule: each fault when its height comes, its evidence printed
/// and in the report (written again after each).
fn run_schedule(net: &Network, spec: &TestnetSpec) {
    for p in &spec.perturb {
        outln!("perturb (scheduled): {} {} at height {} for {:?}", p.fault, p.node, p.at_height, p.hold);
        let r = crate::testnet::perturb_at(net, spec.timeout_commit, p);
        if signals::stopping() {
            return;
        }
        match &r {
            Ok(evidence) => outln!("{evidence}"),
            Err(e) => errln!("perturb (scheduled) {} {}: {e}", p.fault, p.node),
        }
        let checks = match Checks::new(net) {
            Ok(c) => c,
            Err(e) => {
                errln!("checks: {e}");
                return;
            }
        };
        let tip = (0..net.projects.len()).filter_map(|i| checks.height(i)).min().unwrap_or(1);
        let checked = checks.report(tip.max(1), Duration::from_secs(60));
        outln!("\n{checked}");
        match net.write_report(Some(&checked)) {
            Ok(path) => outln!("report: {}", path.display()),
            Err(e) => errln!("report not written: {e}"),
        }
        if r.is_err() {
            // A fault that did not heal leaves a network later faults would not test.
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags() -> UpFlags<'static> {
        UpFlags {
            validators: 2,
            backend: BackendKind::Process,
            ports: PortPlan::SPEC,
            timeout_commit: "1s",
            genesis_delay: "5s",
            keyring: KeyringBackend::Test,
            netns: false,
            hosts: None,
        }
    }

    fn refused(f: UpFlags<'_>) -> String {
        match spec_of_flags(&f) {
            Ok(_) => panic!("accepted"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn good_flags_write_the_spec_they_say() {
        let s = spec_of_flags(&flags()).expect("good flags");
        assert_eq!(s.validators.len(), 2);
        assert_eq!(s.timeout_commit, Duration::from_secs(1));
    }

    #[test]
    fn each_bad_flag_is_refused_naming_it() {
        let hosts = Path::new("hosts.toml");
        for (f, want) in [
            (UpFlags { validators: 0, ..flags() }, "--validators: at least 1"),
            (UpFlags { timeout_commit: "0s", ..flags() }, "--timeout-commit: 0ns must be positive"),
            (UpFlags { genesis_delay: "soon", ..flags() }, "--genesis-delay: "),
            (UpFlags { netns: true, hosts: Some(hosts), ..flags() }, "--netns and --hosts: give one"),
            (UpFlags { netns: true, backend: BackendKind::Docker, ..flags() }, "--netns: the docker backend's"),
            (UpFlags { hosts: Some(hosts), ..flags() }, "--hosts: only the docker backend"),
        ] {
            let e = refused(f);
            assert!(e.starts_with(want), "{e}");
        }
    }
}
