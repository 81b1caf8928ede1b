//! `harness`: run a multi-validator genesis ceremony locally, each validator an isolated
//! project, and keep the network running until Ctrl-C.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use harness::backend::{Observer, ProcessBackend};
use harness::binaries::Binaries;
use harness::checks::Checks;
use harness::docker::DockerBackend;
use harness::project::{KeyringBackend, PortPlan};
use harness::run_report::Recorder;
use harness::runbook::{Network, Progress};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(
    name = "harness",
    version,
    about = "Run a multi-validator genesis ceremony locally, one isolated project per validator"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum BackendKind {
    Process,
    Docker,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Keyring {
    Test,
    File,
}

#[derive(Subcommand)]
enum Cmd {
    /// Run the whole ceremony from empty directories and keep the network up until Ctrl-C
    Up {
        #[arg(long, default_value_t = 3)]
        validators: usize,
        #[arg(long, value_enum, default_value = "process")]
        backend: BackendKind,
        /// P2P base port; node i's P2P port is base + 10 i (the spec's scheme)
        #[arg(long, default_value_t = 26656)]
        base_port: u16,
        /// RPC base port [default: base-port + 1]
        #[arg(long)]
        rpc_base: Option<u16>,
        /// TMKMS base port [default: base-port + 2]
        #[arg(long)]
        tmkms_base: Option<u16>,
        #[arg(long, default_value = ".harness")]
        work_dir: PathBuf,
        #[arg(long, default_value = "1s")]
        timeout_commit: String,
        /// genesis_time = the coordinator's start + this (the runner's GENESIS_DELAY)
        #[arg(long, default_value = harness::project::GENESIS_DELAY)]
        genesis_delay: String,
        #[arg(long, value_enum, default_value = "test")]
        keyring_backend: Keyring,
        /// Process backend: run each host in a network namespace of its own, at its own
        /// address on a bridge the harness creates (needs root); `perturb … disconnect` then
        /// cuts a host off for real
        #[arg(long)]
        netns: bool,
        /// Docker backend: run each validator on the machine this file gives it (one [[host]]
        /// per validator: `engine` = its DOCKER_HOST, unix:// or tcp://; `address` = where
        /// peers reach it); without it every project runs on the local engine
        #[arg(long, value_name = "hosts.toml")]
        hosts: Option<PathBuf>,
    },
    /// Show height and peers of a network started by `up`
    Status {
        #[arg(long, default_value = ".harness")]
        work_dir: PathBuf,
    },
    /// Inject a fault into one node of a network started by `up`, heal it after --for, and
    /// print what the network did and the check report
    Perturb {
        /// The node, e.g. val-2
        node: String,
        /// kill (SIGKILL, back with the restart stage), pause (SIGSTOP/docker pause), restart
        /// (clean stop, restart stage), kill-signer (SIGKILL of its tmkms, started again),
        /// disconnect (docker: the node container off its networks; process backend: the
        /// host's link down, with `up --netns`)
        fault: harness::faults::Fault,
        /// How long the fault holds before it is healed
        #[arg(long = "for", default_value = "10s", value_parser = humantime::parse_duration)]
        hold: Duration,
        #[arg(long, default_value = ".harness")]
        work_dir: PathBuf,
    },
    /// Stop a network started by `up` and remove its directories
    Down {
        #[arg(long, default_value = ".harness")]
        work_dir: PathBuf,
        /// Keep the project directories for inspection
        #[arg(long)]
        keep: bool,
    },
    /// Render report.html again from the report.json of a kept work dir
    Report {
        #[arg(long, default_value = ".harness")]
        work_dir: PathBuf,
        /// Open it in the desktop's browser (xdg-open)
        #[arg(long)]
        open: bool,
    },
    /// Time empty directories → height 5 (timeout_commit 100 ms) for each N in --sizes
    Bench {
        /// Network sizes [default: 4,16 on the process backend, 4 on docker]
        #[arg(long)]
        sizes: Option<String>,
        #[arg(long, value_enum, default_value = "process")]
        backend: BackendKind,
        /// Runs per size; the median is the figure
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// The runner's GENESIS_DELAY; near zero (e.g. 1ms) times the machinery without the
        /// ceremony's fixed wait for genesis_time
        #[arg(long, default_value = harness::project::GENESIS_DELAY)]
        genesis_delay: String,
    },
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
    work.join("harness.json")
}

fn print_table(net: &Network, checks: &Checks) {
    println!(
        "{:<8} {:>5}  {:<40} {:>6} {:>6} {:>6} {:>7} {:>7}",
        "node", "index", "node id", "p2p", "rpc", "tmkms", "height", "peers"
    );
    for (i, p) in net.projects.iter().enumerate() {
        println!(
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
const BENCH_TIMEOUT_COMMIT: &str = "100ms";

/// The chain's timing on every host: CometBFT's `timeout_commit` and the runner's
/// `GENESIS_DELAY`, both checked here as durations.
struct Timing<'a> {
    timeout_commit: &'a str,
    genesis_delay: &'a str,
}

impl Timing<'_> {
    fn check(&self) -> Result<()> {
        humantime::parse_duration(self.timeout_commit).context("--timeout-commit")?;
        humantime::parse_duration(self.genesis_delay).context("--genesis-delay")?;
        Ok(())
    }
}

/// Where the validators' hosts are.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Machines {
    /// One machine: processes on loopback, or containers on the local engine.
    Local,
    /// Process backend: each host in a network namespace of its own (`--netns`).
    Netns,
    /// Docker backend: each validator on the engine and address a hosts file gives it.
    Hosts(Vec<harness::docker::hosts::DockerHost>),
}

impl Machines {
    /// From `up`'s flags, checked against the backend before anything is created.
    fn of(kind: BackendKind, netns: bool, hosts: Option<&Path>, validators: usize) -> Result<Machines> {
        match (kind, netns, hosts) {
            (_, true, Some(_)) => bail!("--netns and --hosts: give one"),
            (BackendKind::Docker, true, None) => {
                bail!("--netns: the docker backend's containers have network namespaces already (--hosts puts them on other machines)")
            }
            (BackendKind::Process, _, Some(_)) => {
                bail!("--hosts: only the docker backend runs validators on other machines' engines")
            }
            (_, true, None) => Ok(Machines::Netns),
            (_, false, Some(file)) => Ok(Machines::Hosts(harness::docker::hosts::read(file, validators)?)),
            (_, false, None) => Ok(Machines::Local),
        }
    }
}

/// The network and, on the docker backend, the run id that labels all its containers.
fn network(
    work: &Path,
    n: usize,
    ports: PortPlan,
    keyring: KeyringBackend,
    timing: &Timing,
    kind: BackendKind,
    machines: &Machines,
) -> Result<(Network, Option<String>)> {
    let tc = timing.timeout_commit;
    match kind {
        BackendKind::Process => {
            let bins = Binaries::locate()?;
            let backend = if *machines == Machines::Netns {
                ProcessBackend::isolated(bins, keyring, tc, n)?
            } else {
                ProcessBackend::new(bins, keyring, tc)?
            };
            let backend = Arc::new(backend.with_genesis_delay(timing.genesis_delay));
            Ok((Network::new(work, n, ports, backend), None))
        }
        BackendKind::Docker => {
            let backend = match machines {
                Machines::Hosts(hosts) => DockerBackend::on_hosts(hosts, keyring, tc)?,
                _ => DockerBackend::new(keyring, tc)?,
            };
            let backend = backend.with_genesis_delay(timing.genesis_delay);
            let run = backend.run_id().to_string();
            eprintln!("images: {} {}; compose projects {run}-val-*", backend.images().node, backend.images().tmkms);
            Ok((Network::new(work, n, ports, Arc::new(backend)), Some(run)))
        }
    }
}

/// From the first process started to the last: SIGINT (Ctrl-C) or SIGTERM (`harness down`)
/// stops every project's processes, then exits. Whatever a stage thread spawns after that
/// dies with this process (each child has a parent-death signal).
fn stop_on_signal(
    backend: Arc<dyn harness::backend::Backend>,
    work: PathBuf,
    ready: Arc<AtomicBool>,
    rec: Arc<Recorder>,
) -> Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    std::thread::spawn(move || {
        let got = rt.block_on(async {
            let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok()?;
            tokio::select! {
                r = tokio::signal::ctrl_c() => r.ok().map(|_| "Ctrl-C"),
                _ = term.recv() => Some("SIGTERM"),
            }
        });
        eprintln!("\n{}: stopping every node and tmkms ...", got.unwrap_or("signal"));
        // The report's final form: every sample up to now.
        match rec.write(&work.join("report")) {
            Ok(p) => eprintln!("report: {}", p.display()),
            Err(e) => eprintln!("report not written: {e}"),
        }
        backend.stop_all();
        let _ = std::fs::remove_file(state_path(&work));
        eprintln!("stopped; project dirs kept at {}", work.display());
        std::process::exit(if ready.load(Ordering::SeqCst) { 0 } else { 130 });
    });
    Ok(())
}

fn up(
    validators: usize,
    ports: PortPlan,
    work: &Path,
    timing: &Timing,
    keyring: KeyringBackend,
    kind: BackendKind,
    machines: &Machines,
) -> Result<()> {
    if validators < 1 {
        bail!("--validators: at least 1");
    }
    if work.exists() && std::fs::read_dir(work).map(|mut d| d.next().is_some()).unwrap_or(false) {
        bail!("{} is not empty: run `harness down --work-dir {}` first", work.display(), work.display());
    }
    std::fs::create_dir_all(work).with_context(|| work.display().to_string())?;
    let work = work.canonicalize()?;
    let (net, docker_run) = network(&work, validators, ports, keyring, timing, kind, machines)?;
    let ready = Arc::new(AtomicBool::new(false));
    let label = match (kind, machines) {
        (BackendKind::Docker, Machines::Hosts(_)) => "docker, one engine per --hosts entry",
        (BackendKind::Docker, _) => "docker",
        (_, Machines::Netns) => "process, --netns",
        _ => "process",
    };
    let net = net.titled(&format!("harness up: {validators} validators ({label} backend)"));
    stop_on_signal(net.backend.clone(), work.clone(), ready.clone(), net.recorder.clone())?;
    let state = serde_json::json!({
        "validators": validators, "p2p_base": ports.p2p_base, "rpc_base": ports.rpc_base,
        "tmkms_base": ports.tmkms_base, "harness_pid": std::process::id(),
        "docker_run": docker_run,
        "hosts": net.projects.iter().map(|p| p.host.to_string()).collect::<Vec<_>>(),
        // What `harness down` cleans when this process is gone: each engine's containers.
        "engines": match machines {
            Machines::Hosts(hosts) => hosts.iter().map(|h| h.engine.uri()).collect::<Vec<_>>(),
            _ => Vec::new(),
        },
    });
    std::fs::write(state_path(&work), serde_json::to_string_pretty(&state)?)?;
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
    println!(
        "\nceremony done in {:.1}s; first block committed by all {} nodes\n",
        t0.elapsed().as_secs_f64(),
        validators
    );
    print_table(&net, &checks);
    let report = checks.report(2, Duration::from_secs(60));
    println!("\n{report}");
    let writing = Instant::now();
    match net.write_report(Some(&report)) {
        Ok(p) => println!(
            "report: {} (written in {} ms; kept up to date; `harness report --open` shows it)",
            p.display(),
            writing.elapsed().as_millis()
        ),
        Err(e) => eprintln!("report not written: {e}"),
    }
    let mut state = state;
    state["pids"] = serde_json::json!(net.backend.pids());
    std::fs::write(state_path(&work), serde_json::to_string_pretty(&state)?)?;
    println!(
        "RPC of node i: http://{}:{}+10i   ledger: {}/ledger.jsonl   logs: {}/<node>/logs\nCtrl-C (or `harness down`) stops the network",
        if *machines == Machines::Local { "127.0.0.1" } else { "<host i>" },
        ports.rpc_base,
        work.display(),
        work.display()
    );
    ready.store(true, Ordering::SeqCst);
    // The signal thread ends the process; until then `harness perturb` asks us, the owner of
    // the nodes, to perturb one.
    serve_control(&net, &work)
}

fn control_path(work: &Path) -> PathBuf {
    work.join("control.sock")
}

/// One request per connection: a JSON line `{"node","fault","hold_ms"}`; the answer is text,
/// its last line `OK` or `ERROR: <reason>`.
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
        let answer = perturb_here(net, &line);
        let _ = match answer {
            Ok(text) => writeln!(out, "{text}OK"),
            Err(e) => writeln!(out, "ERROR: {e:#}"),
        };
    }
    Ok(())
}

