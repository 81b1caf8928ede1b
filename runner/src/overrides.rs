//! `CONFIG_<section>__<key>=<value>` environment overrides of `config.toml`, the typed
//! replacement of the script's `config set` calls, applied with toml_edit so comments and
//! unknown keys survive.

use toml_edit::{value, DocumentMut, Item, Table, Value};

pub const PREFIX: &str = "CONFIG_";

/// One override: `CONFIG_p2p__allow_duplicate_ip=true` → `["p2p", "allow_duplicate_ip"]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigOverride {
    pub var: String,
    pub path: Vec<String>,
    pub value: String,
}

fn valid_part(p: &str) -> bool {
    !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

pub fn parse_one(var: &str, value: &str) -> Result<ConfigOverride, String> {
    let rest = var.strip_prefix(PREFIX).ok_or_else(|| format!("{var}: does not start with {PREFIX}"))?;
    let path: Vec<String> = rest.split("__").map(str::to_string).collect();
    if path.iter().any(|p| !valid_part(p)) {
        return Err(format!("{var}: expected CONFIG_<section>__<key> (or CONFIG_<key>) with [A-Za-z0-9_-] names"));
    }
    Ok(ConfigOverride { var: var.to_string(), path, value: value.to_string() })
}

/// Parses every `CONFIG_*` variable; sorted by name so the result never depends on the order
/// of the process environment.
pub fn parse_all(vars: &[(String, String)]) -> Result<Vec<ConfigOverride>, String> {
    let mut out = vars
        .iter()
        .filter(|(k, _)| k.starts_with(PREFIX))
        .map(|(k, v)| parse_one(k, v))
        .collect::<Result<Vec<_>, _>>()?;
    out.sort_by(|a, b| a.var.cmp(&b.var));
    Ok(out)
}

/// Why an override cannot be applied.
#[derive(Debug, thiserror::Error)]
pub enum SetError {
    /// The key is not in the file. The real daemon's `config set` is the SDK's confix
    /// (`tools/confix/cmd/mutate.go` `SetCommand`, fork v0.53.3-ps4, wired in gonka's
    /// `cmd/inferenced/cmd/commands.go`), which fails with `key %q not found`; so a misspelt
    /// key is refused here rather than created as a setting nothing reads.
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
}

/// The new value takes the type of the value it replaces.
fn typed(existing: &Value, raw: &str, var: &str) -> Result<Value, SetError> {
    let mismatch = |ty: &str| SetError::Invalid(format!("{var}={raw:?}: config.toml holds a {ty} there"));
    Ok(match existing {
        Value::Boolean(_) => Value::from(raw.parse::<bool>().map_err(|_| mismatch("boolean"))?),
        Value::Integer(_) => Value::from(raw.parse::<i64>().map_err(|_| mismatch("integer"))?),
        Value::Float(_) => Value::from(raw.parse::<f64>().map_err(|_| mismatch("float"))?),
        Value::String(_) => Value::from(raw),
        Value::Array(_) => {
            let doc: DocumentMut = format!("x = {raw}").parse().map_err(|_| mismatch("array"))?;
            match doc.get("x").and_then(Item::as_value) {
                Some(v @ Value::Array(_)) => v.clone(),
                _ => return Err(mismatch("array")),
            }
        }
        _ => return Err(SetError::Invalid(format!("{var}: cannot override a table or datetime"))),
    })
}

/// Sets the existing key `path` to `raw`, typed as the value it replaces; a key (or table)
/// the file does not have is [`SetError::NotFound`].
pub fn set(doc: &mut DocumentMut, path: &[String], raw: &str, var: &str) -> Result<(), SetError> {
    let dotted = path.join(".");
    let not_found = || SetError::NotFound(format!("{var}: key {dotted} not found"));
    let (key, tables) = path.split_last().ok_or_else(|| SetError::Invalid(format!("{var}: empty key")))?;
    let mut table: &mut Table = doc.as_table_mut();
    for t in tables {
        let item = table.get_mut(t).ok_or_else(not_found)?;
        table = item
            .as_table_mut()
            .ok_or_else(|| SetError::Invalid(format!("{var}: {t} is not a table in config.toml")))?;
    }
    let slot = table.get_mut(key).ok_or_else(not_found)?;
    let existing = slot.as_value().ok_or_else(|| SetError::Invalid(format!("{var}: cannot override a table")))?;
    let mut v = typed(existing, raw, var)?;
    // Keep the operator's comments attached to the key.
    *v.decor_mut() = existing.decor().clone();
    *slot = value(v);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const TOML: &str = "moniker = \"m\"\n\n[rpc]\ncors_allowed_origins = []\n\n[p2p]\n# keep me\nallow_duplicate_ip = false\nmax_num_inbound_peers = 40\nladdr = \"tcp://0.0.0.0:26656\"\n\n[consensus]\ntimeout_commit = \"5s\"\n\n[instrumentation]\nprometheus = false\n";

    #[rstest]
    #[case("CONFIG_p2p__allow_duplicate_ip", "true", "allow_duplicate_ip = true")]
    #[case("CONFIG_p2p__max_num_inbound_peers", "7", "max_num_inbound_peers = 7")]
    #[case("CONFIG_consensus__timeout_commit", "300ms", "timeout_commit = \"300ms\"")]
    #[case("CONFIG_moniker", "other", "moniker = \"other\"")]
    #[case("CONFIG_rpc__cors_allowed_origins", "[\"*\"]", "[rpc]\ncors_allowed_origins = [\"*\"]")]
    #[case("CONFIG_instrumentation__prometheus", "true", "[instrumentation]\nprometheus = true")]
    fn overrides_apply_with_the_existing_type(#[case] var: &str, #[case] v: &str, #[case] expect: &str) {
        let o = parse_one(var, v).unwrap();
        let mut doc: DocumentMut = TOML.parse().unwrap();
        set(&mut doc, &o.path, &o.value, var).unwrap();
        let out = doc.to_string();
        assert!(out.contains(expect), "{out}");
        assert!(out.contains("# keep me"), "{out}");
    }

    #[rstest]
    #[case("CONFIG_p2p__allow_duplicate_ip", "yes", "holds a boolean")]
    #[case("CONFIG_p2p__max_num_inbound_peers", "many", "holds a integer")]
    #[case("CONFIG_moniker__x", "1", "moniker is not a table")]
    fn mistyped_overrides_are_refused(#[case] var: &str, #[case] v: &str, #[case] msg: &str) {
        let o = parse_one(var, v).unwrap();
        let mut doc: DocumentMut = TOML.parse().unwrap();
        let e = set(&mut doc, &o.path, &o.value, var).unwrap_err().to_string();
        assert!(e.contains(msg), "{e}");
    }

    /// The real `config set` (confix) fails with "key not found"; before, the runner
    /// created the key, and a misspelt override was a setting nothing ever read.
    #[rstest]
    #[case("CONFIG_p2p__alow_duplicate_ip")]
    #[case("CONFIG_p2p2__allow_duplicate_ip")]
    #[case("CONFIG_timeout_commit")]
    #[case("CONFIG_consensus__timeout_commit__x")]
    fn a_key_the_file_lacks_is_refused_and_nothing_is_added(#[case] var: &str) {
        let o = parse_one(var, "1").unwrap();
        let mut doc: DocumentMut = TOML.parse().unwrap();
        let e = set(&mut doc, &o.path, &o.value, var).unwrap_err();
        assert!(matches!(e, SetError::NotFound(_)) || var.ends_with("__x"), "{var}: {e}");
        assert!(e.to_string().starts_with(var), "{e}");
        assert_eq!(doc.to_string(), TOML, "the document is unchanged");
    }

    #[rstest]
    #[case("CONFIG_p2p__allow_duplicate_ip", Some(&["p2p", "allow_duplicate_ip"][..]))]
    #[case("CONFIG_a__b__c", Some(&["a", "b", "c"][..]))]
    #[case("CONFIG_", None)]
    #[case("CONFIG_p2p__", None)]
    #[case("CONFIG_p2p____x", None)]
    #[case("CONFIG_p.2p__x", None)]
    fn override_names(#[case] var: &str, #[case] path: Option<&[&str]>) {
        let r = parse_one(var, "1");
        match path {
            Some(p) => assert_eq!(r.unwrap().path, p.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
            None => assert!(r.is_err(), "{var}"),
        }
    }

    #[test]
    fn parse_all_ignores_other_variables_and_sorts() {
        let vars = vec![
            ("CONFIG_p2p__b".to_string(), "1".to_string()),
            ("PATH".to_string(), "/bin".to_string()),
            ("CONFIG_p2p__a".to_string(), "2".to_string()),
        ];
        let all = parse_all(&vars).unwrap();
        assert_eq!(all.iter().map(|o| o.var.as_str()).collect::<Vec<_>>(), ["CONFIG_p2p__a", "CONFIG_p2p__b"]);
    }
}
