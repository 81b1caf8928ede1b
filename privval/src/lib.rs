//! How the stand-in node gets its votes and proposals signed.
//!
//! A validator never holds its consensus key in the node process when it runs with tmkms: the
//! node listens on `priv_validator_laddr`, tmkms dials in, and every vote and proposal goes
//! over CometBFT's privval protocol (SecretConnection under the node key, varint-delimited
//! `tendermint.privval.Message`). [`RemoteSigner`] is that node side. Without
//! `priv_validator_laddr` the node signs locally, like CometBFT's FilePV, with
//! `priv_validator_key.json` and the double-sign guard of `priv_validator_state.json`:
//! [`FileSigner`]. Both sign CometBFT's canonical sign bytes (tendermint-rs computes them), so
//! either signature verifies on any CometBFT-compatible node, and the node holds either as an
//! `Arc<dyn Signer>`.

mod error;
mod file_signer;
mod laddr;
mod remote_signer;
mod sign_state;

pub use error::Error;
pub use file_signer::FileSigner;
pub use laddr::{parse_laddr, Laddr};
pub use remote_signer::RemoteSigner;

use tendermint::{chain, proposal::Proposal, vote::Vote, PublicKey};

/// A source of consensus signatures: local key file or remote signer.
#[async_trait::async_trait]
pub trait Signer: Send + Sync {
    /// The consensus public key the signatures verify under.
    async fn pub_key(&self) -> Result<PublicKey, Error>;

    /// Returns `vote` signed over its canonical sign bytes for `chain_id`. The returned vote can
    /// differ from the request in its timestamp: a signer re-sending the signature it gave at the
    /// same height/round/step restores the timestamp that signature covers.
    async fn sign_vote(&self, chain_id: &chain::Id, vote: Vote) -> Result<Vote, Error>;

    /// Returns `proposal` signed over its canonical sign bytes for `chain_id` (timestamp as for
    /// [`Signer::sign_vote`]).
    async fn sign_proposal(&self, chain_id: &chain::Id, proposal: Proposal) -> Result<Proposal, Error>;
}

/// tmkms refuses (by dropping the connection) a vote without a timestamp, and CometBFT's
/// canonical vote needs one; refusing here gives the caller a reason instead.
fn require_timestamp(what: &str, timestamp: Option<tendermint::Time>) -> Result<(), Error> {
    match timestamp {
        Some(_) => Ok(()),
        None => Err(Error::InvalidRequest(format!("{what} has no timestamp"))),
    }
}
