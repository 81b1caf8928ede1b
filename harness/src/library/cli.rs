//! `harness`'s command line: what each command takes, as clap parses it. The binary's
//! `main.rs` parses with [`Cli`] and calls the library; a test parses every documented
//! command here.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

/// How long `harness down` waits for `up` to stop its network before SIGKILL: `up` gives
/// each service 5 s, nodes then signers.
pub const DOWN_GRACE: &str = "15s";

#[derive(Parser)]
#[command(
    name = "harness",
    version,
    about = "Run a multi-validator genesis ceremony locally, one isolated project per validator"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Cmd,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum BackendKind {
    Process,
    Docker,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Keyring {
    Test,
    File,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Run the whole ceremony from empty directories and keep the network up until Ctrl-C
    Up {
        /// The testnet as a TOML file (docs/testnet-spec.md): validators, backend, ports,
        /// timing, genesis overrides and scheduled perturbations; the other network flags
        /// build the same spec and cannot be given with it
        #[arg(long, value_name = "testnet.toml", conflicts_with_all = [
            "validators", "backend", "base_port", "rpc_base", "tmkms_base", "timeout_commit",
            "genesis_delay", "keyring_backend", "netns", "hosts",
        ])]
        spec: Option<PathBuf>,
        #[arg(long, default_value_t = 3)]
        validators: usize,
        #[arg(long, value_enum, default_value = "process")]
        backend: BackendKind,
        /// P2P base port; node i's P2P port is base + 10 i (the spec's scheme)
        #[arg(long, default_value_t = 26656)]
        base_port: u16,
        /// RPC base port [default: base-port + 1]
        #[arg(long)]
        rpc_base: Option<u16>,
        /// TMKMS base port [default: base-port + 2]
        #[arg(long)]
        tmkms_base: Option<u16>,
        #[arg(long, default_value = ".harness")]
        work_dir: PathBuf,
        #[arg(long, default_value = "1s")]
        timeout_commit: String,
        /// genesis_time = the coordinator's start + this (the runner's GENESIS_DELAY)
        #[arg(long, default_value = crate::project::GENESIS_DELAY)]
        genesis_delay: String,
        #[arg(long, value_enum, default_value = "test")]
        keyring_backend: Keyring,
        /// Process backend: run each host in a network namespace of its own, at its own
        /// address on a bridge the harness creates (needs root); `perturb … disconnect` then
        /// cuts a host off for real
        #[arg(long)]
        netns: bool,
        /// Docker backend: run each validator on the machine this file gives it (one [[host]]
        /// per validator: `engine` = its DOCKER_HOST, unix:// or tcp://; `address` = where
        /// peers reach it); without it every project runs on the local engine
        #[arg(long, value_name = "hosts.toml")]
        hosts: Option<PathBuf>,
    },
    /// Show height and peers of a network started by `up`
    Status {
        #[arg(long, default_value = ".harness")]
        work_dir: PathBuf,
    },
    /// Inject a fault into one node of a network started by `up`, heal it after --for, and
    /// print what the network did and the check report
    Perturb {
        /// The node, e.g. val-2
        node: String,
        /// kill (SIGKILL, back with the restart stage), pause (SIGSTOP/docker pause), restart
        /// (clean stop, restart stage), kill-signer (SIGKILL of its tmkms, started again),
        /// disconnect (docker: the node container off its networks; process backend: the
        /// host's link down, with `up --netns`)
        fault: crate::faults::Fault,
        /// How long the fault holds before it is healed
        #[arg(long = "for", default_value = "10s", value_parser = crate::spec::parse_duration)]
        hold: Duration,
        #[arg(long, default_value = ".harness")]
        work_dir: PathBuf,
    },
    /// Stop a network started by `up` (SIGTERM to it, SIGKILL after --grace) and remove its
    /// directories
    Down {
        #[arg(long, default_value = ".harness")]
        work_dir: PathBuf,
        /// Keep the project directories for inspection
        #[arg(long)]
        keep: bool,
        /// How long `up` gets to stop its network before it and its processes are SIGKILLed
        #[arg(long, default_value = DOWN_GRACE, value_parser = crate::spec::parse_duration)]
        grace: Duration,
    },
    /// Render report.html again from the report.json of a kept work dir
    Report {
        #[arg(long, default_value = ".harness")]
        work_dir: PathBuf,
        /// Open it in the desktop's browser (xdg-open)
        #[arg(long)]
        open: bool,
    },
    /// Time empty directories → height 5 (timeout_commit 100 ms) for each N in --sizes
    Bench {
        /// Network sizes [default: 4,16 on the process backend, 4 on docker]
        #[arg(long)]
        sizes: Option<String>,
        #[arg(long, value_enum, default_value = "process")]
        backend: BackendKind,
        /// Runs per size; the median is the figure
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// The runner's GENESIS_DELAY; near zero (e.g. 1ms) times the machinery without the
        /// ceremony's fixed wait for genesis_time
        #[arg(long, default_value = crate::project::GENESIS_DELAY)]
        genesis_delay: String,
        /// Docker backend: each validator on the machine this file gives it (as `up --hosts`);
        /// every size must be the file's number of hosts
        #[arg(long, value_name = "hosts.toml")]
        hosts: Option<PathBuf>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every command the documents show is parsed by harness/tests/docs.rs, read from the
    // documents themselves.
    #[test]
    fn a_spec_with_flags_does_not_parse() {
        let e = match Cli::try_parse_from(["harness", "up", "--spec", "t.toml", "--validators", "3"]) {
            Ok(_) => panic!("--spec with --validators parsed"),
            Err(e) => e,
        };
        assert_eq!(e.kind(), clap::error::ErrorKind::ArgumentConflict);
        assert!(Cli::try_parse_from(["harness", "perturb", "val-2", "explode"]).is_err());
    }
}
