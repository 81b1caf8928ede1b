//! What only a container network can get wrong: projects sharing a network, and a secret inside
//! a container that must not hold it (the node container holds no tmkms key; the tmkms
//! container holds no account key, mnemonic or node key; neither holds another host's keys).

use super::DockerBackend;
use crate::backend::Service;
use crate::checks::{secrets_of, Secret};
use crate::project::Project;
use crate::runbook::Network;
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
    let by_network = docker.engine().networks_by_project(&projects)?;
    let mut networks = BTreeMap::new();
    for (network, users) in by_network {
        if network == "host" || network == "bridge" {
            return Err(fail("isolation", format!("{users:?} attached to the shared {network} network")));
        }
        match users.as_slice() {
            [one] => {
                networks.insert(network, one.clone());
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
            let tar = docker.engine().archive(&id, "/")?;
            let (files, hits, seen) = scan_tar(&tar, &forbidden, &own)?;
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
    let info = docker.engine().inspect(&id)?;
    let mounts: Vec<String> = info.mounts.unwrap_or_default().into_iter().filter_map(|m| m.source).collect();
    let tmkms = p.tmkms_home().display().to_string();
    if let Some(m) = mounts.iter().find(|m| m.starts_with(&tmkms)) {
        return Err(fail("container-secrets", format!("{}: node container mounts {m}", p.name)));
    }
    let env = info.config.and_then(|c| c.env).unwrap_or_default();
    if let Some(e) = env.iter().find(|e| e.starts_with("TMKMS_HOME=")) {
        return Err(fail("container-secrets", format!("{}: node container is given {e}", p.name)));
    }
    Ok(mounts)
}
