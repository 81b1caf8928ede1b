//! Re-running a finished stage: without FORCE it is refused and every home is byte-identical;
//! with FORCE it succeeds and KEYRING_HOME / TMKMS_HOME are byte-identical (keys kept).

mod common;

use common::*;

fn all(h: &Host) -> Vec<std::collections::BTreeMap<std::path::PathBuf, (u32, Vec<u8>)>> {
    [&h.homes.keyring, &h.homes.tmkms, &h.homes.artifacts, &h.homes.node].iter().map(|p| snapshot(p)).collect()
}

#[test]
fn finished_stages_are_refused_without_force_and_keep_keys_with_it() {
    let tmp = testkit::temp_dir("force");
    let base = testkit::free_port_base(1, 10, 3);
    let c = Host::new(tmp.path(), "solo", 0, base);
    let _kms = c.kms();
    c.stage_ok("keygen", &[]);
    c.stage_ok("intermediate_genesis", &[]);
    c.stage_ok("gentx", &[]);
    c.stage_ok("start", &[("NO_START", "1")]);

    // Key files are private: 0600 files in 0700 directories.
    use std::os::unix::fs::PermissionsExt;
    for (p, (mode, bytes)) in snapshot(&c.homes.keyring).into_iter().chain(snapshot(&c.homes.tmkms)) {
        let name = p.file_name().unwrap().to_string_lossy();
        if bytes.is_empty() && std::fs::metadata(&p).unwrap().is_dir() {
            assert_eq!(mode & 0o077, 0, "{} is {:o}", p.display(), mode & 0o777);
        } else if name.ends_with(".key") || name.ends_with("node_key.json") || p.to_string_lossy().contains("mnemonics")
        {
            assert_eq!(mode & 0o777, 0o600, "{}", p.display());
        }
    }
    assert_eq!(std::fs::metadata(&c.homes.keyring).unwrap().permissions().mode() & 0o777, 0o700);
    assert_eq!(std::fs::metadata(&c.homes.tmkms).unwrap().permissions().mode() & 0o777, 0o700);

    for stage in ["keygen", "intermediate_genesis", "gentx", "start"] {
        let before = all(&c);
        let out = c.stage(stage, &[("NO_START", "1")]);
        assert_eq!(out.status.code(), Some(4), "{stage}: {}", stderr(&out));
        let line = error_line(&out);
        assert!(line.contains(&format!("set FORCE=1 to redo the {stage} stage")), "{line}");
        assert!(before == all(&c), "{stage} without FORCE changed a home");

        let out = c.stage_ok(stage, &[("FORCE", "1"), ("NO_START", "1")]);
        let after = all(&c);
        assert!(before[0] == after[0], "{stage} with FORCE changed KEYRING_HOME");
        assert!(before[1] == after[1], "{stage} with FORCE changed TMKMS_HOME");
        let log = stderr(&out);
        assert!(log.contains("Inputs:") && log.contains("Outputs:"), "{log}");
        if stage == "keygen" {
            // Same keys → same public artifacts.
            assert!(before[2] == after[2], "keygen with FORCE changed the public artifacts");
        }
    }
    // The outputs listed in each directory's sha256sum.txt verify with the runner's own reader
    // (the format `sha256sum -c` reads).
    for d in ["addresses", "genesis", "gentxs", "peers", "validators/solo"] {
        let n = cosmos_formats::files::verify_checksums(&c.homes.artifacts.join(d)).unwrap();
        assert!(n >= 1, "{d}");
    }
    let st = std::process::Command::new("sha256sum")
        .arg("-c")
        .arg("sha256sum.txt")
        .current_dir(c.homes.artifacts.join("genesis"))
        .output()
        .unwrap();
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stdout));
}

