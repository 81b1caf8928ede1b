//! How a project's programs run. The process backend runs each project's `genesis-runner`
//! stages, its node and its tmkms as local processes, each in its own process group so that
//! nothing outlives the harness.

use crate::backend::files::{self, Home, HomeView};
use crate::binaries::Binaries;
use crate::error::io;
use crate::netns::Namespaces;
use crate::project::{KeyringBackend, Project};
use crate::HarnessError;
use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;
use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Mutex};

/// A long-running service of a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Service {
    Node,
    Kms,
}

/// Everything the runbook and checks need from whatever runs the projects.
pub trait Backend: Send + Sync {
    /// Runs `GENESIS_RUN_STAGE=stage` to completion (extra env: e.g. `FORCE=1`).
    fn run_stage(&self, p: &Project, stage: &str, extra: &[(&str, &str)]) -> Result<(), HarnessError>;
    /// Where the project's stage sees `rel` inside its artifacts dir (the host path here; the
    /// container's mount for docker), for the `*_FILE` variables a stage is given.
    fn artifacts_path(&self, p: &Project, rel: &str) -> String {
        p.artifacts().join(rel).display().to_string()
    }
    /// Starts a long-running service (`stage` for the node: start or restart).
    fn start(&self, p: &Project, service: Service, stage: &str) -> Result<(), HarnessError>;
    /// Stops a service (SIGTERM, then SIGKILL after a grace period).
    fn stop(&self, p: &Project, service: Service);
    /// Kills a service outright (SIGKILL, no shutdown), as when its host loses power.
    fn kill(&self, p: &Project, service: Service) -> Result<(), HarnessError>;
    /// Freezes a service (SIGSTOP to its process group, `docker pause`): it holds its sockets
    /// and state but does nothing, as a host stalled on I/O or swapped out.
    fn pause(&self, p: &Project, service: Service) -> Result<(), HarnessError>;
    /// Thaws a paused service.
    fn resume(&self, p: &Project, service: Service) -> Result<(), HarnessError>;
    /// Cuts a service off the network (a real partition: it runs, and nothing reaches it).
    fn disconnect(&self, p: &Project, _service: Service) -> Result<(), HarnessError> {
        Err(HarnessError::Check {
            check: "disconnect",
            reason: format!("{}: this backend cannot partition a node (the docker backend can)", p.name),
        })
    }
    /// Undoes [`Backend::disconnect`].
    fn reconnect(&self, p: &Project, _service: Service) -> Result<(), HarnessError> {
        Err(HarnessError::Check { check: "reconnect", reason: format!("{}: not disconnected", p.name) })
    }
    /// Whether the service is frozen now, as the system shows it (process state `T`, the
    /// container's `Paused`), and what was seen.
    fn frozen(&self, p: &Project, _service: Service) -> Result<Seen, HarnessError> {
        Err(HarnessError::Check { check: "pause", reason: format!("{}: this backend cannot tell", p.name) })
    }
    /// Whether the service is cut off the network now (its host's link down, the container on
    /// no network), and what was seen.
    fn cut_off(&self, p: &Project, _service: Service) -> Result<Seen, HarnessError> {
        Err(HarnessError::Check { check: "disconnect", reason: format!("{}: this backend cannot tell", p.name) })
    }
    /// The address at which host `index` is reached by its peers and by the harness.
    fn host(&self, _index: u16) -> std::net::IpAddr {
        std::net::Ipv4Addr::LOCALHOST.into()
    }
    /// Whether the project's node listens on `port`, as seen from the node's own host.
    fn listens(&self, _p: &Project, port: u16) -> bool {
        port_in_use("127.0.0.1", port)
    }
    /// Who holds the listening socket on `port` in `p`'s node's network: `Ok` (with what
    /// shows it) only when it is `p`'s own node, `Err` naming whoever else holds it, or that
    /// nobody does. A bind probe or an answer on the port proves a listener, not whose.
    ///
    /// Here (a process that did not start the nodes, as `harness status`): the holder's command
    /// line must run a node on `p`'s node home (`--home <NODE_HOME>`).
    fn node_holds(&self, p: &Project, port: u16) -> Result<String, String> {
        let home = p.node_home().display().to_string();
        held_by(Path::new("/proc/self/net"), port, |h| h.runs_on_home(&home))
    }
    /// Whether the service has exited, with its status.
    fn exited(&self, p: &Project, service: Service) -> Option<String>;
    /// Log files this backend wrote for the project.
    fn logs(&self, p: &Project) -> Vec<PathBuf>;
    /// Everything the service printed since it was last started (a refusal at `start` is
    /// judged on this run's output alone, not on earlier runs the log also holds).
    fn output(&self, p: &Project, service: Service) -> Result<String, HarnessError>;
    fn pids(&self) -> Vec<u32>;
    /// Resident memory of a running service in KiB, where the backend can read it.
    fn rss_kib(&self, _p: &Project, _service: Service) -> Option<u64> {
        None
    }
    fn stop_all(&self);
    /// The keyring backend project `p`'s account key is stored with.
    fn keyring(&self, p: &Project) -> KeyringBackend;
    /// The passphrase of a `file` keyring (a secret of that project: the leak audit looks for it).
    fn keyring_passphrase(&self, p: &Project) -> Option<String>;
    /// Whether `p`'s homes are the directories under its root on this machine. When they are
    /// not (a remote engine's volumes), its `artifacts` dir here is the operator's copy of
    /// what it published, kept by [`Backend::sync_artifacts`].
    fn homes_local(&self, _p: &Project) -> bool {
        true
    }
    /// `sub` (a directory of `home`, or "" for all of it) as files to read on this machine.
    fn view(&self, p: &Project, home: Home, sub: &str) -> Result<HomeView, HarnessError> {
        files::view_local(p, home, sub)
    }
    /// A file of one of `p`'s homes; `None` when there is none.
    fn read_file(&self, p: &Project, home: Home, rel: &str) -> Result<Option<Vec<u8>>, HarnessError> {
        files::read_local(p, home, rel)
    }
    /// Writes a file into one of `p`'s homes (0644 in the artifacts, 0600 in a private home).
    fn write_file(&self, p: &Project, home: Home, rel: &str, bytes: &[u8]) -> Result<(), HarnessError> {
        files::write_local(p, home, rel, bytes)
    }
    /// Brings the operator's copy of `p`'s public artifacts up to date with what its host
    /// holds; nothing to do where the homes are local.
    fn sync_artifacts(&self, _p: &Project) -> Result<(), HarnessError> {
        Ok(())
    }
}

