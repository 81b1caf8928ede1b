//! Mistakes a real ceremony meets, made on purpose the way a validator or an operator makes
//! them, and the evidence that the ceremony refused each where it first could: which host's
//! stage, its exit code, its one-line message, and every host's key homes untouched.
//!
//! A validator's mistake is made on its own host, with its own key, and its file then travels
//! through the [`crate::operator::Operator`] like any other: the refusal must come from the
//! ceremony, not from the harness.

use crate::backend::Service;
use crate::project::Project;
use crate::runbook::Network;
use crate::HarnessError;
use cosmos_formats::files::update_checksums;
use cosmos_formats::gentx::GenTx;
use cosmos_formats::hd::AccountKey;
use cosmos_formats::{ChainId, Genesis};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn fail(reason: impl Into<String>) -> HarnessError {
    HarnessError::Check { check: "mistake", reason: reason.into() }
}

/// A gentx a validator sends in place of the one its runner made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadGentx {
    /// Built and signed by the validator's own key for another chain id.
    OtherChain,
    /// A copy of another validator's gentx (the wrong file sent).
    CopyOf(usize),
    /// Built by an account the intermediate genesis does not hold (a fresh key).
    UnknownAccount,
    /// Signed by the validator's own key, naming another validator's consensus key instead of
    /// the one its tmkms reported.
    ConsensusKeyOf(usize),
}

/// Every file under every project's KEYRING_HOME and TMKMS_HOME, byte for byte.
pub struct KeyHomes(BTreeMap<PathBuf, Vec<u8>>);

impl KeyHomes {
    pub fn take(net: &Network) -> KeyHomes {
        let mut files = BTreeMap::new();
        for p in &net.projects {
            for home in [p.keyring_home(), p.tmkms_home()] {
                files.extend(crate::secrets::snapshot(&home));
            }
        }
        KeyHomes(files)
    }

    /// The number of files compared, or the first that differs.
    pub fn unchanged(&self, net: &Network) -> Result<usize, HarnessError> {
        let now = KeyHomes::take(net);
        for (path, bytes) in &self.0 {
            match now.0.get(path) {
                Some(b) if b == bytes => {}
                Some(_) => return Err(fail(format!("{} changed", path.display()))),
                None => return Err(fail(format!("{} disappeared", path.display()))),
            }
        }
        if let Some(extra) = now.0.keys().find(|k| !self.0.contains_key(*k)) {
            return Err(fail(format!("{} appeared", extra.display())));
        }
        Ok(self.0.len())
    }
}

/// A stage that refused, as its runner reported it.
#[derive(Debug)]
pub struct Refusal {
    pub project: String,
    pub stage: String,
    pub code: i32,
    /// The runner's one-line error (`genesis-runner: error: …`), checked to be the only error
    /// line of the run's output and its last line ([`one_line_error`]).
    pub message: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} refused (exit {}): {}", self.project, self.stage, self.code, self.message)
    }
}

fn exit_code(status: &str) -> Option<i32> {
    status.rsplit(": ").next().and_then(|c| c.trim().parse().ok())
}

/// The runner's error as one line: exactly one `genesis-runner: error:` line in the run's whole
/// output, and nothing after it (a cause or backtrace printed below it would make the message
/// more than one line). Log lines before it are the run's progress.
pub fn one_line_error(output: &str) -> Result<String, String> {
    let errors: Vec<&str> = output.lines().filter(|l| l.starts_with("genesis-runner: error:")).collect();
    let [line] = errors[..] else {
        return Err(format!("{} `genesis-runner: error:` lines, not one, in:\n{output}", errors.len()));
    };
    match output.lines().rev().find(|l| !l.trim().is_empty()) {
        Some(last) if last == line => Ok(line.to_string()),
        _ => Err(format!("the error is not the last line printed (the message spans lines):\n{output}")),
    }
}

