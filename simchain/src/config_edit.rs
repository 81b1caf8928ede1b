//! `config get|set <client|app|config> <key> [value]`: dotted keys edited with toml_edit so
//! comments, order and unknown keys survive, as the SDK's confix does.

use cosmos_formats::files::{write_atomic, Mode};
use cosmos_formats::{parse_go_duration, TcpAddr};
use std::path::Path;
use toml_edit::{DocumentMut, Item, Value};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {reason}")]
    Parse { path: String, reason: String },
    #[error("{path}: key {key:?} not found")]
    NotFound { path: String, key: String },
    #[error("{path}: {key} = {value:?}: {reason}")]
    Invalid { path: String, key: String, value: String, reason: String },
    #[error(transparent)]
    Io(#[from] cosmos_formats::files::FileError),
}

pub fn load(path: &Path) -> Result<DocumentMut, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError::Parse { path: path.display().to_string(), reason: e.to_string() })?;
    text.parse::<DocumentMut>().map_err(|e| ConfigError::Parse {
        path: path.display().to_string(),
        reason: e.to_string().lines().next().unwrap_or("invalid TOML").to_string(),
    })
}

fn lookup<'a>(doc: &'a DocumentMut, key: &str) -> Option<&'a Item> {
    let mut item = doc.as_item();
    for part in key.split('.') {
        item = item.get(part)?;
    }
    Some(item)
}

fn lookup_mut<'a>(doc: &'a mut DocumentMut, key: &str) -> Option<&'a mut Item> {
    let mut item = doc.as_item_mut();
    for part in key.split('.') {
        item = item.get_mut(part)?;
    }
    Some(item)
}

pub fn get(path: &Path, key: &str) -> Result<String, ConfigError> {
    let doc = load(path)?;
    let item =
        lookup(&doc, key).ok_or_else(|| ConfigError::NotFound { path: path.display().to_string(), key: key.into() })?;
    Ok(match item.as_value() {
        Some(Value::String(s)) => s.value().clone(),
        Some(v) => v.to_string().trim().to_string(),
        None => item.to_string().trim().to_string(),
    })
}

/// Parses `raw` to the type the key already has: a boolean stays a boolean, an integer an
/// integer, everything else a string (durations and addresses are strings in these files).
fn typed(existing: &Value, raw: &str) -> Option<Value> {
    match existing {
        Value::Boolean(_) => raw.parse::<bool>().ok().map(Value::from),
        Value::Integer(_) => raw.parse::<i64>().ok().map(Value::from),
        Value::Float(_) => raw.parse::<f64>().ok().map(Value::from),
        Value::Array(_) => raw.parse::<Value>().ok().filter(Value::is_array),
        _ => Some(Value::from(raw)),
    }
}

/// Sets `key` to `value`, keeping the key's decoration (its comments and spacing).
pub fn set_in(doc: &mut DocumentMut, path: &Path, key: &str, value: &str) -> Result<(), ConfigError> {
    let item = lookup_mut(doc, key)
        .ok_or_else(|| ConfigError::NotFound { path: path.display().to_string(), key: key.into() })?;
    let existing = item.as_value().cloned().ok_or_else(|| ConfigError::Invalid {
        path: path.display().to_string(),
        key: key.into(),
        value: value.into(),
        reason: "is a table, not a value".into(),
    })?;
    let mut new = typed(&existing, value).ok_or_else(|| ConfigError::Invalid {
        path: path.display().to_string(),
        key: key.into(),
        value: value.into(),
        reason: format!("expected a {}", existing.type_name()),
    })?;
    *new.decor_mut() = existing.decor().clone();
    *item = Item::Value(new);
    Ok(())
}

pub fn save(path: &Path, doc: &DocumentMut) -> Result<(), ConfigError> {
    write_atomic(path, doc.to_string().as_bytes(), Mode::Public)?;
    Ok(())
}

/// Checks the keys the node reads, so a typo in `config set` fails now, not at `start`.
pub fn validate_config_toml(path: &Path, doc: &DocumentMut) -> Result<(), ConfigError> {
    let bad = |key: &str, value: String, reason: String| ConfigError::Invalid {
        path: path.display().to_string(),
        key: key.into(),
        value,
        reason,
    };
    for key in ["p2p.laddr", "rpc.laddr"] {
        if let Some(v) = lookup(doc, key).and_then(Item::as_str) {
            TcpAddr::parse(v).map_err(|e| bad(key, v.into(), e.problem.to_string()))?;
        }
    }
    if let Some(v) = lookup(doc, "priv_validator_laddr").and_then(Item::as_str) {
        if !v.is_empty() {
            TcpAddr::parse(v).map_err(|e| bad("priv_validator_laddr", v.into(), e.problem.to_string()))?;
        }
    }
    for key in [
        "timeout_propose",
        "timeout_propose_delta",
        "timeout_prevote",
        "timeout_prevote_delta",
        "timeout_precommit",
        "timeout_precommit_delta",
        "timeout_commit",
    ] {
        let full = format!("consensus.{key}");
        if let Some(v) = lookup(doc, &full).and_then(Item::as_str) {
            // CometBFT's ValidateBasic refuses a negative timeout; the grammar refuses it first.
            parse_go_duration(v).map_err(|e| bad(&full, v.into(), e.to_string()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_keeps_comments_and_types() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, crate::templates::config_toml("n0")).unwrap();
        let mut doc = load(&path).unwrap();
        set_in(&mut doc, &path, "p2p.allow_duplicate_ip", "true").unwrap();
        set_in(&mut doc, &path, "p2p.max_num_inbound_peers", "7").unwrap();
        set_in(&mut doc, &path, "consensus.timeout_commit", "100ms").unwrap();
        let text = doc.to_string();
        assert!(text.contains("allow_duplicate_ip = true"));
        assert!(text.contains("max_num_inbound_peers = 7"));
        assert!(text.contains("# Toggle to disable guard against peers connecting from the same ip."));
        assert!(set_in(&mut doc, &path, "p2p.allow_duplicate_ip", "yes").is_err());
        assert!(set_in(&mut doc, &path, "p2p.nope", "1").is_err());
    }

    #[rstest::rstest]
    #[case("consensus.timeout_commit", "1 hour", "unknown unit")]
    #[case("consensus.timeout_commit", "-1s", "is negative")]
    #[case("p2p.laddr", "unix:///tmp/p2p.sock", "unsupported scheme")]
    #[case("rpc.laddr", "tcp://127.0.0.1", "is not host:port")]
    fn validate_refuses_what_cometbft_cannot_read(#[case] key: &str, #[case] value: &str, #[case] msg: &str) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, crate::templates::config_toml("n0")).unwrap();
        let mut doc = load(&path).unwrap();
        validate_config_toml(&path, &doc).expect("the template is valid");
        set_in(&mut doc, &path, key, value).unwrap();
        let e = validate_config_toml(&path, &doc).unwrap_err().to_string();
        assert!(e.contains(key) && e.contains(msg), "{e}");
    }
}
