//! The validator set every node reports is the one each host published, held by its tmkms.

use super::fail;
use super::Checks;
use crate::backend::Service;
use crate::project::Project;
use crate::HarnessError;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use std::collections::{BTreeMap, BTreeSet};
use tendermint_rpc::client::Client;

#[derive(Debug)]
pub struct ValidatorsEvidence {
    pub reported: BTreeSet<String>,
    pub published: BTreeSet<String>,
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

/// The base64 ed25519 public key of the consensus key a project's tmkms holds (softsign's
/// `consensus.key`: the base64 32-byte seed).
pub fn tmkms_public_key(p: &Project, backend: &dyn crate::backend::Backend) -> Result<String, HarnessError> {
    let secrets = backend.view(p, crate::backend::files::Home::Tmkms, "secrets")?;
    let f = secrets.path().join("consensus.key");
    let text = std::fs::read_to_string(&f).map_err(|e| fail("validators", format!("{}: {e}", secrets.name_of(&f))))?;
    let seed = zeroize::Zeroizing::new(
        B64.decode(text.trim()).map_err(|e| fail("validators", format!("{}: {e}", f.display())))?,
    );
    let seed: [u8; 32] = seed
        .as_slice()
        .try_into()
        .map_err(|_| fail("validators", format!("{}: not a 32-byte ed25519 seed", f.display())))?;
    Ok(B64.encode(ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key().as_bytes()))
}

impl<'a> Checks<'a> {
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
            let own = tmkms_public_key(p, self.net.backend.as_ref())?;
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
}
