//! One helper per repeated setup: run the real `simchaind` binary, and build the homes of a
//! small offline ceremony the way operators do.
#![allow(dead_code)]

pub mod net;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Out {
    pub ok: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// The single `Error: ...` line the SDK prints on failure.
    pub fn error_line(&self) -> &str {
        assert!(!self.ok, "command unexpectedly succeeded: {}", self.stdout);
        let lines: Vec<&str> = self.stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        let last = lines.last().copied().unwrap_or("");
        assert!(last.starts_with("Error: "), "stderr does not end in an Error: line: {:?}", self.stderr);
        assert_eq!(lines.iter().filter(|l| l.starts_with("Error: ")).count(), 1);
        last
    }
}

pub fn simchaind(args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Out {
    let mut cmd = Command::new(testkit::binary("simchaind"));
    cmd.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    // Like the real daemon, every command writes `$HOME/.inference/config` when given no
    // `--home`: keep that out of the developer's own home.
    cmd.env("HOME", PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("simchaind-home"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn simchaind");
    if let Some(input) = stdin {
        // The command may refuse and exit before reading its input (e.g. a key that already
        // exists): a closed pipe is then the expected outcome, not a test failure.
        if let Err(e) = child.stdin.take().unwrap().write_all(input.as_bytes()) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "writing to simchaind's stdin: {e}");
        }
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    Out {
        ok: out.status.success(),
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn ok(args: &[&str]) -> String {
    let out = simchaind(args, None, &[]);
    assert!(out.ok, "simchaind {args:?} failed: {}", out.stderr);
    out.stdout.trim().to_string()
}

pub const CHAIN: &str = "gonka-mainnet";

/// What the ceremony's coordinator merges into the genesis right after `init`, as gonka's
/// `init-docker-genesis.sh` merges `denom.json` (and the runner its built-in copy): the base
/// coin's metadata, without which the inference module's InitGenesis panics. Taken from the
/// mainnet draft.
pub fn merge_denom_metadata(home: &str) {
    let path = Path::new(home).join("config/genesis.json");
    let mut g: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let draft: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/gonka-mainnet/genesis-draft.json")).unwrap(),
    )
    .unwrap();
    g["app_state"]["bank"]["denom_metadata"] = draft["app_state"]["bank"]["denom_metadata"].clone();
    std::fs::write(&path, serde_json::to_vec_pretty(&g).unwrap()).unwrap();
}

/// One validator's machine: a node home and a keyring, each its own directory.
pub struct Host {
    pub name: String,
    pub home: PathBuf,
    pub keyring: PathBuf,
}

impl Host {
    pub fn home(&self) -> &str {
        self.home.to_str().unwrap()
    }
    pub fn keyring(&self) -> &str {
        self.keyring.to_str().unwrap()
    }
    pub fn key_args(&self) -> Vec<&str> {
        vec!["--keyring-backend", "test", "--keyring-dir", self.keyring()]
    }
    pub fn address(&self) -> String {
        let mut args = vec!["keys", "show", &self.name, "-a"];
        args.extend(self.key_args());
        ok(&args)
    }
    pub fn genesis(&self) -> PathBuf {
        self.home.join("config/genesis.json")
    }
    /// The ML operational key `<name>_warm` beside the account key, created on first use.
    pub fn warm_address(&self) -> String {
        warm_address(&self.name, self.keyring())
    }
}

/// The real `genesis gentx` of `name` (test keyring at `keyring`, its warm key created on first
/// use) for the consensus key `pubkey`, copied into `gentx_dir` as the operator hands it to the
/// coordinator.
pub fn gentx_to(name: &str, home: &str, keyring: &str, pubkey: &str, gentx_dir: &Path) {
    let warm = warm_address(name, keyring);
    ok(&[
        "genesis",
        "gentx",
        name,
        "1000000ngonka",
        "--chain-id",
        CHAIN,
        "--pubkey",
        pubkey,
        "--ml-operational-address",
        &warm,
        "--url",
        "http://localhost:9000",
        "--keyring-backend",
        "test",
        "--keyring-dir",
        keyring,
        "--home",
        home,
    ]);
    let made = Path::new(home).join("config/gentx");
    for f in std::fs::read_dir(made).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, gentx_dir.join(f.file_name().unwrap())).unwrap();
    }
}

/// `<name>_warm` in the test keyring at `keyring`, created on first use; its address.
pub fn warm_address(name: &str, keyring: &str) -> String {
    let warm = format!("{name}_warm");
    let kr = ["--keyring-backend", "test", "--keyring-dir", keyring];
    let list = ok(&[&["keys", "list", "--output", "json"][..], &kr[..]].concat());
    if !list.contains(&format!("\"{warm}\"")) {
        ok(&[&["keys", "add", &warm][..], &kr[..]].concat());
    }
    ok(&[&["keys", "show", &warm, "-a"][..], &kr[..]].concat())
}

/// The base64 `--pubkey` of the real `genesis gentx`, from `show-validator`'s JSON.
pub fn pubkey_base64(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["key"].as_str().unwrap().to_string()
}

/// The offline ceremony up to (not including) collect-gentxs: the coordinator's genesis funds
/// every validator, and each validator has written its gentx with its own ed25519 key.
pub struct Ceremony {
    pub _dir: tempfile::TempDir,
    pub coordinator: Host,
    pub validators: Vec<Host>,
}

impl Ceremony {
    pub fn root(&self) -> &Path {
        self._dir.path()
    }

    /// Keys created and coordinator genesis funded; no gentx yet.
    pub fn funded(n: usize) -> Ceremony {
        let dir = testkit::temp_dir("ceremony");
        let host = |name: &str| Host {
            name: name.to_string(),
            home: dir.path().join(name).join("home"),
            keyring: dir.path().join(name).join("keyring"),
        };
        let coordinator = host("coordinator");
        let validators: Vec<Host> = (0..n).map(|i| host(&format!("val-{i}"))).collect();
        for v in &validators {
            let mut args = vec!["keys", "add", &v.name, "--output", "json"];
            args.extend(v.key_args());
            ok(&args);
        }
        ok(&["init", "coordinator", "--chain-id", CHAIN, "--default-denom", "ngonka", "--home", coordinator.home()]);
        merge_denom_metadata(coordinator.home());
        for v in &validators {
            let addr = v.address();
            ok(&["genesis", "add-genesis-account", &addr, "2000000000ngonka", "--home", coordinator.home()]);
        }
        for v in &validators {
            ok(&["init", &v.name, "--chain-id", CHAIN, "--default-denom", "ngonka", "--home", v.home()]);
            std::fs::copy(coordinator.genesis(), v.genesis()).unwrap();
        }
        Ceremony { _dir: dir, coordinator, validators }
    }

    /// Every validator's gentx made with `--pubkey` and copied into the coordinator's gentx dir.
    pub fn with_gentxs(n: usize) -> Ceremony {
        let c = Ceremony::funded(n);
        let gentx_dir = c.coordinator.home.join("config/gentx");
        std::fs::create_dir_all(&gentx_dir).unwrap();
        for v in &c.validators {
            let pubkey = pubkey_base64(&ok(&["tendermint", "show-validator", "--home", v.home()]));
            gentx_to(&v.name, v.home(), v.keyring(), &pubkey, &gentx_dir);
        }
        c
    }

    pub fn gentx_files(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> =
            std::fs::read_dir(self.coordinator.home.join("config/gentx")).unwrap().map(|e| e.unwrap().path()).collect();
        v.sort();
        v
    }
}
