//! Writing files so that nothing is ever half-written, and `sha256sum.txt` lists.
//!
//! Every file the ceremony writes goes through [`write_atomic`]: a temp file in the same
//! directory, fsync, rename, fsync of the directory. A crash or a refused input therefore leaves
//! either the old bytes or the new ones, never a torn genesis.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Name of the checksum list in every artifact directory, readable by `sha256sum -c`.
pub const CHECKSUM_FILE: &str = "sha256sum.txt";

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: line {line}: not a sha256sum line")]
    ChecksumFormat { path: String, line: usize },
    #[error("{path}: checksum mismatch (listed {expected}, actual {actual})")]
    ChecksumMismatch { path: String, expected: String, actual: String },
    #[error("{path}: listed in {list} but missing")]
    ChecksumMissing { path: String, list: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> FileError + '_ {
    move |source| FileError::Io { path: path.display().to_string(), source }
}

/// Permissions a written file gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// 0644: public artifacts and configs.
    Public,
    /// 0600: anything holding a private key.
    Secret,
}

/// Writes `bytes` to `path` atomically, creating parent directories (0700 for secret files).
pub fn write_atomic(path: &Path, bytes: &[u8], mode: Mode) -> Result<(), FileError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    create_dir(dir, mode)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let bits = match mode {
        Mode::Public => 0o644,
        Mode::Secret => 0o600,
    };
    let result = (|| {
        // Errors name the file being written, not its temp name: that is what the operator
        // looks for ("…/account_addr.txt: No space left on device").
        let mut f =
            fs::OpenOptions::new().write(true).create(true).truncate(true).mode(bits).open(&tmp).map_err(io(path))?;
        // `mode()` is filtered by the umask; the key-file mode must not depend on it.
        f.set_permissions(fs::Permissions::from_mode(bits)).map_err(io(path))?;
        f.write_all(bytes).map_err(io(path))?;
        f.sync_all().map_err(io(path))?;
        crate::power_cut_point!("write_atomic::before_rename");
        fs::rename(&tmp, path).map_err(io(path))?;
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        crate::power_cut_point!("write_atomic::after_rename");
        remove_stale_temps(dir, &name);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Removes the temp files of earlier writers of `name` in `dir` that never renamed theirs (a
/// writer killed mid-write): once `name` is written whole they are garbage, and in a public
/// directory an operator might carry them along.
fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        if e.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Creates a directory tree; key directories are 0700 (see [`secure_dir`]).
pub fn create_dir(dir: &Path, mode: Mode) -> Result<(), FileError> {
    if mode == Mode::Secret {
        return secure_dir(dir).map(drop);
    }
    if dir.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(dir).map_err(io(dir))
}

/// Makes `dir` a key directory: created 0700 if missing; if it exists with any group or
/// other permission (a directory made by hand, or by `docker run -v` for a bind mount), its
/// mode is tightened to 0700 and the old mode returned so the caller can say so. Key files
/// are 0600 already, but a listable directory still tells everyone which keys exist.
pub fn secure_dir(dir: &Path) -> Result<Option<u32>, FileError> {
    use std::os::unix::fs::PermissionsExt;
    if !dir.is_dir() {
        fs::create_dir_all(dir).map_err(io(dir))?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io(dir))?;
        return Ok(None);
    }
    let mode = fs::metadata(dir).map_err(io(dir))?.permissions().mode() & 0o7777;
    if mode & 0o077 == 0 {
        return Ok(None);
    }
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io(dir))?;
    Ok(Some(mode))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub fn sha256_file(path: &Path) -> Result<String, FileError> {
    fs::read(path).map(|b| sha256_hex(&b)).map_err(io(path))
}

/// Reads a `sha256sum` list: `<64 hex>  <name>` (text mode) or `<64 hex> *<name>` (binary).
pub fn read_checksums(list: &Path) -> Result<BTreeMap<String, String>, FileError> {
    let text = fs::read_to_string(list).map_err(io(list))?;
    parse_checksums(&text, list)
}

/// [`read_checksums`] of text already read; `list` names the file in errors.
pub fn parse_checksums(text: &str, list: &Path) -> Result<BTreeMap<String, String>, FileError> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = || FileError::ChecksumFormat { path: list.display().to_string(), line: i + 1 };
        let (hash, rest) = line.split_once(' ').ok_or_else(bad)?;
        let name = rest.strip_prefix(' ').or_else(|| rest.strip_prefix('*')).ok_or_else(bad)?;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) || name.is_empty() {
            return Err(bad());
        }
        out.insert(name.to_string(), hash.to_ascii_lowercase());
    }
    Ok(out)
}