pub use crate::procs::Seen;

/// `genesis-runner kms` ignores GENESIS_RUN_STAGE; the backend passes one to every service.
pub const KMS_STAGE: &str = "keygen";

/// The state letter (`/proc/<pid>/stat`'s third field: R, S, T, Z, …) of every process in
/// process group `pgid`.
pub fn group_states(pgid: u32) -> Vec<(u32, char)> {
    let mut out = Vec::new();
    let Ok(dir) = std::fs::read_dir("/proc") else { return out };
    for e in dir.flatten() {
        let Some(pid) = e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else { continue };
        // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses.
        let Some((_, rest)) = stat.rsplit_once(')') else { continue };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let (Some(state), Some(pgrp)) = (fields.first().and_then(|s| s.chars().next()), fields.get(2)) else {
            continue;
        };
        if pgrp.parse::<u32>().ok() == Some(pgid) {
            out.push((pid, state));
        }
    }
    out.sort();
    out
}

/// A process group is frozen when it has processes and every one is stopped (`T`, or `t`
/// when traced): one still running would still sign and gossip.
pub fn judge_frozen(pgid: u32, states: &[(u32, char)]) -> Seen {
    let shown: Vec<String> = states.iter().map(|(pid, st)| format!("{pid} {st}")).collect();
    Seen {
        holds: !states.is_empty() && states.iter().all(|(_, st)| matches!(st, 'T' | 't')),
        what: if states.is_empty() {
            format!("process group {pgid}: no process")
        } else {
            format!("process group {pgid} in state {}", shown.join(", "))
        },
    }
}

/// A bind that fails with "in use" proves a listener without talking to it (a stray
/// connection to the privval port would look like a second signer).
fn port_in_use(host: &str, port: u16) -> bool {
    matches!(std::net::TcpListener::bind((host, port)), Err(e) if e.kind() == std::io::ErrorKind::AddrInUse)
}

pub struct ProcessBackend {
    bins: Binaries,
    keyring: KeyringBackend,
    /// The hosts whose operators chose another keyring backend, by project name.
    keyrings: BTreeMap<String, KeyringBackend>,
    timeout_commit: String,
    /// The coordinator's `GENESIS_DELAY` (genesis_time = its start + this).
    genesis_delay: String,
    /// `p2p.max_num_inbound_peers`, when the network's other validators outnumber CometBFT's
    /// default of 40.
    max_inbound: Option<usize>,
    /// Random per network: a passphrase shared by all hosts would make one host's secret
    /// another's, and a fixed one could not be told apart from text that merely mentions it.
    passphrase_salt: String,
    children: Mutex<BTreeMap<(PathBuf, Service), Child>>,
    /// Where each service's log stood when it was last started.
    started_at: Mutex<BTreeMap<(PathBuf, Service), (PathBuf, u64)>>,
    spawner: Spawner,
    /// One network namespace per host, when the hosts have network stacks of their own.
    namespaces: Option<Namespaces>,
}

/// CometBFT's `p2p.max_num_inbound_peers` default.
const DEFAULT_MAX_INBOUND: usize = 40;

/// The `p2p.max_num_inbound_peers` a network of `n` validators needs, when CometBFT's default
/// is too low: every validator lists every other as a persistent peer, and CometBFT counts
/// persistent peers against that limit (p2p/switch.go `acceptRoutine` exempts only
/// `unconditional_peer_ids`). Past 41 validators each node would refuse some of the others
/// after their handshake; those redial at once and are refused again (at N = 100, 14,726
/// refusals and no block in 150 s). An operator of such a network raises the limit to the
/// number of the other validators, as both backends do.
pub fn max_inbound_peers(n: usize) -> Option<usize> {
    (n.saturating_sub(1) > DEFAULT_MAX_INBOUND).then(|| n - 1)
}

/// Forks long-running children from one thread that lives as long as the backend.
///
/// The children ask for SIGKILL when their parent dies (`PR_SET_PDEATHSIG`), and Linux means
/// the parent *thread*: a tmkms forked from a short-lived worker (one per host while the
/// runbook starts hosts in parallel, or a tokio blocking thread in the cucumber steps) would be
/// killed the moment that worker returned.
struct Spawner {
    jobs: Mutex<mpsc::Sender<SpawnJob>>,
}

