//! The acceptance criteria as checks. Each returns the evidence it judged on; each waits only
//! by polling with a declared budget.

use crate::backend::{Backend, Service};
use crate::error::StageFailure;
use crate::project::Project;
use crate::runbook::Network;
use crate::HarnessError;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tendermint_rpc::{Client, HttpClient};

fn fail(check: &'static str, reason: impl Into<String>) -> HarnessError {
    HarnessError::Check { check, reason: reason.into() }
}

/// Every node's height and peer count, read on a thread of its own while a run goes (for the
/// run report's charts); a node that does not answer is left out of that sample.
pub struct NodeSampler {
    rt: tokio::runtime::Runtime,
    nodes: Vec<(String, HttpClient)>,
}

impl NodeSampler {
    pub fn new(projects: &[Project]) -> Result<NodeSampler, HarnessError> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| HarnessError::Io { path: "tokio runtime".into(), source: e })?;
        let mut nodes = Vec::new();
        for p in projects {
            let url = p.rpc_url();
            let c =
                HttpClient::builder(url.as_str().try_into().map_err(|e: tendermint_rpc::Error| HarnessError::Rpc {
                    url: url.clone(),
                    reason: e.to_string(),
                })?)
                .timeout(Duration::from_millis(500))
                .build()
                .map_err(|e| HarnessError::Rpc { url: url.clone(), reason: e.to_string() })?;
            nodes.push((p.name.clone(), c));
        }
        Ok(NodeSampler { rt, nodes })
    }

    pub fn sample(&self) -> Vec<(String, u64, usize)> {
        self.nodes
            .iter()
            .filter_map(|(name, c)| {
                let h = self.rt.block_on(c.status()).ok()?.sync_info.latest_block_height.value();
                let peers = self.rt.block_on(c.net_info()).map(|n| n.peers.len()).unwrap_or(0);
                Some((name.clone(), h, peers))
            })
            .collect()
    }
}

pub struct Checks<'a> {
    net: &'a Network,
    rt: tokio::runtime::Runtime,
}

#[derive(Debug)]
pub struct BlocksEvidence {
    pub height: u64,
    /// Height → the one hash every node reported for it.
    pub hashes: BTreeMap<u64, String>,
    pub elapsed: Duration,
    /// Commit signatures checked against the height-1 validator set (heights below the tip,
    /// whose canonical commits exist), each header's hash recomputed.
    pub signatures_verified: usize,
}

/// What [`Checks::no_double_signs`] read.
#[derive(Debug)]
pub struct DoubleSignEvidence {
    pub nodes: usize,
    pub upto: u64,
    /// Blocks read (every node's block at every height), each without duplicate-vote evidence.
    pub blocks_read: u64,
    /// Project → what its tmkms log shows.
    pub signers: BTreeMap<String, crate::signing::SigningLog>,
}

impl std::fmt::Display for DoubleSignEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "no equivocation in {} node logs, no evidence in {} blocks (heights 1..={} at every node); tmkms: ",
            self.nodes, self.blocks_read, self.upto
        )?;
        let signers: Vec<String> = self.signers.iter().map(|(n, s)| format!("{n} {s}")).collect();
        f.write_str(&signers.join(", "))
    }
}

#[derive(Debug)]
pub struct PeersEvidence {
    /// Node → (ids in /net_info, ids in its persistent_peers).
    pub nodes: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>,
    /// Node → peer id → the address that peer announced in /net_info (its `listen_addr`),
    /// which is the address in the node's persistent_peers.
    pub addresses: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug)]
pub struct ParticipantsEvidence {
    pub participants: usize,
    pub grants_per_warm_key: usize,
    pub genesis_time: String,
    pub first_block_time: String,
}

impl std::fmt::Display for ParticipantsEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} participants as in their genparticipant files, {} grants per warm key; block 1 at {} >= genesis_time {}",
            self.participants, self.grants_per_warm_key, self.first_block_time, self.genesis_time
        )
    }
}

#[derive(Debug)]
pub struct ValidatorsEvidence {
    pub reported: BTreeSet<String>,
    pub published: BTreeSet<String>,
}

#[derive(Debug)]
pub struct LeakEvidence {
    pub secrets: usize,
    pub files_scanned: usize,
    pub hits: Vec<String>,
}

#[derive(Debug)]
pub struct RerunEvidence {
    pub project: String,
    pub stage: String,
    /// Exit status and last log line of the refused run.
    pub refused: String,
    /// Files of the four homes compared byte for byte after the refused run.
    pub files_unchanged: usize,
    /// Files of KEYRING_HOME and TMKMS_HOME compared after the FORCE run.
    pub key_files: usize,
    /// ARTIFACTS_DIR after the FORCE run.
    pub public: PublicRerun,
}

#[derive(Debug)]
pub struct LedgerEvidence {
    /// Files in some host's ARTIFACTS_DIR that another host made.
    pub received: usize,
    /// Ledger entries of delivered files.
    pub delivered: usize,
}

impl std::fmt::Display for LedgerEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "each of the {} files a host holds from another host has a ledger entry with its sha256 ({} deliveries)",
            self.received, self.delivered
        )
    }
}

#[derive(Debug)]
pub struct PortsEvidence {
    /// Node → (expected p2p, rpc, tmkms ports; p2p port announced in /status).
    pub nodes: BTreeMap<String, ([u16; 3], u16)>,
}

// One line each, for an operator reading `harness up`'s report; the structs keep the detail.

impl std::fmt::Display for BlocksEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tip = self.hashes.get(&self.height).map(|h| h.get(..12).unwrap_or(h)).unwrap_or("?");
        write!(
            f,
            "every node has heights 1..={} with the same hashes (tip {tip}…), in {:.1?}; headers rehashed, {} commit signatures verified",
            self.height, self.elapsed, self.signatures_verified
        )
    }
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

impl std::fmt::Display for ValidatorsEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} validators at height 1 = the keys their own tmkms hold = the {} published val_pubkey.json keys",
            self.reported.len(),
            self.published.len()
        )
    }
}

impl std::fmt::Display for LeakEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} secret forms looked for in {} files outside their hosts: {} found",
            self.secrets,
            self.files_scanned,
            self.hits.len()
        )
    }
}

impl std::fmt::Display for RerunEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: refused without FORCE ({}), {} files unchanged; with FORCE {} key files and {} public \
             artifacts unchanged, {} restamped ({:?})",
            self.project,
            self.stage,
            self.refused,
            self.files_unchanged,
            self.key_files,
            self.public.identical + self.public.lists,
            self.public.restamped.len(),
            self.public.restamped
        )
    }
}

impl std::fmt::Display for PortsEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let nodes: Vec<String> =
            self.nodes.iter().map(|(n, ([p2p, rpc, kms], _))| format!("{n} {p2p}/{rpc}/{kms}")).collect();
        write!(f, "p2p/rpc/tmkms = base + 10 × index: {}", nodes.join(", "))
    }
}

