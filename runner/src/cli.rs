//! The command line and environment contract, as raw strings.
//!
//! Every variable of the spec's environment contract is also a flag (clap `env`), so `--help`
//! documents the whole contract. Values stay strings here on purpose: [`crate::config`] parses
//! them once, with one-line errors that name the variable, before anything touches the disk.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "genesis-runner",
    version,
    about = "Multi-validator genesis ceremony: one entrypoint for every GENESIS_RUN_STAGE",
    after_help = "Exit codes: 0 ok, 1 internal error, 2 configuration error, 3 missing or invalid \
input artifact, 4 outputs exist (set FORCE=1), 5 chain binary failed, 6 tmkms/remote signer \
failed, 7 refused as unsafe, 8 filesystem error.\n\nCONFIG_<section>__<key>=<value> variables \
are applied to NODE_HOME/config/config.toml at start and restart (e.g. \
CONFIG_p2p__allow_duplicate_ip=true)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub env: EnvArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the stage GENESIS_RUN_STAGE names (what running without a subcommand does)
    Stage,
    /// tmkms container entrypoint: prepare TMKMS_HOME (keys and tmkms.toml, only when absent),
    /// then exec `tmkms start -c TMKMS_HOME/tmkms.toml`
    Kms,
    /// Check received public artifacts (gentx, genesis, val_pubkey.json, peers file, manifest,
    /// or whole artifact directories); one `OK`/`FAIL` line per file, exit 0 only if all are OK
    Verify {
        /// Files or directories to check
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Print the TCP ports this network namespace listens on (from /proc/net/tcp and tcp6),
    /// one per line: what listens inside a FROM-scratch container, seen through an exec
    Ports,
}

#[derive(Args, Debug, Clone, Default)]
pub struct EnvArgs {
    /// keygen | intermediate_genesis | gentx | start | restart
    #[arg(long, env = "GENESIS_RUN_STAGE", global = true)]
    pub genesis_run_stage: Option<String>,
    /// coordinator | validator (optional; must agree with GENESIS_INDEX: 0 is the coordinator)
    #[arg(long, env = "GENESIS_ROLE", global = true)]
    pub genesis_role: Option<String>,
    /// Non-negative integer; ports derive from it; 0 designates the coordinator
    #[arg(long, env = "GENESIS_INDEX", global = true)]
    pub genesis_index: Option<String>,
    /// Key alias and moniker; [A-Za-z0-9._-], no leading dot (it names artifact files)
    #[arg(long, env = "KEY_NAME", global = true)]
    pub key_name: Option<String>,

    /// Node home: ephemeral until the final start, wiped between stages
    #[arg(long, env = "NODE_HOME", default_value = "/root/.inference", global = true)]
    pub node_home: String,
    /// Persistent account keyring (and the node key, see README); never moved
    #[arg(long, env = "KEYRING_HOME", default_value = "/root/.keyring", global = true)]
    pub keyring_home: String,
    /// Persistent tmkms home (consensus key); used by the kms mode only
    #[arg(long, env = "TMKMS_HOME", default_value = "/root/.tmkms", global = true)]
    pub tmkms_home: String,
    /// Public artifacts exchanged between hosts
    #[arg(long, env = "ARTIFACTS_DIR", default_value = "/root/artifacts", global = true)]
    pub artifacts_dir: String,

