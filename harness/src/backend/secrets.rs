//! What a project holds that must never leave it (its private keys in every encoding we search
//! for), and the directory walk that finds files. Below the checks because a backend's own
//! audit (docker's image and container scan) reads the same secrets.

use crate::backend::files::Home;
use crate::backend::Backend;
use crate::project::Project;
use crate::HarnessError;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn fail(check: &'static str, reason: impl Into<String>) -> HarnessError {
    HarnessError::Check { check, reason: reason.into() }
}

pub(crate) fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    walk_from(dir, out, &mut BTreeSet::new(), &mut Vec::new());
}

/// `walk`, and what could not be looked into: for the leak audit a directory it cannot list
/// or a path it cannot stat (a symlink loop, a permission) could hold anything. A path that
/// is gone (a temp file renamed away since the listing, a dangling link) holds nothing.
pub(crate) fn walk_audited(dir: &Path, out: &mut Vec<PathBuf>, unreadable: &mut Vec<String>) {
    walk_from(dir, out, &mut BTreeSet::new(), unreadable);
}

/// Follows symlinks (a link in a public directory to a key file publishes the key to anyone
/// who copies the directory), each real directory once.
fn walk_from(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut BTreeSet<PathBuf>, unreadable: &mut Vec<String>) {
    let gone = |e: &std::io::Error| e.kind() == std::io::ErrorKind::NotFound;
    let real = match dir.canonicalize() {
        Ok(real) => real,
        Err(e) if gone(&e) => return,
        Err(e) => return unreadable.push(format!("{} cannot be read: {e}", dir.display())),
    };
    if !seen.insert(real) {
        return;
    }
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if gone(&e) => return,
        Err(e) => return unreadable.push(format!("{} cannot be read: {e}", dir.display())),
    };
    for e in rd.flatten() {
        let path = e.path();
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk_from(&path, out, seen, unreadable),
            Ok(m) if m.is_file() => out.push(path),
            // Sockets, FIFOs and devices are not files anyone copies.
            Ok(_) => {}
            Err(e) if gone(&e) => {}
            Err(e) => unreadable.push(format!("{} cannot be read: {e}", path.display())),
        }
    }
}

pub(crate) fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.into_iter().filter_map(|f| std::fs::read(&f).ok().map(|b| (f, b))).collect()
}

/// A secret in every encoding we search for.
pub(crate) fn encodings(what: &str, secret: &[u8], out: &mut Vec<(String, Vec<u8>)>) {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
    out.push((format!("{what} (raw)"), secret.to_vec()));
    out.push((format!("{what} (hex)"), hex::encode(secret).into_bytes()));
    out.push((format!("{what} (HEX)"), hex::encode_upper(secret).into_bytes()));
    // Inside a longer base64 stream the key may start at any byte offset: for each of the
    // three, the whole 3-byte groups that lie in the key encode the same whatever surrounds it
    // (CometBFT stores seed || public key, tmkms the seed alone). Both alphabets.
    for skip in 0..3 {
        let body = &secret[skip.min(secret.len())..];
        let body = &body[..body.len() - body.len() % 3];
        if body.len() >= 15 {
            out.push((format!("{what} (base64)"), B64.encode(body).into_bytes()));
            out.push((format!("{what} (base64url)"), B64URL.encode(body).into_bytes()));
        }
    }
    // bech32's data part, without the checksum (which depends on the prefix) and without the
    // last character (which depends on the padding).
    if let Ok(hrp) = bech32::Hrp::parse("x") {
        if let Ok(text) = bech32::encode::<bech32::Bech32>(hrp, secret) {
            let data = &text[2..text.len() - 6];
            out.push((format!("{what} (bech32)"), data.as_bytes()[..data.len().saturating_sub(1)].to_vec()));
        }
    }
    // As a list of decimal bytes (a JSON array, Go's %v, a Python list).
    let numbers: Vec<String> = secret.iter().map(u8::to_string).collect();
    for sep in [",", ", ", " "] {
        out.push((format!("{what} (decimal bytes)"), numbers.join(sep).into_bytes()));
    }
}

/// What a secret is ("val-1's tmkms consensus.key (base64)") and the bytes that would betray it.
pub type Secret = (String, Vec<u8>);

