//! The spec's local runbook for 3 validators: real `genesis-runner` processes for every stage,
//! real tmkms (started through `genesis-runner kms`), the stand-in daemon; only public artifacts
//! move between the hosts' ARTIFACTS_DIRs, by hand, here. Then the nodes must commit blocks.

mod common;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use common::*;
use std::path::Path;
use std::time::Duration;

/// Every private key on a host, as bytes, plus its mnemonic phrase.
fn secrets(h: &Host) -> (Vec<(String, Vec<u8>)>, String) {
    let mut keys = Vec::new();
    for f in ["secrets/consensus.key", "secrets/kms-identity.key"] {
        let text = std::fs::read_to_string(h.homes.tmkms.join(f)).unwrap();
        keys.push((f.to_string(), B64.decode(text.trim()).unwrap()));
    }
    let nk = cosmos_formats::keyfiles::NodeKey::load(&h.homes.keyring.join("node_key.json")).unwrap();
    keys.push(("node key".into(), nk.0.to_bytes().to_vec()));
    let mnemonic = std::fs::read_to_string(h.homes.keyring.join(format!("mnemonics/{}.txt", h.name))).unwrap();
    let account = cosmos_formats::hd::AccountKey::from_mnemonic(
        mnemonic.trim(),
        &cosmos_formats::ChainSettings::INFERENCED.hd_path,
    )
    .unwrap();
    keys.push(("account key".into(), account.secret_bytes().to_vec()));
    (keys, mnemonic.trim().to_string())
}

