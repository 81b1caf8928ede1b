//! Perturbations of a running network, as they happen to a validator's host in production, and
//! the evidence of what the network did meanwhile: the others' heights, which commits lack the
//! perturbed validator's signature, how long it took to catch up with identical hashes, and
//! whether its signer's last-signed height ever went back.

use crate::backend::Service;
use crate::checks::Checks;
use crate::runbook::{Network, Quiet};
use crate::HarnessError;
use std::collections::BTreeSet;
use std::str::FromStr;
use std::time::{Duration, Instant};

fn fail(reason: impl Into<String>) -> HarnessError {
    HarnessError::Check { check: "fault", reason: reason.into() }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// SIGKILL of the node (its host lost power); brought back with the runner's `restart`.
    Kill,
    /// The node frozen (SIGSTOP, `docker pause`) for the hold, then thawed.
    Pause,
    /// A clean stop, then the runner's `restart` stage after the hold.
    Restart,
    /// SIGKILL of the validator's tmkms; started again after the hold.
    KillSigner,
    /// The node cut off the network for the hold (docker: off every network of its project,
    /// so its peers and its tmkms lose it), then put back.
    Disconnect,
}

impl FromStr for Fault {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "kill" => Ok(Fault::Kill),
            "pause" => Ok(Fault::Pause),
            "restart" => Ok(Fault::Restart),
            "kill-signer" => Ok(Fault::KillSigner),
            "disconnect" => Ok(Fault::Disconnect),
            other => Err(format!("unknown fault {other:?}: use kill, pause, restart, kill-signer or disconnect")),
        }
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Fault::Kill => "kill",
            Fault::Pause => "pause",
            Fault::Restart => "restart",
            Fault::KillSigner => "kill-signer",
            Fault::Disconnect => "disconnect",
        })
    }
}

#[derive(Debug)]
pub struct FaultEvidence {
    pub node: String,
    pub fault: Fault,
    pub held: Duration,
    /// The other nodes' highest height when the fault was injected, and when it was healed.
    pub others_at_fault: u64,
    pub others_at_heal: u64,
    /// Heights the others committed while the fault held that lack this validator's signature.
    pub unsigned: Vec<u64>,
    /// The first height after healing whose commit this validator signed.
    pub signing_again_at: u64,
    /// From healing until the node reported `others_at_heal` (its hashes for every height up
    /// to there are then compared with every other node's).
    pub catch_up: Duration,
    /// The signer's last-signed height (its tmkms state file) before the fault and after.
    pub signer_state: (u64, u64),
}

impl std::fmt::Display for FaultEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} for {:.1?}: others went {} -> {} ({} heights without its signature), caught up in {:.1?}, \
             signing again at {}, tmkms last signed {} -> {}",
            self.fault,
            self.node,
            self.held,
            self.others_at_fault,
            self.others_at_heal,
            self.unsigned.len(),
            self.catch_up,
            self.signing_again_at,
            self.signer_state.0,
            self.signer_state.1
        )
    }
}

/// The validator's consensus address (CometBFT: sha256 of the ed25519 key, first 20 bytes),
/// from its published `val_pubkey.json`.
pub fn consensus_address(net: &Network, i: usize) -> Result<tendermint::account::Id, HarnessError> {
    let p = &net.projects[i];
    let path = p.artifact(&format!("validators/{}/val_pubkey.json", p.name));
    let text = std::fs::read_to_string(&path).map_err(crate::error::io(&path))?;
    let key = cosmos_formats::ConsensusPubKey::parse(&text).map_err(|e| fail(format!("{}: {e}", path.display())))?;
    let pk = tendermint::PublicKey::from_raw_ed25519(key.0.as_bytes())
        .ok_or_else(|| fail(format!("{}: not an ed25519 key", path.display())))?;
    Ok(tendermint::account::Id::from(pk))
}

/// The height tmkms last signed for, from its state file (`TMKMS_HOME/state/*-consensus.json`).
pub fn signer_height(net: &Network, i: usize) -> Result<u64, HarnessError> {
    let dir = net.projects[i].tmkms_home().join("state");
    let entries = std::fs::read_dir(&dir).map_err(crate::error::io(&dir))?;
    let file = entries
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with("-consensus.json"))
        .ok_or_else(|| fail(format!("{}: no consensus state file", dir.display())))?;
    let text = std::fs::read_to_string(&file).map_err(crate::error::io(&file))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| fail(format!("{}: {e}", file.display())))?;
    v["height"].as_str().and_then(|h| h.parse().ok()).ok_or_else(|| fail(format!("{}: no height", file.display())))
}

/// The highest height any node other than `skip` reports.
pub fn others_height(checks: &Checks, net: &Network, skip: &[usize]) -> Option<u64> {
    (0..net.projects.len()).filter(|i| !skip.contains(i)).filter_map(|i| checks.height(i)).max()
}

