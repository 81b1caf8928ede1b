use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    #[error("{0}")]
    Stage(Box<StageFailure>),
    #[error("{project}: {what} did not happen within {budget:?} (dirs kept at {dir})\n{detail}")]
    Timeout { project: String, what: String, budget: std::time::Duration, dir: PathBuf, detail: String },
    #[error("operator refuses to move {path}: {reason}")]
    Refused { path: String, reason: String },
    #[error("{path}: sha256 changed in transit (sent {sent}, received {received})")]
    Transit { path: String, sent: String, received: String },
    #[error("binary {name} not found: {hint}")]
    Binary { name: String, hint: String },
    #[error("check {check} failed: {reason}")]
    Check { check: &'static str, reason: String },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("docker: {what}: {reason}")]
    Docker { what: String, reason: String },
    #[error("hosts file {file}: {reason}")]
    Hosts { file: String, reason: String },
    #[error("network namespaces: {what}: {reason}")]
    Netns { what: String, reason: String },
    #[error("{0}")]
    Spec(#[from] SpecError),
    #[error("rpc {url}: {reason}")]
    Rpc { url: String, reason: String },
}

/// A stage or service that ended badly, with where to look (boxed: every `Result` of the
/// harness carries this error, and most of them succeed).
#[derive(Debug, thiserror::Error)]
#[error("{project}: stage {stage} failed ({status}); dirs kept at {dir}\n--- last lines of {log} ---\n{tail}")]
pub struct StageFailure {
    pub project: String,
    pub stage: String,
    pub status: String,
    pub dir: PathBuf,
    pub log: PathBuf,
    pub tail: String,
    /// Everything this run printed (stdout and stderr, as its log holds them): what a refusal's
    /// "one line" is judged on, where `tail` is only what a person reads first.
    pub output: String,
}

impl HarnessError {
    /// `p`'s `stage` ended with `status`; `log` is where it wrote, `output` all it printed.
    pub fn stage(
        p: &crate::project::Project,
        stage: &str,
        status: String,
        log: PathBuf,
        output: String,
    ) -> HarnessError {
        let lines: Vec<&str> = output.lines().collect();
        let tail = lines[lines.len().saturating_sub(15)..].join("\n");
        HarnessError::Stage(Box::new(StageFailure {
            project: p.name.clone(),
            stage: stage.into(),
            status,
            dir: p.root.clone(),
            log,
            tail,
            output,
        }))
    }
}

pub fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> HarnessError + '_ {
    move |source| HarnessError::Io { path: path.display().to_string(), source }
}

/// A spec refused: one line, the file and the key first.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SpecError {
    #[error("{file}: {reason}")]
    Read { file: String, reason: String },
    #[error("{file}: {key}: {reason}")]
    Key { file: String, key: String, reason: String },
}
