//! intermediate_genesis (coordinator): a fresh genesis with the base denom's bank metadata,
//! every collected address funded, the extra accounts of `GENESIS_ACCOUNTS_FILE`, and the
//! `GENESIS_OVERRIDES_FILE` documents merged last, in the order of gonka's
//! `genesis/init-docker-genesis.sh` (init, `modify_genesis_file denom.json`, then the overrides)
//! with the founders' `add-genesis-account` calls of its `add_founders_to_genesis.sh` before
//! the overrides.

use super::inputs::load_validators;
use crate::chain_cli::ChainCli;
use crate::config::Config;
use crate::error::{invalid, io, read_input, StageError};
use crate::genesis_content::Content;
use crate::json_merge::merge;
use crate::layout::{files_with_ext, stem_name, Layout};
use crate::node_home;
use crate::plan::{require_coordinator, Outputs, Plan};
use cosmos_formats::files::{write_atomic, Mode};
use cosmos_formats::{Address, Coins, Genesis};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use tracing::info;

fn address_files(cfg: &Config) -> Result<Vec<std::path::PathBuf>, StageError> {
    let dir = Layout::new(&cfg.homes.artifacts).addresses();
    let files = files_with_ext(&dir, "txt").map_err(io(&dir))?;
    if files.is_empty() {
        return Err(crate::error::missing(&dir.join("*.txt"), "collect every validator's addresses/<name>.txt here"));
    }
    Ok(files)
}

pub fn plan(cfg: &Config) -> Result<Plan, StageError> {
    require_coordinator(cfg)?;
    Ok(Plan { inputs: address_files(cfg)?, outputs: vec![cfg.intermediate_genesis_file.clone()] })
}

/// The account prefix of this chain, as its binary spells the coordinator's own address.
pub fn account_prefix(cfg: &Config, cli: &dyn ChainCli) -> Result<String, StageError> {
    let own = cli.key_address(&cfg.key_name)?.ok_or_else(|| {
        crate::error::missing(&cfg.homes.keyring, &format!("no key {} in KEYRING_HOME; run keygen first", cfg.key_name))
    })?;
    let (prefix, _) = Address::decode(&own).map_err(|e| invalid(&cfg.homes.keyring, e))?;
    Ok(prefix)
}

pub fn run(cfg: &Config, cli: &dyn ChainCli) -> Result<Outputs, StageError> {
    // The chain binary's root command lays out a home wherever it is pointed (`keys list
    // --home`); a stage refused on its inputs leaves the scratch node home as it found it.
    let scratch_was_empty = std::fs::read_dir(&cfg.homes.node).map_or(true, |mut d| d.next().is_none());
    let checked = check_inputs(cfg, cli);
    if checked.is_err() && scratch_was_empty {
        let _ = crate::paths::wipe_node_home(&cfg.homes);
    }
    let (accounts, content) = checked?;
    build(cfg, cli, &accounts, &content)
}

/// The validators' addresses (address → name) and the operator's genesis content files.
type Checked = (BTreeMap<String, String>, Content);

/// Every input of the stage read and checked, before anything is written.
fn check_inputs(cfg: &Config, cli: &dyn ChainCli) -> Result<Checked, StageError> {
    let prefix = account_prefix(cfg, cli)?;
    let mut accounts: BTreeMap<String, String> = BTreeMap::new();
    for path in address_files(cfg)? {
        let name = stem_name(&path).map_err(|e| invalid(&path, e))?;
        let text = read_input(&path, "")?;
        let addr = text.trim();
        if addr.lines().count() != 1 {
            return Err(invalid(&path, "expected exactly one address"));
        }
        Address::parse(addr, &prefix).map_err(|e| invalid(&path, e))?;
        if let Some(other) = accounts.insert(addr.to_string(), name.to_string()) {
            return Err(invalid(&path, format!("address {addr} is also in addresses/{other}.txt")));
        }
    }

    // The validators' published files, when collected with their addresses (as the runbook
    // does), are cross-checked now rather than at start: a repeated GENESIS_INDEX or node id is
    // an operator's mistake the intermediate genesis should not be built on.
    let validators_dir = Layout::new(&cfg.homes.artifacts).validators();
    if std::fs::read_dir(&validators_dir).is_ok_and(|mut d| d.next().is_some()) {
        load_validators(cfg)?;
    }

    // Every operator-supplied file is read and checked whole now, before init wipes anything.
    let validators: Vec<(String, String)> = accounts.iter().map(|(a, n)| (a.clone(), n.clone())).collect();
    let content = Content::load(&cfg.genesis_content, &cfg.denom, &prefix, &validators)?;
    Ok((accounts, content))
}

