//! Test support: one validator's homes, `genesis-runner` processes with a clean environment,
//! child-process guards, snapshots of homes.
#![allow(dead_code)]

pub mod catalogue;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use runner::domain::Homes;

pub const CHAIN: &str = "ceremony-test";

pub fn runner_bin() -> PathBuf {
    testkit::binary("genesis-runner")
}

pub fn chain_bin() -> PathBuf {
    testkit::binary("simchaind")
}

pub fn tmkms_bin() -> PathBuf {
    testkit::binary("tmkms")
}

/// One validator's host: its four homes under one temp dir.
pub struct Host {
    pub name: String,
    pub index: u32,
    pub root: PathBuf,
    /// Laid out as the harness lays out a project (`Homes::under`).
    pub homes: Homes,
    pub base: u16,
    pub extra: Vec<(String, String)>,
}

impl Host {
    pub fn new(root: &Path, name: &str, index: u32, base: u16) -> Host {
        let root = root.join(name);
        std::fs::create_dir_all(root.join("home")).unwrap();
        Host { name: name.into(), index, homes: Homes::under(&root), root, base, extra: vec![] }
    }
    pub fn p2p_port(&self) -> u16 {
        self.base + 10 * self.index as u16
    }
    pub fn rpc_port(&self) -> u16 {
        self.p2p_port() + 1
    }
    pub fn tmkms_port(&self) -> u16 {
        self.p2p_port() + 2
    }

    /// The environment contract for this host; nothing is inherited but PATH.
    pub fn env(&self) -> Vec<(String, OsString)> {
        let s = |v: &str| OsString::from(v);
        let mut env = vec![
            ("PATH".into(), std::env::var_os("PATH").unwrap_or_default()),
            ("HOME".into(), self.root.join("home").into_os_string()),
            ("RUST_LOG".into(), s("info")),
            ("CHAIN_ID".into(), s(CHAIN)),
            ("KEY_NAME".into(), s(&self.name)),
            ("GENESIS_INDEX".into(), s(&self.index.to_string())),
            ("NODE_HOME".into(), self.homes.node.clone().into_os_string()),
            ("KEYRING_HOME".into(), self.homes.keyring.clone().into_os_string()),
            ("TMKMS_HOME".into(), self.homes.tmkms.clone().into_os_string()),
            ("ARTIFACTS_DIR".into(), self.homes.artifacts.clone().into_os_string()),
            ("CHAIN_BINARY".into(), chain_bin().into_os_string()),
            ("TMKMS_BIN".into(), tmkms_bin().into_os_string()),
            ("P2P_BASE".into(), s(&self.base.to_string())),
            ("RPC_BASE".into(), s(&(self.base + 1).to_string())),
            ("TMKMS_BASE".into(), s(&(self.base + 2).to_string())),
            ("LISTEN_HOST".into(), s("127.0.0.1")),
            ("TMKMS_NODE_HOST".into(), s("127.0.0.1")),
            ("P2P_EXTERNAL_ADDRESS".into(), s(&format!("tcp://127.0.0.1:{}", self.p2p_port()))),
            ("TMKMS_TIMEOUT".into(), s("60s")),
            ("COSMOVISOR_BIN".into(), s("")),
            ("CONFIG_p2p__allow_duplicate_ip".into(), s("true")),
            ("CONFIG_consensus__timeout_commit".into(), s("300ms")),
            ("PUBLIC_URL".into(), s(&format!("http://127.0.0.1:{}", 9000 + 10 * self.index))),
        ];
        for (k, v) in &self.extra {
            env.retain(|(ek, _)| ek != k);
            env.push((k.clone(), OsString::from(v)));
        }
        env
    }

    pub fn command(&self, args: &[&str], overrides: &[(&str, &str)]) -> Command {
        self.command_of(&runner_bin(), args, overrides)
    }

    /// [`Host::command`] with another build of the runner (the crash tests' failpoints build).
    pub fn command_of(&self, runner: &Path, args: &[&str], overrides: &[(&str, &str)]) -> Command {
        let mut c = Command::new(runner);
        c.args(args).env_clear();
        let mut env = self.env();
        for (k, v) in overrides {
            env.retain(|(ek, _)| ek != k);
            if !v.is_empty() || *k == "COSMOVISOR_BIN" {
                env.push((k.to_string(), OsString::from(v)));
            }
        }
        c.envs(env);
        c
    }

    pub fn stage(&self, stage: &str, overrides: &[(&str, &str)]) -> Output {
        let mut o: Vec<(&str, &str)> = vec![("GENESIS_RUN_STAGE", stage)];
        o.extend_from_slice(overrides);
        self.command(&[], &o).stdin(Stdio::null()).output().unwrap()
    }

    pub fn stage_ok(&self, stage: &str, overrides: &[(&str, &str)]) -> Output {
        let out = self.stage(stage, overrides);
        assert!(out.status.success(), "{} {stage} failed:\n{}", self.name, String::from_utf8_lossy(&out.stderr));
        out
    }

