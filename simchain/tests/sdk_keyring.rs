//! The keyring on disk is the Cosmos SDK's: what the stand-in writes, an independent JOSE
//! implementation (josekit, on OpenSSL) decrypts and the protobuf `Record` parses; what a real
//! SDK daemon wrote, the stand-in opens; and what josekit writes, `simchaind keys show` reads.

mod support;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use cosmos_formats::hd::AccountKey;
use cosmos_formats::keyring_record::{self, Item as RecordItem, Record, SECP256K1_PRIV_TYPE};
use josekit::jwe::{JweHeader, PBES2_HS256_A128KW};
use prost::Message;
use serde_json::Value;
use simchain::keyring::entry;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use support::*;

const MNEMONIC: &str = "economy stock theory fatal elder harbor betray wasp final emotion task crumble siren bottom lizard educate guess current outdoor pair theory focus wife stone";

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/sdk-keyring/keyring-test").join(name);
    std::fs::read_to_string(path).unwrap()
}

/// josekit's reading of one entry: its JOSE header and the Go JSON of the `keyring.Item`.
fn josekit_open(path: &Path, passphrase: &str) -> (JweHeader, Value) {
    let token = std::fs::read(path).unwrap();
    let decrypter = PBES2_HS256_A128KW.decrypter_from_bytes(passphrase.as_bytes()).unwrap();
    let (payload, header) = josekit::jwe::deserialize_compact(std::str::from_utf8(&token).unwrap(), &decrypter)
        .unwrap_or_else(|e| panic!("josekit cannot decrypt {}: {e}", path.display()));
    (header, serde_json::from_slice(&payload).unwrap())
}

fn item_data(item: &Value) -> Vec<u8> {
    B64.decode(item["Data"].as_str().unwrap()).unwrap()
}