fn build(
    cfg: &Config,
    cli: &dyn ChainCli,
    accounts: &BTreeMap<String, String>,
    content: &Content,
) -> Result<Outputs, StageError> {
    node_home::fresh(cfg, cli)?;
    let produced = node_home::genesis_path(cfg);
    merge_into(&produced, &content.denom_metadata)?;
    info!(denom = %cfg.denom, from = %cfg.genesis_content.denom_metadata.as_ref().map_or("gonka's denom.json (built in)".into(), |p| p.display().to_string()), "bank denom_metadata merged");
    let validator_coins = Coins::new(vec![cfg.account_amount.clone()])
        .map_err(|e| crate::domain::bad("GENESIS_ACCOUNT_AMOUNT", e.to_string()))?;
    for (addr, name) in accounts {
        info!(%name, %addr, coins = %cfg.account_amount, "add-genesis-account");
        cli.add_genesis_account(&cfg.homes.node, addr, &validator_coins, None)?;
    }
    for a in &content.accounts {
        match &a.vesting {
            None => {
                info!(line = a.line, addr = %a.address, coins = %a.coins, "add-genesis-account (GENESIS_ACCOUNTS_FILE)")
            }
            Some(v) => info!(line = a.line, addr = %a.address, coins = %a.coins, vesting = %v.amount,
                             start = v.start.unwrap_or(0), end = v.end, "add-genesis-account (GENESIS_ACCOUNTS_FILE)"),
        }
        cli.add_genesis_account(&cfg.homes.node, &a.address, &a.coins, a.vesting.as_ref())?;
    }
    for (file, doc) in &content.overrides {
        merge_into(&produced, doc)?;
        info!(file = %file.display(), "genesis override merged (jq's `. * input`)");
    }
    let genesis = Genesis::load(&produced).map_err(|e| invalid(&produced, e))?;
    genesis.validate().map_err(|e| invalid(&produced, e))?;
    if genesis.chain_id().map_err(|e| invalid(&produced, e))? != cfg.chain_id {
        return Err(invalid(&produced, "chain binary wrote a different chain id"));
    }
    let bytes = std::fs::read(&produced).map_err(io(&produced))?;
    crate::paths::wipe_node_home(&cfg.homes)?;
    write_atomic(&cfg.intermediate_genesis_file, &bytes, Mode::Public)?;
    Ok(Outputs { artifacts: vec![cfg.intermediate_genesis_file.clone()], ..Outputs::default() })
}

/// `jq ". * input" genesis.json <doc>` on the node home's genesis, written back atomically.
fn merge_into(genesis: &Path, doc: &Value) -> Result<(), StageError> {
    let bytes = std::fs::read(genesis).map_err(io(genesis))?;
    let mut tree: Value = serde_json::from_slice(&bytes)
        .map_err(|e| invalid(genesis, format!("chain binary wrote malformed JSON: {e}")))?;
    if !tree.is_object() {
        return Err(invalid(genesis, "chain binary wrote a genesis that is not a JSON object"));
    }
    merge(&mut tree, doc);
    let mut out = serde_json::to_vec_pretty(&tree).map_err(|e| invalid(genesis, e))?;
    out.push(b'\n');
    write_atomic(genesis, &out, Mode::Public)?;
    Ok(())
}
