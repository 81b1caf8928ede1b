//! One entry of the SDK's file keyring (used by both its `test` and `file` backends): the
//! 99designs/cosmos `keyring` file backend (`file.go`) stores each item as a compact JWE made by
//! jose2go, `PBES2-HS256+A128KW` key wrapping with `A256GCM` content encryption, whose
//! plaintext is the Go JSON of `keyring.Item` (`{"Key":…,"Data":<base64>,…}`).
//!
//! The parameters are jose2go's (`pbse2_hmac_aeskw.go`): 8192 PBKDF2 iterations, a 12-byte
//! salt, and on reading at most 1,300,000 iterations, so a crafted header cannot make us spin.
//! The JOSE header is the JSON of a Go map, so its keys are sorted:
//! `alg, created, enc, p2c, p2s`.
//!
//! The primitives are RustCrypto's (pbkdf2, aes-kw, aes-gcm); this module only assembles the
//! RFC 7516 compact form around them. A test decrypts our entries with josekit (OpenSSL) and
//! reads an entry the Go SDK wrote.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use base64::Engine;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

pub const ALG: &str = "PBES2-HS256+A128KW";
pub const ENC: &str = "A256GCM";
const P2C: u64 = 8192;
const MAX_P2C: u64 = 1_300_000;
const SALT_LEN: usize = 12;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EntryError {
    #[error("not a keyring entry (compact JWE): {0}")]
    Malformed(String),
    #[error("keyring entry uses {0:?}; the SDK keyring writes {ALG} with {ENC}")]
    Algorithm(String),
    /// AES key unwrap's integrity check failed: the passphrase derives another key.
    #[error("wrong keyring passphrase (the entry's key does not unwrap)")]
    Passphrase,
    /// The key unwrapped, so the passphrase is right, but GCM's tag does not match.
    #[error("keyring entry was altered (its authentication tag does not match)")]
    Tampered,
}

/// The JOSE header jose2go writes for the file keyring.
#[derive(Serialize, Deserialize)]
struct Header {
    alg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    enc: String,
    p2c: u64,
    p2s: String,
}

/// `keyring.Item` as Go's encoding/json writes it: exported field names, `[]byte` as padded
/// standard base64.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Item {
    pub key: String,
    #[serde(with = "go_bytes")]
    pub data: Zeroizing<Vec<u8>>,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub keychain_not_trust_application: bool,
    #[serde(default)]
    pub keychain_not_synchronizable: bool,
}

impl Item {
    pub fn new(key: &str, data: &[u8]) -> Self {
        Item {
            key: key.to_string(),
            data: Zeroizing::new(data.to_vec()),
            label: String::new(),
            description: String::new(),
            keychain_not_trust_application: false,
            keychain_not_synchronizable: false,
        }
    }
}

mod go_bytes {
    use super::*;

    pub fn serialize<S: serde::Serializer>(v: &Zeroizing<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&Zeroizing::new(B64.encode(v.as_slice())))
    }

    /// Go writes a nil slice as `null`.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Zeroizing<Vec<u8>>, D::Error> {
        let text = Zeroizing::new(Option::<String>::deserialize(d)?);
        match text.as_deref() {
            None => Ok(Zeroizing::new(Vec::new())),
            Some(t) => B64.decode(t).map(Zeroizing::new).map_err(serde::de::Error::custom),
        }
    }
}

fn kek(passphrase: &str, alg: &str, salt: &[u8], iterations: u64) -> Zeroizing<[u8; 16]> {
    // RFC 7518 §4.8.1.1: the PBKDF2 salt is the algorithm name, a zero byte, then p2s.
    let mut full_salt = Vec::with_capacity(alg.len() + 1 + salt.len());
    full_salt.extend_from_slice(alg.as_bytes());
    full_salt.push(0);
    full_salt.extend_from_slice(salt);
    let mut out = Zeroizing::new([0u8; 16]);
    // The bound is checked by the caller; u32 holds it.
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(passphrase.as_bytes(), &full_salt, iterations as u32, &mut *out);
    out
}

/// Go's `time.Time.String()` for now, without the monotonic reading: `2006-01-02 15:04:05.999999999 +0000 UTC`.
fn go_time_now() -> String {
    let now = time::OffsetDateTime::now_utc();
    let mut frac = format!("{:09}", now.nanosecond());
    while frac.ends_with('0') {
        frac.pop();
    }
    let dot = if frac.is_empty() { String::new() } else { format!(".{frac}") };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}{dot} +0000 UTC",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