/// An operator who made the key directories by hand (or let `docker run -v` make them) gets
/// them back 0700: a listable key directory tells everyone which keys it holds. Both the
/// keygen stage and the kms entrypoint tighten them, and say what the mode was.
#[test]
fn hand_made_key_directories_are_tightened_to_0700_and_the_log_says_so() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = testkit::temp_dir("keydirs");
    let base = testkit::free_port_base(1, 10, 3);
    let c = Host::new(tmp.path(), "solo", 0, base);
    for d in [c.homes.keyring.clone(), c.homes.tmkms.clone(), c.homes.tmkms.join("secrets")] {
        std::fs::create_dir_all(&d).unwrap();
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let kms = c.kms();
    let out = c.stage_ok("keygen", &[]);
    assert!(stderr(&out).contains("key directory was 0755; now 0700"), "{}", stderr(&out));
    testkit::wait_for(std::time::Duration::from_secs(10), "the kms log to say it tightened TMKMS_HOME", || {
        kms.log().contains("key directory was 0755; now 0700").then_some(())
    });
    let mut dirs = 0;
    for (p, (mode, _)) in snapshot(&c.homes.keyring).into_iter().chain(snapshot(&c.homes.tmkms)) {
        if std::fs::metadata(&p).unwrap().is_dir() {
            assert_eq!(mode & 0o777, 0o700, "{} is {:o}", p.display(), mode & 0o777);
            dirs += 1;
        }
    }
    for home in [c.homes.keyring, c.homes.tmkms] {
        assert_eq!(std::fs::metadata(&home).unwrap().permissions().mode() & 0o777, 0o700, "{}", home.display());
    }
    assert!(dirs >= 3, "{dirs} key directories seen");
}

/// With an encrypted (`file`) keyring the mnemonic is never kept in clear beside it: keygen
/// writes it only where the operator says (`MNEMONIC_BACKUP_DIR`, 0600 in a 0700 dir), and
/// without one it keeps none and says how to.
#[test]
fn a_file_keyring_gets_no_clear_text_mnemonic_beside_it() {
    use std::os::unix::fs::PermissionsExt;
    let words = |text: &str| text.split_whitespace().count();
    let clear_mnemonics = |h: &Host| -> Vec<std::path::PathBuf> {
        snapshot(&h.homes.keyring)
            .into_iter()
            .filter(|(_, (_, b))| std::str::from_utf8(b).is_ok_and(|t| words(t) == 24))
            .map(|(p, _)| p)
            .collect()
    };
    let tmp = testkit::temp_dir("mnemonic");
    let base = testkit::free_port_base(2, 10, 3);
    let pass = tmp.path().join("pass");
    std::fs::write(&pass, "correct horse battery\n").unwrap();
    let pass = pass.display().to_string();
    let file = [("KEYRING_BACKEND", "file"), ("KEYRING_PASSWORD_FILE", pass.as_str())];

    let a = Host::new(tmp.path(), "alone", 0, base);
    let _kms = a.kms();
    let out = a.stage_ok("keygen", &file);
    assert!(stderr(&out).contains("mnemonic not stored"), "{}", stderr(&out));
    assert!(stderr(&out).contains("set MNEMONIC_BACKUP_DIR"), "{}", stderr(&out));
    assert!(!a.homes.keyring.join("mnemonics").exists());
    assert_eq!(clear_mnemonics(&a), Vec::<std::path::PathBuf>::new());

    let b = Host::new(tmp.path(), "backed", 1, base);
    let backup = tmp.path().join("usb-stick");
    let backup_s = backup.display().to_string();
    let with_backup = [file[0], file[1], ("MNEMONIC_BACKUP_DIR", backup_s.as_str())];
    let _kms = b.kms();
    b.stage_ok("keygen", &with_backup);
    assert_eq!(clear_mnemonics(&b), Vec::<std::path::PathBuf>::new());
    for key in ["backed", "backed_warm"] {
        let f = backup.join(format!("{key}.txt"));
        assert_eq!(words(&std::fs::read_to_string(&f).unwrap()), 24, "{}", f.display());
        assert_eq!(std::fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert_eq!(std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777, 0o700);
}
