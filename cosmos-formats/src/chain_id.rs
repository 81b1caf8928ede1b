//! Chain identifiers, with CometBFT's limits.

use std::fmt;
use std::str::FromStr;

/// CometBFT rejects longer chain ids (`MaxChainIDLen`).
pub const MAX_CHAIN_ID_LEN: usize = 50;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ChainIdError {
    #[error("chain id is empty")]
    Empty,
    #[error("chain id {0:?} is longer than {MAX_CHAIN_ID_LEN} characters")]
    TooLong(String),
    #[error("chain id {0:?} contains whitespace or control characters")]
    BadChar(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChainId(String);

impl ChainId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ChainId {
    type Err = ChainIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Err(ChainIdError::Empty);
        }
        if s.len() > MAX_CHAIN_ID_LEN {
            return Err(ChainIdError::TooLong(s.to_string()));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ChainIdError::BadChar(s.to_string()));
        }
        Ok(ChainId(s.to_string()))
    }
}

impl fmt::Display for ChainId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
