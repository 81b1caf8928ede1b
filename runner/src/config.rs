//! The configuration, parsed once from the raw contract into typed values.
//!
//! Nothing here touches the disk (beyond resolving relative paths against the working
//! directory), so a bad value is refused before any directory or file is created.

use crate::cli::EnvArgs;
use crate::domain::bad;
use crate::domain::{
    ConfigError, GenesisIndex, GenesisTime, Homes, HostPort, KeyName, KeyringBackend, PortScheme, Ports, PublicUrl,
    Role, Stage,
};
use crate::overrides::{self, ConfigOverride};
use crate::paths;
use cosmos_formats::{ChainId, Coin, Denom, NodeId};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;
use zeroize::Zeroizing;

/// Everything a stage needs, valid by construction.
pub struct Config {
    pub stage: Stage,
    pub role: Role,
    pub index: GenesisIndex,
    pub key_name: KeyName,
    pub chain_id: ChainId,
    pub denom: Denom,
    pub keyring_backend: KeyringBackend,
    pub keyring_password: Option<Zeroizing<String>>,
    pub homes: Homes,
    /// Where keygen writes new mnemonics when the operator named a place (`MNEMONIC_BACKUP_DIR`).
    pub mnemonic_backup: Option<PathBuf>,
    pub account_amount: Coin,
    pub self_delegation: Coin,
    pub chain_binary: PathBuf,
    pub ports: Ports,
    pub p2p_external_address: HostPort,
    pub listen_host: String,
    pub persistent_peers: Option<String>,
    pub persistent_peers_file: PathBuf,
    pub intermediate_genesis_file: PathBuf,
    pub final_genesis_file: PathBuf,
    pub force: bool,
    pub no_start: bool,
    pub tmkms_timeout: Duration,
    pub cosmovisor: Option<PathBuf>,
    pub overrides: Vec<ConfigOverride>,
    pub public_url: PublicUrl,
    /// The warm key's address when it is not in this keyring.
    pub ml_operational_address: Option<String>,
    pub genesis_time: Option<GenesisTime>,
    pub final_genesis_sha256: Option<String>,
    /// `DENOM_METADATA_FILE`, `GENESIS_ACCOUNTS_FILE`, `GENESIS_OVERRIDES_FILE` (read by
    /// intermediate_genesis only, so a validator's environment may carry them harmlessly).
    pub genesis_content: crate::genesis_content::ContentFiles,
    /// app.toml `state-sync.snapshot-interval` (`SNAPSHOT_INTERVAL`).
    pub snapshot_interval: u64,
    /// app.toml `state-sync.snapshot-keep-recent` (`SNAPSHOT_KEEP_RECENT`).
    pub snapshot_keep_recent: u32,
    /// `REST_API_ACTIVE`: the REST API on, as gonka's `app_overrides.toml` sets it.
    pub rest_api_active: bool,
}

/// What the kms mode needs.
#[derive(Debug)]
pub struct KmsConfig {
    pub chain_id: ChainId,
    pub index: GenesisIndex,
    pub ports: Ports,
    pub tmkms_home: PathBuf,
    pub tmkms_bin: PathBuf,
    pub node_host: String,
    pub node_id: Option<NodeId>,
    pub no_start: bool,
}

/// The process environment the configuration depends on besides the flags.
pub struct Environment {
    /// `CONFIG_*` variables, in the order given.
    pub config_vars: Vec<(String, String)>,
    pub home: Option<PathBuf>,
    pub cwd: PathBuf,
    pub path: Option<std::ffi::OsString>,
}

impl Environment {
    pub fn from_process() -> Environment {
        Environment {
            config_vars: std::env::vars().filter(|(k, _)| k.starts_with(overrides::PREFIX)).collect(),
            home: std::env::var_os("HOME").map(PathBuf::from),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
            path: std::env::var_os("PATH"),
        }
    }
}

fn parse<T: FromStr<Err = String>>(var: &'static str, value: &str) -> Result<T, ConfigError> {
    value.parse().map_err(|e| bad(var, e))
}

