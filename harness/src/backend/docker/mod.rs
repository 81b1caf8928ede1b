//! The docker backend: each validator is its own compose project (`docker/compose.yml`, the
//! file we ship), run as an operator runs it: `docker-compose run` of the node service for a
//! stage, `up -d` for the node and its tmkms. Projects share no network; nodes reach each
//! other only through host-published ports via `host.docker.internal`. What compose cannot
//! tell (state, pid, logs, files) and what a test does to a host (kill) go through bollard.

pub mod images;

// The engine client and the hosts file are below the backends (a spec names hosts; `down`
// reaches an engine with no backend); the audit is a check. Both keep their `docker::` paths.
pub use crate::base::docker::{engine, hosts, tunnel};

use crate::backend::files::{Home, HomeView};
use crate::backend::{Backend, Service};
use crate::project::{KeyringBackend, Project};
use crate::HarnessError;
use engine::Engine;
use hosts::{DockerHost, EngineEndpoint};
use images::Images;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use tunnel::SshTunnel;

/// Every variable `docker/compose.yml` interpolates. The harness's own environment must not
/// decide them (a stray `FORCE=1` in a developer's shell would), so each call clears them and
/// sets exactly what the project's `.env` and the stage say.
const COMPOSE_VARS: &[&str] = &[
    "GENESIS_INDEX",
    "KEY_NAME",
    "CHAIN_ID",
    "P2P_BASE",
    "RPC_BASE",
    "TMKMS_BASE",
    "RUST_LOG",
    "NODE_IMAGE",
    "TMKMS_IMAGE",
    "GENESIS_RUN_STAGE",
    "COIN_DENOM",
    "KEYRING_BACKEND",
    "KEYRING_PASSWORD",
    "KEYRING_PASSWORD_FILE",
    "P2P_EXTERNAL_HOST",
    "P2P_PORT",
    "RPC_PORT",
    "TIMEOUT_COMMIT",
    "MAX_INBOUND_PEERS",
    "FORCE",
    "NODE_DIR",
    "CEREMONY_RUN",
    "RUN_AS",
    "PUBLIC_URL",
    "GENESIS_DELAY",
    "DENOM_METADATA_FILE",
    "GENESIS_ACCOUNTS_FILE",
    "GENESIS_OVERRIDES_FILE",
];

/// docker-py's TLS settings (with `DOCKER_HOST`): set for a project on a TLS engine only, so a
/// developer's own (a `DOCKER_TLS_VERIFY=1` for another engine) never reaches another project.
const TLS_VARS: &[&str] = &["DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"];

/// requests' own trust settings, which override the CA docker-py gives it.
const CA_BUNDLE_VARS: [&str; 2] = ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"];

/// What compose's environment gets for an engine (`None`: the local default, DOCKER_HOST or
/// the socket): each variable set, or removed (`None`).
fn engine_env(endpoint: Option<&EngineEndpoint>) -> Vec<(&'static str, Option<String>)> {
    let mut env: Vec<(&'static str, Option<String>)> = TLS_VARS.iter().map(|v| (*v, None)).collect();
    if let Some(e) = endpoint {
        env.push(("DOCKER_HOST", Some(e.uri())));
    }
    if let Some(certs) = endpoint.and_then(EngineEndpoint::certs) {
        env.push(("DOCKER_TLS_VERIFY", Some("1".into())));
        env.push(("DOCKER_CERT_PATH", Some(certs.display().to_string())));
        // requests (under docker-py) verifies against either of these instead of the
        // cert_path's ca.pem when set, as on a machine whose shell names the system's CA
        // bundle: the engine's certificate, signed by the operator's own CA, then fails.
        for v in CA_BUNDLE_VARS {
            env.push((v, None));
        }
    }
    env
}

/// The networks a container was taken off, each with the aliases to restore.
type CutNetworks = Vec<(String, Vec<String>)>;

pub struct DockerBackend {
    /// Each distinct engine the validators run on; without `--hosts`, the local one alone.
    engines: Vec<(Option<EngineEndpoint>, Engine)>,
    /// For each `ssh://` engine (same index as `engines`): the local socket compose reaches it
    /// through, one `ssh -L` per machine rather than an ssh session per request (`tunnel`'s why).
    tunnels: Vec<Option<SshTunnel>>,
    /// Validator index → its engine (in `engines`), the address peers reach it at, and whether
    /// the engine sees the work dir (`DockerHost::local`); empty without `--hosts` (every
    /// project on the local engine, peers at `host.docker.internal`).
    placement: Vec<(usize, std::net::IpAddr, bool)>,
    images: Images,
    keyring: KeyringBackend,
    /// The hosts whose operators chose another keyring backend, by project name.
    keyrings: BTreeMap<String, KeyringBackend>,
    timeout_commit: String,
    /// `MAX_INBOUND_PEERS` (compose.yml's `p2p.max_num_inbound_peers`), when the default is
    /// too low for the network.
    max_inbound: Option<usize>,
    /// The coordinator's `GENESIS_DELAY`.
    genesis_delay: String,
    /// Names this run's compose projects (`<run>-<validator>`) and labels all it creates.
    run: String,
    compose_file: PathBuf,
    passphrase_salt: String,
    run_as: String,
    /// Projects this backend has touched, for cleanup.
    projects: Mutex<BTreeMap<String, Project>>,
    /// Containers cut off the network: id → (network, aliases) to restore.
    partitioned: Mutex<BTreeMap<String, CutNetworks>>,
    /// Project name → its file container (created, never started), through whose archive
    /// endpoint the homes of a host that shares nothing with us are read and written.
    file_containers: Mutex<BTreeMap<String, String>>,
}

/// Where the file container mounts each home's volume.
const HOMES_MOUNT: &str = "/homes";

/// Labels a volume or file container with the validator it belongs to.
pub const VALIDATOR_LABEL: &str = "genesis-ceremony.validator";

fn service_name(s: Service) -> &'static str {
    match s {
        Service::Node => "node",
        Service::Kms => "tmkms",
    }
}

