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
    /// Validates the genesis file at the default location or at the location passed as an arg
    #[command(alias = "validate-genesis")]
    Validate {
        file: Option<PathBuf>,
        #[command(flatten)]
        home: HomeArg,
    },
}

#[derive(Args)]
pub struct GentxArgs {
    pub key_name: String,
    pub amount: String,
    /// The network chain ID
    #[arg(long)]
    pub chain_id: Option<String>,
    /// The validator's Protobuf JSON encoded public key
    #[arg(long)]
    pub pubkey: Option<String>,
    /// The validator's (optional) moniker
    #[arg(long)]
    pub moniker: Option<String>,
    /// The node's NodeID
    #[arg(long)]
    pub node_id: Option<String>,
    /// The node's public IP (puts `<node-id>@<ip>:<p2p-port>` in the memo)
    #[arg(long)]
    pub ip: Option<String>,
    /// The node's public P2P port
    #[arg(long, default_value_t = 26656)]
    pub p2p_port: u16,
    /// Write the genesis transaction JSON document to the given file instead of the default location
    #[arg(long)]
    pub output_document: Option<PathBuf>,
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
