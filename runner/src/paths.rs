//! The four homes, and the only code that deletes anything: the guarded wipe of `NODE_HOME`.
//!
//! The overlap rules are checked when the configuration is built (so a bad layout is a
//! configuration error that touches nothing) and again right before each wipe (so a symlink
//! created in between cannot redirect it).

use crate::cli::EnvArgs;
use crate::domain::{bad, ConfigError, Homes};
use std::path::{Component, Path, PathBuf};

/// Makes `p` absolute against `cwd` and removes `.`/`..` lexically (the directories may not
/// exist yet, so `canonicalize` cannot be used here).
pub fn absolute(p: &Path, cwd: &Path) -> PathBuf {
    let joined = if p.is_absolute() { p.to_path_buf() } else { cwd.join(p) };
    let mut out = PathBuf::from("/");
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(n) => out.push(n),
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    out
}

/// Whether one path is the other or lies inside it.
pub fn overlaps(a: &Path, b: &Path) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// The same paths with symlinks resolved as far as they exist, so that `/data/node` being a
/// link into the keyring is caught too.
fn resolved(p: &Path) -> PathBuf {
    let mut existing = p.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return p.to_path_buf(),
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for n in rest.into_iter().rev() {
        out.push(n);
    }
    out
}

fn home_path(var: &'static str, raw: &str, cwd: &Path) -> Result<PathBuf, ConfigError> {
    if raw.trim().is_empty() {
        return Err(bad(var, "empty"));
    }
    Ok(absolute(Path::new(raw), cwd))
}

/// `MNEMONIC_BACKUP_DIR`, absolute; never inside ARTIFACTS_DIR (whose files leave the host).
pub fn mnemonic_backup(raw: &EnvArgs, cwd: &Path, homes: &Homes) -> Result<Option<PathBuf>, ConfigError> {
    let Some(dir) = raw.mnemonic_backup_dir.as_deref().filter(|d| !d.trim().is_empty()) else {
        return Ok(None);
    };
    let dir = absolute(Path::new(dir), cwd);
    if overlaps(&dir, &homes.artifacts) || overlaps(&resolved(&dir), &resolved(&homes.artifacts)) {
        return Err(bad(
            "MNEMONIC_BACKUP_DIR",
            format!(
                "{} overlaps ARTIFACTS_DIR {}, whose files leave this host: name a private or offline place",
                dir.display(),
                homes.artifacts.display()
            ),
        ));
    }
    Ok(Some(dir))
}

/// Builds the homes and applies every rule: `NODE_HOME` is wiped, so it may not be `/`,
/// `$HOME` (or an ancestor of it), nor overlap any other home; and no key home may overlap
/// `ARTIFACTS_DIR`, whose contents travel between hosts.
pub fn homes(raw: &EnvArgs, cwd: &Path, user_home: Option<&Path>) -> Result<Homes, ConfigError> {
    let h = Homes {
        node: home_path("NODE_HOME", &raw.node_home, cwd)?,
        keyring: home_path("KEYRING_HOME", &raw.keyring_home, cwd)?,
        tmkms: home_path("TMKMS_HOME", &raw.tmkms_home, cwd)?,
        artifacts: home_path("ARTIFACTS_DIR", &raw.artifacts_dir, cwd)?,
    };
    check_wipe_target(&h, user_home)?;
    for (var, key_home, name) in
        [("KEYRING_HOME", &h.keyring, "ARTIFACTS_DIR"), ("TMKMS_HOME", &h.tmkms, "ARTIFACTS_DIR")]
    {
        if overlaps(key_home, &h.artifacts) || overlaps(&resolved(key_home), &resolved(&h.artifacts)) {
            return Err(bad(
                "ARTIFACTS_DIR",
                format!(
                    "{} overlaps {var} {} (private keys must never be in {name})",
                    h.artifacts.display(),
                    key_home.display()
                ),
            ));
        }
    }
    if overlaps(&h.keyring, &h.tmkms) && h.keyring != h.tmkms {
        return Err(bad(
            "TMKMS_HOME",
            format!("{} is nested with KEYRING_HOME {}", h.tmkms.display(), h.keyring.display()),
        ));
    }
    Ok(h)
}

