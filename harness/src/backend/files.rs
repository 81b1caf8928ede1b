//! A project's homes wherever they are: directories under the harness's work dir (a process
//! host, a local engine's bind mounts) or named volumes on another machine's engine. The
//! operator, the checks and the audits read and write them through these calls only, so a
//! host that shares nothing with the harness is judged the same way.

use crate::project::Project;
use crate::HarnessError;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// One of a project's directories as its containers mount them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Home {
    /// NODE_HOME: config, data, the node key's public parts.
    Node,
    /// KEYRING_HOME: the account key and the node key.
    Keyring,
    /// TMKMS_HOME: the consensus key and the KMS identity.
    Tmkms,
    /// ARTIFACTS_DIR: what the host publishes and what it receives.
    Artifacts,
    /// The host's own secrets for its node (a file keyring's passphrase).
    Secrets,
}

impl Home {
    pub const ALL: [Home; 5] = [Home::Node, Home::Keyring, Home::Tmkms, Home::Artifacts, Home::Secrets];

    /// Its directory under a project's root, and the key of its volume in
    /// `docker/compose.volumes.yml`.
    pub fn dir_name(self) -> &'static str {
        match self {
            Home::Node => "node-home",
            Home::Keyring => "keyring",
            Home::Tmkms => "tmkms",
            Home::Artifacts => "artifacts",
            Home::Secrets => "secrets",
        }
    }

    /// Where it is on this machine for a project whose homes are local.
    pub fn local(self, p: &Project) -> PathBuf {
        match self {
            Home::Node => p.node_home(),
            Home::Keyring => p.keyring_home(),
            Home::Tmkms => p.tmkms_home(),
            Home::Artifacts => p.artifacts(),
            Home::Secrets => p.secrets(),
        }
    }

    /// Whether what it holds never leaves its host.
    pub fn is_private(self) -> bool {
        self != Home::Artifacts
    }
}

/// A relative path inside a home, refused unless it is plain (no `..`, no root, no `.`):
/// a file is named by where it is, never by a way out of its home.
pub fn plain(rel: &str) -> Result<&Path, HarnessError> {
    let path = Path::new(rel);
    if rel.is_empty() || path.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(HarnessError::Refused { path: format!("{rel:?}"), reason: "not a plain relative path".into() });
    }
    Ok(path)
}

/// A home (or a directory of it) to read as files on this machine: the directory itself for
/// a local home; for a remote one, a copy fetched through the engine's archive endpoint into a
/// private temp dir (0700, outside the work dir) that is deleted when the view is dropped.
pub struct HomeView {
    dir: PathBuf,
    /// How the files are named to the user: the local path, or `<engine> <volume>:/<rel>`.
    label: String,
    _copy: Option<tempfile::TempDir>,
    /// Symlinks of a fetched copy that lead out of it (absolute, or up past its top): what
    /// they point at is on the other machine, where this view cannot follow; the leak audit
    /// reports them as unreadable.
    pub links_out: Vec<String>,
}