    /// `genesis-runner kms` (which execs tmkms), logging to `root/kms.log`.
    pub fn kms(&self) -> Proc {
        let log_path = self.root.join("kms.log");
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&log_path).unwrap();
        let child = self
            .command(&["kms"], &[])
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        Proc { child, log: log_path }
    }

    /// A long-running stage (start/restart: the runner execs the node).
    pub fn spawn_stage(&self, stage: &str, log_name: &str) -> Proc {
        self.spawn_stage_with(stage, log_name, &[])
    }

    pub fn spawn_stage_with(&self, stage: &str, log_name: &str, overrides: &[(&str, &str)]) -> Proc {
        let log_path = self.root.join(log_name);
        let log = std::fs::File::create(&log_path).unwrap();
        let mut o: Vec<(&str, &str)> = vec![("GENESIS_RUN_STAGE", stage)];
        o.extend_from_slice(overrides);
        let child =
            self.command(&[], &o).stdin(Stdio::null()).stdout(log.try_clone().unwrap()).stderr(log).spawn().unwrap();
        Proc { child, log: log_path }
    }
}

/// A child process killed when the test ends, however it ends.
pub struct Proc {
    pub child: Child,
    pub log: PathBuf,
}

impl Proc {
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Every file under `dir` with its bytes and mode (directories with their mode), so that
/// "unchanged" means byte-identical and permission-identical.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u32, Vec<u8>)> {
    let mut out = BTreeMap::new();
    fn walk(d: &Path, out: &mut BTreeMap<PathBuf, (u32, Vec<u8>)>) {
        let Ok(rd) = std::fs::read_dir(d) else { return };
        for e in rd {
            let p = e.unwrap().path();
            let m = std::fs::symlink_metadata(&p).unwrap();
            let mode = m.permissions().mode();
            if m.is_dir() {
                out.insert(p.clone(), (mode, vec![]));
                walk(&p, out);
            } else {
                out.insert(p.clone(), (mode, std::fs::read(&p).unwrap()));
            }
        }
    }
    if dir.exists() {
        walk(dir, &mut out);
    }
    out
}

/// Copies a file, creating the target's directory.
pub fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
}

/// Copies `rel` (file) from one host's artifacts to another's.
pub fn move_artifact(from: &Host, to: &Host, rel: &str) {
    copy(&from.homes.artifacts.join(rel), &to.homes.artifacts.join(rel));
}

/// Moves the listed files of `dir` plus their checksum lines, as an operator would:
/// `cat their/sha256sum.txt >> mine/sha256sum.txt` restricted to the files moved.
pub fn move_with_checksums(from: &Host, to: &Host, dir: &str, names: &[&str]) {
    let src_list = std::fs::read_to_string(from.homes.artifacts.join(dir).join("sha256sum.txt")).unwrap();
    let dst_list_path = to.homes.artifacts.join(dir).join("sha256sum.txt");
    let mut dst: Vec<String> = std::fs::read_to_string(&dst_list_path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .filter(|l| !names.iter().any(|n| l.ends_with(&format!("  {n}"))))
        .collect();
    for n in names {
        move_artifact(from, to, &format!("{dir}/{n}"));
        let line = src_list
            .lines()
            .find(|l| l.ends_with(&format!("  {n}")))
            .unwrap_or_else(|| panic!("{n} not in {dir}/sha256sum.txt"));
        dst.push(line.to_string());
    }
    dst.sort_by(|a, b| a[66..].cmp(&b[66..]));
    std::fs::write(dst_list_path, dst.join("\n") + "\n").unwrap();
}

/// A validator's whole `validators/<name>/` directory (it has its own checksum list).
pub fn move_validator_dir(from: &Host, to: &Host) {
    let dir = from.homes.artifacts.join("validators").join(&from.name);
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        copy(&p, &to.homes.artifacts.join("validators").join(&from.name).join(p.file_name().unwrap()));
    }
}

/// A JSON-RPC GET on a node's RPC port over plain HTTP (no client dependency needed to read a
/// field); `None` while the node does not answer.
fn rpc_get(rpc_port: u16, path: &str) -> Option<serde_json::Value> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", rpc_port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut body = String::new();
    s.read_to_string(&mut body).ok()?;
    let json = &body[body.find("\r\n\r\n")? + 4..];
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    Some(v.get("result").cloned().unwrap_or(v))
}

/// The time of block `h` (`/block?height=h`).
pub fn block_time(rpc_port: u16, h: u64) -> Option<time::OffsetDateTime> {
    let v = rpc_get(rpc_port, &format!("/block?height={h}"))?;
    let t = v.pointer("/block/header/time")?.as_str()?;
    time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    cosmos_formats::files::sha256_hex(bytes)
}

/// `/status` latest_block_height.
pub fn height(rpc_port: u16) -> Option<u64> {
    let v = rpc_get(rpc_port, "/status")?;
    let h = v.pointer("/sync_info/latest_block_height")?;
    h.as_str().and_then(|s| s.parse().ok()).or_else(|| h.as_u64())
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The one error line the runner prints.
pub fn error_line(o: &Output) -> String {
    let err = stderr(o);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("genesis-runner: error: ")).collect();
    assert_eq!(lines.len(), 1, "expected exactly one error line:\n{err}");
    assert_eq!(err.lines().last(), Some(lines[0]), "the error is the last line:\n{err}");
    lines[0].to_string()
}
