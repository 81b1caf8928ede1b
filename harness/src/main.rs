//! `harness`: run a multi-validator genesis ceremony locally, each validator an isolated
//! project, and keep the network running until Ctrl-C.

use anyhow::{bail, Context, Result};
use clap::Parser;
use harness::backend::Observer;
use harness::checks::Checks;
use harness::cli::{BackendKind, Cli, Cmd, Keyring};
use harness::project::{KeyringBackend, PortPlan};
use harness::run_report::Recorder;
use harness::runbook::{Network, Progress};
use harness::spec::{self, TestnetSpec};
use harness::state::{ControlAnswer, ControlRequest, UpState};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// `println!` that ignores a closed stdout: `harness up … | head` must not panic, and above
/// all must not stop running its shutdown, because nobody reads its output.
macro_rules! outln {
    ($($t:tt)*) => { harness::procs::out(format_args!($($t)*)) };
}

/// `eprintln!` that ignores a closed stderr (see `outln!`).
macro_rules! errln {
    ($($t:tt)*) => { harness::procs::say(format_args!($($t)*)) };
}

struct Bars {
    bars: Mutex<BTreeMap<String, ProgressBar>>,
}

impl Bars {
    fn new(net: &Network, mp: &MultiProgress) -> Bars {
        let style = ProgressStyle::with_template("{prefix:>8} [{bar:20}] {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        let bars = net
            .projects
            .iter()
            .map(|p| {
                let steps = if p.is_coordinator() { 4 } else { 3 };
                let b = mp.add(ProgressBar::new(steps));
                b.set_style(style.clone());
                b.set_prefix(p.name.clone());
                b.set_message("waiting");
                (p.name.clone(), b)
            })
            .collect();
        Bars { bars: Mutex::new(bars) }
    }
}

impl Progress for Bars {
    fn stage(&self, project: &str, stage: &str) {
        if let Some(b) = self.bars.lock().ok().and_then(|b| b.get(project).cloned()) {
            b.set_message(format!("{stage} ..."));
        }
    }
    fn done(&self, project: &str, stage: &str) {
        if let Some(b) = self.bars.lock().ok().and_then(|b| b.get(project).cloned()) {
            b.inc(1);
            b.set_message(format!("{stage} done"));
        }
    }
}

fn state_path(work: &Path) -> PathBuf {
    UpState::path(work)
}

fn print_table(net: &Network, checks: &Checks) {
    outln!(
        "{:<8} {:>5}  {:<40} {:>6} {:>6} {:>6} {:>7} {:>7}",
        "node",
        "index",
        "node id",
        "p2p",
        "rpc",
        "tmkms",
        "height",
        "peers"
    );
    for (i, p) in net.projects.iter().enumerate() {
        outln!(
            "{:<8} {:>5}  {:<40} {:>6} {:>6} {:>6} {:>7} {:>7}",
            p.name,
            p.index,
            p.node_id().unwrap_or_default(),
            p.p2p_port(),
            p.rpc_port(),
            p.tmkms_port(),
            checks.height(i).map(|h| h.to_string()).unwrap_or_else(|| "-".into()),
            checks.peer_count(i).map(|n| format!("{n}/{}", net.projects.len() - 1)).unwrap_or_else(|| "-".into()),
        );
    }
}

/// The spec's figure is "height 5 with timeout_commit 100 ms".
const BENCH_TIMEOUT_COMMIT: Duration = Duration::from_millis(100);

/// `up`'s network flags as a spec: the flags are one way to write one (`--spec` the other).
#[allow(clippy::too_many_arguments)]
fn spec_of_flags(
    validators: usize,
    kind: BackendKind,
    ports: PortPlan,
    timeout_commit: &str,
    genesis_delay: &str,
    keyring: KeyringBackend,
    netns: bool,
    hosts: Option<&Path>,
) -> Result<TestnetSpec> {
    let tc = spec::parse_duration(timeout_commit).map_err(|e| anyhow::anyhow!("--timeout-commit: {e}"))?;
    let delay = spec::parse_duration(genesis_delay).map_err(|e| anyhow::anyhow!("--genesis-delay: {e}"))?;
    // The spec refuses these too, but naming its own key; a flag's error names the flag.
    for (flag, d) in [("--timeout-commit", tc), ("--genesis-delay", delay)] {
        if d.is_zero() {
            bail!("{flag}: {d:?} must be positive");
        }
    }
    if validators < 1 {
        bail!("--validators: at least 1");
    }
    let backend = match kind {
        BackendKind::Process => spec::Backend::Process,
        BackendKind::Docker => spec::Backend::Docker,
    };
    let mut s = TestnetSpec::validators(validators)
        .backend(backend)
        .ports(ports)
        .timeout_commit(tc)
        .genesis_delay(delay)
        .keyring_backend(keyring)
        .netns(netns);
    match (kind, netns, hosts) {
        (_, true, Some(_)) => bail!("--netns and --hosts: give one"),
        (BackendKind::Docker, true, None) => {
            bail!("--netns: the docker backend's containers have network namespaces already (--hosts puts them on other machines)")
        }
        (BackendKind::Process, _, Some(_)) => {
            bail!("--hosts: only the docker backend runs validators on other machines' engines")
        }
        (_, false, Some(file)) => {
            for (i, h) in harness::docker::hosts::read(file, validators)?.into_iter().enumerate() {
                s = s.host(i, h);
            }
        }
        _ => {}
    }
    s.check("flags")?;
    Ok(s)
}

/// Set by the first stop signal: from then on the signal thread owns the exit, and a main
/// thread whose stages or checks fail because their processes are being stopped waits for it
/// instead of exiting first (with the wrong code, and before the report is written).
static STOPPING: AtomicBool = AtomicBool::new(false);

/// The stop signals `up` answers, with the exit code a shell gives a process they end.
#[derive(Clone, Copy, Debug)]
enum StopSignal {
    Interrupt,
    Terminate,
    Hangup,
}

impl StopSignal {
    fn name(self) -> &'static str {
        match self {
            StopSignal::Interrupt => "Ctrl-C",
            StopSignal::Terminate => "SIGTERM",
            StopSignal::Hangup => "SIGHUP",
        }
    }
    fn exit_code(self) -> i32 {
        match self {
            StopSignal::Interrupt => 130,
            StopSignal::Terminate => 143,
            StopSignal::Hangup => 129,
        }
    }
}

