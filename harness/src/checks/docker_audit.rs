//! What only a container network can get wrong: projects sharing a network, and a secret inside
//! a container that must not hold it (the node container holds no tmkms key; the tmkms
//! container holds no account key, mnemonic or node key; neither holds another host's keys).

use crate::backend::docker::DockerBackend;
use crate::backend::files::Home;
use crate::backend::Service;
use crate::project::Project;
use crate::runbook::Network;
use crate::secrets::{secrets_of, Secret};
use crate::HarnessError;
use std::collections::BTreeMap;
use std::io::Read;

fn fail(check: &'static str, reason: impl Into<String>) -> HarnessError {
    HarnessError::Check { check, reason: reason.into() }
}

#[derive(Debug)]
pub struct IsolationEvidence {
    /// Network → the one compose project attached to it.
    pub networks: BTreeMap<String, String>,
}

/// Every network any project's container is attached to belongs to that project alone, and no
/// container is on the host's or the default bridge network.
pub fn isolation(docker: &DockerBackend, net: &Network) -> Result<IsolationEvidence, HarnessError> {
    let projects: Vec<String> = net.projects.iter().map(|p| docker.project_name(p)).collect();
    // Network names are an engine's own: each engine is asked about the projects it runs.
    let mut by_network = Vec::new();
    for (at, (endpoint, engine)) in docker.engines().enumerate() {
        let on = endpoint.map(|e| format!("{e} ")).unwrap_or_default();
        for (network, users) in engine.networks_by_project(&docker.placed_on(at, &net.projects))? {
            by_network.push((format!("{on}{network}"), network, users));
        }
    }
    let mut networks = BTreeMap::new();
    for (key, network, users) in by_network {
        if network == "host" || network == "bridge" {
            return Err(fail("isolation", format!("{users:?} attached to the shared {network} network")));
        }
        match users.as_slice() {
            [one] => {
                networks.insert(key, one.clone());
            }
            _ => return Err(fail("isolation", format!("network {network} is shared by {users:?}"))),
        }
    }
    for p in &projects {
        if !networks.values().any(|owner| owner == p) {
            return Err(fail("isolation", format!("{p}: no container on any network")));
        }
    }
    Ok(IsolationEvidence { networks })
}