impl DockerBackend {
    /// Connects to the engine and makes sure both images exist (building them if needed).
    pub fn new(keyring: KeyringBackend, timeout_commit: &str) -> Result<DockerBackend, HarnessError> {
        let engine = Engine::connect()?;
        let images = images::ensure(&engine)?;
        Ok(DockerBackend::with_engines(vec![(None, engine)], Vec::new(), Vec::new(), images, keyring, timeout_commit))
    }

    /// Each validator on the machine `hosts.toml` gives it: compose and bollard talk to that
    /// machine's engine, and its peers dial its address. The images are built (or found) on
    /// the local engine and loaded into each engine that lacks them.
    pub fn on_hosts(
        hosts: &[DockerHost],
        keyring: KeyringBackend,
        timeout_commit: &str,
    ) -> Result<DockerBackend, HarnessError> {
        // Every machine answers before anything is built, loaded or created on any of them:
        // an unreachable one (sshd down, a refused key) is named while nothing needs undoing.
        let mut engines: Vec<(Option<EngineEndpoint>, Engine)> = Vec::new();
        let mut placement = Vec::new();
        for (i, h) in hosts.iter().enumerate() {
            let known = engines.iter().position(|(e, _)| e.as_ref() == Some(&h.engine));
            let at = match known {
                Some(at) => at,
                None => {
                    let engine = Engine::connect_to(&h.engine).map_err(|e| HarnessError::Docker {
                        what: format!("host {} (val-{i}) {}", i + 1, h.engine),
                        reason: match e {
                            HarnessError::Docker { reason, .. } => reason,
                            other => other.to_string(),
                        },
                    })?;
                    engines.push((Some(h.engine.clone()), engine));
                    engines.len() - 1
                }
            };
            placement.push((at, h.address, h.local));
        }
        let local = Engine::connect()?;
        let images = images::ensure(&local)?;
        for (endpoint, engine) in &engines {
            for r in images::load_missing(&local, engine, &images)? {
                tracing::info!(engine = ?endpoint, image = %r, "loaded");
            }
        }
        let tunnels = engines
            .iter()
            .map(|(e, _)| match e {
                Some(EngineEndpoint::Ssh(target)) => SshTunnel::open(target).map(Some),
                _ => Ok(None),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(DockerBackend::with_engines(engines, tunnels, placement, images, keyring, timeout_commit))
    }

    fn with_engines(
        engines: Vec<(Option<EngineEndpoint>, Engine)>,
        tunnels: Vec<Option<SshTunnel>>,
        placement: Vec<(usize, std::net::IpAddr, bool)>,
        images: Images,
        keyring: KeyringBackend,
        timeout_commit: &str,
    ) -> DockerBackend {
        let mut salt = [0u8; 12];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut salt);
        let mut run = [0u8; 3];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut run);
        DockerBackend {
            engines,
            tunnels,
            placement,
            images,
            keyring,
            keyrings: BTreeMap::new(),
            timeout_commit: timeout_commit.into(),
            max_inbound: None,
            genesis_delay: crate::project::GENESIS_DELAY.into(),
            run: format!("gc{}", hex::encode(run)),
            compose_file: images::docker_dir().join("compose.yml"),
            passphrase_salt: hex::encode(salt),
            run_as: format!("{}:{}", nix::unistd::getuid(), nix::unistd::getgid()),
            projects: Mutex::new(BTreeMap::new()),
            partitioned: Mutex::new(BTreeMap::new()),
            file_containers: Mutex::new(BTreeMap::new()),
        }
    }

    /// Another `GENESIS_DELAY` than the ceremony's default (see `ProcessBackend`'s).
    pub fn with_genesis_delay(mut self, delay: &str) -> DockerBackend {
        self.genesis_delay = delay.into();
        self
    }

