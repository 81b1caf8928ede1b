//! The genesis file: read, patched (accounts, gen_txs) and validated without losing anything.
//!
//! The document stays a JSON tree in its original key order: a real genesis carries dozens of
//! modules this crate knows nothing about, and `add-genesis-account` or `collect-gentxs` must
//! not reorder or drop them. Typed views are computed from the tree when asked for.

use crate::chain::{ChainSettings, MAX_TOTAL_VOTING_POWER};
use crate::files::{write_atomic, FileError, Mode};
use crate::genparticipant::{
    format_timestamp, VerifiedGenParticipant, GENERIC_AUTHORIZATION, INFERENCE_OPERATION_KEY_PERMS,
};
use crate::gentx::{GenTx, GentxError, VerifiedGentx};
use crate::{Address, ChainId, Coin, Coins, ConsensusPubKey, Denom};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// `inference.inference.ParticipantStatus.ACTIVE`.
pub const PARTICIPANT_STATUS_ACTIVE: u64 = 1;

#[derive(Debug, thiserror::Error)]
pub enum GenesisError {
    #[error("{path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}: malformed genesis JSON: {reason}")]
    Json { path: String, reason: String },
    #[error("genesis: {0}")]
    Invalid(String),
    /// The SDK's words (`x/genutil/genaccounts.go`), leading space and second line included.
    #[error(" Account {0} already exists\nUse `append` flag to append account at existing address")]
    DuplicateAccount(String),
    /// `add-genesis-account` refused its arguments, in the SDK's words.
    #[error("{0}")]
    AddAccount(String),
    #[error("gentx {index} ({moniker}): {source}")]
    Gentx { index: usize, moniker: String, source: GentxError },
    #[error("gentx {index} ({moniker}): {reason}")]
    GentxAgainstGenesis { index: usize, moniker: String, reason: String },
    /// What CometBFT (or the SDK before it) refuses in the validator set InitChain returns.
    #[error("gentx {index} ({moniker}): {reason}")]
    VotingPower { index: usize, moniker: String, reason: String },
    #[error("{0}")]
    TotalVotingPower(String),
    #[error(transparent)]
    Write(#[from] FileError),
}

fn invalid(reason: impl Into<String>) -> GenesisError {
    GenesisError::Invalid(reason.into())
}

/// The flags of `add-genesis-account` (cosmos-sdk `x/genutil/client/cli/genaccount.go`), with
/// the flags' defaults: 0 = unset time, empty = no vesting or module.
#[derive(Clone, Debug, Default)]
pub struct AccountOptions {
    pub vesting_amount: Option<Coins>,
    pub vesting_start: i64,
    pub vesting_end: i64,
    pub append: bool,
    pub module_name: Option<String>,
}

/// A validator as the genesis defines it through its gentx.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenesisValidator {
    pub moniker: String,
    pub operator_address: String,
    pub pubkey: ConsensusPubKey,
    pub tokens: u128,
    pub power: u64,
}

#[derive(Clone, Debug)]
pub struct Genesis {
    doc: Value,
}

impl Genesis {
    pub fn parse(bytes: &[u8], path: &str) -> Result<Genesis, GenesisError> {
        let doc: Value = serde_json::from_slice(bytes)
            .map_err(|e| GenesisError::Json { path: path.to_string(), reason: e.to_string() })?;
        if !doc.is_object() {
            return Err(GenesisError::Json { path: path.into(), reason: "top level is not an object".into() });
        }
        let g = Genesis { doc };
        g.chain_id().map_err(|e| GenesisError::Json { path: path.into(), reason: e.to_string() })?;
        Ok(g)
    }

    pub fn load(path: &Path) -> Result<Genesis, GenesisError> {
        let bytes =
            std::fs::read(path).map_err(|source| GenesisError::Read { path: path.display().to_string(), source })?;
        Self::parse(&bytes, &path.display().to_string())
    }

