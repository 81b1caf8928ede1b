//! The command surface, mirroring `inferenced` (Cosmos SDK 0.50 / CometBFT 0.38).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "simchaind", version, about = "Stand-in for the inferenced chain daemon (Cosmos SDK CLI surface)")]
pub struct Cli {
    /// Bech32 prefix of account addresses (the real daemon compiles it in).
    #[arg(long, global = true, env = "SIMCHAIN_BECH32_PREFIX", default_value = "gonka", hide = true)]
    pub bech32_prefix: String,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Clone)]
pub struct HomeArg {
    /// Directory for config and data (default: $HOME/.inference)
    #[arg(long)]
    pub home: Option<PathBuf>,
}

#[derive(Args, Clone)]
pub struct KeyringArgs {
    /// Select keyring's backend (test|file)
    #[arg(long, default_value = "os")]
    pub keyring_backend: String,
    /// The client Keyring directory; if omitted, the default 'home' directory will be used
    #[arg(long)]
    pub keyring_dir: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Output {
    Text,
    Json,
}

// Parsed once per process; boxing the big variants would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub enum Command {
    /// Initialize private validator, p2p, genesis, and application configuration files
    Init(InitArgs),
    /// Utilities for managing application configuration
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Manage your application's keys
    #[command(subcommand)]
    Keys(KeysCmd),
    /// Application's genesis-related subcommands
    #[command(subcommand)]
    Genesis(GenesisCmd),
    /// Run the full node
    Start {
        #[command(flatten)]
        home: HomeArg,
    },
    /// Query remote node for status
    Status {
        /// <host>:<port> to CometBFT RPC interface for this chain
        #[arg(long, default_value = "tcp://localhost:26657")]
        node: String,
    },
    /// CometBFT subcommands
    #[command(subcommand, alias = "comet", alias = "cometbft")]
    Tendermint(TendermintCmd),
}

#[derive(Args)]
pub struct InitArgs {
    pub moniker: String,
    /// genesis file chain-id
    #[arg(long)]
    pub chain_id: String,
    /// genesis file default denomination
    #[arg(long, default_value = "stake")]
    pub default_denom: String,
    /// overwrite the genesis.json file
    #[arg(short = 'o', long)]
    pub overwrite: bool,
    #[command(flatten)]
    pub home: HomeArg,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum ConfigFile {
    Client,
    App,
    Config,
}

#[derive(Subcommand)]
pub enum ConfigCmd {
    /// Set an application config value
    Set {
        file: ConfigFile,
        key: String,
        value: String,
        /// skip configuration validation
        #[arg(long)]
        skip_validate: bool,
        #[command(flatten)]
        home: HomeArg,
    },
    /// Get an application config value
    Get {
        file: ConfigFile,
        key: String,
        #[command(flatten)]
        home: HomeArg,
    },
}

#[derive(Subcommand)]
pub enum KeysCmd {
    /// Add an encrypted private key (either newly generated or recovered)
    Add {
        name: String,
        /// Provide seed phrase to recover existing key instead of creating
        #[arg(long)]
        recover: bool,
        #[arg(long, value_enum, default_value = "text")]
        output: Output,
        #[command(flatten)]
        keyring: KeyringArgs,
        #[command(flatten)]
        home: HomeArg,
    },
    /// Retrieve key information by name or address
    Show {
        name: String,
        /// Output the address only
        #[arg(short = 'a', long)]
        address: bool,
        /// The Bech32 prefix encoding for a key (acc|val|cons)
        #[arg(long, default_value = "acc")]
        bech: String,
        #[arg(long, value_enum, default_value = "text")]
        output: Output,
        #[command(flatten)]
        keyring: KeyringArgs,
        #[command(flatten)]
        home: HomeArg,
    },
    /// List all keys
    List {
        #[arg(long, value_enum, default_value = "text")]
        output: Output,
        #[command(flatten)]
        keyring: KeyringArgs,
        #[command(flatten)]
        home: HomeArg,
    },
}

#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub enum GenesisCmd {
    /// Add a genesis account to genesis.json
    AddGenesisAccount {
        address_or_key_name: String,
        coins: String,
        /// amount of coins for vesting accounts
        #[arg(long, default_value = "")]
        vesting_amount: String,
        /// schedule start time (unix epoch) for vesting accounts
        #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
        vesting_start_time: i64,
        /// schedule end time (unix epoch) for vesting accounts
        #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
        vesting_end_time: i64,
        /// append the coins to an account already in the genesis.json file
        #[arg(long)]
        append: bool,
        /// module account name
        #[arg(long, default_value = "")]
        module_name: String,
        #[command(flatten)]
        keyring: KeyringArgs,
        #[command(flatten)]
        home: HomeArg,
    },
    /// Generate a genesis tx carrying a self delegation
    Gentx(GentxArgs),
    /// Collect genesis txs and output a genesis.json file
    CollectGentxs {
        /// override default "gentx" directory from which collect and execute genesis transactions
        #[arg(long)]
        gentx_dir: Option<PathBuf>,
        #[command(flatten)]
        home: HomeArg,
    },
    /// Apply the genparticipant files (participants, authz grants, warm-key accounts) to genesis.json
    PatchGenesis {
        /// Directory of genparticipant-*.json files (default: <home>/config/genparticipant)
        #[arg(long)]
        genparticipant_dir: Option<PathBuf>,
        /// Declared by the real command and never read
        #[arg(long)]
        gentx_dir: Option<PathBuf>,
        #[command(flatten)]
        home: HomeArg,
    },
    /// Validates the genesis file at the default location or at the location passed as an arg
    #[command(alias = "validate-genesis")]
    Validate {
        file: Option<PathBuf>,
        #[command(flatten)]
        home: HomeArg,
    },
}