    /// A network of `n` validators: see [`crate::backend::max_inbound_peers`].
    pub fn with_validators(mut self, n: usize) -> DockerBackend {
        self.max_inbound = crate::backend::max_inbound_peers(n);
        self
    }

    /// Hosts with a keyring backend of their own (see `ProcessBackend::with_keyrings`).
    pub fn with_keyrings(mut self, keyrings: BTreeMap<String, KeyringBackend>) -> DockerBackend {
        self.keyrings = keyrings;
        self
    }

    /// Validator `index`'s place in `engines` (the one engine without `--hosts`).
    fn engine_index(&self, index: u16) -> usize {
        self.placement.get(usize::from(index)).map_or(0, |(at, _, _)| *at)
    }

    /// Where peers reach validator `index`; `None` without `--hosts`.
    fn address(&self, index: u16) -> Option<std::net::IpAddr> {
        self.placement.get(usize::from(index)).map(|(_, addr, _)| *addr)
    }

    /// The engine of the machine `p` runs on.
    pub fn engine_of(&self, p: &Project) -> &Engine {
        // `engines` is never empty and `placement` only names its entries.
        &self.engines[self.engine_index(p.index).min(self.engines.len() - 1)].1
    }

    /// The endpoint of `p`'s engine; `None`: the local default (DOCKER_HOST or the socket).
    pub fn endpoint_of(&self, p: &Project) -> Option<&EngineEndpoint> {
        self.engines.get(self.engine_index(p.index)).and_then(|(e, _)| e.as_ref())
    }

    /// What compose's `DOCKER_HOST` names for `p`: its engine, or the tunnel in front of it.
    fn compose_endpoint(&self, p: &Project) -> Result<Option<EngineEndpoint>, HarnessError> {
        let at = self.engine_index(p.index);
        Ok(match self.tunnels.get(at) {
            Some(Some(tunnel)) => Some(EngineEndpoint::Unix(tunnel.socket()?.to_path_buf())),
            _ => self.endpoint_of(p).cloned(),
        })
    }

    /// `ssh` sessions compose has cost so far, over every `ssh://` engine.
    pub fn ssh_sessions(&self) -> u64 {
        self.tunnels.iter().flatten().map(SshTunnel::sessions).sum()
    }

    /// Every engine this backend drives, each once.
    pub fn engines(&self) -> impl Iterator<Item = (Option<&EngineEndpoint>, &Engine)> {
        self.engines.iter().map(|(e, engine)| (e.as_ref(), engine))
    }

    /// The validators placed on engine `at` of [`DockerBackend::engines`] (all of them
    /// without `--hosts`).
    pub fn placed_on(&self, at: usize, net: &[Project]) -> Vec<String> {
        net.iter().filter(|p| self.engine_index(p.index) == at).map(|p| self.project_name(p)).collect()
    }

    pub fn images(&self) -> &Images {
        &self.images
    }

    /// The label value (and project-name prefix) of everything this run creates.
    pub fn run_id(&self) -> &str {
        &self.run
    }

    /// The compose project name of a validator.
    pub fn project_name(&self, p: &Project) -> String {
        format!("{}-{}", self.run, p.name)
    }

    /// Compose project names of every project this backend has touched.
    pub fn project_names(&self) -> Vec<String> {
        self.projects.lock().map(|m| m.values().map(|p| self.project_name(p)).collect()).unwrap_or_default()
    }

    /// The container of a project's service (`docker-compose ps -q <service>`).
    pub fn container(&self, p: &Project, service: Service) -> Result<Option<String>, HarnessError> {
        self.engine_of(p).service_container(&self.project_name(p), service_name(service))
    }

    /// The project's `.env`, as an operator would write it beside `compose.yml`.
    fn env_file(&self, p: &Project) -> String {
        // Where the other validators reach this one: its machine's address, or (one engine)
        // the host's ports through the engine's gateway.
        let reach = self.address(p.index).map_or_else(|| "host.docker.internal".into(), |a| a.to_string());
        let vars = [
            ("GENESIS_INDEX", p.index.to_string()),
            ("KEY_NAME", p.name.clone()),
            ("P2P_BASE", p.ports.p2p_base.to_string()),
            ("RPC_BASE", p.ports.rpc_base.to_string()),
            ("TMKMS_BASE", p.ports.tmkms_base.to_string()),
            ("P2P_PORT", p.p2p_port().to_string()),
            ("RPC_PORT", p.rpc_port().to_string()),
            ("NODE_DIR", p.root.display().to_string()),
            ("NODE_IMAGE", self.images.node.clone()),
            ("TMKMS_IMAGE", self.images.tmkms.clone()),
            ("KEYRING_BACKEND", Backend::keyring(self, p).as_str().into()),
            ("TIMEOUT_COMMIT", self.timeout_commit.clone()),
            ("CEREMONY_RUN", self.run.clone()),
            // Named volumes hold nothing of the operator's: root in them, as in the images.
            ("RUN_AS", if self.homes_local(p) { self.run_as.clone() } else { "0:0".into() }),
            ("P2P_EXTERNAL_HOST", reach.clone()),
            ("PUBLIC_URL", p.public_url(&reach)),
            ("GENESIS_DELAY", self.genesis_delay.clone()),
            ("RUST_LOG", std::env::var("RUST_LOG").unwrap_or_else(|_| "info".into())),
        ];
        let mut text =
            format!("# {} of harness run {}: docker-compose -p {}\n", p.name, self.run, self.project_name(p));
        for (k, v) in vars {
            text.push_str(&format!("{k}={v}\n"));
        }
        if let Some(max) = self.max_inbound {
            text.push_str(&format!("MAX_INBOUND_PEERS={max}\n"));
        }
        text
    }