#[derive(Debug)]
pub struct ContainerSecretsEvidence {
    /// (project, service) → (files read from the container, secrets looked for).
    pub scanned: BTreeMap<(String, &'static str), (usize, usize)>,
    /// (project, service) → paths of the container's files that hold its own right keys,
    /// proof that the scan saw the bind-mounted homes.
    pub own_keys_seen: BTreeMap<(String, &'static str), Vec<String>>,
}

/// Reads the whole filesystem of every node and tmkms container (bind mounts included, as
/// `docker cp` sees it) and looks for every secret the container must not hold.
pub fn container_secrets(docker: &DockerBackend, net: &Network) -> Result<ContainerSecretsEvidence, HarnessError> {
    let all: Vec<(String, Vec<Secret>)> = net
        .projects
        .iter()
        .map(|p| Ok((p.name.clone(), secrets_of(p, docker)?)))
        .collect::<Result<_, HarnessError>>()?;
    let mut scanned = BTreeMap::new();
    let mut own_keys_seen = BTreeMap::new();
    for p in &net.projects {
        for (service, label) in [(Service::Node, "node"), (Service::Kms, "tmkms")] {
            let Some(id) = docker.container(p, service)? else {
                return Err(fail("container-secrets", format!("{}: no {label} container", p.name)));
            };
            // The node container may hold its own account and node keys, tmkms its own
            // consensus key and identity; nothing else.
            let mut forbidden: Vec<(String, &[u8])> = Vec::new();
            let mut own: Vec<&[u8]> = Vec::new();
            for (owner, secrets) in &all {
                for (what, bytes) in secrets {
                    let tmkms_secret = what.starts_with("tmkms ");
                    let allowed = owner == &p.name && (tmkms_secret == (service == Service::Kms));
                    if allowed {
                        own.push(bytes);
                    } else {
                        forbidden.push((format!("{owner}'s {what}"), bytes));
                    }
                }
            }
            let (files, hits, seen) = scan_archive(|| docker.engine_of(p).archive(&id, "/"), &forbidden, &own)?;
            if let Some((path, what)) = hits.first() {
                return Err(fail(
                    "container-secrets",
                    format!("{}'s {label} container holds {what} in {path} ({} hits)", p.name, hits.len()),
                ));
            }
            if seen.is_empty() {
                return Err(fail(
                    "container-secrets",
                    format!("{}'s {label} container: none of its own keys found, so the scan saw no mounts", p.name),
                ));
            }
            scanned.insert((p.name.clone(), label), (files, forbidden.len()));
            own_keys_seen.insert((p.name.clone(), label), seen);
        }
    }
    Ok(ContainerSecretsEvidence { scanned, own_keys_seen })
}

type Scan = (usize, Vec<(String, String)>, Vec<String>);

/// How often a container's archive is fetched before an unreadable one fails the audit.
const ARCHIVE_READS: usize = 3;

/// [`scan_tar`] of the archive `fetch` returns. The engine streams a live container's files; one
/// that shrinks while it is copied (a node rewriting its state as it boots) leaves moby's tar
/// writer short of the size it announced, and the stream ends there (CI run of cf78a3c:
/// "unexpected EOF during skip" right after a restart). So an archive that cannot be read is
/// fetched again; a readable one is judged as it is, and a hit is never read away.
fn scan_archive(
    mut fetch: impl FnMut() -> Result<Vec<u8>, HarnessError>,
    forbidden: &[(String, &[u8])],
    own: &[&[u8]],
) -> Result<Scan, HarnessError> {
    let mut reads = 0;
    loop {
        reads += 1;
        match scan_tar(&fetch()?, forbidden, own) {
            Err(HarnessError::Check { check, reason }) if reads >= ARCHIVE_READS => {
                return Err(HarnessError::Check { check, reason: format!("{reason} (read {reads} times)") });
            }
            Err(e) if reads >= ARCHIVE_READS => return Err(e),
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(200)),
            scan => return scan,
        }
    }
}

/// Files read, (path, forbidden secret) hits, paths holding one of `own`.
fn scan_tar(tar: &[u8], forbidden: &[(String, &[u8])], own: &[&[u8]]) -> Result<Scan, HarnessError> {
    let bad = |e: std::io::Error| fail("container-secrets", format!("reading the container archive: {e}"));
    let mut archive = tar::Archive::new(tar);
    let mut files = 0;
    let mut hits = Vec::new();
    let mut seen = Vec::new();
    let finders: Vec<_> = forbidden.iter().map(|(w, s)| (w, memchr::memmem::Finder::new(s))).collect();
    let own_finders: Vec<_> = own.iter().map(memchr::memmem::Finder::new).collect();
    for entry in archive.entries().map_err(bad)? {
        let mut entry = entry.map_err(bad)?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = entry.path().map_err(bad)?.display().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(bad)?;
        files += 1;
        for (what, f) in &finders {
            if f.find(&bytes).is_some() {
                hits.push((path.clone(), (*what).clone()));
            }
        }
        if own_finders.iter().any(|f| f.find(&bytes).is_some()) {
            seen.push(path);
        }
    }
    Ok((files, hits, seen))
}

/// The project's node container mounts no TMKMS_HOME and is given no TMKMS_HOME.
pub fn node_has_no_tmkms_home(docker: &DockerBackend, p: &Project) -> Result<Vec<String>, HarnessError> {
    let id = docker
        .container(p, Service::Node)?
        .ok_or_else(|| fail("container-secrets", format!("{}: no node container", p.name)))?;
    let info = docker.engine_of(p).inspect(&id)?;
    let mounts: Vec<String> =
        info.mounts.unwrap_or_default().into_iter().filter_map(crate::docker::engine::mount_name).collect();
    // The bind-mounted directory, or the named volume on a machine that shares nothing.
    let tmkms = [p.tmkms_home().display().to_string(), format!("volume:{}", docker.volume_name(p, Home::Tmkms))];
    if let Some(m) = mounts.iter().find(|m| tmkms.iter().any(|t| m.starts_with(t.as_str()))) {
        return Err(fail("container-secrets", format!("{}: node container mounts {m}", p.name)));
    }
    let env = info.config.and_then(|c| c.env).unwrap_or_default();
    if let Some(e) = env.iter().find(|e| e.starts_with("TMKMS_HOME=")) {
        return Err(fail("container-secrets", format!("{}: node container is given {e}", p.name)));
    }
    Ok(mounts)
}

#[derive(Debug)]
pub struct EnginesEvidence {
    /// Engine (endpoint, or "local") → the compose projects whose containers it holds.
    pub projects: BTreeMap<String, Vec<String>>,
    /// Containers of this run seen across all engines.
    pub containers: usize,
}

/// What one engine holds of this run: (container id, compose project, bind-mount sources),
/// and (volume, compose project).
pub struct EngineHoldings {
    pub engine: String,
    pub placed: Vec<String>,
    pub containers: Vec<(String, String, Vec<String>)>,
    pub volumes: Vec<(String, String)>,
}

/// Each validator's machine holds its own containers and nothing of another's: every
/// container of this run on an engine is of a project placed there and mounts only its own
/// project's directories, and no volume there belongs to another validator's project.
pub fn engines(docker: &DockerBackend, net: &Network) -> Result<EnginesEvidence, HarnessError> {
    let mut holdings = Vec::new();
    for (at, (endpoint, engine)) in docker.engines().enumerate() {
        holdings.push(EngineHoldings {
            engine: endpoint.map_or_else(|| "local".to_string(), |e| e.to_string()),
            placed: docker.placed_on(at, &net.projects),
            containers: engine.run_containers(docker.run_id())?,
            volumes: engine.volumes_of_projects()?,
        });
    }
    let roots: BTreeMap<String, String> =
        net.projects.iter().map(|p| (docker.project_name(p), p.root.display().to_string())).collect();
    judge_engines(&holdings, &roots)
}

/// [`engines`]' verdict over what the engines were found to hold; `roots` maps each compose
/// project of the run to its project directory.
pub fn judge_engines(
    holdings: &[EngineHoldings],
    roots: &BTreeMap<String, String>,
) -> Result<EnginesEvidence, HarnessError> {
    let mut projects = BTreeMap::new();
    let mut containers = 0;
    for h in holdings {
        let mut seen: Vec<String> = Vec::new();
        for (id, project, mounts) in &h.containers {
            let short = &id[..12.min(id.len())];
            if !h.placed.contains(project) {
                return Err(fail(
                    "engines",
                    format!("{} holds container {short} of {project}, placed elsewhere", h.engine),
                ));
            }
            let own = roots.get(project).map(|r| format!("{r}/")).unwrap_or_default();
            // Its own directories, or its own named volumes (`<project>_<home>`).
            let volumes = format!("volume:{project}_");
            if let Some(m) = mounts.iter().find(|m| own.is_empty() || !(m.starts_with(&own) || m.starts_with(&volumes)))
            {
                return Err(fail(
                    "engines",
                    format!("{}: container {short} of {project} mounts {m}, outside {own}", h.engine),
                ));
            }
            if !seen.contains(project) {
                seen.push(project.clone());
            }
            containers += 1;
        }
        for (volume, project) in &h.volumes {
            if roots.contains_key(project) && !h.placed.contains(project) {
                return Err(fail(
                    "engines",
                    format!("{} holds volume {volume} of {project}, placed elsewhere", h.engine),
                ));
            }
        }
        for p in &h.placed {
            if !seen.contains(p) {
                return Err(fail("engines", format!("{}: no container of {p}, which is placed there", h.engine)));
            }
        }
        projects.insert(h.engine.clone(), seen);
    }
    Ok(EnginesEvidence { projects, containers })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (path, bytes) in files {
            let mut h = tar::Header::new_gnu();
            h.set_size(bytes.len() as u64);
            h.set_mode(0o600);
            h.set_cksum();
            b.append_data(&mut h, path, *bytes).unwrap();
        }
        b.into_inner().unwrap()
    }