/// Encrypts an item under `passphrase` as the file keyring's `Set` does.
pub fn seal(item: &Item, passphrase: &str) -> Result<String, EntryError> {
    let mut salt = [0u8; SALT_LEN];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let header =
        Header { alg: ALG.into(), created: Some(go_time_now()), enc: ENC.into(), p2c: P2C, p2s: B64URL.encode(salt) };
    let header_b64 = B64URL.encode(serde_json::to_vec(&header).map_err(|e| EntryError::Malformed(e.to_string()))?);
    let mut cek = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(&mut *cek);
    let kek = kek(passphrase, ALG, &salt, P2C);
    let wrapped =
        aes_kw::KekAes128::from(*kek).wrap_vec(&*cek).map_err(|e| EntryError::Malformed(format!("key wrap: {e}")))?;
    let mut iv = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut iv);
    let plain = Zeroizing::new(serde_json::to_vec(item).map_err(|e| EntryError::Malformed(e.to_string()))?);
    let mut sealed = Aes256Gcm::new((&*cek).into())
        .encrypt(Nonce::from_slice(&iv), Payload { msg: &plain, aad: header_b64.as_bytes() })
        .map_err(|_| EntryError::Malformed("encryption failed".into()))?;
    let tag = sealed.split_off(sealed.len() - 16);
    Ok(format!(
        "{header_b64}.{}.{}.{}.{}",
        B64URL.encode(wrapped),
        B64URL.encode(iv),
        B64URL.encode(&sealed),
        B64URL.encode(tag)
    ))
}

/// Decrypts an entry as the file keyring's `Get` does.
pub fn open(token: &str, passphrase: &str) -> Result<Item, EntryError> {
    let bad = |what: &str| EntryError::Malformed(what.to_string());
    let parts: Vec<&str> = token.trim_end().split('.').collect();
    let [header_b64, wrapped, iv, ciphertext, tag] = parts.as_slice() else {
        return Err(bad(&format!("{} dot-separated parts, expected 5", parts.len())));
    };
    let decode = |part: &str, what: &str| B64URL.decode(part).map_err(|_| bad(&format!("{what} is not base64url")));
    let header: Header =
        serde_json::from_slice(&decode(header_b64, "header")?).map_err(|e| bad(&format!("header: {e}")))?;
    if header.alg != ALG || header.enc != ENC {
        return Err(EntryError::Algorithm(format!("{}/{}", header.alg, header.enc)));
    }
    if header.p2c == 0 || header.p2c > MAX_P2C {
        return Err(bad(&format!("p2c {} outside 1..={MAX_P2C}", header.p2c)));
    }
    let salt = decode(&header.p2s, "p2s")?;
    let iv = decode(iv, "iv")?;
    if iv.len() != 12 {
        return Err(bad("iv is not 12 bytes"));
    }
    let tag = decode(tag, "tag")?;
    if tag.len() != 16 {
        return Err(bad("tag is not 16 bytes"));
    }
    let wrapped = decode(wrapped, "encrypted key")?;
    if wrapped.len() != 40 {
        return Err(bad("encrypted key is not a wrapped 256-bit key"));
    }
    let kek = kek(passphrase, &header.alg, &salt, header.p2c);
    let mut cek = Zeroizing::new([0u8; 32]);
    aes_kw::KekAes128::from(*kek).unwrap(&wrapped, &mut *cek).map_err(|_| EntryError::Passphrase)?;
    let mut sealed = decode(ciphertext, "ciphertext")?;
    sealed.extend_from_slice(&tag);
    let plain = Zeroizing::new(
        Aes256Gcm::new((&*cek).into())
            .decrypt(Nonce::from_slice(&iv), Payload { msg: &sealed, aad: header_b64.as_bytes() })
            .map_err(|_| EntryError::Tampered)?,
    );
    serde_json::from_slice(&plain).map_err(|e| bad(&format!("payload is not a keyring item: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_opens_with_its_passphrase_only() {
        let token = seal(&Item::new("alice.info", b"record"), "test").unwrap();
        let item = open(&token, "test").unwrap();
        assert_eq!((item.key.as_str(), item.data.as_slice()), ("alice.info", &b"record"[..]));
        assert_eq!(open(&token, "tess").err(), Some(EntryError::Passphrase));
    }

    #[test]
    fn a_changed_ciphertext_byte_is_tampering() {
        let token = seal(&Item::new("alice.info", b"record"), "test").unwrap();
        let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
        let mut ct = B64URL.decode(&parts[3]).unwrap();
        ct[0] ^= 1;
        parts[3] = B64URL.encode(ct);
        assert_eq!(open(&parts.join("."), "test").err(), Some(EntryError::Tampered));
    }

    #[test]
    fn a_header_asking_for_endless_iterations_is_refused_before_deriving() {
        let token = seal(&Item::new("a.info", b"x"), "test").unwrap();
        let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
        let mut h: serde_json::Value = serde_json::from_slice(&B64URL.decode(&parts[0]).unwrap()).unwrap();
        h["p2c"] = serde_json::json!(4_000_000_000u64);
        parts[0] = B64URL.encode(h.to_string());
        assert!(matches!(open(&parts.join("."), "test"), Err(EntryError::Malformed(m)) if m.contains("p2c")));
    }

    #[test]
    fn the_header_lists_its_fields_in_go_map_order() {
        let token = seal(&Item::new("a.info", b"x"), "test").unwrap();
        let header = String::from_utf8(B64URL.decode(token.split('.').next().unwrap()).unwrap()).unwrap();
        let keys: Vec<&str> = ["\"alg\"", "\"created\"", "\"enc\"", "\"p2c\":8192", "\"p2s\""]
            .into_iter()
            .filter(|k| header.contains(k))
            .collect();
        assert_eq!(keys.len(), 5, "{header}");
        let pos: Vec<usize> = keys.iter().map(|k| header.find(k).unwrap()).collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]), "{header}");
    }
}