impl<'a> Checks<'a> {
    pub fn new(net: &'a Network) -> Result<Checks<'a>, HarnessError> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| HarnessError::Io { path: "tokio runtime".into(), source: e })?;
        Ok(Checks { net, rt })
    }

    fn client(&self, url: &str) -> Result<HttpClient, HarnessError> {
        HttpClient::new(url).map_err(|e| HarnessError::Rpc { url: url.into(), reason: e.to_string() })
    }

    /// The header time of each height `from..=upto`, from the first of `nodes` that has it.
    pub fn block_times(&self, nodes: &[usize], from: u64, upto: u64) -> Vec<(u64, time::OffsetDateTime)> {
        let mut out = Vec::new();
        for h in from.max(1)..=upto {
            let Ok(height) = tendermint::block::Height::try_from(h) else { break };
            let found = nodes.iter().find_map(|&i| {
                let c = self.client(&self.net.projects.get(i)?.rpc_url()).ok()?;
                let b = self.rt.block_on(c.block(height)).ok()?;
                let t = b.block.header.time.unix_timestamp_nanos();
                time::OffsetDateTime::from_unix_timestamp_nanos(t).ok()
            });
            match found {
                Some(t) => out.push((h, t)),
                None => break,
            }
        }
        out
    }

    pub fn height(&self, i: usize) -> Option<u64> {
        self.heights(&[i]).pop().flatten()
    }

    /// The heights of the nodes `among`, asked all at once: one /status after another took
    /// longer than the blocks themselves on a loaded 50-node network.
    pub fn heights(&self, among: &[usize]) -> Vec<Option<u64>> {
        let clients: Vec<Option<HttpClient>> =
            among.iter().map(|&i| self.client(&self.net.projects[i].rpc_url()).ok()).collect();
        self.rt.block_on(futures_util::future::join_all(clients.iter().map(|c| async move {
            let c = c.as_ref()?;
            c.status().await.ok().map(|s| s.sync_info.latest_block_height.value())
        })))
    }

    /// Whether the validators other than `i` hold more than 2/3 of the voting power (the
    /// genesis set, as a node that answers serves it): whether they can commit without it.
    pub fn quorum_without(&self, i: usize) -> Result<bool, HarnessError> {
        let p = &self.net.projects[i];
        let address = crate::faults::consensus_address(self.net, i)?;
        let mut last = None;
        for (j, q) in self.net.projects.iter().enumerate() {
            if j == i {
                continue;
            }
            let c = self.client(&q.rpc_url())?;
            match self.rt.block_on(c.validators(1u32, tendermint_rpc::Paging::All)) {
                Ok(r) => {
                    let total: u64 = r.validators.iter().map(|v| v.power.value()).sum();
                    let own: u64 = r.validators.iter().filter(|v| v.address == address).map(|v| v.power.value()).sum();
                    return Ok(3 * (total - own) > 2 * total);
                }
                Err(e) => last = Some(HarnessError::Rpc { url: q.rpc_url(), reason: e.to_string() }),
            }
        }
        Err(last.unwrap_or_else(|| fail("faults", format!("no node but {} to ask for the validator set", p.name))))
    }

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

    /// Whether `address` signed the canonical commit of `height` (the one in block
    /// `height + 1`), as the first node that has it reports; `None` while no node has it yet.
    pub fn signed(&self, height: u64, address: tendermint::account::Id) -> Option<bool> {
        self.commit_signed_by(height, address).map(|(signed, _)| signed)
    }

    /// [`Checks::signed`], with the block id (upper hex) the commit is for.
    pub fn commit_signed_by(&self, height: u64, address: tendermint::account::Id) -> Option<(bool, String)> {
        let h = tendermint::block::Height::try_from(height).ok()?;
        for p in &self.net.projects {
            let Ok(c) = self.client(&p.rpc_url()) else { continue };
            let Ok(r) = self.rt.block_on(c.commit(h)) else { continue };
            if !r.canonical {
                continue;
            }
            let commit = &r.signed_header.commit;
            let signed = commit.signatures.iter().any(|s| {
                matches!(s, tendermint::block::CommitSig::BlockIdFlagCommit { validator_address, .. } if *validator_address == address)
            });
            return Some((signed, commit.block_id.hash.to_string()));
        }
        None
    }

    /// Every node reaches `height` within `budget`, and all report the same hash at every
    /// height up to it.
    pub fn blocks(&self, height: u64, budget: Duration) -> Result<BlocksEvidence, HarnessError> {
        let all: Vec<usize> = (0..self.net.projects.len()).collect();
        self.blocks_among(&all, height, budget)
    }

    /// [`Checks::blocks`] for the nodes `among` (the others may be down on purpose).
    pub fn blocks_among(&self, among: &[usize], height: u64, budget: Duration) -> Result<BlocksEvidence, HarnessError> {
        self.blocks_from(among, 1, height, budget)
    }

    /// [`Checks::blocks_among`] for the heights `from..=height` only (what a node that caught
    /// up had to fetch; the earlier heights were compared before).
    pub fn blocks_from(
        &self,
        among: &[usize],
        from: u64,
        height: u64,
        budget: Duration,
    ) -> Result<BlocksEvidence, HarnessError> {
        let t0 = Instant::now();
        let projects: Vec<&Project> = among.iter().map(|&i| &self.net.projects[i]).collect();
        loop {
            let heights = self.heights(among);
            if heights.iter().all(|h| h.is_some_and(|h| h >= height)) {
                break;
            }
            for p in &projects {
                if let Some(status) = self.net.backend.exited(p, Service::Node) {
                    let (log, tail) = crate::backend::node_log(self.net.backend.as_ref(), p, 12);
                    return Err(fail(
                        "blocks",
                        format!("{} node exited ({status}); {}:\n{tail}", p.name, log.display()),
                    ));
                }
            }
            if t0.elapsed() > budget {
                let seen: Vec<String> = projects
                    .iter()
                    .zip(&heights)
                    .map(|(p, h)| match h {
                        Some(h) => format!("{} at {h}", p.name),
                        None => format!("{} not answering", p.name),
                    })
                    .collect();
                return Err(fail(
                    "blocks",
                    format!("not every node reached height {height} within {budget:?}: {}", seen.join(", ")),
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let elapsed = t0.elapsed();
        let mut hashes = BTreeMap::new();
        let from = from.clamp(1, height.max(1));
        let clients = projects
            .iter()
            .map(|p| Ok((p.rpc_url(), self.client(&p.rpc_url())?)))
            .collect::<Result<Vec<_>, HarnessError>>()?;
        for h in from..=height {
            let at = tendermint::block::Height::try_from(h).map_err(|e| fail("blocks", e.to_string()))?;
            let answers = self.rt.block_on(futures_util::future::join_all(
                clients.iter().map(|(url, c)| async move { (url, c.block(at).await) }),
            ));
            let mut seen = BTreeSet::new();
            for (url, answer) in answers {
                let b = answer.map_err(|e| HarnessError::Rpc { url: url.clone(), reason: e.to_string() })?;
                seen.insert(b.block_id.hash.to_string());
            }
            if seen.len() != 1 {
                return Err(fail("blocks", format!("nodes disagree at height {h}: {seen:?}")));
            }
            hashes.insert(h, seen.into_iter().next().unwrap_or_default());
        }
        let signatures_verified = self.verify_chain(projects[0], from, height, &hashes)?;
        Ok(BlocksEvidence { height, hashes, elapsed, signatures_verified })
    }

    /// Rather than trust what nodes report: each header hashes to the id every node gave, and
    /// each canonical commit below `height` carries valid precommit signatures of more than
    /// 2/3 of the height-1 voting power (the set the validators check ties to each tmkms's key).
    fn verify_chain(
        &self,
        p: &Project,
        from: u64,
        height: u64,
        hashes: &BTreeMap<u64, String>,
    ) -> Result<usize, HarnessError> {
        let rpc = |e: tendermint_rpc::Error| HarnessError::Rpc { url: p.rpc_url(), reason: e.to_string() };
        let h_of = |h: u64| tendermint::block::Height::try_from(h).map_err(|e| fail("blocks", e.to_string()));
        let c = self.client(&p.rpc_url())?;
        let set = self.rt.block_on(c.validators(1u32, tendermint_rpc::Paging::All)).map_err(rpc)?.validators;
        let mut verified = 0;
        for h in from..=height {
            let block = self.rt.block_on(c.block(h_of(h)?)).map_err(rpc)?;
            let rehashed = block.block.header.hash().to_string();
            if hashes.get(&h) != Some(&rehashed) {
                return Err(fail(
                    "blocks",
                    format!("height {h}: the header hashes to {rehashed}, nodes reported {:?}", hashes.get(&h)),
                ));
            }
            if h == height {
                break;
            }
            let commit = self.rt.block_on(c.commit(h_of(h)?)).map_err(rpc)?;
            verified += verify_commit(&block.block.header, &commit.signed_header.commit, &set)?;
        }
        Ok(verified)
    }

    /// No validator signed twice, judged from both sides and from every node: no node's log
    /// reports two conflicting votes of one validator for one height/round/vote type, no
    /// block `1..=upto` at any node carries duplicate-vote evidence, and every project's
    /// tmkms log (each signature it produced over the run, in order) never goes back and never
    /// signs two blocks at one height/round/step. A node that does not answer, a log that
    /// cannot be read or holds no signature fails the check: nothing unread counts as clean.
    pub fn no_double_signs(&self, upto: u64) -> Result<DoubleSignEvidence, HarnessError> {
        // Every finding is collected, not just the first: the report says which witnesses
        // saw a double sign (a node's log, a block, a signer's log).
        let mut found = Vec::new();
        let mut signers = BTreeMap::new();
        for p in &self.net.projects {
            // Refreshes a container's log files first (the process backend writes them directly).
            self.net.backend.logs(p);
            let log = p.logs().join("node.log");
            let text = std::fs::read_to_string(&log).map_err(crate::error::io(&log))?;
            found.extend(
                crate::signing::equivocations(&text)
                    .into_iter()
                    .map(|l| format!("{} saw conflicting votes: {l}", p.name)),
            );
            let kms = p.logs().join("tmkms.log");
            let text = std::fs::read_to_string(&kms).map_err(crate::error::io(&kms))?;
            match crate::signing::judge_signing_log(&kms.display().to_string(), &text) {
                Ok(s) => {
                    signers.insert(p.name.clone(), s);
                }
                Err(e) => found.push(e.to_string()),
            }
        }
        let clients = self
            .net
            .projects
            .iter()
            .map(|p| Ok((p.name.clone(), p.rpc_url(), self.client(&p.rpc_url())?)))
            .collect::<Result<Vec<_>, HarnessError>>()?;
        let mut blocks_read = 0;
        for h in 1..=upto {
            let at = tendermint::block::Height::try_from(h).map_err(|e| fail("double-sign", e.to_string()))?;
            let answers = self.rt.block_on(futures_util::future::join_all(
                clients.iter().map(|(name, url, c)| async move { (name, url, c.block(at).await) }),
            ));
            for (name, url, answer) in answers {
                let b = answer.map_err(|e| HarnessError::Rpc { url: url.clone(), reason: e.to_string() })?;
                found.extend(
                    crate::signing::duplicate_votes(&b.block)
                        .into_iter()
                        .map(|ev| format!("{name}'s block {h} carries evidence: {ev}")),
                );
                blocks_read += 1;
            }
        }
        if !found.is_empty() {
            return Err(fail("double-sign", found.join("; ")));
        }
        Ok(DoubleSignEvidence { nodes: clients.len(), upto, blocks_read, signers })
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
            let configured_addrs = persistent_peers(&p.node_home().join("config/config.toml"))?;
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

    /// The validator set at height 1, as every node reports it, is exactly the keys the
    /// validators' own tmkms hold (derived from each `TMKMS_HOME/secrets/consensus.key`), and
    /// the published `val_pubkey.json` of each says the same. A node that has exited is a
    /// failure, not a witness to skip.
    pub fn validators(&self) -> Result<ValidatorsEvidence, HarnessError> {
        let mut published = BTreeSet::new();
        let mut held = BTreeSet::new();
        for p in &self.net.projects {
            let path = p.artifact(&format!("validators/{}/val_pubkey.json", p.name));
            let text = std::fs::read_to_string(&path).map_err(crate::error::io(&path))?;
            let key = cosmos_formats::ConsensusPubKey::parse(&text)
                .map_err(|e| fail("validators", format!("{}: {e}", path.display())))?;
            let own = tmkms_public_key(p)?;
            if own != key.base64() {
                return Err(fail(
                    "validators",
                    format!("{}: val_pubkey.json says {}, its tmkms holds {own}", p.name, key.base64()),
                ));
            }
            published.insert(key.base64());
            held.insert(own);
        }
        // The power each key should have: its self-delegation over the chain's power
        // reduction (1 for inferenced), read from the final genesis the coordinator published.
        let final_genesis = self.net.coordinator().artifact("genesis/final_genesis.json");
        let expected_power: BTreeMap<String, u64> = cosmos_formats::Genesis::load(&final_genesis)
            .and_then(|g| g.validators(&simchain::CHAIN))
            .map_err(|e| fail("validators", format!("{}: {e}", final_genesis.display())))?
            .into_iter()
            .map(|v| (v.pubkey.base64(), v.power))
            .collect();
        let mut reports = BTreeSet::new();
        let mut problems = Vec::new();
        for p in &self.net.projects {
            if let Some(status) = self.net.backend.exited(p, Service::Node) {
                problems.push(format!("{} node exited ({status})", p.name));
                continue;
            }
            let c = self.client(&p.rpc_url())?;
            let v = self
                .rt
                .block_on(c.validators(1u32, tendermint_rpc::Paging::All))
                .map_err(|e| HarnessError::Rpc { url: p.rpc_url(), reason: e.to_string() })?;
            for x in &v.validators {
                let key = B64.encode(x.pub_key.to_bytes());
                if expected_power.get(&key) != Some(&x.power.value()) {
                    problems.push(format!(
                        "{}: /validators gives {key} power {}, the final genesis {:?}",
                        p.name,
                        x.power.value(),
                        expected_power.get(&key)
                    ));
                }
            }
            let reported: BTreeSet<String> = v.validators.iter().map(|x| B64.encode(x.pub_key.to_bytes())).collect();
            reports.insert(reported.into_iter().collect::<Vec<_>>());
        }
        if reports.len() > 1 {
            problems.push(format!("nodes report different validator sets: {reports:?}"));
        }
        let reported: BTreeSet<String> = reports.into_iter().next().unwrap_or_default().into_iter().collect();
        if reported != held {
            problems
                .push(format!("/validators at height 1 {reported:?} != the keys the validators' tmkms hold {held:?}"));
        }
        if !problems.is_empty() {
            return Err(fail("validators", problems.join("; ")));
        }
        Ok(ValidatorsEvidence { reported, published })
    }

    /// Every validator is an inference participant of the final genesis with the url and
    /// consensus key of its genparticipant file, its warm key holds every operation-key grant,
    /// and no block predates genesis_time.
    pub fn participants(&self) -> Result<ParticipantsEvidence, HarnessError> {
        use cosmos_formats::genparticipant::{GenParticipantTx, INFERENCE_OPERATION_KEY_PERMS};
        let coordinator = self.net.coordinator();
        let path = coordinator.artifact("genesis/final_genesis.json");
        let genesis = cosmos_formats::Genesis::load(&path).map_err(|e| fail("participants", e.to_string()))?;
        let chain_id = genesis.chain_id().map_err(|e| fail("participants", e.to_string()))?;
        let listed = genesis.participants();
        for p in &self.net.projects {
            let file = p.artifact(&format!("genparticipants/{}.json", p.name));
            let bytes = std::fs::read(&file).map_err(crate::error::io(&file))?;
            let v = GenParticipantTx::parse(&bytes)
                .and_then(|t| t.verify(&chain_id))
                .map_err(|e| fail("participants", format!("{}: {e}", file.display())))?;
            let own = (v.creator_bech32(), v.url.clone(), v.validator_key.base64());
            if !listed.contains(&own) {
                return Err(fail(
                    "participants",
                    format!(
                        "{}: {} (url {}, key {}) is not in participant_list of {}",
                        p.name,
                        own.0,
                        own.1,
                        own.2,
                        path.display()
                    ),
                ));
            }
            let grants = genesis.grants(&v.creator_bech32(), &v.warm_bech32());
            if grants != INFERENCE_OPERATION_KEY_PERMS.map(str::to_string) {
                return Err(fail(
                    "participants",
                    format!(
                        "{}: warm key {} holds {} of {} grants",
                        p.name,
                        v.warm_bech32(),
                        grants.len(),
                        INFERENCE_OPERATION_KEY_PERMS.len()
                    ),
                ));
            }
        }
        let genesis_time = genesis.genesis_time().map_err(|e| fail("participants", e.to_string()))?;
        let c = self.client(&coordinator.rpc_url())?;
        let block = self
            .rt
            .block_on(c.block(1u32))
            .map_err(|e| HarnessError::Rpc { url: coordinator.rpc_url(), reason: e.to_string() })?;
        let first: time::OffsetDateTime = block.block.header.time.into();
        if first < genesis_time {
            return Err(fail("participants", format!("block 1 at {first} predates genesis_time {genesis_time}")));
        }
        Ok(ParticipantsEvidence {
            participants: listed.len(),
            grants_per_warm_key: INFERENCE_OPERATION_KEY_PERMS.len(),
            genesis_time: cosmos_formats::genparticipant::format_timestamp(genesis_time),
            first_block_time: cosmos_formats::genparticipant::format_timestamp(first),
        })
    }

    /// The final genesis carries what a real inferenced chain starts from
    /// ([`crate::genesis_content::check`]).
    pub fn genesis_content(&self) -> Result<crate::genesis_content::GenesisContentEvidence, HarnessError> {
        crate::genesis_content::check(&self.net.coordinator().artifact("genesis/final_genesis.json"))
    }

    /// No private key of any project appears in a moved file, in another project's files or
    /// in any log — as raw bytes, hex, base64, or three consecutive mnemonic words.
    pub fn no_leaks(&self) -> Result<LeakEvidence, HarnessError> {
        let mut hits = Vec::new();
        let mut scanned = BTreeSet::new();
        let mut secrets = 0;
        let delivered = self.net.operator.delivered(&self.net.projects);
        let logs: Vec<PathBuf> = self.net.projects.iter().flat_map(|p| self.net.backend.logs(p)).collect();
        let mut cache: BTreeMap<PathBuf, (Vec<u8>, Vec<u8>)> = BTreeMap::new();
        for p in &self.net.projects {
            let needles = secrets_of(p, self.net.backend.as_ref())?;
            secrets += needles.len();
            let mut files: Vec<PathBuf> = delivered.clone();
            files.extend(logs.iter().cloned());
            walk_audited(&p.artifacts(), &mut files, &mut hits);
            for q in self.net.projects.iter().filter(|q| q.name != p.name) {
                walk_audited(&q.root, &mut files, &mut hits);
            }
            // The harness's own files beside the projects (ledger, state).
            if let Ok(rd) = std::fs::read_dir(&self.net.work) {
                files.extend(rd.flatten().map(|e| e.path()).filter(|f| f.is_file()));
            }
            for f in files {
                if !cache.contains_key(&f) {
                    match std::fs::read(&f) {
                        Ok(bytes) => {
                            let words = words_of(&bytes);
                            cache.insert(f.clone(), (bytes, words));
                        }
                        // Renamed away since it was listed (tmkms's state temp file): gone,
                        // and what it held is in the file it became.
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                        // A file the audit cannot read could hold anything.
                        Err(e) => {
                            hits.push(format!("{} cannot be read: {e}", f.display()));
                            continue;
                        }
                    }
                }
                let (bytes, words) = &cache[&f];
                scanned.insert(f.clone());
                for (what, needle) in &needles {
                    let hay = if what == MNEMONIC_WORDS { words } else { bytes };
                    if !needle.is_empty() && contains(hay, needle) {
                        hits.push(format!("{}'s {what} found in {}", p.name, f.display()));
                    }
                }
            }
        }
        if secrets == 0 {
            return Err(fail("leaks", "found no private keys to look for: the audit would prove nothing"));
        }
        if !hits.is_empty() {
            // Each project's pass walks the others' roots: one unreadable path, one finding.
            hits.sort();
            hits.dedup();
            return Err(fail("leaks", hits.join("; ")));
        }
        Ok(LeakEvidence { secrets, files_scanned: scanned.len(), hits })
    }

    /// What each node listens on is the port plan's BASE + stride × index, held by that
    /// project's own node (its process group's socket; a container's, for docker), not merely
    /// by someone: P2P (also announced in /status), RPC (answering /status with the node id the
    /// project published, `validators/<name>/node_id.txt`) and TMKMS (`priv_validator_laddr`).
    pub fn ports(&self) -> Result<PortsEvidence, HarnessError> {
        let mut nodes = BTreeMap::new();
        for p in &self.net.projects {
            let expected = [p.ports.p2p(p.index), p.ports.rpc(p.index), p.ports.tmkms(p.index)];
            let holds =
                |port| self.net.backend.node_holds(p, port).map_err(|why| fail("ports", format!("{}: {why}", p.name)));
            // The RPC port first: what answers there is only evidence if it is the node.
            holds(expected[1])?;
            let c = self.client(&p.rpc_url())?;
            let st = self
                .rt
                .block_on(c.status())
                .map_err(|e| HarnessError::Rpc { url: p.rpc_url(), reason: e.to_string() })?;
            let published = p.node_id().ok_or_else(|| fail("ports", format!("{}: no node id published", p.name)))?;
            let answered = st.node_info.id.to_string();
            if answered != published {
                return Err(fail(
                    "ports",
                    format!("{}: RPC on {} answers node id {answered}, published {published}", p.name, expected[1]),
                ));
            }
            let announced: u16 =
                st.node_info.listen_addr.as_str().rsplit(':').next().and_then(|x| x.parse().ok()).unwrap_or(0);
            if announced != expected[0] {
                return Err(fail("ports", format!("{}: p2p on {announced}, expected {}", p.name, expected[0])));
            }
            let cfg = p.node_home().join("config/config.toml");
            let laddr = config_value(&cfg, "", "priv_validator_laddr")?;
            let kms_port: u16 = laddr.rsplit(':').next().and_then(|x| x.parse().ok()).unwrap_or(0);
            if kms_port != expected[2] {
                return Err(fail(
                    "ports",
                    format!("{}: priv_validator_laddr {laddr:?}, expected port {}", p.name, expected[2]),
                ));
            }
            holds(expected[0])?;
            holds(expected[2])?;
            nodes.insert(p.name.clone(), (expected, announced));
        }
        Ok(PortsEvidence { nodes })
    }

    /// A finished stage re-run without FORCE fails (exit 4: outputs exist) and changes no home
    /// byte; with FORCE it succeeds, the key homes are byte-identical, and so is every public
    /// artifact but what a fresh run legitimately stamps anew ([`RERUN_MAY_CHANGE`]): the other
    /// hosts already hold the published files, and a forced re-run that rewrote one (another
    /// node id, address, key or URL) would leave them building on what this host no longer is.
    /// The project's tmkms is stopped meanwhile: it writes its own state under TMKMS_HOME,
    /// which would blur what the stage did; it is started again afterwards (and, for keygen,
    /// which asks it for the validator key, before the forced run).
    pub fn rerun(&self, i: usize, stage: &str) -> Result<RerunEvidence, HarnessError> {
        let p = &self.net.projects[i];
        self.net.backend.stop(p, Service::Kms);
        let result = self.rerun_stopped(i, stage);
        if stage != "keygen" || result.is_err() {
            self.net.backend.start(p, Service::Kms, stage)?;
        }
        result
    }

    fn rerun_stopped(&self, i: usize, stage: &str) -> Result<RerunEvidence, HarnessError> {
        let p = &self.net.projects[i];
        let homes = [p.node_home(), p.keyring_home(), p.tmkms_home(), p.artifacts()];
        let before: Vec<_> = homes.iter().map(|h| snapshot(h)).collect();
        // The inputs the runbook gave the stage: a re-run on other inputs would rightly differ.
        let inputs = self.net.stage_inputs(p, stage);
        let env: Vec<(&str, &str)> = inputs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let refused = match self.net.backend.run_stage(p, stage, &env) {
            Ok(()) => return Err(fail("rerun", format!("{}: {stage} ran again without FORCE", p.name))),
            Err(HarnessError::Stage(f)) => {
                let StageFailure { status, tail, .. } = *f;
                // Refused for the right reason, not because something else broke.
                if !status.contains("exit status: 4") {
                    return Err(fail(
                        "rerun",
                        format!("{}: {stage} without FORCE failed with {status}, not 4:\n{tail}", p.name),
                    ));
                }
                format!("{status}: {}", tail.lines().last().unwrap_or(""))
            }
            Err(e) => return Err(e),
        };
        let after: Vec<_> = homes.iter().map(|h| snapshot(h)).collect();
        for (home, (b, a)) in homes.iter().zip(before.iter().zip(&after)) {
            if b != a {
                return Err(fail("rerun", format!("{}: a refused {stage} changed {}", p.name, home.display())));
            }
        }
        if stage == "keygen" {
            self.net.backend.start(p, Service::Kms, stage)?;
        }
        self.net.backend.run_stage(p, stage, &[env.as_slice(), &[("FORCE", "1")]].concat())?;
        // keygen's signer was started for it, and `genesis-runner kms` pins the node id the host
        // now publishes in tmkms.toml's `addr`: the start's doing, not the stage's (the key and
        // state files are still compared). It writes the file atomically, so its temporary
        // sibling (`.tmkms.toml.tmp-<pid>`) can be there when we look (CI caught one).
        let kms_config = p.tmkms_home().join("tmkms.toml");
        let kms_config_write = |f: &std::path::Path| {
            *f == kms_config
                || (f.parent() == kms_config.parent()
                    && f.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(".tmkms.toml.tmp-")))
        };
        for (home, b) in homes[1..3].iter().zip(&before[1..3]) {
            let a = snapshot(home);
            let changed: Vec<String> = b
                .keys()
                .chain(a.keys().filter(|f| !b.contains_key(*f)))
                .filter(|f| !(stage == "keygen" && kms_config_write(f)))
                .filter(|f| a.get(*f) != b.get(*f))
                .map(|f| f.strip_prefix(home).unwrap_or(f).display().to_string())
                .collect();
            if !changed.is_empty() {
                return Err(fail(
                    "rerun",
                    format!("{}: {stage} with FORCE changed {}: {}", p.name, home.display(), changed.join(", ")),
                ));
            }
        }
        let public = forced_rerun_changes(stage, &p.name, &homes[3], &before[3], &snapshot(&homes[3]))
            .map_err(|why| fail("rerun", format!("{}: {stage} with FORCE {why}", p.name)))?;
        Ok(RerunEvidence {
            project: p.name.clone(),
            stage: stage.into(),
            refused,
            files_unchanged: before.iter().map(BTreeMap::len).sum(),
            key_files: before[1].len() + before[2].len(),
            public,
        })
    }

    /// The ledger is complete: every file in a host's ARTIFACTS_DIR that another host made (by
    /// its path: `addresses/<name>.txt`, `validators/<name>/…`, `gentxs/<name>.json`,
    /// `genparticipants/<name>.json` are `<name>`'s; `genesis/…` and `peers/…` the
    /// coordinator's) was delivered by the operator with the sha256 it has now.
    pub fn ledger(&self) -> Result<LedgerEvidence, HarnessError> {
        let ledger = self.net.operator.ledger();
        let coordinator = self.net.coordinator().name.clone();
        let mut received = 0;
        let mut problems = Vec::new();
        for p in &self.net.projects {
            let root = p.artifacts();
            let mut files = Vec::new();
            walk(&root, &mut files);
            for f in files {
                let Ok(rel) = f.strip_prefix(&root) else { continue };
                let rel = rel.to_string_lossy().into_owned();
                let Some(origin) = origin_of(&rel, &coordinator) else { continue };
                if origin == p.name {
                    continue;
                }
                received += 1;
                let sha = cosmos_formats::files::sha256_file(&f).map_err(|e| fail("ledger", e.to_string()))?;
                let delivered =
                    ledger.iter().any(|e| e.refused.is_none() && e.to == p.name && e.file == rel && e.sha256 == sha);
                if !delivered {
                    problems.push(format!("{}: {rel} (sha256 {sha}) came from {origin} without the operator", p.name));
                }
            }
        }
        if !problems.is_empty() {
            return Err(fail("ledger", problems.join("; ")));
        }
        Ok(LedgerEvidence { received, delivered: ledger.iter().filter(|e| e.refused.is_none()).count() })
    }

    /// Every check on a running network, each with its evidence or its failure.
    pub fn report(&self, height: u64, budget: Duration) -> crate::report::Report {
        use crate::report::Entry;
        let mut r = crate::report::Report::new(self.net.projects.len());
        r.push(Entry::of("blocks", self.blocks(height, budget)));
        r.push(Entry::of("peers", self.peers(budget)));
        r.push(Entry::of("validators", self.validators()));
        r.push(Entry::of("participants", self.participants()));
        r.push(Entry::of("genesis", self.genesis_content()));
        r.push(Entry::of("ports", self.ports()));
        r.push(Entry::of("leaks", self.no_leaks()));
        r.push(Entry::of("ledger", self.ledger()));
        r
    }
}

/// A string value of `config.toml` (`section` empty for the top level).
fn config_value(config: &Path, section: &str, key: &str) -> Result<String, HarnessError> {
    let text = std::fs::read_to_string(config).map_err(crate::error::io(config))?;
    let doc: toml_edit::DocumentMut = text.parse().map_err(|e| fail("ports", format!("{}: {e}", config.display())))?;
    let item = if section.is_empty() { doc.get(key) } else { doc.get(section).and_then(|s| s.get(key)) };
    item.and_then(|v| v.as_str())
        .map(str::to_string)
        .ok_or_else(|| fail("ports", format!("{}: no {section}.{key}", config.display())))
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

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    walk_from(dir, out, &mut BTreeSet::new(), &mut Vec::new());
}

/// `walk`, and what could not be looked into: for the leak audit a directory it cannot list
/// or a path it cannot stat (a symlink loop, a permission) could hold anything. A path that
/// is gone (a temp file renamed away since the listing, a dangling link) holds nothing.
fn walk_audited(dir: &Path, out: &mut Vec<PathBuf>, unreadable: &mut Vec<String>) {
    walk_from(dir, out, &mut BTreeSet::new(), unreadable);
}

/// Follows symlinks (a link in a public directory to a key file publishes the key to anyone
/// who copies the directory), each real directory once.
fn walk_from(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut BTreeSet<PathBuf>, unreadable: &mut Vec<String>) {
    let gone = |e: &std::io::Error| e.kind() == std::io::ErrorKind::NotFound;
    let real = match dir.canonicalize() {
        Ok(real) => real,
        Err(e) if gone(&e) => return,
        Err(e) => return unreadable.push(format!("{} cannot be read: {e}", dir.display())),
    };
    if !seen.insert(real) {
        return;
    }
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if gone(&e) => return,
        Err(e) => return unreadable.push(format!("{} cannot be read: {e}", dir.display())),
    };
    for e in rd.flatten() {
        let path = e.path();
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk_from(&path, out, seen, unreadable),
            Ok(m) if m.is_file() => out.push(path),
            // Sockets, FIFOs and devices are not files anyone copies.
            Ok(_) => {}
            Err(e) if gone(&e) => {}
            Err(e) => unreadable.push(format!("{} cannot be read: {e}", path.display())),
        }
    }
}

/// Checks a canonical commit of `header`'s block against the validator `set`: it is for this
/// header's hash, every precommit it carries verifies (CometBFT's canonical vote sign bytes,
/// ed25519), and the signers hold more than 2/3 of the power. Returns the signatures verified.
pub fn verify_commit(
    header: &tendermint::block::Header,
    commit: &tendermint::block::Commit,
    set: &[tendermint::validator::Info],
) -> Result<usize, HarnessError> {
    use tendermint::block::CommitSig;
    let h = header.height;
    let rehashed = header.hash();
    if commit.block_id.hash != rehashed {
        return Err(fail(
            "blocks",
            format!("height {h}: the commit is for {}, the header hashes to {rehashed}", commit.block_id.hash),
        ));
    }
    let total: u64 = set.iter().map(|v| v.power.value()).sum();
    let mut power = 0;
    let mut verified = 0;
    for (index, sig) in commit.signatures.iter().enumerate() {
        let CommitSig::BlockIdFlagCommit { validator_address, timestamp, signature } = sig else { continue };
        let v = set
            .iter()
            .find(|v| v.address == *validator_address)
            .ok_or_else(|| fail("blocks", format!("height {h}: {validator_address} is not in the validator set")))?;
        let vote = tendermint::vote::Vote {
            vote_type: tendermint::vote::Type::Precommit,
            height: commit.height,
            round: commit.round,
            block_id: Some(commit.block_id),
            timestamp: Some(*timestamp),
            validator_address: *validator_address,
            validator_index: tendermint::vote::ValidatorIndex::try_from(index as u32)
                .map_err(|e| fail("blocks", e.to_string()))?,
            signature: signature.clone(),
            extension: Vec::new(),
            extension_signature: None,
        };
        let signed = tendermint::vote::SignedVote::from_vote(vote, header.chain_id.clone())
            .ok_or_else(|| fail("blocks", format!("height {h}: {validator_address}: unsigned precommit")))?;
        let key = v.pub_key.ed25519().ok_or_else(|| fail("blocks", "not an ed25519 validator key"))?;
        let dalek = ed25519_dalek::VerifyingKey::from_bytes(
            key.as_bytes().try_into().map_err(|_| fail("blocks", "bad ed25519 key length"))?,
        )
        .map_err(|e| fail("blocks", e.to_string()))?;
        let sig = ed25519_dalek::Signature::from_slice(signed.signature().as_bytes())
            .map_err(|e| fail("blocks", e.to_string()))?;
        dalek.verify_strict(&signed.sign_bytes(), &sig).map_err(|_| {
            fail("blocks", format!("height {h}: {validator_address}'s precommit signature does not verify"))
        })?;
        power += v.power.value();
        verified += 1;
    }
    if 3 * power <= 2 * total {
        return Err(fail("blocks", format!("height {h}: signed power {power} of {total} is not more than 2/3")));
    }
    Ok(verified)
}

/// Which host made a public artifact, by its path (`None` for the host's own other files).
fn origin_of(rel: &str, coordinator: &str) -> Option<String> {
    let parts: Vec<&str> = rel.split('/').collect();
    // Each host keeps its own checksum lists (the operator adds a line per arrival).
    if parts.last() == Some(&cosmos_formats::files::CHECKSUM_FILE) {
        return None;
    }
    match parts.as_slice() {
        ["addresses", f] => f.strip_suffix(".txt").map(str::to_string),
        ["validators", name, _] => Some(name.to_string()),
        ["gentxs", f] | ["genparticipants", f] => f.strip_suffix(".json").map(str::to_string),
        ["genesis", _] | ["peers", _] => Some(coordinator.to_string()),
        _ => None,
    }
}

/// The base64 ed25519 public key of the consensus key a project's tmkms holds (softsign's
/// `consensus.key`: the base64 32-byte seed).
pub fn tmkms_public_key(p: &Project) -> Result<String, HarnessError> {
    let f = p.tmkms_home().join("secrets/consensus.key");
    let text = std::fs::read_to_string(&f).map_err(crate::error::io(&f))?;
    let seed = zeroize::Zeroizing::new(
        B64.decode(text.trim()).map_err(|e| fail("validators", format!("{}: {e}", f.display())))?,
    );
    let seed: [u8; 32] = seed
        .as_slice()
        .try_into()
        .map_err(|_| fail("validators", format!("{}: not a 32-byte ed25519 seed", f.display())))?;
    Ok(B64.encode(ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key().as_bytes()))
}

/// What a forced re-run of a stage may write differently from the first run, as (stage,
/// artifact, JSON pointers, `*` standing for any one key or index): the times a fresh run
/// stamps. The chain binary's `init` stamps the intermediate genesis's `genesis_time`; gentx
/// stamps each warm-key grant's expiration a year from now (gonka's `custom_gentx.go`), and the
/// participant's signature covers it. Everything else a stage writes follows from the keys the
/// host keeps and the inputs it was given: keygen's files from the account, node and consensus
/// keys; the gentx itself and the participant's URL, keys and grants; and nothing else in
/// ARTIFACTS_DIR is a stage's to touch.
pub const RERUN_MAY_CHANGE: &[(&str, &str, &[&str])] = &[
    ("intermediate_genesis", "genesis/intermediate_genesis.json", &["/genesis_time"]),
    ("gentx", "genparticipants/{name}.json", &["/body/messages/*/grant/expiration", "/signatures/*"]),
];

/// The JSON pointers at which `a` and `b` differ (at most 5, the deepest where both are
/// objects or equally long arrays).
fn json_differences(a: &serde_json::Value, b: &serde_json::Value, at: String, out: &mut Vec<String>) {
    use serde_json::Value::{Array, Null, Object};
    match (a, b) {
        _ if out.len() >= 5 => {}
        (Object(x), Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                json_differences(x.get(k).unwrap_or(&Null), y.get(k).unwrap_or(&Null), p, out);
            }
        }
        (Array(x), Array(y)) if x.len() == y.len() => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                json_differences(u, v, format!("{at}/{i}"), out);
            }
        }
        _ if a != b => out.push(at),
        _ => {}
    }
}

