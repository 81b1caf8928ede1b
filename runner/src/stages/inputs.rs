//! What more than one stage reads the same way: a genesis (with our chain id), a validator's
//! node id and consensus key, every validator's public artifacts cross-checked, and the warm
//! key's name. Below the stages that use it, so no stage reaches into another.

use crate::config::Config;
use crate::domain::{KeyName, Role};
use crate::error::{invalid, io, read_input, StageError};
use crate::layout::Layout;
use crate::manifest::Manifest;
use cosmos_formats::{ConsensusPubKey, Genesis, NodeId};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Loads a genesis and insists on our chain id.
pub(super) fn load_genesis(cfg: &Config, path: &Path) -> Result<Genesis, StageError> {
    let g = Genesis::load(path).map_err(|e| match e {
        // These already name the file.
        cosmos_formats::GenesisError::Json { reason, .. } => invalid(path, format!("malformed genesis JSON: {reason}")),
        other => invalid(path, other),
    })?;
    let id = g.chain_id().map_err(|e| invalid(path, e))?;
    if id != cfg.chain_id {
        return Err(invalid(path, format!("chain id is {id}, CHAIN_ID is {}", cfg.chain_id)));
    }
    Ok(g)
}

pub(super) fn read_pubkey(path: &Path) -> Result<ConsensusPubKey, StageError> {
    ConsensusPubKey::parse(&read_input(path, "")?).map_err(|e| invalid(path, e))
}

pub(super) fn read_node_id(path: &Path) -> Result<NodeId, StageError> {
    read_input(path, "")?.trim().parse().map_err(|e| invalid(path, e))
}

/// `<KEY_NAME>_warm`: the warm key beside the account key.
pub(super) fn warm_key_name(name: &KeyName) -> Result<KeyName, StageError> {
    format!("{name}_warm").parse::<KeyName>().map_err(|e| crate::domain::bad("KEY_NAME", e).into())
}

pub(super) fn validator_names(cfg: &Config) -> Result<Vec<KeyName>, StageError> {
    let dir = Layout::new(&cfg.homes.artifacts).validators();
    let mut names = Vec::new();
    let rd = std::fs::read_dir(&dir)
        .map_err(|_| crate::error::missing(&dir, "collect every validator's validators/<name>/ here"))?;
    for e in rd {
        let e = e.map_err(io(&dir))?;
        if e.path().is_dir() {
            let n = e.file_name().to_string_lossy().into_owned();
            names.push(
                n.parse::<KeyName>()
                    .map_err(|r| invalid(&e.path(), format!("directory name is not a key name: {r}")))?,
            );
        }
    }
    names.sort();
    Ok(names)
}

pub(super) struct Validator {
    pub manifest: Manifest,
    pub pubkey: ConsensusPubKey,
}

/// Every validator's public artifacts, cross-checked: manifest ↔ directory ↔ node_id.txt,
/// unique node ids and indexes, exactly one coordinator.
pub(super) fn load_validators(cfg: &Config) -> Result<BTreeMap<KeyName, Validator>, StageError> {
    let l = Layout::new(&cfg.homes.artifacts);
    let mut out = BTreeMap::new();
    let mut ids = HashMap::new();
    let mut indexes = HashMap::new();
    let mut keys = HashMap::new();
    let mut coordinators = Vec::new();
    let mut manifests = Vec::new();
    for name in validator_names(cfg)? {
        let mpath = l.manifest(&name);
        let m = Manifest::parse(&read_input(&mpath, "")?).map_err(|e| invalid(&mpath, e))?;
        if m.role == Role::Coordinator {
            coordinators.push(name.to_string());
        }
        manifests.push((name, mpath, m));
    }
    // Checked first: a second coordinator also duplicates index 0, and this is the real fault.
    if coordinators.len() != 1 {
        return Err(invalid(
            &l.validators(),
            format!(
                "expected exactly one coordinator (index 0) among the manifests, found {}: [{}]",
                coordinators.len(),
                coordinators.join(", ")
            ),
        ));
    }
    for (name, mpath, m) in manifests {
        if m.name != name {
            return Err(invalid(&mpath, format!("names validator {}, but lies in validators/{name}/", m.name)));
        }
        if m.chain_id != cfg.chain_id.as_str() {
            return Err(invalid(&mpath, format!("chain id is {}, CHAIN_ID is {}", m.chain_id, cfg.chain_id)));
        }
        let id = read_node_id(&l.node_id(&name))?;
        if id != m.node_id {
            return Err(invalid(&l.node_id(&name), format!("says {id}, the manifest says {}", m.node_id)));
        }
        if let Some(other) = ids.insert(m.node_id, name.clone()) {
            return Err(invalid(&mpath, format!("node id {} is also validator {other}'s", m.node_id)));
        }
        if let Some(other) = indexes.insert(m.index, name.clone()) {
            return Err(invalid(&mpath, format!("GENESIS_INDEX {} is also validator {other}'s", m.index.0)));
        }
        let pubkey = read_pubkey(&l.val_pubkey(&name))?;
        // Two hosts holding one consensus key would both sign as one validator: a double-sign
        // (slashed, tombstoned) from the first block on. Refused before any gentx exists.
        if let Some(other) = keys.insert(pubkey.base64(), name.clone()) {
            return Err(invalid(
                &l.val_pubkey(&name),
                format!(
                    "consensus key is also validator {other}'s: two hosts hold one tmkms key (a copied TMKMS_HOME?); one of them must generate its own"
                ),
            ));
        }
        out.insert(name, Validator { manifest: m, pubkey });
    }
    let own =
        out.get(&cfg.key_name).ok_or_else(|| crate::error::missing(&l.manifest(&cfg.key_name), "run keygen first"))?;
    if own.manifest.index != cfg.index {
        return Err(invalid(
            &l.manifest(&cfg.key_name),
            format!("has index {}, GENESIS_INDEX is {}", own.manifest.index.0, cfg.index.0),
        ));
    }
    Ok(out)
}
