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

    /// One sample of every node, at most [`SAMPLE_POOL`] of them asked at once: asked one
    /// after the other, 100 loaded nodes at up to 2 x 500 ms each made a sample last minutes,
    /// and stopping the sampler waited for it.
    pub fn sample(&self) -> Vec<(String, u64, usize)> {
        use futures_util::StreamExt;
        let asks = self.nodes.iter().map(|(name, c)| async move {
            let h = c.status().await.ok()?.sync_info.latest_block_height.value();
            let peers = c.net_info().await.map(|n| n.peers.len()).unwrap_or(0);
            Some((name.clone(), h, peers))
        });
        let answers: Vec<_> = self.rt.block_on(futures_util::stream::iter(asks).buffered(SAMPLE_POOL).collect());
        answers.into_iter().flatten().collect()
    }
}

/// Nodes asked at once in a sample: enough that a sample of 100 nodes takes a few rounds of
/// requests, few enough that the harness never holds hundreds of connections.
pub const SAMPLE_POOL: usize = 16;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::PortPlan;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Twenty nodes behind one listener that holds every request unanswered until 16 are
    /// open at once (or 2 s passed), then closes them, counting down before each close. A
    /// sample that asks in parallel fills that gate, and never has more than the pool open;
    /// asked one after the other (each request giving up after 500 ms), a few at most would be.
    #[test]
    fn a_sample_asks_the_nodes_in_parallel_within_the_pool() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let (open, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        {
            let (open, peak) = (open.clone(), peak.clone());
            let released = Arc::new(std::sync::atomic::AtomicBool::new(false));
            std::thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let now = open.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    let (open, released) = (open.clone(), released.clone());
                    std::thread::spawn(move || {
                        let until = Instant::now() + Duration::from_secs(2);
                        while Instant::now() < until && !released.load(Ordering::SeqCst) {
                            if open.load(Ordering::SeqCst) >= SAMPLE_POOL {
                                released.store(true, Ordering::SeqCst);
                            }
                            std::thread::sleep(Duration::from_millis(2));
                        }
                        // Counted down before the close the client waits on.
                        open.fetch_sub(1, Ordering::SeqCst);
                        drop(stream);
                    });
                }
            });
        }
        let plan = PortPlan { p2p_base: 1, rpc_base: port, tmkms_base: 1, stride: 0 };
        let projects: Vec<Project> =
            (0..20).map(|i| Project::new(std::path::Path::new("/w"), &format!("val-{i}"), i, plan)).collect();
        let sampler = NodeSampler::new(&projects).expect("sampler");
        assert!(sampler.sample().is_empty(), "no node answered");
        let peak = peak.load(Ordering::SeqCst);
        assert_eq!(peak, SAMPLE_POOL, "requests open at once");
    }
}
