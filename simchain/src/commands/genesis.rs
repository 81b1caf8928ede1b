use crate::cli::{GenesisCmd, GentxArgs};
use crate::config_edit;
use anyhow::{anyhow, bail, Context, Result};
use cosmos_formats::dec::Dec;
use cosmos_formats::files::{write_atomic, Mode};
use cosmos_formats::genparticipant::{GenParticipantParams, GenParticipantTx};
use cosmos_formats::gentx::{Description, GenTx, GentxParams};
use cosmos_formats::keyfiles::{NodeKey, PrivValidatorKey};
use cosmos_formats::{Address, ChainId, Coin, Coins, ConsensusPubKey, Genesis, GenesisError, NodeId};
use simchain::keyring::Input;
use std::path::{Path, PathBuf};

pub fn run(g: GenesisCmd, prefix: &str) -> Result<()> {
    match g {
        GenesisCmd::AddGenesisAccount {
            address_or_key_name,
            coins,
            vesting_amount,
            vesting_start_time,
            vesting_end_time,
            append,
            module_name,
            keyring,
            home,
        } => {
            let home = super::home(&home);
            let path = home.require_genesis()?;
            // The SDK's wording (`x/genutil/genaccounts.go`): "failed to parse coins: …".
            let coins: Coins = coins.parse().context("failed to parse coins")?;
            let opts = cosmos_formats::genesis::AccountOptions {
                vesting_amount: match vesting_amount.trim() {
                    "" => None,
                    v => Some(v.parse().context("failed to parse vesting amount")?),
                },
                vesting_start: vesting_start_time,
                vesting_end: vesting_end_time,
                append,
                module_name: Some(module_name).filter(|m| !m.is_empty()),
            };
            let address = match Address::parse(&address_or_key_name, prefix) {
                Ok(a) => a,
                // Not an address of this chain: the SDK then looks the argument up as a key name.
                Err(parse_err) => {
                    let mut input = Input::stdin();
                    let mut kr = super::open_keyring(&keyring, &home, &mut input)?;
                    match kr.info(&address_or_key_name) {
                        Ok(info) => info.address,
                        Err(simchain::keyring::KeyringError::NotFound(_)) if address_or_key_name.contains('1') => {
                            return Err(anyhow!(parse_err));
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
            };
            let mut genesis = Genesis::load(&path)?;
            genesis.add_genesis_account(&address.to_bech32(prefix)?, &coins, &opts)?;
            // The real command re-marshals the whole auth and bank sections with the app's codec
            // (x/genutil/genaccounts.go: cdc.MarshalJSON of both GenesisStates): every field in
            // proto order, zero values emitted, so metadata merged in by jq gains `uri`.
            for module in ["auth", "bank"] {
                let section = genesis.section(module).cloned().unwrap_or(serde_json::Value::Null);
                let canonical = app_genesis::canonical_section(module, &section)
                    .map_err(|e| anyhow!("failed to unmarshal genesis state: {e}"))?;
                genesis.set_section(module, canonical)?;
            }
            genesis.save(&path)?;
            Ok(())
        }
        GenesisCmd::Gentx(a) => gentx(a, prefix),
        GenesisCmd::CollectGentxs { gentx_dir, home } => {
            let home = super::home(&home);
            let path = home.require_genesis()?;
            let dir = gentx_dir.unwrap_or_else(|| home.gentx_dir());
            collect(&path, &dir)
        }
        GenesisCmd::PatchGenesis { genparticipant_dir, gentx_dir: _, home } => {
            let home = super::home(&home);
            let path = home.require_genesis()?;
            let dir = genparticipant_dir.unwrap_or_else(|| home.genparticipant_dir());
            patch_genesis(&path, &dir)
        }
        GenesisCmd::Validate { file, home } => {
            let home = super::home(&home);
            let path = match file {
                Some(f) => f,
                None => home.require_genesis()?,
            };
            let genesis = Genesis::load(&path)?;
            // Stricter than the real `genesis validate` (which runs only ValidateGenesis): the
            // InitChain checks too, so a genesis the real chain would panic on is refused here.
            init_chain_checks(&genesis, &path, prefix)?;
            genesis.validate()?;
            println!("File at {} is a valid genesis file", path.display());
            Ok(())
        }
    }
}

/// What `inferenced` refuses in `genesis validate` or at InitChain, as one line naming the
/// file, module and JSON path: first every module section decoded as the app's JSON codec
/// decodes it (app-genesis: unknown fields, wrong types, malformed values), then the modules'
/// own checks (`genesis_checks`).
pub(crate) fn init_chain_checks(genesis: &Genesis, path: &Path, prefix: &str) -> Result<()> {
    let app_state = genesis.as_value().get("app_state").cloned().unwrap_or(serde_json::Value::Null);
    app_genesis::decode_app_state(&app_state).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    cosmos_formats::genesis_checks::check(genesis, &simchain::CHAIN, prefix)
        .map_err(|e| anyhow!("{}: {e}", path.display()))
}

/// `--chain-id`, else client.toml's `chain-id`, else the real daemon's compiled-in default
/// "inference" (`root.go`): never the genesis file's, so a runner that forgets the flag signs
/// for the wrong chain and is refused below.
fn gentx_chain_id(a: &GentxArgs, home: &crate::home::Home) -> Result<ChainId> {
    let raw = match &a.chain_id {
        Some(c) => c.clone(),
        None => config_edit::get(&home.client_toml(), "chain-id")
            .ok()
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| "inference".into()),
    };
    raw.parse().context("--chain-id")
}

fn gentx(a: GentxArgs, prefix: &str) -> Result<()> {
    let home = super::home(&a.home);
    let genesis = Genesis::load(&home.require_genesis()?)?;
    let genesis_chain = genesis.chain_id()?;
    let chain_id = gentx_chain_id(&a, &home)?;
    if chain_id != genesis_chain {
        bail!(
            "--chain-id {chain_id} does not match the genesis chain id {genesis_chain} in {}",
            home.genesis().display()
        );
    }
    let amount: Coin = a.amount.parse().context("amount")?;
    let pubkey = match &a.pubkey {
        // custom_gentx.go: utils.SafeCreateED25519ValidatorKey, base64 of the raw key.
        Some(b64) => ConsensusPubKey::from_base64(b64.trim())
            .map_err(|e| anyhow!("invalid --pubkey {b64:?}: {e} (expected base64 of a 32-byte ed25519 key)"))?,
        None => PrivValidatorKey::load(&home.priv_validator_key())?.public(),
    };
    let node_id: NodeId = match a.node_id.as_deref().filter(|s| !s.is_empty()) {
        Some(id) => id.parse().context("--node-id")?,
        None => NodeKey::load(&home.node_key())?.node_id(),
    };
    if a.ml_operational_address.is_empty() {
        bail!("--ml-operational-address is required");
    }
    let warm = Address::parse(&a.ml_operational_address, prefix)
        .map_err(|e| anyhow!("invalid --ml-operational-address {:?}: {e}", a.ml_operational_address))?;
    if a.url.is_empty() {
        bail!("--url is required");
    }
    let moniker = match a.moniker.as_deref().filter(|s| !s.is_empty()) {
        Some(m) => m.to_string(),
        None => config_edit::get(&home.config_toml(), "moniker")?,
    };
    // custom_gentx.go validates the whole genesis before it signs anything.
    genesis.validate()?;
    let mut input = Input::stdin();
    let mut kr = super::open_keyring(&a.keyring, &home, &mut input)?;
    let key = kr.signing_key(&a.key_name)?;
    let account = key.address().to_bech32(prefix)?;
    if !genesis.account_addresses()?.contains(&account) {
        bail!("account {account} does not have a balance in the genesis state");
    }
    let balance = genesis.balance(&account)?.amount_of(&amount.denom);
    if balance < amount.amount {
        bail!("insufficient fund for delegation {}: account {account} has {balance}{}", amount, amount.denom);
    }
    if a.account_number != 0 || a.sequence != 0 {
        bail!("genesis transactions are signed with account number 0 and sequence 0");
    }
    let dec = |flag: &str, v: &str| v.parse::<Dec>().with_context(|| flag.to_string());
    let tx = GenTx::build(GentxParams {
        key: &key,
        account_prefix: prefix,
        chain_id: &chain_id,
        description: Description {
            moniker,
            identity: a.identity.clone(),
            website: a.website.clone(),
            security_contact: a.security_contact.clone(),
            details: a.details.clone(),
        },
        consensus_pubkey: pubkey,
        amount,
        commission_rate: dec("--commission-rate", &a.commission_rate)?,
        commission_max_rate: dec("--commission-max-rate", &a.commission_max_rate)?,
        commission_max_change_rate: dec("--commission-max-change-rate", &a.commission_max_change_rate)?,
        min_self_delegation: a.min_self_delegation.parse().context("--min-self-delegation")?,
        // The real command builds the memo `<node-id>@<ip>:<port>` and then drops it with the
        // tx factory that carried it: every mainnet gentx has an empty memo.
        memo: a.note.clone(),
    })?;
    // Check what we made with the verifier collect-gentxs uses: never write a gentx that the
    // coordinator will refuse.
    let verified = tx.verify(&chain_id)?;
    genesis.check_gentx(0, &verified)?;
    let participant = GenParticipantTx::build(GenParticipantParams {
        key: &key,
        account_prefix: prefix,
        chain_id: &chain_id,
        url: &a.url,
        validator_key: &pubkey,
        warm: &warm,
        // custom_gentx.go: time.Now().Add(365 * 24 * time.Hour)
        expiration: time::OffsetDateTime::now_utc() + time::Duration::days(365),
    })?;
    participant.verify(&chain_id)?.matches_gentx(&verified)?;

    let gentx_out = home.gentx_dir().join(format!("gentx-{node_id}.json"));
    write_new(&gentx_out, tx.to_json_string().as_bytes())?;
    let participant_out = home.genparticipant_dir().join(format!("genparticipant-{node_id}.json"));
    write_new(&participant_out, participant.to_json_string().as_bytes())?;
    eprintln!("Genesis transaction written to {:?}", gentx_out.display().to_string());
    eprintln!("Genesis participant written to {:?}", participant_out.display().to_string());
    Ok(())
}

/// The SDK opens gentx files with O_EXCL: a second gentx for the same node is an error, not a
/// silent replacement of the first.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.exists() {
        bail!("{}: file already exists", path.display());
    }
    write_atomic(path, bytes, Mode::Public)?;
    Ok(())
}

