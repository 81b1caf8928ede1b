//! What `inferenced` refuses when it validates a genesis or runs InitChain on it, for the
//! modules a ceremony touches: bank, staking/genutil, authz and gonka's inference. Each check
//! carries the real daemon's wording and names its module and JSON path.
//!
//! The checks run in the real InitGenesis order (gonka `inference-chain/app/app_config.go`,
//! `genesisModuleOrder`: auth, bank, distribution, staking, …, genutil, evidence, authz, …,
//! inference), each module's `ValidateGenesis` checks before its InitGenesis ones, so the first
//! failure reported is the one the real daemon reports first.
//!
//! Stricter than the real daemon in one place: `start` also runs the `ValidateGenesis` checks
//! (the real `start` only panics in InitGenesis).

use crate::chain::ChainSettings;
use crate::math_int::{parse_math_int, MathInt, U256};
use crate::{Address, Denom, Genesis, GenesisError};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// gonka's `types.BaseCoin` (`x/inference/types/coin.go`).
pub const BASE_COIN: &str = "ngonka";

/// The authorization types the real daemon's interface registry resolves inside an authz
/// grant's `Any` (SDK authz, bank, staking; wasmd; ibc-go transfer).
pub const KNOWN_AUTHORIZATIONS: &[&str] = &[
    "/cosmos.authz.v1beta1.GenericAuthorization",
    "/cosmos.bank.v1beta1.SendAuthorization",
    "/cosmos.staking.v1beta1.StakeAuthorization",
    "/cosmwasm.wasm.v1.ContractExecutionAuthorization",
    "/cosmwasm.wasm.v1.ContractMigrationAuthorization",
    "/cosmwasm.wasm.v1.StoreCodeAuthorization",
    "/ibc.applications.transfer.v1.TransferAuthorization",
];