    /// Two-space indented JSON, as the SDK's `AppGenesis.SaveAs` writes it.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(&self.doc).unwrap_or_default();
        out.push(b'\n');
        out
    }

    pub fn save(&self, path: &Path) -> Result<(), GenesisError> {
        write_atomic(path, &self.to_bytes(), Mode::Public)?;
        Ok(())
    }

    pub fn as_value(&self) -> &Value {
        &self.doc
    }

    /// The genesis `init` writes around the application's default `app_state` (which the
    /// caller supplies: it is the chain's, every module's `DefaultGenesis`): CometBFT 0.38's
    /// default consensus params, as the SDK's `AppGenesis` carries them.
    pub fn new(chain_id: &ChainId, genesis_time: &str, app_name: &str, app_version: &str, app_state: Value) -> Genesis {
        let doc = json!({
            "app_name": app_name,
            "app_version": app_version,
            "genesis_time": genesis_time,
            "chain_id": chain_id.as_str(),
            "initial_height": 1,
            "app_hash": null,
            "app_state": app_state,
            "consensus": {
                "params": {
                    "block": {"max_bytes": "22020096", "max_gas": "-1"},
                    "evidence": {"max_age_num_blocks": "100000", "max_age_duration": "172800000000000", "max_bytes": "1048576"},
                    "validator": {"pub_key_types": ["ed25519"]},
                    "version": {"app": "0"},
                    "abci": {"vote_extensions_enable_height": "0"}
                }
            }
        });
        Genesis { doc }
    }

    pub fn chain_id(&self) -> Result<ChainId, GenesisError> {
        let s = self.doc.get("chain_id").and_then(Value::as_str).ok_or_else(|| invalid("missing chain_id"))?;
        s.parse().map_err(|e: crate::ChainIdError| invalid(e.to_string()))
    }

    pub fn genesis_time(&self) -> Result<time::OffsetDateTime, GenesisError> {
        let s = self.doc.get("genesis_time").and_then(Value::as_str).ok_or_else(|| invalid("missing genesis_time"))?;
        time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
            .map_err(|e| invalid(format!("genesis_time {s:?}: {e}")))
    }

    pub fn initial_height(&self) -> Result<u64, GenesisError> {
        match self.doc.get("initial_height") {
            None => Ok(1),
            Some(Value::Number(n)) => n.as_u64().ok_or_else(|| invalid("initial_height is not a positive integer")),
            Some(Value::String(s)) => s.parse().map_err(|_| invalid("initial_height is not a positive integer")),
            Some(_) => Err(invalid("initial_height is not a positive integer")),
        }
        .and_then(|h| if h == 0 { Err(invalid("initial_height must be at least 1")) } else { Ok(h) })
    }

    fn module(&self, name: &str) -> Option<&Value> {
        self.doc.get("app_state")?.get(name)
    }

    fn module_mut(&mut self, name: &str) -> Result<&mut Map<String, Value>, GenesisError> {
        self.doc
            .get_mut("app_state")
            .and_then(Value::as_object_mut)
            .ok_or_else(|| invalid("missing app_state"))?
            .get_mut(name)
            .and_then(Value::as_object_mut)
            .ok_or_else(|| invalid(format!("missing app_state.{name}")))
    }

    /// One module's section of `app_state`, as it stands.
    pub fn section(&self, name: &str) -> Option<&Value> {
        self.module(name)
    }

    /// Replaces one module's section of `app_state` (the chain's codec re-encodes a section it
    /// rewrote; this crate does not know the modules' schemas).
    pub fn set_section(&mut self, name: &str, section: Value) -> Result<(), GenesisError> {
        self.doc
            .get_mut("app_state")
            .and_then(Value::as_object_mut)
            .ok_or_else(|| invalid("missing app_state"))?
            .insert(name.to_string(), section);
        Ok(())
    }

    /// The list at `module.key`, created empty when absent; anything else there is refused
    /// rather than overwritten.
    fn array_mut<'a>(module: &'a mut Map<String, Value>, key: &str) -> Result<&'a mut Vec<Value>, GenesisError> {
        module
            .entry(key.to_string())
            .or_insert_with(|| json!([]))
            .as_array_mut()
            .ok_or_else(|| invalid(format!("{key} is not a list")))
    }

    pub fn bond_denom(&self) -> Option<Denom> {
        self.module("staking")?.get("params")?.get("bond_denom")?.as_str()?.parse().ok()
    }

    /// Every account's address, whatever the account type (base, module, vesting).
    pub fn account_addresses(&self) -> Result<Vec<String>, GenesisError> {
        let accounts = self.module("auth").and_then(|a| a.get("accounts")).and_then(Value::as_array);
        accounts
            .map(|list| {
                list.iter()
                    .map(|a| account_address(a).ok_or_else(|| invalid("an auth account has no address")))
                    .collect()
            })
            .unwrap_or_else(|| Ok(Vec::new()))
    }

    fn balances(&self) -> Result<BTreeMap<String, Coins>, GenesisError> {
        let mut out = BTreeMap::new();
        let list = self.module("bank").and_then(|b| b.get("balances")).and_then(Value::as_array);
        for b in list.into_iter().flatten() {
            let addr =
                b.get("address").and_then(Value::as_str).ok_or_else(|| invalid("a bank balance has no address"))?;
            let coins = parse_coins(b.get("coins")).map_err(|e| invalid(format!("balance of {addr}: {e}")))?;
            if out.insert(addr.to_string(), coins).is_some() {
                return Err(invalid(format!("duplicate balance for {addr}")));
            }
        }
        Ok(out)
    }

    pub fn balance(&self, address: &str) -> Result<Coins, GenesisError> {
        Ok(self.balances()?.remove(address).unwrap_or_default())
    }

    /// `add-genesis-account` without flags: a BaseAccount.
    pub fn add_account(&mut self, address: &str, coins: &Coins) -> Result<(), GenesisError> {
        self.add_genesis_account(address, coins, &AccountOptions::default())
    }

    /// `add-genesis-account` with its flags, as cosmos-sdk (product-science fork v0.53.3-ps4)
    /// `x/genutil/genaccounts.go` `AddGenesisAccount` does it: the account type from the
    /// vesting flags (ContinuousVestingAccount with start and end, DelayedVestingAccount with
    /// end only) or `--module-name`; a new account numbered 0 and then renumbered by
    /// `SanitizeGenesisAccounts` (`x/auth/types/genesis.go`: a repeated number becomes the
    /// lowest unused one, then the list is sorted by number); its balance, kept sorted by
    /// address bytes (`SanitizeGenesisBalances`, `x/bank/types/balance.go`); the supply
    /// increased. With `append`, an existing account's balance grows instead.
    pub fn add_genesis_account(
        &mut self,
        address: &str,
        coins: &Coins,
        opts: &AccountOptions,
    ) -> Result<(), GenesisError> {
        let (prefix, _) = Address::decode(address).map_err(|e| invalid(e.to_string()))?;
        let refuse = |m: &str| GenesisError::AddAccount(m.to_string());
        let vesting = opts.vesting_amount.as_ref().filter(|v| v.iter().any(|c| c.amount > 0));
        let base =
            |number: &str| json!({"address": address, "pub_key": null, "account_number": number, "sequence": "0"});
        let account = match vesting {
            Some(original) => {
                if opts.vesting_end < 0 {
                    return Err(refuse("failed to create base vesting account: end time cannot be negative"));
                }
                if coins.iter().all(|c| c.amount == 0) || original.iter().any(|c| c.amount > coins.amount_of(&c.denom))
                {
                    return Err(refuse("vesting amount cannot be greater than total amount"));
                }
                let base_vesting = json!({
                    "base_account": base("0"),
                    "original_vesting": original.to_json(),
                    "delegated_free": [],
                    "delegated_vesting": [],
                    "end_time": opts.vesting_end.to_string(),
                });
                if opts.vesting_start != 0 && opts.vesting_end != 0 {
                    if opts.vesting_start >= opts.vesting_end {
                        return Err(refuse(
                            "failed to validate new genesis account: vesting start-time cannot be before end-time",
                        ));
                    }
                    json!({"@type": "/cosmos.vesting.v1beta1.ContinuousVestingAccount",
                           "base_vesting_account": base_vesting, "start_time": opts.vesting_start.to_string()})
                } else if opts.vesting_end != 0 {
                    json!({"@type": "/cosmos.vesting.v1beta1.DelayedVestingAccount",
                           "base_vesting_account": base_vesting})
                } else {
                    return Err(refuse("invalid vesting parameters; must supply start and end time or end time"));
                }
            }
            None => match opts.module_name.as_deref().filter(|n| !n.is_empty()) {
                // NewEmptyModuleAccount(name, Burner, Minter): the account lives at the
                // module's address (sha256(name)[:20]); the balance still goes to `address`,
                // as in the SDK.
                Some(name) => {
                    let module_addr = module_address(name).to_bech32(&prefix).map_err(|e| invalid(e.to_string()))?;
                    json!({"@type": "/cosmos.auth.v1beta1.ModuleAccount",
                           "base_account": {"address": module_addr, "pub_key": null, "account_number": "0", "sequence": "0"},
                           "name": name, "permissions": ["burner", "minter"]})
                }
                None => {
                    let mut a = json!({"@type": "/cosmos.auth.v1beta1.BaseAccount"});
                    if let (Some(obj), Some(b)) = (a.as_object_mut(), base("0").as_object()) {
                        obj.extend(b.clone());
                    }
                    a
                }
            },
        };

        let exists = self.account_addresses()?.iter().any(|a| a == address);
        // A balance without its account: the SDK would add a second balance for the address
        // and fail only at `genesis validate`; refused at once here.
        let orphan_balance = !exists && self.balances()?.contains_key(address);
        if exists || orphan_balance {
            if !opts.append || orphan_balance {
                return Err(GenesisError::DuplicateAccount(address.to_string()));
            }
            let bank = self.module_mut("bank")?;
            let balances = Self::array_mut(bank, "balances")?;
            if let Some(b) = balances.iter_mut().find(|b| b.get("address").and_then(Value::as_str) == Some(address)) {
                let old = parse_coins(b.get("coins")).map_err(|e| invalid(format!("balance of {address}: {e}")))?;
                b["coins"] = add_coins(&old, coins)?.to_json();
            }
        } else {
            let auth = self.module_mut("auth")?;
            let accounts = Self::array_mut(auth, "accounts")?;
            accounts.push(account);
            sanitize_accounts(accounts)?;
            let bank = self.module_mut("bank")?;
            let balances = Self::array_mut(bank, "balances")?;
            balances.push(json!({"address": address, "coins": coins.to_json()}));
        }
        let bank = self.module_mut("bank")?;
        let balances = Self::array_mut(bank, "balances")?;
        // sort.Sort over address bytes; an address that does not decode sorts first, as the
        // SDK's empty AccAddress would.
        balances.sort_by_key(|b| {
            b.get("address").and_then(Value::as_str).and_then(|a| Address::decode(a).ok()).map(|(_, a)| a)
        });
        let supply_value = bank.get("supply").cloned();
        let supply = parse_coins(supply_value.as_ref()).map_err(|e| invalid(format!("bank.supply: {e}")))?;
        bank.insert("supply".into(), add_coins(&supply, coins)?.to_json());
        Ok(())
    }

    /// `genesis patch-genesis` for one verified genparticipant: upserts the participant in
    /// `inference.participant_list` (index = address = creator, weight 1, status ACTIVE), puts its
    /// grants in `authz.authorization` (expiration in whole seconds, as the authz keeper stores
    /// it) and gives the warm key a BaseAccount. Applying the same file twice changes nothing.
    /// `now` is what join_time and last_inference_time record.
    pub fn patch_participant(&mut self, p: &VerifiedGenParticipant, now: i64) -> Result<(), GenesisError> {
        let creator = p.creator_bech32();
        let warm = p.warm_bech32();
        let entry = json!({
            "index": creator, "address": creator, "weight": 1, "join_time": now, "last_inference_time": now,
            "inference_url": p.url, "status": PARTICIPANT_STATUS_ACTIVE, "validator_key": p.validator_key.base64(),
            "current_epoch_stats": {}
        });
        let inference = self.module_mut("inference")?;
        let list = Self::array_mut(inference, "participant_list")?;
        match list.iter_mut().find(|e| e.get("index").and_then(Value::as_str) == Some(creator.as_str())) {
            // The first patch's times stay; everything the file says is replaced.
            Some(old) => {
                let times = ["join_time", "last_inference_time"].map(|k| (k, old.get(k).cloned()));
                *old = entry;
                for (k, t) in times {
                    if let (Some(t), Some(o)) = (t, old.as_object_mut()) {
                        o.insert(k.into(), t);
                    }
                }
            }
            None => list.push(entry),
        }

        let expiration = format_timestamp(
            p.expiration.replace_nanosecond(0).map_err(|e| invalid(format!("grant expiration: {e}")))?,
        );
        let authz = self.module_mut("authz")?;
        let grants = Self::array_mut(authz, "authorization")?;
        for perm in INFERENCE_OPERATION_KEY_PERMS {
            let grant = json!({
                "granter": creator, "grantee": warm,
                "authorization": {"@type": GENERIC_AUTHORIZATION, "msg": perm},
                "expiration": expiration
            });
            let same = |g: &Value| {
                g.get("granter") == grant.get("granter")
                    && g.get("grantee") == grant.get("grantee")
                    && g.get("authorization") == grant.get("authorization")
            };
            match grants.iter_mut().find(|g| same(g)) {
                Some(old) => *old = grant,
                None => grants.push(grant),
            }
        }

        if !self.account_addresses()?.contains(&warm) {
            let auth = self.module_mut("auth")?;
            let accounts = Self::array_mut(auth, "accounts")?;
            let number = accounts.len();
            accounts.push(json!({
                "@type": "/cosmos.auth.v1beta1.BaseAccount", "account_number": number.to_string(),
                "address": warm, "pub_key": null, "sequence": "0"
            }));
        }
        Ok(())
    }

    /// The coordinator's last edit: when the chain starts.
    pub fn set_genesis_time(&mut self, t: time::OffsetDateTime) -> Result<(), GenesisError> {
        let obj = self.doc.as_object_mut().ok_or_else(|| invalid("top level is not an object"))?;
        obj.insert("genesis_time".into(), Value::String(format_timestamp(t)));
        Ok(())
    }

    /// The participants `patch-genesis` wrote: (address, inference_url, validator_key).
    pub fn participants(&self) -> Vec<(String, String, String)> {
        let list = self.module("inference").and_then(|m| m.get("participant_list")).and_then(Value::as_array);
        let s = |e: &Value, k: &str| e.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        list.into_iter().flatten().map(|e| (s(e, "address"), s(e, "inference_url"), s(e, "validator_key"))).collect()
    }

    /// The message types `granter` has granted `grantee` in `authz.authorization`.
    pub fn grants(&self, granter: &str, grantee: &str) -> Vec<String> {
        let list = self.module("authz").and_then(|m| m.get("authorization")).and_then(Value::as_array);
        list.into_iter()
            .flatten()
            .filter(|g| {
                g.get("granter").and_then(Value::as_str) == Some(granter)
                    && g.get("grantee").and_then(Value::as_str) == Some(grantee)
            })
            .filter_map(|g| g.get("authorization")?.get("msg")?.as_str().map(str::to_string))
            .collect()
    }

    pub fn gen_txs(&self) -> Result<Vec<GenTx>, GenesisError> {
        let list = self.module("genutil").and_then(|g| g.get("gen_txs")).and_then(Value::as_array);
        list.into_iter()
            .flatten()
            .enumerate()
            .map(|(index, v)| {
                GenTx::from_value(v).map_err(|source| GenesisError::Gentx { index, moniker: moniker_of(v), source })
            })
            .collect()
    }

    pub fn set_gen_txs(&mut self, gentxs: &[GenTx]) -> Result<(), GenesisError> {
        let genutil = self.module_mut("genutil")?;
        genutil.insert("gen_txs".into(), Value::Array(gentxs.iter().map(GenTx::to_value).collect()));
        Ok(())
    }

    /// What a gentx must satisfy against this genesis: its account is funded with at least the
    /// self-delegation, in the bond denom.
    pub fn check_gentx(&self, index: usize, v: &VerifiedGentx) -> Result<(), GenesisError> {
        let fail = |reason: String| GenesisError::GentxAgainstGenesis { index, moniker: v.moniker.clone(), reason };
        if let Some(bond) = self.bond_denom() {
            if v.self_delegation.denom != bond {
                return Err(fail(format!(
                    "self-delegation is in {}, the bond denom is {bond}",
                    v.self_delegation.denom
                )));
            }
        }
        let account = v.account_bech32();
        if !self.account_addresses()?.contains(&account) {
            return Err(fail(format!("account {account} is not in the genesis")));
        }
        let have = self.balance(&account)?.amount_of(&v.self_delegation.denom);
        if have < v.self_delegation.amount {
            return Err(fail(format!(
                "account {account} has {have}{} but delegates {}",
                v.self_delegation.denom, v.self_delegation
            )));
        }
        Ok(())
    }

    /// Verifies a list of gentxs against this genesis: each on its own, then against the
    /// accounts, then against each other (no shared consensus key, operator or moniker).
    pub fn verify_gentxs(&self, gentxs: &[GenTx]) -> Result<Vec<VerifiedGentx>, GenesisError> {
        let chain_id = self.chain_id()?;
        let mut keys = HashSet::new();
        let mut operators = HashSet::new();
        let mut monikers = HashSet::new();
        let mut out = Vec::with_capacity(gentxs.len());
        for (index, g) in gentxs.iter().enumerate() {
            let moniker = g.moniker().unwrap_or_default().to_string();
            let v = g.verify(&chain_id).map_err(|source| GenesisError::Gentx {
                index,
                moniker: moniker.clone(),
                source,
            })?;
            self.check_gentx(index, &v)?;
            let dup = |what: &str| GenesisError::GentxAgainstGenesis {
                index,
                moniker: moniker.clone(),
                reason: format!("duplicate {what}"),
            };
            if !keys.insert(v.consensus_pubkey.base64()) {
                return Err(dup("consensus public key"));
            }
            if !operators.insert(v.operator_address.clone()) {
                return Err(dup("validator operator"));
            }
            if !monikers.insert(v.moniker.clone()) {
                return Err(dup("moniker"));
            }
            out.push(v);
        }
        Ok(out)
    }

    /// The validator set the chain starts with: power = self-delegation / the chain's power
    /// reduction, truncated (`sdk.TokensToConsensusPower`); zero-power validators are not in
    /// CometBFT's set. Refused as the real stack refuses it: a power beyond int64 panics in
    /// the SDK (`math.Int.Int64`: "Int64() out of bound"), one beyond CometBFT's
    /// `MaxTotalVotingPower` or a sum beyond it fails `NewValidatorSet` (cometbft
    /// `types/validator_set.go`, `processChanges` and `verifyUpdates`).
    pub fn validators(&self, chain: &ChainSettings) -> Result<Vec<GenesisValidator>, GenesisError> {
        let verified = self.verify_gentxs(&self.gen_txs()?)?;
        let mut total: u64 = 0;
        let mut out = Vec::with_capacity(verified.len());
        for (index, v) in verified.into_iter().enumerate() {
            let fail = |reason: String| GenesisError::VotingPower { index, moniker: v.moniker.clone(), reason };
            let power = chain.power_reduction.power_of(v.self_delegation.amount);
            if power > i64::MAX as u128 {
                return Err(fail(format!("power {power} of {}: Int64() out of bound", v.self_delegation)));
            }
            let power = power as u64;
            if power > MAX_TOTAL_VOTING_POWER {
                return Err(fail(format!(
                    "to prevent clipping/overflow, voting power can't be higher than {MAX_TOTAL_VOTING_POWER}, got {power}"
                )));
            }
            if power == 0 {
                continue;
            }
            total = total.saturating_add(power);
            if total > MAX_TOTAL_VOTING_POWER {
                return Err(GenesisError::TotalVotingPower(format!(
                    "total voting power of resulting valset exceeds max {MAX_TOTAL_VOTING_POWER}"
                )));
            }
            out.push(GenesisValidator {
                moniker: v.moniker,
                operator_address: v.operator_address,
                pubkey: v.consensus_pubkey,
                tokens: v.self_delegation.amount,
                power,
            });
        }
        Ok(out)
    }

    /// `genesis validate`: the structure, the accounts, the supply and every gentx.
    pub fn validate(&self) -> Result<Vec<VerifiedGentx>, GenesisError> {
        self.chain_id()?;
        self.genesis_time()?;
        self.initial_height()?;
        if !self.doc.get("app_state").is_some_and(Value::is_object) {
            return Err(invalid("app_state is missing or not an object"));
        }
        let mut seen = HashSet::new();
        for a in self.account_addresses()? {
            Address::decode(&a).map_err(|e| invalid(format!("auth account: {e}")))?;
            if !seen.insert(a.clone()) {
                return Err(invalid(format!("duplicate account {a}")));
            }
        }
        let balances = self.balances()?;
        let mut totals: BTreeMap<Denom, u128> = BTreeMap::new();
        for (addr, coins) in &balances {
            Address::decode(addr).map_err(|e| invalid(format!("bank balance: {e}")))?;
            for c in coins.iter() {
                let t = totals.entry(c.denom.clone()).or_default();
                *t = t.checked_add(c.amount).ok_or_else(|| invalid("balances overflow"))?;
            }
        }
        let supply = parse_coins(self.module("bank").and_then(|b| b.get("supply")))
            .map_err(|e| invalid(format!("bank.supply: {e}")))?;
        if supply.iter().next().is_some() {
            for c in supply.iter() {
                let sum = totals.get(&c.denom).copied().unwrap_or(0);
                if sum != c.amount {
                    return Err(invalid(format!("bank.supply says {c} but balances sum to {sum}{}", c.denom)));
                }
            }
        }
        self.verify_gentxs(&self.gen_txs()?)
    }
}