type SpawnJob = (Command, mpsc::Sender<std::io::Result<Child>>);

impl Spawner {
    fn new() -> std::io::Result<Spawner> {
        let (tx, rx) = mpsc::channel::<SpawnJob>();
        std::thread::Builder::new().name("harness-spawner".into()).spawn(move || {
            for (mut cmd, reply) in rx {
                let _ = reply.send(cmd.spawn());
            }
        })?;
        Ok(Spawner { jobs: Mutex::new(tx) })
    }

    fn spawn(&self, cmd: Command) -> std::io::Result<Child> {
        let (tx, rx) = mpsc::channel();
        let gone = || std::io::Error::other("the harness's spawner thread is gone");
        self.jobs.lock().map_err(|_| gone())?.send((cmd, tx)).map_err(|_| gone())?;
        rx.recv().map_err(|_| gone())?
    }
}

impl ProcessBackend {
    pub fn new(bins: Binaries, keyring: KeyringBackend, timeout_commit: &str) -> Result<ProcessBackend, HarnessError> {
        let mut salt = [0u8; 12];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut salt);
        let spawner = Spawner::new().map_err(|source| HarnessError::Io { path: "spawner thread".into(), source })?;
        Ok(ProcessBackend {
            bins,
            keyring,
            keyrings: BTreeMap::new(),
            timeout_commit: timeout_commit.into(),
            genesis_delay: crate::project::GENESIS_DELAY.into(),
            max_inbound: None,
            passphrase_salt: hex::encode(salt),
            children: Mutex::new(BTreeMap::new()),
            started_at: Mutex::new(BTreeMap::new()),
            spawner,
            namespaces: None,
        })
    }

    /// Another `GENESIS_DELAY` than the ceremony's default (a benchmark of the machinery sets
    /// it near zero, so the figure is not the delay's fixed wait).
    pub fn with_genesis_delay(mut self, delay: &str) -> ProcessBackend {
        self.genesis_delay = delay.into();
        self
    }

    /// A network of `n` validators: see [`max_inbound_peers`].
    pub fn with_validators(mut self, n: usize) -> ProcessBackend {
        self.max_inbound = max_inbound_peers(n);
        self
    }

    /// The hosts in `keyrings` (by project name) keep their account keys in their own keyring
    /// backend rather than the network's.
    pub fn with_keyrings(mut self, keyrings: BTreeMap<String, KeyringBackend>) -> ProcessBackend {
        self.keyrings = keyrings;
        self
    }

    /// The same, with each of `hosts` hosts in a network namespace of its own at its own
    /// address (see [`crate::netns`]): a partition is then a real one.
    pub fn isolated(
        bins: Binaries,
        keyring: KeyringBackend,
        timeout_commit: &str,
        hosts: usize,
    ) -> Result<ProcessBackend, HarnessError> {
        let mut b = ProcessBackend::new(bins, keyring, timeout_commit)?;
        b.namespaces = Some(Namespaces::create(hosts)?);
        Ok(b)
    }

    fn namespaces(&self, p: &Project, what: &'static str) -> Result<&Namespaces, HarnessError> {
        self.namespaces.as_ref().ok_or_else(|| HarnessError::Check {
            check: what,
            reason: format!(
                "{}: its host shares the machine's network stack; partitions need hosts in network namespaces (`harness up --netns`)",
                p.name
            ),
        })
    }

    fn command(&self, p: &Project, args: &[&str], extra: &[(&str, &str)]) -> Result<Command, HarnessError> {
        let mut c = Command::new(&self.bins.runner);
        c.args(args).env_clear().stdin(Stdio::null());
        let home = p.root.join("home");
        let env: Vec<(&str, String)> = vec![
            ("PATH", std::env::var("PATH").unwrap_or_default()),
            ("HOME", home.display().to_string()),
            ("RUST_LOG", std::env::var("RUST_LOG").unwrap_or_else(|_| "info".into())),
            ("KEY_NAME", p.name.clone()),
            ("GENESIS_INDEX", p.index.to_string()),
            ("NODE_HOME", p.node_home().display().to_string()),
            ("KEYRING_HOME", p.keyring_home().display().to_string()),
            ("TMKMS_HOME", p.tmkms_home().display().to_string()),
            ("ARTIFACTS_DIR", p.artifacts().display().to_string()),
            ("KEYRING_BACKEND", Backend::keyring(self, p).as_str().into()),
            ("CHAIN_BINARY", self.bins.chain.display().to_string()),
            ("TMKMS_BIN", self.bins.tmkms.display().to_string()),
            ("P2P_BASE", p.ports.p2p_base.to_string()),
            ("RPC_BASE", p.ports.rpc_base.to_string()),
            ("TMKMS_BASE", p.ports.tmkms_base.to_string()),
            ("PORT_STRIDE", p.ports.stride.to_string()),
            // In a namespace of its own the host listens on every address it has, as a
            // machine does; tmkms reaches the node on that namespace's loopback either way.
            ("LISTEN_HOST", if self.namespaces.is_some() { "0.0.0.0".into() } else { p.host.to_string() }),
            ("TMKMS_NODE_HOST", "127.0.0.1".into()),
            ("P2P_EXTERNAL_ADDRESS", format!("tcp://{}:{}", p.host, p.p2p_port())),
            ("COSMOVISOR_BIN", String::new()),
            ("PUBLIC_URL", p.public_url(&p.host.to_string())),
            ("GENESIS_DELAY", self.genesis_delay.clone()),
            ("CONFIG_p2p__allow_duplicate_ip", "true".into()),
            ("CONFIG_consensus__timeout_commit", self.timeout_commit.clone()),
        ];
        for (k, v) in env {
            c.env(k, v);
        }
        if let Some(max) = self.max_inbound {
            c.env("CONFIG_p2p__max_num_inbound_peers", max.to_string());
        }
        if let Some(pass) = self.keyring_passphrase(p) {
            c.env("KEYRING_PASSWORD_FILE", write_passphrase(p, &pass)?);
            // An encrypted keyring gets no clear-text mnemonic beside it; the operator keeps one
            // offline (and the leak audit looks for it everywhere else).
            c.env("MNEMONIC_BACKUP_DIR", p.mnemonic_backup());
        }
        for (k, v) in extra {
            c.env(k, v);
        }
        if let Some(ns) = &self.namespaces {
            let ns = ns.handle(usize::from(p.index))?;
            // SAFETY: setns(2) only, between fork and exec; the child has a single thread.
            #[allow(unsafe_code)]
            unsafe {
                c.pre_exec(move || {
                    nix::sched::setns(&ns, nix::sched::CloneFlags::CLONE_NEWNET).map_err(std::io::Error::from)
                });
            }
        }
        // Own process group: a Ctrl-C to the harness does not race our own shutdown, and
        // stopping a service takes its whole group (runner + the node or tmkms it exec'd).
        c.process_group(0);
        // The group keeps the terminal's Ctrl-C away from the children, so if the harness dies
        // without running its shutdown (SIGKILL, a test timeout) the kernel must end them.
        // SAFETY: only an async-signal-safe prctl(2) between fork and exec.
        #[allow(unsafe_code)]
        unsafe {
            c.pre_exec(|| {
                nix::sys::prctl::set_pdeathsig(Signal::SIGKILL).map_err(std::io::Error::from)?;
                // The parent may have died between fork and prctl: then nobody would signal us.
                if nix::unistd::getppid() == nix::unistd::Pid::from_raw(1) {
                    return Err(std::io::Error::other("harness exited before the child started"));
                }
                Ok(())
            });
        }
        Ok(c)
    }

    fn log_file(p: &Project, name: &str) -> Result<(std::fs::File, PathBuf), HarnessError> {
        std::fs::create_dir_all(p.logs()).map_err(io(&p.logs()))?;
        let path = p.logs().join(name);
        let f = std::fs::OpenOptions::new().create(true).append(true).open(&path).map_err(io(&path))?;
        Ok((f, path))
    }

    /// Signals the service's whole process group (the runner and the node or tmkms it exec'd).
    fn signal(&self, p: &Project, service: Service, sig: Signal, what: &'static str) -> Result<(), HarnessError> {
        let c = self.children.lock().map_err(|_| HarnessError::Check { check: what, reason: "lock".into() })?;
        let child = c.get(&(p.root.clone(), service)).ok_or_else(|| HarnessError::Check {
            check: what,
            reason: format!("{}: {service:?} is not running", p.name),
        })?;
        let pid = i32::try_from(child.id()).map_err(|e| HarnessError::Check { check: what, reason: e.to_string() })?;
        killpg(Pid::from_raw(pid), sig)
            .map_err(|e| HarnessError::Check { check: what, reason: format!("{}: {service:?}: {sig}: {e}", p.name) })
    }
}