    /// An archive cut inside a file's data, as the engine ends one when a file shrinks mid-copy.
    fn truncated(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut t = tar_of(files);
        t.truncate(512 + 10);
        t
    }

    #[test]
    fn a_cut_archive_is_fetched_again_and_a_whole_one_still_finds_the_secret() {
        let secret: &[u8] = b"SECRET-KEY-BYTES";
        let files: &[(&str, &[u8])] = &[("root/.tmkms/consensus.key", b"SECRET-KEY-BYTES and more padding")];
        let forbidden = vec![("val-1's tmkms consensus.key".to_string(), secret)];
        let mut fetches = vec![tar_of(files), truncated(files)];
        let (_, hits, _) = scan_archive(|| Ok(fetches.pop().unwrap()), &forbidden, &[]).unwrap();
        assert_eq!(hits, [("root/.tmkms/consensus.key".to_string(), "val-1's tmkms consensus.key".to_string())]);
    }

    #[test]
    fn an_archive_that_stays_cut_fails_the_audit_naming_the_reads() {
        let files: &[(&str, &[u8])] = &[("etc/a", b"0123456789abcdefghijklmnopqrstuvwxyz")];
        let mut fetched = 0;
        let err = scan_archive(
            || {
                fetched += 1;
                Ok(truncated(files))
            },
            &[],
            &[],
        )
        .unwrap_err()
        .to_string();
        assert_eq!(fetched, ARCHIVE_READS);
        assert!(err.contains("reading the container archive") && err.contains("(read 3 times)"), "{err}");
    }