fn parse_u16(var: &'static str, value: &str) -> Result<u16, ConfigError> {
    value.parse().map_err(|_| bad(var, format!("{value:?} is not an integer 0-65535")))
}

pub fn parse_bool(var: &'static str, value: Option<&str>) -> Result<bool, ConfigError> {
    match value.map(str::trim) {
        None | Some("") | Some("0") | Some("false") | Some("no") => Ok(false),
        Some("1") | Some("true") | Some("yes") => Ok(true),
        Some(other) => Err(bad(var, format!("{other:?} is not a boolean (1/0, true/false)"))),
    }
}

/// A count the scripts pass to `config set` verbatim; the SDK reads these app.toml keys as
/// `uint64` (snapshot-interval) and `uint32` (snapshot-keep-recent), so a sign or a word
/// would only fail when the node starts.
fn non_negative<T: FromStr>(var: &'static str, value: &str) -> Result<T, ConfigError> {
    let v = value.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(var, format!("{value:?} is not a non-negative integer")));
    }
    v.parse().map_err(|_| bad(var, format!("{v} is too large")))
}

fn genesis_time(raw: &EnvArgs) -> Result<Option<GenesisTime>, ConfigError> {
    let at = raw.genesis_time.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let after = raw.genesis_delay.as_deref().map(str::trim).filter(|s| !s.is_empty());
    match (at, after) {
        (Some(_), Some(_)) => Err(bad("GENESIS_TIME", "set either it or GENESIS_DELAY, not both")),
        (Some(t), None) => {
            if !t.ends_with('Z') {
                return Err(bad("GENESIS_TIME", format!("{t:?} is not RFC 3339 UTC (like 2026-12-03T10:00:00Z)")));
            }
            time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
                .map(|t| Some(GenesisTime::At(t)))
                .map_err(|_| bad("GENESIS_TIME", format!("{t:?} is not RFC 3339 UTC (like 2026-12-03T10:00:00Z)")))
        }
        (None, Some(d)) => Ok(Some(GenesisTime::After(parse_duration("GENESIS_DELAY", d)?))),
        (None, None) => Ok(None),
    }
}

/// A duration variable: Go's duration syntax (`cosmos_formats::duration`, the one the node's
/// `config.toml` and the harness's flags use), and, as this variable always took, a bare
/// number of seconds. Zero is refused: a zero delay or timeout is a typo, not a wish.
pub fn parse_duration(var: &'static str, value: &str) -> Result<Duration, ConfigError> {
    let v = value.trim();
    let parsed = if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        v.parse::<u64>().map(Duration::from_secs).map_err(|_| format!("{v} is too large"))
    } else {
        cosmos_formats::parse_go_duration(v).map_err(|e| e.to_string())
    };
    // The grammar's own message names the value and the expected syntax.
    let d = parsed.map_err(|e| bad(var, e))?;
    if d.is_zero() {
        return Err(bad(var, "must be positive"));
    }
    Ok(d)
}

fn coin_or_default(
    var: &'static str,
    value: Option<&str>,
    default_amount: u128,
    denom: &Denom,
) -> Result<Coin, ConfigError> {
    match value {
        None => Ok(Coin::new(default_amount, denom.clone())),
        Some(s) => {
            let coin: Coin = s.parse().map_err(|e: cosmos_formats::CoinError| bad(var, e.to_string()))?;
            if coin.amount == 0 {
                return Err(bad(var, "amount must be positive"));
            }
            Ok(coin)
        }
    }
}

fn required<'a>(var: &'static str, v: &'a Option<String>) -> Result<&'a str, ConfigError> {
    v.as_deref().filter(|s| !s.is_empty()).ok_or_else(|| bad(var, "required but not set"))
}

pub fn chain_id(raw: &str) -> Result<ChainId, ConfigError> {
    raw.parse().map_err(|e: cosmos_formats::ChainIdError| bad("CHAIN_ID", e.to_string()))
}