    fn compose(&self, p: &Project, stage_env: &[(&str, &str)]) -> Result<Command, HarnessError> {
        // The `.env` is the same for every call on a project: written when the project is
        // first touched.
        let first = self.projects.lock().map(|mut m| m.insert(p.name.clone(), p.clone()).is_none()).unwrap_or(true);
        let env_path = p.root.join(".env");
        if first || !env_path.exists() {
            cosmos_formats::files::write_atomic(
                &env_path,
                self.env_file(p).as_bytes(),
                cosmos_formats::files::Mode::Public,
            )
            .map_err(|e| HarnessError::Io { path: env_path.display().to_string(), source: std::io::Error::other(e) })?;
        }
        let remote = !self.homes_local(p);
        if first && remote {
            // The volumes exist before compose first runs, labelled as compose labels its own,
            // so that the harness can write a project's inputs before its first stage.
            self.file_container(p)?;
        }
        let mut c = Command::new("docker-compose");
        c.arg("--no-ansi").arg("-f").arg(&self.compose_file);
        if remote {
            c.arg("-f").arg(self.compose_file.with_file_name("compose.volumes.yml"));
        }
        c.arg("-p").arg(self.project_name(p)).arg("--project-directory").arg(&p.root).stdin(Stdio::null());
        for v in COMPOSE_VARS {
            c.env_remove(v);
        }
        for (k, v) in engine_env(self.compose_endpoint(p)?.as_ref()) {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
        if let Some(pass) = self.keyring_passphrase(p) {
            if remote {
                if first {
                    self.write_file(p, Home::Secrets, "keyring_password", pass.as_bytes())?;
                }
            } else {
                crate::backend::write_passphrase(p, &pass)?;
            }
            c.env("KEYRING_PASSWORD_FILE", "/run/secrets/keyring_password");
        }
        for (k, v) in stage_env {
            c.env(k, v);
        }
        Ok(c)
    }

    fn log_file(p: &Project, name: &str) -> Result<(std::fs::File, PathBuf), HarnessError> {
        std::fs::create_dir_all(p.logs()).map_err(crate::error::io(&p.logs()))?;
        let path = p.logs().join(name);
        let f = std::fs::OpenOptions::new().create(true).append(true).open(&path).map_err(crate::error::io(&path))?;
        Ok((f, path))
    }

    /// Runs a compose command with its output appended to `logs/<log>`.
    fn run_compose(&self, p: &Project, mut c: Command, what: &str, log: &str) -> Result<(), HarnessError> {
        let (file, path) = Self::log_file(p, log)?;
        let offset = crate::backend::log_len(&path);
        let status = c
            .stdout(file.try_clone().map_err(crate::error::io(&path))?)
            .stderr(file)
            .status()
            .map_err(|e| HarnessError::Docker { what: "docker-compose".into(), reason: e.to_string() })?;
        if status.success() {
            return Ok(());
        }
        Err(HarnessError::stage(p, what, status.to_string(), path.clone(), crate::backend::output_since(&path, offset)))
    }

    /// Writes a container's logs to `logs/<service>.log` (the current container) or, before it
    /// is replaced, to `logs/<service>-<id>.log`, so the leak audit sees every line ever printed.
    fn save_logs(&self, p: &Project, service: Service, archive: bool) {
        let Ok(Some(id)) = self.container(p, service) else { return };
        let Ok(bytes) = self.engine_of(p).logs(&id) else { return };
        let name = if archive {
            format!("{}-{}.log", service_name(service), &id[..12.min(id.len())])
        } else {
            format!("{}.log", service_name(service))
        };
        let _ = std::fs::create_dir_all(p.logs());
        let _ = std::fs::write(p.logs().join(name), bytes);
    }

    /// Ports the node container listens on, as its own network namespace sees them (the TMKMS
    /// port is not published, so only the container's view shows it): an engine on this
    /// machine has its `/proc/<pid>/net/tcp` here; any other runs `genesis-runner ports` in
    /// the container (the image has no shell).
    fn listening_ports(&self, p: &Project) -> Result<Vec<u16>, HarnessError> {
        let id = self
            .container(p, Service::Node)?
            .ok_or_else(|| HarnessError::Docker { what: p.name.clone(), reason: "no node container".into() })?;
        let engine = self.engine_of(p);
        let pid = engine.inspect(&id)?.state.and_then(|s| s.pid).filter(|&pid| pid > 0).ok_or_else(|| {
            HarnessError::Docker { what: p.name.clone(), reason: "node container is not running".into() }
        })?;
        if !matches!(self.endpoint_of(p), None | Some(EngineEndpoint::Unix(_))) {
            // Its containers' pids are another machine's.
            return ports_printed(&engine.exec(&id, &["/usr/local/bin/genesis-runner", "ports"])?)
                .map_err(|reason| HarnessError::Docker { what: format!("{} genesis-runner ports", p.name), reason });
        }
        // The container's network namespace as its pid sees it, read as `genesis-runner ports`
        // reads its own.
        runner::ports::listening(Path::new(&format!("/proc/{pid}/net")))
            .map_err(|reason| HarnessError::Docker { what: p.name.clone(), reason })
    }

    fn down(&self, p: &Project) {
        self.save_logs(p, Service::Node, false);
        self.save_logs(p, Service::Kms, false);
        // It holds the volumes `down --volumes` removes.
        if let Some(id) = self.file_containers.lock().ok().and_then(|mut m| m.remove(&p.name)) {
            let _ = self.engine_of(p).remove_container(&id);
        }
        if let Ok(mut c) = self.compose(p, &[]) {
            c.args(["down", "--volumes", "--remove-orphans", "--timeout", "5"]);
            let _ = self.run_compose(p, c, "down", "compose.log");
        }
    }

    /// The named volume of `p`'s `home` on its machine (compose's `<project>_<key>`).
    pub fn volume_name(&self, p: &Project, home: Home) -> String {
        format!("{}_{}", self.project_name(p), home.dir_name())
    }

    /// `p`'s file container: created (never started) from the node image on `p`'s engine with
    /// each home's volume mounted under [`HOMES_MOUNT`]; the volumes are created first.
    fn file_container(&self, p: &Project) -> Result<String, HarnessError> {
        let mut known = self.file_containers.lock().map_err(|_| HarnessError::Docker {
            what: p.name.clone(),
            reason: "file container table poisoned".into(),
        })?;
        if let Some(id) = known.get(&p.name) {
            return Ok(id.clone());
        }
        let engine = self.engine_of(p);
        let project = self.project_name(p);
        let labels = |extra: &[(&str, &str)]| {
            let mut l: std::collections::HashMap<String, String> = [
                (engine::RUN_LABEL, self.run.as_str()),
                (VALIDATOR_LABEL, p.name.as_str()),
                (engine::PROJECT_LABEL, project.as_str()),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
            l.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
            l
        };
        let mut binds = Vec::new();
        for home in Home::ALL {
            let name = self.volume_name(p, home);
            engine.create_volume(&name, labels(&[("com.docker.compose.volume", home.dir_name())]))?;
            binds.push(format!("{name}:{HOMES_MOUNT}/{}", home.dir_name()));
        }
        let id = engine.create_stopped(&format!("{project}-files"), &self.images.node, binds, labels(&[]))?;
        known.insert(p.name.clone(), id.clone());
        Ok(id)
    }

    /// `<home>/<rel>` as the file container sees it.
    fn in_file_container(home: Home, rel: &str) -> String {
        if rel.is_empty() {
            format!("{HOMES_MOUNT}/{}", home.dir_name())
        } else {
            format!("{HOMES_MOUNT}/{}/{rel}", home.dir_name())
        }
    }
}

/// What `genesis-runner ports` printed: one port a line.
fn ports_printed(out: &str) -> Result<Vec<u16>, String> {
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.parse::<u16>().map_err(|_| format!("{l:?} is not a port")))
        .collect()
}

impl Backend for DockerBackend {
    fn homes_local(&self, p: &Project) -> bool {
        self.placement.get(usize::from(p.index)).is_none_or(|(_, _, local)| *local)
    }

