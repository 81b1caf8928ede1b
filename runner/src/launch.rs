//! Handing the process over to the node: `cosmovisor run start` when cosmovisor is available,
//! else `<CHAIN_BINARY> start`. Exec, not spawn, so the container's signals reach the node.

use crate::config::Config;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub env: Vec<(String, OsString)>,
    /// `cosmovisor init <binary>`, run first when `DAEMON_HOME/cosmovisor` does not exist yet.
    pub prepare: Option<(PathBuf, Vec<OsString>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error("cannot find CHAIN_BINARY {0} on PATH (cosmovisor init needs its path)")]
    Binary(String),
    #[error("`{command}` failed: {reason}")]
    Prepare { command: String, reason: String },
    #[error("cannot exec {program}: {source}")]
    Exec { program: String, source: std::io::Error },
}

/// The command line that starts the node of `cfg`.
pub fn plan(cfg: &Config, path_var: Option<&std::ffi::OsStr>) -> Result<Launch, LaunchError> {
    let home = cfg.homes.node.as_os_str().to_owned();
    match &cfg.cosmovisor {
        None => Ok(Launch {
            program: cfg.chain_binary.clone(),
            args: vec!["start".into(), "--home".into(), home],
            env: vec![],
            prepare: None,
        }),
        Some(cosmovisor) => {
            let binary = crate::config::which(&cfg.chain_binary.to_string_lossy(), path_var)
                .ok_or_else(|| LaunchError::Binary(cfg.chain_binary.display().to_string()))?;
            let name = binary.file_name().map(|n| n.to_os_string()).unwrap_or_default();
            let env = vec![("DAEMON_HOME".to_string(), home.clone()), ("DAEMON_NAME".to_string(), name)];
            let prepare = if cfg.homes.node.join("cosmovisor").exists() {
                None
            } else {
                Some((cosmovisor.clone(), vec!["init".into(), binary.into_os_string()]))
            };
            Ok(Launch {
                program: cosmovisor.clone(),
                args: vec!["run".into(), "start".into(), "--home".into(), home],
                env,
                prepare,
            })
        }
    }
}

impl Launch {
    pub fn display(&self) -> String {
        let env = self.env.iter().map(|(k, v)| format!("{k}={} ", v.to_string_lossy()));
        let args = self.args.iter().map(|a| a.to_string_lossy().into_owned());
        env.collect::<String>()
            + &std::iter::once(self.program.display().to_string()).chain(args).collect::<Vec<_>>().join(" ")
    }

    /// Runs `prepare`, then replaces this process with the node (as a container's PID 1, runs it
    /// as its child: [`crate::init::exec`]). Returns only on failure.
    pub fn exec(self) -> LaunchError {
        if let Some((program, args)) = &self.prepare {
            let command = format!(
                "{} {}",
                program.display(),
                args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" ")
            );
            tracing::info!(%command, "preparing cosmovisor");
            match Command::new(program).args(args).envs(self.env.iter().map(|(k, v)| (k, v))).output() {
                Ok(o) if o.status.success() => {}
                Ok(o) => {
                    let reason = String::from_utf8_lossy(&o.stderr).lines().last().unwrap_or("no output").to_string();
                    return LaunchError::Prepare { command, reason };
                }
                Err(e) => return LaunchError::Prepare { command, reason: e.to_string() },
            }
        }
        tracing::info!(command = %self.display(), "exec");
        let err =
            crate::init::exec(Command::new(&self.program).args(&self.args).envs(self.env.iter().map(|(k, v)| (k, v))));
        LaunchError::Exec { program: self.program.display().to_string(), source: err }
    }
}

pub fn node_key_path(node_home: &Path) -> PathBuf {
    node_home.join("config/node_key.json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::EnvArgs;
    use crate::config::Environment;

    fn cfg(cosmovisor: Option<&str>, node: &Path) -> Config {
        use clap::Parser;
        let mut args = vec![
            "genesis-runner".to_string(),
            "--genesis-run-stage=start".into(),
            "--genesis-index=1".into(),
            "--key-name=v".into(),
        ];
        args.push(format!("--node-home={}", node.display()));
        args.push("--chain-binary=sh".into());
        if let Some(c) = cosmovisor {
            args.push(format!("--cosmovisor-bin={c}"));
        }
        let raw: EnvArgs = crate::cli::Cli::try_parse_from(args).unwrap().env;
        let env = Environment { config_vars: vec![], home: Some("/root".into()), cwd: "/".into(), path: None };
        Config::from_args(&raw, &env).unwrap()
    }

    #[test]
    fn without_cosmovisor_the_chain_binary_starts_the_node() {
        let l = plan(&cfg(Some(""), Path::new("/srv/node")), None).unwrap();
        assert_eq!(l.display(), "sh start --home /srv/node");
        assert!(l.prepare.is_none());
    }

    #[test]
    fn cosmovisor_runs_start_with_daemon_env_and_is_initialized_once() {
        let d = tempfile::tempdir().unwrap();
        let node = d.path().join("node");
        let path = std::env::var_os("PATH");
        let l = plan(&cfg(Some("/usr/bin/cosmovisor"), &node), path.as_deref()).unwrap();
        let sh = crate::config::which("sh", path.as_deref()).unwrap();
        assert_eq!(
            l.display(),
            format!("DAEMON_HOME={0} DAEMON_NAME=sh /usr/bin/cosmovisor run start --home {0}", node.display())
        );
        assert_eq!(l.prepare, Some((PathBuf::from("/usr/bin/cosmovisor"), vec!["init".into(), sh.into_os_string()])));
        std::fs::create_dir_all(node.join("cosmovisor")).unwrap();
        assert!(plan(&cfg(Some("/usr/bin/cosmovisor"), &node), path.as_deref()).unwrap().prepare.is_none());
    }
}