/// The backend of a network that another process runs (`harness status` while `harness up`
/// owns the nodes): it reads files and RPC through the checks, and refuses to run anything.
pub struct Observer {
    pub keyring: KeyringBackend,
    /// Each host's address, as the owning process recorded it (empty: all on loopback).
    pub hosts: Vec<std::net::IpAddr>,
}

impl Observer {
    fn refuse(&self, p: &Project, what: &str) -> HarnessError {
        HarnessError::Check {
            check: "observer",
            reason: format!("{}: {what}: this network is run by another process", p.name),
        }
    }
}

impl Backend for Observer {
    fn host(&self, index: u16) -> std::net::IpAddr {
        self.hosts.get(usize::from(index)).copied().unwrap_or(std::net::Ipv4Addr::LOCALHOST.into())
    }
    fn run_stage(&self, p: &Project, stage: &str, _extra: &[(&str, &str)]) -> Result<(), HarnessError> {
        Err(self.refuse(p, stage))
    }
    fn start(&self, p: &Project, _service: Service, stage: &str) -> Result<(), HarnessError> {
        Err(self.refuse(p, stage))
    }
    fn stop(&self, _p: &Project, _service: Service) {}
    fn kill(&self, p: &Project, _service: Service) -> Result<(), HarnessError> {
        Err(self.refuse(p, "kill"))
    }
    fn pause(&self, p: &Project, _service: Service) -> Result<(), HarnessError> {
        Err(self.refuse(p, "pause"))
    }
    fn resume(&self, p: &Project, _service: Service) -> Result<(), HarnessError> {
        Err(self.refuse(p, "resume"))
    }
    fn exited(&self, _p: &Project, _service: Service) -> Option<String> {
        None
    }
    fn logs(&self, p: &Project) -> Vec<PathBuf> {
        std::fs::read_dir(p.logs()).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default()
    }
    fn output(&self, p: &Project, _service: Service) -> Result<String, HarnessError> {
        Err(self.refuse(p, "output"))
    }
    fn pids(&self) -> Vec<u32> {
        Vec::new()
    }
    fn stop_all(&self) {}
    fn keyring(&self, _p: &Project) -> KeyringBackend {
        self.keyring
    }
    fn keyring_passphrase(&self, _p: &Project) -> Option<String> {
        None
    }
}

