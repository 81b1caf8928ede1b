//! The SDK keyring's `test` and `file` backends, on disk under `<keyring-dir>/keyring-<backend>/`.
//!
//! File names follow the SDK (`<name>.info`, `<hex address>.address`, `keyhash`). `test` keeps
//! records unencrypted, as its name warns; `file` encrypts each record with a key derived by
//! scrypt from a passphrase read on stdin (twice when the keyring is new, as the SDK asks).
//! The record format itself is ours: only this module reads it (the harness audits a keyring
//! through it).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use cosmos_formats::files::{write_atomic, Mode};
use cosmos_formats::hd::AccountKey;
use cosmos_formats::{AccountPubKey, Address};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use zeroize::Zeroizing;

/// Same minimum the SDK's prompt enforces.
const MIN_PASSPHRASE_LEN: usize = 8;
const SCRYPT_LOG_N: u8 = 14;

#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    #[error("keyring backend {0:?} is not supported here (use test or file)")]
    Backend(String),
    /// The SDK's wording: a name it cannot find is then tried as a bech32 address.
    #[error("{0} is not a valid name or address: decoding bech32 failed: invalid separator index -1")]
    NotFound(String),
    #[error("key {0:?} already exists in the keyring (refusing to overwrite it)")]
    Exists(String),
    #[error("an account with address {0} already exists in the keyring as {1:?}")]
    AddressExists(String, String),
    #[error("invalid key name {0:?}: use letters, digits, '.', '_' or '-', not starting with '.'")]
    Name(String),
    #[error("passphrase must be at least {MIN_PASSPHRASE_LEN} characters")]
    ShortPassphrase,
    #[error("passphrases do not match")]
    PassphraseMismatch,
    #[error("incorrect keyring passphrase")]
    WrongPassphrase,
    #[error("expected {0} on standard input, got end of input")]
    Eof(&'static str),
    #[error("{path}: corrupt keyring entry: {reason}")]
    Corrupt { path: String, reason: String },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error(transparent)]
    Write(#[from] cosmos_formats::files::FileError),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Test,
    File,
}

impl FromStr for Backend {
    type Err = KeyringError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "test" => Ok(Backend::Test),
            "file" => Ok(Backend::File),
            other => Err(KeyringError::Backend(other.to_string())),
        }
    }
}

impl Backend {
    fn dir_name(self) -> &'static str {
        match self {
            Backend::Test => "keyring-test",
            Backend::File => "keyring-file",
        }
    }
}

/// Lines read from stdin on demand (mnemonics, passphrases), in the order the SDK asks.
pub struct Input {
    reader: Box<dyn BufRead>,
    /// Whether a person may be typing: then each read is preceded by the SDK's prompt.
    prompts: bool,
}

impl Input {
    pub fn stdin() -> Self {
        Input { reader: Box::new(std::io::BufReader::new(std::io::stdin())), prompts: true }
    }

    /// Lines known in advance (a tool opening a keyring whose passphrase it holds): no prompts.
    pub fn given(lines: &[&str]) -> Self {
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        Input { reader: Box::new(std::io::Cursor::new(text.into_bytes())), prompts: false }
    }

    fn prompt(&self, text: &str) {
        if self.prompts {
            eprintln!("{text}");
        }
    }

    pub fn line(&mut self, what: &'static str) -> Result<Zeroizing<String>, KeyringError> {
        let mut s = Zeroizing::new(String::new());
        let n = self.reader.read_line(&mut s).map_err(|source| KeyringError::Io { path: "<stdin>".into(), source })?;
        if n == 0 {
            return Err(KeyringError::Eof(what));
        }
        let trimmed = Zeroizing::new(s.trim_end_matches(['\n', '\r']).to_string());
        Ok(trimmed)
    }
}

/// What `keys show` and `keys list` print.
#[derive(Clone, Debug)]
pub struct KeyInfo {
    pub name: String,
    pub pubkey: AccountPubKey,
    pub address: Address,
}

#[derive(Serialize, Deserialize)]
struct Record {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    pubkey: serde_json::Value,
    private_key: String,
}

#[derive(Serialize, Deserialize)]
struct Sealed {
    kdf: String,
    log_n: u8,
    salt: String,
    nonce: String,
    ciphertext: String,
}

#[derive(Serialize, Deserialize)]
struct KeyHash {
    kdf: String,
    log_n: u8,
    salt: String,
    hash: String,
}