/// The file keyring's passphrase, from `KEYRING_PASSWORD` or the file `KEYRING_PASSWORD_FILE`
/// names (its one line, without the newline an editor or `echo` adds).
fn keyring_password(raw: &EnvArgs, cwd: &Path) -> Result<Option<Zeroizing<String>>, ConfigError> {
    let direct = raw.keyring_password.as_deref().filter(|p| !p.is_empty());
    let Some(file) = raw.keyring_password_file.as_deref().filter(|f| !f.is_empty()) else {
        return Ok(direct.map(|p| Zeroizing::new(p.to_string())));
    };
    if direct.is_some() {
        return Err(bad("KEYRING_PASSWORD_FILE", "set either it or KEYRING_PASSWORD, not both"));
    }
    let path = cwd.join(file);
    let bytes = Zeroizing::new(
        std::fs::read(&path).map_err(|e| bad("KEYRING_PASSWORD_FILE", format!("{}: {e}", path.display())))?,
    );
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| bad("KEYRING_PASSWORD_FILE", format!("{}: not UTF-8 text", path.display())))?;
    let line = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(text);
    if line.is_empty() {
        return Err(bad("KEYRING_PASSWORD_FILE", format!("{}: empty", path.display())));
    }
    if line.contains('\n') {
        return Err(bad("KEYRING_PASSWORD_FILE", format!("{}: more than one line", path.display())));
    }
    Ok(Some(Zeroizing::new(line.to_string())))
}

fn index_and_ports(raw: &EnvArgs) -> Result<(GenesisIndex, Ports), ConfigError> {
    let index: GenesisIndex = parse("GENESIS_INDEX", required("GENESIS_INDEX", &raw.genesis_index)?)?;
    let scheme = PortScheme {
        p2p_base: parse_u16("P2P_BASE", &raw.p2p_base)?,
        rpc_base: parse_u16("RPC_BASE", &raw.rpc_base)?,
        tmkms_base: parse_u16("TMKMS_BASE", &raw.tmkms_base)?,
        stride: parse_u16("PORT_STRIDE", &raw.port_stride)?,
    };
    Ok((index, scheme.derive(index)?))
}

fn listen_host(raw: &str) -> Result<String, ConfigError> {
    HostPort::parse(&format!("{raw}:1"))
        .map(|h| h.host)
        .map_err(|_| bad("LISTEN_HOST", format!("{raw:?} is not a host")))
}

/// Finds `name` on `PATH` the way a shell would.
pub fn which(name: &str, path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    if name.contains('/') {
        return Some(PathBuf::from(name));
    }
    std::env::split_paths(path?)
        .map(|d| d.join(name))
        .find(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0))
}

