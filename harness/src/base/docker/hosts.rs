//! `hosts.toml`: which machine each validator runs on, for `harness up --backend docker
//! --hosts`. One `[[host]]` per validator, in index order (the first is the coordinator):
//!
//! ```toml
//! [[host]]
//! engine = "unix:///var/run/docker.sock"  # that machine's engine, as DOCKER_HOST names it:
//!                                         # unix:///…, tcp://host:port or ssh://[user@]host
//! address = "10.0.0.10"                   # where the other validators and the harness reach it
//! ```
//!
//! `ssh://[user@]host` reaches the engine as `docker -H ssh://…` does: the system `ssh` runs
//! `docker system dial-stdio` on that machine, so the operator needs key-based (BatchMode)
//! ssh to it and the docker CLI there (with `DOCKER_HOST` set for that user when its socket is
//! not the default). No port in the URI: bollard 0.21's ssh transport hands `host:port` to
//! `ssh` as the host name, so a port goes in the ssh config (`Host m1` / `Port 2222`).
//!
//! `engine` is what compose gets as `DOCKER_HOST` and bollard connects to; `address` becomes
//! the node's `P2P_EXTERNAL_ADDRESS` (and so the peers file) and where the harness reads RPC.
//! Parsed once, here: the backend gets typed values or the file is refused in one line.
//!
//! `local = true` says the engine sees the harness's work dir at the same path (an engine on
//! this machine, or storage every machine mounts there): compose bind-mounts each project's
//! homes from it. It is the default for `unix://` engines only; every other engine keeps a
//! validator's homes in named volumes on its own machine, and files cross through its API.
//!
//! `cert_path = "<dir>"` (a `tcp://` engine only) makes the connection mutual TLS, with the
//! files laid out as `DOCKER_CERT_PATH` has them: `ca.pem` (the CA the engine's certificate
//! must chain to), `cert.pem` and `key.pem` (the harness's client certificate and key). A
//! relative path is relative to the file that names it (hosts.toml, or the spec).

use crate::HarnessError;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

/// A Docker engine's API endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EngineEndpoint {
    /// `unix:///path/docker.sock`: an engine on this machine (its containers' pids and
    /// `/proc` are ours to read).
    Unix(PathBuf),
    /// `tcp://host:port`: an engine's API over TCP (plain HTTP; give the host a `cert_path`
    /// or put an SSH tunnel in front of it outside a test network).
    Tcp(String),
    /// `tcp://host:port` with a host's `cert_path`: mutual TLS, the engine's certificate
    /// verified against `certs/ca.pem`, ours `certs/cert.pem` with `certs/key.pem`.
    Tls { addr: String, certs: PathBuf },
    /// `ssh://[user@]host`: an engine reached through the system `ssh` (`docker system
    /// dial-stdio` on that machine); its containers are another machine's.
    Ssh(SshTarget),
}

/// Who logs in where for an `ssh://` engine.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SshTarget {
    pub user: Option<String>,
    pub host: String,
}

impl SshTarget {
    fn parse(s: &str, rest: &str) -> Result<SshTarget, String> {
        let bad = |why: &str| format!("engine {s:?}: {why} (expected ssh://[user@]host)");
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains('/') || rest.contains('?') || rest.contains('#') {
            return Err(bad("an ssh:// engine has no path"));
        }
        let (user, host) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, rest),
        };
        if user.is_some_and(|u| u.is_empty() || u.contains([':', '@'])) {
            return Err(bad("the user is empty or holds ':' or '@'"));
        }
        let host = match host.rsplit_once(':') {
            // `[v6]` holds colons of its own.
            Some((h, port)) if !host.ends_with(']') => {
                if port.parse::<u16>().is_err() {
                    return Err(bad(&format!("{port:?} is not a port")));
                }
                // bollard 0.21 gives ssh `host:port` as the host name; ssh's own config can
                // say the port, and compose and bollard both read it.
                return Err(format!(
                    "engine {s:?}: no port in an ssh:// engine (the engine client would dial \"{h}:{port}\" \
                     as a host name); set it in the ssh config (Host {h} / Port {port}) and give ssh://{}{h}",
                    user.map(|u| format!("{u}@")).unwrap_or_default()
                ));
            }
            _ => host,
        };
        if host.is_empty() {
            return Err(bad("the host is empty"));
        }
        Ok(SshTarget { user: user.map(str::to_string), host: host.to_string() })
    }
}

impl std::fmt::Display for SshTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.user {
            Some(u) => write!(f, "{u}@{}", self.host),
            None => f.write_str(&self.host),
        }
    }
}

