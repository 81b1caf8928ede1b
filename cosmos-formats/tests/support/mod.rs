//! One genesis for the tests that build their own: what `inferenced init` writes (every module's
//! default, from app-genesis) with gonka's base-denom metadata merged in, as the ceremony's
//! coordinator does before adding accounts (the mainnet draft's metadata, read from the fixture).

use cosmos_formats::{ChainId, Genesis};
use std::path::Path;

pub fn ceremony_genesis(genesis_time: &str) -> Genesis {
    let chain: ChainId = "gonka-mainnet".parse().unwrap();
    let draft_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/gonka-mainnet/genesis-draft.json");
    let draft: serde_json::Value = serde_json::from_slice(&std::fs::read(draft_path).unwrap()).unwrap();
    let mut app_state = app_genesis::default_app_state("ngonka");
    app_state["bank"]["denom_metadata"] = draft["app_state"]["bank"]["denom_metadata"].clone();
    Genesis::new(&chain, genesis_time, "inferenced", "test", app_state)
}
