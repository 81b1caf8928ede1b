//! `harness`: run a multi-validator genesis ceremony locally, each validator an isolated
//! project, and keep the network running until Ctrl-C.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use harness::backend::ProcessBackend;
use harness::binaries::Binaries;
use harness::checks::Checks;
use harness::project::{KeyringBackend, PortPlan};
use harness::runbook::{Network, Progress};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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
        /// P2P base port; RPC = base+1, TMKMS = base+2, node i at base + 10 i (the spec's scheme)
        #[arg(long, default_value_t = 26656)]
        base_port: u16,
        #[arg(long, default_value = ".harness")]
        work_dir: PathBuf,
        #[arg(long, default_value = "1s")]
        timeout_commit: String,
        #[arg(long, value_enum, default_value = "test")]
        keyring_backend: Keyring,
    },
    /// Show height and peers of a network started by `up`
    Status {
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
    /// Time empty directories → height 5 for N = 4 and N = 16 (timeout_commit 100 ms)
    Bench {
        #[arg(long, default_value = "4,16")]
        sizes: String,
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
        "{:<8} {:>5}  {:<40} {:>6} {:>6} {:>6} {:>7} {:>6}",
        "node", "index", "node id", "p2p", "rpc", "tmkms", "height", "peers"
    );
    for (i, p) in net.projects.iter().enumerate() {
        let peers = std::fs::read_to_string(p.node_home().join("config/config.toml"))
            .ok()
            .and_then(|t| t.lines().find(|l| l.starts_with("persistent_peers")).map(|l| l.matches('@').count()))
            .unwrap_or(0);
        println!(
            "{:<8} {:>5}  {:<40} {:>6} {:>6} {:>6} {:>7} {:>6}",
            p.name,
            p.index,
            p.node_id().unwrap_or_default(),
            p.p2p_port(),
            p.rpc_port(),
            p.tmkms_port(),
            checks.height(i).map(|h| h.to_string()).unwrap_or_else(|| "-".into()),
            peers
        );
    }
}

fn network(work: &Path, n: usize, ports: PortPlan, keyring: KeyringBackend, tc: &str) -> Result<Network> {
    let bins = Binaries::locate()?;
    let backend = Arc::new(ProcessBackend::new(bins, keyring, tc));
    Ok(Network::new(work, n, ports, backend))
}

fn up(validators: usize, base: u16, work: &Path, tc: &str, keyring: KeyringBackend) -> Result<()> {
    if validators < 1 {
        bail!("--validators: at least 1");
    }
    if work.exists() && std::fs::read_dir(work).map(|mut d| d.next().is_some()).unwrap_or(false) {
        bail!("{} is not empty: run `harness down --work-dir {}` first", work.display(), work.display());
    }
    std::fs::create_dir_all(work).with_context(|| work.display().to_string())?;
    let work = work.canonicalize()?;
    let net = network(&work, validators, PortPlan::from_base(base), keyring, tc)?;
    let mp = MultiProgress::new();
    let bars = Bars::new(&net, &mp);
    let t0 = Instant::now();
    if let Err(e) = net.run(&bars) {
        net.stop_all();
        bail!("{e}");
    }
    let checks = Checks::new(&net);
    let evidence = checks.blocks(1, Duration::from_secs(120));
    for b in bars.bars.lock().map(|b| b.values().cloned().collect::<Vec<_>>()).unwrap_or_default() {
        b.finish_with_message("running");
    }
    let evidence = match evidence {
        Ok(e) => e,
        Err(e) => {
            net.stop_all();
            bail!("{e}\nproject dirs kept at {}", work.display());
        }
    };
    println!(
        "\nceremony done in {:.1}s; first block committed by all {} nodes\n",
        t0.elapsed().as_secs_f64(),
        validators
    );
    let _ = evidence;
    print_table(&net, &checks);
    let state = serde_json::json!({
        "validators": validators, "base_port": base,
        "pids": net.backend.pids(),
    });
    std::fs::write(state_path(&work), serde_json::to_string_pretty(&state)?)?;
    println!(
        "\nRPC of node i: http://127.0.0.1:{}+10i   logs: {}/<node>/logs   Ctrl-C stops the network",
        base + 1,
        work.display()
    );
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    rt.block_on(tokio::signal::ctrl_c())?;
    println!("\nstopping ...");
    net.stop_all();
    let _ = std::fs::remove_file(state_path(&work));
    Ok(())
}

fn read_state(work: &Path) -> Result<serde_json::Value> {
    let text = std::fs::read_to_string(state_path(work))
        .with_context(|| format!("{}: no running network (start one with `harness up`)", state_path(work).display()))?;
    Ok(serde_json::from_str(&text)?)
}

fn bench(sizes: &str) -> Result<()> {
    let mut results = Vec::new();
    for n in sizes.split(',') {
        let n: usize = n.trim().parse().context("--sizes")?;
        let dir = tempdir_in_target()?;
        let base = free_base(n as u16)?;
        let net = network(&dir, n, PortPlan::from_base(base), KeyringBackend::Test, "100ms")?;
        let t0 = Instant::now();
        net.run(&harness::runbook::Quiet)?;
        Checks::new(&net).blocks(5, Duration::from_secs(300))?;
        let t = t0.elapsed();
        net.stop_all();
        let _ = std::fs::remove_dir_all(&dir);
        println!("harness/bench N={n}: empty dirs -> height 5 in {:.2}s", t.as_secs_f64());
        results.push((n, t));
    }
    if let (Some(first), Some(last)) = (results.first(), results.last()) {
        if results.len() > 1 {
            println!("T({})/T({}) = {:.2}", last.0, first.0, last.1.as_secs_f64() / first.1.as_secs_f64());
        }
    }
    Ok(())
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
    for base in (30000..60000u16).step_by(977) {
        let ok =
            (0..count).all(|i| (0..3).all(|o| std::net::TcpListener::bind(("127.0.0.1", base + 10 * i + o)).is_ok()));
        if ok {
            return Ok(base);
        }
    }
    bail!("no free port range")
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Cmd::Up { validators, backend, base_port, work_dir, timeout_commit, keyring_backend } => {
            if backend == BackendKind::Docker {
                bail!(
                    "--backend docker: not available yet (the compose files in docker/ can be run by hand; see README)"
                );
            }
            let keyring = match keyring_backend {
                Keyring::Test => KeyringBackend::Test,
                Keyring::File => KeyringBackend::File,
            };
            up(validators, base_port, &work_dir, &timeout_commit, keyring)
        }
        Cmd::Status { work_dir } => {
            let st = read_state(&work_dir)?;
            let n = st["validators"].as_u64().unwrap_or(0) as usize;
            let base = st["base_port"].as_u64().unwrap_or(26656) as u16;
            let work = work_dir.canonicalize()?;
            let net = network(&work, n, PortPlan::from_base(base), KeyringBackend::Test, "1s")?;
            print_table(&net, &Checks::new(&net));
            Ok(())
        }
        Cmd::Down { work_dir, keep } => {
            if let Ok(st) = read_state(&work_dir) {
                for pid in st["pids"].as_array().into_iter().flatten().filter_map(|p| p.as_u64()) {
                    if let Ok(pid) = i32::try_from(pid) {
                        let _ = nix::sys::signal::killpg(
                            nix::unistd::Pid::from_raw(pid),
                            nix::sys::signal::Signal::SIGTERM,
                        );
                    }
                }
            }
            if !keep && work_dir.exists() {
                std::fs::remove_dir_all(&work_dir).with_context(|| work_dir.display().to_string())?;
            }
            Ok(())
        }
        Cmd::Bench { sizes } => bench(&sizes),
    }
}