/// The files of a `cert_path` directory, as `DOCKER_CERT_PATH` names them.
pub const CERT_FILES: [&str; 3] = ["ca.pem", "cert.pem", "key.pem"];

impl EngineEndpoint {
    /// As `DOCKER_HOST` spells it.
    pub fn uri(&self) -> String {
        match self {
            EngineEndpoint::Unix(p) => format!("unix://{}", p.display()),
            EngineEndpoint::Tcp(a) | EngineEndpoint::Tls { addr: a, .. } => format!("tcp://{a}"),
            EngineEndpoint::Ssh(t) => format!("ssh://{t}"),
        }
    }

    /// A `tcp://` engine reached with the TLS material in `certs` (a `cert_path` directory):
    /// refused unless `self` is plain `tcp://` and each of [`CERT_FILES`] is a file there.
    pub fn with_certs(self, certs: &Path) -> Result<EngineEndpoint, String> {
        let EngineEndpoint::Tcp(addr) = self else {
            return Err(format!("needs a tcp:// engine (TLS to its API), not {self}"));
        };
        if !certs.is_dir() {
            return Err(format!("{}: not a directory", certs.display()));
        }
        for f in CERT_FILES {
            if !certs.join(f).is_file() {
                return Err(format!("{}: no {f} (it needs ca.pem, cert.pem and key.pem)", certs.display()));
            }
        }
        Ok(EngineEndpoint::Tls { addr, certs: certs.to_path_buf() })
    }

    /// The `cert_path` of a TLS engine.
    pub fn certs(&self) -> Option<&Path> {
        match self {
            EngineEndpoint::Tls { certs, .. } => Some(certs),
            _ => None,
        }
    }

    pub fn parse(s: &str) -> Result<EngineEndpoint, String> {
        if let Some(path) = s.strip_prefix("unix://") {
            if !path.starts_with('/') {
                return Err(format!("engine {s:?}: a unix socket needs an absolute path (unix:///…)"));
            }
            return Ok(EngineEndpoint::Unix(PathBuf::from(path)));
        }
        if let Some(addr) = s.strip_prefix("tcp://") {
            let addr = addr.trim_end_matches('/');
            let port_ok = addr.rsplit_once(':').is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok());
            if !port_ok {
                return Err(format!("engine {s:?}: expected tcp://<host>:<port>"));
            }
            return Ok(EngineEndpoint::Tcp(addr.to_string()));
        }
        if let Some(rest) = s.strip_prefix("ssh://") {
            return SshTarget::parse(s, rest).map(EngineEndpoint::Ssh);
        }
        Err(format!("engine {s:?}: expected unix:///<socket>, tcp://<host>:<port> or ssh://[user@]host"))
    }
}

impl std::fmt::Display for EngineEndpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.uri())
    }
}

/// One validator's machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DockerHost {
    pub engine: EngineEndpoint,
    /// Where peers and the harness reach this machine's published ports.
    pub address: IpAddr,
    /// The engine sees the harness's work dir at the same path: homes are bind mounts of it.
    pub local: bool,
}

impl DockerHost {
    /// A host with the default `local`: true for a `unix://` engine only.
    pub fn new(engine: EngineEndpoint, address: IpAddr) -> DockerHost {
        let local = matches!(engine, EngineEndpoint::Unix(_));
        DockerHost { engine, address, local }
    }
}

/// One host's fields as an operator writes them: a `[[host]]` of hosts.toml, or a spec's
/// `validator.host`. The one place they become a [`DockerHost`].
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostFields {
    pub engine: String,
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<bool>,
    /// A directory with `ca.pem`, `cert.pem`, `key.pem`: the engine is reached with TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_path: Option<PathBuf>,
}

/// The keys a host may have, as errors list them.
pub const HOST_KEYS: &[&str] = &["engine", "address", "local", "cert_path"];

impl HostFields {
    /// The typed host, or the key at fault and why (an address's reason does not repeat the
    /// key; an engine's names the engine). A relative `cert_path` is taken from `dir`, the
    /// directory of the file that gave these fields.
    pub fn parse(&self, dir: &Path) -> Result<DockerHost, (&'static str, String)> {
        let mut engine = EngineEndpoint::parse(&self.engine).map_err(|e| ("engine", e))?;
        if let Some(certs) = &self.cert_path {
            engine = engine.with_certs(&dir.join(certs)).map_err(|e| ("cert_path", e))?;
        }
        let address: IpAddr =
            self.address.parse().map_err(|_| ("address", format!("{:?} is not an IP address", self.address)))?;
        if address.is_loopback() || address.is_unspecified() {
            // Every other machine would dial itself.
            return Err(("address", format!("{address} cannot be reached from another machine")));
        }
        let mut host = DockerHost::new(engine, address);
        if let Some(local) = self.local {
            host.local = local;
        }
        Ok(host)
    }
}

