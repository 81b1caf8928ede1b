//! start: the coordinator checks and collects every gentx into the final genesis and builds
//! the peers file; a validator checks and installs both. Then the node is started.

use super::inputs::{load_genesis, load_validators, read_node_id, read_pubkey, validator_names};
use crate::chain_cli::ChainCli;
use crate::config::Config;
use crate::domain::{KeyName, Role};
use crate::error::{invalid, io, read_input, StageError};
use crate::layout::{files_with_ext, stem_name, Layout};
use crate::manifest::Manifest;
use crate::node_home;
use crate::peers::{build_peers, format_peers, parse_peers, without, Peer};
use crate::plan::{Outputs, Plan};
use cosmos_formats::files::{write_atomic, Mode};
use cosmos_formats::genparticipant::{format_timestamp, GenParticipantTx, INFERENCE_OPERATION_KEY_PERMS};
use cosmos_formats::{GenTx, Genesis};
use std::collections::HashMap;
use std::path::PathBuf;
use tracing::info;

/// The runner drives `inferenced`: its power reduction decides which gentxs make validators.
const CHAIN: cosmos_formats::ChainSettings = cosmos_formats::ChainSettings::INFERENCED;

fn gentx_files(cfg: &Config) -> Result<Vec<PathBuf>, StageError> {
    let dir = Layout::new(&cfg.homes.artifacts).gentxs();
    let files = files_with_ext(&dir, "json").map_err(io(&dir))?;
    if files.is_empty() {
        return Err(crate::error::missing(&dir.join("*.json"), "collect every validator's gentxs/<name>.json here"));
    }
    Ok(files)
}

pub fn plan(cfg: &Config) -> Result<Plan, StageError> {
    let l = Layout::new(&cfg.homes.artifacts);
    let marker = node_home::genesis_path(cfg);
    let own = vec![l.val_pubkey(&cfg.key_name), l.node_id(&cfg.key_name)];
    match cfg.role {
        Role::Coordinator => {
            let mut inputs = vec![cfg.intermediate_genesis_file.clone()];
            for n in validator_names(cfg)? {
                inputs.extend([l.manifest(&n), l.val_pubkey(&n), l.node_id(&n)]);
            }
            inputs.extend(gentx_files(cfg)?);
            for n in validator_names(cfg)? {
                inputs.push(l.genparticipant(&n));
            }
            for p in own {
                if !inputs.contains(&p) {
                    inputs.push(p);
                }
            }
            Ok(Plan {
                inputs,
                outputs: vec![cfg.final_genesis_file.clone(), cfg.persistent_peers_file.clone(), marker],
            })
        }
        Role::Validator => {
            let mut inputs = vec![cfg.final_genesis_file.clone()];
            if cfg.persistent_peers.is_none() {
                inputs.push(cfg.persistent_peers_file.clone());
            }
            inputs.extend(own);
            Ok(Plan { inputs, outputs: vec![marker] })
        }
    }
}

pub fn run(cfg: &Config, cli: &dyn ChainCli) -> Result<Outputs, StageError> {
    match cfg.role {
        Role::Coordinator => coordinator(cfg, cli),
        Role::Validator => validator(cfg, cli),
    }
}

