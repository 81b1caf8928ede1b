//! gentx: this validator's signed MsgCreateValidator against the intermediate genesis, with
//! the consensus key tmkms reported at keygen.

use super::inputs::{load_genesis, read_node_id, read_pubkey, warm_key_name};
use crate::chain_cli::{ChainCli, GentxRequest};
use crate::config::Config;
use crate::error::{invalid, io, StageError};
use crate::layout::Layout;
use crate::node_home;
use crate::plan::{Outputs, Plan};
use cosmos_formats::files::{write_atomic, Mode};
use cosmos_formats::genparticipant::GenParticipantTx;
use cosmos_formats::GenTx;

pub fn plan(cfg: &Config) -> Result<Plan, StageError> {
    let l = Layout::new(&cfg.homes.artifacts);
    Ok(Plan {
        inputs: vec![cfg.intermediate_genesis_file.clone(), l.val_pubkey(&cfg.key_name), l.node_id(&cfg.key_name)],
        outputs: vec![l.gentx(&cfg.key_name), l.genparticipant(&cfg.key_name)],
    })
}

pub fn run(cfg: &Config, cli: &dyn ChainCli) -> Result<Outputs, StageError> {
    let l = Layout::new(&cfg.homes.artifacts);
    let name = &cfg.key_name;
    let genesis = load_genesis(cfg, &cfg.intermediate_genesis_file)?;
    genesis.validate().map_err(|e| invalid(&cfg.intermediate_genesis_file, e))?;
    let pubkey = read_pubkey(&l.val_pubkey(name))?;
    let node_id = read_node_id(&l.node_id(name))?;
    let own_key = node_home::require_node_key(cfg)?;
    if own_key.node_id() != node_id {
        return Err(invalid(
            &l.node_id(name),
            format!("says {node_id}, but the node key in KEYRING_HOME is {}", own_key.node_id()),
        ));
    }
    let address = cli.key_address(name)?.ok_or_else(|| {
        crate::error::missing(&cfg.homes.keyring, &format!("no key {name} in KEYRING_HOME; run keygen first"))
    })?;
    let accounts = genesis.account_addresses().map_err(|e| invalid(&cfg.intermediate_genesis_file, e))?;
    if !accounts.contains(&address) {
        return Err(invalid(
            &cfg.intermediate_genesis_file,
            format!("has no account {address} (this validator's {name})"),
        ));
    }

    let warm = match &cfg.ml_operational_address {
        Some(a) => a.clone(),
        None => {
            let warm_name = warm_key_name(name)?;
            cli.key_address(&warm_name)?.ok_or_else(|| {
                crate::error::missing(
                    &cfg.homes.keyring,
                    &format!("no ML operational key {warm_name} in KEYRING_HOME; run keygen first or set ML_OPERATIONAL_ADDRESS"),
                )
            })?
        }
    };

    node_home::fresh(cfg, cli)?;
    node_home::install_genesis(cfg, &cfg.intermediate_genesis_file)?;
    cli.gentx(
        &cfg.homes.node,
        &GentxRequest {
            key: name,
            amount: &cfg.self_delegation,
            chain_id: &cfg.chain_id,
            pubkey_base64: &pubkey.base64(),
            ml_operational_address: &warm,
            url: cfg.public_url.as_str(),
            moniker: name.as_str(),
            node_id: &node_id.to_string(),
        },
    )?;
    // custom_gentx.go writes both files at fixed paths named after the node id.
    let gentx_file = cfg.homes.node.join("config/gentx").join(format!("gentx-{node_id}.json"));
    let participant_file = cfg.homes.node.join("config/genparticipant").join(format!("genparticipant-{node_id}.json"));
    let bytes = std::fs::read(&gentx_file).map_err(io(&gentx_file))?;
    let tx = GenTx::parse(&bytes).map_err(|e| invalid(&gentx_file, e))?;
    let v = tx.verify(&cfg.chain_id).map_err(|e| invalid(&gentx_file, e))?;
    if v.consensus_pubkey != pubkey {
        return Err(invalid(&gentx_file, "the chain binary put another consensus key in the gentx"));
    }
    genesis.check_gentx(0, &v).map_err(|e| invalid(&gentx_file, e))?;
    let participant_bytes = std::fs::read(&participant_file).map_err(io(&participant_file))?;
    let p = GenParticipantTx::parse(&participant_bytes)
        .and_then(|t| t.verify(&cfg.chain_id))
        .map_err(|e| invalid(&participant_file, e))?;
    p.matches_gentx(&v).map_err(|e| invalid(&participant_file, e))?;
    if p.url != cfg.public_url.as_str() || p.warm_bech32() != warm {
        return Err(invalid(
            &participant_file,
            format!(
                "says url {} and warm key {}, asked for PUBLIC_URL {} and {warm}",
                p.url,
                p.warm_bech32(),
                cfg.public_url.as_str()
            ),
        ));
    }
    crate::paths::wipe_node_home(&cfg.homes)?;
    let out = l.gentx(name);
    write_atomic(&out, &bytes, Mode::Public)?;
    let out_participant = l.genparticipant(name);
    write_atomic(&out_participant, &participant_bytes, Mode::Public)?;
    Ok(Outputs { artifacts: vec![out, out_participant], ..Outputs::default() })
}