#[derive(Debug, thiserror::Error)]
pub enum InitChainError {
    /// One module refused: `<module>: <JSON path>: <the real daemon's message>`.
    #[error("{module}: {path}: {message}")]
    Module { module: &'static str, path: String, message: String },
    /// The gentxs, as genutil delivers them (signature, funds, validator set).
    #[error("genutil: app_state.genutil.gen_txs: {0}")]
    Genutil(#[from] GenesisError),
}

fn refuse(module: &'static str, path: impl Into<String>, message: impl Into<String>) -> InitChainError {
    InitChainError::Module { module, path: path.into(), message: message.into() }
}

/// Every check below, in the real order. `account_prefix` is the chain's bech32 prefix (the
/// address codec's), `chain` its compiled-in settings.
pub fn check(genesis: &Genesis, chain: &ChainSettings, account_prefix: &str) -> Result<(), InitChainError> {
    let app = genesis.as_value().get("app_state").cloned().unwrap_or(Value::Null);
    let empty = Value::Null;
    bank(app.get("bank").unwrap_or(&empty), account_prefix)?;
    staking(app.get("staking").unwrap_or(&empty), account_prefix)?;
    genutil(genesis, chain)?;
    let genesis_time = genesis.genesis_time().map_err(|e| refuse("genesis", "genesis_time", e.to_string()))?;
    authz(app.get("authz").unwrap_or(&empty), account_prefix, genesis_time)?;
    inference(app.get("inference").unwrap_or(&empty), app.get("bank").unwrap_or(&empty))?;
    Ok(())
}

/// An `sdk.Coins` list as decoded and `Validate`d (`types/coin.go`): the amounts parsed, then
/// the denoms valid, sorted and unique, every amount positive. Returns (denom, amount) pairs.
fn coins(module: &'static str, path: &str, list: Option<&Value>) -> Result<Vec<(String, U256)>, InitChainError> {
    let Some(list) = list else { return Ok(Vec::new()) };
    let items = list.as_array().ok_or_else(|| refuse(module, path, "not a list of coins"))?;
    let mut parsed = Vec::with_capacity(items.len());
    for (i, c) in items.iter().enumerate() {
        let denom = c.get("denom").and_then(Value::as_str).unwrap_or_default().to_string();
        let amount_text = c.get("amount").and_then(Value::as_str).unwrap_or_default();
        let amount =
            parse_math_int(amount_text).map_err(|e| refuse(module, format!("{path}[{i}].amount"), e.to_string()))?;
        parsed.push((denom, amount));
    }
    let show = |(d, a): &(String, MathInt)| format!("{a}{d}");
    let mut low: Option<&str> = None;
    for (i, c) in parsed.iter().enumerate() {
        let at = format!("{path}[{i}]");
        if c.0.parse::<Denom>().is_err() {
            return Err(refuse(module, at, format!("invalid denom: {}", c.0)));
        }
        if let Some(low) = low {
            if c.0.as_str() < low {
                return Err(refuse(module, at, format!("denomination {} is not sorted", c.0)));
            }
            if c.0 == low {
                return Err(refuse(module, at, format!("duplicate denomination {}", c.0)));
            }
        }
        if !c.1.is_positive() {
            // The SDK names the whole coin for the first, the denom alone for the others.
            let what = if i == 0 { show(c) } else { c.0.clone() };
            return Err(refuse(module, at, format!("coin {what} amount is not positive")));
        }
        low = Some(&c.0);
    }
    Ok(parsed.into_iter().map(|(d, a)| (d, a.magnitude)).collect())
}

fn coins_string(c: &[(String, U256)]) -> String {
    c.iter().map(|(d, a)| format!("{a}{d}")).collect::<Vec<_>>().join(",")
}

/// `sdk.AccAddressFromBech32` through the chain's address codec.
fn account_address(s: &str, prefix: &str) -> Result<(), String> {
    if s.trim().is_empty() {
        return Err("empty address string is not allowed".into());
    }
    let (hrp, _) = Address::decode(s).map_err(|e| format!("decoding bech32 failed: {e}"))?;
    if hrp != prefix {
        return Err(format!("invalid Bech32 prefix; expected {prefix}, got {hrp}"));
    }
    Ok(())
}

/// The fork's `x/bank/types/genesis.go` `Validate` and `x/bank/keeper/genesis.go` InitGenesis.
fn bank(bank: &Value, prefix: &str) -> Result<(), InitChainError> {
    const M: &str = "bank";
    let nonempty = |v: Option<&Value>| v.and_then(Value::as_array).is_some_and(|a| !a.is_empty());
    if nonempty(bank.pointer("/params/send_enabled")) && nonempty(bank.get("send_enabled")) {
        return Err(refuse(
            M,
            "app_state.bank.send_enabled",
            "send_enabled defined in both the send_enabled field and in params (deprecated)",
        ));
    }
    let mut seen = HashSet::new();
    let mut total: BTreeMap<String, U256> = BTreeMap::new();
    for (i, b) in bank.get("balances").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let path = format!("app_state.bank.balances[{i}]");
        let addr = b.get("address").and_then(Value::as_str).unwrap_or_default();
        if !seen.insert(addr.to_string()) {
            return Err(refuse(M, &path, format!("duplicate balance for address {addr}")));
        }
        account_address(addr, prefix).map_err(|m| refuse(M, format!("{path}.address"), m))?;
        for (denom, amount) in coins(M, &format!("{path}.coins"), b.get("coins"))? {
            let t = total.entry(denom).or_default();
            // math.Int's Add panics past 256 bits.
            *t = t.checked_add(amount).ok_or_else(|| refuse(M, &path, "Int overflow"))?;
        }
    }
    let mut bases = HashSet::new();
    for (i, m) in bank.get("denom_metadata").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let path = format!("app_state.bank.denom_metadata[{i}]");
        let base = m.get("base").and_then(Value::as_str).unwrap_or_default();
        if !bases.insert(base.to_string()) {
            return Err(refuse(M, path, format!("duplicate client metadata for denom {base}")));
        }
        metadata(m).map_err(|msg| refuse(M, path, msg))?;
    }
    let supply = coins(M, "app_state.bank.supply", bank.get("supply"))?;
    let total: Vec<(String, U256)> = total.into_iter().collect();
    if !supply.is_empty() && supply != total {
        return Err(refuse(
            M,
            "app_state.bank.supply",
            format!("genesis supply is incorrect, expected {}, got {}", coins_string(&supply), coins_string(&total)),
        ));
    }
    Ok(())
}

