//! Where the three programs a project runs come from.

use crate::HarnessError;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Clone, Debug)]
pub struct Binaries {
    pub runner: PathBuf,
    pub chain: PathBuf,
    pub tmkms: PathBuf,
}

impl Binaries {
    /// `GENESIS_RUNNER_BIN`/`CHAIN_BINARY`/`TMKMS_BIN` when set, else the programs next to this
    /// executable (one cargo target dir builds them all). When run through `cargo run` and they
    /// are missing, they are built first, so the README's one command works on a fresh clone.
    pub fn locate() -> Result<Binaries, HarnessError> {
        let here = std::env::current_exe()
            .ok()
            .and_then(|p| p.parent().map(profile_dir))
            .unwrap_or_else(|| PathBuf::from("."));
        let pick = |var: &str, name: &str| std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| here.join(name));
        let bins = Binaries {
            runner: pick("GENESIS_RUNNER_BIN", "genesis-runner"),
            chain: pick("CHAIN_BINARY", "simchaind"),
            tmkms: pick("TMKMS_BIN", "tmkms"),
        };
        let missing = [&bins.runner, &bins.chain, &bins.tmkms].iter().any(|p| !p.exists());
        if missing {
            if let Some(cargo) = std::env::var_os("CARGO") {
                let profile = here.file_name().and_then(|n| n.to_str()).unwrap_or("debug");
                let profile = if profile == "debug" { "dev" } else { profile };
                let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
                crate::procs::say(format_args!("building genesis-runner, simchaind and tmkms ({profile}) ..."));
                // The harness among them: cargo unifies features per invocation, and with the
                // harness's own (workspace-hack evens out the rest) every dependency it shares
                // with the three is already built, not built again with other features.
                let mut build = Command::new(cargo);
                // What `cargo run` set for the harness itself (CARGO_MANIFEST_DIR=…/harness,
                // CARGO_PKG_NAME=harness…) is not this build's: build scripts that watch those
                // variables (ring's, through `rerun-if-env-changed`) would run again, and all
                // that depends on them (rustls, bollard, the harness) be compiled a second time.
                for (var, _) in std::env::vars_os() {
                    if var.to_str().is_some_and(set_by_cargo_run) {
                        build.env_remove(&var);
                    }
                }
                let status = build
                    .args([
                        "build",
                        "--profile",
                        profile,
                        "-p",
                        "harness",
                        "-p",
                        "runner",
                        "-p",
                        "simchain",
                        "-p",
                        "kms",
                        "--manifest-path",
                    ])
                    .arg(&manifest)
                    .status()
                    .map_err(|e| HarnessError::Binary { name: "cargo".into(), hint: e.to_string() })?;
                if !status.success() {
                    return Err(HarnessError::Binary {
                        name: "genesis-runner".into(),
                        hint: "cargo build failed".into(),
                    });
                }
            }
        }
        for (name, p) in [("genesis-runner", &bins.runner), ("simchaind", &bins.chain), ("tmkms", &bins.tmkms)] {
            if !p.exists() {
                return Err(HarnessError::Binary {
                    name: name.into(),
                    hint: format!(
                        "{} does not exist; build with `cargo build --release -p runner -p simchain -p kms`",
                        p.display()
                    ),
                });
            }
        }
        Ok(bins)
    }
}

/// The variables `cargo run` gives the program it runs about its own package, as opposed to
/// cargo's configuration (CARGO_HOME, CARGO_TARGET_DIR, CARGO_BUILD_*...), which must stay.
fn set_by_cargo_run(var: &str) -> bool {
    var.starts_with("CARGO_PKG_")
        || matches!(
            var,
            "CARGO_MANIFEST_DIR"
                | "CARGO_MANIFEST_PATH"
                | "CARGO_MANIFEST_LINKS"
                | "CARGO_PRIMARY_PACKAGE"
                | "CARGO_CRATE_NAME"
                | "CARGO_BIN_NAME"
                | "OUT_DIR"
        )
}

/// The cargo profile dir of an executable in `dir`: a test or an example (a chain developer's
/// copy of `examples/three_validators.rs`) runs from `<profile>/deps` or `<profile>/examples`,
/// beside which the binaries are not.
fn profile_dir(dir: &Path) -> PathBuf {
    match dir.parent() {
        Some(up) if dir.ends_with("deps") || dir.ends_with("examples") => up.to_path_buf(),
        _ => dir.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::profile_dir;
    use std::path::Path;

    #[test]
    fn the_nested_build_drops_what_cargo_run_said_of_the_harness_and_keeps_cargo_settings() {
        for var in ["CARGO_MANIFEST_DIR", "CARGO_PKG_NAME", "CARGO_PKG_VERSION_PRE", "CARGO_MANIFEST_LINKS", "OUT_DIR"]
        {
            assert!(super::set_by_cargo_run(var), "{var}");
        }
        for var in ["CARGO_HOME", "CARGO_TARGET_DIR", "CARGO_BUILD_JOBS", "CARGO_INCREMENTAL", "CARGO", "PATH"] {
            assert!(!super::set_by_cargo_run(var), "{var}");
        }
    }

    #[test]
    fn tests_and_examples_find_the_binaries_in_their_profile_dir() {
        for (exe_dir, want) in [
            ("/t/target/debug", "/t/target/debug"),
            ("/t/target/debug/deps", "/t/target/debug"),
            ("/t/target/debug/examples", "/t/target/debug"),
            ("/usr/local/bin", "/usr/local/bin"),
        ] {
            assert_eq!(profile_dir(Path::new(exe_dir)), Path::new(want), "{exe_dir}");
        }
    }
}