impl HomeView {
    pub fn local(dir: PathBuf) -> HomeView {
        HomeView { label: dir.display().to_string(), dir, _copy: None, links_out: Vec::new() }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// How a file of this view is named in evidence: its path on the machine that holds it.
    pub fn name_of(&self, file: &Path) -> String {
        match file.strip_prefix(&self.dir) {
            Ok(rel) if self._copy.is_some() => format!("{}/{}", self.label.trim_end_matches('/'), rel.display()),
            _ => file.display().to_string(),
        }
    }
}

/// [`HomeView`] of a local home.
pub fn view_local(p: &Project, home: Home, sub: &str) -> Result<HomeView, HarnessError> {
    if sub.is_empty() {
        return Ok(HomeView::local(home.local(p)));
    }
    let sub = plain(sub)?;
    Ok(HomeView::local(home.local(p).join(sub)))
}

fn bad_archive(label: &str, reason: impl std::fmt::Display) -> HarnessError {
    HarnessError::Docker { what: label.to_string(), reason: format!("archive: {reason}") }
}

/// A fetched home as the engine's archive endpoint gives it (one top entry, the directory
/// asked for), unpacked into a private temp dir: directories and regular files only, and
/// symlinks that stay inside it. `None` (no such directory there) is an empty view.
pub fn unpack_view(tar: Option<&[u8]>, label: String) -> Result<HomeView, HarnessError> {
    let copy = tempfile::Builder::new().prefix("harness-home-").tempdir().map_err(|e| bad_archive(&label, e))?;
    let top = copy.path().join("home");
    std::fs::create_dir(&top).map_err(crate::error::io(&top))?;
    let mut links_out = Vec::new();
    for entry in tar::Archive::new(tar.unwrap_or_default()).entries().map_err(|e| bad_archive(&label, e))? {
        let mut entry = entry.map_err(|e| bad_archive(&label, e))?;
        let path = entry.path().map_err(|e| bad_archive(&label, e))?.into_owned();
        // Strip the archive's top directory (the one asked for); refuse a way out.
        let mut parts = path.components();
        parts.next();
        let rel: PathBuf = parts.collect();
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(bad_archive(&label, format!("entry {} is not a plain path", path.display())));
        }
        let to = top.join(&rel);
        match entry.header().entry_type() {
            tar::EntryType::Directory => std::fs::create_dir_all(&to).map_err(crate::error::io(&to))?,
            tar::EntryType::Regular | tar::EntryType::Continuous => {
                if let Some(dir) = to.parent() {
                    std::fs::create_dir_all(dir).map_err(crate::error::io(dir))?;
                }
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut entry, &mut bytes).map_err(|e| bad_archive(&label, e))?;
                cosmos_formats::files::write_atomic(&to, &bytes, cosmos_formats::files::Mode::Secret)
                    .map_err(|e| bad_archive(&label, e))?;
            }
            tar::EntryType::Symlink => {
                let target = entry.link_name().map_err(|e| bad_archive(&label, e))?.unwrap_or_default().into_owned();
                // Inside the copy only if relative and never climbing above the top.
                let mut depth = rel.components().count().saturating_sub(1) as i64;
                let inside = target.is_relative()
                    && target.components().all(|c| {
                        depth += match c {
                            Component::ParentDir => -1,
                            Component::CurDir => 0,
                            _ => 1,
                        };
                        depth >= 0
                    });
                if inside {
                    if let Some(dir) = to.parent() {
                        std::fs::create_dir_all(dir).map_err(crate::error::io(dir))?;
                    }
                    std::os::unix::fs::symlink(&target, &to).map_err(crate::error::io(&to))?;
                } else {
                    links_out.push(format!("{label}/{} is a link to {}", rel.display(), target.display()));
                }
            }
            // Sockets, FIFOs and devices are not files anyone copies.
            _ => {}
        }
    }
    Ok(HomeView { dir: top, label, _copy: Some(copy), links_out })
}

/// The one regular file of an archive of a file; anything else is refused.
pub fn single_file(tar: &[u8], rel: &str) -> Result<Vec<u8>, HarnessError> {
    let refuse = |reason: &str| HarnessError::Refused { path: rel.into(), reason: reason.into() };
    let mut archive = tar::Archive::new(tar);
    let mut entries = archive.entries().map_err(|e| refuse(&e.to_string()))?;
    let mut entry = entries.next().ok_or_else(|| refuse("an empty archive"))?.map_err(|e| refuse(&e.to_string()))?;
    if !matches!(entry.header().entry_type(), tar::EntryType::Regular | tar::EntryType::Continuous) {
        return Err(refuse("not a regular file"));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut entry, &mut bytes).map_err(|e| refuse(&e.to_string()))?;
    Ok(bytes)
}

/// An archive that puts `bytes` at `rel` (its directories 0755, the file 0600 if `private`
/// else 0644, owned by root as the containers on such a host run), for the engine to unpack.
pub fn tar_of_file(rel: &str, bytes: &[u8], private: bool) -> Result<Vec<u8>, HarnessError> {
    let path = plain(rel)?;
    let io = |e: std::io::Error| HarnessError::Io { path: rel.into(), source: e };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let mut b = tar::Builder::new(Vec::new());
    let mut dirs: Vec<&Path> = path.ancestors().skip(1).filter(|d| !d.as_os_str().is_empty()).collect();
    dirs.reverse();
    for d in dirs {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Directory);
        h.set_mode(0o755);
        h.set_mtime(now);
        h.set_size(0);
        b.append_data(&mut h, d, std::io::empty()).map_err(io)?;
    }
    let mut h = tar::Header::new_gnu();
    h.set_mode(if private { 0o600 } else { 0o644 });
    h.set_mtime(now);
    h.set_size(bytes.len() as u64);
    b.append_data(&mut h, path, bytes).map_err(io)?;
    b.into_inner().map_err(io)
}