impl Config {
    pub fn from_args(raw: &EnvArgs, env: &Environment) -> Result<Config, ConfigError> {
        let stage: Stage = parse("GENESIS_RUN_STAGE", required("GENESIS_RUN_STAGE", &raw.genesis_run_stage)?)?;
        let (index, ports) = index_and_ports(raw)?;
        let role = Role::of_index(index);
        if let Some(r) = raw.genesis_role.as_deref().filter(|s| !s.is_empty()) {
            let given: Role = parse("GENESIS_ROLE", r)?;
            if given != role {
                return Err(bad(
                    "GENESIS_ROLE",
                    format!("{given} disagrees with GENESIS_INDEX={} (index 0 is the coordinator, every other index a validator)", index.0),
                ));
            }
        }
        let key_name: KeyName = parse("KEY_NAME", required("KEY_NAME", &raw.key_name)?)?;
        let chain_id = chain_id(&raw.chain_id)?;
        let denom: Denom =
            raw.coin_denom.parse().map_err(|e: cosmos_formats::CoinError| bad("COIN_DENOM", e.to_string()))?;
        let keyring_backend = match raw.keyring_backend.as_str() {
            "test" => KeyringBackend::Test,
            "file" => KeyringBackend::File,
            other => return Err(bad("KEYRING_BACKEND", format!("{other:?} is not supported (expected test | file)"))),
        };
        let keyring_password = keyring_password(raw, &env.cwd)?;
        if keyring_backend == KeyringBackend::File && keyring_password.is_none() {
            return Err(bad("KEYRING_PASSWORD", "required with KEYRING_BACKEND=file (or KEYRING_PASSWORD_FILE)"));
        }
        let homes = paths::homes(raw, &env.cwd, env.home.as_deref())?;
        let mnemonic_backup = paths::mnemonic_backup(raw, &env.cwd, &homes)?;
        let account_amount =
            coin_or_default("GENESIS_ACCOUNT_AMOUNT", raw.genesis_account_amount.as_deref(), 2_000_000_000, &denom)?;
        let self_delegation =
            coin_or_default("SELF_DELEGATION_AMOUNT", raw.self_delegation_amount.as_deref(), 1_000_000, &denom)?;
        if self_delegation.denom == account_amount.denom && self_delegation.amount > account_amount.amount {
            return Err(bad(
                "SELF_DELEGATION_AMOUNT",
                format!("{self_delegation} exceeds GENESIS_ACCOUNT_AMOUNT {account_amount}"),
            ));
        }
        if raw.chain_binary.is_empty() {
            return Err(bad("CHAIN_BINARY", "empty"));
        }
        let p2p_external_address = match raw.p2p_external_address.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => HostPort::parse(s).map_err(|e| bad("P2P_EXTERNAL_ADDRESS", e.to_string()))?,
            None => HostPort { host: "host.docker.internal".into(), port: ports.p2p },
        };
        let persistent_peers = raw.persistent_peers.clone().filter(|s| !s.trim().is_empty());
        if let Some(p) = &persistent_peers {
            crate::peers::parse_peers(p).map_err(|e| bad("PERSISTENT_PEERS", e.to_string()))?;
        }
        let file = |var: &'static str, v: &Option<String>, default: &str| -> Result<PathBuf, ConfigError> {
            match v.as_deref().filter(|s| !s.is_empty()) {
                Some(s) => Ok(paths::absolute(Path::new(s), &env.cwd)),
                None => Ok(homes.artifacts.join(default)),
            }
            .and_then(|p| if p.file_name().is_some() { Ok(p) } else { Err(bad(var, "not a file path")) })
        };
        let persistent_peers_file =
            file("PERSISTENT_PEERS_FILE", &raw.persistent_peers_file, crate::layout::PEERS_FILE)?;
        let intermediate_genesis_file =
            file("INTERMEDIATE_GENESIS_FILE", &raw.intermediate_genesis_file, crate::layout::INTERMEDIATE_GENESIS)?;
        let final_genesis_file = file("FINAL_GENESIS_FILE", &raw.final_genesis_file, crate::layout::FINAL_GENESIS)?;
        for (var, p) in [
            ("PERSISTENT_PEERS_FILE", &persistent_peers_file),
            ("INTERMEDIATE_GENESIS_FILE", &intermediate_genesis_file),
            ("FINAL_GENESIS_FILE", &final_genesis_file),
        ] {
            if paths::overlaps(p, &homes.keyring) || paths::overlaps(p, &homes.tmkms) || paths::overlaps(p, &homes.node)
            {
                return Err(bad(var, format!("{} lies inside a key or node home", p.display())));
            }
        }
        let cosmovisor = match raw.cosmovisor_bin.as_deref() {
            Some("") => None,
            Some(p) => Some(PathBuf::from(p)),
            None => which("cosmovisor", env.path.as_deref()),
        };
        let overrides = overrides::parse_all(&env.config_vars).map_err(|e| bad("CONFIG_", e))?;
        let genesis_content = crate::genesis_content::ContentFiles::from_vars(
            raw.denom_metadata_file.as_deref(),
            raw.genesis_accounts_file.as_deref(),
            raw.genesis_overrides_file.as_deref(),
            &env.cwd,
        )?;
        Ok(Config {
            stage,
            role,
            index,
            key_name,
            chain_id,
            denom,
            keyring_backend,
            keyring_password,
            homes,
            mnemonic_backup,
            account_amount,
            self_delegation,
            chain_binary: PathBuf::from(&raw.chain_binary),
            ports,
            p2p_external_address,
            listen_host: listen_host(&raw.listen_host)?,
            persistent_peers,
            persistent_peers_file,
            intermediate_genesis_file,
            final_genesis_file,
            force: parse_bool("FORCE", raw.force.as_deref())?,
            no_start: parse_bool("NO_START", raw.no_start.as_deref())?,
            tmkms_timeout: parse_duration("TMKMS_TIMEOUT", &raw.tmkms_timeout)?,
            cosmovisor,
            overrides,
            public_url: raw.public_url.parse().map_err(|e| bad("PUBLIC_URL", e))?,
            ml_operational_address: match raw.ml_operational_address.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(a) => {
                    let (prefix, _) = cosmos_formats::Address::decode(a)
                        .map_err(|e| bad("ML_OPERATIONAL_ADDRESS", format!("{a:?}: {e}")))?;
                    if prefix.ends_with("valoper") || prefix.ends_with("valcons") {
                        return Err(bad("ML_OPERATIONAL_ADDRESS", format!("{a:?} is not an account address")));
                    }
                    Some(a.to_string())
                }
            },
            genesis_time: genesis_time(raw)?,
            final_genesis_sha256: match raw.final_genesis_sha256.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(h) if h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) => Some(h.to_ascii_lowercase()),
                Some(h) => return Err(bad("FINAL_GENESIS_SHA256", format!("{h:?} is not a hex sha256 (64 digits)"))),
            },
            genesis_content,
            snapshot_interval: non_negative("SNAPSHOT_INTERVAL", &raw.snapshot_interval)?,
            snapshot_keep_recent: non_negative("SNAPSHOT_KEEP_RECENT", &raw.snapshot_keep_recent)?,
            rest_api_active: parse_bool("REST_API_ACTIVE", raw.rest_api_active.as_deref())?,
        })
    }
}

