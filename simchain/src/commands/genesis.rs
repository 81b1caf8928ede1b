use crate::cli::{GenesisCmd, GentxArgs};
use crate::config_edit;
use anyhow::{anyhow, bail, Context, Result};
use cosmos_formats::dec::Dec;
use cosmos_formats::files::{write_atomic, Mode};
use cosmos_formats::gentx::{Description, GenTx, GentxParams};
use cosmos_formats::keyfiles::{NodeKey, PrivValidatorKey};
use cosmos_formats::{Address, ChainId, Coin, Coins, ConsensusPubKey, Genesis, GenesisError, NodeId};
use simchain::keyring::Input;
use std::path::{Path, PathBuf};

pub fn run(g: GenesisCmd, prefix: &str) -> Result<()> {
    match g {
        GenesisCmd::AddGenesisAccount { address_or_key_name, coins, keyring, home } => {
            let home = super::home(&home);
            let path = home.require_genesis()?;
            let coins: Coins = coins.parse().context("coins")?;
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
            genesis.add_account(&address.to_bech32(prefix)?, &coins)?;
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
        GenesisCmd::Validate { file, home } => {
            let home = super::home(&home);
            let path = match file {
                Some(f) => f,
                None => home.require_genesis()?,
            };
            let genesis = Genesis::load(&path)?;
            genesis.validate()?;
            println!("File at {} is a valid genesis file", path.display());
            Ok(())
        }
    }
}

fn gentx(a: GentxArgs, prefix: &str) -> Result<()> {
    let home = super::home(&a.home);
    let genesis = Genesis::load(&home.require_genesis()?)?;
    let genesis_chain = genesis.chain_id()?;
    let chain_id: ChainId = match &a.chain_id {
        Some(c) => c.parse().context("--chain-id")?,
        None => genesis_chain.clone(),
    };
    if chain_id != genesis_chain {
        bail!(
            "--chain-id {chain_id} does not match the genesis chain id {genesis_chain} in {}",
            home.genesis().display()
        );
    }
    let amount: Coin = a.amount.parse().context("amount")?;
    let pubkey = match &a.pubkey {
        Some(json) => ConsensusPubKey::parse(json).context("--pubkey")?,
        None => PrivValidatorKey::load(&home.priv_validator_key())?.public(),
    };
    let node_id: NodeId = match &a.node_id {
        Some(id) => id.parse().context("--node-id")?,
        None => NodeKey::load(&home.node_key())?.node_id(),
    };
    let moniker = match &a.moniker {
        Some(m) => m.clone(),
        None => config_edit::get(&home.config_toml(), "moniker")?,
    };
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
    let dec = |flag: &str, v: &str| v.parse::<Dec>().with_context(|| flag.to_string());
    let memo = match &a.ip {
        Some(ip) => format!("{node_id}@{ip}:{}", a.p2p_port),
        None => String::new(),
    };
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
        memo,
    })?;
    // Check what we made with the verifier collect-gentxs uses: never write a gentx that the
    // coordinator will refuse.
    let verified = tx.verify(&chain_id)?;
    genesis.check_gentx(0, &verified)?;
    let out = a.output_document.clone().unwrap_or_else(|| home.gentx_dir().join(format!("gentx-{node_id}.json")));
    write_new(&out, tx.to_json_string().as_bytes())?;
    eprintln!("Genesis transaction written to {:?}", out.display().to_string());
    Ok(())
}

/// The SDK opens gentx files with O_EXCL: a second gentx for the same node is an error, not a
/// silent replacement of the first.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.exists() {
        bail!("{}: gentx file already exists", path.display());
    }
    write_atomic(path, bytes, Mode::Public)?;
    Ok(())
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
