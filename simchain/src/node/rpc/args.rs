//! A method's arguments as CometBFT decodes them, from a URI query or JSON-RPC params.
//!
//! URI (`rpc/jsonrpc/server/http_uri_handler.go` `_nonJSONStringToArg`): an integer may be
//! bare (`?height=5`) or quoted; `0x…` is hex for byte slices and strings and an error for
//! integers; a quoted string is a string (or its bytes); anything else is decoded as JSON.
//! JSON (`libs/json/decoder.go`): 64-bit integers must be strings, `[]byte` is base64,
//! `HexBytes` is hex.

use base64::Engine;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ArgError {
    #[error("got a hex string arg, but expected '{0}'")]
    HexForNonBytes(&'static str),
    #[error("{0}")]
    Hex(String),
    #[error("invalid 64-bit integer encoding {0:?}, expected string")]
    IntEncoding(String),
    #[error("strconv.ParseInt: parsing {0:?}: invalid syntax")]
    IntSyntax(String),
    #[error("json: cannot unmarshal {0} into Go value of type {1}")]
    WrongType(String, &'static str),
    #[error("invalid character in {0:?}: not JSON")]
    NotJson(String),
    #[error("illegal base64 data: {0}")]
    Base64(String),
    #[error("expected {expected} parameters ({names:?}), got {got}")]
    Arity { expected: usize, names: Vec<String>, got: usize },
    #[error("unknown type for JSON params. Expected map or array")]
    ParamsType,
}

#[derive(Debug, Clone)]
enum Raw {
    Uri(String),
    Json(Value),
}

#[derive(Debug, Default)]
pub struct Args(HashMap<String, Raw>);

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_int(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

impl Args {
    pub fn from_query(query: &str, names: &[&str]) -> Result<Args, ArgError> {
        let mut map = HashMap::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let k = percent_decode(k);
            // `r.FormValue` keeps the first value of a repeated key.
            if names.contains(&k.as_str()) && !map.contains_key(&k) {
                map.insert(k, Raw::Uri(percent_decode(v)));
            }
        }
        Ok(Args(map))
    }

    pub fn from_json(params: Option<&Value>, names: &[&str]) -> Result<Args, ArgError> {
        let mut map = HashMap::new();
        match params {
            None | Some(Value::Null) => {}
            Some(Value::Object(o)) => {
                for (k, v) in o {
                    if names.contains(&k.as_str()) {
                        map.insert(k.clone(), Raw::Json(v.clone()));
                    }
                }
            }
            // `len(request.Params) > 0` guards the decoding: `[]` is no params at all.
            Some(Value::Array(a)) if a.is_empty() => {}
            Some(Value::Array(a)) => {
                if a.len() != names.len() {
                    return Err(ArgError::Arity {
                        expected: names.len(),
                        names: names.iter().map(|n| n.to_string()).collect(),
                        got: a.len(),
                    });
                }
                for (n, v) in names.iter().zip(a) {
                    map.insert(n.to_string(), Raw::Json(v.clone()));
                }
            }
            Some(_) => return Err(ArgError::ParamsType),
        }
        Ok(Args(map))
    }

    /// A JSON value for `name`, `None` when absent, empty (URI) or null.
    fn json_of(&self, name: &str) -> Result<Option<Value>, ArgError> {
        match self.0.get(name) {
            None => Ok(None),
            Some(Raw::Json(Value::Null)) => Ok(None),
            Some(Raw::Json(v)) => Ok(Some(v.clone())),
            Some(Raw::Uri(s)) if s.is_empty() => Ok(None),
            Some(Raw::Uri(s)) => match serde_json::from_str::<Value>(s) {
                Ok(Value::Null) => Ok(None),
                Ok(v) => Ok(Some(v)),
                Err(_) => Err(ArgError::NotJson(s.clone())),
            },
        }
    }

    /// Go `int64`/`int` (`*int64` when optional).
    pub fn int(&self, name: &str) -> Result<Option<i64>, ArgError> {
        if let Some(Raw::Uri(s)) = self.0.get(name) {
            if is_int(s) {
                return s.parse::<i64>().map(Some).map_err(|_| ArgError::IntSyntax(s.clone()));
            }
            if s.to_ascii_lowercase().starts_with("0x") {
                return Err(ArgError::HexForNonBytes("int64"));
            }
        }
        match self.json_of(name)? {
            None => Ok(None),
            Some(Value::String(s)) => s.parse::<i64>().map(Some).map_err(|_| ArgError::IntSyntax(s)),
            Some(other) => Err(ArgError::IntEncoding(other.to_string())),
        }
    }

    /// Go `uint` (`genesis_chunked`'s chunk).
    pub fn uint(&self, name: &str) -> Result<Option<u64>, ArgError> {
        match self.int(name)? {
            None => Ok(None),
            Some(v) => u64::try_from(v).map(Some).map_err(|_| ArgError::IntSyntax(v.to_string())),
        }
    }

    pub fn bool(&self, name: &str) -> Result<Option<bool>, ArgError> {
        match self.json_of(name)? {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(other) => Err(ArgError::WrongType(other.to_string(), "bool")),
        }
    }

    pub fn string(&self, name: &str) -> Result<Option<String>, ArgError> {
        if let Some(Raw::Uri(s)) = self.0.get(name) {
            if let Some(hex_part) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
                let b = hex::decode(hex_part).map_err(|e| ArgError::Hex(e.to_string()))?;
                return Ok(Some(String::from_utf8_lossy(&b).into_owned()));
            }
        }
        match self.json_of(name)? {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(ArgError::WrongType(other.to_string(), "string")),
        }
    }

    /// Go `[]byte` (`hex` false: base64 in JSON) or `bytes.HexBytes` (`hex` true).
    pub fn bytes(&self, name: &str, hex_in_json: bool) -> Result<Option<Vec<u8>>, ArgError> {
        if let Some(Raw::Uri(s)) = self.0.get(name) {
            if let Some(hex_part) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
                return hex::decode(hex_part).map(Some).map_err(|e| ArgError::Hex(e.to_string()));
            }
            if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
                let inner: String = serde_json::from_str(s).map_err(|_| ArgError::NotJson(s.clone()))?;
                return Ok(Some(inner.into_bytes()));
            }
        }
        match self.json_of(name)? {
            None => Ok(None),
            Some(Value::String(s)) if hex_in_json => {
                hex::decode(&s).map(Some).map_err(|e| ArgError::Hex(e.to_string()))
            }
            Some(Value::String(s)) => base64::engine::general_purpose::STANDARD
                .decode(&s)
                .map(Some)
                .map_err(|e| ArgError::Base64(e.to_string())),
            Some(other) => Err(ArgError::WrongType(other.to_string(), "[]uint8")),
        }
    }

    /// A JSON argument decoded by serde (`broadcast_evidence`'s evidence).
    pub fn value(&self, name: &str) -> Result<Option<Value>, ArgError> {
        self.json_of(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn uri_integers_bare_or_quoted_and_hex_refused() {
        let a = Args::from_query("height=5&page=%225%22&per_page=0x10", &["height", "page", "per_page"]).unwrap();
        assert_eq!(a.int("height"), Ok(Some(5)));
        assert_eq!(a.int("page"), Ok(Some(5)));
        assert_eq!(a.int("per_page"), Err(ArgError::HexForNonBytes("int64")));
        assert_eq!(a.int("absent"), Ok(None));
        let bad = Args::from_query("height=abc", &["height"]).unwrap();
        assert!(bad.int("height").is_err());
    }

    #[test]
    fn json_integers_must_be_strings() {
        let a = Args::from_json(Some(&json!({"height": 5})), &["height"]).unwrap();
        assert_eq!(a.int("height"), Err(ArgError::IntEncoding("5".into())));
        let a = Args::from_json(Some(&json!({"height": "5"})), &["height"]).unwrap();
        assert_eq!(a.int("height"), Ok(Some(5)));
        let a = Args::from_json(Some(&json!(["7"])), &["height"]).unwrap();
        assert_eq!(a.int("height"), Ok(Some(7)));
        assert!(matches!(Args::from_json(Some(&json!(["7", "8"])), &["height"]), Err(ArgError::Arity { .. })));
    }

    #[test]
    fn hashes_hex_in_uri_base64_or_hex_in_json() {
        let a = Args::from_query("hash=0xABCD", &["hash"]).unwrap();
        assert_eq!(a.bytes("hash", false), Ok(Some(vec![0xab, 0xcd])));
        let a = Args::from_json(Some(&json!({"hash": "q80="})), &["hash"]).unwrap();
        assert_eq!(a.bytes("hash", false), Ok(Some(vec![0xab, 0xcd])));
        let a = Args::from_json(Some(&json!({"hash": "ABCD"})), &["hash"]).unwrap();
        assert_eq!(a.bytes("hash", true), Ok(Some(vec![0xab, 0xcd])));
    }

    #[test]
    fn uri_strings_must_be_quoted() {
        let a = Args::from_query("query=%22tm.event%3D%27NewBlock%27%22&path=abc", &["query", "path"]).unwrap();
        assert_eq!(a.string("query"), Ok(Some("tm.event='NewBlock'".into())));
        assert!(a.string("path").is_err());
    }
}
