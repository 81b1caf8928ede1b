//! The genesis content check: a network's final genesis is what a real `inferenced` chain
//! starts from (every module section its `init` writes, each decoding as the app's codec
//! decodes it; the base coin's metadata; gonka's mainnet overrides in place), so the harness's
//! ceremonies are not run on a thinner genesis than the real one.

use crate::runbook::MAINNET_OVERRIDES;
use crate::HarnessError;
use serde_json::Value;
use std::path::Path;

fn fail(reason: impl Into<String>) -> HarnessError {
    HarnessError::Check { check: "genesis", reason: reason.into() }
}

#[derive(Debug)]
pub struct GenesisContentEvidence {
    pub sections: usize,
    pub base_denom: String,
    pub overrides: usize,
}

impl std::fmt::Display for GenesisContentEvidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} module sections as inferenced init writes them, each decoded as the app's codec does; {} metadata; {} mainnet override values in place",
            self.sections, self.base_denom, self.overrides
        )
    }
}

/// Every leaf (scalar or list) of `v`, with its JSON pointer: jq's `*` replaces lists whole.
fn leaves<'a>(v: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                leaves(x, format!("{path}/{k}"), out);
            }
        }
        other => out.push((path, other)),
    }
}

pub fn check(final_genesis: &Path) -> Result<GenesisContentEvidence, HarnessError> {
    let bytes = std::fs::read(final_genesis).map_err(crate::error::io(final_genesis))?;
    let doc: Value = serde_json::from_slice(&bytes).map_err(|e| fail(format!("{}: {e}", final_genesis.display())))?;
    let app_state = doc.get("app_state").ok_or_else(|| fail(format!("{}: no app_state", final_genesis.display())))?;
    let sections = app_state.as_object().map(|m| m.len()).unwrap_or(0);
    for (module, _) in app_genesis::SECTIONS {
        if app_state.get(*module).is_none() {
            return Err(fail(format!("{}: no {module} section (inferenced init writes it)", final_genesis.display())));
        }
    }
    app_genesis::decode_app_state(app_state).map_err(|e| fail(format!("{}: {e}", final_genesis.display())))?;

    let bond = app_state
        .pointer("/staking/params/bond_denom")
        .and_then(Value::as_str)
        .ok_or_else(|| fail(format!("{}: no staking.params.bond_denom", final_genesis.display())))?;
    let has_metadata = app_state
        .pointer("/bank/denom_metadata")
        .and_then(Value::as_array)
        .is_some_and(|l| l.iter().any(|m| m.get("base").and_then(Value::as_str) == Some(bond)));
    if !has_metadata {
        return Err(fail(format!("{}: bank.denom_metadata has no entry for {bond}", final_genesis.display())));
    }

    let overrides: Value =
        serde_json::from_str(MAINNET_OVERRIDES).map_err(|e| fail(format!("mainnet overrides: {e}")))?;
    let mut wanted = Vec::new();
    leaves(&overrides, String::new(), &mut wanted);
    for (pointer, value) in &wanted {
        if doc.pointer(pointer) != Some(*value) {
            return Err(fail(format!(
                "{}: {pointer} is {}, the mainnet override sets {value}",
                final_genesis.display(),
                doc.pointer(pointer).map_or("absent".to_string(), Value::to_string)
            )));
        }
    }
    Ok(GenesisContentEvidence { sections, base_denom: bond.to_string(), overrides: wanted.len() })
}
