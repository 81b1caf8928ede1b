//! Bad input, as real `genesis-runner` processes: each case asserts the one-line error, the
//! exit code, and that the persistent homes are byte-identical afterwards.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// Configuration errors: refused before anything touches the disk (the host root stays empty
/// of every home). Each is one row of BAD-INPUTS.md.
type ConfigCase = (&'static str, &'static [(&'static str, &'static str)], &'static str);

const CONFIG_CASES: &[ConfigCase] = &[
    ("negative index", &[("GENESIS_INDEX", "-1")], "GENESIS_INDEX: \"-1\" is not a non-negative integer"),
    ("huge index", &[("GENESIS_INDEX", "7000")], "GENESIS_INDEX: P2P_PORT = "),
    ("index beyond u32", &[("GENESIS_INDEX", "99999999999")], "GENESIS_INDEX: 99999999999 is too large"),
    ("unknown stage", &[("GENESIS_RUN_STAGE", "deploy")], "GENESIS_RUN_STAGE: unknown stage \"deploy\""),
    ("missing stage", &[("GENESIS_RUN_STAGE", "")], "GENESIS_RUN_STAGE: required but not set"),
    ("bad key name", &[("KEY_NAME", "../../etc/x")], "KEY_NAME: \"../../etc/x\" starts with a dot"),
    ("key name with slash", &[("KEY_NAME", "a/b")], "KEY_NAME: \"a/b\" contains '/'"),
    ("role disagrees", &[("GENESIS_ROLE", "validator")], "GENESIS_ROLE: validator disagrees with GENESIS_INDEX=0"),
    ("node home is keyring", &[("NODE_HOME", "@keyring")], "NODE_HOME: @keyring overlaps KEYRING_HOME @keyring"),
    (
        "node home is home",
        &[("NODE_HOME", "@home")],
        "NODE_HOME: refusing to use @home as a wiped home: it is or contains $HOME",
    ),
    ("node home root", &[("NODE_HOME", "/")], "NODE_HOME: refusing to use / as a wiped home"),
    ("artifacts inside tmkms", &[("ARTIFACTS_DIR", "@tmkms/pub")], "ARTIFACTS_DIR: @tmkms/pub overlaps TMKMS_HOME"),
    ("colliding ports", &[("RPC_BASE", "@p2p_base")], "P2P_BASE: derived ports collide"),
    ("bad chain id", &[("CHAIN_ID", "two words")], "CHAIN_ID: chain id \"two words\" contains whitespace"),
    ("bad override", &[("CONFIG_p2p____x", "1")], "CONFIG_: CONFIG_p2p____x: expected CONFIG_<section>__<key>"),
    (
        "file keyring without password",
        &[("KEYRING_BACKEND", "file")],
        "KEYRING_PASSWORD: required with KEYRING_BACKEND=file",
    ),
    (
        "password file missing",
        &[("KEYRING_BACKEND", "file"), ("KEYRING_PASSWORD_FILE", "@home/absent")],
        "KEYRING_PASSWORD_FILE: @home/absent: No such file or directory",
    ),
    (
        "password and password file",
        &[("KEYRING_BACKEND", "file"), ("KEYRING_PASSWORD", "p"), ("KEYRING_PASSWORD_FILE", "@home/absent")],
        "KEYRING_PASSWORD_FILE: set either it or KEYRING_PASSWORD, not both",
    ),
    (
        "validator runs coordinator stage",
        &[("GENESIS_INDEX", "1"), ("GENESIS_RUN_STAGE", "intermediate_genesis")],
        "GENESIS_RUN_STAGE: intermediate_genesis is run by the coordinator only",
    ),
    ("bad force", &[("FORCE", "maybe")], "FORCE: \"maybe\" is not a boolean"),
    (
        "negative snapshot interval",
        &[("SNAPSHOT_INTERVAL", "-1")],
        "SNAPSHOT_INTERVAL: \"-1\" is not a non-negative integer",
    ),
    (
        "snapshot keep-recent not a number",
        &[("SNAPSHOT_KEEP_RECENT", "five")],
        "SNAPSHOT_KEEP_RECENT: \"five\" is not a non-negative integer",
    ),
    ("bad REST_API_ACTIVE", &[("REST_API_ACTIVE", "on")], "REST_API_ACTIVE: \"on\" is not a boolean"),
    (
        "public url without scheme",
        &[("PUBLIC_URL", "node1.example:9000")],
        "PUBLIC_URL: \"node1.example:9000\" is not an http:// or https:// URL",
    ),
    ("public url without host", &[("PUBLIC_URL", "http:///api")], "PUBLIC_URL: \"http:///api\" has no host"),
    (
        "warm address not bech32",
        &[("ML_OPERATIONAL_ADDRESS", "not-an-address")],
        "ML_OPERATIONAL_ADDRESS: \"not-an-address\"",
    ),
    (
        "genesis time not utc",
        &[("GENESIS_TIME", "2026-12-03T10:00:00+01:00")],
        "GENESIS_TIME: \"2026-12-03T10:00:00+01:00\" is not RFC 3339 UTC",
    ),
    (
        "genesis time and delay",
        &[("GENESIS_TIME", "2026-12-03T10:00:00Z"), ("GENESIS_DELAY", "5s")],
        "GENESIS_TIME: set either it or GENESIS_DELAY, not both",
    ),
    ("bad genesis delay", &[("GENESIS_DELAY", "soon")], "GENESIS_DELAY: invalid duration \"soon\""),
    (
        "final genesis sha256 not hex",
        &[("FINAL_GENESIS_SHA256", "abc")],
        "FINAL_GENESIS_SHA256: \"abc\" is not a hex sha256 (64 digits)",
    ),
    (
        "mnemonic backup in artifacts",
        &[("MNEMONIC_BACKUP_DIR", "@artifacts/backup")],
        "MNEMONIC_BACKUP_DIR: @artifacts/backup overlaps ARTIFACTS_DIR @artifacts, whose files leave this host",
    ),
];

/// The catalogue cannot drift: a section that differs from what the tests saw fails, naming
/// the row; blessing rewrites only that section.
#[test]
fn a_stale_catalogue_section_fails_and_blessing_rewrites_only_it() {
    let tmp = testkit::temp_dir("catalogue");
    let path = tmp.path().join("BAD-INPUTS.md");
    let row = |m: &str| catalogue::Row { input: "x".into(), stage: "keygen".into(), code: 2, message: m.into() };
    std::fs::write(&path, "intro\n").unwrap();
    catalogue::check_in(&path, "a", "A", &[row("one")], true);
    catalogue::check_in(&path, "b", "B", &[row("two")], true);
    catalogue::check_in(&path, "a", "A", &[row("one")], false);
    let stale = std::panic::catch_unwind(|| catalogue::check_in(&path, "a", "A", &[row("changed")], false));
    let msg = *stale.expect_err("a stale section passed").downcast::<String>().unwrap();
    assert!(msg.contains("section \"a\" is stale") && msg.contains("changed"), "{msg}");
    let missing = std::panic::catch_unwind(|| catalogue::check_in(&path, "c", "C", &[row("three")], false));
    assert!(missing.is_err(), "a missing section passed");
    catalogue::check_in(&path, "a", "A", &[row("changed")], true);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("intro\n") && text.contains("`changed`") && text.contains("`two`") && !text.contains("`one`")
    );
}

