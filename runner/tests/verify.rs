//! `genesis-runner verify` on the real gonka-mainnet ceremony files and on broken ones.

mod common;

use common::*;
use std::path::PathBuf;
use std::process::Command;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/gonka-mainnet")
}

fn verify(chain: &str, paths: &[PathBuf]) -> std::process::Output {
    Command::new(runner_bin()).arg("verify").arg("--chain-id").arg(chain).args(paths).env_clear().output().unwrap()
}

#[test]
fn the_real_mainnet_artifacts_verify() {
    let out = verify("gonka-mainnet", &[fixtures()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 7, "{text}");
    assert!(lines.iter().all(|l| l.starts_with("OK ")), "{text}");
    assert!(text.contains("genesis of gonka-mainnet: 55 accounts"), "{text}");
    assert!(text.contains("gentx of gonka-2 (gonkavaloper1dkl4mah5erqggvhqkpc8j3qs5tyuetgdc59d0v"), "{text}");
    assert!(
        text.contains("genparticipant of gonka1y2a9p56kv044327uycmqdexl7zs82fs5ryv5le (url http://node1.gonka.ai:8000, warm key gonka18hpy9tjeqavj9w66zchdh4w9axaqwdzrd8cedz, 25 grants"),
        "{text}"
    );
}

#[test]
fn a_genparticipant_beside_another_validators_gentx_fails_the_cross_check() {
    let dir = testkit::temp_dir("verify-swap");
    let v = fixtures().join("validators");
    let pick = |name: &str, prefix: &str| {
        std::fs::read_dir(v.join(name))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .unwrap()
    };
    let own = dir.path().join("gonka-1");
    std::fs::create_dir_all(&own).unwrap();
    let gentx = pick("gonka-1", "gentx-");
    std::fs::copy(&gentx, own.join(gentx.file_name().unwrap())).unwrap();
    let foreign = pick("gonka-2", "genparticipant-");
    std::fs::copy(&foreign, own.join(foreign.file_name().unwrap())).unwrap();
    let out = verify("gonka-mainnet", &[dir.path().to_path_buf()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("does not match its gentx: invalid creator"), "{text}");
}

#[test]
fn wrong_chain_tampered_gentx_and_foreign_pubkey_fail_with_one_line_each() {
    let out = verify("gonka-testnet", &[fixtures().join("validators/gonka-1")]);
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("FAIL ") && text.contains("signature does not verify for chain id \"gonka-testnet\""),
        "{text}"
    );

    let tmp = testkit::temp_dir("verify");
    let d = tmp.path().join("validators/gonka-1");
    std::fs::create_dir_all(&d).unwrap();
    let src = fixtures().join("validators/gonka-1/gentx-0772f16cc65cb4d19341b192bd7eba964f11d124.json");
    let gentx = std::fs::read_to_string(&src).unwrap();
    std::fs::write(d.join("gentx.json"), &gentx).unwrap();
    // The val_pubkey.json of the same validator holds gonka-2's key.
    std::fs::write(
        d.join("val_pubkey.json"),
        r#"{"@type":"/cosmos.crypto.ed25519.PubKey","key":"YHtcky8VaH0qQNhYJkN61RPf83oKWsCPXdaewvDEYLo="}"#,
    )
    .unwrap();
    std::fs::write(d.join("tampered.json"), gentx.replace("\"amount\":\"1\"", "\"amount\":\"2\"")).unwrap();
    std::fs::write(d.join("peers.txt"), "nope").unwrap();
    let out = verify("gonka-mainnet", &[tmp.path().to_path_buf(), fixtures().join("genesis-draft.json")]);
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8_lossy(&out.stdout);
    let line = |name: &str| {
        text.lines()
            .find(|l| {
                l.split_whitespace().nth(1).is_some_and(|p| p.trim_end_matches(':').ends_with(&format!("/{name}")))
            })
            .unwrap_or_else(|| panic!("{name} missing:\n{text}"))
            .to_string()
    };
    assert!(line("gentx.json").starts_with("FAIL ") && line("gentx.json").contains("differs from"), "{text}");
    assert!(line("tampered.json").contains("signature does not verify"), "{text}");
    assert!(line("peers.txt").starts_with("FAIL "), "{text}");
    assert!(line("val_pubkey.json").starts_with("OK "), "{text}");
    assert!(line("genesis-draft.json").starts_with("OK "), "{text}");
}

/// Torn files (empty, or cut in half, as a power cut after `rename` without `fsync` leaves
/// them) fail `verify` with exit 3, one FAIL line naming each, and the intact ones still pass.
#[test]
fn torn_artifacts_fail_verify_naming_each_file() {
    let tmp = testkit::temp_dir("verify-torn");
    let src = fixtures().join("validators/gonka-1");
    let d = tmp.path().join("gonka-1");
    std::fs::create_dir_all(&d).unwrap();
    let gentx = std::fs::read(src.join("gentx-0772f16cc65cb4d19341b192bd7eba964f11d124.json")).unwrap();
    let part = std::fs::read(src.join("genparticipant-0772f16cc65cb4d19341b192bd7eba964f11d124.json")).unwrap();
    let genesis = std::fs::read(fixtures().join("genesis-draft.json")).unwrap();
    std::fs::write(d.join("gentx-empty.json"), b"").unwrap();
    std::fs::write(d.join("gentx-half.json"), &gentx[..gentx.len() / 2]).unwrap();
    std::fs::write(d.join("genparticipant-half.json"), &part[..part.len() / 2]).unwrap();
    std::fs::write(tmp.path().join("genesis-half.json"), &genesis[..genesis.len() / 2]).unwrap();
    std::fs::write(tmp.path().join("genesis-empty.json"), b"").unwrap();
    std::fs::write(d.join("gentx-whole.json"), &gentx).unwrap();
    let out = verify("gonka-mainnet", &[tmp.path().to_path_buf()]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for torn in
        ["gentx-empty.json", "gentx-half.json", "genparticipant-half.json", "genesis-half.json", "genesis-empty.json"]
    {
        let line = text
            .lines()
            .find(|l| l.contains(&format!("/{torn}")))
            .unwrap_or_else(|| panic!("{torn} not named:\n{text}{}", stderr(&out)));
        assert!(line.starts_with("FAIL "), "{line}");
    }
    let whole = text.lines().find(|l| l.contains("/gentx-whole.json")).unwrap_or_else(|| panic!("{text}"));
    assert!(whole.starts_with("OK "), "{whole}");
}
