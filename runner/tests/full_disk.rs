//! A file system that refuses a write: a disk that fills mid-stage, a read-only mount, a
//! path through a regular file. The stage fails with exit 8 naming the path it could not
//! write and leaves no half-written artifact; once fixed, a re-run succeeds with the keys it
//! made the first time. Each is a row of BAD-INPUTS.md ("filesystem").

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs of `size` mounted at `dir` for the test's lifetime (root only).
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, options: &str) -> Tmpfs {
        std::fs::create_dir_all(dir).unwrap();
        let st = Command::new("mount").args(["-t", "tmpfs", "-o", options, "tmpfs"]).arg(dir).status();
        assert!(st.is_ok_and(|s| s.success()), "mount -t tmpfs at {} failed", dir.display());
        Tmpfs(dir.to_path_buf())
    }

    /// Fills the file system up; the returned file is the space to free.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let filler = self.0.join("filler");
        let mut f = std::fs::File::create(&filler).unwrap();
        let chunk = [0u8; 4096];
        while f.write_all(&chunk).and_then(|_| f.sync_all()).is_ok() {}
        filler
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn root_or_skip(test: &str) -> bool {
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !root {
        testkit::skip(test, "mounting a tmpfs needs root");
    }
    root
}

#[test]
fn a_file_system_that_refuses_writes_fails_keygen_with_exit_8_naming_the_path_and_a_rerun_after_fixing_succeeds() {
    if !root_or_skip("a_full_artifacts_disk_fails_keygen") {
        return;
    }
    let tmp = testkit::temp_dir("full-disk");
    let base = testkit::free_port_base(1, 10, 3);
    let h = Host::new(tmp.path(), "solo", 0, base);
    let disk = Tmpfs::mount(&tmp.path().join("small"), "size=256k");
    let artifacts = disk.0.join("artifacts");
    let a = artifacts.display().to_string();
    let env = [("ARTIFACTS_DIR", a.as_str())];
    let _kms = h.kms();
    std::fs::create_dir_all(&artifacts).unwrap();
    let filler = disk.fill();

    let out = h.stage("keygen", &env);
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    let line = error_line(&out);
    assert!(line.starts_with(&format!("genesis-runner: error: {a}/")), "{line}");
    assert!(line.contains("No space left on device"), "{line}");
    // Nothing half-written is left for the next host to receive.
    let published: Vec<PathBuf> =
        snapshot(&artifacts).into_iter().filter(|(p, _)| !p.is_dir()).map(|(p, _)| p).collect();
    assert_eq!(published, Vec::<PathBuf>::new(), "partial artifacts after a full disk");
    let keys = [snapshot(&h.homes.keyring), snapshot(&h.homes.tmkms)];

    std::fs::remove_file(&filler).unwrap();
    h.stage_ok("keygen", &env);
    assert!(
        keys == [snapshot(&h.homes.keyring), snapshot(&h.homes.tmkms)],
        "the re-run replaced a key made before the disk filled"
    );
    let pubkey = std::fs::read_to_string(artifacts.join("validators/solo/val_pubkey.json")).unwrap();
    assert!(pubkey.contains("ed25519"), "{pubkey}");
    let mut rows = vec![row("disk full: ARTIFACTS_DIR on a full file system", &line, &tmp)];

    // A read-only mount (an artifacts volume mounted `:ro` by mistake).
    let ro = Tmpfs::mount(&tmp.path().join("ro"), "ro,size=64k");
    let b = Host::new(tmp.path(), "second", 1, base);
    let _kms_b = b.kms();
    let ro_artifacts = ro.0.display().to_string();
    let out = b.stage("keygen", &[("ARTIFACTS_DIR", ro_artifacts.as_str())]);
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    let line = error_line(&out);
    assert!(line.contains(&ro_artifacts) && line.contains("Read-only file system"), "{line}");
    rows.push(row("read-only: ARTIFACTS_DIR on a read-only mount", &line, &tmp));

    // A path through a regular file (a file where the operator meant a directory).
    let file = tmp.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let under = file.join("artifacts").display().to_string();
    let out = b.stage("keygen", &[("ARTIFACTS_DIR", under.as_str())]);
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    let line = error_line(&out);
    assert!(line.contains(&file.display().to_string()) && line.contains("Not a directory"), "{line}");
    rows.push(row("not a directory: ARTIFACTS_DIR below a regular file", &line, &tmp));
    drop(ro);
    catalogue::check("filesystem", "The file system (root only: the test mounts tmpfs)", &rows);
}

fn row(input: &str, line: &str, tmp: &tempfile::TempDir) -> catalogue::Row {
    catalogue::Row {
        input: input.into(),
        stage: "keygen".into(),
        code: 8,
        message: catalogue::normalize(line, &[(tmp.path(), "<host>")]),
    }
}
