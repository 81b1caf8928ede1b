//! `simchaind`: the stand-in for `inferenced`. Same commands, flags, files and formats; see
//! the crate README in the workspace for what is and is not simulated.

use std::process::ExitCode;

mod cli;
mod commands;
mod config_edit;
mod home;
mod node;
mod templates;

/// Cobra's words and exit status 1 for a bad command line, as the real daemon prints them
/// (`required flag(s) "url" not set`, `unknown flag: --foo`), instead of clap's usage text.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let args: Vec<String> = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(v)) => vec![v.clone()],
        _ => vec![],
    };
    let flag = |a: &str| a.split_whitespace().next().unwrap_or(a).trim_start_matches('-').to_string();
    let msg = match e.kind() {
        ErrorKind::MissingRequiredArgument if args.iter().all(|a| a.starts_with("--")) => format!(
            "required flag(s) {} not set",
            args.iter().map(|a| format!("\"{}\"", flag(a))).collect::<Vec<_>>().join(", ")
        ),
        ErrorKind::UnknownArgument => format!("unknown flag: {}", args.first().map(String::as_str).unwrap_or("?")),
        _ => e.to_string().lines().next().unwrap_or("invalid arguments").trim_start_matches("error: ").to_string(),
    };
    error_line(&msg);
    ExitCode::FAILURE
}

/// The one `Error:` line; a closed stderr (the log pipe of a stopping supervisor) is no reason
/// to panic with another exit code.
fn error_line(msg: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "Error: {msg}");
}

fn main() -> ExitCode {
    let cli = match <cli::Cli as clap::Parser>::try_parse() {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The SDK prints one `Error: ...` line; callers (the runner) show it verbatim.
            let msg = format!("{e:#}").replace('\n', " ");
            error_line(&msg);
            ExitCode::FAILURE
        }
    }
}