fn assert_no_private_material(hosts: &[Host]) {
    let mut needles: Vec<(String, Vec<u8>)> = Vec::new();
    let mut phrases = Vec::new();
    for h in hosts {
        let (keys, mnemonic) = secrets(h);
        for (what, k) in keys {
            assert!(k.len() >= 32, "{what}");
            needles.push((format!("{} {what} raw", h.name), k.clone()));
            needles.push((format!("{} {what} hex", h.name), hex::encode(&k).into_bytes()));
            needles.push((format!("{} {what} HEX", h.name), hex::encode_upper(&k).into_bytes()));
            // Any base64 alignment: encode at offsets 0..3 and drop the edge characters.
            for off in 0..3 {
                let b = B64.encode(&k[off..]);
                needles.push((format!("{} {what} base64@{off}", h.name), b.as_bytes()[4..b.len() - 4].to_vec()));
            }
        }
        phrases.push((h.name.clone(), mnemonic));
    }
    let mut checked = 0;
    for h in hosts {
        for (path, (_, bytes)) in snapshot(&h.homes.artifacts) {
            if bytes.is_empty() {
                continue;
            }
            checked += 1;
            for (what, n) in &needles {
                assert!(!bytes.windows(n.len()).any(|w| w == n.as_slice()), "{} contains {what}", path.display());
            }
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            for (name, phrase) in &phrases {
                let words: Vec<&str> = phrase.split_whitespace().collect();
                // Three consecutive mnemonic words never occur by chance in JSON or hex.
                for w in words.windows(3) {
                    assert!(!text.contains(&w.join(" ")), "{} contains {name}'s mnemonic words {w:?}", path.display());
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} artifact files checked");
}

/// After every stage: no consensus key in the node home (tmkms signs; init-docker.sh's
/// `configure_tmkms` removes the file `init` makes), and nothing in `$HOME`, which holds only
/// what a chain-CLI call without `--home` writes (`$HOME/.inference/config/client.toml`…).
fn assert_clean(h: &Host, after: &str) {
    let key = h.homes.node.join("config/priv_validator_key.json");
    assert!(!key.exists(), "{} {after}: {} exists", h.name, key.display());
    let home = h.root.join("home");
    assert!(dir_names(&home).is_empty(), "{} {after}: $HOME {} holds {:?}", h.name, home.display(), dir_names(&home));
}

fn dir_names(p: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(p).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn three_validators_run_the_local_runbook_and_commit_blocks() {
    let tmp = testkit::temp_dir("runbook");
    let base = testkit::free_port_base(3, 10, 3);
    let mut hosts: Vec<Host> =
        ["coord", "val1", "val2"].iter().enumerate().map(|(i, n)| Host::new(tmp.path(), n, i as u32, base)).collect();
    // The scripts' snapshot and REST API variables, on one host (the others keep the defaults).
    hosts[2].extra = vec![
        ("SNAPSHOT_INTERVAL".into(), "7".into()),
        ("SNAPSHOT_KEEP_RECENT".into(), "3".into()),
        ("REST_API_ACTIVE".into(), "true".into()),
    ];
    let hosts = hosts;
    let (c, validators) = (&hosts[0], &hosts[1..]);

    // 1) keygen everywhere, each with its own tmkms dialing the node's TMKMS port.
    let mut kms: Vec<Proc> = hosts.iter().map(Host::kms).collect();
    for h in &hosts {
        h.stage_ok("keygen", &[]);
        let v = h.homes.artifacts.join("validators").join(&h.name);
        assert_eq!(
            dir_names(&v),
            ["account_addr.txt", "manifest.json", "node_id.txt", "sha256sum.txt", "val_pubkey.json"]
        );
        assert!(std::fs::read_dir(&h.homes.node).map_or(true, |mut d| d.next().is_none()), "keygen wipes NODE_HOME");
        assert_clean(h, "keygen");
        // The pubkey is the one tmkms holds.
        let seed =
            B64.decode(std::fs::read_to_string(h.homes.tmkms.join("secrets/consensus.key")).unwrap().trim()).unwrap();
        let sk = ed25519_dalek::SigningKey::from_bytes(&seed.try_into().unwrap());
        let pk = cosmos_formats::ConsensusPubKey::parse(&std::fs::read_to_string(v.join("val_pubkey.json")).unwrap())
            .unwrap();
        assert_eq!(pk.0, sk.verifying_key());
    }

    // Collect addresses and validator dirs on the coordinator.
    for v in validators {
        move_with_checksums(v, c, "addresses", &[&format!("{}.txt", v.name)]);
        move_validator_dir(v, c);
    }
    // 2) intermediate genesis, with gonka's mainnet overrides as its coordinator gave them.
    let overrides =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/gonka-ceremony/genesis-overrides.json");
    c.stage_ok("intermediate_genesis", &[("GENESIS_OVERRIDES_FILE", overrides.to_str().unwrap())]);
    assert_clean(c, "intermediate_genesis");
    let intermediate: serde_json::Value =
        serde_json::from_slice(&std::fs::read(c.homes.artifacts.join("genesis/intermediate_genesis.json")).unwrap())
            .unwrap();
    assert_eq!(intermediate.pointer("/app_state/gov/params/voting_period"), Some(&serde_json::json!("48h0m0s")));
    assert_eq!(intermediate["app_state"].as_object().unwrap().len(), app_genesis_sections());
    // 3) distribute it.
    for v in validators {
        move_with_checksums(c, v, "genesis", &["intermediate_genesis.json"]);
    }
    // 4) gentx everywhere.
    for h in &hosts {
        h.stage_ok("gentx", &[]);
        assert_clean(h, "gentx");
    }
    // 5) collect gentxs and genparticipant files.
    for v in validators {
        move_with_checksums(v, c, "gentxs", &[&format!("{}.json", v.name)]);
        move_with_checksums(v, c, "genparticipants", &[&format!("{}.json", v.name)]);
    }

    // tmkms restarts now that the node ids are published: addr pins the node id.
    for (k, h) in kms.iter_mut().zip(&hosts) {
        k.kill();
        *k = h.kms();
    }
    for h in &hosts {
        let id = std::fs::read_to_string(h.homes.artifacts.join(format!("validators/{}/node_id.txt", h.name))).unwrap();
        testkit::wait_for(Duration::from_secs(20), "tmkms.toml pinned", || {
            let t = std::fs::read_to_string(h.homes.tmkms.join("tmkms.toml")).ok()?;
            t.contains(&format!("tcp://{}@127.0.0.1:{}", id.trim(), h.tmkms_port())).then_some(())
        });
    }

    // 6) coordinator start: final genesis + peers, then the node.
    // genesis_time a few seconds ahead: every node waits for it.
    let mut nodes = vec![c.spawn_stage_with("start", "node.log", &[("GENESIS_DELAY", "4s")])];
    let fin = c.homes.artifacts.join("genesis/final_genesis.json");
    let peers = c.homes.artifacts.join("peers/persistent_peers.txt");
    testkit::wait_for(Duration::from_secs(60), "coordinator final genesis and peers", || {
        if let Some(st) = nodes[0].exited() {
            panic!("coordinator start exited {st}:\n{}", nodes[0].log());
        }
        // The checksum lists are written after the artifacts: wait for them too.
        let lists = std::fs::read_to_string(c.homes.artifacts.join("genesis/sha256sum.txt")).unwrap_or_default();
        let plist = std::fs::read_to_string(c.homes.artifacts.join("peers/sha256sum.txt")).unwrap_or_default();
        (fin.exists()
            && peers.exists()
            && lists.contains("  final_genesis.json")
            && plist.contains("  persistent_peers.txt"))
        .then_some(())
    });
    let peer_text = std::fs::read_to_string(&peers).unwrap();
    for h in &hosts {
        let id = std::fs::read_to_string(h.homes.artifacts.join(format!("validators/{}/node_id.txt", h.name))).unwrap();
        assert!(peer_text.contains(&format!("{}@127.0.0.1:{}", id.trim(), h.p2p_port())), "{peer_text}");
    }
    // 7) distribute, with the hash the coordinator published out of band; 8) validators start.
    let published = sha256_hex(&std::fs::read(&fin).unwrap());
    assert!(nodes[0].log().contains(&published), "the coordinator logs the hash to publish");
    for v in validators {
        move_with_checksums(c, v, "genesis", &["final_genesis.json"]);
        move_with_checksums(c, v, "peers", &["persistent_peers.txt"]);
        nodes.push(v.spawn_stage_with("start", "node.log", &[("FINAL_GENESIS_SHA256", &published)]));
    }
    let genesis = cosmos_formats::Genesis::load(&fin).unwrap();
    let genesis_time = genesis.genesis_time().unwrap();
    assert!(genesis_time > time::OffsetDateTime::now_utc() - Duration::from_secs(60));
    // Every validator is a participant with its PUBLIC_URL and consensus key.
    for h in &hosts {
        let key =
            std::fs::read_to_string(h.homes.artifacts.join(format!("validators/{}/val_pubkey.json", h.name))).unwrap();
        let key = cosmos_formats::ConsensusPubKey::parse(&key).unwrap().base64();
        let url = format!("http://127.0.0.1:{}", 9000 + 10 * h.index);
        assert!(genesis.participants().iter().any(|(_, u, k)| *u == url && *k == key), "{} is a participant", h.name);
    }
    for h in &hosts {
        let own =
            std::fs::read_to_string(h.homes.artifacts.join(format!("validators/{}/node_id.txt", h.name))).unwrap();
        let cfg = testkit::wait_for(Duration::from_secs(30), "config.toml written", || {
            let cfg = std::fs::read_to_string(h.homes.node.join("config/config.toml")).ok()?;
            cfg.contains(&format!("priv_validator_laddr = \"tcp://127.0.0.1:{}\"", h.tmkms_port())).then_some(cfg)
        });
        assert!(cfg.contains("allow_duplicate_ip = true"), "{cfg}");
        // init-docker-genesis.sh's app and client settings.
        let app = std::fs::read_to_string(h.homes.node.join("config/app.toml")).unwrap();
        let (interval, keep, rest) = if h.index == 2 { (7, 3, true) } else { (10, 5, false) };
        assert!(app.contains("minimum-gas-prices = \"0ngonka\""), "{app}");
        assert!(app.contains(&format!("snapshot-interval = {interval}")), "{app}");
        assert!(app.contains(&format!("snapshot-keep-recent = {keep}")), "{app}");
        let api = app.split("[api]").nth(1).unwrap().split("\n[").next().unwrap();
        assert_eq!(api.contains("enable = true"), rest, "{api}");
        assert_eq!(api.contains("address = \"tcp://0.0.0.0:1317\""), rest, "{api}");
        // The file signer is out, as init-docker.sh's configure_tmkms leaves it.
        assert!(
            cfg.contains("\n# priv_validator_key_file = ") && cfg.contains("\n# priv_validator_state_file = "),
            "{cfg}"
        );
        assert_clean(h, "start");
        let client = std::fs::read_to_string(h.homes.node.join("config/client.toml")).unwrap();
        assert!(
            client.contains(&format!("chain-id = \"{CHAIN}\"")) && client.contains("keyring-backend = \"test\""),
            "{client}"
        );
        assert!(cfg.contains("timeout_commit = \"300ms\""));
        assert!(
            !cfg.split("persistent_peers = ").nth(1).unwrap().lines().next().unwrap().contains(own.trim()),
            "own id excluded"
        );
    }

    // The nodes commit blocks together.
    let budget = Duration::from_secs(90);
    for (h, n) in hosts.iter().zip(nodes.iter_mut()) {
        testkit::wait_for(budget, &format!("{} height >= 3", h.name), || {
            if let Some(st) = n.exited() {
                panic!("{} node exited {st}:\n{}", h.name, n.log());
            }
            height(h.rpc_port()).filter(|x| *x >= 3)
        });
    }

    assert_no_private_material(&hosts);

    // No block before genesis_time.
    let first = block_time(hosts[0].rpc_port(), 1).unwrap();
    assert!(first >= genesis_time, "block 1 at {first} predates genesis_time {genesis_time}");

    // What the coordinator holds passes the operator's `verify`, file by file and across files.
    let out = std::process::Command::new(runner_bin())
        .args(["verify", "--chain-id", CHAIN])
        .arg(&c.homes.artifacts)
        .env_clear()
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.lines().count() >= 20 && text.lines().all(|l| l.starts_with("OK ")), "{text}");

    // 9) restart: a node stopped and restarted with GENESIS_RUN_STAGE=restart catches up.
    let before = height(hosts[2].rpc_port()).unwrap();
    nodes[2].kill();
    nodes[2] = hosts[2].spawn_stage("restart", "restart.log");
    testkit::wait_for(budget, "restarted node advances", || {
        if let Some(st) = nodes[2].exited() {
            panic!("restart exited {st}:\n{}", nodes[2].log());
        }
        height(hosts[2].rpc_port()).filter(|x| *x > before + 2)
    });
    assert_clean(&hosts[2], "restart");
    drop(nodes);
    drop(kms);
}

/// The module sections `inferenced init` writes (the mainnet draft's).
fn app_genesis_sections() -> usize {
    let draft: serde_json::Value = serde_json::from_slice(
        &std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/gonka-mainnet/genesis-draft.json"),
        )
        .unwrap(),
    )
    .unwrap();
    draft["app_state"].as_object().unwrap().len()
}