/// Sets every value at `pointer` (with `*` segments) in `v` to null.
fn mask(v: &mut serde_json::Value, pointer: &str) {
    fn at(v: &mut serde_json::Value, segs: &[&str]) {
        let Some((first, rest)) = segs.split_first() else {
            *v = serde_json::Value::Null;
            return;
        };
        match v {
            serde_json::Value::Object(m) if *first == "*" => m.values_mut().for_each(|x| at(x, rest)),
            serde_json::Value::Array(a) if *first == "*" => a.iter_mut().for_each(|x| at(x, rest)),
            serde_json::Value::Object(m) => m.get_mut(*first).into_iter().for_each(|x| at(x, rest)),
            serde_json::Value::Array(a) => {
                first.parse::<usize>().ok().and_then(|i| a.get_mut(i)).into_iter().for_each(|x| at(x, rest))
            }
            _ => {}
        }
    }
    let segs: Vec<&str> = pointer.split('/').skip(1).collect();
    at(v, &segs);
}

/// Judges ARTIFACTS_DIR (`root`) after a forced re-run of `stage` against before it: the same
/// files, each byte-identical except the values [`RERUN_MAY_CHANGE`] names (and, in a
/// `sha256sum.txt`, the lines of the files that changed so). `Ok` with what was compared.
pub fn forced_rerun_changes(
    stage: &str,
    name: &str,
    root: &Path,
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &BTreeMap<PathBuf, Vec<u8>>,
) -> Result<PublicRerun, String> {
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    let gone: Vec<String> = before.keys().filter(|p| !after.contains_key(*p)).map(|p| rel(p)).collect();
    let added: Vec<String> = after.keys().filter(|p| !before.contains_key(*p)).map(|p| rel(p)).collect();
    if !gone.is_empty() || !added.is_empty() {
        return Err(format!("removed {gone:?} and added {added:?} in ARTIFACTS_DIR"));
    }
    let may_change = |r: &str| {
        RERUN_MAY_CHANGE
            .iter()
            .find(|(s, file, _)| *s == stage && file.replace("{name}", name) == r)
            .map(|(_, _, at)| *at)
    };
    let mut out = PublicRerun::default();
    // Files whose bytes changed within what may change: their checksum lines may change too.
    let mut restamped = Vec::new();
    for (path, b) in before {
        let r = rel(path);
        let a = &after[path];
        if a == b {
            out.identical += 1;
            continue;
        }
        let Some(at) = may_change(&r) else { continue };
        let masked = |bytes: &[u8]| {
            let mut v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
            at.iter().for_each(|p| mask(&mut v, p));
            Some(v)
        };
        match (masked(b), masked(a)) {
            (Some(x), Some(y)) if x == y => {
                out.restamped.push(r);
                restamped.push(path.clone());
            }
            (Some(x), Some(y)) => {
                let mut differ = Vec::new();
                json_differences(&x, &y, String::new(), &mut differ);
                return Err(format!("changed {r} at {} (beyond {})", differ.join(", "), at.join(", ")));
            }
            _ => return Err(format!("changed {r}, which no longer parses as JSON")),
        }
    }
    for (path, b) in before {
        let a = &after[path];
        if a == b || restamped.contains(path) {
            continue;
        }
        let r = rel(path);
        let is_list = path.file_name().is_some_and(|n| n == cosmos_formats::files::CHECKSUM_FILE);
        let dir = path.parent().unwrap_or(root);
        // `<sha256>  <name>`: a line may differ only for a file of its directory restamped above.
        let lines_of_restamped =
            |l: &str| l.split_once("  ").is_some_and(|(_, name)| restamped.iter().any(|f| f == &dir.join(name)));
        let (x, y) = (String::from_utf8_lossy(b), String::from_utf8_lossy(a));
        let (x, y): (Vec<&str>, Vec<&str>) = (x.lines().collect(), y.lines().collect());
        let alike = x.len() == y.len()
            && x.iter().zip(&y).all(|(u, v)| u == v || (lines_of_restamped(u) && lines_of_restamped(v)));
        if !(is_list && alike) {
            let first = x.iter().zip(&y).find(|(u, v)| u != v).map(|(u, v)| format!(": {u:?} became {v:?}"));
            return Err(format!("changed {r}{}", first.unwrap_or_default()));
        }
        out.lists += 1;
    }
    Ok(out)
}

