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
//! [`Engines::start_over_ssh`] makes them machines reached only by `ssh://root@<address>`:
//! beside each engine, Debian's sshd in the same namespace, listening on that machine's
//! address only, letting in the test's own client key, and giving every session
//! `DOCKER_HOST=unix://<that engine's socket>` (sshd_config `SetEnv`), so `docker system
//! dial-stdio` there reaches that engine. The client side is an `ssh` wrapper first on PATH
//! (OpenSSH reads `~/.ssh/config` from the passwd entry, not `$HOME`, and /root/.ssh is not the
//! test's to write): bollard's transport and compose's docker-py both run `ssh` from PATH.
//!
//! [`Engines::start_tls`] makes machines whose engines also listen on
//! `tcp://<machine address>:2376` with `--tlsverify`: a CA of the test's own (made with
//! `openssl`) signs each engine's server certificate (its address as subjectAltName) and one
//! client certificate, and `hosts.toml` names `tcp://<address>:2376` with the client's
//! `cert_path`.

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
    /// Each engine's own socket, in index order (behind `hosts` when they are ssh://).
    pub sockets: Vec<EngineEndpoint>,
    /// The sshd of each machine, in index order (none unless [`Engines::start_over_ssh`]).
    sshds: Vec<Option<Child>>,
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
            sshds: Vec::new(),
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
            die_with_parent(&mut c);
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
            // With TLS, also its TLS port (the hosts file's engine).
            if Engine::connect_to(&self.sockets[i]).is_ok() && Engine::connect_to(&self.hosts[i].engine).is_ok() {
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

    /// [`Engines::start`], each engine then reached only over ssh: `hosts` and `hosts_file` say
    /// `ssh://root@<address>`, and so (by default) that the machines share nothing with the
    /// harness: homes are volumes on each engine, files cross only through its API.
    ///
    /// The process's PATH gets the `ssh` wrapper's directory first (bollard runs `ssh` from it
    /// and compose inherits it), and XDG_STATE_HOME a dir of the test's. Call this before the
    /// test spawns a thread (each nextest test is a process of its own, so no other test sees
    /// it); `sshd` missing is a `Why`.
    pub fn start_over_ssh(n: usize) -> Result<Engines, Why> {
        const SSHD: &str = "/usr/sbin/sshd";
        if !Path::new(SSHD).is_file() {
            return Err(format!("{SSHD} is missing (apt install openssh-server)"));
        }
        let mut me = Engines::start(n)?;
        let dir = me.dir.path().join("ssh");
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        // sshd refuses to start without its privilege separation directory.
        std::fs::create_dir_all("/run/sshd").map_err(|e| format!("/run/sshd: {e}"))?;
        keygen(&dir.join("host_key"))?;
        keygen(&dir.join("client_key"))?;
        let public = dir.join("client_key.pub");
        std::fs::copy(&public, dir.join("authorized_keys")).map_err(|e| format!("{}: {e}", public.display()))?;
        let client = format!(
            "Host *\n  IdentityFile {d}/client_key\n  IdentitiesOnly yes\n  UserKnownHostsFile {d}/known_hosts\n  \
             StrictHostKeyChecking accept-new\n  BatchMode yes\n  ConnectTimeout 10\n  LogLevel ERROR\n  \
             ServerAliveInterval 5\n  ServerAliveCountMax 2\n  \
             ControlMaster auto\n  ControlPath {d}/cm-%C\n  ControlPersist 30\n",
            d = dir.display()
        );
        // One connection per machine for compose's many short ones (docker-py runs `ssh … docker
        // system dial-stdio` for each), as an operator's ssh config would keep it; bollard's
        // ssh gives its own `-M -S`, which win over the file.
        write(&dir.join("ssh_config"), &client)?;
        let bin = dir.join("bin");
        std::fs::create_dir_all(&bin).map_err(|e| format!("{}: {e}", bin.display()))?;
        let wrapper = bin.join("ssh");
        write(&wrapper, &format!("#!/bin/sh\nexec /usr/bin/ssh -F {}/ssh_config \"$@\"\n", dir.display()))?;
        std::fs::set_permissions(&wrapper, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .map_err(|e| format!("{}: {e}", wrapper.display()))?;
        let path = std::env::var_os("PATH").unwrap_or_default();
        let path = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&path)))
            .map_err(|e| e.to_string())?;
        std::env::set_var("PATH", path);
        // bollard's ssh (the openssh crate) keeps each control master's socket dir under the
        // XDG state dir: the test's, not /root/.local/state.
        std::env::set_var("XDG_STATE_HOME", dir.join("state"));
        for i in 0..n {
            let addr = me.ns.addr(i);
            let EngineEndpoint::Unix(sock) = &me.sockets[i] else { unreachable!("start makes unix engines") };
            let cfg = dir.join(format!("sshd{i}.conf"));
            let log = dir.join(format!("sshd{i}.log"));
            write(
                &cfg,
                &format!(
                    "ListenAddress {addr}\nHostKey {d}/host_key\nAuthorizedKeysFile {d}/authorized_keys\n\
                     PermitRootLogin prohibit-password\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n\
                     UsePAM no\nStrictModes no\nClientAliveInterval 5\nClientAliveCountMax 2\nPidFile {d}/sshd{i}.pid\nSetEnv DOCKER_HOST=unix://{sock}\n",
                    d = dir.display(),
                    sock = sock.display()
                ),
            )?;
            let mut c = Command::new("nsenter");
            c.arg(format!("--net={}", me.ns.path(i).map_err(|e| e.to_string())?.display()))
                .args([SSHD, "-D", "-e", "-f"])
                .arg(&cfg)
                .stdin(Stdio::null())
                .stderr(std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?);
            die_with_parent(&mut c);
            me.sshds.push(Some(c.spawn().map_err(|e| format!("nsenter sshd: {e}"))?));
            me.hosts[i] = DockerHost::new(EngineEndpoint::parse(&format!("ssh://root@{addr}"))?, addr.into());
        }
        let text = harness::docker::hosts::render(&me.hosts);
        std::fs::write(&me.hosts_file, text).map_err(|e| e.to_string())?;
        for i in 0..n {
            me.wait_ssh(i)?;
        }
        Ok(me)
    }

    /// Until the engine answers over ssh (sshd listens and lets us in), or why not.
    fn wait_ssh(&mut self, i: usize) -> Result<(), Why> {
        let t0 = Instant::now();
        let log = self.dir.path().join(format!("ssh/sshd{i}.log"));
        loop {
            if let Some(Some(sshd)) = self.sshds.get_mut(i) {
                if let Ok(Some(status)) = sshd.try_wait() {
                    return Err(format!("sshd {i} exited ({status}): {}", tail(&log)));
                }
            }
            match Engine::connect_to(&self.hosts[i].engine) {
                Ok(_) => return Ok(()),
                Err(e) if t0.elapsed() > Duration::from_secs(30) => {
                    return Err(format!("engine {i} not reached over ssh within 30 s: {e} | sshd: {}", tail(&log)))
                }
                Err(_) => std::thread::sleep(Duration::from_millis(300)),
            }
        }
    }

    /// Machine `i`'s sshd stopped, and the sessions it let in: its engine runs on, but nobody
    /// reaches it. (The clients' control masters, which ssh daemonizes, then see their
    /// connection end and exit; the alive intervals catch one whose network went first.)
    pub fn stop_sshd(&mut self, i: usize) {
        if let Some(mut sshd) = self.sshds.get_mut(i).and_then(Option::take) {
            // Its sessions before it: once it is gone they are init's children.
            let sessions = children_of(sshd.id());
            let _ = sshd.kill();
            let _ = sshd.wait();
            for pid in sessions {
                let _ =
                    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), nix::sys::signal::Signal::SIGTERM);
            }
        }
    }

    /// The machines now let in only a key the test does not hold: its own is refused.
    pub fn authorize_another_key(&self) -> Result<(), Why> {
        let dir = self.dir.path().join("ssh");
        keygen(&dir.join("other_key"))?;
        let public = dir.join("other_key.pub");
        std::fs::copy(&public, dir.join("authorized_keys")).map_err(|e| format!("{}: {e}", public.display()))?;
        Ok(())
    }

    /// The namespaces the engines run in (a cut is a partition of that machine).
    pub fn namespaces(&self) -> &Namespaces {
        &self.ns
    }

    /// Machine `i`'s link down (a partition: its engine, its sshd and everything it runs are
    /// cut off) until the returned [`Cut`] heals it or drops: a test that fails while the link
    /// is down leaves a machine the harness can clean up.
    pub fn cut(&self, i: usize) -> Result<Cut<'_>, Why> {
        self.ns.cut(i).map_err(|e| e.to_string())?;
        Ok(Cut { ns: &self.ns, i, healed: false })
    }

    /// The height the node at `url` reports to a process on machine `i` itself: its own side
    /// of a cut link, where the harness's side sees nothing.
    pub fn height_seen_on(&self, i: usize, url: &str, timeout: Duration) -> Result<u64, Why> {
        self.ns.within(i, || rpc_height(url, timeout)).map_err(|e| e.to_string())?
    }
}

