//! `simchaind`: the stand-in for `inferenced`. Same commands, flags, files and formats; see
//! the crate README in the workspace for what is and is not simulated.

use std::process::ExitCode;

mod cli;
mod commands;
mod config_edit;
mod home;
mod node;
mod templates;

fn main() -> ExitCode {
    let cli = <cli::Cli as clap::Parser>::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The SDK prints one `Error: ...` line; callers (the runner) show it verbatim.
            let msg = format!("{e:#}").replace('\n', " ");
            eprintln!("Error: {msg}");
            ExitCode::FAILURE
        }
    }
}