/// What [`forced_rerun_changes`] compared.
#[derive(Debug, Default)]
pub struct PublicRerun {
    /// Artifacts byte-identical after the forced run.
    pub identical: usize,
    /// Artifacts written anew with only a fresh time ([`RERUN_MAY_CHANGE`]).
    pub restamped: Vec<String>,
    /// `sha256sum.txt` lists alike but for the lines of restamped files.
    pub lists: usize,
}

pub(crate) fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.into_iter().filter_map(|f| std::fs::read(&f).ok().map(|b| (f, b))).collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

/// A secret in every encoding we search for.
fn encodings(what: &str, secret: &[u8], out: &mut Vec<(String, Vec<u8>)>) {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
    out.push((format!("{what} (raw)"), secret.to_vec()));
    out.push((format!("{what} (hex)"), hex::encode(secret).into_bytes()));
    out.push((format!("{what} (HEX)"), hex::encode_upper(secret).into_bytes()));
    // Inside a longer base64 stream the key may start at any byte offset: for each of the
    // three, the whole 3-byte groups that lie in the key encode the same whatever surrounds it
    // (CometBFT stores seed || public key, tmkms the seed alone). Both alphabets.
    for skip in 0..3 {
        let body = &secret[skip.min(secret.len())..];
        let body = &body[..body.len() - body.len() % 3];
        if body.len() >= 15 {
            out.push((format!("{what} (base64)"), B64.encode(body).into_bytes()));
            out.push((format!("{what} (base64url)"), B64URL.encode(body).into_bytes()));
        }
    }
    // bech32's data part, without the checksum (which depends on the prefix) and without the
    // last character (which depends on the padding).
    if let Ok(hrp) = bech32::Hrp::parse("x") {
        if let Ok(text) = bech32::encode::<bech32::Bech32>(hrp, secret) {
            let data = &text[2..text.len() - 6];
            out.push((format!("{what} (bech32)"), data.as_bytes()[..data.len().saturating_sub(1)].to_vec()));
        }
    }
    // As a list of decimal bytes (a JSON array, Go's %v, a Python list).
    let numbers: Vec<String> = secret.iter().map(u8::to_string).collect();
    for sep in [",", ", ", " "] {
        out.push((format!("{what} (decimal bytes)"), numbers.join(sep).into_bytes()));
    }
}