/// Every private key a project holds, read from its own homes: the account keys in its keyring
/// (and the `file` keyring's passphrase), the mnemonics the runner saved (beside a `test`
/// keyring, or in the host's offline backup for a `file` one), the node key, and
/// tmkms's consensus key and KMS identity.
pub(crate) const MNEMONIC_WORDS: &str = "mnemonic words";

pub fn secrets_of(p: &Project, backend: &dyn Backend) -> Result<Vec<Secret>, HarnessError> {
    let mut out = Vec::new();
    let passphrase = backend.keyring_passphrase(p);
    // Each home read where it is: here, or fetched from its machine's engine for the audit.
    let keyring = backend.view(p, Home::Keyring, "")?;
    let node_config = backend.view(p, Home::Node, "config")?;
    let tmkms_secrets = backend.view(p, Home::Tmkms, "secrets")?;
    let accounts = crate::keyring_records::account_keys(keyring.path(), backend.keyring(p), passphrase.as_deref())?;
    for (name, key) in &accounts {
        encodings(&format!("account key {name}"), key, &mut out);
    }
    if let Some(pass) = passphrase {
        out.push(("keyring passphrase".into(), pass.into_bytes()));
    }
    let mut files = Vec::new();
    walk(&keyring.path().join("mnemonics"), &mut files);
    walk(&p.mnemonic_backup(), &mut files);
    for f in files {
        let Ok(words) = std::fs::read_to_string(&f) else { continue };
        let words: Vec<String> = words.split_whitespace().map(str::to_lowercase).collect();
        // Three consecutive words of a BIP-39 mnemonic do not occur by chance in our files;
        // they are matched against each file's words (see `words_of`).
        for w in words.windows(3) {
            out.push((MNEMONIC_WORDS.into(), format!(" {} ", w.join(" ")).into_bytes()));
        }
        // The chain's own path (coin type 1200 for inferenced): on another path the
        // mnemonic yields a key the keyring never held, and its leak would go unseen.
        if let Ok(k) = cosmos_formats::hd::AccountKey::from_mnemonic(&words.join(" "), &simchain::CHAIN.hd_path) {
            encodings("account key (from mnemonic)", &k.secret_bytes(), &mut out);
        }
        if let Ok((seed, xprv)) = cosmos_formats::hd::AccountKey::mnemonic_secrets(&words.join(" ")) {
            encodings("BIP-39 seed", &seed, &mut out);
            out.push(("BIP-32 master xprv".into(), xprv.as_bytes().to_vec()));
        }
    }
    if !out.iter().any(|(what, _)| what.starts_with("account key")) {
        return Err(fail("leaks", format!("{}: no account key in its keyring nor a saved mnemonic", p.name)));
    }
    let node_key = keyring.path().join("node_key.json");
    let k = cosmos_formats::keyfiles::NodeKey::load(&node_key)
        .map_err(|e| fail("leaks", format!("{}: {e}", keyring.name_of(&node_key))))?;
    encodings("node key", k.0.as_bytes(), &mut out);
    // The key `init` writes before tmkms takes over: never used to sign, but a private key all
    // the same, and the same file name as a real validator key.
    let pvk = node_config.path().join("priv_validator_key.json");
    if let Ok(text) = std::fs::read_to_string(&pvk) {
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| fail("leaks", format!("{}: {e}", node_config.name_of(&pvk))))?;
        if let Some(key) = v["priv_key"]["value"].as_str().and_then(|k| B64.decode(k).ok()) {
            encodings("init's priv_validator_key.json", &key, &mut out);
        }
    }
    let mut found = 0;
    for name in ["consensus.key", "kms-identity.key"] {
        let f = tmkms_secrets.path().join(name);
        let Ok(text) = std::fs::read_to_string(&f) else { continue };
        let bytes =
            B64.decode(text.trim()).map_err(|e| fail("leaks", format!("{}: {e}", tmkms_secrets.name_of(&f))))?;
        encodings(&format!("tmkms {name}"), &bytes, &mut out);
        found += 1;
    }
    if found != 2 {
        return Err(fail("leaks", format!("{}: tmkms consensus key or KMS identity missing", p.name)));
    }
    Ok(out)
}
