//! Reads the account private keys out of a project's keyring, so the leak audit knows what to
//! look for. The keyring is the Cosmos SDK's on-disk format (JWE entries over protobuf
//! `Record`s), which `simchain::keyring` reads for the stand-in daemon and for the real one
//! alike: one reader of the format, not a copy here.

use crate::project::KeyringBackend;
use crate::HarnessError;
use simchain::keyring::{Backend, Input, Keyring, KeyringError};
use std::path::Path;
use zeroize::Zeroizing;

/// A key's name and its private key bytes (wiped on drop).
pub type NamedKey = (String, Zeroizing<Vec<u8>>);

fn bad(keyring_home: &Path, reason: impl std::fmt::Display) -> HarnessError {
    HarnessError::Check { check: "leaks", reason: format!("{}: cannot read keyring: {reason}", keyring_home.display()) }
}

/// Every record in the keyring under `keyring_home`.
pub fn account_keys(
    keyring_home: &Path,
    backend: KeyringBackend,
    passphrase: Option<&str>,
) -> Result<Vec<NamedKey>, HarnessError> {
    let backend: Backend = backend.as_str().parse().map_err(|e: KeyringError| bad(keyring_home, e))?;
    let mut input = Input::given(&passphrase.into_iter().collect::<Vec<_>>());
    let mut keyring = Keyring::open(keyring_home, backend, &mut input);
    let mut out = Vec::new();
    for name in keyring.names() {
        match keyring.signing_key(&name) {
            Ok(key) => out.push((name, key.secret_bytes())),
            Err(e) => return Err(bad(keyring_home, e)),
        }
    }
    Ok(out)
}
