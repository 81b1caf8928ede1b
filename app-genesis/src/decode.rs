//! Strict decoding (gogoproto `jsonpb.Unmarshaler` with `AllowUnknownFields: false`, as
//! `codec.ProtoCodec.UnmarshalJSON` uses it) and canonical re-encoding (`jsonpb.Marshaler` with
//! `EmitDefaults` and `OrigName`, as `codec.ProtoCodec.MarshalJSON` uses it) in one walk: the
//! decoded value *is* its canonical encoding.
//!
//! Rules, all from cosmos/gogoproto v1.7.0 `jsonpb/jsonpb.go` `unmarshalValue` unless noted:
//! - a message is a JSON object; each field is found under its proto name or its lowerCamelCase
//!   JSON name (`acceptedJSONFieldNames`; if both are present the camel one wins and both are
//!   consumed); any key left over is refused ("unknown field");
//! - `null` leaves a pointer field unset (top of `unmarshalValue`); a value field gets
//!   `json.Unmarshal("null")`, a no-op for strings, numbers, bools, bytes, enums, slices and
//!   structs -- but `math.Int`/`LegacyDec` (their `UnmarshalJSON` is called with `null` and fails
//!   on the empty string) and non-nullable Duration/Timestamp/Any (`unquote("null")` is "",
//!   which `time.ParseDuration` refuses; an Any needs `@type`) refuse it;
//! - int32/int64/uint32/uint64 take a JSON number or a quoted one (the quotes are cut off and
//!   the rest goes to `encoding/json`, which wants an integer literal in range);
//! - an enum takes a name, or an unquoted number;
//! - an Any is `{"@type": url, fields...}`; the url must name a message the app registered for
//!   the field's interface (`InterfaceRegistry.Resolve`, then `UnpackInterfaces`'s
//!   `no concrete type registered for type URL ... against interface ...`).

use serde_json::{Map, Number, Value};

use crate::go_duration::parse_go_duration;
use crate::math_int::{parse_math_int, MathIntError};
use crate::scalars;
use crate::schema::{Card, Field, Interface, Message, Type};

/// Where in a section a problem is: `params.epoch_params[2].epoch_length`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Path(Vec<Seg>);

#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

impl Path {
    fn key(&self, k: &str) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_string()));
        p
    }
    fn index(&self, i: usize) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
}

impl std::fmt::Display for Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

pub(crate) type Res<T> = Result<T, (Path, String)>;

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalars::short(s),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn expected(path: &Path, what: &str, v: &Value) -> (Path, String) {
    (path.clone(), format!("{} is not {what}", describe(v)))
}

/// Decodes `v` as message `m`; returns its canonical encoding.
pub(crate) fn message(m: &Message, v: &Value, path: &Path) -> Res<Value> {
    let obj = match v {
        Value::Object(o) => o,
        // json.Unmarshal("null", &map) leaves the map nil: every field keeps its zero value.
        Value::Null => return Ok(defaults(m)),
        other => return Err(expected(path, "an object", other)),
    };
    fields(m, obj.clone(), path, None)
}

fn fields(m: &Message, mut rest: Map<String, Value>, path: &Path, type_url: Option<String>) -> Res<Value> {
    let mut out = Map::new();
    if let Some(url) = type_url {
        out.insert("@type".into(), Value::String(url));
    }
    for f in m.fields {
        let orig = rest.remove(f.name);
        let camel = if f.json_name != f.name { rest.remove(f.json_name) } else { None };
        let (given, key) = match (camel, orig) {
            (Some(c), _) => (Some(c), f.json_name),
            (None, Some(o)) => (Some(o), f.name),
            (None, None) => (None, f.name),
        };
        match given {
            Some(val) => {
                out.insert(f.name.to_string(), field(f, &val, &path.key(key))?);
            }
            None if f.oneof.is_some() => {}
            None => {
                out.insert(f.name.to_string(), field_default(f));
            }
        }
    }
    if let Some(k) = rest.keys().next() {
        return Err((path.key(k), format!("unknown field (not in {})", m.full_name)));
    }
    Ok(Value::Object(out))
}

fn field(f: &Field, v: &Value, path: &Path) -> Res<Value> {
    match f.card {
        Card::One => single(f.ty, f.nullable, v, path),
        Card::Repeated => match v {
            Value::Null => Ok(Value::Array(vec![])),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| single(f.ty, f.nullable, item, &path.index(i)))
                .collect::<Res<Vec<_>>>()
                .map(Value::Array),
            other => Err(expected(path, "an array", other)),
        },
    }
}

