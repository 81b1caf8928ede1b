use clap::Parser;
use runner::chain_cli::ProcessChainCli;
use runner::cli::{Cli, Command};
use runner::config::{Config, Environment, KmsConfig};
use runner::ExitCode;
use std::io::Write;

/// One line on stderr, then the documented exit code.
fn die(code: ExitCode, msg: impl std::fmt::Display) -> ! {
    // A chain CLI call a stop signal ended fails too: the stop decides the exit.
    runner::init::yield_to_stop();
    let line = msg.to_string().replace('\n', " ");
    // A closed stderr (a log pipe gone) is no reason to panic instead of exiting.
    let _ = writeln!(std::io::stderr(), "genesis-runner: error: {line}");
    std::process::exit(code as i32)
}

fn main() {
    // Test builds only (feature `failpoints`): FAILPOINTS names the power cuts to make.
    #[cfg(feature = "failpoints")]
    let _power_cuts = fail::FailScenario::setup();
    let cli = Cli::parse();
    // Container logs and CI files are not terminals: colour codes would only be noise there.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_target(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    // Before any stage work: as a container's PID 1 the runner
    // answers `docker stop` itself.
    if let Err(e) = runner::init::install() {
        die(ExitCode::Internal, format!("stop signal handling: {e}"));
    }
    let env = Environment::from_process();
    match cli.command.unwrap_or(Command::Stage) {
        Command::Stage => {
            let cfg = Config::from_args(&cli.env, &env).unwrap_or_else(|e| die(ExitCode::Config, e));
            let chain = ProcessChainCli {
                binary: cfg.chain_binary.clone(),
                home: cfg.homes.node.clone(),
                keyring_backend: cfg.keyring_backend,
                keyring_dir: cfg.homes.keyring.clone(),
                password: cfg.keyring_password.clone(),
            };
            let out = runner::stage::run(&cfg, &chain).unwrap_or_else(|e| die(e.exit_code(), e));
            if let Some(launch) = out.launch {
                if cfg.no_start {
                    println!("{}", launch.display());
                    return;
                }
                let err = launch.exec();
                die(ExitCode::ChainCli, err);
            }
        }
        Command::Kms => {
            let cfg = KmsConfig::from_args(&cli.env, &env).unwrap_or_else(|e| die(ExitCode::Config, e));
            let home = runner::kms::prepare(&cfg).unwrap_or_else(|e| die(ExitCode::Signer, e));
            if cfg.no_start {
                println!("{} start -c {}", cfg.tmkms_bin.display(), home.config().display());
                return;
            }
            die(ExitCode::Signer, runner::kms::exec(&cfg, &home));
        }
        Command::Ports => {
            let ports = runner::ports::listening(std::path::Path::new("/proc/net"))
                .unwrap_or_else(|e| die(ExitCode::Internal, e));
            for p in ports {
                println!("{p}");
            }
        }
        Command::Verify { paths } => {
            let chain_id = runner::config::chain_id(&cli.env.chain_id).unwrap_or_else(|e| die(ExitCode::Config, e));
            let lines = runner::verify::verify(&chain_id, &paths);
            let mut ok = !lines.is_empty();
            for l in &lines {
                println!("{l}");
                ok &= l.result.is_ok();
            }
            if !ok {
                std::process::exit(ExitCode::Artifact as i32);
            }
        }
    }
}