/// Text reduced to its lowercase words, one space apart: a mnemonic is found in it however it
/// was written (a JSON array, one word per line, capitals).
fn words_of(bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![b' '];
    for &b in bytes {
        if b.is_ascii_alphabetic() {
            out.push(b.to_ascii_lowercase());
        } else if out.last() != Some(&b' ') {
            out.push(b' ');
        }
    }
    out.push(b' ');
    out
}

/// What a secret is ("val-1's tmkms consensus.key (base64)") and the bytes that would betray it.
pub type Secret = (String, Vec<u8>);

/// Every private key a project holds, read from its own homes: the account keys in its keyring
/// (and the `file` keyring's passphrase), the mnemonics the runner saved (beside a `test`
/// keyring, or in the host's offline backup for a `file` one), the node key, and
/// tmkms's consensus key and KMS identity.
const MNEMONIC_WORDS: &str = "mnemonic words";

pub fn secrets_of(p: &Project, backend: &dyn Backend) -> Result<Vec<Secret>, HarnessError> {
    let mut out = Vec::new();
    let passphrase = backend.keyring_passphrase(p);
    let accounts = crate::keyring_records::account_keys(&p.keyring_home(), backend.keyring(), passphrase.as_deref())?;
    for (name, key) in &accounts {
        encodings(&format!("account key {name}"), key, &mut out);
    }
    if let Some(pass) = passphrase {
        out.push(("keyring passphrase".into(), pass.into_bytes()));
    }
    let mut files = Vec::new();
    walk(&p.keyring_home().join("mnemonics"), &mut files);
    walk(&p.mnemonic_backup(), &mut files);
    for f in files {
        let Ok(words) = std::fs::read_to_string(&f) else { continue };
        let words: Vec<String> = words.split_whitespace().map(str::to_lowercase).collect();
        // Three consecutive words of a BIP-39 mnemonic do not occur by chance in our files;
        // they are matched against each file's words (see `words_of`).
        for w in words.windows(3) {
            out.push((MNEMONIC_WORDS.into(), format!(" {} ", w.join(" ")).into_bytes()));
        }
        // The chain's own path (coin type 1200 for inferenced): on another path the
        // mnemonic yields a key the keyring never held, and its leak would go unseen.
        if let Ok(k) = cosmos_formats::hd::AccountKey::from_mnemonic(&words.join(" "), &simchain::CHAIN.hd_path) {
            encodings("account key (from mnemonic)", &k.secret_bytes(), &mut out);
        }
        if let Ok((seed, xprv)) = cosmos_formats::hd::AccountKey::mnemonic_secrets(&words.join(" ")) {
            encodings("BIP-39 seed", &seed, &mut out);
            out.push(("BIP-32 master xprv".into(), xprv.as_bytes().to_vec()));
        }
    }
    if !out.iter().any(|(what, _)| what.starts_with("account key")) {
        return Err(fail("leaks", format!("{}: no account key in its keyring nor a saved mnemonic", p.name)));
    }
    let node_key = p.keyring_home().join("node_key.json");
    let k = cosmos_formats::keyfiles::NodeKey::load(&node_key)
        .map_err(|e| fail("leaks", format!("{}: {e}", node_key.display())))?;
    encodings("node key", k.0.as_bytes(), &mut out);
    // The key `init` writes before tmkms takes over: never used to sign, but a private key all
    // the same, and the same file name as a real validator key.
    let pvk = p.node_home().join("config/priv_validator_key.json");
    if let Ok(text) = std::fs::read_to_string(&pvk) {
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| fail("leaks", format!("{}: {e}", pvk.display())))?;
        if let Some(key) = v["priv_key"]["value"].as_str().and_then(|k| B64.decode(k).ok()) {
            encodings("init's priv_validator_key.json", &key, &mut out);
        }
    }
    let mut found = 0;
    for name in ["consensus.key", "kms-identity.key"] {
        let f = p.tmkms_home().join("secrets").join(name);
        let Ok(text) = std::fs::read_to_string(&f) else { continue };
        let bytes = B64.decode(text.trim()).map_err(|e| fail("leaks", format!("{}: {e}", f.display())))?;
        encodings(&format!("tmkms {name}"), &bytes, &mut out);
        found += 1;
    }
    if found != 2 {
        return Err(fail("leaks", format!("{}: tmkms consensus key or KMS identity missing", p.name)));
    }
    Ok(out)
}