/// What an absent field encodes to under `EmitDefaults`.
fn field_default(f: &Field) -> Value {
    match f.card {
        Card::Repeated => Value::Array(vec![]),
        Card::One => zero(f.ty, f.nullable),
    }
}

/// The canonical encoding of a message none of whose fields are given.
pub(crate) fn defaults(m: &Message) -> Value {
    let mut out = Map::new();
    for f in m.fields.iter().filter(|f| f.oneof.is_none()) {
        out.insert(f.name.to_string(), field_default(f));
    }
    Value::Object(out)
}

fn zero(ty: Type, nullable: bool) -> Value {
    match ty {
        Type::Str | Type::Bytes | Type::HexBytes => Value::String(String::new()),
        Type::Bool => Value::Bool(false),
        Type::I32 | Type::U32 => Value::Number(0.into()),
        Type::I64 | Type::U64 => Value::String("0".into()),
        Type::Enum(e) => e.name_of(0).map_or(Value::Number(0.into()), |n| Value::String(n.into())),
        Type::WasmAccessType => Value::String("Unspecified".into()),
        Type::Msg(m) if !nullable => defaults(m),
        Type::Int if !nullable => Value::String("0".into()),
        Type::Dec if !nullable => Value::String("0.000000000000000000".into()),
        Type::Duration if !nullable => Value::String("0s".into()),
        Type::Timestamp if !nullable => Value::String("0001-01-01T00:00:00Z".into()),
        // Nil pointers (and nil raw JSON) are written as null.
        _ => Value::Null,
    }
}

fn single(ty: Type, nullable: bool, v: &Value, path: &Path) -> Res<Value> {
    if v.is_null() {
        return match ty {
            Type::Int | Type::Dec | Type::Duration | Type::Timestamp | Type::Any(_) if !nullable => {
                Err((path.clone(), "null is not allowed here (not a pointer field)".into()))
            }
            Type::RawJson => Ok(Value::Null),
            Type::RawJsonObject => Err(expected(path, "an object", v)),
            _ => Ok(zero(ty, nullable)),
        };
    }
    match ty {
        Type::Str => match v {
            Value::String(_) => Ok(v.clone()),
            other => Err(expected(path, "a string", other)),
        },
        Type::Bool => match v {
            Value::Bool(_) => Ok(v.clone()),
            other => Err(expected(path, "a boolean", other)),
        },
        Type::I32 => {
            integer(v, path, i128::from(i32::MIN), i128::from(i32::MAX)).map(|n| Value::Number(Number::from(n as i64)))
        }
        Type::U32 => integer(v, path, 0, i128::from(u32::MAX)).map(|n| Value::Number(Number::from(n as u64))),
        Type::I64 => integer(v, path, i128::from(i64::MIN), i128::from(i64::MAX)).map(|n| Value::String(n.to_string())),
        Type::U64 => integer(v, path, 0, i128::from(u64::MAX)).map(|n| Value::String(n.to_string())),
        Type::Bytes => {
            let s = string(v, path)?;
            let bytes = scalars::decode_base64(s).map_err(|e| (path.clone(), e))?;
            Ok(Value::String(scalars::encode_base64(&bytes)))
        }
        Type::HexBytes => {
            let s = string(v, path)?;
            let bytes = scalars::decode_hex(s).map_err(|e| (path.clone(), e))?;
            Ok(Value::String(bytes.iter().map(|b| format!("{b:02X}")).collect()))
        }
        Type::Enum(e) => match v {
            Value::String(s) => e
                .number_of(s)
                .map(|_| v.clone())
                .ok_or_else(|| (path.clone(), format!("{} is not a value of enum {}", scalars::short(s), e.full_name))),
            Value::Number(_) => {
                let n = integer(v, path, i128::from(i32::MIN), i128::from(i32::MAX))? as i32;
                Ok(e.name_of(n).map_or(Value::Number(n.into()), |name| Value::String(name.into())))
            }
            other => Err(expected(path, &format!("a value of enum {}", e.full_name), other)),
        },
        Type::WasmAccessType => {
            // wasmd v0.50.0 x/wasm/types/params.go: AccessType.UnmarshalJSONPB -> UnmarshalText,
            // which maps an unknown name to Unspecified without error; wasm's ValidateGenesis
            // then refuses Unspecified, so an unknown name is refused here already.
            let s = string(v, path)?;
            match s {
                "Nobody" | "AnyOfAddresses" | "Everybody" => Ok(v.clone()),
                _ => Err((
                    path.clone(),
                    format!("{} is not a wasm access type (Nobody, AnyOfAddresses, Everybody)", scalars::short(s)),
                )),
            }
        }
        Type::Int => {
            let s = string(v, path)?;
            parse_math_int(s).map(|i| Value::String(i.to_string())).map_err(|e| (path.clone(), math_int_message(s, &e)))
        }
        Type::Dec => {
            let s = string(v, path)?;
            scalars::parse_legacy_dec(s).map(|d| Value::String(d.to_decimal())).map_err(|e| (path.clone(), e))
        }
        Type::Duration => {
            let s = string(v, path)?;
            parse_go_duration(s)
                .map(|d| Value::String(scalars::format_duration(d)))
                .map_err(|_| (path.clone(), format!("{s:?} is not a duration")))
        }
        Type::Timestamp => {
            let s = string(v, path)?;
            scalars::parse_timestamp(s)
                .map(|(s, n)| Value::String(scalars::format_timestamp(s, n)))
                .map_err(|e| (path.clone(), e))
        }
        Type::RawJson => Ok(v.clone()),
        Type::RawJsonObject => match v {
            Value::Object(_) => Ok(v.clone()),
            other => Err(expected(path, "an object", other)),
        },
        Type::Msg(m) => message(m, v, path),
        Type::Any(iface) => any(iface, v, path),
    }
}

