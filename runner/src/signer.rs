//! Getting the validator's consensus public key from the running tmkms, over the privval
//! protocol: listen on the TMKMS port under the node key, let tmkms dial in, PubKeyRequest.
//! The key never comes from a file: what tmkms answers is what it will sign with.

use crate::error::StageError;
use cosmos_formats::keyfiles::NodeKey;
use cosmos_formats::{ChainId, ConsensusPubKey};
use std::time::Duration;

pub fn fetch_pubkey(
    laddr: &str,
    node_key: &NodeKey,
    chain_id: &ChainId,
    wait: Duration,
) -> Result<ConsensusPubKey, StageError> {
    let chain =
        tendermint::chain::Id::try_from(chain_id.as_str()).map_err(|e| StageError::Signer(format!("chain id: {e}")))?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| StageError::Signer(format!("runtime: {e}")))?;
    let key = node_key.0.clone();
    let pk = rt.block_on(async move {
        let signer = privval::RemoteSigner::listen(laddr, key, chain, wait).await?;
        tracing::info!(%laddr, timeout = ?wait, "waiting for tmkms to dial in");
        signer.pub_key_within(wait).await
    });
    cosmos_formats::power_cut_point!("signer::answered");
    let pk = pk.map_err(|e| match e {
        privval::Error::NotConnected { laddr, waited } => StageError::Signer(format!(
            "no tmkms connected on {laddr} within {}s (is `genesis-runner kms` running with this node's TMKMS port, and TMKMS_NODE_HOST pointing here?)",
            waited.as_secs()
        )),
        other => StageError::Signer(other.to_string()),
    })?;
    let k = pk
        .ed25519()
        .ok_or_else(|| StageError::Signer("tmkms holds a non-ed25519 key; validators need ed25519".into()))?;
    let bytes: [u8; 32] = k.as_bytes().try_into().map_err(|_| StageError::Signer("malformed ed25519 key".into()))?;
    ed25519_dalek::VerifyingKey::from_bytes(&bytes)
        .map(ConsensusPubKey)
        .map_err(|_| StageError::Signer("tmkms returned an invalid ed25519 point".into()))
}