/// Writes the project's keyring passphrase to its secrets file (0600), where the runner reads
/// it through `KEYRING_PASSWORD_FILE`: a passphrase in the environment would show in
/// `docker inspect` and in /proc/<pid>/environ.
pub fn write_passphrase(p: &Project, passphrase: &str) -> Result<PathBuf, HarnessError> {
    let path = p.passphrase_file();
    if std::fs::read(&path).is_ok_and(|b| b == passphrase.as_bytes()) {
        return Ok(path);
    }
    cosmos_formats::files::write_atomic(&path, passphrase.as_bytes(), cosmos_formats::files::Mode::Secret)
        .map_err(|e| HarnessError::Io { path: path.display().to_string(), source: std::io::Error::other(e) })?;
    Ok(path)
}

/// The node's log file and its last `lines`, refreshed first (a container's log lives in the
/// engine until the backend writes it out).
pub fn node_log(backend: &dyn Backend, p: &Project, lines: usize) -> (PathBuf, String) {
    backend.logs(p);
    let log = p.logs().join("node.log");
    let t = tail(&log, lines);
    (log, t)
}

/// The length of a log file before a run appends to it (0 if it does not exist yet).
pub fn log_len(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// What was appended to a log file from `offset` on: one run's output.
pub fn output_since(path: &std::path::Path, offset: u64) -> String {
    let bytes = std::fs::read(path).unwrap_or_default();
    let from = usize::try_from(offset).unwrap_or(usize::MAX).min(bytes.len());
    String::from_utf8_lossy(&bytes[from..]).into_owned()
}

pub fn tail(path: &std::path::Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn signal_group(pid: u32, sig: Signal) {
    if let Ok(pid) = i32::try_from(pid) {
        let _ = killpg(Pid::from_raw(pid), sig);
    }
}

/// SIGTERM to the service's process group, SIGKILL if it is still there after `grace`.
fn terminate(mut child: Child, grace: std::time::Duration) {
    signal_group(child.id(), Signal::SIGTERM);
    let t0 = std::time::Instant::now();
    while t0.elapsed() < grace {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    signal_group(child.id(), Signal::SIGKILL);
    let _ = child.wait();
}

/// SIGTERM to every child's process group at once, SIGKILL to those still there after `grace`.
fn terminate_all(mut children: Vec<Child>, grace: std::time::Duration) {
    let groups: Vec<u32> = children.iter().map(Child::id).collect();
    for c in &children {
        signal_group(c.id(), Signal::SIGTERM);
    }
    let t0 = std::time::Instant::now();
    while !children.is_empty() && t0.elapsed() < grace {
        children.retain_mut(|c| !matches!(c.try_wait(), Ok(Some(_))));
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    for c in &mut children {
        signal_group(c.id(), Signal::SIGKILL);
        let _ = c.wait();
    }
    // A group outlives its leader if the leader forked (cosmovisor's node, a chain CLI call of
    // a stage): nothing of a stopped service may keep a port or a key file open.
    for g in groups {
        if !crate::procs::group_members(g).is_empty() {
            signal_group(g, Signal::SIGKILL);
        }
    }
}

/// `st` of a listening socket and of an established connection in `/proc/net/tcp`.
pub const TCP_LISTEN: u8 = 0x0A;
pub const TCP_ESTABLISHED: u8 = 0x01;

/// (local port, state) of every socket in a `/proc/<pid>/net/tcp` table.
pub fn tcp_sockets(table: &str) -> impl Iterator<Item = (u16, u8)> + '_ {
    table.lines().skip(1).filter_map(|l| {
        let cols: Vec<&str> = l.split_whitespace().collect();
        let port = u16::from_str_radix(cols.get(1)?.rsplit(':').next()?, 16).ok()?;
        let state = u8::from_str_radix(cols.get(3)?, 16).ok()?;
        Some((port, state))
    })
}

/// A process holding a socket: what the ports check names.
#[derive(Clone, Debug)]
pub struct Holder {
    pub pid: u32,
    pub pgid: u32,
    pub cmdline: Vec<String>,
}

impl Holder {
    fn read(pid: u32) -> Option<Holder> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // `pid (comm) state ppid pgrp …`: comm may hold spaces and parentheses.
        let pgid = stat.rsplit_once(')')?.1.split_whitespace().nth(2)?.parse().ok()?;
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        let cmdline =
            cmdline.split(|b| *b == 0).filter(|a| !a.is_empty()).map(|a| String::from_utf8_lossy(a).into_owned());
        Some(Holder { pid, pgid, cmdline: cmdline.collect() })
    }

    /// Whether it runs with `--home <home>` (the node the runner exec'd on that home).
    pub fn runs_on_home(&self, home: &str) -> bool {
        self.cmdline.windows(2).any(|w| w[0] == "--home" && w[1] == home)
    }
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "pid {} ({})", self.pid, self.cmdline.join(" "))
    }
}