fn perturb_here(net: &Network, request: &str) -> Result<String> {
    let req: serde_json::Value = serde_json::from_str(request).context("control request")?;
    let node = req["node"].as_str().context("control request: node")?;
    let fault: harness::faults::Fault =
        req["fault"].as_str().context("control request: fault")?.parse().map_err(anyhow::Error::msg)?;
    let hold = Duration::from_millis(req["hold_ms"].as_u64().context("control request: hold_ms")?);
    let Some(i) = net.projects.iter().position(|p| p.name == node) else {
        let names: Vec<&str> = net.projects.iter().map(|p| p.name.as_str()).collect();
        bail!("no node {node:?} in this network ({})", names.join(", "));
    };
    eprintln!("perturb: {fault} {node} for {hold:?}");
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
    let req = serde_json::json!({"node": node, "fault": fault.to_string(), "hold_ms": hold.as_millis() as u64});
    writeln!(stream, "{req}")?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let answer = answer.trim_end();
    match answer.rsplit_once('\n').map_or(("", answer), |(body, last)| (body, last)) {
        (body, "OK") => {
            println!("{body}");
            Ok(())
        }
        (body, last) => {
            if !body.is_empty() {
                println!("{body}");
            }
            bail!("{}", last.trim_start_matches("ERROR: "))
        }
    }
}

