//! No validator signed two different blocks at one height (node logs, tmkms logs, evidence in blocks).

use super::fail;
use super::Checks;
use crate::HarnessError;
use std::collections::BTreeMap;
use tendermint_rpc::client::Client;

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

impl<'a> Checks<'a> {
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
}
