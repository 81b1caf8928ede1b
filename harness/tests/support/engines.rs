//! Machines of their own for the multi-host docker tests: N extra Docker engines, each inside
//! a network namespace of its own with its own address on a bridge the test creates
//! (`harness::netns`), its data-root, exec-root and socket under a temp dir. Torn down when
//! dropped: the engines stopped, their mounts gone, then the namespaces and the bridge.
//!
//! The engine is started as `nsenter --net=<ns> dockerd …`, not `ip netns exec`, which would
//! also give it a fresh mount namespace without the cgroup mounts dockerd needs. It gets a
//! config file of its own: the machine's `/etc/docker/daemon.json` names a `data-root`, which
//! clashes with the flag.
//!
//! [`Engines::start_tls`] makes machines whose engines also listen on
//! `tcp://<machine address>:2376` with `--tlsverify`: a CA of the test's own (made with
//! `openssl`) signs each engine's server certificate (its address as subjectAltName) and one
//! client certificate, and `hosts.toml` names `tcp://<address>:2376` with the client's
//! `cert_path`. The unix sockets stay, for a test that looks at an engine behind the harness's
//! back.

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
    /// Each engine's unix socket (also there when `hosts` names its TLS port).
    pub sockets: Vec<EngineEndpoint>,
    /// With TLS: the CA's directory (`ca.pem`, `ca.key`) and the client's (`cert_path`).
    pub tls: Option<Tls>,
    /// `hosts.toml` for these engines, as an operator writes it.
    pub hosts_file: PathBuf,
    daemons: Vec<Child>,
    ns: Namespaces,
    /// The engines' config, roots, sockets and logs.
    dir: tempfile::TempDir,
}

/// Why the engines could not start: the test fails with it.
pub type Why = String;

/// The port an engine's API listens on with TLS (Docker's own convention).
pub const TLS_PORT: u16 = 2376;

/// The test's TLS material.
pub struct Tls {
    /// `ca.pem` and `ca.key`: the CA every engine's and the client's certificate chain to.
    pub ca: PathBuf,
    /// `ca.pem`, `cert.pem`, `key.pem` as `DOCKER_CERT_PATH` lays them out: a host's `cert_path`.
    pub client: PathBuf,
}

impl Engines {
    /// `n` machines whose engines the harness reaches on their unix sockets.
    pub fn start(n: usize) -> Result<Engines, Why> {
        Engines::start_with(n, false)
    }

    /// `n` machines whose engines the harness reaches at `tcp://<address>:2376` with mutual TLS.
    pub fn start_tls(n: usize) -> Result<Engines, Why> {
        Engines::start_with(n, true)
    }

    fn start_with(n: usize, tls: bool) -> Result<Engines, Why> {
        let ns = Namespaces::create(n).map_err(|e| e.to_string())?;
        let tmp = tempfile::Builder::new().prefix("engines").tempdir().map_err(|e| e.to_string())?;
        let dir = tmp.path().to_path_buf();
        let mut me = Engines {
            hosts: Vec::new(),
            sockets: Vec::new(),
            tls: None,
            hosts_file: dir.join("hosts.toml"),
            daemons: Vec::new(),
            ns,
            dir: tmp,
        };
        if tls {
            let ca = dir.join("ca");
            certs::authority(&ca)?;
            let client = dir.join("client");
            certs::client(&ca, &client)?;
            me.tls = Some(Tls { ca, client });
        }
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
                .arg(format!("unix://{}", sock.display()));
            let addr = me.ns.addr(i);
            if let Some(tls) = &me.tls {
                let server = home.join("tls");
                certs::server(&tls.ca, &server, addr.into())?;
                c.arg("-H")
                    .arg(format!("tcp://{addr}:{TLS_PORT}"))
                    .arg("--tlsverify")
                    .arg("--tlscacert")
                    .arg(tls.ca.join("ca.pem"))
                    .arg("--tlscert")
                    .arg(server.join("cert.pem"))
                    .arg("--tlskey")
                    .arg(server.join("key.pem"));
            }
            c.stdin(Stdio::null()).stdout(log.try_clone().map_err(|e| e.to_string())?).stderr(log);
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
            let engine = match &me.tls {
                Some(tls) => EngineEndpoint::Tls { addr: format!("{addr}:{TLS_PORT}"), certs: tls.client.clone() },
                None => EngineEndpoint::Unix(sock.clone()),
            };
            me.sockets.push(EngineEndpoint::Unix(sock));
            me.hosts.push(DockerHost::new(engine, addr.into()));
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

    /// A `cert_path` with the client's certificate and key but the `ca.pem` of another CA: the
    /// engines' certificates do not verify against it.
    pub fn certs_with_another_ca(&self) -> Result<PathBuf, Why> {
        let tls = self.tls.as_ref().ok_or("these engines have no TLS")?;
        let other = self.dir.path().join("other-ca");
        certs::authority(&other)?;
        let dir = self.dir.path().join("client-other-ca");
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for (from, f) in [(&other, "ca.pem"), (&tls.client, "cert.pem"), (&tls.client, "key.pem")] {
            std::fs::copy(from.join(f), dir.join(f)).map_err(|e| format!("{}: {e}", from.join(f).display()))?;
        }
        Ok(dir)
    }

    /// The namespaces the engines run in (a cut is a partition of that machine).
    pub fn namespaces(&self) -> &Namespaces {
        &self.ns
    }
}

/// The test's certificates, made with `openssl` as an operator would: ECDSA P-256 keys, valid
/// for two days.
mod certs {
    use super::Why;
    use std::net::IpAddr;
    use std::path::Path;
    use std::process::Command;