#[test]
fn configuration_errors_touch_nothing() {
    let mut rows = Vec::new();
    for (name, overrides, msg) in CONFIG_CASES {
        eprintln!("case: {name}");
        rows.push(configuration_error(name, overrides, msg));
    }
    catalogue::check("configuration", "Configuration (any stage: refused before anything is read or written)", &rows);
}

fn configuration_error(name: &str, overrides: &[(&str, &str)], msg: &str) -> catalogue::Row {
    let tmp = testkit::temp_dir("bad-config");
    let h = Host::new(tmp.path(), "coord", 0, 30000);
    let subst = |s: &str| {
        s.replace("@keyring", &h.homes.keyring.display().to_string())
            .replace("@home", &h.root.join("home").display().to_string())
            .replace("@tmkms", &h.homes.tmkms.display().to_string())
            .replace("@artifacts", &h.homes.artifacts.display().to_string())
            .replace("@p2p_base", "30000")
    };
    let owned: Vec<(String, String)> = overrides.iter().map(|(k, v)| (k.to_string(), subst(v))).collect();
    let mut o: Vec<(&str, &str)> = vec![("GENESIS_RUN_STAGE", "keygen")];
    o.retain(|(k, _)| !owned.iter().any(|(ok, _)| ok == k));
    o.extend(owned.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let before = snapshot(tmp.path());
    let out = h.command(&[], &o).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
    let line = error_line(&out);
    assert!(
        line.starts_with(&format!("genesis-runner: error: {}", subst(msg))),
        "{name}: {line}\n  expected: {}",
        subst(msg)
    );
    assert_eq!(snapshot(tmp.path()), before, "{name}: a configuration error created or changed files");
    let input = overrides.iter().map(|(k, v)| format!("`{k}={v}`")).collect::<Vec<_>>().join(" ");
    let stage = o.iter().find(|(k, _)| *k == "GENESIS_RUN_STAGE").map(|(_, v)| *v).unwrap_or("keygen");
    catalogue::Row {
        input: format!("{name}: {input}"),
        stage: if stage.is_empty() { "(unset)".into() } else { stage.into() },
        code: 2,
        message: catalogue::normalize(&line, &[(tmp.path(), "<host>")]),
    }
}

type Snapshot = std::collections::BTreeMap<PathBuf, (u32, Vec<u8>)>;
type Undo = Box<dyn FnOnce()>;
type Setup = Box<dyn Fn(&[Host]) -> Undo>;

/// What a failed stage must leave alone.
fn homes(hosts: &[&Host]) -> Vec<(PathBuf, Snapshot)> {
    hosts
        .iter()
        .flat_map(|h| [h.homes.keyring.clone(), h.homes.tmkms.clone(), h.homes.artifacts.clone(), h.homes.node.clone()])
        .map(|p| (p.clone(), snapshot(&p)))
        .collect()
}

struct Case {
    name: &'static str,
    host: usize,
    stage: &'static str,
    env: Vec<(&'static str, String)>,
    /// Changes the artifacts before the run; returns an undo.
    setup: Setup,
    code: i32,
    msg: String,
}

fn edit(path: PathBuf, f: impl FnOnce(&str) -> String) -> Box<dyn FnOnce()> {
    let old = std::fs::read(&path).ok();
    let text = String::from_utf8(old.clone().unwrap_or_default()).unwrap();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, f(&text)).unwrap();
    Box::new(move || match old {
        Some(b) => std::fs::write(&path, b).unwrap(),
        None => {
            let _ = std::fs::remove_file(&path);
        }
    })
}

fn remove(path: PathBuf) -> Box<dyn FnOnce()> {
    let old = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    Box::new(move || std::fs::write(&path, old).unwrap())
}

fn many(undos: Vec<Box<dyn FnOnce()>>) -> Box<dyn FnOnce()> {
    Box::new(move || {
        for u in undos.into_iter().rev() {
            u();
        }
    })
}

/// Rewrites the sha256sum.txt entry of `path` to match its current bytes.
fn rehash(path: &Path) -> Box<dyn FnOnce()> {
    let list = path.parent().unwrap().join("sha256sum.txt");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let hash = cosmos_formats::files::sha256_file(path).unwrap();
    edit(list, |t| {
        t.lines()
            .map(|l| if l.ends_with(&format!("  {name}")) { format!("{hash}  {name}\n") } else { format!("{l}\n") })
            .collect()
    })
}

/// A torn artifact, as a power cut after `rename` without `fsync` leaves it (or a copy cut
/// short): empty, or its first half. Each received artifact, torn either way, is refused by
/// the stage that reads it with exit 3 and the file named first: by its checksum line when
/// that is intact, by its content when the line was rewritten to match.
fn torn_cases(hosts: &[Host], force: &(&'static str, String)) -> Vec<Case> {
    let received: [(usize, &'static str, &'static str); 9] = [
        (0, "intermediate_genesis", "addresses/val1.txt"),
        (1, "gentx", "genesis/intermediate_genesis.json"),
        (0, "start", "validators/val1/manifest.json"),
        (0, "start", "validators/val1/val_pubkey.json"),
        (0, "start", "validators/val1/node_id.txt"),
        (0, "start", "gentxs/val1.json"),
        (0, "start", "genparticipants/val1.json"),
        (1, "start", "genesis/final_genesis.json"),
        (1, "start", "peers/persistent_peers.txt"),
    ];
    let mut out = Vec::new();
    for (host, stage, rel) in received {
        let path = hosts[host].homes.artifacts.join(rel);
        let listed = path.parent().unwrap().join("sha256sum.txt").is_file();
        for (tear, name) in [(0usize, "empty"), (2, "half")] {
            for rewritten in [false, true] {
                if !rewritten && !listed {
                    continue;
                }
                let p = path.clone();
                let setup: Setup = Box::new(move |_| {
                    let torn = edit(p.clone(), |t| t[..t.len().checked_div(tear).unwrap_or(0)].to_string());
                    if rewritten {
                        many(vec![torn, rehash(&p)])
                    } else {
                        torn
                    }
                });
                let msg = if rewritten {
                    format!("{}: ", path.display())
                } else {
                    format!("checksum check failed: {}: checksum mismatch", path.display())
                };
                let label = if rewritten { "checksum line rewritten" } else { "checksum line intact" };
                out.push(Case {
                    name: Box::leak(format!("torn ({name}) {rel}, {label}").into_boxed_str()),
                    host,
                    stage,
                    env: vec![force.clone()],
                    setup,
                    code: 3,
                    msg,
                });
            }
        }
    }
    out
}

#[test]
fn bad_artifacts_are_refused_and_leave_every_home_unchanged() {
    let tmp = testkit::temp_dir("bad-artifacts");
    let base = testkit::free_port_base(3, 10, 3);
    let hosts: Vec<Host> =
        ["coord", "val1"].iter().enumerate().map(|(i, n)| Host::new(tmp.path(), n, i as u32, base)).collect();
    let (c, v) = (&hosts[0], &hosts[1]);
    {
        let _kms: Vec<Proc> = hosts.iter().map(Host::kms).collect();
        for h in &hosts {
            h.stage_ok("keygen", &[]);
        }
    }
    move_with_checksums(v, c, "addresses", &["val1.txt"]);
    move_validator_dir(v, c);
    c.stage_ok("intermediate_genesis", &[]);
    move_with_checksums(c, v, "genesis", &["intermediate_genesis.json"]);
    for h in &hosts {
        h.stage_ok("gentx", &[]);
    }
    move_with_checksums(v, c, "gentxs", &["val1.json"]);
    move_with_checksums(v, c, "genparticipants", &["val1.json"]);
    // The coordinator prepares its node but does not exec it: the validator cases need the
    // final genesis, not a running chain.
    c.stage_ok("start", &[("NO_START", "1")]);
    move_with_checksums(c, v, "genesis", &["final_genesis.json"]);
    move_with_checksums(c, v, "peers", &["persistent_peers.txt"]);

    let ca = c.homes.artifacts.clone();
    let va = v.homes.artifacts.clone();
    let val1_id = std::fs::read_to_string(va.join("validators/val1/node_id.txt")).unwrap().trim().to_string();
    let force = ("FORCE", "1".to_string());
    const IG: &str = "genesis/intermediate_genesis.json";
    let ig = IG;
    let cases: Vec<Case> = vec![
        Case {
            name: "restart with no node",
            host: 1,
            stage: "restart",
            env: vec![],
            setup: Box::new(|_| Box::new(|| ())),
            code: 3,
            msg: format!("missing input {} holds no initialized node", v.homes.node.display()),
        },
        Case {
            name: "missing intermediate genesis",
            host: 1,
            stage: "gentx",
            env: vec![force.clone()],
            setup: Box::new(move |h| {
                many(vec![
                    remove(h[1].homes.artifacts.join(ig)),
                    edit(h[1].homes.artifacts.join("genesis/sha256sum.txt"), |_| String::new()),
                ])
            }),
            code: 3,
            msg: format!(
                "missing input {} (copy the coordinator's genesis/intermediate_genesis.json here)",
                va.join(ig).display()
            ),
        },
        Case {
            name: "corrupt intermediate genesis",
            host: 1,
            stage: "gentx",
            env: vec![force.clone()],
            setup: Box::new(move |h| {
                let p = h[1].homes.artifacts.join(ig);
                let u = edit(p.clone(), |t| t[..t.len() / 2].to_string());
                many(vec![u, rehash(&p)])
            }),
            code: 3,
            msg: format!("{}: malformed genesis JSON", va.join(ig).display()),
        },
        Case {
            name: "foreign-chain intermediate genesis",
            host: 1,
            stage: "gentx",
            env: vec![force.clone()],
            setup: Box::new(move |h| {
                let p = h[1].homes.artifacts.join(ig);
                let u = edit(p.clone(), |t| t.replace(CHAIN, "other-chain"));
                many(vec![u, rehash(&p)])
            }),
            code: 3,
            msg: format!("{}: chain id is other-chain, CHAIN_ID is {CHAIN}", va.join(ig).display()),
        },
        Case {
            name: "checksum mismatch",
            host: 1,
            stage: "gentx",
            env: vec![force.clone()],
            setup: Box::new(move |h| {
                edit(h[1].homes.artifacts.join(ig), |t| t.replacen("2000000000", "2000000001", 1))
            }),
            code: 3,
            msg: format!("checksum check failed: {}: checksum mismatch", va.join(ig).display()),
        },
        Case {
            name: "gentx rerun without FORCE",
            host: 1,
            stage: "gentx",
            env: vec![],
            setup: Box::new(|_| Box::new(|| ())),
            code: 4,
            msg: format!(
                "outputs already exist: {}, {}; set FORCE=1 to redo the gentx stage",
                va.join("gentxs/val1.json").display(),
                va.join("genparticipants/val1.json").display()
            ),
        },
        Case {
            name: "final genesis other than the published hash",
            host: 1,
            stage: "start",
            env: vec![force.clone(), ("FINAL_GENESIS_SHA256", "0".repeat(64))],
            setup: Box::new(|_| Box::new(|| ())),
            code: 3,
            msg: format!(
                "{}: sha256 is {}, FINAL_GENESIS_SHA256 is {}: get the coordinator's file again",
                va.join("genesis/final_genesis.json").display(),
                sha256_hex(&std::fs::read(va.join("genesis/final_genesis.json")).unwrap()),
                "0".repeat(64)
            ),
        },
        Case {
            name: "missing genparticipant of a validator",
            host: 0,
            stage: "start",
            env: vec![force.clone()],
            setup: Box::new(|h| {
                let p = h[0].homes.artifacts.join("genparticipants/val1.json");
                many(vec![
                    remove(p.clone()),
                    edit(h[0].homes.artifacts.join("genparticipants/sha256sum.txt"), |_| String::new()),
                ])
            }),
            code: 3,
            msg: format!("missing input {}", ca.join("genparticipants/val1.json").display()),
        },
        Case {
            name: "genparticipant of another validator",
            host: 0,
            stage: "start",
            env: vec![force.clone()],
            setup: Box::new(|h| {
                let p = h[0].homes.artifacts.join("genparticipants/val1.json");
                let own = std::fs::read_to_string(h[0].homes.artifacts.join("genparticipants/coord.json")).unwrap();
                let u = edit(p.clone(), move |_| own.clone());
                many(vec![u, rehash(&p)])
            }),
            code: 3,
            msg: format!("{}: invalid creator: ", ca.join("genparticipants/val1.json").display()),
        },
        Case {
            name: "start rerun without FORCE",
            host: 0,
            stage: "start",
            env: vec![],
            setup: Box::new(|_| Box::new(|| ())),
            code: 4,
            msg: "outputs already exist: ".into(),
        },
        Case {
            name: "gentx with a foreign pubkey",
            host: 0,
            stage: "start",
            env: vec![force.clone()],
            setup: Box::new(|h| {
                let p = h[0].homes.artifacts.join("validators/val1/val_pubkey.json");
                let u = edit(p.clone(), |_| {
                    "{\"@type\":\"/cosmos.crypto.ed25519.PubKey\",\"key\":\"OPwcpfQYOoWDuHKYivRVq5jxrELH0moP5qdznvj3Dps=\"}\n".into()
                });
                many(vec![u, rehash(&p)])
            }),
            code: 3,
            msg: format!("{}: consensus key ", ca.join("gentxs/val1.json").display()),
        },
        Case {
            name: "a validator cloned under another name",
            host: 0,
            stage: "start",
            env: vec![force.clone()],
            setup: Box::new(|h| {
                let a = h[0].homes.artifacts.clone();
                let dir = a.join("validators/val9");
                // Undone last: the directory goes after the files in it were restored.
                let mut undo: Vec<Box<dyn FnOnce()>> = vec![Box::new(move || {
                    let _ = std::fs::remove_dir_all(dir);
                })];
                undo.push(edit(a.join("gentxs/val9.json"), |_| {
                    std::fs::read_to_string(a.join("gentxs/val1.json")).unwrap()
                }));
                undo.push(edit(a.join("genparticipants/val9.json"), |_| {
                    std::fs::read_to_string(a.join("genparticipants/val1.json")).unwrap()
                }));
                for f in ["val_pubkey.json", "node_id.txt", "account_addr.txt"] {
                    undo.push(edit(a.join("validators/val9").join(f), |_| {
                        std::fs::read_to_string(a.join("validators/val1").join(f)).unwrap()
                    }));
                }
                let m = std::fs::read_to_string(a.join("validators/val1/manifest.json"))
                    .unwrap()
                    .replace("\"val1\"", "\"val9\"")
                    .replace("\"index\": 1", "\"index\": 9");
                let id = std::fs::read_to_string(a.join("validators/val1/node_id.txt")).unwrap();
                let other = "1".repeat(40);
                undo.push(edit(a.join("validators/val9/manifest.json"), |_| m.replace(id.trim(), &other)));
                undo.push(edit(a.join("validators/val9/node_id.txt"), |_| format!("{other}\n")));
                many(undo)
            }),
            code: 3,
            // Every artifact of val1 again under another name: its consensus key repeats
            // before its gentx is even read.
            msg: format!(
                "{}: consensus key is also validator val1's: two hosts hold one tmkms key",
                ca.join("validators/val9/val_pubkey.json").display(),
            ),
        },
        Case {
            name: "two coordinators",
            host: 0,
            stage: "start",
            env: vec![force.clone()],
            setup: Box::new(|h| {
                let p = h[0].homes.artifacts.join("validators/val1/manifest.json");
                let u = edit(p.clone(), |t| {
                    t.replace("\"index\": 1", "\"index\": 0").replace("\"validator\"", "\"coordinator\"")
                });
                many(vec![u, rehash(&p)])
            }),
            code: 3,
            msg: format!(
                "{}: expected exactly one coordinator (index 0) among the manifests, found 2: [coord, val1]",
                ca.join("validators").display()
            ),
        },
        Case {
            name: "missing gentx of a validator",
            host: 0,
            stage: "start",
            env: vec![force.clone()],
            setup: Box::new(|h| remove(h[0].homes.artifacts.join("gentxs/val1.json"))),
            code: 3,
            msg: format!(
                "checksum check failed: {}: listed in {} but missing",
                ca.join("gentxs/val1.json").display(),
                ca.join("gentxs/sha256sum.txt").display()
            ),
        },
        Case {
            name: "manifest node id differs from node_id.txt",
            host: 0,
            stage: "start",
            env: vec![force.clone()],
            setup: Box::new(move |h| {
                let p = h[0].homes.artifacts.join("validators/val1/node_id.txt");
                let u = edit(p.clone(), |_| format!("{}\n", "2".repeat(40)));
                many(vec![u, rehash(&p)])
            }),
            code: 3,
            msg: format!(
                "{}: says {}, the manifest says {val1_id}",
                ca.join("validators/val1/node_id.txt").display(),
                "2".repeat(40)
            ),
        },
        Case {
            name: "peers file malformed",
            host: 1,
            stage: "start",
            env: vec![],
            setup: Box::new(|h| {
                let p = h[1].homes.artifacts.join("peers/persistent_peers.txt");
                let u = edit(p.clone(), |t| t.replacen('@', "#", 1));
                many(vec![u, rehash(&p)])
            }),
            code: 3,
            msg: format!("{}: entry 0 ", va.join("peers/persistent_peers.txt").display()),
        },
        Case {
            name: "PERSISTENT_PEERS malformed",
            host: 1,
            stage: "start",
            env: vec![("PERSISTENT_PEERS", "abc@h:1".into())],
            setup: Box::new(|_| Box::new(|| ())),
            code: 2,
            msg: "PERSISTENT_PEERS: entry 0 \"abc@h:1\": invalid node id".into(),
        },
        Case {
            name: "final genesis without own key",
            host: 1,
            stage: "start",
            env: vec![],
            setup: Box::new(|h| {
                let a = h[1].homes.artifacts.clone();
                let p = a.join("genesis/final_genesis.json");
                let u = edit(p.clone(), |_| std::fs::read_to_string(a.join(IG)).unwrap());
                many(vec![u, rehash(&p)])
            }),
            code: 3,
            msg: format!("{}: does not contain this validator's key", va.join("genesis/final_genesis.json").display()),
        },
        Case {
            name: "missing final genesis",
            host: 1,
            stage: "start",
            env: vec![("FINAL_GENESIS_FILE", "/nonexistent/final.json".into())],
            setup: Box::new(|_| Box::new(|| ())),
            code: 3,
            msg: "missing input /nonexistent/final.json".into(),
        },
        Case {
            name: "address of another chain prefix",
            host: 0,
            stage: "intermediate_genesis",
            env: vec![force.clone()],
            setup: Box::new(|h| {
                let p = h[0].homes.artifacts.join("addresses/val1.txt");
                let u = edit(p.clone(), |_| "cosmos1y2a9p56kv044327uycmqdexl7zs82fs5kz4dnl\n".into());
                many(vec![u, rehash(&p)])
            }),
            code: 3,
            msg: format!("{}: ", ca.join("addresses/val1.txt").display()),
        },
        Case {
            name: "duplicate address",
            host: 0,
            stage: "intermediate_genesis",
            env: vec![force.clone()],
            setup: Box::new(|h| {
                let a = h[0].homes.artifacts.clone();
                edit(a.join("addresses/zz.txt"), |_| std::fs::read_to_string(a.join("addresses/val1.txt")).unwrap())
            }),
            code: 3,
            msg: format!("{}: address ", ca.join("addresses/zz.txt").display()),
        },
        Case {
            name: "tmkms unreachable",
            host: 2,
            stage: "keygen",
            env: vec![("TMKMS_TIMEOUT", "2s".into())],
            setup: Box::new(|_| Box::new(|| ())),
            code: 6,
            msg: "tmkms: no tmkms connected on tcp://127.0.0.1:".into(),
        },
        Case {
            name: "override of a key config.toml lacks (the real `config set`: key not found)",
            host: 0,
            stage: "restart",
            env: vec![("CONFIG_p2p__alow_duplicate_ip", "true".into())],
            setup: Box::new(|_| Box::new(|| ())),
            code: 2,
            msg: format!(
                "CONFIG_: CONFIG_p2p__alow_duplicate_ip: key p2p.alow_duplicate_ip not found in {}",
                c.homes.node.join("config/config.toml").display()
            ),
        },
        Case {
            name: "chain binary missing",
            host: 1,
            stage: "gentx",
            env: vec![force.clone(), ("CHAIN_BINARY", "/nonexistent/inferenced".into())],
            setup: Box::new(|_| Box::new(|| ())),
            code: 5,
            msg: "cannot run CHAIN_BINARY /nonexistent/inferenced: No such file or directory".into(),
        },
    ];
    let mut cases = cases;
    cases.extend(torn_cases(&hosts, &force));
    let fresh = Host::new(tmp.path(), "val2", 2, base);
    let all = [c, v, &fresh];
    assert!(cases.len() >= 20);
    let mut rows = Vec::new();
    for case in cases {
        eprintln!("case: {}", case.name);
        let host = all[case.host];
        let undo = (case.setup)(&hosts);
        let before = homes(&all);
        let env: Vec<(&str, &str)> = case.env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let out = host.stage(case.stage, &env);
        assert_eq!(out.status.code(), Some(case.code), "{}: {}", case.name, stderr(&out));
        let line = error_line(&out);
        assert!(
            line.starts_with(&format!("genesis-runner: error: {}", case.msg)),
            "{}:\n  got      {line}\n  expected {}",
            case.name,
            case.msg
        );
        for ((p, b), (_, a)) in before.iter().zip(homes(&all)) {
            assert!(b == &a, "{}: {} changed", case.name, p.display());
        }
        undo();
        let role = if case.host == 0 { "coordinator" } else { "validator" };
        let extra: Vec<String> =
            case.env.iter().filter(|(k, _)| *k != "FORCE").map(|(k, v)| format!("`{k}={v}`")).collect();
        let input =
            if extra.is_empty() { case.name.to_string() } else { format!("{}: {}", case.name, extra.join(" ")) };
        rows.push(catalogue::Row {
            input,
            stage: format!("{} ({role})", case.stage),
            code: case.code,
            message: catalogue::normalize(&line, &[(tmp.path(), "<hosts>")]),
        });
    }
    catalogue::check("artifacts", "Received artifacts, operator mistakes and the tools a stage needs", &rows);
}