impl KmsConfig {
    pub fn from_args(raw: &EnvArgs, env: &Environment) -> Result<KmsConfig, ConfigError> {
        let (index, ports) = index_and_ports(raw)?;
        let chain_id = chain_id(&raw.chain_id)?;
        let homes = paths::homes(raw, &env.cwd, env.home.as_deref())?;
        let node_id = match raw.node_id.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Some(s.trim().parse::<NodeId>().map_err(|e| bad("NODE_ID", e.to_string()))?),
            None => match raw.key_name.as_deref().filter(|s| !s.is_empty()) {
                Some(name) => {
                    let name: KeyName = parse("KEY_NAME", name)?;
                    let path = crate::layout::Layout::new(&homes.artifacts).node_id(&name);
                    match std::fs::read_to_string(&path) {
                        Ok(text) => Some(
                            text.trim()
                                .parse::<NodeId>()
                                .map_err(|e| bad("NODE_ID", format!("{}: {e}", path.display())))?,
                        ),
                        Err(_) => None,
                    }
                }
                None => None,
            },
        };
        let node_host = HostPort::parse(&format!("{}:1", raw.tmkms_node_host))
            .map(|h| h.host)
            .map_err(|_| bad("TMKMS_NODE_HOST", format!("{:?} is not a host", raw.tmkms_node_host)))?;
        Ok(KmsConfig {
            chain_id,
            index,
            ports,
            tmkms_home: homes.tmkms,
            tmkms_bin: PathBuf::from(&raw.tmkms_bin),
            node_host,
            node_id,
            no_start: parse_bool("NO_START", raw.no_start.as_deref())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn base() -> EnvArgs {
        EnvArgs {
            genesis_run_stage: Some("keygen".into()),
            genesis_index: Some("0".into()),
            key_name: Some("alice".into()),
            node_home: "/srv/v0/node".into(),
            keyring_home: "/srv/v0/keyring".into(),
            tmkms_home: "/srv/v0/tmkms".into(),
            artifacts_dir: "/srv/v0/artifacts".into(),
            chain_id: "gonka-mainnet".into(),
            coin_denom: "ngonka".into(),
            keyring_backend: "test".into(),
            chain_binary: "inferenced".into(),
            p2p_base: "26656".into(),
            rpc_base: "26657".into(),
            tmkms_base: "26658".into(),
            port_stride: "10".into(),
            listen_host: "0.0.0.0".into(),
            tmkms_timeout: "120s".into(),
            tmkms_bin: "tmkms".into(),
            tmkms_node_host: "127.0.0.1".into(),
            public_url: "http://localhost:9000".into(),
            snapshot_interval: "10".into(),
            snapshot_keep_recent: "5".into(),
            ..EnvArgs::default()
        }
    }

    fn env() -> Environment {
        Environment { config_vars: vec![], home: Some("/root".into()), cwd: "/".into(), path: None }
    }

    #[rstest]
    #[case::one_line("s3cret passphrase\n")]
    #[case::windows_line_end("s3cret passphrase\r\n")]
    #[case::no_line_end("s3cret passphrase")]
    fn the_passphrase_file_gives_its_one_line(#[case] content: &str) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keyring_password"), content).unwrap();
        let raw = EnvArgs {
            keyring_backend: "file".into(),
            keyring_password_file: Some("keyring_password".into()),
            ..base()
        };
        let env = Environment { cwd: dir.path().into(), ..env() };
        let c = Config::from_args(&raw, &env).unwrap();
        assert_eq!(c.keyring_password.as_deref().map(String::as_str), Some("s3cret passphrase"));
    }

    #[rstest]
    #[case::empty("\n", "empty")]
    #[case::two_lines("a\nb\n", "more than one line")]
    fn a_passphrase_file_that_is_not_one_line_is_refused(#[case] content: &str, #[case] msg: &str) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pw"), content).unwrap();
        let raw = EnvArgs { keyring_backend: "file".into(), keyring_password_file: Some("pw".into()), ..base() };
        let env = Environment { cwd: dir.path().into(), ..env() };
        let err = Config::from_args(&raw, &env).err().unwrap().to_string();
        assert!(err.starts_with("KEYRING_PASSWORD_FILE: ") && err.ends_with(msg), "{err}");
    }

    #[test]
    fn defaults_are_those_of_the_script() {
        use clap::Parser;
        let cli = crate::cli::Cli::try_parse_from([
            "genesis-runner",
            "--genesis-index",
            "2",
            "--key-name",
            "bob",
            "--genesis-run-stage",
            "gentx",
        ])
        .unwrap();
        let c = Config::from_args(&cli.env, &env()).unwrap();
        assert_eq!(c.chain_id.as_str(), "gonka-mainnet");
        assert_eq!(c.denom.as_str(), "ngonka");
        assert_eq!(c.keyring_backend, KeyringBackend::Test);
        assert_eq!(c.homes.node, PathBuf::from("/root/.inference"));
        assert_eq!(c.homes.keyring, PathBuf::from("/root/.keyring"));
        assert_eq!(c.homes.tmkms, PathBuf::from("/root/.tmkms"));
        assert_eq!(c.homes.artifacts, PathBuf::from("/root/artifacts"));
        assert_eq!(c.account_amount.to_string(), "2000000000ngonka");
        assert_eq!(c.self_delegation.to_string(), "1000000ngonka");
        assert_eq!(c.chain_binary, PathBuf::from("inferenced"));
        assert_eq!(c.ports, Ports { p2p: 26676, rpc: 26677, tmkms: 26678 });
        assert_eq!(c.role, Role::Validator);
        assert_eq!(c.p2p_external_address.to_string(), "host.docker.internal:26676");
        assert_eq!(c.final_genesis_file, PathBuf::from("/root/artifacts/genesis/final_genesis.json"));
        assert!(!c.force);
        assert_eq!((c.snapshot_interval, c.snapshot_keep_recent, c.rest_api_active), (10, 5, false));
    }

    #[rstest]
    #[case(0, 26656, 26657, 26658)]
    #[case(1, 26666, 26667, 26668)]
    #[case(7, 26726, 26727, 26728)]
    #[case(887, 35526, 35527, 35528)]
    fn ports_are_base_plus_stride_times_index(#[case] i: u32, #[case] p2p: u16, #[case] rpc: u16, #[case] tmkms: u16) {
        let s = PortScheme { p2p_base: 26656, rpc_base: 26657, tmkms_base: 26658, stride: 10 };
        assert_eq!(s.derive(GenesisIndex(i)).unwrap(), Ports { p2p, rpc, tmkms });
    }

    #[rstest]
    #[case(PortScheme { p2p_base: 26656, rpc_base: 26657, tmkms_base: 26658, stride: 10 }, 3888, "P2P_PORT = 26656 + 10 * 3888 = 65536 is not a port")]
    #[case(PortScheme { p2p_base: 26656, rpc_base: 26657, tmkms_base: 26658, stride: 10 }, 4_000_000_000, "P2P_PORT = 26656 + 10 * 4000000000")]
    #[case(PortScheme { p2p_base: 26656, rpc_base: 26656, tmkms_base: 26658, stride: 10 }, 1, "collide")]
    #[case(PortScheme { p2p_base: 0, rpc_base: 26657, tmkms_base: 26658, stride: 0 }, 5, "P2P_PORT = 0 + 0 * 5 = 0")]
    fn bad_port_schemes_are_refused(#[case] s: PortScheme, #[case] i: u32, #[case] msg: &str) {
        let e = s.derive(GenesisIndex(i)).unwrap_err().to_string();
        assert!(e.contains(msg), "{e}");
    }

    #[rstest]
    #[case("alice", true)]
    #[case("node-1.v2_x", true)]
    #[case("A", true)]
    #[case("", false)]
    #[case(".hidden", false)]
    #[case("a/b", false)]
    #[case("..", false)]
    #[case("a b", false)]
    #[case("näme", false)]
    #[case("x;rm", false)]
    fn key_names(#[case] s: &str, #[case] ok: bool) {
        assert_eq!(s.parse::<KeyName>().is_ok(), ok, "{s}");
    }

    #[rstest]
    #[case("genesis_index", "-1", "GENESIS_INDEX: \"-1\" is not a non-negative integer")]
    #[case("genesis_index", "99999999999", "GENESIS_INDEX: 99999999999 is too large")]
    #[case("genesis_index", "", "GENESIS_INDEX: required but not set")]
    #[case("genesis_run_stage", "deploy", "GENESIS_RUN_STAGE: unknown stage \"deploy\"")]
    #[case("genesis_role", "validator", "GENESIS_ROLE: validator disagrees with GENESIS_INDEX=0")]
    #[case("genesis_role", "boss", "GENESIS_ROLE: unknown role \"boss\"")]
    #[case("key_name", "../x", "KEY_NAME: \"../x\" starts with a dot")]
    #[case("chain_id", "has space", "CHAIN_ID: chain id \"has space\" contains whitespace")]
    #[case("coin_denom", "n", "COIN_DENOM: invalid denom")]
    #[case("keyring_backend", "os", "KEYRING_BACKEND: \"os\" is not supported")]
    #[case("p2p_base", "http", "P2P_BASE: \"http\" is not an integer")]
    #[case("p2p_external_address", "tcp://:1", "P2P_EXTERNAL_ADDRESS: \"tcp://:1\": invalid host")]
    #[case("force", "maybe", "FORCE: \"maybe\" is not a boolean")]
    #[case("tmkms_timeout", "soon", "TMKMS_TIMEOUT: invalid duration \"soon\"")]
    #[case("snapshot_interval", "-1", "SNAPSHOT_INTERVAL: \"-1\" is not a non-negative integer")]
    #[case("snapshot_interval", "ten", "SNAPSHOT_INTERVAL: \"ten\" is not a non-negative integer")]
    #[case("snapshot_keep_recent", "", "SNAPSHOT_KEEP_RECENT: \"\" is not a non-negative integer")]
    #[case("snapshot_keep_recent", "4294967296", "SNAPSHOT_KEEP_RECENT: 4294967296 is too large")]
    #[case("rest_api_active", "on", "REST_API_ACTIVE: \"on\" is not a boolean")]
    #[case("self_delegation_amount", "9000000000ngonka", "SELF_DELEGATION_AMOUNT: 9000000000ngonka exceeds")]
    #[case("persistent_peers", "abc@h:1", "PERSISTENT_PEERS:")]
    #[case("node_home", "/srv/v0/keyring", "NODE_HOME: /srv/v0/keyring overlaps KEYRING_HOME")]
    #[case("node_home", "/", "NODE_HOME: refusing to use / as a wiped home")]
    #[case("node_home", "/root", "NODE_HOME: refusing to use /root")]
    #[case("artifacts_dir", "/srv/v0/tmkms/pub", "ARTIFACTS_DIR: /srv/v0/tmkms/pub overlaps TMKMS_HOME")]
    fn bad_values_name_their_variable(#[case] field: &str, #[case] value: &str, #[case] msg: &str) {
        let mut a = base();
        let v = value.to_string();
        match field {
            "genesis_index" => a.genesis_index = Some(v),
            "genesis_run_stage" => a.genesis_run_stage = Some(v),
            "genesis_role" => a.genesis_role = Some(v),
            "key_name" => a.key_name = Some(v),
            "chain_id" => a.chain_id = v,
            "coin_denom" => a.coin_denom = v,
            "keyring_backend" => a.keyring_backend = v,
            "p2p_base" => a.p2p_base = v,
            "p2p_external_address" => a.p2p_external_address = Some(v),
            "force" => a.force = Some(v),
            "tmkms_timeout" => a.tmkms_timeout = v,
            "snapshot_interval" => a.snapshot_interval = v,
            "snapshot_keep_recent" => a.snapshot_keep_recent = v,
            "rest_api_active" => a.rest_api_active = Some(v),
            "self_delegation_amount" => a.self_delegation_amount = Some(v),
            "persistent_peers" => a.persistent_peers = Some(v),
            "node_home" => a.node_home = v,
            "artifacts_dir" => a.artifacts_dir = v,
            other => panic!("{other}"),
        }
        let e = Config::from_args(&a, &env()).err().expect("refused").to_string();
        assert!(e.starts_with(msg), "{e}\n  does not start with\n{msg}");
        assert!(!e.contains('\n'));
    }

    #[rstest]
    #[case("120s", 120_000)]
    #[case("500ms", 500)]
    #[case("2m", 120_000)]
    #[case("7", 7_000)]
    #[case("1h", 3_600_000)]
    #[case("1m30s", 90_000)]
    #[case("1.5s", 1_500)]
    #[case(" 4s ", 4_000)]
    fn durations(#[case] s: &str, #[case] ms: u64) {
        assert_eq!(parse_duration("X", s).unwrap(), Duration::from_millis(ms));
    }

    // What the harness's humantime took and Go does not, zero, and negatives.
    #[rstest]
    #[case("1 hour", "unknown unit \" hour\"")]
    #[case("2days", "unknown unit \"days\"")]
    #[case("0s", "must be positive")]
    #[case("0", "must be positive")]
    #[case("-1s", "is negative")]
    #[case("", "invalid duration \"\"")]
    fn bad_durations(#[case] s: &str, #[case] msg: &str) {
        let e = parse_duration("GENESIS_DELAY", s).unwrap_err().to_string();
        assert!(e.starts_with("GENESIS_DELAY: ") && e.contains(msg), "{e}");
    }

    #[rstest]
    #[case("tcp://host.docker.internal:26656", "host.docker.internal", 26656)]
    #[case("1.2.3.4:5000", "1.2.3.4", 5000)]
    #[case("tcp://[::1]:7", "::1", 7)]
    fn host_ports(#[case] s: &str, #[case] host: &str, #[case] port: u16) {
        assert_eq!(HostPort::parse(s).unwrap(), HostPort { host: host.into(), port });
    }
}