/// Injects `fault` on node `i`, holds it for `hold`, heals it, and waits (within `budget`) for
/// the node to catch up and its validator to sign again.
pub fn perturb(
    net: &Network,
    i: usize,
    fault: Fault,
    hold: Duration,
    budget: Duration,
) -> Result<FaultEvidence, HarnessError> {
    let (node, name) = (&net.projects[i].name, fault.to_string());
    let r = inject_and_heal(net, i, fault, hold, budget);
    match &r {
        Ok(e) => net.recorder.fault_ended(node, &name, &e.to_string()),
        Err(e) => net.recorder.fault_ended(node, &name, &format!("did not heal: {e}")),
    }
    r
}

fn inject_and_heal(
    net: &Network,
    i: usize,
    fault: Fault,
    hold: Duration,
    budget: Duration,
) -> Result<FaultEvidence, HarnessError> {
    let p = &net.projects[i];
    let checks = Checks::new(net)?;
    let address = consensus_address(net, i)?;
    let signer_before = signer_height(net, i)?;
    let others_at_fault = others_height(&checks, net, &[i]).ok_or_else(|| fail("no other node answers"))?;
    // The span starts with the fault itself, not with the readings before it: on a loaded
    // machine those took long enough for the killed node to answer samples "while down"
    // (CI run 27).
    net.recorder.fault_started(&p.name, &fault.to_string());
    let held_since = Instant::now();
    match fault {
        Fault::Kill => {
            net.backend.kill(p, Service::Node)?;
            wait_until(budget, &format!("{} node to die", p.name), || net.backend.exited(p, Service::Node).is_some())?;
        }
        Fault::Pause => net.backend.pause(p, Service::Node)?,
        Fault::Restart => net.backend.stop(p, Service::Node),
        Fault::Disconnect => net.backend.disconnect(p, Service::Node)?,
        Fault::KillSigner => {
            net.backend.kill(p, Service::Kms)?;
            wait_until(budget, &format!("{} tmkms to die", p.name), || net.backend.exited(p, Service::Kms).is_some())?;
        }
    }
    std::thread::sleep(hold.saturating_sub(held_since.elapsed()));
    let held = held_since.elapsed();
    let others_at_heal = others_height(&checks, net, &[i]).ok_or_else(|| fail("no other node answers"))?;
    let healed = Instant::now();
    match fault {
        Fault::Kill | Fault::Restart => net.restart(i, &Quiet)?,
        Fault::Pause => net.backend.resume(p, Service::Node)?,
        Fault::KillSigner => net.backend.start(p, Service::Kms, crate::runbook::KMS_STAGE)?,
        Fault::Disconnect => net.backend.reconnect(p, Service::Node)?,
    }
    wait_until(budget, &format!("{} to reach height {others_at_heal}", p.name), || {
        checks.height(i).is_some_and(|h| h >= others_at_heal)
    })?;
    let catch_up = healed.elapsed();
    // Untimed: every node's hash for each height since the fault (earlier heights were
    // compared before; sweeping them all again would grow with the chain).
    let all: Vec<usize> = (0..net.projects.len()).collect();
    checks.blocks_from(&all, others_at_fault.saturating_sub(1), others_at_heal, budget)?;
    let unsigned: Vec<u64> =
        (others_at_fault + 1..=others_at_heal).filter(|&h| !checks.signed(h, address).unwrap_or(false)).collect();
    let t0 = Instant::now();
    let mut signing_again_at = others_at_heal + 1;
    loop {
        if t0.elapsed() > budget {
            return Err(fail(format!("{}: no commit signed by it within {budget:?} after healing", p.name)));
        }
        match checks.signed(signing_again_at, address) {
            Some(true) => break,
            Some(false) => signing_again_at += 1,
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    let signer_after = signer_height(net, i)?;
    if signer_after < signer_before {
        return Err(fail(format!(
            "{}: tmkms's last signed height went back: {signer_before} -> {signer_after}",
            p.name
        )));
    }
    Ok(FaultEvidence {
        node: p.name.clone(),
        fault,
        held,
        others_at_fault,
        others_at_heal,
        unsigned,
        signing_again_at,
        catch_up,
        signer_state: (signer_before, signer_after),
    })
}

fn wait_until(budget: Duration, what: &str, mut done: impl FnMut() -> bool) -> Result<(), HarnessError> {
    let t0 = Instant::now();
    while !done() {
        if t0.elapsed() > budget {
            return Err(fail(format!("{what}: not within {budget:?}")));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

/// With `down` stopped, no node gets past the height it had: the chain halts rather than
/// commits without 2/3 of the voting power. Returns the height it stayed at.
pub fn halted(net: &Network, down: &[usize], hold: Duration) -> Result<u64, HarnessError> {
    let checks = Checks::new(net)?;
    // A height in flight when the nodes stopped may still commit: let it land first.
    std::thread::sleep(Duration::from_secs(2));
    let at = others_height(&checks, net, down).ok_or_else(|| fail("no running node answers"))?;
    let t0 = Instant::now();
    while t0.elapsed() < hold {
        let now = others_height(&checks, net, down).ok_or_else(|| fail("no running node answers"))?;
        if now > at {
            return Err(fail(format!(
                "nodes {:?} are down, yet the others went from height {at} to {now}",
                down.iter().map(|&d| &net.projects[d].name).collect::<BTreeSet<_>>()
            )));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Ok(at)
}