impl From<&DockerHost> for HostFields {
    /// `local` is written only where it is not the engine's default.
    fn from(h: &DockerHost) -> HostFields {
        let default = DockerHost::new(h.engine.clone(), h.address).local;
        HostFields {
            engine: h.engine.uri(),
            address: h.address.to_string(),
            local: (h.local != default).then_some(h.local),
            cert_path: h.engine.certs().map(Path::to_path_buf),
        }
    }
}

fn bad(file: &Path, reason: impl Into<String>) -> HarnessError {
    HarnessError::Hosts { file: file.display().to_string(), reason: reason.into() }
}

/// Reads `file` for a network of `validators`.
pub fn read(file: &Path, validators: usize) -> Result<Vec<DockerHost>, HarnessError> {
    let text = std::fs::read_to_string(file).map_err(|e| bad(file, format!("cannot read: {e}")))?;
    parse(file, &text, validators)
}

/// `file` names the source in errors only.
pub fn parse(file: &Path, text: &str, validators: usize) -> Result<Vec<DockerHost>, HarnessError> {
    let doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| bad(file, e.to_string().replace('\n', " ").trim().to_string()))?;
    for (key, _) in doc.iter() {
        if key != "host" {
            return Err(bad(file, format!("unknown key `{key}` (expected [[host]] tables)")));
        }
    }
    let tables = match doc.get("host") {
        None => return Err(bad(file, "no [[host]] table")),
        Some(item) => item.as_array_of_tables().ok_or_else(|| bad(file, "`host` must be [[host]] tables"))?,
    };
    let mut hosts = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        let at = |reason: String| bad(file, format!("host {} (val-{i}): {reason}", i + 1));
        for (key, _) in t.iter() {
            if !HOST_KEYS.contains(&key) {
                return Err(at(format!("unknown key `{key}` (expected {})", HOST_KEYS.join(", "))));
            }
        }
        let field = |key: &str| {
            t.get(key)
                .ok_or_else(|| at(format!("`{key}` is missing")))?
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| at(format!("`{key}` must be a string")))
        };
        let local = match t.get("local") {
            None => None,
            Some(v) => Some(v.as_bool().ok_or_else(|| at("`local` must be true or false".into()))?),
        };
        let cert_path = match t.get("cert_path") {
            None => None,
            Some(_) => Some(PathBuf::from(field("cert_path")?)),
        };
        let fields = HostFields { engine: field("engine")?, address: field("address")?, local, cert_path };
        let dir = file.parent().unwrap_or(Path::new(""));
        let host = fields.parse(dir).map_err(|(key, reason)| {
            at(match key {
                "address" | "cert_path" => format!("{key} {reason}"),
                _ => reason,
            })
        })?;
        hosts.push(host);
    }
    if hosts.len() != validators {
        return Err(bad(
            file,
            format!("{} [[host]] tables for {validators} validators: one per validator, in index order", hosts.len()),
        ));
    }
    Ok(hosts)
}

