//! Every node is connected to the peers its config names, and to no stranger.

use super::fail;
use super::Checks;
use crate::HarnessError;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};
use tendermint_rpc::client::Client;

#[derive(Debug)]
pub struct PeersEvidence {
    /// Node → (ids in /net_info, ids in its persistent_peers).
    pub nodes: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>,
    /// Node → peer id → the address that peer announced in /net_info (its `listen_addr`),
    /// which is the address in the node's persistent_peers.
    pub addresses: BTreeMap<String, BTreeMap<String, String>>,
}

impl std::fmt::Display for PeersEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let peers: BTreeSet<usize> = self.nodes.values().map(|(seen, _)| seen.len()).collect();
        let hosts: BTreeSet<&str> = self
            .addresses
            .values()
            .flat_map(|a| a.values())
            .filter_map(|a| a.trim_start_matches("tcp://").rsplit_once(':').map(|(h, _)| h))
            .collect();
        let counts: Vec<String> = peers.iter().map(usize::to_string).collect();
        let hosts: Vec<&str> = hosts.into_iter().collect();
        write!(
            f,
            "{} nodes, each connected to exactly its persistent peers ({} each), reached at {}",
            self.nodes.len(),
            counts.join("/"),
            hosts.join(", ")
        )
    }
}

/// `id → host:port` of `[p2p] persistent_peers`.
fn persistent_peers(config: &Path) -> Result<BTreeMap<String, String>, HarnessError> {
    let text = std::fs::read_to_string(config).map_err(crate::error::io(config))?;
    let doc: toml_edit::DocumentMut = text.parse().map_err(|e| fail("peers", format!("{}: {e}", config.display())))?;
    let peers = doc.get("p2p").and_then(|p| p.get("persistent_peers")).and_then(|v| v.as_str()).unwrap_or("");
    Ok(peers
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .filter_map(|s| s.trim().split_once('@').map(|(id, addr)| (id.to_string(), addr.to_string())))
        .collect())
}

impl<'a> Checks<'a> {
    /// How many peers node `i` is connected to, by its /net_info.
    pub fn peer_count(&self, i: usize) -> Option<usize> {
        let c = self.client(&self.net.projects[i].rpc_url()).ok()?;
        self.rt.block_on(c.net_info()).ok().map(|n| n.peers.len())
    }

    /// Node `i`'s /net_info peers: each one's node id and the address its connection is with.
    pub fn net_info_peers(&self, i: usize) -> Result<Vec<(String, std::net::IpAddr)>, HarnessError> {
        let url = self.net.projects[i].rpc_url();
        let c = self.client(&url)?;
        let info = self.rt.block_on(c.net_info()).map_err(|e| HarnessError::Rpc { url, reason: e.to_string() })?;
        Ok(info.peers.iter().map(|x| (x.node_info.id.to_string(), x.remote_ip)).collect())
    }

    /// Each node's /net_info peers are exactly its persistent_peers, which are exactly the
    /// other projects' published node ids.
    pub fn peers(&self, budget: Duration) -> Result<PeersEvidence, HarnessError> {
        let t0 = Instant::now();
        loop {
            match self.peers_once() {
                Ok(e) => return Ok(e),
                Err(e) if t0.elapsed() > budget => return Err(e),
                Err(_) => std::thread::sleep(Duration::from_millis(200)),
            }
        }
    }

    fn peers_once(&self) -> Result<PeersEvidence, HarnessError> {
        let mut nodes = BTreeMap::new();
        let mut addresses = BTreeMap::new();
        // Every node's problem, not the first: one misconfigured node also leaves its peers
        // short of a connection, and the report must still name the node at fault.
        let mut problems = Vec::new();
        let mut ids = BTreeMap::new();
        for q in &self.net.projects {
            // A host that published no node id cannot be left out of what its peers expect.
            let id = q.node_id().ok_or_else(|| {
                fail(
                    "peers",
                    format!(
                        "{}: no node id published ({} missing)",
                        q.name,
                        q.artifact(&format!("validators/{}/node_id.txt", q.name)).display()
                    ),
                )
            })?;
            ids.insert(q.name.clone(), id);
        }
        for p in &self.net.projects {
            let expected: BTreeSet<String> =
                ids.iter().filter(|(name, _)| **name != p.name).map(|(_, id)| id.clone()).collect();
            let config = self.net.backend.view(p, crate::backend::files::Home::Node, "config")?;
            let configured_addrs = persistent_peers(&config.path().join("config.toml"))?;
            let configured: BTreeSet<String> = configured_addrs.keys().cloned().collect();
            let c = self.client(&p.rpc_url())?;
            let info = self
                .rt
                .block_on(c.net_info())
                .map_err(|e| HarnessError::Rpc { url: p.rpc_url(), reason: e.to_string() })?;
            let connected: BTreeSet<String> = info.peers.iter().map(|x| x.node_info.id.to_string()).collect();
            if configured != expected {
                let name_of = |id: &String| {
                    ids.iter().find(|(_, v)| *v == id).map_or_else(|| id.clone(), |(n, _)| format!("{n} ({id})"))
                };
                let missing: Vec<String> = expected.difference(&configured).map(name_of).collect();
                let extra: Vec<String> = configured.difference(&expected).cloned().collect();
                problems.push(format!(
                    "{}: persistent_peers lacks [{}] and has unknown [{}]",
                    p.name,
                    missing.join(", "),
                    extra.join(", ")
                ));
                continue;
            }
            if connected != configured {
                problems.push(format!("{}: connected to {connected:?}, persistent_peers {configured:?}", p.name));
                continue;
            }
            let mut announced = BTreeMap::new();
            for peer in &info.peers {
                let id = peer.node_info.id.to_string();
                let addr = peer.node_info.listen_addr.to_string();
                let want = configured_addrs.get(&id).map(String::as_str).unwrap_or("");
                if addr.trim_start_matches("tcp://") != want {
                    problems.push(format!("{}: peer {id} announces {addr}, persistent_peers has {want}", p.name));
                }
                announced.insert(id, addr);
            }
            nodes.insert(p.name.clone(), (connected, configured));
            addresses.insert(p.name.clone(), announced);
        }
        if !problems.is_empty() {
            return Err(fail("peers", problems.join("; ")));
        }
        Ok(PeersEvidence { nodes, addresses })
    }
}
