//! `genesis-runner verify --chain-id <id> <path>...`: what an operator runs on artifacts
//! received from another host, before using them.
//!
//! Each file is recognized by name and shape and checked on its own (gentx signature and
//! fields, genesis structure and every gen_tx, key and id syntax, peers list, checksum list),
//! then across files where they relate: a gentx against the `val_pubkey.json` of the same
//! validator, gentxs against every genesis given alongside (funded account; included when the
//! genesis already has gen_txs), no two gentxs sharing a key or moniker, a manifest against its
//! `node_id.txt`. Files found while walking a directory that are not artifacts (a README) are
//! skipped; a file named explicitly that is not an artifact fails.

use crate::manifest::Manifest;
use crate::peers::parse_peers;
use cosmos_formats::files::{verify_checksums, CHECKSUM_FILE};
use cosmos_formats::genparticipant::{
    format_timestamp, GenParticipantTx, VerifiedGenParticipant, INFERENCE_OPERATION_KEY_PERMS,
    MSG_SUBMIT_NEW_PARTICIPANT,
};
use cosmos_formats::{Address, ChainId, ConsensusPubKey, GenTx, Genesis, NodeId, VerifiedGentx};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct Line {
    pub path: PathBuf,
    pub result: Result<String, String>,
}

impl std::fmt::Display for Line {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.result {
            Ok(what) => write!(f, "OK {} {what}", self.path.display()),
            Err(why) => write!(f, "FAIL {}: {why}", self.path.display()),
        }
    }
}

enum Kind {
    Gentx,
    GenParticipant,
    Genesis,
    PubKey,
    Manifest,
    NodeId,
    Address,
    Peers,
    Checksums,
    Unknown,
}

fn walk(dir: &Path, out: &mut Vec<(PathBuf, bool)>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            out.push((p, false));
        }
    }
    Ok(())
}

fn classify(path: &Path, json: Option<&Value>) -> Kind {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let parent = path.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap_or("");
    if name == CHECKSUM_FILE {
        return Kind::Checksums;
    }
    if let Some(v) = json {
        let has = |k: &str| v.get(k).is_some();
        let first_msg = v.pointer("/body/messages/0/@type").and_then(Value::as_str);
        return if has("body") && has("auth_info") && first_msg == Some(MSG_SUBMIT_NEW_PARTICIPANT) {
            Kind::GenParticipant
        } else if has("body") && has("auth_info") {
            Kind::Gentx
        } else if has("app_state") || has("genesis_time") {
            Kind::Genesis
        } else if has("@type") && has("key") {
            Kind::PubKey
        } else if has("node_id") && has("index") && has("name") {
            Kind::Manifest
        } else {
            Kind::Unknown
        };
    }
    if name == "node_id.txt" {
        Kind::NodeId
    } else if name == "account_addr.txt" || (parent == "addresses" && name.ends_with(".txt")) {
        Kind::Address
    } else if name.contains("peers") && name.ends_with(".txt") {
        Kind::Peers
    } else {
        Kind::Unknown
    }
}

/// The validator a per-validator file belongs to: `gentxs/<name>.json` or `validators/<name>/…`.
fn owner(path: &Path) -> Option<String> {
    let parent = path.parent()?;
    if parent.file_name()? == "gentxs" || parent.file_name()? == "genparticipants" {
        return path.file_stem().map(|s| s.to_string_lossy().into_owned());
    }
    parent.file_name().map(|s| s.to_string_lossy().into_owned())
}

fn text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| e.to_string())
}

struct Found {
    gentxs: Vec<(usize, GenTx, VerifiedGentx)>,
    participants: Vec<(usize, VerifiedGenParticipant)>,
    geneses: Vec<(usize, Genesis)>,
    pubkeys: HashMap<String, (usize, ConsensusPubKey)>,
    node_ids: HashMap<PathBuf, NodeId>,
    manifests: Vec<(usize, Manifest)>,
}