/// Copies the public artifacts of `view` (each listed public file and the checksum list
/// beside it, nothing else) into `dir`, the operator's copy, where they differ.
pub fn copy_public(view: &HomeView, dir: &Path) -> Result<(), HarnessError> {
    let mut files = Vec::new();
    walk(view.path(), &mut files);
    for f in files {
        let Ok(rel) = f.strip_prefix(view.path()) else { continue };
        let rel = rel.to_string_lossy();
        let public = crate::project::is_public_artifact(&rel)
            || rel.rsplit_once('/').is_some_and(|(d, name)| {
                name == cosmos_formats::files::CHECKSUM_FILE && crate::project::is_public_dir(d)
            });
        if !public || std::fs::symlink_metadata(&f).is_ok_and(|m| !m.is_file()) {
            continue;
        }
        let bytes = std::fs::read(&f).map_err(crate::error::io(&f))?;
        let to = dir.join(rel.as_ref());
        if std::fs::read(&to).is_ok_and(|b| b == bytes) {
            continue;
        }
        if let Some(d) = to.parent() {
            std::fs::create_dir_all(d).map_err(crate::error::io(d))?;
        }
        cosmos_formats::files::write_atomic(&to, &bytes, cosmos_formats::files::Mode::Public)
            .map_err(|e| HarnessError::Io { path: to.display().to_string(), source: std::io::Error::other(e) })?;
    }
    Ok(())
}

/// Reads a file of a local home; `None` when it does not exist.
pub fn read_local(p: &Project, home: Home, rel: &str) -> Result<Option<Vec<u8>>, HarnessError> {
    let path = home.local(p).join(plain(rel)?);
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(HarnessError::Io { path: path.display().to_string(), source: e }),
    }
}