fn moniker_of(v: &Value) -> String {
    v.pointer("/body/messages/0/description/moniker").and_then(Value::as_str).unwrap_or("?").to_string()
}

fn account_address(account: &Value) -> Option<String> {
    if let Some(a) = account.get("address").and_then(Value::as_str) {
        return Some(a.to_string());
    }
    ["base_account", "base_vesting_account"].iter().find_map(|k| account.get(*k).and_then(account_address))
}

/// `authtypes.NewModuleAddress`: `address.Module(name)` = sha256(name)[:20]
/// (cosmos-sdk `types/address/hash.go`).
pub fn module_address(name: &str) -> Address {
    use sha2::{Digest, Sha256};
    Address::from_bytes(&Sha256::digest(name.as_bytes())[..20])
}

/// `sdk.Coins.Add`: sums per denom, sorted by denom.
fn add_coins(a: &Coins, b: &Coins) -> Result<Coins, GenesisError> {
    let mut sum: Vec<Coin> = a.iter().cloned().collect();
    for c in b.iter() {
        match sum.iter_mut().find(|s| s.denom == c.denom) {
            Some(s) => s.amount = s.amount.checked_add(c.amount).ok_or_else(|| invalid("supply overflows"))?,
            None => sum.push(c.clone()),
        }
    }
    Coins::new(sum).map_err(|e| invalid(e.to_string()))
}

