//! Machines of their own for the multi-host docker tests: N extra Docker engines, each inside
//! a network namespace of its own with its own address on a bridge the test creates
//! (`harness::netns`), its data-root, exec-root and socket under a temp dir. Torn down when
//! dropped: the engines stopped, their mounts gone, then the namespaces and the bridge.
//!
//! The engine is started as `nsenter --net=<ns> dockerd …`, not `ip netns exec`, which would
//! also give it a fresh mount namespace without the cgroup mounts dockerd needs. It gets a
//! config file of its own: the machine's `/etc/docker/daemon.json` names a `data-root`, which
//! clashes with the flag.

use harness::docker::engine::Engine;
use harness::docker::hosts::{DockerHost, EngineEndpoint};
use harness::netns::Namespaces;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Engines {
    /// One per engine, in index order: what `hosts.toml` says of each machine.
    pub hosts: Vec<DockerHost>,
    /// `hosts.toml` for these engines, as an operator writes it.
    pub hosts_file: PathBuf,
    daemons: Vec<Child>,
    ns: Namespaces,
    /// The engines' config, roots, sockets and logs.
    dir: tempfile::TempDir,
}

/// Why the engines could not start: the test fails with it.
pub type Why = String;

impl Engines {
    pub fn start(n: usize) -> Result<Engines, Why> {
        let ns = Namespaces::create(n).map_err(|e| e.to_string())?;
        let tmp = tempfile::Builder::new().prefix("engines").tempdir().map_err(|e| e.to_string())?;
        let dir = tmp.path().to_path_buf();
        let mut me =
            Engines { hosts: Vec::new(), hosts_file: dir.join("hosts.toml"), daemons: Vec::new(), ns, dir: tmp };
        let config = serde_json::json!({
            // The storage driver the machine's own engine uses (overlay on overlay does not mount
            // here), and no registry mirrors or data-root of its.
            "storage-driver": storage_driver()?,
            "log-driver": "json-file",
        });
        for i in 0..n {
            let home = dir.join(format!("e{i}"));
            std::fs::create_dir_all(&home).map_err(|e| format!("{}: {e}", home.display()))?;
            let cfg = home.join("daemon.json");
            std::fs::write(&cfg, config.to_string()).map_err(|e| format!("{}: {e}", cfg.display()))?;
            let sock = home.join("docker.sock");
            let log = std::fs::File::create(home.join("dockerd.log")).map_err(|e| e.to_string())?;
            let mut c = Command::new("nsenter");
            c.arg(format!("--net={}", me.ns.path(i).map_err(|e| e.to_string())?.display()))
                .arg("dockerd")
                .arg("--config-file")
                .arg(&cfg)
                .arg("--data-root")
                .arg(home.join("data"))
                .arg("--exec-root")
                .arg(home.join("exec"))
                .arg("--pidfile")
                .arg(home.join("docker.pid"))
                .arg("-H")
                .arg(format!("unix://{}", sock.display()))
                .stdin(Stdio::null())
                .stdout(log.try_clone().map_err(|e| e.to_string())?)
                .stderr(log);
            // Should the test process die without dropping us, the engine goes with it.
            // SAFETY: prctl is async-signal-safe and touches no memory of the parent.
            #[allow(unsafe_code)]
            unsafe {
                c.pre_exec(|| {
                    nix::sys::prctl::set_pdeathsig(nix::sys::signal::Signal::SIGTERM).map_err(std::io::Error::from)
                });
            }
            let child = c.spawn().map_err(|e| format!("nsenter dockerd: {e}"))?;
            me.daemons.push(child);
            me.hosts.push(DockerHost::new(EngineEndpoint::Unix(sock), me.ns.addr(i).into()));
        }
        for i in 0..n {
            me.wait_ready(i)?;
        }
        let text = harness::docker::hosts::render(&me.hosts);
        std::fs::write(&me.hosts_file, text).map_err(|e| e.to_string())?;
        Ok(me)
    }

    fn wait_ready(&mut self, i: usize) -> Result<(), Why> {
        let t0 = Instant::now();
        let log = self.dir.path().join(format!("e{i}/dockerd.log"));
        loop {
            if let Ok(Some(status)) = self.daemons[i].try_wait() {
                return Err(format!("engine {i} exited ({status}): {}", tail(&log)));
            }
            if Engine::connect_to(&self.hosts[i].engine).is_ok() {
                return Ok(());
            }
            if t0.elapsed() > Duration::from_secs(60) {
                return Err(format!("engine {i} did not answer within 60 s: {}", tail(&log)));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The namespaces the engines run in (a cut is a partition of that machine).
    pub fn namespaces(&self) -> &Namespaces {
        &self.ns
    }
}

fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().rev().take(5).collect();
    lines.into_iter().rev().collect::<Vec<_>>().join(" | ")
}

fn storage_driver() -> Result<String, Why> {
    let out = Command::new("docker")
        .args(["info", "--format", "{{.Driver}}"])
        .output()
        .map_err(|e| format!("docker info: {e}"))?;
    let driver = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || driver.is_empty() {
        return Err(format!("docker info: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(driver)
}

impl Drop for Engines {
    fn drop(&mut self) {
        for d in &self.daemons {
            let pid = nix::unistd::Pid::from_raw(d.id() as i32);
            let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
        }
        for d in &mut self.daemons {
            let t0 = Instant::now();
            while matches!(d.try_wait(), Ok(None)) && t0.elapsed() < Duration::from_secs(20) {
                std::thread::sleep(Duration::from_millis(100));
            }
            if matches!(d.try_wait(), Ok(None)) {
                let _ = d.kill();
                let _ = d.wait();
            }
        }
        // What a killed engine left mounted under its roots (deepest first), so the temp dir
        // can go.
        let root = self.dir.path().display().to_string();
        let mut mounts: Vec<String> = std::fs::read_to_string("/proc/self/mountinfo")
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split(' ').nth(4).map(str::to_string))
            .filter(|m| m.starts_with(&root))
            .collect();
        mounts.sort_by_key(|m| std::cmp::Reverse(m.len()));
        for m in mounts {
            let _ = nix::mount::umount2(m.as_str(), nix::mount::MntFlags::MNT_DETACH);
        }
        self.ns.teardown();
    }
}
