//! `harness`: run a multi-validator genesis ceremony locally, each validator an isolated
//! project, and keep the network running until Ctrl-C. This file only parses the command
//! line and calls the library (`harness::commands`).

use anyhow::Result;
use clap::Parser;
use harness::cli::{BackendKind, Cli, Cmd, Keyring};
use harness::commands::{self, UpFlags};
use harness::project::{KeyringBackend, PortPlan};
use harness::spec::TestnetSpec;

fn main() -> std::process::ExitCode {
    let result = run(Cli::parse());
    // A stop signal came while `up` was still setting up: its thread stops the processes,
    // reports and exits; an error here is most likely that stop seen from the inside.
    while harness::signals::stopping() {
        std::thread::park();
    }
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // `{:#}`: the error and its context on one line (a stage failure adds its log
            // tail), never a backtrace dump.
            harness::procs::say(format_args!("harness: error: {e:#}"));
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Cmd::Up {
            spec,
            validators,
            backend,
            base_port,
            rpc_base,
            tmkms_base,
            work_dir,
            timeout_commit,
            genesis_delay,
            keyring_backend,
            netns,
            hosts,
        } => {
            let spec = match spec {
                Some(file) => TestnetSpec::from_toml_file(&file)?,
                None => commands::spec_of_flags(&UpFlags {
                    validators,
                    backend,
                    ports: PortPlan {
                        p2p_base: base_port,
                        rpc_base: rpc_base.unwrap_or(base_port.saturating_add(1)),
                        tmkms_base: tmkms_base.unwrap_or(base_port.saturating_add(2)),
                        stride: 10,
                    },
                    timeout_commit: &timeout_commit,
                    genesis_delay: &genesis_delay,
                    keyring: match keyring_backend {
                        Keyring::Test => KeyringBackend::Test,
                        Keyring::File => KeyringBackend::File,
                    },
                    netns,
                    hosts: hosts.as_deref(),
                })?,
            };
            Ok(commands::up(&spec, &work_dir)?)
        }
        Cmd::Status { work_dir } => Ok(commands::status(&work_dir)?),
        Cmd::Down { work_dir, keep, grace } => Ok(commands::down(&work_dir, keep, grace)?),
        Cmd::Report { work_dir, open } => Ok(commands::report(&work_dir, open)?),
        Cmd::Perturb { node, fault, hold, work_dir } => Ok(commands::perturb(&work_dir, &node, fault, hold)?),
        Cmd::Bench { sizes, backend, runs, genesis_delay, hosts } => {
            let sizes =
                sizes.unwrap_or_else(|| if backend == BackendKind::Docker { "4".into() } else { "4,16".into() });
            // The delay is refused before any network is built.
            commands::bench_spec(1, backend, &genesis_delay)?;
            Ok(commands::bench(&sizes, backend, runs, &genesis_delay, hosts.as_deref())?)
        }
    }
}