    #[arg(long, env = "CHAIN_ID", default_value = "gonka-mainnet", global = true)]
    pub chain_id: String,
    #[arg(long, env = "COIN_DENOM", default_value = "ngonka", global = true)]
    pub coin_denom: String,
    /// test | file
    #[arg(long, env = "KEYRING_BACKEND", default_value = "test", global = true)]
    pub keyring_backend: String,
    /// Passphrase for KEYRING_BACKEND=file (fed to the chain binary on stdin, never logged)
    #[arg(long, env = "KEYRING_PASSWORD", hide_env_values = true, global = true)]
    pub keyring_password: Option<String>,
    /// A file holding that passphrase (one line), e.g. a compose secret under /run/secrets:
    /// unlike an environment variable it does not show in `docker inspect`
    #[arg(long, env = "KEYRING_PASSWORD_FILE", global = true)]
    pub keyring_password_file: Option<String>,
    /// Where keygen writes each new key's mnemonic (`<dir>/<key name>.txt`, 0600, dir 0700),
    /// e.g. a removable medium for an offline backup. Without it: `KEYRING_HOME/mnemonics/`
    /// with the unencrypted `test` keyring; not stored at all with `file` (a clear-text
    /// mnemonic beside an encrypted keyring would make its passphrase pointless)
    #[arg(long, env = "MNEMONIC_BACKUP_DIR", global = true)]
    pub mnemonic_backup_dir: Option<String>,
    /// Coins each genesis account gets [default: 2000000000<COIN_DENOM>]
    #[arg(long, env = "GENESIS_ACCOUNT_AMOUNT", global = true)]
    pub genesis_account_amount: Option<String>,
    /// Self-delegation of each gentx [default: 1000000<COIN_DENOM>]
    #[arg(long, env = "SELF_DELEGATION_AMOUNT", global = true)]
    pub self_delegation_amount: Option<String>,
    /// The chain daemon (path or name on PATH)
    #[arg(long, env = "CHAIN_BINARY", default_value = "inferenced", global = true)]
    pub chain_binary: String,

    #[arg(long, env = "P2P_BASE", default_value = "26656", global = true)]
    pub p2p_base: String,
    #[arg(long, env = "RPC_BASE", default_value = "26657", global = true)]
    pub rpc_base: String,
    #[arg(long, env = "TMKMS_BASE", default_value = "26658", global = true)]
    pub tmkms_base: String,
    /// PORT = BASE + PORT_STRIDE * GENESIS_INDEX
    #[arg(long, env = "PORT_STRIDE", default_value = "10", global = true)]
    pub port_stride: String,
    /// Address peers dial, tcp://host:port [default: tcp://host.docker.internal:<P2P_PORT>]
    #[arg(long, env = "P2P_EXTERNAL_ADDRESS", global = true)]
    pub p2p_external_address: Option<String>,
    /// Host the node listens on for P2P, RPC and tmkms
    #[arg(long, env = "LISTEN_HOST", default_value = "0.0.0.0", global = true)]
    pub listen_host: String,
    /// Comma-separated id@host:port; overrides PERSISTENT_PEERS_FILE for validators
    #[arg(long, env = "PERSISTENT_PEERS", global = true)]
    pub persistent_peers: Option<String>,
    /// [default: ARTIFACTS_DIR/peers/persistent_peers.txt]
    #[arg(long, env = "PERSISTENT_PEERS_FILE", global = true)]
    pub persistent_peers_file: Option<String>,
    /// [default: ARTIFACTS_DIR/genesis/intermediate_genesis.json]
    #[arg(long, env = "INTERMEDIATE_GENESIS_FILE", global = true)]
    pub intermediate_genesis_file: Option<String>,
    /// [default: ARTIFACTS_DIR/genesis/final_genesis.json]
    #[arg(long, env = "FINAL_GENESIS_FILE", global = true)]
    pub final_genesis_file: Option<String>,

