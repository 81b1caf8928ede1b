use std::time::Duration;

/// Everything that can keep a vote or proposal from being signed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("priv_validator_laddr {laddr:?}: {reason}")]
    Laddr { laddr: String, reason: String },

    #[error("cannot listen on {laddr}: {source}")]
    Listen { laddr: String, source: std::io::Error },

    #[error("no remote signer connected on {laddr} after {}", secs(*.waited))]
    NotConnected { laddr: String, waited: Duration },

    #[error("remote signer on {laddr} did not answer within {}", secs(*.waited))]
    NoResponse { laddr: String, waited: Duration },

    /// The connection died while the request was in flight, on every attempt. tmkms closes the
    /// connection instead of answering when asked to sign a height/round/step regression.
    #[error("remote signer on {laddr} closed the connection while handling the request: {reason}")]
    ConnectionLost { laddr: String, reason: String },

    /// The signer answered with an error; code 2 is tmkms's (and CometBFT's) double-sign refusal.
    #[error("remote signer refused to sign (code {code}): {description}")]
    Remote { code: i32, description: String },

    #[error("remote signer protocol error: {0}")]
    Protocol(String),

    #[error("cannot sign: {0}")]
    InvalidRequest(String),

    /// The file signer refuses a height/round/step lower than the last one it signed.
    #[error("refusing to sign {requested}: last signed {last} (height/round/step regression)")]
    Regression { last: String, requested: String },

    /// The file signer already signed different data at this height/round/step.
    #[error("refusing to sign at {hrs}: conflicting data already signed there (double sign)")]
    Conflict { hrs: String },

    #[error(transparent)]
    KeyFile(#[from] cosmos_formats::keyfiles::KeyFileError),

    #[error("{path}: {reason}")]
    State { path: String, reason: String },

    #[error("writing sign state: {0}")]
    StateWrite(#[from] cosmos_formats::files::FileError),

    #[error("the signer has stopped")]
    Stopped,
}

/// "10s" rather than "10.000123s": the caller gave a timeout, the message repeats it.
fn secs(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}