/// From the first process started to the last: SIGINT (Ctrl-C), SIGTERM (`harness down`) or
/// SIGHUP (the terminal closed) stops every project's processes, writes the report, then
/// says so and exits; a second one while stopping SIGKILLs every process group of the run and
/// exits at once. Stopping never waits on output: every line is written with its errors
/// ignored, after the processes are gone (with `… | tee log`, Ctrl-C ends `tee` too, and a
/// panic on the closed pipe would leave the network running). Whatever a stage thread spawns
/// meanwhile dies with this process (each child has a parent-death signal).
fn stop_on_signal(
    backend: Arc<dyn harness::backend::Backend>,
    work: PathBuf,
    ready: Arc<AtomicBool>,
    rec: Arc<Recorder>,
) -> Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    // Installed here, before any process starts: a signal from now on is caught.
    let (mut int, mut term, mut hup) = {
        let _in_rt = rt.enter();
        (
            signal(SignalKind::interrupt()).context("SIGINT handler")?,
            signal(SignalKind::terminate()).context("SIGTERM handler")?,
            signal(SignalKind::hangup()).context("SIGHUP handler")?,
        )
    };
    std::thread::Builder::new().name("harness-signals".into()).spawn(move || {
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
                let _ = std::fs::remove_file(state_path(&work));
                // The report's final form: every sample up to the stop.
                let report = rec.write(&work.join("report"));
                harness::procs::say(format_args!("\n{}: stopped every node and tmkms", got.name()));
                match report {
                    Ok(p) => harness::procs::say(format_args!("report: {}", p.display())),
                    Err(e) => harness::procs::say(format_args!("report not written: {e}")),
                }
                harness::procs::say(format_args!("project dirs kept at {}", work.display()));
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
                    let _ =
                        nix::sys::signal::killpg(nix::unistd::Pid::from_raw(pid), nix::sys::signal::Signal::SIGKILL);
                }
            }
            harness::procs::say(format_args!(
                "\n{} again: SIGKILL to {} process groups ({}); project dirs kept at {}",
                again.name(),
                all.len(),
                all.iter().map(|g| g.to_string()).collect::<Vec<_>>().join(", "),
                work.display()
            ));
            std::process::exit(again.exit_code());
        })
    })?;
    Ok(())
}