/// Inodes of the sockets listening on `port` in a `/proc/<pid>/net/tcp` table.
pub fn listening_inodes(table: &str, port: u16) -> Vec<u64> {
    table
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            let local = u16::from_str_radix(cols.get(1)?.rsplit(':').next()?, 16).ok()?;
            let state = u8::from_str_radix(cols.get(3)?, 16).ok()?;
            (local == port && state == TCP_LISTEN).then(|| cols.get(9)?.parse().ok()).flatten()
        })
        .collect()
}

/// The processes whose open files include socket `inode` (every process this user may read).
fn holders_of(inodes: &[u64]) -> Vec<Holder> {
    let wanted: Vec<String> = inodes.iter().map(|i| format!("socket:[{i}]")).collect();
    let mut out = Vec::new();
    let Ok(procs) = std::fs::read_dir("/proc") else { return out };
    for pid in procs.flatten().filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok()) {
        let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else { continue };
        let holds = fds
            .flatten()
            .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|t| wanted.iter().any(|w| t.as_os_str() == w.as_str())));
        if holds {
            out.extend(Holder::read(pid));
        }
    }
    out
}

/// Who listens on `port` in the network namespace whose tables are under `net` (`/proc/<pid>/net`):
/// `Ok` if `own` accepts every holder, else `Err` naming them (or that nobody listens, or that
/// the socket's holder could not be seen: not a pass).
pub fn held_by(net: &Path, port: u16, own: impl Fn(&Holder) -> bool) -> Result<String, String> {
    let mut inodes = Vec::new();
    for table in ["tcp", "tcp6"] {
        let path = net.join(table);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        inodes.extend(listening_inodes(&text, port));
    }
    if inodes.is_empty() {
        return Err(format!("nothing listens on {port}"));
    }
    let holders = holders_of(&inodes);
    if holders.is_empty() {
        return Err(format!("port {port} is held by a process this harness cannot see (socket inodes {inodes:?})"));
    }
    let foreign: Vec<String> = holders.iter().filter(|h| !own(h)).map(Holder::to_string).collect();
    if !foreign.is_empty() {
        return Err(format!("port {port} is held by {}, not by its node", foreign.join(", ")));
    }
    Ok(holders.iter().map(|h| format!("{port} by pid {}", h.pid)).collect::<Vec<_>>().join(", "))
}

/// How long a stage is watched for its privval listener.
const WATCH_FOR_LISTENER: std::time::Duration = std::time::Duration::from_secs(30);