/// The file for `hosts`, as [`read`] takes it (the tests write their engines' file with it).
pub fn render(hosts: &[DockerHost]) -> String {
    let mut out = String::from("# One [[host]] per validator, in index order (val-0, the coordinator, first).\n");
    for (i, h) in hosts.iter().enumerate() {
        out.push_str(&format!("\n[[host]] # val-{i}\nengine = \"{}\"\naddress = \"{}\"\n", h.engine, h.address));
        let fields = HostFields::from(h);
        if let Some(local) = fields.local {
            out.push_str(&format!("local = {local}\n"));
        }
        if let Some(certs) = fields.cert_path {
            out.push_str(&format!("cert_path = {}\n", toml_edit::Value::from(certs.display().to_string())));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse2(text: &str) -> Result<Vec<DockerHost>, String> {
        parse(Path::new("hosts.toml"), text, 2).map_err(|e| e.to_string())
    }

    const GOOD: &str = r#"
[[host]]
engine = "unix:///run/m0/docker.sock"
address = "10.213.7.10"

[[host]]
engine = "tcp://10.213.7.11:2375"
address = "10.213.7.11"
"#;

    #[test]
    fn one_host_per_validator_with_its_engine_and_address() {
        let hosts = parse2(GOOD).unwrap();
        assert_eq!(hosts[0].engine, EngineEndpoint::Unix("/run/m0/docker.sock".into()));
        assert_eq!(hosts[1].engine.uri(), "tcp://10.213.7.11:2375");
        assert_eq!(hosts[1].address.to_string(), "10.213.7.11");
        // What render writes, read reads back.
        assert_eq!(parse2(&render(&hosts)).unwrap(), hosts);
    }

    #[test]
    fn only_a_unix_engine_is_local_unless_the_file_says_otherwise() {
        let hosts = parse2(GOOD).unwrap();
        assert!(hosts[0].local, "a unix:// engine sees this machine's paths");
        assert!(!hosts[1].local, "a tcp:// engine is another machine's");
        let swapped = GOOD
            .replace("address = \"10.213.7.10\"", "address = \"10.213.7.10\"\nlocal = false")
            .replace("address = \"10.213.7.11\"", "address = \"10.213.7.11\"\nlocal = true");
        let hosts = parse2(&swapped).unwrap();
        assert!(!hosts[0].local && hosts[1].local, "{hosts:?}");
        // Written only where it differs from the default, and read back the same.
        let text = render(&hosts);
        assert_eq!(text.matches("local = ").count(), 2, "{text}");
        assert_eq!(parse2(&text).unwrap(), hosts);
        assert_eq!(render(&parse2(GOOD).unwrap()).matches("local").count(), 0);
    }

    #[test]
    fn a_bad_file_is_refused_in_one_line_naming_the_file_and_the_host() {
        let cases = [
            (GOOD.replace("10.213.7.10", "10.213.7"), "host 1 (val-0): address \"10.213.7\" is not an IP address"),
            (GOOD.replace("10.213.7.10", "127.0.0.1"), "address 127.0.0.1 cannot be reached from another machine"),
            (GOOD.replace("tcp://10.213.7.11:2375", "ssh://"), "host 2 (val-1): engine \"ssh://\": the host is empty"),
            (GOOD.replace("tcp://10.213.7.11:2375", "10.213.7.11:2375"), "expected unix:///<socket>, tcp://"),
            (GOOD.replace("tcp://10.213.7.11:2375", "tcp://10.213.7.11"), "expected tcp://<host>:<port>"),
            (GOOD.replace("unix:///run", "unix://run"), "needs an absolute path"),
            (GOOD.replacen("address = \"10.213.7.10\"", "", 1), "host 1 (val-0): `address` is missing"),
            (GOOD.replacen("address = \"10.213.7.10\"", "adress = \"10.213.7.10\"", 1), "unknown key `adress`"),
            (GOOD.replacen("address = \"10.213.7.10\"", "address = 10", 1), "`address` must be a string"),
            (
                GOOD.replacen("address = \"10.213.7.10\"", "address = \"10.213.7.10\"\nlocal = \"yes\"", 1),
                "host 1 (val-0): `local` must be true or false",
            ),
            (GOOD.replace("[[host]]", "[host]"), "hosts.toml: "),
            ("hosts = 1\n".to_string(), "unknown key `hosts`"),
            (String::new(), "no [[host]] table"),
            (
                GOOD.to_string() + "\n[[host]]\nengine = \"unix:///a\"\naddress = \"10.0.0.1\"\n",
                "3 [[host]] tables for 2 validators",
            ),
        ];
        for (text, want) in cases {
            let e = parse2(&text).expect_err(want);
            assert!(e.starts_with("hosts file hosts.toml: "), "{e}");
            assert!(e.contains(want), "{e}\n  wanted: {want}");
            assert!(!e.contains('\n'), "one line: {e}");
        }
    }

    /// A `cert_path` directory with `files` in it, beside a hosts file.
    fn certs_dir(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("m1")).unwrap();
        for f in files {
            std::fs::write(dir.path().join("m1").join(f), "-----BEGIN CERTIFICATE-----\n").unwrap();
        }
        dir
    }

    /// GOOD with its second host given `cert_path = "<certs>"`.
    fn with_certs(certs: &str) -> String {
        GOOD.replace("address = \"10.213.7.11\"", &format!("address = \"10.213.7.11\"\ncert_path = \"{certs}\""))
    }

    #[test]
    fn a_cert_path_makes_a_tcp_engine_tls_with_its_files_beside_the_hosts_file() {
        let dir = certs_dir(&CERT_FILES);
        let file = dir.path().join("hosts.toml");
        // Relative: the hosts file's neighbour, wherever the harness runs.
        let hosts = parse(&file, &with_certs("m1"), 2).unwrap_or_else(|e| panic!("{e}"));
        let certs = dir.path().join("m1");
        assert_eq!(hosts[1].engine, EngineEndpoint::Tls { addr: "10.213.7.11:2375".into(), certs: certs.clone() });
        // Compose's DOCKER_HOST is the same tcp:// (TLS comes from DOCKER_TLS_VERIFY).
        assert_eq!(hosts[1].engine.uri(), "tcp://10.213.7.11:2375");
        assert!(!hosts[1].local);
        assert_eq!(hosts[0].engine.certs(), None);
        // Absolute, the same; and written back absolute.
        let text = with_certs(&certs.display().to_string());
        assert_eq!(parse(Path::new("elsewhere/hosts.toml"), &text, 2).unwrap(), hosts);
        let rendered = render(&hosts);
        assert!(rendered.contains(&format!("cert_path = \"{}\"", certs.display())), "{rendered}");
        assert_eq!(parse2(&rendered).unwrap(), hosts);
    }

    #[test]
    fn a_bad_cert_path_is_refused_in_one_line_naming_the_host_the_key_and_the_file() {
        let dir = certs_dir(&["ca.pem", "cert.pem"]);
        let m1 = dir.path().join("m1");
        let m1 = m1.display();
        let cases = [
            (with_certs(&m1.to_string()), format!("host 2 (val-1): cert_path {m1}: no key.pem")),
            (with_certs("/nonexistent/m1"), "host 2 (val-1): cert_path /nonexistent/m1: not a directory".into()),
            (
                with_certs(&m1.to_string()).replace("tcp://10.213.7.11:2375", "unix:///run/m1.sock"),
                "host 2 (val-1): cert_path needs a tcp:// engine (TLS to its API), not unix:///run/m1.sock".into(),
            ),
            (
                GOOD.replace("address = \"10.213.7.11\"", "address = \"10.213.7.11\"\ncert_path = 1"),
                "host 2 (val-1): `cert_path` must be a string".into(),
            ),
        ];
        for (text, want) in cases {
            let e = parse2(&text).expect_err(&want);
            assert!(e.starts_with("hosts file hosts.toml: "), "{e}");
            assert!(e.contains(&want), "{e}\n  wanted: {want}");
            assert!(!e.contains('\n'), "one line: {e}");
        }
    }

    #[test]
    fn an_ssh_engine_is_a_user_at_a_host_and_another_machines() {
        for (given, user, host) in [
            ("ssh://root@10.213.7.11", Some("root"), "10.213.7.11"),
            ("ssh://m1", None, "m1"),
            ("ssh://deploy@m1.example.org/", Some("deploy"), "m1.example.org"),
            ("ssh://root@[fd00::1]", Some("root"), "[fd00::1]"),
        ] {
            let e = EngineEndpoint::parse(given).unwrap();
            let want = SshTarget { user: user.map(str::to_string), host: host.to_string() };
            assert_eq!(e, EngineEndpoint::Ssh(want), "{given}");
            // What compose gets as DOCKER_HOST parses back the same.
            assert_eq!(EngineEndpoint::parse(&e.uri()).unwrap(), e);
        }
        let hosts = parse2(&GOOD.replace("tcp://10.213.7.11:2375", "ssh://root@10.213.7.11")).unwrap();
        assert!(!hosts[1].local, "an ssh:// engine is another machine's");
        assert_eq!(parse2(&render(&hosts)).unwrap(), hosts);
    }

    #[test]
    fn a_bad_ssh_engine_is_refused_in_one_line_saying_why() {
        for (given, want) in [
            ("ssh://", "the host is empty"),
            ("ssh://root@", "the host is empty"),
            ("ssh://@m1", "the user is empty"),
            ("ssh://a:b@m1", "the user is empty or holds ':'"),
            ("ssh://m1/var/run/docker.sock", "an ssh:// engine has no path"),
            ("ssh://m1?socket=x", "an ssh:// engine has no path"),
            ("ssh://m1:ssh", "\"ssh\" is not a port"),
            ("ssh://m1:70000", "\"70000\" is not a port"),
            ("ssh://root@m1:2222", "set it in the ssh config (Host m1 / Port 2222) and give ssh://root@m1"),
        ] {
            let e = EngineEndpoint::parse(given).expect_err(given);
            assert!(e.starts_with(&format!("engine {given:?}: ")), "{e}");
            assert!(e.contains(want), "{e}\n  wanted: {want}");
            assert!(!e.contains('\n'), "one line: {e}");
        }
    }

    #[test]
    fn a_missing_file_is_named() {
        let e = read(Path::new("/nonexistent/hosts.toml"), 1).unwrap_err().to_string();
        assert!(e.contains("/nonexistent/hosts.toml: cannot read"), "{e}");
    }
}