/// `Metadata.Validate` (fork's `x/bank/types/metadata.go`).
fn metadata(m: &Value) -> Result<(), String> {
    let s = |k: &str| m.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let (base, display) = (s("base"), s("display"));
    if s("name").trim().is_empty() {
        return Err("name field cannot be blank".into());
    }
    if s("symbol").trim().is_empty() {
        return Err("symbol field cannot be blank".into());
    }
    if base.parse::<Denom>().is_err() {
        return Err(format!("invalid metadata base denom: invalid denom: {base}"));
    }
    if display.parse::<Denom>().is_err() {
        return Err(format!("invalid metadata display denom: invalid denom: {display}"));
    }
    let mut has_display = false;
    let mut current: u64 = 0;
    let mut seen = HashSet::new();
    for (i, u) in m.get("denom_units").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let denom = u.get("denom").and_then(Value::as_str).unwrap_or_default();
        let exponent = u.get("exponent").and_then(Value::as_u64).unwrap_or(0);
        if i == 0 {
            if denom != base {
                return Err(format!("metadata's first denomination unit must be the one with base denom '{base}'"));
            }
            if exponent != 0 {
                return Err(format!("the exponent for base denomination unit {base} must be 0"));
            }
        } else if current >= exponent {
            return Err("denom units should be sorted asc by exponent".into());
        }
        current = exponent;
        if seen.contains(denom) {
            return Err(format!("duplicate denomination unit {denom}"));
        }
        if denom == display {
            has_display = true;
        }
        if denom.parse::<Denom>().is_err() {
            return Err(format!("invalid denom unit: invalid denom: {denom}"));
        }
        let mut aliases = HashSet::new();
        for a in u.get("aliases").and_then(Value::as_array).into_iter().flatten() {
            let a = a.as_str().unwrap_or_default();
            if !aliases.insert(a) {
                return Err(format!("duplicate denomination unit alias {a}"));
            }
            if a.trim().is_empty() {
                return Err(format!("alias for denom unit {denom} cannot be blank"));
            }
        }
        seen.insert(denom);
    }
    if !has_display {
        return Err(format!("metadata must contain a denomination unit with display denom '{display}'"));
    }
    Ok(())
}