fn string<'a>(v: &'a Value, path: &Path) -> Res<&'a str> {
    match v {
        Value::String(s) => Ok(s),
        other => Err(expected(path, "a string", other)),
    }
}

/// jsonpb: a quoted number loses its quotes, then `encoding/json` parses the literal into the Go
/// integer type (`strconv.ParseInt`/`ParseUint` of an integer literal; fractions, exponents and
/// out-of-range values are refused). A quoted `null` is therefore a no-op, i.e. zero.
fn integer(v: &Value, path: &Path, min: i128, max: i128) -> Res<i128> {
    let text = match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let t = s.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
            if t == "null" {
                return Ok(0);
            }
            t.to_string()
        }
        other => return Err(expected(path, "an integer", other)),
    };
    let digits = text.strip_prefix('-').unwrap_or(&text);
    let json_int = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !(digits.len() > 1 && digits.starts_with('0'));
    if !json_int {
        return Err((path.clone(), format!("{} is not an integer", describe(v))));
    }
    match text.parse::<i128>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err((path.clone(), format!("{} is out of range [{min}, {max}]", describe(v)))),
    }
}

/// The decoder's own words for a refused `math.Int` (Go's say `cannot unmarshal` for each).
fn math_int_message(s: &str, e: &MathIntError) -> String {
    match e {
        MathIntError::Syntax(_) => format!("{s:?} is not an integer"),
        MathIntError::Separator(_) => format!("{s:?} is not an integer (misplaced '_')"),
        MathIntError::OutOfRange(_) => format!("{s:?} is out of range (more than 256 bits)"),
    }
}

fn any(iface: &Interface, v: &Value, path: &Path) -> Res<Value> {
    let obj = match v {
        Value::Object(o) => o,
        other => return Err(expected(path, "an Any object with \"@type\"", other)),
    };
    let url = match obj.get("@type") {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => return Err((path.clone(), "Any has no \"@type\"".into())),
        Some(other) => return Err(expected(&path.key("@type"), "a type URL string", other)),
    };
    let Some(impls) = iface.impls else {
        return Err((
            path.key("@type"),
            format!(
                "{} in an Any of interface {}: this decoder has no transcription of that interface's implementations",
                scalars::short(&url),
                iface.name
            ),
        ));
    };
    let Some(m) = impls.iter().find(|m| m.type_url() == url) else {
        return Err((
            path.key("@type"),
            format!("{} is not a registered implementation of {}", scalars::short(&url), iface.name),
        ));
    };
    let mut rest = obj.clone();
    rest.remove("@type");
    fields(m, rest, path, Some(url))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_take_numbers_and_quoted_numbers() {
        let p = Path::default();
        assert_eq!(integer(&json!(-4), &p, -10, 10).ok(), Some(-4));
        assert_eq!(integer(&json!("-4"), &p, -10, 10).ok(), Some(-4));
        assert_eq!(integer(&json!("null"), &p, -10, 10).ok(), Some(0));
        for bad in
            [json!("abc"), json!("1.0"), json!(1.5), json!("01"), json!(""), json!("+1"), json!(true), json!("1e2")]
        {
            assert!(integer(&bad, &p, -10, 10).is_err(), "{bad} accepted");
        }
        assert!(integer(&json!(11), &p, -10, 10).is_err());
        assert!(integer(&json!("-1"), &p, 0, 10).is_err());
    }
}
