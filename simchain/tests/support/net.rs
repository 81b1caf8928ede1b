//! A local network of validators, each with its own node home, keyring and real tmkms, built
//! with the `simchaind` CLI the way operators build one, and read back through the
//! `tendermint-rpc` client.
#![allow(dead_code)]

use super::{ok, CHAIN};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use simchain::rpc_client::RpcClient;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tendermint_rpc::client::Client;

pub struct Proc {
    child: Option<Child>,
}

impl Proc {
    fn spawn(bin: &Path, args: &[&str], log: &Path) -> Proc {
        let out = std::fs::OpenOptions::new().create(true).append(true).open(log).unwrap();
        let child = Command::new(bin)
            .args(args)
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap();
        Proc { child: Some(child) }
    }

    /// SIGTERM and wait: the clean stop an operator's `docker stop` gives.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            unsafe_kill(c.id(), 15);
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = c.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// A node started on `home`, logging to `log`.
    pub fn spawn_for_test(home: &Path, log: &Path) -> Proc {
        Proc::spawn(&testkit::binary("simchaind"), &["start", "--home", home.to_str().unwrap()], log)
    }

    /// Still running (not exited, not stopped by us).
    pub fn running(&mut self) -> bool {
        self.child.as_mut().is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }
}

fn unsafe_kill(pid: u32, sig: i32) {
    let _ = Command::new("kill").arg(format!("-{sig}")).arg(pid.to_string()).status();
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.kill();
    }
}

pub struct Validator {
    pub name: String,
    pub dir: PathBuf,
    pub home: PathBuf,
    pub kms_home: PathBuf,
    pub p2p: u16,
    pub rpc: u16,
    pub kms: u16,
    pub node_id: String,
    pub node: Option<Proc>,
    pub tmkms: Option<Proc>,
}

impl Validator {
    pub fn home(&self) -> &str {
        self.home.to_str().unwrap()
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("node.log")).unwrap_or_default()
    }

    pub fn kms_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("tmkms.log")).unwrap_or_default()
    }

    pub fn rpc(&self) -> RpcClient {
        RpcClient::new(&format!("http://127.0.0.1:{}", self.rpc)).unwrap()
    }

    pub fn start(&mut self) {
        let bin = testkit::binary("simchaind");
        self.node =
            Some(Proc::spawn(&bin, &["start", "--home", self.home.to_str().unwrap()], &self.dir.join("node.log")));
        if self.tmkms.is_none() {
            self.start_kms();
        }
    }

    pub fn start_kms(&mut self) {
        let bin = testkit::binary("tmkms");
        let cfg = self.kms_home.join("tmkms.toml");
        self.tmkms = Some(Proc::spawn(&bin, &["start", "-c", cfg.to_str().unwrap()], &self.dir.join("tmkms.log")));
    }

    pub fn stop(&mut self) {
        if let Some(mut p) = self.node.take() {
            p.stop();
        }
    }
}

pub struct Net {
    pub dir: tempfile::TempDir,
    pub validators: Vec<Validator>,
    pub timeout_commit: Duration,
}