fn coordinator(cfg: &Config, cli: &dyn ChainCli) -> Result<Outputs, StageError> {
    let l = Layout::new(&cfg.homes.artifacts);
    let intermediate = load_genesis(cfg, &cfg.intermediate_genesis_file)?;
    let validators = load_validators(cfg)?;
    let node_key = own_node_key(cfg, &validators[&cfg.key_name].manifest)?;

    let mut txs = Vec::new();
    let mut files: Vec<(KeyName, PathBuf)> = Vec::new();
    let mut seen_keys: HashMap<String, PathBuf> = HashMap::new();
    let mut participants = Vec::new();
    for path in gentx_files(cfg)? {
        let name = stem_name(&path).map_err(|e| invalid(&path, e))?;
        let v = validators
            .get(&name)
            .ok_or_else(|| invalid(&path, format!("no validators/{name}/ artifacts for this gentx")))?;
        let tx = GenTx::parse(read_input(&path, "")?.as_bytes()).map_err(|e| invalid(&path, e))?;
        let checked = tx.verify(&cfg.chain_id).map_err(|e| invalid(&path, e))?;
        if let Some(first) = seen_keys.insert(checked.consensus_pubkey.base64(), path.clone()) {
            return Err(invalid(&path, format!("duplicate gentx: same consensus key as {}", first.display())));
        }
        if checked.consensus_pubkey != v.pubkey {
            return Err(invalid(
                &path,
                format!(
                    "consensus key {} is not validators/{name}/val_pubkey.json ({})",
                    checked.consensus_pubkey.base64(),
                    v.pubkey.base64()
                ),
            ));
        }
        if checked.moniker != name.as_str() {
            return Err(invalid(
                &path,
                format!("moniker {:?} differs from the file's validator {name}", checked.moniker),
            ));
        }
        intermediate.check_gentx(txs.len(), &checked).map_err(|e| invalid(&path, e))?;
        // Its genparticipant: same cold key, same consensus key.
        let ppath = l.genparticipant(&name);
        let participant = GenParticipantTx::parse(read_input(&ppath, "")?.as_bytes())
            .and_then(|t| t.verify(&cfg.chain_id))
            .map_err(|e| invalid(&ppath, e))?;
        participant.matches_gentx(&checked).map_err(|e| invalid(&ppath, e))?;
        participants.push((v.manifest.node_id, ppath, participant));
        txs.push(tx);
        files.push((name, path));
    }
    // Duplicate keys, operators and monikers across gentxs, reported at the later file.
    if let Err(e) = intermediate.verify_gentxs(&txs) {
        let at = match &e {
            cosmos_formats::GenesisError::Gentx { index, .. }
            | cosmos_formats::GenesisError::GentxAgainstGenesis { index, .. } => {
                files.get(*index).map(|(_, p)| p.clone())
            }
            _ => None,
        };
        return Err(invalid(&at.unwrap_or_else(|| l.gentxs()), e));
    }
    for name in validators.keys() {
        if !files.iter().any(|(n, _)| n == name) {
            return Err(crate::error::missing(
                &l.gentx(name),
                &format!("validator {name} has no gentx; collect it or remove validators/{name}/"),
            ));
        }
    }

    node_home::fresh(cfg, cli)?;
    node_home::install_genesis(cfg, &cfg.intermediate_genesis_file)?;
    let gentx_dir = cfg.homes.node.join("config/gentx");
    for (name, path) in &files {
        let bytes = std::fs::read(path).map_err(io(path))?;
        write_atomic(&gentx_dir.join(format!("{name}.json")), &bytes, Mode::Public)?;
    }
    cli.collect_gentxs(&cfg.homes.node, &gentx_dir)?;
    // patch-genesis reads only `genparticipant-*.json`, the names `genesis gentx` gave them.
    let participant_dir = cfg.homes.node.join("config/genparticipant");
    for (node_id, path, _) in &participants {
        let bytes = std::fs::read(path).map_err(io(path))?;
        write_atomic(&participant_dir.join(format!("genparticipant-{node_id}.json")), &bytes, Mode::Public)?;
    }
    cli.patch_genesis(&cfg.homes.node, &participant_dir)?;
    let produced = node_home::genesis_path(cfg);
    let mut fin = Genesis::load(&produced).map_err(|e| invalid(&produced, e))?;
    // The real patch-genesis succeeds on an empty or wrong directory: check its work.
    for (_, path, p) in &participants {
        let listed = fin.participants().into_iter().any(|(address, url, key)| {
            address == p.creator_bech32() && url == p.url && key == p.validator_key.base64()
        });
        let grants = fin.grants(&p.creator_bech32(), &p.warm_bech32());
        if !listed || grants.len() != INFERENCE_OPERATION_KEY_PERMS.len() {
            return Err(invalid(
                &produced,
                format!(
                    "patch-genesis did not apply {} (participant listed: {listed}, grants: {})",
                    path.display(),
                    grants.len()
                ),
            ));
        }
    }
    if let Some(t) = cfg.genesis_time {
        let at = t.resolve(time::OffsetDateTime::now_utc());
        fin.set_genesis_time(at).map_err(|e| invalid(&produced, e))?;
        fin.save(&produced).map_err(|e| invalid(&produced, e))?;
        info!(genesis_time = %format_timestamp(at), "genesis_time set: nodes wait for it");
    }
    let set = fin.validators(&CHAIN).map_err(|e| invalid(&produced, e))?;
    if set.len() != validators.len() {
        return Err(invalid(
            &produced,
            format!("has {} validators, {} gentxs were collected", set.len(), validators.len()),
        ));
    }
    cli.validate_genesis(&cfg.homes.node, &produced)?;

    let manifests: Vec<Manifest> = validators.values().map(|v| v.manifest.clone()).collect();
    let peers = build_peers(&manifests);
    let bytes = std::fs::read(&produced).map_err(io(&produced))?;
    write_atomic(&cfg.final_genesis_file, &bytes, Mode::Public)?;
    info!(
        sha256 = %cosmos_formats::files::sha256_hex(&bytes),
        "publish this beside final_genesis.json: validators set FINAL_GENESIS_SHA256 to it"
    );
    write_atomic(&cfg.persistent_peers_file, format!("{}\n", format_peers(&peers)).as_bytes(), Mode::Public)?;
    info!(validators = set.len(), peers = %format_peers(&peers), "final genesis and peers written");

    let config = finish_node(cfg, &node_key, &peers)?;
    Ok(Outputs {
        artifacts: vec![cfg.final_genesis_file.clone(), cfg.persistent_peers_file.clone()],
        files: vec![produced, config],
        launch: Some(
            crate::launch::plan(cfg, std::env::var_os("PATH").as_deref())
                .map_err(|e| StageError::Config(crate::domain::bad("COSMOVISOR_BIN", e.to_string())))?,
        ),
    })
}