/// `genesis patch-genesis` (gonka's `patch_genesis.go`): every `genparticipant-*.json` in file
/// name order, its signature checked against the genesis chain id, applied to genesis.json.
/// Stricter than the real one in one way: a file must have the exact shape `genesis gentx`
/// writes (the real command would also take a hand-made grant list).
fn patch_genesis(genesis_path: &Path, dir: &Path) -> Result<()> {
    let mut genesis = Genesis::load(genesis_path)?;
    let chain_id = genesis.chain_id()?;
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("genparticipant-") && n.ends_with(".json"))
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(anyhow!("{}: {e}", dir.display())),
    };
    files.sort();
    if files.is_empty() {
        eprintln!("No genparticipant files found in {}", dir.display());
        return Ok(());
    }
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    for f in &files {
        let bytes = std::fs::read(f).with_context(|| f.display().to_string())?;
        let tx = GenParticipantTx::parse(&bytes).with_context(|| f.display().to_string())?;
        let v = tx.verify(&chain_id).with_context(|| f.display().to_string())?;
        if v.account_prefix != prefix_of(&genesis)? {
            bail!("{}: creator {} is not an address of this chain", f.display(), v.creator_bech32());
        }
        genesis.patch_participant(&v, now).with_context(|| f.display().to_string())?;
    }
    genesis.save(genesis_path)?;
    eprintln!("Patched {} with {} genparticipant file(s)", genesis_path.display(), files.len());
    Ok(())
}