fn up(spec: &TestnetSpec, work: &Path) -> Result<()> {
    if work.exists() && std::fs::read_dir(work).map(|mut d| d.next().is_some()).unwrap_or(false) {
        bail!("{} is not empty: run `harness down --work-dir {}` first", work.display(), work.display());
    }
    std::fs::create_dir_all(work).with_context(|| work.display().to_string())?;
    let work = work.canonicalize()?;
    let (net, docker) = harness::testnet::network_and_run(spec, &work)?;
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
    stop_on_signal(net.backend.clone(), work.clone(), ready.clone(), net.recorder.clone())?;
    let mut state = UpState {
        validators,
        p2p_base: ports.p2p_base,
        rpc_base: ports.rpc_base,
        tmkms_base: ports.tmkms_base,
        harness_pid: std::process::id(),
        harness_start: harness::procs::start_time(std::process::id()),
        docker_run,
        hosts: net.projects.iter().map(|p| p.host.to_string()).collect(),
        engines: hosts.iter().flatten().map(|h| h.engine.uri()).collect(),
        pids: Vec::new(),
    };
    state.write(&work)?;
    let mp = MultiProgress::new();
    let bars = Bars::new(&net, &mp);
    let t0 = Instant::now();
    if let Err(e) = net.run(&bars) {
        net.stop_all();
        let _ = std::fs::remove_file(state_path(&work));
        bail!("{e}\nproject dirs kept at {}", work.display());
    }
    let checks = Checks::new(&net)?;
    let evidence = checks.blocks(1, Duration::from_secs(120));
    for b in bars.bars.lock().map(|b| b.values().cloned().collect::<Vec<_>>()).unwrap_or_default() {
        b.finish_with_message("running");
    }
    if let Err(e) = evidence {
        net.stop_all();
        let _ = std::fs::remove_file(state_path(&work));
        bail!("{e}\nproject dirs kept at {}", work.display());
    }
    outln!(
        "\nceremony done in {:.1}s; first block committed by all {} nodes\n",
        t0.elapsed().as_secs_f64(),
        validators
    );
    print_table(&net, &checks);
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
        serve_control(&net, &work)
    })
}

