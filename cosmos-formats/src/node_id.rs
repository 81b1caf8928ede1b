//! CometBFT node ids: hex of the first 20 bytes of sha256(ed25519 public key).

use ed25519_dalek::VerifyingKey;
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("invalid node id {0:?}: expected 40 lowercase hex characters")]
pub struct NodeIdError(pub String);

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId([u8; 20]);

impl NodeId {
    /// CometBFT's `p2p.PubKeyToID`, which is also how it derives a validator address.
    pub fn from_pubkey(key: &VerifyingKey) -> Self {
        let digest = Sha256::digest(key.as_bytes());
        let mut id = [0u8; 20];
        id.copy_from_slice(&digest[..20]);
        NodeId(id)
    }

    /// An id from its 20 bytes (an authenticated peer key's digest, a test's fixed id).
    pub const fn new(bytes: [u8; 20]) -> Self {
        NodeId(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }
}

impl FromStr for NodeId {
    type Err = NodeIdError;
    /// CometBFT writes ids in lowercase and compares them as strings, so an uppercase id would
    /// never match a peer: reject it instead of normalizing it.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || NodeIdError(s.to_string());
        if s.len() != 40 || s.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(err());
        }
        let bytes = hex::decode(s).map_err(|_| err())?;
        let mut id = [0u8; 20];
        id.copy_from_slice(&bytes);
        Ok(NodeId(id))
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NodeId({self})")
    }
}
