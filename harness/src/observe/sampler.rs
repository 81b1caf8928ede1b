//! Observation while a run goes: every node's height and peers, every service's memory, read
//! from what the sampler is given (the projects' RPC addresses and names, a backend handle),
//! never from a `Network`, and handed to a [`Recorder`].

use crate::backend::{Backend, Service};
use crate::project::Project;
use crate::recorder::Recorder;
use crate::HarnessError;
use simchain::rpc_client::RpcClient;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tendermint_rpc::client::Client;

/// Every node's height and peer count, read on a thread of its own while a run goes (for the
/// run report's charts); a node that does not answer is left out of that sample.
pub struct NodeSampler {
    rt: tokio::runtime::Runtime,
    nodes: Vec<(String, RpcClient)>,
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
            let c = RpcClient::with_timeout(&url, Duration::from_millis(500))
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

/// Samples every node's height and peers, and every service's memory, until dropped: two
/// threads, because a memory sample costs a request per container on the docker backend
/// (hundreds of ms for a network) and must not thin out the heights.
pub struct Sampling {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    handles: Vec<std::thread::JoinHandle<()>>,
}

impl Sampling {
    pub fn start(
        rec: Arc<Recorder>,
        projects: &[Project],
        backend: Arc<dyn Backend>,
        every: Duration,
    ) -> Result<Sampling, HarnessError> {
        let sampler = NodeSampler::new(projects)?;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let heights = {
            let rec = rec.clone();
            every_until(&stop, "report-heights", every, move || {
                let at = rec.elapsed_ms();
                let samples = sampler.sample();
                if !samples.is_empty() {
                    rec.heights(at, &samples);
                }
            })?
        };
        let projects = projects.to_vec();
        // Memory moves slowly, and on docker each sample is an engine request per container.
        let memory = every_until(&stop, "report-memory", every * 4, move || {
            let memory: Vec<(String, &'static str, u64)> = projects
                .iter()
                .flat_map(|p| {
                    [(Service::Node, "node"), (Service::Kms, "tmkms")]
                        .into_iter()
                        .filter_map(|(s, label)| backend.rss_kib(p, s).map(|kib| (p.name.clone(), label, kib)))
                })
                .collect();
            if !memory.is_empty() {
                rec.memory(&memory);
            }
        })?;
        Ok(Sampling { stop, handles: vec![heights, memory] })
    }
}

/// Runs `f` every `every` (or back to back when it takes longer) on a named thread until `stop`.
fn every_until(
    stop: &std::sync::Arc<std::sync::atomic::AtomicBool>,
    name: &str,
    every: std::time::Duration,
    mut f: impl FnMut() + Send + 'static,
) -> Result<std::thread::JoinHandle<()>, HarnessError> {
    let stop = stop.clone();
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let t = Instant::now();
                f();
                std::thread::sleep(every.saturating_sub(t.elapsed()));
            }
        })
        .map_err(|e| HarnessError::Io { path: format!("{name} thread"), source: e })
}

impl Drop for Sampling {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        for h in self.handles.drain(..) {
            let _ = h.join();
        }
    }
}