    fn view(&self, p: &Project, home: Home, sub: &str) -> Result<HomeView, HarnessError> {
        if self.homes_local(p) {
            return crate::backend::files::view_local(p, home, sub);
        }
        if !sub.is_empty() {
            crate::backend::files::plain(sub)?;
        }
        let id = self.file_container(p)?;
        let path = Self::in_file_container(home, sub);
        let tar = self.engine_of(p).archive_if_any(&id, &path)?;
        let engine = self.endpoint_of(p).map_or_else(|| "local engine".to_string(), |e| e.to_string());
        let label = format!("{engine} {}:/{sub}", self.volume_name(p, home));
        crate::backend::files::unpack_view(tar.as_deref(), label.trim_end_matches('/').to_string())
    }

    fn read_file(&self, p: &Project, home: Home, rel: &str) -> Result<Option<Vec<u8>>, HarnessError> {
        if self.homes_local(p) {
            return crate::backend::files::read_local(p, home, rel);
        }
        crate::backend::files::plain(rel)?;
        let id = self.file_container(p)?;
        match self.engine_of(p).archive_if_any(&id, &Self::in_file_container(home, rel))? {
            None => Ok(None),
            Some(tar) => crate::backend::files::single_file(&tar, rel).map(Some),
        }
    }

    fn write_file(&self, p: &Project, home: Home, rel: &str, bytes: &[u8]) -> Result<(), HarnessError> {
        if self.homes_local(p) {
            return crate::backend::files::write_local(p, home, rel, bytes);
        }
        let tar = crate::backend::files::tar_of_file(rel, bytes, home.is_private())?;
        let id = self.file_container(p)?;
        self.engine_of(p).upload(&id, &Self::in_file_container(home, ""), tar)
    }

