//! `config get|set <client|app|config> <key> [value]`: dotted keys edited with toml_edit so
//! comments, order and unknown keys survive, as the SDK's confix does.

use cosmos_formats::files::{write_atomic, Mode};
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
            parse_tcp_addr(v).map_err(|r| bad(key, v.into(), r))?;
        }
    }
    if let Some(v) = lookup(doc, "priv_validator_laddr").and_then(Item::as_str) {
        if !v.is_empty() {
            parse_tcp_addr(v).map_err(|r| bad("priv_validator_laddr", v.into(), r))?;
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
            parse_duration(v).map_err(|r| bad(&full, v.into(), r))?;
        }
    }
    Ok(())
}

/// `tcp://host:port` (the scheme may be omitted) → (host, port).
pub fn parse_tcp_addr(s: &str) -> Result<(String, u16), String> {
    let rest = s.strip_prefix("tcp://").unwrap_or(s);
    if rest.contains("://") {
        return Err("only tcp:// addresses are supported".into());
    }
    let (host, port) = rest.rsplit_once(':').ok_or("expected host:port")?;
    let port: u16 = port.parse().map_err(|_| format!("invalid port {port:?}"))?;
    if host.is_empty() {
        return Err("empty host".into());
    }
    Ok((host.trim_matches(|c| c == '[' || c == ']').to_string(), port))
}

/// Go duration strings as CometBFT writes them: `5s`, `100ms`, `1m30s`, `0s`.
pub fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let err = || format!("invalid duration {s:?} (expected e.g. 5s, 100ms, 1m30s)");
    if s == "0" {
        return Ok(std::time::Duration::ZERO);
    }
    let mut total = 0f64;
    let mut rest = s;
    if rest.is_empty() {
        return Err(err());
    }
    while !rest.is_empty() {
        let num_end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).ok_or_else(err)?;
        let n: f64 = rest[..num_end].parse().map_err(|_| err())?;
        rest = &rest[num_end..];
        let unit_end = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let scale = match &rest[..unit_end] {
            "ns" => 1e-9,
            "us" | "µs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return Err(err()),
        };
        total += n * scale;
        rest = &rest[unit_end..];
    }
    Ok(std::time::Duration::from_secs_f64(total))
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

    #[test]
    fn durations() {
        assert_eq!(parse_duration("100ms").unwrap().as_millis(), 100);
        assert_eq!(parse_duration("1m30s").unwrap().as_secs(), 90);
        assert_eq!(parse_duration("0s").unwrap().as_secs(), 0);
        assert!(parse_duration("5").is_err());
        assert!(parse_duration("fast").is_err());
    }
}
