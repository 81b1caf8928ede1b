use crate::cli::InitArgs;
use crate::config_edit;
use crate::templates;
use anyhow::{bail, Context, Result};
use cosmos_formats::files::{create_dir, write_atomic, Mode};
use cosmos_formats::keyfiles::{generate_ed25519, initial_priv_validator_state, NodeKey, PrivValidatorKey};
use cosmos_formats::{ChainId, Denom, Genesis};
use serde_json::json;

pub fn run(a: InitArgs) -> Result<()> {
    let chain_id: ChainId = a.chain_id.parse().context("--chain-id")?;
    let denom: Denom = a.default_denom.parse().context("--default-denom")?;
    let home = super::home(&a.home);
    let genesis_path = home.genesis();
    if genesis_path.exists() && !a.overwrite {
        bail!("genesis.json file already exists: {}", genesis_path.display());
    }
    create_dir(&home.config_dir(), Mode::Public)?;
    create_dir(&home.data_dir(), Mode::Secret)?;

    // Keys are created only when absent: `init --overwrite` replaces the genesis, never a key.
    let node_key = if home.node_key().exists() {
        NodeKey::load(&home.node_key())?
    } else {
        let k = NodeKey(generate_ed25519());
        k.save(&home.node_key())?;
        k
    };
    if !home.priv_validator_key().exists() {
        PrivValidatorKey(generate_ed25519()).save(&home.priv_validator_key())?;
    }
    if !home.priv_validator_state().exists() {
        write_atomic(&home.priv_validator_state(), initial_priv_validator_state().as_bytes(), Mode::Secret)?;
    }

    if home.config_toml().exists() {
        let mut doc = config_edit::load(&home.config_toml())?;
        config_edit::set_in(&mut doc, &home.config_toml(), "moniker", &a.moniker)?;
        config_edit::save(&home.config_toml(), &doc)?;
    } else {
        let mut doc = templates::config_toml("").parse::<toml_edit::DocumentMut>().context("config template")?;
        // Through toml_edit so a moniker with quotes is escaped, not spliced into the file.
        config_edit::set_in(&mut doc, &home.config_toml(), "moniker", &a.moniker)?;
        write_atomic(&home.config_toml(), doc.to_string().as_bytes(), Mode::Public)?;
    }
    if !home.app_toml().exists() {
        write_atomic(&home.app_toml(), templates::app_toml(denom.as_str()).as_bytes(), Mode::Public)?;
    }
    if !home.client_toml().exists() {
        write_atomic(&home.client_toml(), templates::client_toml(chain_id.as_str()).as_bytes(), Mode::Public)?;
    }

    let now = time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339)?;
    // Every module's DefaultGenesis, as the real `inferenced init --default-denom` writes it.
    let app_state = app_genesis::default_app_state(denom.as_str());
    let genesis = Genesis::new(&chain_id, &now, "inferenced", env!("CARGO_PKG_VERSION"), app_state);
    genesis.save(&genesis_path)?;

    let info = json!({
        "moniker": a.moniker,
        "chain_id": chain_id.as_str(),
        "node_id": node_key.node_id().to_string(),
        "gentxs_dir": "",
        "app_message": genesis.as_value()["app_state"],
    });
    eprintln!("{}", serde_json::to_string_pretty(&info)?);
    Ok(())
}
