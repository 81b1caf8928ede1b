//! gonka's `x/inference/types/contracts.go` `GetDefaultCW20ContractsParams` reads the cw20 wasm
//! binary from the node's disk into `inference.cosm_wasm_params.cw20_code`. We may not commit that
//! binary, so the bytes come from the mainnet draft fixture (already base64 there) at build time.

use std::path::PathBuf;

fn main() {
    if let Err(e) = run() {
        eprintln!("app-genesis build: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").map_err(|e| format!("CARGO_MANIFEST_DIR: {e}"))?;
    let fixture = PathBuf::from(manifest).join("../fixtures/gonka-mainnet/genesis-draft.json");
    println!("cargo:rerun-if-changed={}", fixture.display());
    let text = std::fs::read_to_string(&fixture).map_err(|e| {
        format!("{}: {e} (the cw20 code of the default inference genesis is read from it)", fixture.display())
    })?;
    let genesis: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", fixture.display()))?;
    let code = genesis
        .pointer("/app_state/inference/cosm_wasm_params/cw20_code")
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            format!("{}: app_state.inference.cosm_wasm_params.cw20_code missing or empty", fixture.display())
        })?;
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| format!("OUT_DIR: {e}"))?).join("cw20_code.b64");
    std::fs::write(&out, code).map_err(|e| format!("{}: {e}", out.display()))
}