pub fn verify(chain_id: &ChainId, paths: &[PathBuf]) -> Vec<Line> {
    let mut files = Vec::new();
    let mut lines = Vec::new();
    for p in paths {
        if p.is_dir() {
            if let Err(e) = walk(p, &mut files) {
                lines.push(Line { path: p.clone(), result: Err(e.to_string()) });
            }
        } else if p.exists() {
            files.push((p.clone(), true));
        } else {
            lines.push(Line { path: p.clone(), result: Err("no such file or directory".into()) });
        }
    }
    let mut found = Found {
        gentxs: vec![],
        participants: vec![],
        geneses: vec![],
        pubkeys: HashMap::new(),
        node_ids: HashMap::new(),
        manifests: vec![],
    };
    for (path, explicit) in files {
        let i = lines.len();
        let json = if path.extension().is_some_and(|e| e == "json") {
            match std::fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|b| serde_json::from_slice::<Value>(&b).map_err(|e| format!("not JSON: {e}")))
            {
                Ok(v) => Some(v),
                Err(e) => {
                    lines.push(Line { path, result: Err(e) });
                    continue;
                }
            }
        } else {
            None
        };
        let result = match classify(&path, json.as_ref()) {
            Kind::Unknown if !explicit => continue,
            Kind::Unknown => Err("not a ceremony artifact (gentx, genesis, val_pubkey.json, manifest, node id, address, peers, sha256sum.txt)".into()),
            Kind::Gentx => check_gentx(chain_id, json.as_ref(), i, &mut found),
            Kind::GenParticipant => check_genparticipant(chain_id, json.as_ref(), i, &mut found),
            Kind::Genesis => check_genesis(chain_id, &path, i, &mut found),
            Kind::PubKey => json
                .as_ref()
                .ok_or_else(String::new)
                .and_then(|v| ConsensusPubKey::from_json(v).map_err(|e| e.to_string()))
                .map(|k| {
                    if let Some(o) = owner(&path) {
                        found.pubkeys.insert(o, (i, k));
                    }
                    format!("consensus key {}", k.base64())
                }),
            Kind::Manifest => text(&path).and_then(|t| Manifest::parse(&t)).and_then(|m| {
                if m.chain_id != chain_id.as_str() {
                    return Err(format!("chain id is {}, expected {chain_id}", m.chain_id));
                }
                let d = format!("manifest of {} (index {}, {}, {}@{})", m.name, m.index.0, m.role, m.node_id, m.p2p_external_address);
                found.manifests.push((i, m));
                Ok(d)
            }),
            Kind::NodeId => text(&path).and_then(|t| t.trim().parse::<NodeId>().map_err(|e| e.to_string())).map(|id| {
                found.node_ids.insert(path.clone(), id);
                format!("node id {id}")
            }),
            Kind::Address => text(&path).and_then(|t| Address::decode(t.trim()).map_err(|e| e.to_string()).map(|(p, _)| format!("{p} address {}", t.trim()))),
            Kind::Peers => text(&path).and_then(|t| parse_peers(&t).map_err(|e| e.to_string())).map(|p| format!("{} peers", p.len())),
            Kind::Checksums => path
                .parent()
                .ok_or_else(String::new)
                .and_then(|d| verify_checksums(d).map_err(|e| e.to_string()))
                .map(|n| format!("{n} files match")),
        };
        lines.push(Line { path, result });
    }
    cross_check(&mut lines, &found);
    lines
}

fn check_gentx(chain_id: &ChainId, json: Option<&Value>, i: usize, found: &mut Found) -> Result<String, String> {
    let tx = GenTx::from_value(json.ok_or_else(String::new)?).map_err(|e| e.to_string())?;
    let v = tx.verify(chain_id).map_err(|e| e.to_string())?;
    let d = format!(
        "gentx of {} ({}, {}, consensus key {})",
        v.moniker,
        v.operator_address,
        v.self_delegation,
        v.consensus_pubkey.base64()
    );
    found.gentxs.push((i, tx, v));
    Ok(d)
}