/// Writes a tmkms home pinning the node id and returns the consensus public key as the SDK's
/// JSON.
fn kms_home(dir: &Path, node_id: &str, port: u16) -> String {
    let home = testkit::TmkmsHome::write(dir, CHAIN, &format!("tcp://{node_id}@127.0.0.1:{port}"));
    let pk = ed25519_dalek::SigningKey::from_bytes(&home.consensus_seed()).verifying_key();
    format!(r#"{{"@type":"/cosmos.crypto.ed25519.PubKey","key":"{}"}}"#, B64.encode(pk.as_bytes()))
}

pub fn set(home: &str, key: &str, value: &str) {
    ok(&["config", "set", "config", key, value, "--home", home]);
}

impl Net {
    /// `n` validators with equal power, genesis collected, configs written; nothing started.
    pub fn new(n: usize, timeout_commit: Duration) -> Net {
        let dir = testkit::temp_dir("net");
        let base = testkit::free_port_base(n as u16, 10, 3);
        let coord = dir.path().join("coordinator");
        let coord_s = coord.to_str().unwrap().to_string();
        ok(&["init", "coordinator", "--chain-id", CHAIN, "--default-denom", "ngonka", "--home", &coord_s]);
        super::merge_denom_metadata(&coord_s);
        let gentx_dir = coord.join("config/gentx");
        std::fs::create_dir_all(&gentx_dir).unwrap();
        let mut validators = Vec::new();
        for i in 0..n {
            let name = format!("val-{i}");
            let vdir = dir.path().join(&name);
            let home = vdir.join("home");
            let kr = vdir.join("keyring");
            let (home_s, kr_s) = (home.to_str().unwrap().to_string(), kr.to_str().unwrap().to_string());
            ok(&["keys", "add", &name, "--keyring-backend", "test", "--keyring-dir", &kr_s]);
            let addr = ok(&["keys", "show", &name, "-a", "--keyring-backend", "test", "--keyring-dir", &kr_s]);
            ok(&["genesis", "add-genesis-account", &addr, "2000000000ngonka", "--home", &coord_s]);
            ok(&["init", &name, "--chain-id", CHAIN, "--default-denom", "ngonka", "--home", &home_s]);
            let node_id = ok(&["tendermint", "show-node-id", "--home", &home_s]);
            let p = base + 10 * i as u16;
            validators.push(Validator {
                name,
                kms_home: vdir.join("tmkms"),
                dir: vdir,
                home,
                p2p: p,
                rpc: p + 1,
                kms: p + 2,
                node_id,
                node: None,
                tmkms: None,
            });
        }
        for v in &validators {
            std::fs::copy(coord.join("config/genesis.json"), v.home.join("config/genesis.json")).unwrap();
            let pubkey = super::pubkey_base64(&kms_home(&v.kms_home, &v.node_id, v.kms));
            let kr = v.dir.join("keyring");
            super::gentx_to(&v.name, v.home(), kr.to_str().unwrap(), &pubkey, &gentx_dir);
        }
        ok(&["genesis", "collect-gentxs", "--home", &coord_s]);
        let peers: Vec<String> = validators.iter().map(|v| format!("{}@127.0.0.1:{}", v.node_id, v.p2p)).collect();
        for v in &validators {
            std::fs::copy(coord.join("config/genesis.json"), v.home.join("config/genesis.json")).unwrap();
            let own: Vec<String> = peers.iter().filter(|p| !p.starts_with(&v.node_id)).cloned().collect();
            configure(v, &own.join(","), timeout_commit);
        }
        Net { dir, validators, timeout_commit }
    }

    pub fn start_all(&mut self) {
        for v in &mut self.validators {
            v.start();
        }
    }

    pub fn peers_of(&self, i: usize) -> Vec<String> {
        self.validators.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, v)| v.node_id.clone()).collect()
    }
}

pub fn configure(v: &Validator, peers: &str, timeout_commit: Duration) {
    let h = v.home();
    set(h, "p2p.laddr", &format!("tcp://127.0.0.1:{}", v.p2p));
    set(h, "rpc.laddr", &format!("tcp://127.0.0.1:{}", v.rpc));
    set(h, "priv_validator_laddr", &format!("tcp://127.0.0.1:{}", v.kms));
    set(h, "p2p.persistent_peers", peers);
    set(h, "p2p.allow_duplicate_ip", "true");
    set(h, "consensus.timeout_commit", &format!("{}ms", timeout_commit.as_millis()));
    set(h, "consensus.timeout_propose", "1s");
    set(h, "consensus.timeout_prevote", "500ms");
    set(h, "consensus.timeout_precommit", "500ms");
}

/// Latest committed height of a node, or None while it does not answer.
pub async fn height(v: &Validator) -> Option<u64> {
    v.rpc().status().await.ok().map(|s| s.sync_info.latest_block_height.value())
}

/// Polls until every listed node reaches `h`, within `budget`.
pub async fn wait_height(net: &Net, which: &[usize], h: u64, budget: Duration) {
    let start = Instant::now();
    loop {
        let mut all = true;
        let mut seen = vec![];
        for &i in which {
            let got = height(&net.validators[i]).await;
            seen.push(got);
            all &= got.is_some_and(|x| x >= h);
        }
        if all {
            return;
        }
        if start.elapsed() > budget {
            let logs: Vec<String> = which
                .iter()
                .map(|&i| {
                    let l = net.validators[i].log();
                    let tail: Vec<&str> = l.lines().rev().take(15).collect();
                    format!(
                        "--- {} ---\n{}",
                        net.validators[i].name,
                        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                    )
                })
                .collect();
            panic!("nodes {which:?} did not reach height {h} within {budget:?}: heights {seen:?}\n{}", logs.join("\n"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The block hash at `h` as node `i` reports it.
pub async fn hash_at(v: &Validator, h: u64) -> String {
    let b = v.rpc().block(tendermint::block::Height::try_from(h).unwrap()).await.unwrap();
    b.block_id.hash.to_string()
}