/// The account prefix the genesis' accounts use.
fn prefix_of(genesis: &Genesis) -> Result<String> {
    let first = genesis.account_addresses()?.into_iter().next().ok_or_else(|| anyhow!("genesis has no accounts"))?;
    Ok(Address::decode(&first)?.0)
}

fn collect(genesis_path: &Path, dir: &Path) -> Result<()> {
    let mut genesis = Genesis::load(genesis_path)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("{}: no gentx files (*.json) to collect", dir.display());
    }
    let mut txs = Vec::with_capacity(files.len());
    for f in &files {
        let bytes = std::fs::read(f).with_context(|| f.display().to_string())?;
        txs.push(GenTx::parse(&bytes).with_context(|| f.display().to_string())?);
    }
    // Name the file, not an index, when one is bad.
    genesis.verify_gentxs(&txs).map_err(|e| match &e {
        GenesisError::Gentx { index, .. } | GenesisError::GentxAgainstGenesis { index, .. } => {
            anyhow!("{}: {e}", files[*index].display())
        }
        _ => anyhow!(e),
    })?;
    genesis.set_gen_txs(&txs)?;
    genesis.save(genesis_path)?;
    eprintln!(
        "{}",
        serde_json::json!({"chain_id": genesis.chain_id()?.as_str(), "gentxs_dir": dir.display().to_string(), "gen_txs": txs.len()})
    );
    Ok(())
}
