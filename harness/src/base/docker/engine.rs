//! The Docker engine API through bollard: what compose does not tell us (a container's state,
//! pid, mounts, networks, logs, files) and what a test does to a host (kill), plus cleanup.
//! Compose v1 labels every container and network with its project; we find them by label.

use super::hosts::EngineEndpoint;
use crate::HarnessError;
use bollard::container::LogOutput;
use bollard::models::{
    ContainerInspectResponse, ContainerSummary, EndpointSettings, NetworkConnectRequest, NetworkDisconnectRequest,
};
use bollard::query_parameters::{
    CreateContainerOptions, DownloadFromContainerOptions, ImportImageOptions, KillContainerOptions,
    ListContainersOptions, ListNetworksOptions, ListVolumesOptions, LogsOptions, RemoveContainerOptions,
    RemoveVolumeOptions, StatsOptions, UploadToContainerOptions,
};
use bollard::Docker;
use futures_util::TryStreamExt;
use std::collections::HashMap;

/// Compose v1's own labels.
pub const PROJECT_LABEL: &str = "com.docker.compose.project";
pub const SERVICE_LABEL: &str = "com.docker.compose.service";
pub const ONEOFF_LABEL: &str = "com.docker.compose.oneoff";
/// Ours, set by `docker/compose.yml` from `CEREMONY_RUN`: every container and network of one
/// harness run carries it, so a cleanup finds also what a crashed run left behind.
pub const RUN_LABEL: &str = "genesis-ceremony.run";

/// How a mount is named in evidence: a bind mount by its source path, a named volume as
/// `volume:<name>` (its source is a path inside the engine's data-root).
pub fn mount_name(m: bollard::models::MountPoint) -> Option<String> {
    match (m.typ.as_deref(), m.name) {
        (Some("volume"), Some(name)) => Some(format!("volume:{name}")),
        _ => m.source,
    }
}

fn err(what: impl std::fmt::Display, e: impl std::fmt::Display) -> HarnessError {
    HarnessError::Docker { what: what.to_string(), reason: e.to_string() }
}