/// The rules for `NODE_HOME` as a wipe target.
pub fn check_wipe_target(h: &Homes, user_home: Option<&Path>) -> Result<(), ConfigError> {
    let node = &h.node;
    if node.parent().is_none() {
        return Err(bad("NODE_HOME", format!("refusing to use {} as a wiped home", node.display())));
    }
    if let Some(home) = user_home {
        let home = absolute(home, Path::new("/"));
        if home.starts_with(node) {
            return Err(bad(
                "NODE_HOME",
                format!("refusing to use {} as a wiped home: it is or contains $HOME", node.display()),
            ));
        }
    }
    for (var, other) in [("KEYRING_HOME", &h.keyring), ("TMKMS_HOME", &h.tmkms), ("ARTIFACTS_DIR", &h.artifacts)] {
        if overlaps(node, other) || overlaps(&resolved(node), &resolved(other)) {
            return Err(bad("NODE_HOME", format!("{} overlaps {var} {}", node.display(), other.display())));
        }
    }
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum WipeError {
    #[error(transparent)]
    Unsafe(#[from] ConfigError),
    #[error("wiping {path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// Empties `NODE_HOME` (re-checking the rules first). The directory itself stays: in a
/// container it is a bind mount, which cannot be removed, only emptied.
pub fn wipe_node_home(h: &Homes) -> Result<(), WipeError> {
    check_wipe_target(h, std::env::var_os("HOME").map(PathBuf::from).as_deref())?;
    match std::fs::symlink_metadata(&h.node) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(WipeError::Io { path: h.node.display().to_string(), source }),
        Ok(m) if m.file_type().is_symlink() => {
            // Remove the link, never what it points to.
            std::fs::remove_file(&h.node)
                .map_err(|source| WipeError::Io { path: h.node.display().to_string(), source })?;
            return Ok(());
        }
        Ok(_) => {}
    }
    tracing::info!(node_home = %h.node.display(), "wiping NODE_HOME");
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| WipeError::Io { path, source }
    };
    for entry in std::fs::read_dir(&h.node).map_err(io(&h.node))? {
        let path = entry.map_err(io(&h.node))?.path();
        let meta = std::fs::symlink_metadata(&path).map_err(io(&path))?;
        if meta.is_dir() {
            std::fs::remove_dir_all(&path).map_err(io(&path))?;
        } else {
            std::fs::remove_file(&path).map_err(io(&path))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn raw(node: &str, keyring: &str, tmkms: &str, artifacts: &str) -> EnvArgs {
        EnvArgs {
            node_home: node.into(),
            keyring_home: keyring.into(),
            tmkms_home: tmkms.into(),
            artifacts_dir: artifacts.into(),
            ..EnvArgs::default()
        }
    }

    #[rstest]
    #[case("/d/node", "/d/keyring", "/d/tmkms", "/d/art", None)]
    #[case("node", "keyring", "tmkms", "art", None)]
    #[case("", "/d/k", "/d/t", "/d/a", Some("NODE_HOME: empty"))]
    #[case("/", "/d/k", "/d/t", "/d/a", Some("NODE_HOME: refusing to use /"))]
    #[case(
        "/home/op",
        "/d/k",
        "/d/t",
        "/d/a",
        Some("NODE_HOME: refusing to use /home/op as a wiped home: it is or contains $HOME")
    )]
    #[case(
        "/home",
        "/d/k",
        "/d/t",
        "/d/a",
        Some("NODE_HOME: refusing to use /home as a wiped home: it is or contains $HOME")
    )]
    #[case("/d/k", "/d/k", "/d/t", "/d/a", Some("NODE_HOME: /d/k overlaps KEYRING_HOME /d/k"))]
    #[case("/d", "/d/k", "/d/t", "/e/a", Some("NODE_HOME: /d overlaps KEYRING_HOME"))]
    #[case("/d/t/node", "/d/k", "/d/t", "/d/a", Some("NODE_HOME: /d/t/node overlaps TMKMS_HOME"))]
    #[case("/d/a/node", "/d/k", "/d/t", "/d/a", Some("NODE_HOME: /d/a/node overlaps ARTIFACTS_DIR"))]
    #[case("/d/n/../k", "/d/k", "/d/t", "/d/a", Some("NODE_HOME: /d/k overlaps KEYRING_HOME"))]
    #[case("/d/n", "/d/k", "/d/t", "/d/k/pub", Some("ARTIFACTS_DIR: /d/k/pub overlaps KEYRING_HOME"))]
    #[case("/e/n", "/d/k", "/d/t", "/d", Some("ARTIFACTS_DIR: /d overlaps KEYRING_HOME"))]
    fn wipe_guards(#[case] node: &str, #[case] k: &str, #[case] t: &str, #[case] a: &str, #[case] err: Option<&str>) {
        let r = homes(&raw(node, k, t, a), Path::new("/work"), Some(Path::new("/home/op")));
        match (r, err) {
            (Ok(_), None) => {}
            (Err(e), Some(msg)) => assert!(e.to_string().starts_with(msg), "{e}"),
            (r, _) => panic!("{node}: unexpected {:?}", r.map(|h| h.node)),
        }
    }

    #[test]
    fn a_symlinked_node_home_into_the_keyring_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let k = d.path().join("k");
        std::fs::create_dir(&k).unwrap();
        std::os::unix::fs::symlink(&k, d.path().join("n")).unwrap();
        let s = |p: &str| d.path().join(p).display().to_string();
        let e = homes(&raw(&s("n"), &s("k"), &s("t"), &s("a")), Path::new("/"), None).unwrap_err();
        assert!(e.to_string().contains("overlaps KEYRING_HOME"), "{e}");
    }

    #[test]
    fn wipe_empties_the_node_home_and_touches_nothing_else() {
        let d = tempfile::tempdir().unwrap();
        let s = |p: &str| d.path().join(p).display().to_string();
        let h = homes(&raw(&s("n"), &s("k"), &s("t"), &s("a")), Path::new("/"), None).unwrap();
        for dir in [&h.node, &h.keyring] {
            std::fs::create_dir_all(dir.join("config")).unwrap();
            std::fs::write(dir.join("config/x"), "x").unwrap();
        }
        std::os::unix::fs::symlink(h.keyring.join("config"), h.node.join("link")).unwrap();
        wipe_node_home(&h).unwrap();
        assert_eq!(std::fs::read_dir(&h.node).unwrap().count(), 0, "NODE_HOME is emptied, not removed");
        assert!(h.keyring.join("config/x").exists(), "a symlink inside NODE_HOME is removed, not followed");
        wipe_node_home(&h).unwrap();
    }
}
