//! The runner's errors and the exit code each maps to (documented in README and `--help`).

use crate::chain_cli::ChainCliError;
use crate::domain::ConfigError;
use crate::paths::WipeError;
use cosmos_formats::files::FileError;

/// Exit codes of `genesis-runner`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    Ok = 0,
    /// A bug or an unexpected environment failure.
    Internal = 1,
    /// A bad environment variable or flag (also clap's usage errors); nothing was touched.
    Config = 2,
    /// An input artifact is missing, malformed, inconsistent or fails its checksum.
    Artifact = 3,
    /// The stage's outputs already exist and FORCE is not set.
    OutputsExist = 4,
    /// The chain binary failed (its `Error:` line is in the message) or could not be run.
    ChainCli = 5,
    /// tmkms did not connect or answer on the TMKMS port, or could not be prepared/run.
    Signer = 6,
    /// Refused as unsafe (wipe guard).
    Unsafe = 7,
    /// Reading or writing a file failed.
    Io = 8,
}

#[derive(Debug, thiserror::Error)]
pub enum StageError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("missing input {path}{hint}")]
    MissingInput { path: String, hint: String },
    #[error("{path}: {reason}")]
    InvalidInput { path: String, reason: String },
    #[error("checksum check failed: {0}")]
    Checksum(FileError),
    #[error("outputs already exist: {paths}; set FORCE=1 to redo the {stage} stage")]
    OutputsExist { stage: String, paths: String },
    #[error(transparent)]
    ChainCli(#[from] ChainCliError),
    #[error("tmkms: {0}")]
    Signer(String),
    #[error(transparent)]
    Wipe(#[from] WipeError),
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error(transparent)]
    File(#[from] FileError),
}

impl StageError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            StageError::Config(_) => ExitCode::Config,
            StageError::MissingInput { .. } | StageError::InvalidInput { .. } | StageError::Checksum(_) => {
                ExitCode::Artifact
            }
            StageError::OutputsExist { .. } => ExitCode::OutputsExist,
            StageError::ChainCli(_) => ExitCode::ChainCli,
            StageError::Signer(_) => ExitCode::Signer,
            StageError::Wipe(WipeError::Unsafe(_)) => ExitCode::Unsafe,
            StageError::Wipe(WipeError::Io { .. }) | StageError::Io { .. } | StageError::File(_) => ExitCode::Io,
        }
    }
}

pub fn invalid(path: &std::path::Path, reason: impl std::fmt::Display) -> StageError {
    StageError::InvalidInput { path: path.display().to_string(), reason: reason.to_string() }
}

pub fn missing(path: &std::path::Path, hint: &str) -> StageError {
    StageError::MissingInput {
        path: path.display().to_string(),
        hint: if hint.is_empty() { String::new() } else { format!(" ({hint})") },
    }
}

pub fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> StageError + '_ {
    move |source| StageError::Io { path: path.display().to_string(), source }
}

/// Reads an input artifact as text, mapping absence to [`StageError::MissingInput`].
pub fn read_input(path: &std::path::Path, hint: &str) -> Result<String, StageError> {
    match std::fs::read(path) {
        Ok(b) => String::from_utf8(b).map_err(|_| invalid(path, "not UTF-8 text")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(missing(path, hint)),
        Err(source) => Err(StageError::Io { path: path.display().to_string(), source }),
    }
}