/// The fork's `x/staking/genesis.go` `validateGenesisStateValidators` over validators a genesis
/// already lists (a ceremony's gentxs add theirs later, in genutil): no consensus key twice, no
/// validator both bonded and jailed, none bonded/unbonded with zero delegator shares. The last
/// message names the validator by moniker where the SDK prints the whole struct.
fn staking(staking: &Value, prefix: &str) -> Result<(), InitChainError> {
    const M: &str = "staking";
    let mut seen = HashSet::new();
    for (i, v) in staking.get("validators").and_then(Value::as_array).into_iter().flatten().enumerate() {
        let path = format!("app_state.staking.validators[{i}]");
        let moniker = v.pointer("/description/moniker").and_then(Value::as_str).unwrap_or_default();
        let key = v
            .get("consensus_pubkey")
            .ok_or_else(|| refuse(M, format!("{path}.consensus_pubkey"), "missing consensus public key"))
            .and_then(|k| {
                crate::ConsensusPubKey::from_json(k)
                    .map_err(|e| refuse(M, format!("{path}.consensus_pubkey"), e.to_string()))
            })?;
        let digest = <sha2::Sha256 as sha2::Digest>::digest(key.0.as_bytes());
        let cons_addr = Address::from_bytes(&digest[..20])
            .to_bech32(&format!("{prefix}valcons"))
            .map_err(|e| refuse(M, &path, e.to_string()))?;
        let status = v.get("status").map(|s| match s {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        let bonded = matches!(status.as_deref(), Some("BOND_STATUS_BONDED" | "3"));
        let unbonding = matches!(status.as_deref(), Some("BOND_STATUS_UNBONDING" | "2"));
        if !seen.insert(key.base64()) {
            return Err(refuse(
                M,
                &path,
                format!("duplicate validator in genesis state: moniker {moniker}, address {cons_addr}"),
            ));
        }
        if v.get("jailed").and_then(Value::as_bool) == Some(true) && bonded {
            return Err(refuse(
                M,
                &path,
                format!("validator is bonded and jailed in genesis state: moniker {moniker}, address {cons_addr}"),
            ));
        }
        let shares = v.get("delegator_shares").and_then(Value::as_str).unwrap_or("0");
        if shares.chars().all(|c| c == '0' || c == '.') && !unbonding {
            return Err(refuse(
                M,
                &path,
                format!("bonded/unbonded genesis validator cannot have zero delegator shares, validator: {moniker}"),
            ));
        }
    }
    Ok(())
}

/// genutil's `DeliverGenTxs` through staking: each gentx's signature for the chain id at
/// account number 0, its self-delegation funded, no shared key/operator, then the validator set
/// CometBFT accepts (power from the chain's reduction, within MaxTotalVotingPower).
fn genutil(genesis: &Genesis, chain: &ChainSettings) -> Result<(), InitChainError> {
    genesis.validators(chain)?;
    Ok(())
}

/// The fork's `x/authz/genesis.go` `ValidateGenesis` and `x/authz/keeper/genesis.go`
/// InitGenesis (block time = genesis_time: an expired grant is skipped, not refused).
fn authz(authz: &Value, prefix: &str, now: time::OffsetDateTime) -> Result<(), InitChainError> {
    const M: &str = "authz";
    let list: Vec<&Value> = authz.get("authorization").and_then(Value::as_array).into_iter().flatten().collect();
    let s = |g: &Value, k: &str| g.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    // Decoding the genesis resolves every Any before any check runs.
    for (i, g) in list.iter().enumerate() {
        let t = g.pointer("/authorization/@type").and_then(Value::as_str).unwrap_or_default();
        if !KNOWN_AUTHORIZATIONS.contains(&t) {
            return Err(refuse(
                M,
                format!("app_state.authz.authorization[{i}].authorization"),
                format!("unable to resolve type URL {t}"),
            ));
        }
    }
    for (i, g) in list.iter().enumerate() {
        let path = format!("app_state.authz.authorization[{i}]");
        if s(g, "grantee").is_empty() {
            return Err(refuse(M, &path, format!("authorization: {i}, missing grantee")));
        }
        if s(g, "granter").is_empty() {
            // Sic: the real message has no space after the comma.
            return Err(refuse(M, &path, format!("authorization: {i},missing granter")));
        }
    }
    for (i, g) in list.iter().enumerate() {
        let path = format!("app_state.authz.authorization[{i}]");
        let expiration = match g.get("expiration") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let text = v.as_str().unwrap_or_default();
                Some(
                    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
                        .map_err(|e| refuse(M, format!("{path}.expiration"), format!("bad Timestamp {text:?}: {e}")))?,
                )
            }
        };
        if expiration.is_some_and(|e| e < now) {
            continue;
        }
        account_address(&s(g, "grantee"), prefix).map_err(|m| refuse(M, format!("{path}.grantee"), m))?;
        account_address(&s(g, "granter"), prefix).map_err(|m| refuse(M, format!("{path}.granter"), m))?;
    }
    Ok(())
}

/// gonka's `x/inference/types/genesis.go` `Validate` (= `Params.Validate`, its nil checks) and
/// `x/inference/module/genesis.go` InitGenesis (`InitHoldingAccounts`, the model list).
fn inference(inference: &Value, bank: &Value) -> Result<(), InitChainError> {
    const M: &str = "inference";
    if let Some(params) = inference.get("params") {
        params_validate(params).map_err(|(path, msg)| refuse(M, format!("app_state.inference.params.{path}"), msg))?;
    }
    let has_base = bank
        .get("denom_metadata")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|m| m.get("base").and_then(Value::as_str) == Some(BASE_COIN));
    if !has_base {
        return Err(refuse(M, "app_state.bank.denom_metadata", "BaseCoin denom not found"));
    }
    for (i, m) in inference.get("model_list").and_then(Value::as_array).into_iter().flatten().enumerate() {
        if m.get("proposed_by").and_then(Value::as_str) != Some("genesis") {
            return Err(refuse(
                M,
                format!("app_state.inference.model_list[{i}].proposed_by"),
                "At genesis all model.ProposedBy are expected to be \"genesis\".",
            ));
        }
    }
    Ok(())
}

