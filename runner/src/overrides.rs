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

/// The new value takes the type of the value it replaces; a new key is a boolean or integer
/// when it reads as one, else a string.
fn typed(existing: Option<&Value>, raw: &str, var: &str) -> Result<Value, String> {
    let mismatch = |ty: &str| format!("{var}={raw:?}: config.toml holds a {ty} there");
    Ok(match existing {
        Some(Value::Boolean(_)) => Value::from(raw.parse::<bool>().map_err(|_| mismatch("boolean"))?),
        Some(Value::Integer(_)) => Value::from(raw.parse::<i64>().map_err(|_| mismatch("integer"))?),
        Some(Value::Float(_)) => Value::from(raw.parse::<f64>().map_err(|_| mismatch("float"))?),
        Some(Value::String(_)) => Value::from(raw),
        Some(Value::Array(_)) => {
            let doc: DocumentMut = format!("x = {raw}").parse().map_err(|_| mismatch("array"))?;
            match doc.get("x").and_then(Item::as_value) {
                Some(v @ Value::Array(_)) => v.clone(),
                _ => return Err(mismatch("array")),
            }
        }
        Some(_) => return Err(format!("{var}: cannot override a table or datetime")),
        None => {
            if raw.starts_with('[') {
                return typed(Some(&Value::Array(Default::default())), raw, var);
            }
            if let Ok(b) = raw.parse::<bool>() {
                Value::from(b)
            } else if let Ok(i) = raw.parse::<i64>() {
                Value::from(i)
            } else {
                Value::from(raw)
            }
        }
    })
}

/// Sets `path` (tables created as needed) to `raw`, typed as above.
pub fn set(doc: &mut DocumentMut, path: &[String], raw: &str, var: &str) -> Result<(), String> {
    let (key, tables) = path.split_last().ok_or_else(|| format!("{var}: empty key"))?;
    let mut table: &mut Table = doc.as_table_mut();
    for t in tables {
        let item = table.entry(t).or_insert(Item::Table(Table::new()));
        table = item.as_table_mut().ok_or_else(|| format!("{var}: {t} is not a table in config.toml"))?;
    }
    let existing = table.get(key).and_then(Item::as_value);
    let mut v = typed(existing, raw, var)?;
    if let Some(old) = existing {
        // Keep the operator's comments attached to the key.
        *v.decor_mut() = old.decor().clone();
    }
    match table.get_mut(key) {
        // Replacing the item in place keeps the key's decor (the comment above it).
        Some(slot) => *slot = value(v),
        None => {
            table.insert(key, value(v));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const TOML: &str = "moniker = \"m\"\n\n[p2p]\n# keep me\nallow_duplicate_ip = false\nmax_num_inbound_peers = 40\nladdr = \"tcp://0.0.0.0:26656\"\n\n[consensus]\ntimeout_commit = \"5s\"\n";

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
        let e = set(&mut doc, &o.path, &o.value, var).unwrap_err();
        assert!(e.contains(msg), "{e}");
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
