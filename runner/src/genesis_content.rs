//! What the coordinator puts into the intermediate genesis besides `init`'s defaults and the
//! validators' accounts: the base denom's bank metadata, extra accounts, and override files,
//! as gonka's `genesis/init-docker-genesis.sh` (`modify_genesis_file`) and
//! `add_founders_to_genesis.sh` do it.
//!
//! Every file is read once, hashed, and checked whole before the stage writes anything; the
//! stage then merges the parsed values (never re-reads the files), so what was checked and
//! logged is what lands in the genesis.

use crate::accounts_file::{self, ExtraAccount};
use crate::domain::{bad, ConfigError};
use crate::json_merge::merge;
use cosmos_formats::files::sha256_hex;
use cosmos_formats::Denom;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

pub const DENOM_METADATA_FILE: &str = "DENOM_METADATA_FILE";
pub const GENESIS_ACCOUNTS_FILE: &str = "GENESIS_ACCOUNTS_FILE";
pub const GENESIS_OVERRIDES_FILE: &str = "GENESIS_OVERRIDES_FILE";

/// The files the operator named (paths resolved, not yet read).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContentFiles {
    pub denom_metadata: Option<PathBuf>,
    pub accounts: Option<PathBuf>,
    /// Merged in this order (the last one wins where two set the same value).
    pub overrides: Vec<PathBuf>,
}

impl ContentFiles {
    /// From the raw variables; `GENESIS_OVERRIDES_FILE` is comma-separated.
    pub fn from_vars(
        denom_metadata: Option<&str>,
        accounts: Option<&str>,
        overrides: Option<&str>,
        cwd: &Path,
    ) -> Result<ContentFiles, ConfigError> {
        let one = |v: Option<&str>| {
            v.map(str::trim).filter(|s| !s.is_empty()).map(|s| crate::paths::absolute(Path::new(s), cwd))
        };
        let mut list = Vec::new();
        if let Some(raw) = overrides.map(str::trim).filter(|s| !s.is_empty()) {
            for (i, part) in raw.split(',').enumerate() {
                let part = part.trim();
                if part.is_empty() {
                    return Err(bad(GENESIS_OVERRIDES_FILE, format!("entry {i} of {raw:?} is empty")));
                }
                list.push(crate::paths::absolute(Path::new(part), cwd));
            }
        }
        Ok(ContentFiles { denom_metadata: one(denom_metadata), accounts: one(accounts), overrides: list })
    }
}

/// gonka's `inference-chain/denom.json` (at 312044d), transcribed: the bank metadata of
/// `ngonka`, which `x/inference/module/genesis.go` (`InitHoldingAccounts`) looks up at
/// InitChain and panics without ("BaseCoin denom not found").
pub fn default_denom_metadata() -> Value {
    json!({
        "app_state": {
            "bank": {
                "denom_metadata": [
                    {
                        "description": "Coins for the Gonka network.",
                        "base": "ngonka",
                        "display": "ngonka",
                        "name": "Gonka",
                        "symbol": "GNK",
                        "denom_units": [
                            {"denom": "ngonka", "exponent": 0, "aliases": ["nanogonka"]},
                            {"denom": "ugonka", "exponent": 3, "aliases": ["microgonka"]},
                            {"denom": "mgonka", "exponent": 6, "aliases": ["milligonka"]},
                            {"denom": "gonka", "exponent": 9, "aliases": []}
                        ]
                    }
                ]
            }
        }
    })
}

/// One input file as read: logged with its hash.
#[derive(Clone, Debug)]
pub struct Input {
    pub var: &'static str,
    pub path: PathBuf,
    pub sha256: String,
}

/// Everything checked, ready to apply.
#[derive(Clone, Debug)]
pub struct Content {
    /// A document of denom.json's shape, merged right after `init`.
    pub denom_metadata: Value,
    pub accounts: Vec<ExtraAccount>,
    /// Each override document with its file, in order.
    pub overrides: Vec<(PathBuf, Value)>,
    pub inputs: Vec<Input>,
}