    fn holding(engine: &str, placed: &str, containers: &[(&str, &str)]) -> EngineHoldings {
        EngineHoldings {
            engine: engine.into(),
            placed: vec![placed.into()],
            containers: containers
                .iter()
                .map(|(id, project)| {
                    let root = format!("/w/{}", project.trim_start_matches("run-"));
                    (id.to_string(), project.to_string(), vec![format!("{root}/node-home")])
                })
                .collect(),
            volumes: Vec::new(),
        }
    }

    /// val-0 on e0 and val-1 on e1, each engine holding its own validator's container.
    fn two_engines() -> [EngineHoldings; 2] {
        [
            holding("unix:///e0", "run-val-0", &[("a", "run-val-0")]),
            holding("unix:///e1", "run-val-1", &[("b", "run-val-1")]),
        ]
    }

    fn roots() -> BTreeMap<String, String> {
        ["val-0", "val-1"].iter().map(|v| (format!("run-{v}"), format!("/w/{v}"))).collect()
    }

    #[test]
    fn each_engine_holding_only_its_own_validator_passes() {
        let h = two_engines();
        let ev = judge_engines(&h, &roots()).unwrap();
        assert_eq!(ev.containers, 2);
        assert_eq!(ev.projects["unix:///e1"], vec!["run-val-1".to_string()]);
    }

    #[test]
    fn a_container_on_another_validators_engine_fails() {
        let h = [
            holding("unix:///e0", "run-val-0", &[("a", "run-val-0"), ("c", "run-val-1")]),
            holding("unix:///e1", "run-val-1", &[("b", "run-val-1")]),
        ];
        let e = judge_engines(&h, &roots()).unwrap_err().to_string();
        assert!(e.contains("unix:///e0 holds container c of run-val-1, placed elsewhere"), "{e}");
    }

    #[test]
    fn a_mount_of_another_projects_directory_fails() {
        let mut h = two_engines();
        h[1].containers[0].2.push("/w/val-0/tmkms".into());
        let e = judge_engines(&h, &roots()).unwrap_err().to_string();
        assert!(e.contains("mounts /w/val-0/tmkms, outside /w/val-1/"), "{e}");
    }

    #[test]
    fn a_machine_mounts_its_own_validators_volumes_and_no_others() {
        let mut h = two_engines();
        h[1].containers[0].2 = vec!["volume:run-val-1_tmkms".into(), "volume:run-val-1_artifacts".into()];
        judge_engines(&h, &roots()).unwrap();
        h[1].containers[0].2.push("volume:run-val-0_keyring".into());
        let e = judge_engines(&h, &roots()).unwrap_err().to_string();
        assert!(e.contains("mounts volume:run-val-0_keyring, outside /w/val-1/"), "{e}");
    }

    #[test]
    fn another_validators_volume_fails() {
        let mut h = two_engines();
        h[0].volumes.push(("run-val-1_data".into(), "run-val-1".into()));
        let e = judge_engines(&h, &roots()).unwrap_err().to_string();
        assert!(e.contains("holds volume run-val-1_data of run-val-1"), "{e}");
    }

    #[test]
    fn an_engine_without_its_validators_containers_fails() {
        // What a backend that ran everything on the local engine would leave.
        let h = [holding("unix:///e0", "run-val-0", &[("a", "run-val-0")]), holding("unix:///e1", "run-val-1", &[])];
        let e = judge_engines(&h, &roots()).unwrap_err().to_string();
        assert!(e.contains("unix:///e1: no container of run-val-1"), "{e}");
    }
}
