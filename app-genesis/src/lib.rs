//! The `app_state` of gonka's `inferenced` (gonka 312044d): which module sections exist, the
//! protobuf schema of each one's `GenesisState`, a decoder as strict as the SDK's JSON codec, the
//! canonical re-encoding `add-genesis-account` writes, and the default app state `init` writes.
//!
//! ```text
//! decode_app_state(&app_state)?            every section checked; AppState holds each section's
//!                                          canonical (EmitDefaults + OrigName) encoding
//! canonical_section("bank", &section)?     one section re-encoded as jsonpb would write it
//! default_app_state("ngonka")              what `inferenced init --default-denom ngonka` writes
//! ```

mod decode;
pub mod defaults;
pub mod go_duration;
pub mod math_int;
pub mod modules;
pub mod scalars;
pub mod schema;

use serde_json::{Map, Value};

pub use defaults::default_app_state;

/// How a top-level `app_state` key is read.
#[derive(Debug, Clone, Copy)]
pub enum SectionKind {
    /// The module decodes its section as this `GenesisState` message.
    Message(&'static schema::Message),
    /// The module has no genesis (`HasGenesisBasics` not implemented, so the module manager
    /// never reads the key): the draft carries `null`, and only `null` or absence is accepted.
    NoGenesis,
    /// The module's `ValidateGenesis`/`InitGenesis` ignore the value (x/upgrade and
    /// x/auth/vesting `module.go`; `DefaultGenesis` is `{}`): any object is accepted as is.
    IgnoredObject,
}

/// Every module of inferenced's app (gonka `inference-chain/app/app_config.go` plus the IBC and
/// wasm modules registered in `app/ibc.go`/`app/wasm.go`), keyed as in `app_state`, in the order
/// `init` writes them (alphabetical: the module manager's `DefaultGenesis` map marshalled by
/// `encoding/json`).
pub static SECTIONS: &[(&str, SectionKind)] = {
    use modules::*;
    use SectionKind::*;
    &[
        ("06-solomachine", NoGenesis),
        ("07-tendermint", NoGenesis),
        ("auth", Message(&auth::COSMOS_AUTH_V1BETA1_GENESISSTATE)),
        ("authz", Message(&authz::COSMOS_AUTHZ_V1BETA1_GENESISSTATE)),
        ("bank", Message(&bank::COSMOS_BANK_V1BETA1_GENESISSTATE)),
        ("bls", Message(&bls::INFERENCE_BLS_GENESISSTATE)),
        ("bookkeeper", Message(&bookkeeper::INFERENCE_BOOKKEEPER_GENESISSTATE)),
        ("capability", Message(&capability::CAPABILITY_V1_GENESISSTATE)),
        ("circuit", Message(&circuit::COSMOS_CIRCUIT_V1_GENESISSTATE)),
        ("collateral", Message(&collateral::INFERENCE_COLLATERAL_GENESISSTATE)),
        ("consensus", NoGenesis),
        ("crisis", Message(&crisis::COSMOS_CRISIS_V1BETA1_GENESISSTATE)),
        ("distribution", Message(&distribution::COSMOS_DISTRIBUTION_V1BETA1_GENESISSTATE)),
        ("evidence", Message(&evidence::COSMOS_EVIDENCE_V1BETA1_GENESISSTATE)),
        ("feegrant", Message(&feegrant::COSMOS_FEEGRANT_V1BETA1_GENESISSTATE)),
        ("feeibc", Message(&feeibc::IBC_APPLICATIONS_FEE_V1_GENESISSTATE)),
        ("genesistransfer", Message(&genesistransfer::INFERENCE_GENESISTRANSFER_GENESISSTATE)),
        ("genutil", Message(&genutil::COSMOS_GENUTIL_V1BETA1_GENESISSTATE)),
        ("gov", Message(&gov::COSMOS_GOV_V1_GENESISSTATE)),
        ("group", Message(&group::COSMOS_GROUP_V1_GENESISSTATE)),
        ("ibc", Message(&ibc::IBC_CORE_TYPES_V1_GENESISSTATE)),
        ("inference", Message(&inference::INFERENCE_INFERENCE_GENESISSTATE)),
        (
            "interchainaccounts",
            Message(&interchainaccounts::IBC_APPLICATIONS_INTERCHAIN_ACCOUNTS_GENESIS_V1_GENESISSTATE),
        ),
        ("mint", Message(&mint::COSMOS_MINT_V1BETA1_GENESISSTATE)),
        ("nft", Message(&nft::COSMOS_NFT_V1BETA1_GENESISSTATE)),
        ("params", NoGenesis),
        ("restrictions", Message(&restrictions::INFERENCE_RESTRICTIONS_GENESISSTATE)),
        ("runtime", NoGenesis),
        ("slashing", Message(&slashing::COSMOS_SLASHING_V1BETA1_GENESISSTATE)),
        ("staking", Message(&staking::COSMOS_STAKING_V1BETA1_GENESISSTATE)),
        ("streamvesting", Message(&streamvesting::INFERENCE_STREAMVESTING_GENESISSTATE)),
        ("transfer", Message(&transfer::IBC_APPLICATIONS_TRANSFER_V1_GENESISSTATE)),
        ("upgrade", IgnoredObject),
        ("vesting", IgnoredObject),
        ("wasm", Message(&wasm::COSMWASM_WASM_V1_GENESISSTATE)),
    ]
};

pub fn section_kind(module: &str) -> Option<SectionKind> {
    SECTIONS.iter().find(|(name, _)| *name == module).map(|(_, k)| *k)
}

/// One refused section: `<module>: <json path>: <what is wrong>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("app_state is not a JSON object")]
    NotAnObject,
    /// The SDK's module manager iterates its own modules (cosmos-sdk v0.53.3-ps4
    /// `types/module/module.go` `Manager.InitGenesis` / `BasicManager.ValidateGenesis`) and would
    /// silently ignore this key; we refuse it, since a misspelt module name would otherwise lose
    /// that module's genesis without a word.
    #[error("{module}: unknown module section (inferenced has no such module)")]
    UnknownModule { module: String },
    #[error("{module}: {}{problem}", if path.is_empty() { String::new() } else { format!("{path}: ") })]
    Invalid { module: String, path: String, problem: String },
}