/// Writes `dir/sha256sum.txt` listing the given files (relative to `dir`), sorted.
pub fn write_checksums(dir: &Path, names: &[String]) -> Result<PathBuf, FileError> {
    let mut lines = BTreeMap::new();
    for name in names {
        lines.insert(name.clone(), sha256_file(&dir.join(name))?);
    }
    let text: String = lines.iter().map(|(n, h)| format!("{h}  {n}\n")).collect();
    let list = dir.join(CHECKSUM_FILE);
    write_atomic(&list, text.as_bytes(), Mode::Public)?;
    Ok(list)
}

/// Adds or replaces entries in `dir/sha256sum.txt`, keeping the others.
pub fn update_checksums(dir: &Path, names: &[String]) -> Result<PathBuf, FileError> {
    let list = dir.join(CHECKSUM_FILE);
    let mut all: Vec<String> = if list.exists() { read_checksums(&list)?.into_keys().collect() } else { Vec::new() };
    all.extend(names.iter().cloned());
    all.sort();
    all.dedup();
    all.retain(|n| dir.join(n).exists());
    write_checksums(dir, &all)
}

/// Verifies `dir/sha256sum.txt` when present; returns the number of files checked (0 when the
/// directory has no list — checksums are optional in the spec).
pub fn verify_checksums(dir: &Path) -> Result<usize, FileError> {
    let list = dir.join(CHECKSUM_FILE);
    if !list.exists() {
        return Ok(0);
    }
    let entries = read_checksums(&list)?;
    for (name, expected) in &entries {
        let path = dir.join(name);
        if !path.exists() {
            return Err(FileError::ChecksumMissing {
                path: path.display().to_string(),
                list: list.display().to_string(),
            });
        }
        let actual = sha256_file(&path)?;
        if &actual != expected {
            return Err(FileError::ChecksumMismatch {
                path: path.display().to_string(),
                expected: expected.clone(),
                actual,
            });
        }
    }
    Ok(entries.len())
}

#[doc(hidden)]
pub use fail as __fail;

/// A power cut at this point, for the crash tests: with the `failpoints` feature and
/// `FAILPOINTS=<name>=<n>*off->return`, the (n+1)th pass kills the whole process group with
/// SIGKILL, as a host that loses power takes the runner and the chain binary it spawned.
/// Without the feature it compiles to nothing.
#[macro_export]
macro_rules! power_cut_point {
    ($name:expr) => {
        $crate::files::__fail::fail_point!($name, |_| $crate::files::power_cut())
    };
}

/// Kills this process's group with SIGKILL (see [`power_cut_point!`]).
#[doc(hidden)]
pub fn power_cut() -> ! {
    #[cfg(feature = "failpoints")]
    {
        let _ = nix::sys::signal::killpg(nix::unistd::getpgrp(), nix::sys::signal::Signal::SIGKILL);
    }
    std::process::abort()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A writer killed between creating its temp file and renaming it leaves the temp behind;
    /// the next whole write of the same file clears it, and touches no other file's temp.
    #[test]
    fn a_killed_writers_temp_file_is_removed_by_the_next_whole_write() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".gentx.json.tmp-4242");
        let other = dir.path().join(".peers.txt.tmp-4242");
        fs::write(&stale, b"{\"half").unwrap();
        fs::write(&other, b"x").unwrap();
        write_atomic(&dir.path().join("gentx.json"), b"{}", Mode::Public).unwrap();
        assert!(!stale.exists());
        assert!(other.exists());
        assert_eq!(fs::read(dir.path().join("gentx.json")).unwrap(), b"{}");
    }

    #[test]
    fn secret_files_are_0600_in_0700_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/k.json");
        write_atomic(&path, b"x", Mode::Secret).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::metadata(path.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
    }

    #[test]
    fn checksum_lists_are_what_sha256sum_reads_and_catch_changes() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "hello\n").unwrap();
        write_checksums(dir.path(), &["a.txt".into()]).unwrap();
        let text = fs::read_to_string(dir.path().join(CHECKSUM_FILE)).unwrap();
        // `echo hello | sha256sum`
        assert_eq!(text, "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  a.txt\n");
        assert_eq!(verify_checksums(dir.path()).unwrap(), 1);
        fs::write(dir.path().join("a.txt"), "hellO\n").unwrap();
        assert!(matches!(verify_checksums(dir.path()), Err(FileError::ChecksumMismatch { .. })));
    }
}