fn read_state(work: &Path) -> Result<serde_json::Value> {
    let text = std::fs::read_to_string(state_path(work))
        .with_context(|| format!("{}: no running network (start one with `harness up`)", state_path(work).display()))?;
    Ok(serde_json::from_str(&text)?)
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
        println!(
            "harness/bench {label} N={n}: empty dirs -> height 5: median {:.2}s of {runs} (runs: {} s)",
            median.as_secs_f64(),
            shown.join(", ")
        );
        medians.push((n, median));
    }
    println!("reports: {}/<backend>-N<n>-run<k>/report.html", reports.display());
    if let (Some(first), Some(last)) = (medians.first(), medians.last()) {
        if medians.len() > 1 {
            println!("T({})/T({}) = {:.2} (medians)", last.0, first.0, last.1.as_secs_f64() / first.1.as_secs_f64());
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
    let timing = Timing { timeout_commit: BENCH_TIMEOUT_COMMIT, genesis_delay };
    let (net, _) = network(&dir, n, PortPlan::from_base(base), KeyringBackend::Test, &timing, kind, &Machines::Local)?;
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

/// Asks the `up` process to stop its network (it owns the processes), waits for it, and
/// removes the work dir unless told to keep it.
fn down(work_dir: &Path, keep: bool) -> Result<()> {
    use nix::sys::signal::{kill, killpg, Signal};
    use nix::unistd::Pid;
    if let Ok(st) = read_state(work_dir) {
        if let Some(pid) = st["harness_pid"].as_u64().and_then(|p| i32::try_from(p).ok()) {
            let pid = Pid::from_raw(pid);
            if kill(pid, Signal::SIGTERM).is_ok() {
                let t0 = Instant::now();
                while kill(pid, None).is_ok() && t0.elapsed() < Duration::from_secs(20) {
                    std::thread::sleep(Duration::from_millis(100));
                }
                println!("stopped harness up (pid {pid})");
            }
        }
        // Left-overs of an `up` that was killed outright (its children die with it, but a
        // group may linger for a moment).
        for pid in st["pids"].as_array().into_iter().flatten().filter_map(|p| p.as_u64()) {
            if let Ok(pid) = i32::try_from(pid) {
                let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
            }
        }
        // A docker run whose `up` was killed outright leaves containers: the engine has them
        // by label.
        if let Some(run) = st["docker_run"].as_str() {
            let endpoints: Vec<&str> =
                st["engines"].as_array().into_iter().flatten().filter_map(|e| e.as_str()).collect();
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
                println!("removed the containers and networks labelled genesis-ceremony.run={run} on {name}");
                for p in problems {
                    eprintln!("  {p}");
                }
            }
        }
        let _ = std::fs::remove_file(state_path(work_dir));
    }
    if !keep && work_dir.exists() {
        std::fs::remove_dir_all(work_dir).with_context(|| work_dir.display().to_string())?;
        println!("removed {}", work_dir.display());
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    match run(Cli::parse()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // `{:#}`: the error and its context on one line (a stage failure adds its log
            // tail), never a backtrace dump.
            eprintln!("harness: error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Cmd::Up {
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
            let timing = Timing { timeout_commit: &timeout_commit, genesis_delay: &genesis_delay };
            timing.check()?;
            let machines = Machines::of(backend, netns, hosts.as_deref(), validators)?;
            up(validators, ports, &work_dir, &timing, keyring, backend, &machines)
        }
        Cmd::Status { work_dir } => {
            let st = read_state(&work_dir)?;
            let n = st["validators"].as_u64().unwrap_or(0) as usize;
            let port = |k: &str, d: u16| st[k].as_u64().and_then(|v| u16::try_from(v).ok()).unwrap_or(d);
            let ports = PortPlan {
                p2p_base: port("p2p_base", 26656),
                rpc_base: port("rpc_base", 26657),
                tmkms_base: port("tmkms_base", 26658),
                stride: 10,
            };
            let work = work_dir.canonicalize()?;
            // Status only reads RPC and files: the `up` process owns the nodes.
            let hosts = st["hosts"]
                .as_array()
                .map(|a| a.iter().filter_map(|h| h.as_str()?.parse().ok()).collect())
                .unwrap_or_default();
            let net = Network::new(&work, n, ports, Arc::new(Observer { keyring: KeyringBackend::Test, hosts }));
            if let Some(pid) = st["harness_pid"].as_u64() {
                println!("harness up (pid {pid}), work dir {}\n", work.display());
            }
            print_table(&net, &Checks::new(&net)?);
            Ok(())
        }
        Cmd::Down { work_dir, keep } => down(&work_dir, keep),
        Cmd::Report { work_dir, open } => {
            let dir = work_dir.join("report");
            let r = harness::run_report::read(&dir.join("report.json"))?;
            let html = harness::run_report::write(&r, &dir)?;
            println!("{}", html.display());
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
            Timing { timeout_commit: BENCH_TIMEOUT_COMMIT, genesis_delay: &genesis_delay }.check()?;
            bench(&sizes, backend, runs, &genesis_delay)
        }
    }
}