/// Paths an override may not set: the ceremony builds them (accounts, balances, supply from
/// `add-genesis-account`; gen_txs from `collect-gentxs`), and jq's `*` would replace the whole
/// list, silently dropping every validator's account.
const RESERVED: &[(&[&str], &str)] = &[
    (&["chain_id"], "CHAIN_ID names the chain"),
    (&["app_state", "auth", "accounts"], "accounts go in GENESIS_ACCOUNTS_FILE"),
    (&["app_state", "bank", "balances"], "accounts go in GENESIS_ACCOUNTS_FILE"),
    (&["app_state", "bank", "supply"], "add-genesis-account keeps it the sum of the balances"),
    (&["app_state", "genutil", "gen_txs"], "collect-gentxs fills it at start"),
];

fn json_path(parts: &[&str]) -> String {
    parts.iter().map(|p| format!(".{p}")).collect()
}

fn fail(var: &'static str, path: &Path, reason: impl std::fmt::Display) -> ConfigError {
    bad(var, format!("{}: {reason}", path.display()))
}

fn read(var: &'static str, path: &Path, inputs: &mut Vec<Input>) -> Result<String, ConfigError> {
    let bytes = std::fs::read(path).map_err(|e| fail(var, path, e))?;
    let sha256 = sha256_hex(&bytes);
    tracing::info!(variable = var, path = %path.display(), %sha256, "genesis content input");
    inputs.push(Input { var, path: path.to_path_buf(), sha256 });
    String::from_utf8(bytes).map_err(|_| fail(var, path, "not UTF-8 text"))
}

fn json_object(var: &'static str, path: &Path, text: &str) -> Result<Value, ConfigError> {
    let v: Value = serde_json::from_str(text).map_err(|e| fail(var, path, format!("not JSON: {e}")))?;
    if !v.is_object() {
        return Err(fail(var, path, "the top level is not a JSON object (jq's `*` merges objects only)"));
    }
    Ok(v)
}

/// The metadata list of a denom.json-shaped document, checked as far as InitChain depends on
/// it: an entry whose `base` is `COIN_DENOM`, with that denom as its exponent-0 unit (bank's
/// `Metadata.Validate`, cosmos-sdk `x/bank/types/metadata.go`).
fn metadata_list<'a>(doc: &'a Value, denom: &Denom) -> Result<&'a [Value], String> {
    let list = doc
        .pointer("/app_state/bank/denom_metadata")
        .and_then(Value::as_array)
        .ok_or(".app_state.bank.denom_metadata is missing or not a list")?;
    for (i, m) in list.iter().enumerate() {
        if !m.get("base").is_some_and(Value::is_string) {
            return Err(format!(".app_state.bank.denom_metadata[{i}].base is missing or not a string"));
        }
    }
    let (i, entry) = list
        .iter()
        .enumerate()
        .find(|(_, m)| m.get("base").and_then(Value::as_str) == Some(denom.as_str()))
        .ok_or_else(|| {
            format!(
                ".app_state.bank.denom_metadata has no entry whose base is {denom} (COIN_DENOM): InitChain would panic \"BaseCoin denom not found\""
            )
        })?;
    let first = entry.pointer("/denom_units/0");
    let ok = first.and_then(|u| u.get("denom")).and_then(Value::as_str) == Some(denom.as_str())
        && first.and_then(|u| u.get("exponent")).and_then(Value::as_u64) == Some(0);
    if !ok {
        return Err(format!(
            ".app_state.bank.denom_metadata[{i}].denom_units[0] must be {{\"denom\": \"{denom}\", \"exponent\": 0}}"
        ));
    }
    Ok(list)
}