impl ProcessBackend {
    /// A stage that needs its signer (keygen asks tmkms for the consensus key) listens on the
    /// TMKMS port for tmkms to dial in. A tmkms refused before that dials again only after a
    /// fixed second (`RESPAWN_DELAY`, tmkms 0.15), and with 16 hosts on two cores 42 of 48
    /// keygens waited it out. As an operator's supervisor would, this starts the host's tmkms
    /// again the moment the port listens, unless it is connected already. Cutting off a tmkms
    /// that connected meanwhile costs nothing: the request goes to its next connection
    /// (privval's server carries it), and at keygen it has nothing to sign. The socket table
    /// is read (`/proc/<stage>/net/tcp`, the stage's own network); binding the port to probe
    /// it could take it from the stage.
    fn start_kms_once_listening(&self, p: &Project, stage: &mut Child) {
        let key = (p.root.clone(), Service::Kms);
        let kms_running = |c: &mut BTreeMap<(PathBuf, Service), Child>| {
            c.get_mut(&key).is_some_and(|k| matches!(k.try_wait(), Ok(None)))
        };
        // A tmkms the test stopped or killed stays so.
        if !self.children.lock().is_ok_and(|mut c| kms_running(&mut c)) {
            return;
        }
        let table = PathBuf::from(format!("/proc/{}/net/tcp", stage.id()));
        let port = p.tmkms_port();
        let t0 = std::time::Instant::now();
        while matches!(stage.try_wait(), Ok(None)) && t0.elapsed() < WATCH_FOR_LISTENER {
            let text = std::fs::read_to_string(&table).unwrap_or_default();
            let states: Vec<u8> = tcp_sockets(&text).filter(|(local, _)| *local == port).map(|(_, st)| st).collect();
            if states.contains(&TCP_ESTABLISHED) {
                return;
            }
            if states.contains(&TCP_LISTEN) {
                tracing::debug!(project = %p.name, port, "privval port listens: tmkms started again to dial now");
                if let Err(e) = self.start(p, Service::Kms, KMS_STAGE) {
                    tracing::warn!(project = %p.name, "tmkms not started again: {e}");
                }
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}

impl Backend for ProcessBackend {
    fn run_stage(&self, p: &Project, stage: &str, extra: &[(&str, &str)]) -> Result<(), HarnessError> {
        let (log, path) = Self::log_file(p, &format!("{stage}.log"))?;
        let offset = log_len(&path);
        let mut env = vec![("GENESIS_RUN_STAGE", stage)];
        env.extend_from_slice(extra);
        let mut child = self
            .command(p, &[], &env)?
            .stdout(log.try_clone().map_err(io(&path))?)
            .stderr(log)
            .spawn()
            .map_err(io(&self.bins.runner))?;
        self.start_kms_once_listening(p, &mut child);
        let status = child.wait().map_err(io(&self.bins.runner))?;
        if status.success() {
            return Ok(());
        }
        Err(HarnessError::stage(p, stage, status.to_string(), path.clone(), output_since(&path, offset)))
    }

    fn start(&self, p: &Project, service: Service, stage: &str) -> Result<(), HarnessError> {
        self.stop(p, service);
        let (args, log_name): (&[&str], &str) = match service {
            Service::Node => (&[], "node.log"),
            Service::Kms => (&["kms"], "tmkms.log"),
        };
        let (log, path) = Self::log_file(p, log_name)?;
        if let Ok(mut s) = self.started_at.lock() {
            s.insert((p.root.clone(), service), (path.clone(), log_len(&path)));
        }
        let mut cmd = self.command(p, args, &[("GENESIS_RUN_STAGE", stage)])?;
        cmd.stdout(log.try_clone().map_err(io(&path))?).stderr(log);
        let child = self.spawner.spawn(cmd).map_err(io(&self.bins.runner))?;
        if let Ok(mut c) = self.children.lock() {
            c.insert((p.root.clone(), service), child);
        }
        Ok(())
    }

    fn stop(&self, p: &Project, service: Service) {
        let child = self.children.lock().ok().and_then(|mut c| c.remove(&(p.root.clone(), service)));
        if let Some(child) = child {
            terminate(child, std::time::Duration::from_secs(5));
        }
    }

    fn kill(&self, p: &Project, service: Service) -> Result<(), HarnessError> {
        // Kept in the table: `exited` then reports the kill, and `start` replaces it.
        self.signal(p, service, Signal::SIGKILL, "kill")
    }

    fn pause(&self, p: &Project, service: Service) -> Result<(), HarnessError> {
        self.signal(p, service, Signal::SIGSTOP, "pause")
    }

    fn resume(&self, p: &Project, service: Service) -> Result<(), HarnessError> {
        self.signal(p, service, Signal::SIGCONT, "resume")
    }

    fn frozen(&self, p: &Project, service: Service) -> Result<Seen, HarnessError> {
        let pid = self.children.lock().ok().and_then(|c| c.get(&(p.root.clone(), service)).map(Child::id));
        let pid = pid.ok_or_else(|| HarnessError::Check {
            check: "pause",
            reason: format!("{}: {service:?} is not running", p.name),
        })?;
        Ok(judge_frozen(pid, &group_states(pid)))
    }

    fn cut_off(&self, p: &Project, _service: Service) -> Result<Seen, HarnessError> {
        self.namespaces(p, "disconnect")?.link_state(usize::from(p.index))
    }

    fn exited(&self, p: &Project, service: Service) -> Option<String> {
        let mut c = self.children.lock().ok()?;
        let child = c.get_mut(&(p.root.clone(), service))?;
        child.try_wait().ok().flatten().map(|s| s.to_string())
    }

    fn logs(&self, p: &Project) -> Vec<PathBuf> {
        std::fs::read_dir(p.logs()).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default()
    }

    fn output(&self, p: &Project, service: Service) -> Result<String, HarnessError> {
        let started = self.started_at.lock().ok().and_then(|s| s.get(&(p.root.clone(), service)).cloned());
        let (path, offset) = started.ok_or_else(|| HarnessError::Check {
            check: "output",
            reason: format!("{}: {service:?} was never started", p.name),
        })?;
        Ok(output_since(&path, offset))
    }

    fn pids(&self) -> Vec<u32> {
        self.children.lock().map(|c| c.values().map(Child::id).collect()).unwrap_or_default()
    }

    fn rss_kib(&self, p: &Project, service: Service) -> Option<u64> {
        // The runner execs the node (and `genesis-runner kms` execs tmkms): the child's pid is
        // the service's.
        let pid = self.children.lock().ok()?.get(&(p.root.clone(), service)).map(Child::id)?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    fn keyring(&self, p: &Project) -> KeyringBackend {
        self.keyrings.get(&p.name).copied().unwrap_or(self.keyring)
    }

    fn keyring_passphrase(&self, p: &Project) -> Option<String> {
        (Backend::keyring(self, p) == KeyringBackend::File).then(|| format!("{}-{}", p.name, self.passphrase_salt))
    }

    fn stop_all(&self) {
        // Every node at once, then every tmkms: one at a time, six services with a 5 s grace
        // each could outlast an operator's patience (and `harness down`'s); nodes first, so
        // that a node finishing a signature it asked for still has its signer.
        for service in [Service::Node, Service::Kms] {
            let children: Vec<Child> = self
                .children
                .lock()
                .map(|mut c| {
                    let keys: Vec<_> = c.keys().filter(|(_, s)| *s == service).cloned().collect();
                    keys.into_iter().filter_map(|k| c.remove(&k)).collect()
                })
                .unwrap_or_default();
            terminate_all(children, std::time::Duration::from_secs(5));
        }
        // `harness up` exits from its signal thread, where no destructor runs.
        if let Some(ns) = &self.namespaces {
            ns.teardown();
        }
    }
    fn host(&self, index: u16) -> std::net::IpAddr {
        match &self.namespaces {
            Some(ns) => ns.addr(usize::from(index)).into(),
            None => std::net::Ipv4Addr::LOCALHOST.into(),
        }
    }
    fn listens(&self, p: &Project, port: u16) -> bool {
        match &self.namespaces {
            Some(ns) => ns.within(usize::from(p.index), || port_in_use("0.0.0.0", port)).unwrap_or(false),
            None => port_in_use("127.0.0.1", port),
        }
    }
    fn node_holds(&self, p: &Project, port: u16) -> Result<String, String> {
        // The runner execs the node in the process group it was started in: the node's socket
        // is held by that group (read in the node's own network namespace; with no node
        // running, whoever holds the port in ours is someone else).
        let node = self.children.lock().ok().and_then(|mut c| {
            let n = c.get_mut(&(p.root.clone(), Service::Node))?;
            matches!(n.try_wait(), Ok(None)).then(|| n.id())
        });
        let net = node.map_or_else(|| PathBuf::from("/proc/self/net"), |pid| PathBuf::from(format!("/proc/{pid}/net")));
        held_by(&net, port, |h| Some(h.pgid) == node)
    }
    fn disconnect(&self, p: &Project, _service: Service) -> Result<(), HarnessError> {
        // The host's one link: node and tmkms keep their loopback, as on a machine whose
        // uplink fails.
        self.namespaces(p, "disconnect")?.cut(usize::from(p.index))
    }
    fn reconnect(&self, p: &Project, _service: Service) -> Result<(), HarnessError> {
        self.namespaces(p, "reconnect")?.heal(usize::from(p.index))
    }
}

impl Drop for ProcessBackend {
    fn drop(&mut self) {
        if let Ok(mut c) = self.children.lock() {
            for child in c.values_mut() {
                signal_group(child.id(), Signal::SIGKILL);
                let _ = child.wait();
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A stage listening on 26658 (0x6822), the tmkms connection it accepted, and tmkms's end.
    pub(crate) const PROC_NET_TCP: &str =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:6822 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
   1: 0100007F:6822 0100007F:D2A4 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1
   2: 0100007F:D2A4 0100007F:6822 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 20 4 30 10 -1
";

    /// A process group stopped with SIGSTOP is seen frozen; the same group running, or one that
    /// is gone, is not.
    #[test]
    fn a_group_is_frozen_only_when_every_process_in_it_is_stopped() {
        let mut child = Command::new("sleep").arg("30").process_group(0).spawn().unwrap();
        let pgid = child.id();
        let states = group_states(pgid);
        let seen = judge_frozen(pgid, &states);
        assert!(!seen.holds, "a running sleep seen frozen: {seen:?}");
        // Just spawned under load it may still be running or in disk sleep (CI saw `D`, loading
        // the binary), not yet asleep: any state but stopped is a running group.
        assert!(states.iter().all(|(_, st)| matches!(st, 'R' | 'S' | 'D')), "{states:?}");
        assert!(seen.what.starts_with(&format!("process group {pgid} in state {pgid} ")), "{seen:?}");
        signal_group(pgid, Signal::SIGSTOP);
        let t0 = std::time::Instant::now();
        let mut seen = judge_frozen(pgid, &group_states(pgid));
        while !seen.holds && t0.elapsed() < std::time::Duration::from_secs(5) {
            std::thread::sleep(std::time::Duration::from_millis(10));
            seen = judge_frozen(pgid, &group_states(pgid));
        }
        assert!(seen.holds, "{seen:?}");
        assert_eq!(seen.what, format!("process group {pgid} in state {pgid} T"));
        signal_group(pgid, Signal::SIGKILL);
        child.wait().unwrap();
        let gone = judge_frozen(pgid, &group_states(pgid));
        assert!(!gone.holds && gone.what.ends_with("no process"), "{gone:?}");
        // One process of the group still running is not a frozen group.
        assert!(!judge_frozen(7, &[(7, 'T'), (8, 'R')]).holds);
    }

    #[test]
    fn the_socket_table_gives_each_sockets_local_port_and_state() {
        let table = PROC_NET_TCP;
        let at: Vec<u8> = tcp_sockets(table).filter(|(port, _)| *port == 26658).map(|(_, st)| st).collect();
        assert_eq!(at, vec![TCP_LISTEN, TCP_ESTABLISHED]);
        assert_eq!(tcp_sockets(table).count(), 3);
        assert_eq!(tcp_sockets("header only\n").count(), 0);
    }

    /// The runner a validator's stages run under: past 41 validators each node is told to
    /// accept every other one inbound (they all list each other as persistent peers); up to
    /// 41, CometBFT's default stands.
    #[test]
    fn a_network_larger_than_the_inbound_limit_raises_it_for_every_node() {
        let bins = Binaries { runner: "runner".into(), chain: "chain".into(), tmkms: "tmkms".into() };
        let work = tempfile::tempdir().unwrap();
        let p = Project::new(work.path(), "val-0", 0, crate::project::PortPlan::SPEC);
        let limit = |n: usize| {
            let b = ProcessBackend::new(bins.clone(), KeyringBackend::Test, "100ms").unwrap().with_validators(n);
            let c = b.command(&p, &["start"], &[]).unwrap();
            c.get_envs()
                .find(|(k, _)| *k == "CONFIG_p2p__max_num_inbound_peers")
                .and_then(|(_, v)| v.map(|v| v.to_string_lossy().into_owned()))
        };
        assert_eq!(limit(4), None);
        assert_eq!(limit(41), None);
        assert_eq!(limit(42), Some("41".into()));
        assert_eq!(limit(100), Some("99".into()));
    }
}