fn recover(backend: &str, dir: &Path, name: &str, stdin: &str) -> Value {
    let out = simchaind(
        &[
            "keys",
            "add",
            name,
            "--recover",
            "--keyring-backend",
            backend,
            "--keyring-dir",
            dir.to_str().unwrap(),
            "--output",
            "json",
        ],
        Some(stdin),
        &[],
    );
    assert!(out.ok, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

#[test]
fn an_entry_written_by_a_real_sdk_daemon_opens_with_the_test_passphrase() {
    let info = entry::open(&fixture("node0.info"), "test").unwrap();
    assert_eq!(info.key, "node0.info");
    // A 2022 record: legacy amino, which the real SDK migrates; it is not a protobuf Record.
    assert_eq!(&info.data[..4], &[0x69, 0x0d, 0xad, 0x15]);
    assert!(keyring_record::decode(&info.data).is_err());

    let addr = entry::open(&fixture("bf657d0ef7b48167657a703ed8fd063f075246d7.address"), "test").unwrap();
    assert_eq!(addr.key, "bf657d0ef7b48167657a703ed8fd063f075246d7.address");
    assert_eq!(addr.data.as_slice(), b"node0.info");

    assert_eq!(entry::open(&fixture("node0.info"), "wrong").err(), Some(entry::EntryError::Passphrase));
}

#[test]
fn a_test_keyring_written_by_the_stand_in_decrypts_with_josekit_and_parses_as_records() {
    let dir = testkit::temp_dir("sdk-keyring");
    let shown = recover("test", dir.path(), "op", &format!("{MNEMONIC}\n"));
    let key = AccountKey::from_mnemonic(MNEMONIC, &simchain::CHAIN.hd_path).unwrap();
    let address_hex = hex::encode(key.address().as_bytes());
    assert_eq!(shown["address"].as_str().unwrap(), key.address().to_bech32("gonka").unwrap());

    let kr = dir.path().join("keyring-test");
    let mut names: Vec<String> =
        std::fs::read_dir(&kr).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, [format!("{address_hex}.address"), "op.info".to_string()]);
    assert_eq!(std::fs::metadata(&kr).unwrap().permissions().mode() & 0o777, 0o700);

    let (header, info) = josekit_open(&kr.join("op.info"), "test");
    assert_eq!(header.algorithm(), Some("PBES2-HS256+A128KW"));
    assert_eq!(header.content_encryption(), Some("A256GCM"));
    assert_eq!(header.claim("p2c"), Some(&Value::from(8192)));
    let p2s = header.claim("p2s").unwrap().as_str().unwrap();
    assert_eq!(base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(p2s).unwrap().len(), 12);
    assert_eq!(info["Key"], "op.info");
    let fields: Vec<&str> = info.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        fields,
        ["Key", "Data", "Label", "Description", "KeychainNotTrustApplication", "KeychainNotSynchronizable"]
    );

    let record = Record::decode(item_data(&info).as_slice()).unwrap();
    assert_eq!(record.name, "op");
    assert_eq!(record.pub_key.as_ref().unwrap().type_url, "/cosmos.crypto.secp256k1.PubKey");
    assert_eq!(record.pub_key.unwrap().value, key.public().to_any().value);
    let Some(RecordItem::Local(local)) = record.item else { panic!("not a local record") };
    let priv_any = local.priv_key.unwrap();
    assert_eq!(priv_any.type_url, SECP256K1_PRIV_TYPE);
    // PrivKey { bytes key = 1 }: tag 0x0a, length 32, then the scalar.
    assert_eq!(priv_any.value[..2], [0x0a, 32]);
    assert_eq!(priv_any.value[2..], key.secret_bytes()[..]);

    let (_, addr) = josekit_open(&kr.join(format!("{address_hex}.address")), "test");
    assert_eq!(item_data(&addr), b"op.info");
    for f in ["op.info".to_string(), format!("{address_hex}.address")] {
        assert_eq!(std::fs::metadata(kr.join(f)).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn a_file_keyring_keeps_a_go_bcrypt_keyhash_and_entries_josekit_opens_with_the_passphrase() {
    let dir = testkit::temp_dir("sdk-keyring-file");
    let pass = "correct horse battery";
    recover("file", dir.path(), "op", &format!("{MNEMONIC}\n{pass}\n{pass}\n"));
    let kr = dir.path().join("keyring-file");
    let keyhash = std::fs::read_to_string(kr.join("keyhash")).unwrap();
    // golang.org/x/crypto/bcrypt: "$2a$", cost 10 (the SDK asks for 2, Go raises it), 60 chars.
    assert!(keyhash.starts_with("$2a$10$") && keyhash.len() == 60, "{keyhash}");
    let (_, info) = josekit_open(&kr.join("op.info"), pass);
    let record = keyring_record::decode(&item_data(&info)).unwrap();
    assert_eq!(record.pubkey, AccountKey::from_mnemonic(MNEMONIC, &simchain::CHAIN.hd_path).unwrap().public());
    let decrypter = PBES2_HS256_A128KW.decrypter_from_bytes(b"test").unwrap();
    assert!(
        josekit::jwe::deserialize_compact(&std::fs::read_to_string(kr.join("op.info")).unwrap(), &decrypter).is_err()
    );
}

#[test]
fn a_keyring_written_by_josekit_is_read_by_keys_show() {
    let dir = testkit::temp_dir("sdk-keyring-josekit");
    let kr = dir.path().join("keyring-test");
    std::fs::create_dir_all(&kr).unwrap();
    let key = AccountKey::from_mnemonic(MNEMONIC, &simchain::CHAIN.hd_path).unwrap();
    let encrypter = PBES2_HS256_A128KW.encrypter_from_bytes(b"test").unwrap();
    let mut header = JweHeader::new();
    header.set_content_encryption("A256GCM");
    let write = |name: &str, data: &[u8]| {
        let item = serde_json::json!({
            "Key": name, "Data": B64.encode(data), "Label": "", "Description": "",
            "KeychainNotTrustApplication": false, "KeychainNotSynchronizable": false,
        });
        let token = josekit::jwe::serialize_compact(item.to_string().as_bytes(), &header, &encrypter).unwrap();
        std::fs::write(kr.join(name), token).unwrap();
    };
    write("ext.info", &keyring_record::encode_local("ext", &key));
    write(&format!("{}.address", hex::encode(key.address().as_bytes())), b"ext.info");

    let kd = dir.path().to_str().unwrap();
    let shown = ok(&["keys", "show", "ext", "-a", "--keyring-backend", "test", "--keyring-dir", kd]);
    assert_eq!(shown, key.address().to_bech32("gonka").unwrap());
    // The key signs: a second key with the same address is refused as the SDK refuses it.
    let again = simchaind(
        &["keys", "add", "dup", "--recover", "--keyring-backend", "test", "--keyring-dir", kd],
        Some(&format!("{MNEMONIC}\n")),
        &[],
    );
    assert!(again.error_line().contains("already exists"), "{}", again.stderr);
}

#[test]
fn an_altered_entry_is_refused_naming_the_file() {
    let dir = testkit::temp_dir("sdk-keyring-tamper");
    recover("test", dir.path(), "op", &format!("{MNEMONIC}\n"));
    let info = dir.path().join("keyring-test/op.info");
    let mut token = std::fs::read_to_string(&info).unwrap();
    // Flip one character of the ciphertext (the fourth part).
    let at = token.match_indices('.').nth(2).unwrap().0 + 3;
    let c = token.as_bytes()[at];
    token.replace_range(at..at + 1, if c == b'A' { "B" } else { "A" });
    std::fs::write(&info, token).unwrap();
    let kd = dir.path().to_str().unwrap();
    let out = simchaind(&["keys", "show", "op", "-a", "--keyring-backend", "test", "--keyring-dir", kd], None, &[]);
    let line = out.error_line();
    assert!(line.contains("op.info") && line.contains("altered"), "{line}");
}