    /// OpenSSL's config for the CA and the requests: no machine config read, so the
    /// extensions are exactly these.
    const CONFIG: &str = "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = ceremony test CA\n\
        [ca]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n\
        subjectKeyIdentifier = hash\n";

    fn openssl(args: &[&str], dir: &Path) -> Result<(), Why> {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .map_err(|e| format!("openssl (is it installed? ci/install.sh): {e}"))?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr).replace('\n', " ");
            return Err(format!("openssl {}: {}", args.join(" "), err.trim()));
        }
        Ok(())
    }

    fn mkdir(dir: &Path) -> Result<(), Why> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
    }

    fn write(path: &Path, text: &str) -> Result<(), Why> {
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
    }

    const EC: [&str; 4] = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];

    /// `ca.pem` and `ca.key` in `dir`.
    pub fn authority(dir: &Path) -> Result<(), Why> {
        mkdir(dir)?;
        write(&dir.join("openssl.cnf"), CONFIG)?;
        let mut args = vec!["req", "-x509", "-config", "openssl.cnf", "-extensions", "ca", "-nodes"];
        args.extend(EC);
        args.extend(["-keyout", "ca.key", "-out", "ca.pem", "-days", "2"]);
        openssl(&args, dir)
    }

    /// `cert.pem` and `key.pem` in `dir`, signed by the CA in `ca`, with `extensions`.
    fn leaf(ca: &Path, dir: &Path, cn: &str, extensions: &str) -> Result<(), Why> {
        mkdir(dir)?;
        write(&dir.join("ext.cnf"), extensions)?;
        let cnf = ca.join("openssl.cnf").display().to_string();
        let mut args = vec!["req", "-new", "-config", &cnf, "-subj", cn, "-nodes"];
        args.extend(EC);
        args.extend(["-keyout", "key.pem", "-out", "req.csr"]);
        openssl(&args, dir)?;
        let (ca_pem, ca_key) = (ca.join("ca.pem").display().to_string(), ca.join("ca.key").display().to_string());
        let serial = format!("{}", rand_serial());
        openssl(
            &[
                "x509",
                "-req",
                "-in",
                "req.csr",
                "-CA",
                &ca_pem,
                "-CAkey",
                &ca_key,
                "-set_serial",
                &serial,
                "-days",
                "2",
                "-extfile",
                "ext.cnf",
                "-out",
                "cert.pem",
            ],
            dir,
        )
    }

    fn rand_serial() -> u64 {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos());
        // Positive and below 2^63: what every verifier takes as a serial.
        (nanos as u64) >> 1
    }

    /// An engine's server certificate for `addr` (clients verify the address they dial).
    pub fn server(ca: &Path, dir: &Path, addr: IpAddr) -> Result<(), Why> {
        let ext = format!("basicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\nsubjectAltName = IP:{addr}\n");
        leaf(ca, dir, &format!("/CN={addr}"), &ext)
    }

    /// The harness's client certificate, laid out as `DOCKER_CERT_PATH` (with the CA's `ca.pem`).
    pub fn client(ca: &Path, dir: &Path) -> Result<(), Why> {
        leaf(ca, dir, "/CN=ceremony harness", "basicConstraints = CA:FALSE\nextendedKeyUsage = clientAuth\n")?;
        std::fs::copy(ca.join("ca.pem"), dir.join("ca.pem")).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(())
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