/// `genesis gentx` as gonka's `custom_gentx.go` defines it: the SDK's create-validator and tx
/// flags plus the required `--ml-operational-address` and `--url`. `--output-document`, `--ip`
/// and `--p2p-port` are accepted and, as in the real command, have no effect: the files always
/// go to `<home>/config/gentx/gentx-<node-id>.json` and
/// `<home>/config/genparticipant/genparticipant-<node-id>.json`, and the memo stays empty.
#[derive(Args)]
pub struct GentxArgs {
    pub key_name: String,
    pub amount: String,
    /// The network chain ID (default: client.toml's chain-id, else "inference")
    #[arg(long)]
    pub chain_id: Option<String>,
    /// The validator's consensus public key: base64 of the 32-byte ed25519 key
    #[arg(long)]
    pub pubkey: Option<String>,
    /// Bech32 address of the ML operational (warm) key that receives the authz grants
    #[arg(long, required = true)]
    pub ml_operational_address: String,
    /// The participant's public URL
    #[arg(long, required = true)]
    pub url: String,
    /// The validator's (optional) moniker
    #[arg(long)]
    pub moniker: Option<String>,
    /// The node's NodeID
    #[arg(long)]
    pub node_id: Option<String>,
    /// The node's public IP (no effect: the real command drops the memo it would make)
    #[arg(long)]
    pub ip: Option<String>,
    /// The node's public P2P port (no effect, as --ip)
    #[arg(long, default_value_t = 26656)]
    pub p2p_port: u16,
    /// Declared by the real command and never read: the files go to fixed paths
    #[arg(long)]
    pub output_document: Option<PathBuf>,
    /// Amount of coins to bond (the positional amount wins, as in the real command)
    #[arg(long = "amount")]
    pub amount_flag: Option<String>,
    #[arg(long, default_value = "0.1")]
    pub commission_rate: String,
    #[arg(long, default_value = "0.2")]
    pub commission_max_rate: String,
    #[arg(long, default_value = "0.01")]
    pub commission_max_change_rate: String,
    #[arg(long, default_value = "1")]
    pub min_self_delegation: String,
    #[arg(long, default_value = "")]
    pub identity: String,
    #[arg(long, default_value = "")]
    pub website: String,
    #[arg(long, default_value = "")]
    pub security_contact: String,
    #[arg(long, default_value = "")]
    pub details: String,
    /// Account number of the signing account (offline mode only); genesis txs use 0
    #[arg(long, default_value_t = 0)]
    pub account_number: u64,
    /// Sequence number of the signing account (offline mode only); genesis txs use 0
    #[arg(long, default_value_t = 0)]
    pub sequence: u64,
    /// Gas limit to set per-transaction
    #[arg(long, default_value = "200000")]
    pub gas: String,
    /// Note to add a description to the transaction (the memo)
    #[arg(long, default_value = "")]
    pub note: String,
    #[command(flatten)]
    pub keyring: KeyringArgs,
    #[command(flatten)]
    pub home: HomeArg,
}

// The variant names are the CLI's command names (`show-node-id`, ...).
#[allow(clippy::enum_variant_names)]
#[derive(Subcommand)]
pub enum TendermintCmd {
    /// Show this node's ID
    ShowNodeId {
        #[command(flatten)]
        home: HomeArg,
    },
    /// Show this node's CometBFT validator info
    ShowValidator {
        #[command(flatten)]
        home: HomeArg,
    },
    /// Shows this node's CometBFT validator consensus address
    ShowAddress {
        #[command(flatten)]
        home: HomeArg,
    },
}

impl Command {
    /// The `--home` this command was given, if it takes one; `None` for a command without
    /// the flag or given none: both mean `$HOME/.inference`, as for the real root command.
    pub fn home(&self) -> Option<&std::path::Path> {
        let arg = match self {
            Command::Init(a) => &a.home,
            Command::Config(ConfigCmd::Set { home, .. } | ConfigCmd::Get { home, .. }) => home,
            Command::Keys(KeysCmd::Add { home, .. } | KeysCmd::Show { home, .. } | KeysCmd::List { home, .. }) => home,
            Command::Genesis(g) => match g {
                GenesisCmd::AddGenesisAccount { home, .. }
                | GenesisCmd::CollectGentxs { home, .. }
                | GenesisCmd::PatchGenesis { home, .. }
                | GenesisCmd::Validate { home, .. } => home,
                GenesisCmd::Gentx(a) => &a.home,
            },
            Command::Start { home } => home,
            Command::Status { .. } => return None,
            Command::Tendermint(
                TendermintCmd::ShowNodeId { home }
                | TendermintCmd::ShowValidator { home }
                | TendermintCmd::ShowAddress { home },
            ) => home,
        };
        arg.home.as_deref()
    }

    /// The chain id the client config gets when the root command creates it: `--chain-id`
    /// when this command has that flag and it was given (`client.ReadPersistentCommandFlags`).
    pub fn chain_id_flag(&self) -> Option<&str> {
        match self {
            Command::Init(a) => Some(&a.chain_id),
            Command::Genesis(GenesisCmd::Gentx(a)) => a.chain_id.as_deref(),
            _ => None,
        }
    }
}