pub struct Keyring<'a> {
    dir: PathBuf,
    backend: Backend,
    input: &'a mut Input,
    passphrase: Option<Zeroizing<String>>,
}

pub fn validate_name(name: &str) -> Result<(), KeyringError> {
    let ok = !name.is_empty()
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(KeyringError::Name(name.to_string()))
    }
}

fn derive(pass: &str, salt: &[u8], log_n: u8) -> Result<Zeroizing<[u8; 32]>, KeyringError> {
    let params = scrypt::Params::new(log_n, 8, 1, 32)
        .map_err(|e| KeyringError::Corrupt { path: "keyring".into(), reason: e.to_string() })?;
    let mut out = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(pass.as_bytes(), salt, &params, &mut *out)
        .map_err(|e| KeyringError::Corrupt { path: "keyring".into(), reason: e.to_string() })?;
    Ok(out)
}

impl<'a> Keyring<'a> {
    pub fn open(keyring_dir: &Path, backend: Backend, input: &'a mut Input) -> Self {
        Keyring { dir: keyring_dir.join(backend.dir_name()), backend, input, passphrase: None }
    }

    fn info_path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.info"))
    }

    fn io(path: &Path) -> impl FnOnce(std::io::Error) -> KeyringError + '_ {
        move |source| KeyringError::Io { path: path.display().to_string(), source }
    }

    fn corrupt(path: &Path, reason: impl ToString) -> KeyringError {
        KeyringError::Corrupt { path: path.display().to_string(), reason: reason.to_string() }
    }

    /// Asks for the passphrase once per command; a new keyring asks twice and records a hash
    /// so later commands can tell a typo from a wrong keyring.
    fn passphrase(&mut self) -> Result<Zeroizing<String>, KeyringError> {
        if let Some(p) = &self.passphrase {
            return Ok(p.clone());
        }
        let hash_path = self.dir.join("keyhash");
        let pass = if hash_path.exists() {
            self.input.prompt("Enter keyring passphrase:");
            let pass = self.input.line("the keyring passphrase")?;
            let text = std::fs::read_to_string(&hash_path).map_err(Self::io(&hash_path))?;
            let kh: KeyHash = serde_json::from_str(&text).map_err(|e| Self::corrupt(&hash_path, e))?;
            let salt = B64.decode(&kh.salt).map_err(|e| Self::corrupt(&hash_path, e))?;
            let got = derive(&pass, &salt, kh.log_n)?;
            if B64.encode(*got) != kh.hash {
                return Err(KeyringError::WrongPassphrase);
            }
            pass
        } else {
            self.input.prompt("Enter keyring passphrase:");
            let pass = self.input.line("the keyring passphrase")?;
            if pass.len() < MIN_PASSPHRASE_LEN {
                return Err(KeyringError::ShortPassphrase);
            }
            self.input.prompt("Re-enter keyring passphrase:");
            let again = self.input.line("the keyring passphrase again")?;
            if *again != *pass {
                return Err(KeyringError::PassphraseMismatch);
            }
            let mut salt = [0u8; 16];
            rand::rngs::OsRng.fill_bytes(&mut salt);
            let hash = derive(&pass, &salt, SCRYPT_LOG_N)?;
            let kh =
                KeyHash { kdf: "scrypt".into(), log_n: SCRYPT_LOG_N, salt: B64.encode(salt), hash: B64.encode(*hash) };
            write_atomic(&hash_path, serde_json::to_string(&kh).unwrap_or_default().as_bytes(), Mode::Secret)?;
            pass
        };
        self.passphrase = Some(pass.clone());
        Ok(pass)
    }

    fn seal(&mut self, plain: &[u8]) -> Result<Vec<u8>, KeyringError> {
        match self.backend {
            Backend::Test => Ok(plain.to_vec()),
            Backend::File => {
                let pass = self.passphrase()?;
                let mut salt = [0u8; 16];
                let mut nonce = [0u8; 24];
                rand::rngs::OsRng.fill_bytes(&mut salt);
                rand::rngs::OsRng.fill_bytes(&mut nonce);
                let key = derive(&pass, &salt, SCRYPT_LOG_N)?;
                let cipher = XChaCha20Poly1305::new((&*key).into());
                let ct = cipher.encrypt(XNonce::from_slice(&nonce), plain).map_err(|_| KeyringError::Corrupt {
                    path: self.dir.display().to_string(),
                    reason: "encryption failed".into(),
                })?;
                let sealed = Sealed {
                    kdf: "scrypt".into(),
                    log_n: SCRYPT_LOG_N,
                    salt: B64.encode(salt),
                    nonce: B64.encode(nonce),
                    ciphertext: B64.encode(ct),
                };
                Ok(serde_json::to_vec(&sealed).unwrap_or_default())
            }
        }
    }

    fn open_sealed(&mut self, path: &Path, bytes: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyringError> {
        match self.backend {
            Backend::Test => Ok(Zeroizing::new(bytes.to_vec())),
            Backend::File => {
                let pass = self.passphrase()?;
                let s: Sealed = serde_json::from_slice(bytes).map_err(|e| Self::corrupt(path, e))?;
                let salt = B64.decode(&s.salt).map_err(|e| Self::corrupt(path, e))?;
                let nonce = B64.decode(&s.nonce).map_err(|e| Self::corrupt(path, e))?;
                let ct = B64.decode(&s.ciphertext).map_err(|e| Self::corrupt(path, e))?;
                if nonce.len() != 24 {
                    return Err(Self::corrupt(path, "bad nonce"));
                }
                let key = derive(&pass, &salt, s.log_n)?;
                let cipher = XChaCha20Poly1305::new((&*key).into());
                cipher
                    .decrypt(XNonce::from_slice(&nonce), ct.as_slice())
                    .map(Zeroizing::new)
                    .map_err(|_| KeyringError::WrongPassphrase)
            }
        }
    }

    pub fn exists(&self, name: &str) -> bool {
        self.info_path(name).exists()
    }

    /// Stores a new key; an existing name or address is never overwritten.
    pub fn add(&mut self, name: &str, key: &AccountKey) -> Result<KeyInfo, KeyringError> {
        validate_name(name)?;
        if self.exists(name) {
            return Err(KeyringError::Exists(name.to_string()));
        }
        let address = key.address();
        let addr_path = self.dir.join(format!("{}.address", hex::encode(address.as_bytes())));
        if addr_path.exists() {
            let other = std::fs::read_to_string(&addr_path).unwrap_or_default();
            return Err(KeyringError::AddressExists(hex::encode(address.as_bytes()), other.trim().to_string()));
        }
        let record = Record {
            name: name.to_string(),
            kind: "local".into(),
            pubkey: key.public().to_json(),
            private_key: hex::encode(&*key.secret_bytes()),
        };
        let plain = Zeroizing::new(serde_json::to_vec(&record).unwrap_or_default());
        let sealed = self.seal(&plain)?;
        write_atomic(&self.info_path(name), &sealed, Mode::Secret)?;
        write_atomic(&addr_path, name.as_bytes(), Mode::Secret)?;
        Ok(KeyInfo { name: name.to_string(), pubkey: key.public(), address })
    }

    fn load(&mut self, name: &str) -> Result<(KeyInfo, AccountKey), KeyringError> {
        let path = self.info_path(name);
        if validate_name(name).is_err() || !path.exists() {
            return Err(KeyringError::NotFound(name.to_string()));
        }
        let bytes = std::fs::read(&path).map_err(Self::io(&path))?;
        let plain = self.open_sealed(&path, &bytes)?;
        let record: Record = serde_json::from_slice(&plain).map_err(|e| Self::corrupt(&path, e))?;
        let secret = Zeroizing::new(hex::decode(&record.private_key).map_err(|e| Self::corrupt(&path, e))?);
        let key = AccountKey::from_bytes(&secret).map_err(|e| Self::corrupt(&path, e))?;
        let pubkey = AccountPubKey::from_json(&record.pubkey).map_err(|e| Self::corrupt(&path, e))?;
        if pubkey != key.public() {
            return Err(Self::corrupt(&path, "public key does not match private key"));
        }
        Ok((KeyInfo { name: record.name, address: key.address(), pubkey }, key))
    }

    pub fn info(&mut self, name: &str) -> Result<KeyInfo, KeyringError> {
        self.load(name).map(|(i, _)| i)
    }

    pub fn signing_key(&mut self, name: &str) -> Result<AccountKey, KeyringError> {
        self.load(name).map(|(_, k)| k)
    }

    /// Names of the stored keys (one `<name>.info` record each), sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names = Vec::new();
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                let file = e.file_name().to_string_lossy().into_owned();
                if let Some(name) = file.strip_suffix(".info") {
                    names.push(name.to_string());
                }
            }
        }
        names.sort();
        names
    }

    pub fn list(&mut self) -> Result<Vec<KeyInfo>, KeyringError> {
        self.names().iter().map(|n| self.info(n)).collect()
    }
}