/// Writes a file into a local home atomically: 0644 in the artifacts, 0600 in a private home.
pub fn write_local(p: &Project, home: Home, rel: &str, bytes: &[u8]) -> Result<(), HarnessError> {
    let path = home.local(p).join(plain(rel)?);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(crate::error::io(dir))?;
    }
    let mode =
        if home.is_private() { cosmos_formats::files::Mode::Secret } else { cosmos_formats::files::Mode::Public };
    cosmos_formats::files::write_atomic(&path, bytes, mode)
        .map_err(|e| HarnessError::Io { path: path.display().to_string(), source: std::io::Error::other(e) })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_relative_path_names_a_file_of_a_home() {
        for ok in ["gentxs/val-1.json", "sha256sum.txt", "a/b/c"] {
            assert!(plain(ok).is_ok(), "{ok}");
        }
        for bad in ["", "/etc/passwd", "../keyring/node_key.json", "gentxs/../../x", "./a"] {
            let e = plain(bad).unwrap_err().to_string();
            assert!(e.contains("not a plain relative path"), "{bad}: {e}");
        }
    }

    /// An archive as the engine sends one of `home/`: entries under the directory asked for.
    fn archive(entries: &[(&str, tar::EntryType, &[u8], Option<&str>)]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (path, kind, bytes, link) in entries {
            let mut h = tar::Header::new_gnu();
            h.set_entry_type(*kind);
            h.set_mode(0o644);
            h.set_size(bytes.len() as u64);
            if let Some(target) = link {
                h.set_link_name(target).unwrap();
            }
            h.set_cksum();
            b.append_data(&mut h, path, *bytes).unwrap();
        }
        b.into_inner().unwrap()
    }

    #[test]
    fn a_fetched_home_keeps_its_files_and_names_the_links_that_lead_out_of_it() {
        use tar::EntryType::{Directory, Regular, Symlink};
        let tar = archive(&[
            ("artifacts/", Directory, b"", None),
            ("artifacts/gentxs/val-1.json", Regular, b"{}", None),
            ("artifacts/latest.json", Symlink, b"", Some("gentxs/val-1.json")),
            ("artifacts/key.json", Symlink, b"", Some("/root/.keyring/node_key.json")),
            ("artifacts/up.json", Symlink, b"", Some("../keyring/node_key.json")),
        ]);
        let view = unpack_view(Some(&tar), "ssh://m1 run-val-1_artifacts:/".into()).unwrap();
        assert_eq!(std::fs::read(view.path().join("gentxs/val-1.json")).unwrap(), b"{}");
        // A link inside the home is followed as the walk follows it here.
        assert_eq!(std::fs::read(view.path().join("latest.json")).unwrap(), b"{}");
        assert_eq!(view.links_out.len(), 2, "{:?}", view.links_out);
        assert!(
            view.links_out[0].contains("key.json is a link to /root/.keyring/node_key.json"),
            "{:?}",
            view.links_out
        );
        assert!(!view.path().join("key.json").exists() && !view.path().join("up.json").exists());
        assert_eq!(
            view.name_of(&view.path().join("gentxs/val-1.json")),
            "ssh://m1 run-val-1_artifacts:/gentxs/val-1.json"
        );
        // Nothing there: an empty view, not an error.
        assert!(std::fs::read_dir(unpack_view(None, "x".into()).unwrap().path()).unwrap().next().is_none());
        // A way out, as a hostile engine could send it (the tar crate will not write one).
        let mut h = tar::Header::new_gnu();
        let name = b"artifacts/../../etc/passwd";
        h.as_gnu_mut().unwrap().name[..name.len()].copy_from_slice(name);
        h.set_size(1);
        h.set_cksum();
        let mut b = tar::Builder::new(Vec::new());
        b.append(&h, &b"x"[..]).unwrap();
        let e = unpack_view(Some(&b.into_inner().unwrap()), "x".into()).err().expect("a way out refused").to_string();
        assert!(e.contains("not a plain path"), "{e}");
    }

    #[test]
    fn a_file_read_through_the_engine_must_be_a_regular_file() {
        use tar::EntryType::{Directory, Regular, Symlink};
        let file = archive(&[("val-1.json", Regular, b"{}", None)]);
        assert_eq!(single_file(&file, "gentxs/val-1.json").unwrap(), b"{}");
        for (tar, what) in [
            (archive(&[("val-1.json", Symlink, b"", Some("/root/.keyring/node_key.json"))]), "a link"),
            (archive(&[("val-1.json/", Directory, b"", None)]), "a directory"),
        ] {
            let e = single_file(&tar, "gentxs/val-1.json").expect_err(what).to_string();
            assert!(e.contains("not a regular file"), "{what}: {e}");
        }
    }

    #[test]
    fn a_file_written_through_the_engine_carries_its_directories_and_mode() {
        let tar = tar_of_file("gentxs/val-1.json", b"{}", false).unwrap();
        let mut a = tar::Archive::new(&tar[..]);
        let entries: Vec<(String, u32)> = a
            .entries()
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (e.path().unwrap().display().to_string(), e.header().mode().unwrap())
            })
            .collect();
        assert_eq!(entries, [("gentxs".to_string(), 0o755), ("gentxs/val-1.json".to_string(), 0o644)]);
        let secret = tar_of_file("keyring_password", b"pw", true).unwrap();
        let mut a = tar::Archive::new(&secret[..]);
        assert_eq!(a.entries().unwrap().next().unwrap().unwrap().header().mode().unwrap(), 0o600);
        assert!(tar_of_file("../x", b"", false).is_err());
    }

    #[test]
    fn a_local_home_is_read_and_written_in_place_with_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let p = Project::new(tmp.path(), "val-0", 0, crate::project::PortPlan::SPEC);
        assert_eq!(read_local(&p, Home::Artifacts, "gentxs/val-0.json").unwrap(), None);
        write_local(&p, Home::Artifacts, "gentxs/val-0.json", b"{}").unwrap();
        write_local(&p, Home::Secrets, "keyring_password", b"pw").unwrap();
        assert_eq!(read_local(&p, Home::Artifacts, "gentxs/val-0.json").unwrap().as_deref(), Some(&b"{}"[..]));
        let mode = |f: PathBuf| std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(p.artifact("gentxs/val-0.json")), 0o644);
        assert_eq!(mode(p.secrets().join("keyring_password")), 0o600);
        let e = write_local(&p, Home::Artifacts, "../keyring/x", b"").unwrap_err().to_string();
        assert!(e.contains("not a plain relative path"), "{e}");
        assert!(!tmp.path().join("val-0/keyring/x").exists());
    }
}