/// The spec's `[[perturb]]` schedule: each fault when its height comes, its evidence printed
/// and in the report (written again after each).
fn run_schedule(net: &Network, spec: &TestnetSpec) {
    for p in &spec.perturb {
        outln!("perturb (scheduled): {} {} at height {} for {:?}", p.fault, p.node, p.at_height, p.hold);
        let r = harness::testnet::perturb_at(net, spec.timeout_commit, p);
        if STOPPING.load(Ordering::SeqCst) {
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

fn control_path(work: &Path) -> PathBuf {
    work.join("control.sock")
}

/// One request per connection: a JSON line (`ControlRequest`); the answer is text, its last
/// line `OK` or `ERROR: <reason>` (`ControlAnswer`).
fn serve_control(net: &Network, work: &Path) -> Result<()> {
    use std::io::{BufRead, BufReader, Write};
    let path = control_path(work);
    let _ = std::fs::remove_file(&path);
    let listener = std::os::unix::net::UnixListener::bind(&path).with_context(|| path.display().to_string())?;
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let mut line = String::new();
        if BufReader::new(&stream).read_line(&mut line).is_err() {
            continue;
        }
        let mut out = &stream;
        let answer = if STOPPING.load(Ordering::SeqCst) {
            Err(anyhow::anyhow!("the network is stopping"))
        } else {
            perturb_here(net, &line)
        };
        let answer = match answer {
            Ok(text) => ControlAnswer::Ok(text),
            Err(e) => ControlAnswer::Error(format!("{e:#}")),
        };
        let _ = out.write_all(answer.render().as_bytes());
    }
    Ok(())
}

fn perturb_here(net: &Network, request: &str) -> Result<String> {
    let req: ControlRequest = serde_json::from_str(request).context("control request")?;
    let (node, fault, hold) = (req.node.as_str(), req.fault, Duration::from_millis(req.hold_ms));
    let Some(i) = net.projects.iter().position(|p| p.name == node) else {
        let names: Vec<&str> = net.projects.iter().map(|p| p.name.as_str()).collect();
        bail!("no node {node:?} in this network ({})", names.join(", "));
    };
    errln!("perturb: {fault} {node} for {hold:?}");
    let evidence = harness::faults::perturb(net, i, fault, hold, Duration::from_secs(120))?;
    let checks = Checks::new(net)?;
    let tip = (0..net.projects.len()).filter_map(|i| checks.height(i)).min().unwrap_or(1);
    let checked = checks.report(tip.max(1), Duration::from_secs(60));
    let written = net
        .write_report(Some(&checked))
        .map(|p| format!("report: {}", p.display()))
        .unwrap_or_else(|e| format!("report not written: {e}"));
    Ok(format!("{evidence}\n\n{checked}\n{written}\n"))
}

/// Asks the `up` process of `work_dir` to perturb `node`, and prints its answer.
fn perturb(work_dir: &Path, node: &str, fault: harness::faults::Fault, hold: Duration) -> Result<()> {
    use std::io::{Read, Write};
    read_state(work_dir)?;
    let path = control_path(work_dir);
    let mut stream = std::os::unix::net::UnixStream::connect(&path)
        .with_context(|| format!("{}: the network's `harness up` is not ready", path.display()))?;
    let req =
        ControlRequest { node: node.to_string(), fault, hold_ms: u64::try_from(hold.as_millis()).unwrap_or(u64::MAX) };
    writeln!(stream, "{}", serde_json::to_string(&req)?)?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    match ControlAnswer::parse(&answer) {
        (body, ControlAnswer::Ok(_)) => {
            outln!("{body}");
            Ok(())
        }
        (body, ControlAnswer::Error(e)) => {
            if !body.is_empty() {
                outln!("{body}");
            }
            bail!("{e}")
        }
    }
}

fn read_state(work: &Path) -> Result<UpState> {
    Ok(UpState::read(work)?)
}

fn bench(sizes: &str, kind: BackendKind, runs: usize, genesis_delay: &str) -> Result<()> {
    if runs == 0 {
        bail!("--runs: at least 1");
    }
    let label = if kind == BackendKind::Docker { "docker" } else { "process" };
    let mut medians = Vec::new();
    // Each run's work dir goes when it ends; its report stays here.
    let reports = std::env::temp_dir().join(format!("harness-bench-reports-{}", std::process::id()));
    for n in sizes.split(',') {
        let n: usize = n.trim().parse().context("--sizes")?;
        let mut times = Vec::new();
        for run in 1..=runs {
            let report = reports.join(format!("{label}-N{n}-run{run}"));
            times.push(bench_once(n, kind, &report, genesis_delay)?);
        }
        let shown: Vec<String> = times.iter().map(|t| format!("{:.2}", t.as_secs_f64())).collect();
        times.sort();
        let median = times[times.len() / 2];
        outln!(
            "harness/bench {label} N={n}: empty dirs -> height 5: median {:.2}s of {runs} (runs: {} s)",
            median.as_secs_f64(),
            shown.join(", ")
        );
        medians.push((n, median));
    }
    outln!("reports: {}/<backend>-N<n>-run<k>/report.html", reports.display());
    if let (Some(first), Some(last)) = (medians.first(), medians.last()) {
        if medians.len() > 1 {
            outln!("T({})/T({}) = {:.2} (medians)", last.0, first.0, last.1.as_secs_f64() / first.1.as_secs_f64());
        }
    }
    Ok(())
}

/// One network of `n` from empty directories to height 5 on every node; its run report is
/// moved to `report` before the work dir is removed.
fn bench_once(n: usize, kind: BackendKind, report: &Path, genesis_delay: &str) -> Result<Duration> {
    let dir = tempdir_in_target()?;
    let base = free_base(n as u16)?;
    // Images are built (or found) here, before the clock starts.
    let spec = bench_spec(n, kind, genesis_delay)?.base_port(base);
    let net = harness::testnet::network(&spec, &dir)?;
    let net = net.titled(&format!("harness bench: N={n}"));
    let t0 = Instant::now();
    let ran = net.run(&harness::runbook::Quiet).and_then(|()| Checks::new(&net)?.blocks(5, Duration::from_secs(300)));
    let t = t0.elapsed();
    // Written after the clock stops: the report costs the figure nothing.
    let written = net.write_report(None);
    net.stop_all();
    if let Some(parent) = report.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let kept = written.is_ok() && std::fs::rename(net.report_dir(), report).is_ok();
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = ran {
        let at = if kept { format!("; report: {}", report.join("report.html").display()) } else { String::new() };
        bail!("N={n}: {e}{at}");
    }
    Ok(t)
}

/// The bench's network of `n`: the spec's figure is height 5 with timeout_commit 100 ms.
fn bench_spec(n: usize, kind: BackendKind, genesis_delay: &str) -> Result<TestnetSpec> {
    let delay = spec::parse_duration(genesis_delay).map_err(|e| anyhow::anyhow!("--genesis-delay: {e}"))?;
    if delay.is_zero() {
        bail!("--genesis-delay: must be positive");
    }
    let backend = if kind == BackendKind::Docker { spec::Backend::Docker } else { spec::Backend::Process };
    Ok(TestnetSpec::validators(n).backend(backend).timeout_commit(BENCH_TIMEOUT_COMMIT).genesis_delay(delay))
}

fn tempdir_in_target() -> Result<PathBuf> {
    let d = std::env::temp_dir().join(format!(
        "harness-bench-{}-{}",
        std::process::id(),
        Instant::now().elapsed().as_nanos()
    ));
    std::fs::create_dir_all(&d)?;
    Ok(d)
}

/// A base port with `count` free slots of 3 ports at stride 10.
fn free_base(count: u16) -> Result<u16> {
    // Below Linux's ephemeral range (32768+), where outgoing connections take their ports.
    for base in (10000..32000u16).step_by(977) {
        let ok =
            (0..count).all(|i| (0..3).all(|o| std::net::TcpListener::bind(("127.0.0.1", base + 10 * i + o)).is_ok()));
        if ok {
            return Ok(base);
        }
    }
    bail!("no free port range")
}

/// Asks the `up` process to stop its network (it owns the processes) with SIGTERM, waits
/// `grace` for it to exit, then SIGKILLs it and every process group of the run that is left;
/// says what it did and what is still alive (an error if anything is), and removes the work
/// dir unless told to keep it.
fn down(work_dir: &Path, keep: bool, grace: Duration) -> Result<()> {
    use harness::procs::{alive, group_members};
    use nix::sys::signal::{kill, killpg, Signal};
    use nix::unistd::Pid;
    let mut left: Vec<String> = Vec::new();
    if let Ok(st) = read_state(work_dir) {
        let groups: Vec<u32> = st.pids.clone();
        {
            let pid = st.harness_pid;
            // A pid from a state file that outlived its process may be someone else's now.
            let same = match st.harness_start {
                Some(t) => harness::procs::start_time(pid) == Some(t),
                None => true,
            };
            let raw = Pid::from_raw(i32::try_from(pid).context("harness_pid")?);
            if !alive(pid) || !same {
                outln!("harness up (pid {pid}) was not running");
            } else if let Err(e) = kill(raw, Signal::SIGTERM) {
                errln!("harness up (pid {pid}): SIGTERM: {e}");
            } else {
                outln!(
                    "sent SIGTERM to harness up (pid {pid}); waiting up to {} for it to stop its network",
                    cosmos_formats::GoDuration::from(grace)
                );
                let t0 = Instant::now();
                while alive(pid) && t0.elapsed() < grace {
                    std::thread::sleep(Duration::from_millis(50));
                }
                if alive(pid) {
                    let _ = kill(raw, Signal::SIGKILL);
                    outln!(
                        "harness up (pid {pid}) still running after {}: sent SIGKILL",
                        cosmos_formats::GoDuration::from(grace)
                    );
                    let t1 = Instant::now();
                    while alive(pid) && t1.elapsed() < Duration::from_secs(5) {
                        std::thread::sleep(Duration::from_millis(50));
                    }
                }
                if alive(pid) {
                    left.push(format!("harness up (pid {pid}, state {})", harness::procs::state(pid).unwrap_or('?')));
                } else {
                    outln!("harness up (pid {pid}) exited after {:.1}s", t0.elapsed().as_secs_f64());
                }
            }
        }
        // What an `up` killed outright, or one that could not stop them, left behind: its
        // children die with it (a parent-death signal), but not at once, and not a process
        // one of them forked.
        for g in &groups {
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
        for (g, m) in alive_groups {
            left.push(format!("process group {g} ({})", join(&m)));
        }
        // A docker run whose `up` was killed outright leaves containers: the engine has them
        // by label.
        if let Some(run) = st.docker_run.as_deref() {
            let endpoints: Vec<&str> = st.engines.iter().map(String::as_str).collect();
            let mut engines = Vec::new();
            if endpoints.is_empty() {
                engines.push(("local engine".to_string(), harness::docker::engine::Engine::connect()?));
            }
            for e in endpoints {
                let endpoint = harness::docker::hosts::EngineEndpoint::parse(e).map_err(anyhow::Error::msg)?;
                engines.push((e.to_string(), harness::docker::engine::Engine::connect_to(&endpoint)?));
            }
            for (name, engine) in engines {
                let problems = engine.remove_run(run, &[]);
                outln!("removed the containers and networks labelled genesis-ceremony.run={run} on {name}");
                for p in &problems {
                    errln!("  {p}");
                }
                left.extend(problems.into_iter().map(|p| format!("{name}: {p}")));
            }
        }
        if !left.is_empty() {
            // The state stays: a later `harness down` finds the same processes.
            bail!("still alive after SIGKILL: {}; state kept in {}", left.join(", "), state_path(work_dir).display());
        }
        let _ = std::fs::remove_file(state_path(work_dir));
        outln!("nothing of the run is left running");
    }
    if !keep && work_dir.exists() {
        std::fs::remove_dir_all(work_dir).with_context(|| work_dir.display().to_string())?;
        outln!("removed {}", work_dir.display());
    }
    Ok(())
}

fn join(pids: &[u32]) -> String {
    pids.iter().map(u32::to_string).collect::<Vec<_>>().join(" ")
}

fn main() -> std::process::ExitCode {
    let result = run(Cli::parse());
    // A stop signal came while `up` was still setting up: its thread stops the processes,
    // reports and exits; an error here is most likely that stop seen from the inside.
    while STOPPING.load(Ordering::SeqCst) {
        std::thread::park();
    }
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // `{:#}`: the error and its context on one line (a stage failure adds its log
            // tail), never a backtrace dump.
            errln!("harness: error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Cmd::Up {
            spec,
            validators,
            backend,
            base_port,
            rpc_base,
            tmkms_base,
            work_dir,
            timeout_commit,
            genesis_delay,
            keyring_backend,
            netns,
            hosts,
        } => {
            let spec = match spec {
                Some(file) => TestnetSpec::from_toml_file(&file)?,
                None => {
                    let keyring = match keyring_backend {
                        Keyring::Test => KeyringBackend::Test,
                        Keyring::File => KeyringBackend::File,
                    };
                    let ports = PortPlan {
                        p2p_base: base_port,
                        rpc_base: rpc_base.unwrap_or(base_port.saturating_add(1)),
                        tmkms_base: tmkms_base.unwrap_or(base_port.saturating_add(2)),
                        stride: 10,
                    };
                    spec_of_flags(
                        validators,
                        backend,
                        ports,
                        &timeout_commit,
                        &genesis_delay,
                        keyring,
                        netns,
                        hosts.as_deref(),
                    )?
                }
            };
            up(&spec, &work_dir)
        }
        Cmd::Status { work_dir } => {
            let st = read_state(&work_dir)?;
            let n = st.validators;
            let ports =
                PortPlan { p2p_base: st.p2p_base, rpc_base: st.rpc_base, tmkms_base: st.tmkms_base, stride: 10 };
            let work = work_dir.canonicalize()?;
            // Status only reads RPC and files: the `up` process owns the nodes.
            let hosts = st.hosts.iter().filter_map(|h| h.parse().ok()).collect();
            let net = Network::new(&work, n, ports, Arc::new(Observer { keyring: KeyringBackend::Test, hosts }));
            outln!("harness up (pid {}), work dir {}\n", st.harness_pid, work.display());
            print_table(&net, &Checks::new(&net)?);
            Ok(())
        }
        Cmd::Down { work_dir, keep, grace } => down(&work_dir, keep, grace),
        Cmd::Report { work_dir, open } => {
            let dir = work_dir.join("report");
            let r = harness::run_report::read(&dir.join("report.json"))?;
            let html = harness::run_report::write(&r, &dir)?;
            outln!("{}", html.display());
            if open {
                std::process::Command::new("xdg-open")
                    .arg(&html)
                    .status()
                    .with_context(|| format!("xdg-open {}", html.display()))?;
            }
            Ok(())
        }
        Cmd::Perturb { node, fault, hold, work_dir } => perturb(&work_dir, &node, fault, hold),
        Cmd::Bench { sizes, backend, runs, genesis_delay } => {
            let sizes =
                sizes.unwrap_or_else(|| if backend == BackendKind::Docker { "4".into() } else { "4,16".into() });
            bench_spec(1, backend, &genesis_delay)?;
            bench(&sizes, backend, runs, &genesis_delay)
        }
    }
}