    fn sync_artifacts(&self, p: &Project) -> Result<(), HarnessError> {
        if self.homes_local(p) {
            return Ok(());
        }
        let view = self.view(p, Home::Artifacts, "")?;
        crate::backend::files::copy_public(&view, &p.artifacts())
    }

    /// docker/compose.yml mounts the project's artifacts at `ARTIFACTS_DIR=/root/artifacts`.
    fn artifacts_path(&self, _p: &Project, rel: &str) -> String {
        format!("/root/artifacts/{rel}")
    }

    fn run_stage(&self, p: &Project, stage: &str, extra: &[(&str, &str)]) -> Result<(), HarnessError> {
        let mut env = vec![("GENESIS_RUN_STAGE", stage)];
        env.extend_from_slice(extra);
        let mut c = self.compose(p, &env)?;
        // -T: no TTY (we are not one); --use-aliases: this project's tmkms reaches the one-off
        // node container by its service name.
        c.args(["run", "--rm", "-T", "--use-aliases"]);
        for (k, v) in extra {
            c.arg("-e").arg(format!("{k}={v}"));
        }
        c.arg("node");
        let ran = self.run_compose(p, c, stage, &format!("{stage}.log"));
        // What the stage published, into the operator's copy (a refusal publishes nothing new).
        self.sync_artifacts(p)?;
        ran
    }

    fn start(&self, p: &Project, service: Service, stage: &str) -> Result<(), HarnessError> {
        self.save_logs(p, service, true);
        let mut c = self.compose(p, &[("GENESIS_RUN_STAGE", stage)])?;
        // Recreate: `up` on an unchanged running service would do nothing, and a (re)start is
        // what the caller asked for.
        c.args(["up", "-d", "--no-deps", "--force-recreate", service_name(service)]);
        self.run_compose(p, c, stage, "compose.log")
    }

    fn stop(&self, p: &Project, service: Service) {
        self.save_logs(p, service, true);
        if let Ok(mut c) = self.compose(p, &[]) {
            c.args(["stop", "--timeout", "10", service_name(service)]);
            let _ = self.run_compose(p, c, "stop", "compose.log");
        }
    }

    fn kill(&self, p: &Project, service: Service) -> Result<(), HarnessError> {
        let id = self
            .container(p, service)?
            .ok_or_else(|| HarnessError::Docker { what: p.name.clone(), reason: "no container to kill".into() })?;
        self.engine_of(p).kill(&id)
    }

    fn pause(&self, p: &Project, service: Service) -> Result<(), HarnessError> {
        let id = self
            .container(p, service)?
            .ok_or_else(|| HarnessError::Docker { what: p.name.clone(), reason: "no container to pause".into() })?;
        self.engine_of(p).pause(&id, true)
    }

    fn resume(&self, p: &Project, service: Service) -> Result<(), HarnessError> {
        let id = self
            .container(p, service)?
            .ok_or_else(|| HarnessError::Docker { what: p.name.clone(), reason: "no container to resume".into() })?;
        self.engine_of(p).pause(&id, false)
    }

    fn disconnect(&self, p: &Project, service: Service) -> Result<(), HarnessError> {
        let id = self.container(p, service)?.ok_or_else(|| HarnessError::Docker {
            what: p.name.clone(),
            reason: "no container to disconnect".into(),
        })?;
        let cut = self.engine_of(p).disconnect_all(&id)?;
        if let Ok(mut m) = self.partitioned.lock() {
            m.insert(id, cut);
        }
        Ok(())
    }

    fn reconnect(&self, p: &Project, service: Service) -> Result<(), HarnessError> {
        let id = self
            .container(p, service)?
            .ok_or_else(|| HarnessError::Docker { what: p.name.clone(), reason: "no container to reconnect".into() })?;
        let cut =
            self.partitioned.lock().ok().and_then(|mut m| m.remove(&id)).ok_or_else(|| HarnessError::Docker {
                what: p.name.clone(),
                reason: "it was not disconnected".into(),
            })?;
        self.engine_of(p).reconnect(&id, &cut)
    }