    /// Coordinator: a JSON file of gonka's denom.json shape (`{"app_state":{"bank":{"denom_metadata":[…]}}}`)
    /// merged into the intermediate genesis after `init` [default: gonka's denom.json for ngonka];
    /// it must hold an entry whose base is COIN_DENOM
    #[arg(long, env = "DENOM_METADATA_FILE", global = true)]
    pub denom_metadata_file: Option<String>,
    /// Coordinator: extra genesis accounts, one `<address> <coins> [--vesting-amount <coins>]
    /// [--vesting-start-time <unix>] [--vesting-end-time <unix>]` a line (README: GENESIS_ACCOUNTS_FILE)
    #[arg(long, env = "GENESIS_ACCOUNTS_FILE", global = true)]
    pub genesis_accounts_file: Option<String>,
    /// Coordinator: comma-separated JSON files deep-merged into the intermediate genesis, in
    /// order, after the accounts, as jq's `. * input` (objects merged, everything else replaced)
    #[arg(long, env = "GENESIS_OVERRIDES_FILE", global = true)]
    pub genesis_overrides_file: Option<String>,

    /// This participant's public URL, put in its genparticipant file (gentx)
    #[arg(long, env = "PUBLIC_URL", default_value = "http://localhost:9000", global = true)]
    pub public_url: String,
    /// Bech32 address of the ML operational (warm) key when it lives on another machine;
    /// unset: keygen creates <KEY_NAME>_warm beside the account key
    #[arg(long, env = "ML_OPERATIONAL_ADDRESS", global = true)]
    pub ml_operational_address: Option<String>,
    /// Coordinator: the final genesis_time, RFC 3339 UTC (e.g. 2026-12-03T10:00:00Z)
    #[arg(long, env = "GENESIS_TIME", global = true)]
    pub genesis_time: Option<String>,
    /// Coordinator: genesis_time = the moment start runs + this delay, e.g. 30s or 10m
    #[arg(long, env = "GENESIS_DELAY", global = true)]
    pub genesis_delay: Option<String>,
    /// Validators: the sha256 of final_genesis.json the coordinator published; start refuses
    /// any other file
    #[arg(long, env = "FINAL_GENESIS_SHA256", global = true)]
    pub final_genesis_sha256: Option<String>,

    /// 1 redoes a finished stage's outputs (keys are never regenerated or deleted)
    #[arg(long, env = "FORCE", global = true)]
    pub force: Option<String>,
    /// 1 prepares NODE_HOME at start/restart and prints the node command instead of exec'ing it
    #[arg(long, env = "NO_START", global = true)]
    pub no_start: Option<String>,
    /// How long keygen waits for tmkms to dial in and answer, e.g. 120s
    #[arg(long, env = "TMKMS_TIMEOUT", default_value = "120s", global = true)]
    pub tmkms_timeout: String,
    /// cosmovisor to run the node under [default: `cosmovisor` when on PATH, else none]
    #[arg(long, env = "COSMOVISOR_BIN", global = true)]
    pub cosmovisor_bin: Option<String>,

    /// Blocks between state-sync snapshots (app.toml state-sync.snapshot-interval), as
    /// gonka's init-docker.sh and init-docker-genesis.sh read it
    #[arg(long, env = "SNAPSHOT_INTERVAL", default_value = "10", global = true)]
    pub snapshot_interval: String,
    /// Snapshots kept (app.toml state-sync.snapshot-keep-recent)
    #[arg(long, env = "SNAPSHOT_KEEP_RECENT", default_value = "5", global = true)]
    pub snapshot_keep_recent: String,
    /// true enables the REST API in app.toml (api.enable, api.address tcp://0.0.0.0:1317)
    #[arg(long, env = "REST_API_ACTIVE", global = true)]
    pub rest_api_active: Option<String>,

    /// kms mode: the tmkms binary
    #[arg(long, env = "TMKMS_BIN", default_value = "tmkms", global = true)]
    pub tmkms_bin: String,
    /// kms mode: host of the node's TMKMS port (the node service name in compose)
    #[arg(long, env = "TMKMS_NODE_HOST", default_value = "127.0.0.1", global = true)]
    pub tmkms_node_host: String,
    /// kms mode: node id tmkms pins [default: ARTIFACTS_DIR/validators/<KEY_NAME>/node_id.txt when present]
    #[arg(long, env = "NODE_ID", global = true)]
    pub node_id: Option<String>,
}
