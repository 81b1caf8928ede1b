//! Perturbations of a running network, as they happen to a validator's host in production, and
//! the evidence of what the network did meanwhile: the others' heights, which commits lack the
//! perturbed validator's signature, how long it took to catch up with identical hashes, and
//! whether its signer's last-signed height ever went back.

use crate::backend::{Seen, Service};
pub use crate::checks::consensus_address;
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
    /// What showed the fault in effect (the node's exit status, its process group in state T,
    /// its link down, its RPC silent) and, for pause and disconnect, lifted again.
    pub seen: String,
    /// The other nodes' highest height once the fault was seen in effect, and when it was
    /// healed (every other node answered both times).
    pub others_at_fault: u64,
    pub others_at_heal: u64,
    /// The heights whose canonical commits this validator could not have signed: from two
    /// past `others_at_fault` (the height after it was in flight: its precommit may predate
    /// the fault) up to one below `others_at_heal` (the next block's LastCommit, where the
    /// commit of `others_at_heal` lands, may take its precommit once healed). Empty when the
    /// others committed too little.
    pub judged: std::ops::RangeInclusive<u64>,
    /// The heights of `judged` whose canonical commit lacks its signature (each commit read;
    /// one that could not be read fails the fault, it is not counted either way).
    pub unsigned: Vec<u64>,
    /// The first height after `others_at_heal` whose canonical commit it signed, and that
    /// commit's block id (upper hex).
    pub signing_again_at: u64,
    pub signed_again_block: String,
    /// From healing until the node reported `others_at_heal` (its hashes for every height up
    /// to there are then compared with every other node's).
    pub catch_up: Duration,
    /// Its tmkms's whole signing log, judged once it signed again.
    pub signing: crate::signing::SigningLog,
}

impl std::fmt::Display for FaultEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} for {:.1?} (seen: {}): others went {} -> {} ({} of heights {}..={} without its signature), \
             caught up in {:.1?}, signing again at {}; tmkms log: {}",
            self.fault,
            self.node,
            self.held,
            self.seen,
            self.others_at_fault,
            self.others_at_heal,
            self.unsigned.len(),
            self.judged.start(),
            self.judged.end(),
            self.catch_up,
            self.signing_again_at,
            self.signing
        )
    }
}

/// Project `i`'s tmkms log (every signature it produced over the run), judged.
pub fn signing_log(net: &Network, i: usize) -> Result<crate::signing::SigningLog, HarnessError> {
    let p = &net.projects[i];
    net.backend.logs(p);
    let path = p.logs().join("tmkms.log");
    let text = std::fs::read_to_string(&path).map_err(crate::error::io(&path))?;
    crate::signing::judge_signing_log(&path.display().to_string(), &text)
}

/// The highest height the nodes other than `skip` report; every one of them must answer (a
/// silent node could be the one that went on, or the one that stopped).
pub fn others_height(checks: &Checks, net: &Network, skip: &[usize]) -> Result<u64, HarnessError> {
    let others: Vec<usize> = (0..net.projects.len()).filter(|i| !skip.contains(i)).collect();
    let heights = checks.heights(&others);
    let mut top = None;
    for (&i, h) in others.iter().zip(heights) {
        let h = h.ok_or_else(|| fail(format!("{} does not answer RPC", net.projects[i].name)))?;
        top = top.max(Some(h));
    }
    top.ok_or_else(|| fail("no other node"))
}

