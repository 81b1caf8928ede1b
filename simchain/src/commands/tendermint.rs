use crate::cli::TendermintCmd;
use anyhow::Result;
use cosmos_formats::keyfiles::{NodeKey, PrivValidatorKey};
use cosmos_formats::{Address, NodeId};

pub fn run(t: TendermintCmd, prefix: &str) -> Result<()> {
    match t {
        TendermintCmd::ShowNodeId { home } => {
            let home = super::home(&home);
            println!("{}", NodeKey::load(&home.node_key())?.node_id());
        }
        TendermintCmd::ShowValidator { home } => {
            let home = super::home(&home);
            println!("{}", PrivValidatorKey::load(&home.priv_validator_key())?.public().to_json_string());
        }
        TendermintCmd::ShowAddress { home } => {
            let home = super::home(&home);
            let key = PrivValidatorKey::load(&home.priv_validator_key())?;
            let raw = NodeId::from_pubkey(&key.0.verifying_key());
            println!("{}", Address::from_bytes(raw.as_bytes()).to_bech32(&format!("{prefix}valcons"))?);
        }
    }
    Ok(())
}
