//! Blocks, heights, quorum, and every commit verified against its validator set.

use super::fail;
use super::Checks;
use crate::backend::Service;
use crate::project::Project;
use crate::runbook::Network;
use crate::HarnessError;
use simchain::rpc_client::RpcClient;
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};
use tendermint_rpc::client::Client;

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

/// Checks a canonical commit of `header`'s block against the validator `set` with the light
/// client's verifier (informalsystems' `tendermint-light-client-verifier`, not our consensus
/// crate, so the check does not share a bug with the chain it judges): the commit is for this
/// header's hash, every precommit comes from a validator of the set and verifies (CometBFT's
/// canonical vote sign bytes, with the header's chain id), and the signers hold more than 2/3
/// of the power. Returns the signatures verified.
pub fn verify_commit(
    header: &tendermint::block::Header,
    commit: &tendermint::block::Commit,
    set: &[tendermint::validator::Info],
) -> Result<usize, HarnessError> {
    use tendermint_light_client_verifier::errors::VerificationErrorDetail as Why;
    use tendermint_light_client_verifier::operations::{ProdCommitValidator, ProdVotingPowerCalculator};
    use tendermint_light_client_verifier::predicates::{ProdPredicates, VerificationPredicates};
    let h = header.height;
    let judged = |e: tendermint_light_client_verifier::errors::VerificationError| {
        fail(
            "blocks",
            match e.detail() {
                Why::InvalidCommitValue(_) => {
                    format!(
                        "height {h}: the commit is for {}, the header hashes to {}",
                        commit.block_id.hash,
                        header.hash()
                    )
                }
                Why::InvalidSignature(d) => {
                    format!("height {h}: {}'s precommit signature does not verify", d.validator.address)
                }
                Why::FaultySigner(d) => format!("height {h}: {} is not in the validator set", d.signer),
                Why::InsufficientSignersOverlap(d) => {
                    format!("height {h}: signed power {} of {} is not more than 2/3", d.tally.tallied, d.tally.total)
                }
                other => format!("height {h}: {other}"),
            },
        )
    };
    let verifier = ProdPredicates;
    verifier.header_matches_commit(header, commit.block_id.hash).map_err(judged)?;
    let signed = tendermint::block::signed_header::SignedHeader::new(header.clone(), commit.clone())
        .map_err(|e| fail("blocks", format!("height {h}: {e}")))?;
    let validators = tendermint::validator::Set::without_proposer(set.to_vec());
    verifier.valid_commit(&signed, &validators, &ProdCommitValidator).map_err(judged)?;
    verifier
        .has_sufficient_signers_overlap(&signed, &validators, &ProdVotingPowerCalculator::default())
        .map_err(judged)?;
    Ok(commit.signatures.iter().filter(|s| matches!(s, tendermint::block::CommitSig::BlockIdFlagCommit { .. })).count())
}

/// The validator's consensus address (CometBFT: sha256 of the ed25519 key, first 20 bytes),
/// from its published `val_pubkey.json`.
pub fn consensus_address(net: &Network, i: usize) -> Result<tendermint::account::Id, HarnessError> {
    let p = &net.projects[i];
    let path = p.artifact(&format!("validators/{}/val_pubkey.json", p.name));
    let text = std::fs::read_to_string(&path).map_err(crate::error::io(&path))?;
    let key =
        cosmos_formats::ConsensusPubKey::parse(&text).map_err(|e| fail("fault", format!("{}: {e}", path.display())))?;
    let pk = tendermint::PublicKey::from_raw_ed25519(key.0.as_bytes())
        .ok_or_else(|| fail("fault", format!("{}: not an ed25519 key", path.display())))?;
    Ok(tendermint::account::Id::from(pk))
}

impl<'a> Checks<'a> {
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
        let clients: Vec<Option<RpcClient>> =
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
        let address = consensus_address(self.net, i)?;
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
        // A node seen at the height stays there (heights only grow): each poll asks only the
        // nodes still below it. At N = 100 on two cores, asking all of them each time until
        // one poll found every one answering and there took 140 s after the chain had height 5.
        let mut heights: Vec<Option<u64>> = vec![None; among.len()];
        loop {
            let behind: Vec<usize> = (0..among.len()).filter(|&k| heights[k].is_none_or(|h| h < height)).collect();
            let asked: Vec<usize> = behind.iter().map(|&k| among[k]).collect();
            for (&k, now) in behind.iter().zip(self.heights(&asked)) {
                heights[k] = heights[k].max(now);
            }
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
            // A status request per node per poll: often for a few nodes (at 100 ms a 4-node
            // network's height 5 was seen some 50 ms late, of a 1.3 s ceremony), no more than
            // ten rounds a second for many.
            std::thread::sleep(Duration::from_millis((2 * among.len() as u64).clamp(10, 100)));
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
}