/// A machine's link down, from [`Engines::cut`] until [`Cut::heal`] or drop.
pub struct Cut<'a> {
    ns: &'a Namespaces,
    i: usize,
    healed: bool,
}

impl Cut<'_> {
    /// The link up again.
    pub fn heal(mut self) -> Result<(), Why> {
        self.healed = true;
        self.ns.heal(self.i).map_err(|e| e.to_string())
    }
}

impl Drop for Cut<'_> {
    fn drop(&mut self) {
        if !self.healed {
            let _ = self.ns.heal(self.i);
        }
    }
}

/// The height the node at `url` reports (`/status`), asked from the calling thread's network
/// namespace with at most `timeout` for the request, or why not.
pub fn rpc_height(url: &str, timeout: Duration) -> Result<u64, Why> {
    // A runtime of this thread's own: the socket is made here, so in this thread's namespace.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let client = simchain::rpc_client::RpcClient::with_timeout(url, timeout).map_err(|e| format!("{url}: {e}"))?;
    rt.block_on(tendermint_rpc::client::Client::status(&client))
        .map(|s| s.sync_info.latest_block_height.value())
        .map_err(|e| format!("{url}: {e}"))
}

/// The processes whose parent is `pid` (an sshd's sessions: each its own session, so no
/// process group holds them).
fn children_of(pid: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|child| {
            let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
            // `pid (comm) state ppid …`: comm may hold spaces and parentheses.
            stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok()) == Some(pid)
        })
        .collect()
}

/// An ed25519 key pair at `path` (and `path`.pub), no passphrase.
fn keygen(path: &Path) -> Result<(), Why> {
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "harness-test", "-f"])
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("ssh-keygen: {e}"))?;
    if !out.status.success() {
        return Err(format!("ssh-keygen {}: {}", path.display(), String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), Why> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Should the test process die without dropping us, the child goes with it.
fn die_with_parent(c: &mut Command) {
    // SAFETY: prctl is async-signal-safe and touches no memory of the parent.
    #[allow(unsafe_code)]
    unsafe {
        c.pre_exec(|| nix::sys::prctl::set_pdeathsig(nix::sys::signal::Signal::SIGTERM).map_err(std::io::Error::from));
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
        // The shared connections compose's ssh left behind (ControlPersist) end now, not when
        // their keepalives notice the machines are gone.
        let config = self.dir.path().join("ssh/ssh_config");
        for h in self.hosts.iter().filter(|_| config.is_file()) {
            let _ = Command::new("/usr/bin/ssh")
                .arg("-F")
                .arg(&config)
                .args(["-O", "exit", &h.engine.uri()])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        for i in 0..self.sshds.len() {
            self.stop_sshd(i);
        }
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
