//! Reads the account private keys out of a project's keyring, so the leak audit knows what to
//! look for. The record format is the stand-in daemon's (`simchain/src/keyring.rs`): `test`
//! keeps `<name>.info` as plain JSON with a hex `private_key`; `file` seals that JSON with
//! XChaCha20-Poly1305 under a scrypt key of the keyring passphrase.

use crate::project::KeyringBackend;
use crate::HarnessError;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use std::path::Path;
use zeroize::Zeroizing;

#[derive(serde::Deserialize)]
struct Record {
    name: String,
    private_key: String,
}

#[derive(serde::Deserialize)]
struct Sealed {
    kdf: String,
    log_n: u8,
    salt: String,
    nonce: String,
    ciphertext: String,
}

fn bad(path: &Path, reason: impl std::fmt::Display) -> HarnessError {
    HarnessError::Check { check: "leaks", reason: format!("{}: cannot read keyring record: {reason}", path.display()) }
}

fn unseal(path: &Path, bytes: &[u8], passphrase: &str) -> Result<Zeroizing<Vec<u8>>, HarnessError> {
    let s: Sealed = serde_json::from_slice(bytes).map_err(|e| bad(path, e))?;
    if s.kdf != "scrypt" {
        return Err(bad(path, format!("unknown kdf {:?}", s.kdf)));
    }
    let salt = B64.decode(&s.salt).map_err(|e| bad(path, e))?;
    let nonce = B64.decode(&s.nonce).map_err(|e| bad(path, e))?;
    let ct = B64.decode(&s.ciphertext).map_err(|e| bad(path, e))?;
    if nonce.len() != 24 {
        return Err(bad(path, "nonce is not 24 bytes"));
    }
    let params = scrypt::Params::new(s.log_n, 8, 1, 32).map_err(|e| bad(path, e))?;
    let mut key = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(passphrase.as_bytes(), &salt, &params, &mut *key).map_err(|e| bad(path, e))?;
    XChaCha20Poly1305::new((&*key).into())
        .decrypt(XNonce::from_slice(&nonce), ct.as_slice())
        .map(Zeroizing::new)
        .map_err(|_| bad(path, "wrong passphrase or corrupt record"))
}

/// A key's name and its private key bytes (wiped on drop).
pub type NamedKey = (String, Zeroizing<Vec<u8>>);

/// Every record in the keyring under `keyring_home`.
pub fn account_keys(
    keyring_home: &Path,
    backend: KeyringBackend,
    passphrase: Option<&str>,
) -> Result<Vec<NamedKey>, HarnessError> {
    let dir = keyring_home.join(format!("keyring-{}", backend.as_str()));
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(out) };
    let mut paths: Vec<_> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "info")).collect();
    paths.sort();
    for path in paths {
        let bytes = Zeroizing::new(std::fs::read(&path).map_err(crate::error::io(&path))?);
        let plain = match backend {
            KeyringBackend::Test => bytes,
            KeyringBackend::File => {
                if serde_json::from_slice::<Sealed>(&bytes).is_err() {
                    continue;
                }
                let pass = passphrase.ok_or_else(|| bad(&path, "a file keyring and no passphrase"))?;
                unseal(&path, &bytes, pass)?
            }
        };
        // Another daemon's record format (the real inferenced keeps protobuf records): the
        // audit then relies on the mnemonics the runner saved, which yield the same key.
        let Ok(record) = serde_json::from_slice::<Record>(&plain) else {
            tracing::debug!(path = %path.display(), "keyring record not in the stand-in's format; skipped");
            continue;
        };
        let secret = Zeroizing::new(hex::decode(&record.private_key).map_err(|e| bad(&path, e))?);
        out.push((record.name, secret));
    }
    Ok(out)
}