    fn frozen(&self, p: &Project, service: Service) -> Result<crate::backend::Seen, HarnessError> {
        let id = self
            .container(p, service)?
            .ok_or_else(|| HarnessError::Docker { what: p.name.clone(), reason: "no container".into() })?;
        let state = self.engine_of(p).inspect(&id)?.state.unwrap_or_default();
        let paused = state.paused == Some(true);
        let status = state.status.map(|s| s.to_string()).unwrap_or_default();
        Ok(crate::backend::Seen {
            holds: paused,
            what: format!("container {} Paused={paused} status {status}", id.chars().take(12).collect::<String>()),
        })
    }

    fn cut_off(&self, p: &Project, service: Service) -> Result<crate::backend::Seen, HarnessError> {
        let id = self
            .container(p, service)?
            .ok_or_else(|| HarnessError::Docker { what: p.name.clone(), reason: "no container".into() })?;
        let networks: Vec<String> = self
            .engine_of(p)
            .inspect(&id)?
            .network_settings
            .and_then(|n| n.networks)
            .map(|n| n.into_keys().collect())
            .unwrap_or_default();
        let short: String = id.chars().take(12).collect();
        Ok(crate::backend::Seen {
            holds: networks.is_empty(),
            what: if networks.is_empty() {
                format!("container {short} on no network")
            } else {
                format!("container {short} on networks {}", networks.join(", "))
            },
        })
    }

    fn rss_kib(&self, p: &Project, service: Service) -> Option<u64> {
        // A stopped container reports no memory: no sample, as for a process that has exited.
        self.engine_of(p).memory_kib(&self.container(p, service).ok()??)
    }

    fn exited(&self, p: &Project, service: Service) -> Option<String> {
        let id = self.container(p, service).ok()??;
        self.engine_of(p).exited(&id)
    }

    fn output(&self, p: &Project, service: Service) -> Result<String, HarnessError> {
        // `start` recreates the container: its log is this run's output alone.
        let id = self.container(p, service)?.ok_or_else(|| HarnessError::Docker {
            what: p.name.clone(),
            reason: format!("no {service:?} container"),
        })?;
        Ok(String::from_utf8_lossy(&self.engine_of(p).logs(&id)?).into_owned())
    }

    fn logs(&self, p: &Project) -> Vec<PathBuf> {
        self.save_logs(p, Service::Node, false);
        self.save_logs(p, Service::Kms, false);
        std::fs::read_dir(p.logs()).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default()
    }

    fn host(&self, index: u16) -> std::net::IpAddr {
        self.address(index).unwrap_or(std::net::Ipv4Addr::LOCALHOST.into())
    }

    fn node_holds(&self, p: &Project, port: u16) -> Result<String, String> {
        // In the node container's own network namespace, whatever listens is the container's.
        let inside = self.listening_ports(p).map_err(|e| e.to_string())?;
        if !inside.contains(&port) {
            return Err(format!("its node container does not listen on {port}"));
        }
        if port == p.tmkms_port() {
            return Ok(format!("{port} inside its node container (not published)"));
        }
        // P2P and RPC are reached on the host: the engine must forward that host port to this
        // container (a foreign listener there would have kept the container from starting).
        let id = self.container(p, Service::Node).map_err(|e| e.to_string())?.ok_or("no node container")?;
        let inspect = self.engine_of(p).inspect(&id).map_err(|e| e.to_string())?;
        let published = inspect
            .network_settings
            .and_then(|n| n.ports)
            .unwrap_or_default()
            .get(&format!("{port}/tcp"))
            .cloned()
            .flatten()
            .unwrap_or_default();
        if !published.iter().any(|b| b.host_port.as_deref() == Some(port.to_string().as_str())) {
            return Err(format!("its node container does not publish {port} on the host ({published:?})"));
        }
        Ok(format!("{port} published by container {}", &id[..12.min(id.len())]))
    }

    fn listens(&self, p: &Project, port: u16) -> bool {
        self.listening_ports(p).map(|ports| ports.contains(&port)).unwrap_or(false)
    }

    fn pids(&self) -> Vec<u32> {
        Vec::new()
    }

    fn keyring(&self, p: &Project) -> KeyringBackend {
        self.keyrings.get(&p.name).copied().unwrap_or(self.keyring)
    }

    fn keyring_passphrase(&self, p: &Project) -> Option<String> {
        (Backend::keyring(self, p) == KeyringBackend::File).then(|| format!("{}-{}", p.name, self.passphrase_salt))
    }