/// Runs `stage` on project `i` (a one-shot stage, or `start` as the node service) and returns
/// how it refused; that it ran through is itself the failure.
pub fn refusal(net: &Network, i: usize, stage: &str) -> Result<Refusal, HarnessError> {
    let p = &net.projects[i];
    let (status, text) = if stage == "start" {
        net.backend.start(p, Service::Node, "start")?;
        let t0 = Instant::now();
        loop {
            if let Some(status) = net.backend.exited(p, Service::Node) {
                break (status, net.backend.output(p, Service::Node)?);
            }
            if t0.elapsed() > Duration::from_secs(60) {
                net.backend.stop(p, Service::Node);
                return Err(fail(format!("{}: start did not refuse within 60 s", p.name)));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    } else {
        match net.backend.run_stage(p, stage, &[]) {
            Ok(()) => return Err(fail(format!("{}: {stage} ran through", p.name))),
            Err(HarnessError::Stage(f)) => (f.status, f.output),
            Err(e) => return Err(e),
        }
    };
    let code = exit_code(&status).ok_or_else(|| fail(format!("{}: {stage} ended with {status}", p.name)))?;
    let message = one_line_error(&text).map_err(|why| fail(format!("{}: {stage} ({status}): {why}", p.name)))?;
    Ok(Refusal { project: p.name.clone(), stage: stage.into(), code, message })
}

/// Replaces an artifact on its own host and records the new file in that host's
/// `sha256sum.txt`, as a runner (or a person redoing a file by hand) would.
pub fn rewrite_artifact(p: &Project, rel: &str, bytes: &[u8]) -> Result<(), HarnessError> {
    let path = p.artifact(rel);
    std::fs::write(&path, bytes).map_err(crate::error::io(&path))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    update_checksums(dir, &[name]).map(|_| ()).map_err(|e| fail(e.to_string()))
}

/// A change to a genesis file made by someone in the path between hosts who also rewrites its
/// `sha256sum.txt` line, so that only the file's content can give it away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenesisTampering {
    /// The chain id swapped for another.
    ChainId,
    /// The self-delegation in another validator's gentx raised (more voting power for it).
    RaiseDelegationOf(usize),
    /// This host's own gentx taken out (its validator left out of the set).
    DropGentxOf(usize),
}

/// Applies `t` to `p`'s received `rel` (a genesis JSON) and recomputes its checksum line.
pub fn tamper_genesis(net: &Network, p: &Project, rel: &str, t: GenesisTampering) -> Result<(), HarnessError> {
    let path = p.artifact(rel);
    let text = std::fs::read_to_string(&path).map_err(crate::error::io(&path))?;
    let mut g: serde_json::Value = serde_json::from_str(&text).map_err(|e| fail(format!("{}: {e}", path.display())))?;
    let moniker_of = |i: usize| net.projects[i].name.clone();
    let gentxs = |g: &mut serde_json::Value| -> Result<Vec<serde_json::Value>, HarnessError> {
        g.pointer_mut("/app_state/genutil/gen_txs")
            .and_then(|v| v.as_array_mut())
            .map(std::mem::take)
            .ok_or_else(|| fail(format!("{}: no app_state.genutil.gen_txs", path.display())))
    };
    let is_of = |tx: &serde_json::Value, name: &str| {
        tx.pointer("/body/messages/0/description/moniker").and_then(|m| m.as_str()) == Some(name)
    };
    match t {
        GenesisTampering::ChainId => g["chain_id"] = serde_json::Value::String("gonka-tampered-1".into()),
        GenesisTampering::RaiseDelegationOf(i) => {
            let mut txs = gentxs(&mut g)?;
            let tx = txs
                .iter_mut()
                .find(|tx| is_of(tx, &moniker_of(i)))
                .ok_or_else(|| fail(format!("{}: no gentx of {}", path.display(), moniker_of(i))))?;
            let amount = tx
                .pointer_mut("/body/messages/0/value/amount")
                .ok_or_else(|| fail("gentx without a self-delegation amount"))?;
            let raised = amount.as_str().and_then(|a| a.parse::<u128>().ok()).unwrap_or(0).saturating_mul(10);
            *amount = serde_json::Value::String(raised.to_string());
            g["app_state"]["genutil"]["gen_txs"] = serde_json::Value::Array(txs);
        }
        GenesisTampering::DropGentxOf(i) => {
            let mut txs = gentxs(&mut g)?;
            let before = txs.len();
            txs.retain(|tx| !is_of(tx, &moniker_of(i)));
            if txs.len() == before {
                return Err(fail(format!("{}: no gentx of {}", path.display(), moniker_of(i))));
            }
            g["app_state"]["genutil"]["gen_txs"] = serde_json::Value::Array(txs);
        }
    }
    let bytes = serde_json::to_vec_pretty(&g).map_err(|e| fail(e.to_string()))?;
    rewrite_artifact(p, rel, &bytes)
}

/// Changes one byte of a received artifact and leaves its checksum line alone, as a bad disk
/// or a broken transfer would.
pub fn flip_byte(p: &Project, rel: &str) -> Result<(), HarnessError> {
    let path = p.artifact(rel);
    let mut bytes = std::fs::read(&path).map_err(crate::error::io(&path))?;
    let at = bytes.len() / 2;
    let b = bytes.get_mut(at).ok_or_else(|| fail(format!("{}: empty", path.display())))?;
    // Stay printable so the file is still JSON-looking text; only its content differs.
    *b = if *b == b'0' { b'1' } else { b'0' };
    std::fs::write(&path, &bytes).map_err(crate::error::io(&path))
}

fn account_key(net: &Network, p: &Project) -> Result<AccountKey, HarnessError> {
    let keys = crate::keyring_records::account_keys(
        &p.keyring_home(),
        net.backend.keyring(p),
        net.backend.keyring_passphrase(p).as_deref(),
    )?;
    let (_, secret) = keys
        .into_iter()
        .find(|(n, _)| *n == p.name)
        .ok_or_else(|| fail(format!("{}: no key {} in its keyring", p.name, p.name)))?;
    AccountKey::from_bytes(&secret).map_err(|e| fail(format!("{}: {e}", p.name)))
}

/// Validator `i` sends `bad` as its gentx: made on its host, carried by the operator.
pub fn send_bad_gentx(net: &Network, i: usize, bad: BadGentx) -> Result<(), HarnessError> {
    let p = &net.projects[i];
    let rel = format!("gentxs/{}.json", p.name);
    let own_path = p.artifact(&rel);
    let own = GenTx::parse(&std::fs::read(&own_path).map_err(crate::error::io(&own_path))?)
        .map_err(|e| fail(e.to_string()))?;
    let genesis_path = p.artifact("genesis/intermediate_genesis.json");
    let chain = Genesis::load(&genesis_path).and_then(|g| g.chain_id()).map_err(|e| fail(e.to_string()))?;
    let resign = |key: &AccountKey, chain: &ChainId, messages| -> Result<Vec<u8>, HarnessError> {
        let tx =
            GenTx::unsigned(key, messages, own.body.memo.clone()).sign(key, chain).map_err(|e| fail(e.to_string()))?;
        Ok(tx.to_json_string().into_bytes())
    };
    let bytes = match bad {
        BadGentx::OtherChain => {
            let other: ChainId = format!("{}-other", chain.as_str()).parse().map_err(|e| fail(format!("{e}")))?;
            resign(&account_key(net, p)?, &other, own.body.messages.clone())?
        }
        BadGentx::CopyOf(j) => {
            let path = net.projects[j].artifact(&format!("gentxs/{}.json", net.projects[j].name));
            std::fs::read(&path).map_err(crate::error::io(&path))?
        }
        BadGentx::UnknownAccount => {
            let (_, key) = AccountKey::generate(&simchain::CHAIN.hd_path).map_err(|e| fail(e.to_string()))?;
            let mut messages = own.body.messages.clone();
            for m in &mut messages {
                let prefix = m.validator_address.split('1').next().unwrap_or_default().to_string();
                m.validator_address = key.address().to_bech32(&prefix).map_err(|e| fail(e.to_string()))?;
            }
            resign(&key, &chain, messages)?
        }
        BadGentx::ConsensusKeyOf(j) => {
            let q = &net.projects[j];
            let path = q.artifact(&format!("validators/{}/val_pubkey.json", q.name));
            let text = std::fs::read_to_string(&path).map_err(crate::error::io(&path))?;
            let key: serde_json::Value = serde_json::from_str(&text).map_err(|e| fail(e.to_string()))?;
            let mut messages = own.body.messages.clone();
            for m in &mut messages {
                m.pubkey = key.clone();
            }
            resign(&account_key(net, p)?, &chain, messages)?
        }
    };
    rewrite_artifact(p, &rel, &bytes)?;
    net.operator.carry(net.backend.as_ref(), p, net.coordinator(), &rel)
}

#[cfg(test)]
mod tests {
    use super::one_line_error;

    const PROGRESS: &str = "2024-01-01T00:00:00Z  INFO genesis_runner: stage gentx\n";

    #[test]
    fn one_error_line_at_the_end_is_the_message() {
        let out = format!("{PROGRESS}genesis-runner: error: gentx.json: checksum mismatch\n");
        assert_eq!(one_line_error(&out).unwrap(), "genesis-runner: error: gentx.json: checksum mismatch");
    }

    #[test]
    fn an_error_that_goes_on_below_its_line_is_not_one_line() {
        let out = format!("{PROGRESS}genesis-runner: error: gentx.json: checksum mismatch\n  caused by: disk\n");
        let err = one_line_error(&out).unwrap_err();
        assert!(err.contains("not the last line"), "{err}");
    }

    #[test]
    fn two_error_lines_or_none_are_refused() {
        let two = "genesis-runner: error: first\ngenesis-runner: error: second\n";
        assert!(one_line_error(two).unwrap_err().starts_with("2 "), "{two}");
        assert!(one_line_error(PROGRESS).unwrap_err().starts_with("0 "));
    }
}