/// Waits (within `budget`) until `look` sees the state it asks about hold, and returns what
/// it saw; fails with the last observation (a state never seen is never assumed).
fn seen_within(
    budget: Duration,
    what: &str,
    mut look: impl FnMut() -> Result<Seen, HarnessError>,
) -> Result<String, HarnessError> {
    let t0 = Instant::now();
    loop {
        let seen = look()?;
        if seen.holds {
            return Ok(seen.what);
        }
        if t0.elapsed() > budget {
            return Err(fail(format!("{what}: not within {budget:?}; seen: {}", seen.what)));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn negate(seen: Seen) -> Seen {
    Seen { holds: !seen.holds, what: seen.what }
}

/// How long an injected fault has to show (a SIGSTOP to land, a link to go down).
const SHOW: Duration = Duration::from_secs(10);

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
    // The span starts with the fault itself, not with the readings before it: on a loaded
    // machine those took long enough for the killed node to answer samples "while down"
    // (CI run 27).
    net.recorder.fault_started(&p.name, &fault.to_string());
    let held_since = Instant::now();
    let mut seen = match fault {
        Fault::Kill => {
            net.backend.kill(p, Service::Node)?;
            exited_within(net, p, Service::Node, budget)?
        }
        Fault::KillSigner => {
            net.backend.kill(p, Service::Kms)?;
            exited_within(net, p, Service::Kms, budget)?
        }
        Fault::Restart => {
            net.backend.stop(p, Service::Node);
            seen_within(SHOW, &format!("{}'s RPC to go silent", p.name), || {
                Ok(match checks.height(i) {
                    None => Seen { holds: true, what: "node stopped, its RPC silent".into() },
                    Some(h) => Seen { holds: false, what: format!("its RPC still answers at height {h}") },
                })
            })?
        }
        Fault::Pause => {
            net.backend.pause(p, Service::Node)?;
            seen_within(SHOW, &format!("{} node to freeze", p.name), || net.backend.frozen(p, Service::Node))?
        }
        Fault::Disconnect => {
            net.backend.disconnect(p, Service::Node)?;
            seen_within(SHOW, &format!("{} node to be cut off", p.name), || net.backend.cut_off(p, Service::Node))?
        }
    };
    // Read once the fault is seen: from here on the validator signs nothing, so it cannot
    // have precommitted past the height after this one.
    let others_at_fault = others_height(&checks, net, &[i])?;
    std::thread::sleep(hold.saturating_sub(held_since.elapsed()));
    // The hold lasts until the others have committed past the heights the validator may still
    // have signed (below): on a loaded machine a 6 s hold can see a single height, and a
    // fault judged on no height at all is evidence of nothing.
    // Unless the others cannot commit at all: with 2/3 or less of the voting power left (one
    // of 3 equal validators down) the chain halts, as CometBFT's does.
    // A height's canonical commit is the next block's LastCommit, which takes the precommits
    // that reach its proposer during timeout_commit: the last height the others decided
    // before the heal can still take the healed validator's precommit. (With CometBFT's
    // keep-alive a paused node keeps its connections, and in CI it caught up and precommitted
    // that height within the 200 ms.) So the heights judged end one below the others' height
    // at the heal, and the hold lasts until there is one.
    let first_judged = others_at_fault + 2;
    if checks.quorum_without(i)? {
        wait_until(
            budget,
            &format!("the other nodes to commit height {} while {} is down", first_judged + 1, p.name),
            || others_height(&checks, net, &[i]).is_ok_and(|h| h > first_judged),
        )?;
    } else {
        seen = format!("{seen}; the others hold 2/3 or less of the voting power: a halt, no height expected");
    }
    // Still in effect at the end of the hold (a thaw or a link up behind our back would
    // make the heights below evidence of nothing).
    match fault {
        Fault::Pause => {
            seen_within(Duration::ZERO, &format!("{} node frozen to the end", p.name), || {
                net.backend.frozen(p, Service::Node)
            })?;
        }
        Fault::Disconnect => {
            seen_within(Duration::ZERO, &format!("{} node cut off to the end", p.name), || {
                net.backend.cut_off(p, Service::Node)
            })?;
        }
        Fault::Kill | Fault::Restart | Fault::KillSigner => {}
    }
    let held = held_since.elapsed();
    let others_at_heal = others_height(&checks, net, &[i])?;
    let healed = Instant::now();
    match fault {
        Fault::Kill | Fault::Restart => net.restart(i, &Quiet)?,
        Fault::Pause => {
            net.backend.resume(p, Service::Node)?;
            let thawed = seen_within(SHOW, &format!("{} node to thaw", p.name), || {
                net.backend.frozen(p, Service::Node).map(negate)
            })?;
            seen = format!("{seen}; then {thawed}");
        }
        Fault::KillSigner => net.backend.start(p, Service::Kms, crate::runbook::KMS_STAGE)?,
        Fault::Disconnect => {
            net.backend.reconnect(p, Service::Node)?;
            let back = seen_within(SHOW, &format!("{} node to be back", p.name), || {
                net.backend.cut_off(p, Service::Node).map(negate)
            })?;
            seen = format!("{seen}; then {back}");
        }
    }
    wait_until(budget, &format!("{} to reach height {others_at_heal}", p.name), || {
        checks.height(i).is_some_and(|h| h >= others_at_heal)
    })?;
    let catch_up = healed.elapsed();
    // Untimed: every node's hash for each height since the fault (earlier heights were
    // compared before; sweeping them all again would grow with the chain).
    let all: Vec<usize> = (0..net.projects.len()).collect();
    checks.blocks_from(&all, others_at_fault.saturating_sub(1), others_at_heal, budget)?;
    let judged = first_judged..=others_at_heal.saturating_sub(1);
    let mut unsigned = Vec::new();
    for h in judged.clone() {
        if !commit_within(&checks, h, address, budget)?.0 {
            unsigned.push(h);
        }
    }
    let t0 = Instant::now();
    let mut signing_again_at = others_at_heal + 1;
    let signed_again_block = loop {
        if t0.elapsed() > budget {
            return Err(fail(format!("{}: no commit signed by it within {budget:?} after healing", p.name)));
        }
        match checks.commit_signed_by(signing_again_at, address) {
            Some((true, block)) => break block,
            Some((false, _)) => signing_again_at += 1,
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    };
    // The tmkms log is complete up to the signature just seen once tmkms wrote it; the
    // signature was on chain first, so give the log a moment.
    let mut signing = signing_log(net, i)?;
    let t0 = Instant::now();
    while signing.last.0 < signing_again_at && t0.elapsed() < SHOW {
        std::thread::sleep(Duration::from_millis(100));
        signing = signing_log(net, i)?;
    }
    Ok(FaultEvidence {
        node: p.name.clone(),
        fault,
        held,
        seen,
        others_at_fault,
        others_at_heal,
        judged,
        unsigned,
        signing_again_at,
        signed_again_block,
        catch_up,
        signing,
    })
}

fn exited_within(
    net: &Network,
    p: &crate::project::Project,
    service: Service,
    budget: Duration,
) -> Result<String, HarnessError> {
    let t0 = Instant::now();
    loop {
        if let Some(status) = net.backend.exited(p, service) {
            return Ok(format!("{service:?} exited: {status}"));
        }
        if t0.elapsed() > budget {
            return Err(fail(format!("{} {service:?} still running {budget:?} after the kill", p.name)));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Whether `address` signed the canonical commit of `height`, waiting (within `budget`) for
/// a node to have it; a commit that cannot be read fails, it never counts either way.
fn commit_within(
    checks: &Checks,
    height: u64,
    address: tendermint::account::Id,
    budget: Duration,
) -> Result<(bool, String), HarnessError> {
    let t0 = Instant::now();
    loop {
        if let Some(r) = checks.commit_signed_by(height, address) {
            return Ok(r);
        }
        if t0.elapsed() > budget {
            return Err(fail(format!("the canonical commit of height {height}: no node gave it within {budget:?}")));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
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
    let at = others_height(&checks, net, down)?;
    let t0 = Instant::now();
    while t0.elapsed() < hold {
        let now = others_height(&checks, net, down)?;
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
