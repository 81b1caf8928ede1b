//! Coin type 1200 end to end: the account `genesis-runner keygen` publishes is the one its
//! mnemonic backup recovers to on inferenced's path m/44'/1200'/0'/0/0, both by our derivation
//! and by the chain CLI's own `keys add --recover`; on the SDK's default 118 it is another.

mod common;

use common::*;
use cosmos_formats::hd::AccountKey;
use cosmos_formats::ChainSettings;

#[test]
fn the_published_account_is_the_mnemonic_backup_recovered_with_coin_type_1200() {
    let tmp = testkit::temp_dir("coin-type");
    let base = testkit::free_port_base(1, 10, 3);
    let h = Host::new(tmp.path(), "val1", 0, base);
    let mut kms = h.kms();
    h.stage_ok("keygen", &[]);
    kms.kill();

    let published =
        std::fs::read_to_string(h.homes.artifacts.join("validators/val1/account_addr.txt")).unwrap().trim().to_string();
    let mnemonic = std::fs::read_to_string(h.homes.keyring.join("mnemonics/val1.txt")).unwrap();
    let on = |s: ChainSettings| {
        AccountKey::from_mnemonic(mnemonic.trim(), &s.hd_path).unwrap().address().to_bech32("gonka").unwrap()
    };
    assert_eq!(on(ChainSettings::INFERENCED), published);
    assert_ne!(on(ChainSettings::SDK_DEFAULT), published);

    // The chain CLI's own recovery from the backup lands on the same account.
    let out = std::process::Command::new(chain_bin())
        .args(["keys", "add", "restored", "--recover", "--keyring-backend", "test", "--output", "json"])
        .arg("--keyring-dir")
        .arg(tmp.path().join("restore"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(format!("{}\n", mnemonic.trim()).as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["address"], published);
}