/// The part of gonka's `Params.Validate` (`x/inference/types/params.go`) ported so far: the
/// nested parameter groups and their decimals must be present, timestamps positive. A genesis
/// without `params` is left alone: the stand-in's `init` writes none (the real one writes the
/// module's defaults, which pass).
fn params_validate(p: &Value) -> Result<(), (String, String)> {
    let present = |v: Option<&Value>| v.is_some_and(|v| !v.is_null());
    let groups = [
        ("validation_params", "validation params cannot be nil"),
        ("tokenomics_params", "tokenomics params cannot be nil"),
        ("collateral_params", "collateral params cannot be nil"),
        ("bitcoin_reward_params", "bitcoin reward params cannot be nil"),
        ("epoch_params", "epoch params cannot be nil"),
        ("poc_params", "poc params cannot be nil"),
    ];
    for (k, msg) in groups {
        if !present(p.get(k)) {
            return Err((k.to_string(), msg.to_string()));
        }
    }
    let decimals: [(&str, &[(&str, &str)]); 4] = [
        (
            "validation_params",
            &[
                ("false_positive_rate", "false positive rate cannot be nil"),
                ("pass_value", "pass value cannot be nil"),
                ("min_validation_average", "min validation average cannot be nil"),
                ("max_validation_average", "max validation average cannot be nil"),
                ("min_validation_halfway", "min validation halfway cannot be nil"),
                ("miss_percentage_cutoff", "miss percentage cutoff cannot be nil"),
                ("miss_requests_penalty", "miss requests penalty cannot be nil"),
            ],
        ),
        (
            "tokenomics_params",
            &[
                ("subsidy_reduction_interval", "subsidy reduction interval cannot be nil"),
                ("subsidy_reduction_amount", "subsidy reduction amount cannot be nil"),
                ("current_subsidy_percentage", "current subsidy percentage cannot be nil"),
                ("top_reward_allowed_failure", "top reward allowed failure cannot be nil"),
            ],
        ),
        (
            "bitcoin_reward_params",
            &[
                ("decay_rate", "decay rate cannot be nil"),
                ("utilization_bonus_factor", "utilization bonus factor cannot be nil"),
                ("full_coverage_bonus_factor", "full coverage bonus factor cannot be nil"),
                ("partial_coverage_bonus_factor", "partial coverage bonus factor cannot be nil"),
            ],
        ),
        (
            "dynamic_pricing_params",
            &[
                ("stability_zone_lower_bound", "stability zone lower bound cannot be nil"),
                ("stability_zone_upper_bound", "stability zone upper bound cannot be nil"),
                ("price_elasticity", "price elasticity cannot be nil"),
            ],
        ),
    ];
    for (group, fields) in decimals {
        // Validation runs group by group: the first group's timestamps before the next group.
        for (f, msg) in fields {
            if !present(p.get(group).and_then(|g| g.get(*f))) {
                return Err((format!("{group}.{f}"), msg.to_string()));
            }
        }
        if group == "validation_params" {
            for (f, msg) in [
                ("timestamp_expiration", "timestamp expiration must be positive"),
                ("timestamp_advance", "timestamp advance must be positive"),
            ] {
                let v = p.get(group).and_then(|g| g.get(f));
                let n = v.and_then(|v| v.as_str().map(str::to_string).or_else(|| v.as_i64().map(|n| n.to_string())));
                if n.and_then(|n| n.parse::<i64>().ok()).is_none_or(|n| n <= 0) {
                    return Err((format!("{group}.{f}"), msg.to_string()));
                }
            }
        }
    }
    Ok(())
}