impl DecodeError {
    pub fn module(&self) -> Option<&str> {
        match self {
            DecodeError::NotAnObject => None,
            DecodeError::UnknownModule { module } | DecodeError::Invalid { module, .. } => Some(module),
        }
    }
}

/// A decoded `app_state`: every section as its canonical encoding, keyed as in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    sections: Map<String, Value>,
}

impl AppState {
    /// A section's canonical encoding; `None` when absent.
    pub fn section(&self, module: &str) -> Option<&Value> {
        self.sections.get(module)
    }
    pub fn sections(&self) -> &Map<String, Value> {
        &self.sections
    }
    pub fn into_value(self) -> Value {
        Value::Object(self.sections)
    }
}

/// Checks every section of `app_state` the way inferenced's `genesis validate` / InitChain
/// decode them; the first problem found is returned.
pub fn decode_app_state(app_state: &Value) -> Result<AppState, DecodeError> {
    let obj = app_state.as_object().ok_or(DecodeError::NotAnObject)?;
    let mut sections = Map::new();
    for (module, section) in obj {
        sections.insert(module.clone(), canonical_section(module, section)?);
    }
    Ok(AppState { sections })
}

/// Re-encodes one section exactly as `cdc.MarshalJSON` (jsonpb, EmitDefaults + OrigName) writes
/// it after `cdc.UnmarshalJSON`: every field in proto order, zero values included, 64-bit
/// integers quoted, Ints/Decs/durations/timestamps in their canonical text.
pub fn canonical_section(module: &str, section: &Value) -> Result<Value, DecodeError> {
    let kind = section_kind(module).ok_or_else(|| DecodeError::UnknownModule { module: module.to_string() })?;
    let invalid = |path: String, problem: String| DecodeError::Invalid { module: module.to_string(), path, problem };
    match kind {
        SectionKind::NoGenesis => match section {
            Value::Null => Ok(Value::Null),
            other => Err(invalid(
                String::new(),
                format!("this module has no genesis state; only null is accepted, not {}", kind_of(other)),
            )),
        },
        SectionKind::IgnoredObject => match section {
            Value::Object(_) | Value::Null => Ok(section.clone()),
            other => Err(invalid(String::new(), format!("expected an object, not {}", kind_of(other)))),
        },
        SectionKind::Message(m) => {
            decode::message(m, section, &decode::Path::default()).map_err(|(p, e)| invalid(p.to_string(), e))
        }
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