/// An error with every cause under it, on one line: a transport's own message ("client
/// error (Connect)") says nothing of why (ssh's "Permission denied (publickey)" is a cause).
fn causes(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut next = e.source();
    while let Some(cause) = next {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(text.trim())) {
            parts.push(text);
        }
        next = cause.source();
    }
    parts.join(": ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A blocking handle on the engine: the harness is synchronous; bollard is async.
pub struct Engine {
    docker: Docker,
    rt: tokio::runtime::Runtime,
}

impl Engine {
    /// Connects to the local engine (DOCKER_HOST or the unix socket) and agrees on an API
    /// version: Debian's engine speaks 1.41, older than bollard's default.
    pub fn connect() -> Result<Engine, HarnessError> {
        let docker = Docker::connect_with_local_defaults().map_err(|e| err("connect to the Docker engine", e))?;
        Engine::negotiate(docker, "Docker engine (is it running? DOCKER_HOST?)")
    }

    /// Connects to the engine of another machine (`hosts.toml`), as compose is pointed at it
    /// with `DOCKER_HOST`.
    pub fn connect_to(endpoint: &EngineEndpoint) -> Result<Engine, HarnessError> {
        // Seconds a request may take: an image load is the longest.
        const TIMEOUT: u64 = 120;
        let docker = match endpoint {
            EngineEndpoint::Unix(path) => {
                Docker::connect_with_unix(&path.display().to_string(), TIMEOUT, bollard::API_DEFAULT_VERSION)
            }
            EngineEndpoint::Tcp(addr) => Docker::connect_with_http(addr, TIMEOUT, bollard::API_DEFAULT_VERSION),
            EngineEndpoint::Tls { addr, certs } => Docker::connect_with_ssl(
                addr,
                &certs.join("key.pem"),
                &certs.join("cert.pem"),
                &certs.join("ca.pem"),
                TIMEOUT,
                bollard::API_DEFAULT_VERSION,
            ),
            // The system `ssh` (PATH, the user's ssh config and keys), as compose's docker-py
            // uses it: both reach the engine the same way.
            EngineEndpoint::Ssh(_) => {
                Docker::connect_with_ssh(&endpoint.uri(), TIMEOUT, bollard::API_DEFAULT_VERSION, None)
            }
        }
        .map_err(|e| err(format!("connect to {endpoint}"), e))?;
        let what = match endpoint.certs() {
            Some(certs) => format!("Docker engine {endpoint} (TLS, certificates in {})", certs.display()),
            None => format!("Docker engine {endpoint}"),
        };
        Engine::negotiate(docker, &what)
    }

    fn negotiate(docker: Docker, what: &str) -> Result<Engine, HarnessError> {
        let rt =
            tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| err("tokio runtime", e))?;
        let docker = rt
            .block_on(async {
                let d = docker.negotiate_version().await?;
                d.ping().await?;
                Ok::<_, bollard::errors::Error>(d)
            })
            .map_err(|e| err(what, causes(&e)))?;
        Ok(Engine { docker, rt })
    }

    pub fn api_version(&self) -> String {
        self.docker.client_version().to_string()
    }

    fn containers(&self, labels: &[String], all: bool) -> Result<Vec<ContainerSummary>, HarnessError> {
        let filters = HashMap::from([("label".to_string(), labels.to_vec())]);
        self.rt
            .block_on(self.docker.list_containers(Some(ListContainersOptions {
                all,
                filters: Some(filters),
                ..Default::default()
            })))
            .map_err(|e| err(format!("list containers {labels:?}"), e))
    }

    /// The long-running (not one-off) container of a compose service, running or not.
    pub fn service_container(&self, project: &str, service: &str) -> Result<Option<String>, HarnessError> {
        let labels = vec![
            format!("{PROJECT_LABEL}={project}"),
            format!("{SERVICE_LABEL}={service}"),
            format!("{ONEOFF_LABEL}=False"),
        ];
        Ok(self.containers(&labels, true)?.into_iter().find_map(|c| c.id))
    }

    /// Every container of a compose project (one-off ones included).
    pub fn project_containers(&self, project: &str) -> Result<Vec<String>, HarnessError> {
        let labels = vec![format!("{PROJECT_LABEL}={project}")];
        Ok(self.containers(&labels, true)?.into_iter().filter_map(|c| c.id).collect())
    }

    pub fn inspect(&self, id: &str) -> Result<ContainerInspectResponse, HarnessError> {
        self.rt.block_on(self.docker.inspect_container(id, None)).map_err(|e| err(format!("inspect {id}"), e))
    }

    /// A running container's resident memory in KiB, as its cgroup counts it: anonymous memory
    /// plus mapped file pages (cgroup v2 `anon + file_mapped`, v1 `total_rss +
    /// total_mapped_file`), what a process's VmRSS counts; the rest of the page cache is left out
    /// because a node's block store would otherwise count against it. One sample, not the
    /// two-cycle average `docker stats` waits for.
    pub fn memory_kib(&self, id: &str) -> Option<u64> {
        let opts = StatsOptions { stream: false, one_shot: true };
        // Read to its end, not just the first item: a response left unread takes its connection
        // with it, and over ssh every new connection is a new login (one per sample, seen as
        // ~130 logins per machine in a 4-machine ceremony).
        let stats: Vec<_> = self.rt.block_on(self.docker.stats(id, Some(opts)).try_collect()).ok()?;
        let stats = stats.into_iter().next()?;
        let m = stats.memory_stats?;
        // memory.stat's keys differ by cgroup version: v2 has `anon`, v1 `total_rss`.
        let stat = |k: &str| m.stats.as_ref().and_then(|s| s.get(k)).copied();
        let bytes = match (stat("anon"), stat("total_rss")) {
            (Some(anon), _) => anon + stat("file_mapped").unwrap_or(0),
            (None, Some(rss)) => rss + stat("total_mapped_file").unwrap_or(0),
            (None, None) => m.usage?,
        };
        (bytes > 0).then_some(bytes / 1024)
    }

    /// `Some("exit code N")` once the container is no longer running.
    pub fn exited(&self, id: &str) -> Option<String> {
        let state = self.inspect(id).ok()?.state?;
        if state.running == Some(true) {
            return None;
        }
        Some(format!(
            "container {}: exit code {}",
            state.status.map(|s| s.to_string()).unwrap_or_default(),
            state.exit_code.unwrap_or(-1)
        ))
    }

    /// The container's stdout and stderr so far.
    pub fn logs(&self, id: &str) -> Result<Vec<u8>, HarnessError> {
        let opts = LogsOptions { stdout: true, stderr: true, ..Default::default() };
        let chunks: Vec<LogOutput> = self
            .rt
            .block_on(self.docker.logs(id, Some(opts)).try_collect())
            .map_err(|e| err(format!("logs of {id}"), e))?;
        Ok(chunks.into_iter().flat_map(|c| c.into_bytes()).collect())
    }

    /// `docker kill`: SIGKILL, no shutdown, as when a host loses power.
    pub fn kill(&self, id: &str) -> Result<(), HarnessError> {
        self.rt
            .block_on(self.docker.kill_container(id, Some(KillContainerOptions { signal: "SIGKILL".into() })))
            .map_err(|e| err(format!("kill {id}"), e))
    }

    /// `docker pause` (the cgroup freezer) or `docker unpause`.
    pub fn pause(&self, id: &str, pause: bool) -> Result<(), HarnessError> {
        let r = if pause {
            self.rt.block_on(self.docker.pause_container(id))
        } else {
            self.rt.block_on(self.docker.unpause_container(id))
        };
        r.map_err(|e| err(format!("{} {id}", if pause { "pause" } else { "unpause" }), e))
    }

    /// Cuts a container off every network it is on (the engine's own partition: it keeps
    /// only its loopback), returning each network with the aliases to restore.
    pub fn disconnect_all(&self, id: &str) -> Result<Vec<(String, Vec<String>)>, HarnessError> {
        let networks = self.inspect(id)?.network_settings.and_then(|n| n.networks).unwrap_or_default();
        let mut cut = Vec::new();
        for (name, endpoint) in networks {
            self.rt
                .block_on(self.docker.disconnect_network(
                    &name,
                    NetworkDisconnectRequest { container: id.to_string(), force: Some(true) },
                ))
                .map_err(|e| err(format!("disconnect {id} from {name}"), e))?;
            cut.push((name, endpoint.aliases.unwrap_or_default()));
        }
        Ok(cut)
    }

    /// Puts a container back on the networks `disconnect_all` took it off, with its aliases
    /// (compose's service name, which its tmkms dials).
    pub fn reconnect(&self, id: &str, networks: &[(String, Vec<String>)]) -> Result<(), HarnessError> {
        for (name, aliases) in networks {
            let endpoint_config = EndpointSettings { aliases: Some(aliases.clone()), ..Default::default() };
            let request = NetworkConnectRequest { container: id.to_string(), endpoint_config: Some(endpoint_config) };
            self.rt
                .block_on(self.docker.connect_network(name, request))
                .map_err(|e| err(format!("connect {id} to {name}"), e))?;
        }
        Ok(())
    }

    /// A tar of `path` in the container's filesystem, bind mounts included (what `docker cp`
    /// sees).
    pub fn archive(&self, id: &str, path: &str) -> Result<Vec<u8>, HarnessError> {
        let opts = DownloadFromContainerOptions { path: path.to_string() };
        let chunks: Vec<bytes::Bytes> = self
            .rt
            .block_on(self.docker.download_from_container(id, Some(opts)).try_collect())
            .map_err(|e| err(format!("copy {path} out of {id}"), e))?;
        Ok(chunks.concat())
    }

    /// `archive`, or `None` when `path` does not exist in the container.
    pub fn archive_if_any(&self, id: &str, path: &str) -> Result<Option<Vec<u8>>, HarnessError> {
        let opts = DownloadFromContainerOptions { path: path.to_string() };
        match self.rt.block_on(self.docker.download_from_container(id, Some(opts)).try_collect::<Vec<bytes::Bytes>>()) {
            Ok(chunks) => Ok(Some(chunks.concat())),
            Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => Ok(None),
            Err(e) => Err(err(format!("copy {path} out of {id}"), e)),
        }
    }

    /// Unpacks `tar` into the directory `path` of the container (`docker cp`).
    pub fn upload(&self, id: &str, path: &str, tar: Vec<u8>) -> Result<(), HarnessError> {
        let opts = UploadToContainerOptions { path: path.to_string(), ..Default::default() };
        self.rt
            .block_on(self.docker.upload_to_container(id, Some(opts), bollard::body_full(tar.into())))
            .map_err(|e| err(format!("copy into {path} of {id}"), e))
    }

    /// A named volume with these labels; one that exists already is kept as it is.
    pub fn create_volume(&self, name: &str, labels: HashMap<String, String>) -> Result<(), HarnessError> {
        let request = bollard::models::VolumeCreateRequest {
            name: Some(name.into()),
            labels: Some(labels),
            ..Default::default()
        };
        self.rt.block_on(self.docker.create_volume(request)).map_err(|e| err(format!("create volume {name}"), e))?;
        Ok(())
    }

    pub fn remove_volume(&self, name: &str) -> Result<(), HarnessError> {
        let opts = RemoveVolumeOptions { force: true };
        match self.rt.block_on(self.docker.remove_volume(name, Some(opts))) {
            Ok(()) | Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => Ok(()),
            Err(e) => Err(err(format!("remove volume {name}"), e)),
        }
    }

    /// A container that is created and never started: its mounts are reachable through the
    /// archive endpoint, and nothing runs in it. `binds` as `docker run -v` spells them.
    pub fn create_stopped(
        &self,
        name: &str,
        image: &str,
        binds: Vec<String>,
        labels: HashMap<String, String>,
    ) -> Result<String, HarnessError> {
        let body = bollard::models::ContainerCreateBody {
            image: Some(image.into()),
            labels: Some(labels),
            network_disabled: Some(true),
            host_config: Some(bollard::models::HostConfig { binds: Some(binds), ..Default::default() }),
            ..Default::default()
        };
        let opts = CreateContainerOptions { name: Some(name.into()), ..Default::default() };
        let created = self
            .rt
            .block_on(self.docker.create_container(Some(opts), body))
            .map_err(|e| err(format!("create container {name}"), e))?;
        Ok(created.id)
    }

    /// Removes a container whatever its state; one that is gone already is no error.
    pub fn remove_container(&self, id: &str) -> Result<(), HarnessError> {
        let opts = RemoveContainerOptions { force: true, ..Default::default() };
        match self.rt.block_on(self.docker.remove_container(id, Some(opts))) {
            Ok(()) | Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => Ok(()),
            Err(e) => Err(err(format!("remove container {id}"), e)),
        }
    }

    /// Runs `cmd` in a running container (`docker exec`) and returns its stdout, or an error
    /// with its exit code and stderr: a command inside the container, on any engine.
    pub fn exec(&self, id: &str, cmd: &[&str]) -> Result<String, HarnessError> {
        use bollard::exec::StartExecResults;
        let what = || format!("exec {} in {}", cmd.join(" "), &id[..12.min(id.len())]);
        let config = bollard::models::ExecConfig {
            attach_stdout: Some(true),
            attach_stderr: Some(true),
            cmd: Some(cmd.iter().map(|c| c.to_string()).collect()),
            ..Default::default()
        };
        let (stdout, stderr, code) = self
            .rt
            .block_on(async {
                let exec = self.docker.create_exec(id, config).await?;
                let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
                if let StartExecResults::Attached { mut output, .. } = self.docker.start_exec(&exec.id, None).await? {
                    while let Some(chunk) = output.try_next().await? {
                        match chunk {
                            LogOutput::StdErr { message } => stderr.extend_from_slice(&message),
                            other => stdout.extend_from_slice(&other.into_bytes()),
                        }
                    }
                }
                let code = self.docker.inspect_exec(&exec.id).await?.exit_code;
                Ok::<_, bollard::errors::Error>((stdout, stderr, code))
            })
            .map_err(|e| err(what(), causes(&e)))?;
        if code != Some(0) {
            let stderr = String::from_utf8_lossy(&stderr).split_whitespace().collect::<Vec<_>>().join(" ");
            return Err(err(what(), format!("exit code {code:?}: {stderr}")));
        }
        Ok(String::from_utf8_lossy(&stdout).into_owned())
    }

    /// Network name → the compose projects whose containers are attached to it.
    pub fn networks_by_project(&self, projects: &[String]) -> Result<HashMap<String, Vec<String>>, HarnessError> {
        let mut out: HashMap<String, Vec<String>> = HashMap::new();
        for project in projects {
            for id in self.project_containers(project)? {
                let nets = self.inspect(&id)?.network_settings.and_then(|n| n.networks).unwrap_or_default();
                for net in nets.into_keys() {
                    let users = out.entry(net).or_default();
                    if !users.contains(project) {
                        users.push(project.clone());
                    }
                }
            }
        }
        Ok(out)
    }

    /// Removes every container, volume and network labelled with this run (containers and
    /// networks also when they belong to one of `projects`), whatever state they are in.
    /// Errors are collected, not fatal: cleanup goes on.
    pub fn remove_run(&self, run: &str, projects: &[String]) -> Vec<String> {
        let mut problems = Vec::new();
        let mut ids: Vec<String> = Vec::new();
        let mut selectors = vec![format!("{RUN_LABEL}={run}")];
        selectors.extend(projects.iter().map(|p| format!("{PROJECT_LABEL}={p}")));
        for sel in &selectors {
            match self.containers(std::slice::from_ref(sel), true) {
                Ok(cs) => ids.extend(cs.into_iter().filter_map(|c| c.id)),
                Err(e) => problems.push(e.to_string()),
            }
        }
        ids.sort();
        ids.dedup();
        for id in ids {
            let opts = RemoveContainerOptions { force: true, v: true, ..Default::default() };
            if let Err(e) = self.rt.block_on(self.docker.remove_container(&id, Some(opts))) {
                problems.push(format!("remove container {id}: {e}"));
            }
        }
        // The homes of a machine that shares nothing with the harness: this run's volumes.
        let filters = HashMap::from([("label".to_string(), vec![format!("{RUN_LABEL}={run}")])]);
        match self.rt.block_on(self.docker.list_volumes(Some(ListVolumesOptions { filters: Some(filters) }))) {
            Ok(list) => {
                for v in list.volumes.unwrap_or_default() {
                    if let Err(e) = self.remove_volume(&v.name) {
                        problems.push(e.to_string());
                    }
                }
            }
            Err(e) => problems.push(format!("list volumes: {e}")),
        }
        for sel in &selectors {
            let filters = HashMap::from([("label".to_string(), vec![sel.clone()])]);
            let nets =
                self.rt.block_on(self.docker.list_networks(Some(ListNetworksOptions { filters: Some(filters) })));
            for net in nets.unwrap_or_default().into_iter().filter_map(|n| n.name) {
                if let Err(e) = self.rt.block_on(self.docker.remove_network(&net)) {
                    problems.push(format!("remove network {net}: {e}"));
                }
            }
        }
        problems
    }

    /// The image as `docker save` writes it (a tar with its tags).
    pub fn export_image(&self, reference: &str) -> Result<Vec<u8>, HarnessError> {
        let chunks: Vec<bytes::Bytes> = self
            .rt
            .block_on(self.docker.export_image(reference).try_collect())
            .map_err(|e| err(format!("export {reference}"), e))?;
        Ok(chunks.concat())
    }

    /// `docker load` of what [`Engine::export_image`] wrote.
    pub fn load_image(&self, tar: Vec<u8>) -> Result<(), HarnessError> {
        let opts = ImportImageOptions { quiet: true, ..Default::default() };
        let _: Vec<_> = self
            .rt
            .block_on(self.docker.import_image(opts, bollard::body_full(tar.into()), None).try_collect())
            .map_err(|e| err("load an image", e))?;
        Ok(())
    }

    /// Every container labelled with `run`: (id, compose project, bind-mount sources).
    pub fn run_containers(&self, run: &str) -> Result<Vec<(String, String, Vec<String>)>, HarnessError> {
        let mut out = Vec::new();
        for c in self.containers(&[format!("{RUN_LABEL}={run}")], true)? {
            let Some(id) = c.id else { continue };
            let project = c.labels.and_then(|mut l| l.remove(PROJECT_LABEL)).unwrap_or_default();
            let mounts = c.mounts.unwrap_or_default().into_iter().filter_map(mount_name).collect();
            out.push((id, project, mounts));
        }
        Ok(out)
    }

    /// Names of the volumes a compose project made on this engine (compose labels them).
    pub fn volumes_of_projects(&self) -> Result<Vec<(String, String)>, HarnessError> {
        let filters = HashMap::from([("label".to_string(), vec![PROJECT_LABEL.to_string()])]);
        let opts = ListVolumesOptions { filters: Some(filters) };
        let list = self.rt.block_on(self.docker.list_volumes(Some(opts))).map_err(|e| err("list volumes", e))?;
        Ok(list
            .volumes
            .unwrap_or_default()
            .into_iter()
            .map(|v| {
                let project = v.labels.get(PROJECT_LABEL).cloned().unwrap_or_default();
                (v.name, project)
            })
            .collect())
    }

    pub fn image_exists(&self, reference: &str) -> bool {
        self.rt.block_on(self.docker.inspect_image(reference)).is_ok()
    }

    /// Size in bytes of a local image.
    pub fn image_size(&self, reference: &str) -> Option<i64> {
        self.rt.block_on(self.docker.inspect_image(reference)).ok().and_then(|i| i.size)
    }
}
