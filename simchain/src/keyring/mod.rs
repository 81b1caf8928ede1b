//! The SDK keyring's `test` and `file` backends, on disk under `<keyring-dir>/keyring-<backend>/`
//! exactly as cosmos-sdk `crypto/keyring/keyring.go` lays them out: per key a `<name>.info`
//! entry holding its protobuf `Record` and a `<hex address>.address` entry holding
//! `<name>.info`, each encrypted as the file keyring encrypts items ([`entry`]). `test` uses the
//! fixed passphrase "test"; `file` asks for one on stdin (twice when the keyring is new) and
//! keeps its bcrypt hash in `keyhash`, as the SDK's `newRealPrompt` does. The real daemon can
//! read a keyring this module wrote, and this module reads the real daemon's.

pub mod entry;

use cosmos_formats::files::{write_atomic, Mode};
use cosmos_formats::hd::AccountKey;
use cosmos_formats::keyring_record;
use cosmos_formats::{AccountPubKey, Address};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use zeroize::Zeroizing;

/// The SDK's `input.MinPassLength`.
const MIN_PASSPHRASE_LEN: usize = 8;
/// The SDK's `maxPassphraseEntryAttempts`.
const MAX_ATTEMPTS: usize = 3;
/// `bcrypt.GenerateFromPassword(pass, 2)` in the SDK: Go raises a cost below 4 to its default, 10.
const KEYHASH_COST: u32 = 10;
const TEST_PASSPHRASE: &str = "test";

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
    /// The SDK's `ErrMaxPassPhraseAttempts`, with why the last attempt failed.
    #[error("too many failed passphrase attempts: {0}")]
    Attempts(String),
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

    /// The passphrase, asked once per command as the SDK's prompt does: up to three attempts,
    /// each failure said on stderr. A new `file` keyring asks twice and records a bcrypt hash so
    /// later commands can tell a typo from a wrong keyring.
    fn passphrase(&mut self) -> Result<Zeroizing<String>, KeyringError> {
        if let Some(p) = &self.passphrase {
            return Ok(p.clone());
        }
        let pass = match self.backend {
            Backend::Test => Zeroizing::new(TEST_PASSPHRASE.to_string()),
            Backend::File => self.ask_passphrase()?,
        };
        self.passphrase = Some(pass.clone());
        Ok(pass)
    }

    fn ask_passphrase(&mut self) -> Result<Zeroizing<String>, KeyringError> {
        let hash_path = self.dir.join("keyhash");
        let keyhash = match std::fs::read_to_string(&hash_path) {
            Ok(h) => Some(h),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(KeyringError::Io { path: hash_path.display().to_string(), source: e }),
        };
        let mut last_failure = String::new();
        for attempt in 1..=MAX_ATTEMPTS {
            self.input.prompt(&format!("Enter keyring passphrase (attempt {attempt}/{MAX_ATTEMPTS}):"));
            // No more input can come from a closed stdin: stop instead of failing twice more.
            let Ok(pass) = self.input.line("the keyring passphrase") else {
                break;
            };
            let failure = if pass.len() < MIN_PASSPHRASE_LEN {
                format!("password must be at least {MIN_PASSPHRASE_LEN} characters")
            } else if let Some(hash) = &keyhash {
                match bcrypt::verify(pass.as_bytes(), hash.trim_end()) {
                    Ok(true) => return Ok(pass),
                    Ok(false) => "incorrect passphrase".to_string(),
                    Err(e) => return Err(Self::corrupt(&hash_path, e)),
                }
            } else {
                self.input.prompt("Re-enter keyring passphrase:");
                match self.input.line("the keyring passphrase again") {
                    Ok(again) if *again == *pass => {
                        let hash = bcrypt::hash_with_result(pass.as_bytes(), KEYHASH_COST)
                            .map_err(|e| Self::corrupt(&hash_path, e))?
                            .format_for_version(bcrypt::Version::TwoA);
                        self.ensure_dir()?;
                        write_atomic(&hash_path, hash.as_bytes(), Mode::Secret)?;
                        return Ok(pass);
                    }
                    Ok(_) => "passphrase do not match".to_string(),
                    Err(_) => {
                        last_failure = "EOF".into();
                        break;
                    }
                }
            };
            eprintln!("{failure}");
            last_failure = failure;
        }
        if last_failure.is_empty() {
            last_failure = "no passphrase on standard input".into();
        }
        Err(KeyringError::Attempts(last_failure))
    }

    /// The SDK's file keyring creates its directory 0700 (`resolveDir`).
    fn ensure_dir(&self) -> Result<(), KeyringError> {
        use std::os::unix::fs::DirBuilderExt;
        if self.dir.is_dir() {
            return Ok(());
        }
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(&self.dir).map_err(Self::io(&self.dir))
    }

    fn read_entry(&mut self, path: &Path) -> Result<entry::Item, KeyringError> {
        let token = std::fs::read_to_string(path).map_err(Self::io(path))?;
        let pass = self.passphrase()?;
        entry::open(&token, &pass).map_err(|e| Self::corrupt(path, e))
    }

    fn write_entry(&mut self, path: &Path, item: &entry::Item) -> Result<(), KeyringError> {
        let pass = self.passphrase()?;
        let token = entry::seal(item, &pass).map_err(|e| Self::corrupt(path, e))?;
        self.ensure_dir()?;
        write_atomic(path, token.as_bytes(), Mode::Secret)?;
        Ok(())
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
        let addr_path = self.address_path(&address);
        if addr_path.exists() {
            let other = self
                .read_entry(&addr_path)
                .map(|item| String::from_utf8_lossy(&item.data).trim_end_matches(".info").to_string())
                .unwrap_or_default();
            return Err(KeyringError::AddressExists(hex::encode(address.as_bytes()), other));
        }
        let info_key = format!("{name}.info");
        let record = keyring_record::encode_local(name, key);
        self.write_entry(&self.info_path(name), &entry::Item::new(&info_key, &record))?;
        let addr_key = format!("{}.address", hex::encode(address.as_bytes()));
        self.write_entry(&addr_path, &entry::Item::new(&addr_key, info_key.as_bytes()))?;
        Ok(KeyInfo { name: name.to_string(), pubkey: key.public(), address })
    }

    fn address_path(&self, address: &Address) -> PathBuf {
        self.dir.join(format!("{}.address", hex::encode(address.as_bytes())))
    }

    fn load(&mut self, name: &str) -> Result<(KeyInfo, Option<AccountKey>), KeyringError> {
        let path = self.info_path(name);
        if validate_name(name).is_err() || !path.exists() {
            return Err(KeyringError::NotFound(name.to_string()));
        }
        let item = self.read_entry(&path)?;
        if item.key != format!("{name}.info") {
            return Err(Self::corrupt(&path, format!("entry is keyed {:?}", item.key)));
        }
        let record = keyring_record::decode(&item.data).map_err(|e| Self::corrupt(&path, e))?;
        let address = record.pubkey.address();
        Ok((KeyInfo { name: record.name, address, pubkey: record.pubkey }, record.key))
    }

    pub fn info(&mut self, name: &str) -> Result<KeyInfo, KeyringError> {
        self.load(name).map(|(i, _)| i)
    }

    pub fn signing_key(&mut self, name: &str) -> Result<AccountKey, KeyringError> {
        match self.load(name)? {
            (_, Some(key)) => Ok(key),
            (info, None) => Err(Self::corrupt(&self.info_path(&info.name), "not a local key: it holds no private key")),
        }
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