/// The `account_number` of any account type (base, module, vesting), as a mutable slot.
fn account_number_slot(account: &mut Value) -> Option<&mut Value> {
    if account.get("account_number").is_some() {
        return account.get_mut("account_number");
    }
    if account.get("base_account").is_some() {
        return account.get_mut("base_account").and_then(account_number_slot);
    }
    account.get_mut("base_vesting_account").and_then(account_number_slot)
}

fn account_number(account: &mut Value) -> Result<u64, GenesisError> {
    let slot = account_number_slot(account).ok_or_else(|| invalid("an auth account has no account_number"))?;
    match slot {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
    .ok_or_else(|| invalid("an auth account's account_number is not an unsigned integer"))
}

/// `SanitizeGenesisAccounts` (cosmos-sdk `x/auth/types/genesis.go`): every account number
/// seen again after its first holder becomes the lowest number not yet used (duplicates taken
/// by increasing number, each group in list order), then the list is sorted by number.
fn sanitize_accounts(accounts: &mut [Value]) -> Result<(), GenesisError> {
    let mut seen: HashSet<u64> = HashSet::new();
    let mut dups: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for (i, a) in accounts.iter_mut().enumerate() {
        let n = account_number(a)?;
        if !seen.insert(n) {
            dups.entry(n).or_default().push(i);
        }
    }
    let mut next = 0u64;
    for idxs in dups.values() {
        for &i in idxs {
            while seen.contains(&next) {
                next += 1;
            }
            if let Some(slot) = account_number_slot(&mut accounts[i]) {
                *slot = Value::String(next.to_string());
            }
            seen.insert(next);
        }
    }
    let mut keyed: Vec<(u64, Value)> = Vec::with_capacity(accounts.len());
    for a in accounts.iter_mut() {
        keyed.push((account_number(a)?, a.take()));
    }
    keyed.sort_by_key(|(n, _)| *n);
    for (slot, (_, a)) in accounts.iter_mut().zip(keyed) {
        *slot = a;
    }
    Ok(())
}

fn parse_coins(v: Option<&Value>) -> Result<Coins, crate::CoinError> {
    let list = v.and_then(Value::as_array).cloned().unwrap_or_default();
    let coins = list
        .iter()
        .map(|c| {
            Coin::from_parts(
                c.get("amount").and_then(Value::as_str).unwrap_or(""),
                c.get("denom").and_then(Value::as_str).unwrap_or(""),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    Coins::new(coins)
}