impl Content {
    /// Reads and checks every file named in `files`. `prefix` is the chain's account prefix,
    /// `validators` the validators' addresses (no extra account may repeat one).
    pub fn load(
        files: &ContentFiles,
        denom: &Denom,
        prefix: &str,
        validators: &[(String, String)],
    ) -> Result<Content, ConfigError> {
        let mut inputs = Vec::new();
        let denom_metadata = match &files.denom_metadata {
            None => default_denom_metadata(),
            Some(path) => {
                let var = DENOM_METADATA_FILE;
                let doc = json_object(var, path, &read(var, path, &mut inputs)?)?;
                let extra: Vec<String> = doc
                    .as_object()
                    .into_iter()
                    .flat_map(|o| o.keys())
                    .filter(|k| *k != "app_state")
                    .cloned()
                    .chain(
                        doc.pointer("/app_state")
                            .and_then(Value::as_object)
                            .into_iter()
                            .flat_map(|o| o.keys())
                            .filter(|k| *k != "bank")
                            .map(|k| format!("app_state.{k}")),
                    )
                    .collect();
                if let Some(k) = extra.first() {
                    return Err(fail(var, path, format!(".{k}: only .app_state.bank.denom_metadata belongs here (put other values in {GENESIS_OVERRIDES_FILE})")));
                }
                metadata_list(&doc, denom).map_err(|e| fail(var, path, e))?;
                doc
            }
        };
        let units = accounts_file::display_units(
            metadata_list(&denom_metadata, denom).map_err(|e| bad(DENOM_METADATA_FILE, e))?,
        );

        let accounts = match &files.accounts {
            None => Vec::new(),
            Some(path) => {
                let var = GENESIS_ACCOUNTS_FILE;
                let text = read(var, path, &mut inputs)?;
                let rules = accounts_file::Rules { prefix, display_units: &units };
                let accounts = accounts_file::parse(&text, &rules).map_err(|e| fail(var, path, e))?;
                for a in &accounts {
                    if let Some((_, name)) = validators.iter().find(|(addr, _)| *addr == a.address) {
                        return Err(fail(
                            var,
                            path,
                            format!(
                                "line {}: address {} is also validator {name}'s (addresses/{name}.txt)",
                                a.line, a.address
                            ),
                        ));
                    }
                }
                accounts
            }
        };

        let mut overrides = Vec::new();
        // The metadata as the overrides would leave it: an override replacing the list must
        // not lose COIN_DENOM's entry (arrays are replaced whole).
        let mut metadata_after = denom_metadata.clone();
        for path in &files.overrides {
            let var = GENESIS_OVERRIDES_FILE;
            let doc = json_object(var, path, &read(var, path, &mut inputs)?)?;
            for (reserved, hint) in RESERVED {
                let pointer: String = reserved.iter().map(|p| format!("/{p}")).collect();
                if doc.pointer(&pointer).is_some() {
                    return Err(fail(
                        var,
                        path,
                        format!("{}: set by the ceremony itself, not by an override ({hint})", json_path(reserved)),
                    ));
                }
            }
            merge(&mut metadata_after, &doc);
            metadata_list(&metadata_after, denom).map_err(|e| fail(var, path, format!("after this merge, {e}")))?;
            overrides.push((path.clone(), doc));
        }
        Ok(Content { denom_metadata, accounts, overrides, inputs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_metadata_has_ngonka_as_its_base() {
        let denom: Denom = "ngonka".parse().unwrap();
        let doc = default_denom_metadata();
        let list = metadata_list(&doc, &denom).unwrap();
        assert_eq!(list.len(), 1);
        let other: Denom = "stake".parse().unwrap();
        let e = metadata_list(&default_denom_metadata(), &other).unwrap_err();
        assert!(e.contains("no entry whose base is stake"), "{e}");
    }

    #[test]
    fn the_overrides_variable_is_a_comma_separated_list() {
        let f = ContentFiles::from_vars(None, Some(""), Some("a.json, /b.json"), Path::new("/w")).unwrap();
        assert_eq!(f.overrides, [PathBuf::from("/w/a.json"), PathBuf::from("/b.json")]);
        assert_eq!(f.accounts, None);
        let e = ContentFiles::from_vars(None, None, Some("a.json,,b.json"), Path::new("/w")).unwrap_err();
        assert_eq!(e.to_string(), "GENESIS_OVERRIDES_FILE: entry 1 of \"a.json,,b.json\" is empty");
    }
}