fn own_node_key(cfg: &Config, manifest: &Manifest) -> Result<cosmos_formats::keyfiles::NodeKey, StageError> {
    let key = node_home::require_node_key(cfg)?;
    if key.node_id() != manifest.node_id {
        let l = Layout::new(&cfg.homes.artifacts);
        return Err(invalid(
            &l.node_id(&cfg.key_name),
            format!("says {}, but the node key in KEYRING_HOME is {}", manifest.node_id, key.node_id()),
        ));
    }
    Ok(key)
}

fn finish_node(cfg: &Config, key: &cosmos_formats::keyfiles::NodeKey, peers: &[Peer]) -> Result<PathBuf, StageError> {
    node_home::install_node_key(cfg, key)?;
    let mine = without(peers, &key.node_id());
    node_home::configure(cfg, Some(&mine))
}

fn validator(cfg: &Config, cli: &dyn ChainCli) -> Result<Outputs, StageError> {
    let l = Layout::new(&cfg.homes.artifacts);
    if let Some(expected) = &cfg.final_genesis_sha256 {
        let bytes = std::fs::read(&cfg.final_genesis_file).map_err(io(&cfg.final_genesis_file))?;
        let actual = cosmos_formats::files::sha256_hex(&bytes);
        if &actual != expected {
            return Err(invalid(
                &cfg.final_genesis_file,
                format!("sha256 is {actual}, FINAL_GENESIS_SHA256 is {expected}: get the coordinator's file again"),
            ));
        }
    }
    let genesis = load_genesis(cfg, &cfg.final_genesis_file)?;
    let set = genesis.validators(&CHAIN).map_err(|e| invalid(&cfg.final_genesis_file, e))?;
    genesis.validate().map_err(|e| invalid(&cfg.final_genesis_file, e))?;
    let own_pubkey = read_pubkey(&l.val_pubkey(&cfg.key_name))?;
    if !set.iter().any(|v| v.pubkey == own_pubkey) {
        return Err(invalid(
            &cfg.final_genesis_file,
            format!(
                "does not contain this validator's key {} (validators/{}/val_pubkey.json)",
                own_pubkey.base64(),
                cfg.key_name
            ),
        ));
    }
    if !genesis.participants().iter().any(|(_, _, key)| *key == own_pubkey.base64()) {
        return Err(invalid(
            &cfg.final_genesis_file,
            "lists this validator in no inference participant (was its genparticipant file collected and patched?)",
        ));
    }
    let own_id = read_node_id(&l.node_id(&cfg.key_name))?;
    let key = node_home::require_node_key(cfg)?;
    if key.node_id() != own_id {
        return Err(invalid(
            &l.node_id(&cfg.key_name),
            format!("says {own_id}, but the node key in KEYRING_HOME is {}", key.node_id()),
        ));
    }
    let (source, text) = match &cfg.persistent_peers {
        Some(p) => ("PERSISTENT_PEERS".to_string(), p.clone()),
        None => (cfg.persistent_peers_file.display().to_string(), read_input(&cfg.persistent_peers_file, "")?),
    };
    let peers =
        parse_peers(&text).map_err(|e| StageError::InvalidInput { path: source.clone(), reason: e.to_string() })?;
    if without(&peers, &own_id).is_empty() {
        return Err(StageError::InvalidInput { path: source, reason: "lists no peer other than this node".into() });
    }

    node_home::fresh(cfg, cli)?;
    node_home::install_genesis(cfg, &cfg.final_genesis_file)?;
    let config = finish_node(cfg, &key, &peers)?;
    Ok(Outputs {
        artifacts: vec![],
        files: vec![node_home::genesis_path(cfg), config],
        launch: Some(
            crate::launch::plan(cfg, std::env::var_os("PATH").as_deref())
                .map_err(|e| StageError::Config(crate::domain::bad("COSMOVISOR_BIN", e.to_string())))?,
        ),
    })
}