    fn stop_all(&self) {
        let projects: Vec<Project> = self.projects.lock().map(|m| m.values().cloned().collect()).unwrap_or_default();
        std::thread::scope(|s| {
            for p in &projects {
                s.spawn(move || self.down(p));
            }
        });
        for (endpoint, engine) in self.engines() {
            for problem in engine.remove_run(&self.run, &self.project_names()) {
                let on = endpoint.map(|e| format!(" on {e}")).unwrap_or_default();
                crate::procs::say(format_args!("cleanup{on}: {problem}"));
            }
        }
    }
}

impl Drop for DockerBackend {
    /// Containers outlive their creator: whatever happened, this run's are removed.
    fn drop(&mut self) {
        self.stop_all();
    }
}

/// Whether a Docker engine answers; the reason when not.
pub fn available() -> Result<String, HarnessError> {
    let e = Engine::connect()?;
    which("docker-compose").ok_or_else(|| HarnessError::Docker {
        what: "docker-compose".into(),
        reason: "not on PATH (apt install docker-compose)".into(),
    })?;
    Ok(e.api_version())
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|d| d.join(name)).find(|p| Path::is_file(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_gets_tls_settings_for_a_tls_engine_only() {
        let tls = EngineEndpoint::Tls { addr: "10.0.0.1:2376".into(), certs: "/etc/m1".into() };
        let env = |e: Option<&EngineEndpoint>| engine_env(e).into_iter().collect::<BTreeMap<_, _>>();
        let on_tls = env(Some(&tls));
        assert_eq!(on_tls["DOCKER_HOST"].as_deref(), Some("tcp://10.0.0.1:2376"));
        assert_eq!(on_tls["DOCKER_TLS_VERIFY"].as_deref(), Some("1"));
        assert_eq!(on_tls["DOCKER_CERT_PATH"].as_deref(), Some("/etc/m1"));
        for v in CA_BUNDLE_VARS {
            assert_eq!(on_tls.get(v), Some(&None), "{v} is removed: compose trusts the cert_path's ca.pem only");
        }
        // Plain tcp:// and the local default: a DOCKER_TLS_VERIFY of the harness's own shell
        // would make compose speak TLS to an engine bollard reaches without.
        for e in [Some(EngineEndpoint::Tcp("10.0.0.1:2375".into())), None] {
            let plain = env(e.as_ref());
            for v in TLS_VARS {
                assert_eq!(plain.get(v), Some(&None), "{v} is removed for {e:?}");
            }
            assert_eq!(plain.get("DOCKER_HOST").cloned().flatten(), e.map(|e| e.uri()));
        }
    }

    /// The `.env` the harness writes, rendered by compose itself as an operator's `up` would:
    /// past 41 validators the node's `p2p.max_num_inbound_peers` override carries N - 1; up to
    /// 41, CometBFT's default.
    #[test]
    fn a_network_larger_than_the_inbound_limit_raises_it_in_every_project_env() {
        let p = Project::new(std::path::Path::new("/work"), "val-0", 0, crate::project::PortPlan::SPEC);
        let rendered = |n: usize| {
            let images = Images { node: "node:t".into(), tmkms: "tmkms:t".into() };
            let b = DockerBackend::with_engines(Vec::new(), Vec::new(), Vec::new(), images, KeyringBackend::Test, "1s")
                .with_validators(n);
            let dir = tempfile::tempdir().expect("tempdir");
            std::fs::write(dir.path().join(".env"), b.env_file(&p)).expect(".env");
            let out = std::process::Command::new("docker-compose")
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .arg("-f")
                .arg(images::docker_dir().join("compose.yml"))
                .arg("--project-directory")
                .arg(dir.path())
                .arg("config")
                .output()
                .expect("docker-compose (ci/install.sh installs it)");
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let line = text.lines().find(|l| l.contains("CONFIG_p2p__max_num_inbound_peers")).map(str::trim);
            line.map(|l| {
                l.trim_start_matches("CONFIG_p2p__max_num_inbound_peers:").trim().trim_matches('\'').to_string()
            })
        };
        assert_eq!(rendered(4).as_deref(), Some("40"));
        assert_eq!(rendered(41).as_deref(), Some("40"));
        assert_eq!(rendered(42).as_deref(), Some("41"));
        assert_eq!(rendered(100).as_deref(), Some("99"));
    }

    #[test]
    fn listening_ports_are_read_from_a_proc_net_tcp_table() {
        // The stage's listener on 26658; its accepted connection and tmkms's end are not.
        assert_eq!(runner::ports::listening_in(crate::backend::tests::PROC_NET_TCP), vec![26658]);
    }

    #[test]
    fn the_ports_a_container_prints_are_read_one_a_line_and_nothing_else_passes() {
        assert_eq!(ports_printed("26656\n26657\n26658\n"), Ok(vec![26656, 26657, 26658]));
        assert_eq!(ports_printed(""), Ok(vec![]));
        assert_eq!(ports_printed("26656\nexec failed\n"), Err("\"exec failed\" is not a port".into()));
    }
}