fn check_genparticipant(
    chain_id: &ChainId,
    json: Option<&Value>,
    i: usize,
    found: &mut Found,
) -> Result<String, String> {
    let tx = GenParticipantTx::from_value(json.ok_or_else(String::new)?).map_err(|e| e.to_string())?;
    let v = tx.verify(chain_id).map_err(|e| e.to_string())?;
    let d = format!(
        "genparticipant of {} (url {}, warm key {}, {} grants until {})",
        v.creator_bech32(),
        v.url,
        v.warm_bech32(),
        INFERENCE_OPERATION_KEY_PERMS.len(),
        format_timestamp(v.expiration)
    );
    found.participants.push((i, v));
    Ok(d)
}

fn check_genesis(chain_id: &ChainId, path: &Path, i: usize, found: &mut Found) -> Result<String, String> {
    let g = Genesis::load(path).map_err(|e| e.to_string())?;
    let id = g.chain_id().map_err(|e| e.to_string())?;
    if &id != chain_id {
        return Err(format!("chain id is {id}, expected {chain_id}"));
    }
    let txs = g.validate().map_err(|e| e.to_string())?;
    let accounts = g.account_addresses().map_err(|e| e.to_string())?.len();
    found.geneses.push((i, g));
    Ok(format!("genesis of {id}: {accounts} accounts, {} valid gen_txs", txs.len()))
}

fn fail(lines: &mut [Line], i: usize, why: String) {
    if lines[i].result.is_ok() {
        lines[i].result = Err(why);
    }
}

fn cross_check(lines: &mut [Line], f: &Found) {
    let mut keys: HashMap<String, usize> = HashMap::new();
    let mut monikers: HashMap<String, usize> = HashMap::new();
    for (i, tx, v) in &f.gentxs {
        let path = lines[*i].path.clone();
        if let Some((pi, pk)) = owner(&path).and_then(|o| f.pubkeys.get(&o)) {
            if pk != &v.consensus_pubkey {
                let other = lines[*pi].path.display().to_string();
                fail(
                    lines,
                    *i,
                    format!("consensus key {} differs from {other} ({})", v.consensus_pubkey.base64(), pk.base64()),
                );
            }
        }
        if let Some(j) = keys.insert(v.consensus_pubkey.base64(), *i) {
            let other = lines[j].path.display().to_string();
            fail(lines, *i, format!("same consensus key as {other}"));
        }
        if let Some(j) = monikers.insert(v.moniker.clone(), *i) {
            let other = lines[j].path.display().to_string();
            fail(lines, *i, format!("same moniker as {other}"));
        }
        for (gi, g) in &f.geneses {
            let gpath = lines[*gi].path.display().to_string();
            let included = g.gen_txs().map(|all| all.iter().any(|t| t.to_value() == tx.to_value())).unwrap_or(false);
            let has_txs = g.gen_txs().map(|t| !t.is_empty()).unwrap_or(false);
            if has_txs && !included {
                fail(lines, *i, format!("not among the gen_txs of {gpath}"));
            } else if let Err(e) = g.check_gentx(0, v) {
                fail(lines, *i, format!("against {gpath}: {e}"));
            }
        }
    }
    for (i, p) in &f.participants {
        let owner_of = |j: usize| owner(&lines[j].path);
        let own = owner_of(*i);
        if let Some((_, _, g)) = f.gentxs.iter().find(|(j, _, _)| own.is_some() && owner_of(*j) == own) {
            if let Err(e) = p.matches_gentx(g) {
                fail(lines, *i, format!("does not match its gentx: {e}"));
            }
        }
    }
    for (i, m) in &f.manifests {
        let path = lines[*i].path.clone();
        if let Some(id) = path.parent().and_then(|d| f.node_ids.get(&d.join("node_id.txt"))) {
            if id != &m.node_id {
                fail(lines, *i, format!("node id {} differs from node_id.txt ({id})", m.node_id));
            }
        }
    }
}
