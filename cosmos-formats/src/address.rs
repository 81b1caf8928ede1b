//! Bech32 account and operator addresses.

use bech32::{Bech32, Hrp};
use ripemd::Ripemd160;
use sha2::{Digest, Sha256};
use std::fmt;

/// The SDK's suffix for validator operator addresses (`gonka` → `gonkavaloper`).
pub const VALOPER_SUFFIX: &str = "valoper";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AddressError {
    #[error("invalid bech32 address {0:?}: {1}")]
    Bech32(String, String),
    #[error("address {addr:?} has prefix {found:?}, expected {expected:?}")]
    WrongPrefix { addr: String, found: String, expected: String },
    #[error("address {0:?} has {1} bytes, expected 1..=255")]
    Length(String, usize),
    #[error("invalid bech32 prefix {0:?}")]
    Prefix(String),
}

/// Raw address bytes. Accounts of key holders are 20 bytes; module and contract accounts in a
/// real genesis may be 32, so the length is not fixed here.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Address(Vec<u8>);

impl Address {
    /// The SDK's secp256k1 account address: ripemd160(sha256(compressed pubkey)).
    pub fn from_secp256k1(compressed_pubkey: &[u8]) -> Self {
        let sha = Sha256::digest(compressed_pubkey);
        Address(Ripemd160::digest(sha).to_vec())
    }

    pub fn from_bytes(bytes: &[u8]) -> Self {
        Address(bytes.to_vec())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Decodes any bech32 address, returning its prefix too.
    pub fn decode(s: &str) -> Result<(String, Address), AddressError> {
        let (hrp, data) = bech32::decode(s).map_err(|e| AddressError::Bech32(s.to_string(), e.to_string()))?;
        if data.is_empty() || data.len() > 255 {
            return Err(AddressError::Length(s.to_string(), data.len()));
        }
        Ok((hrp.to_string(), Address(data)))
    }

    /// Decodes and insists on one prefix (`gonka` for accounts, `gonkavaloper` for operators).
    pub fn parse(s: &str, expected_prefix: &str) -> Result<Address, AddressError> {
        let (hrp, addr) = Self::decode(s)?;
        if hrp != expected_prefix {
            return Err(AddressError::WrongPrefix {
                addr: s.to_string(),
                found: hrp,
                expected: expected_prefix.to_string(),
            });
        }
        Ok(addr)
    }

    pub fn to_bech32(&self, prefix: &str) -> Result<String, AddressError> {
        let hrp = Hrp::parse(prefix).map_err(|_| AddressError::Prefix(prefix.to_string()))?;
        bech32::encode::<Bech32>(hrp, &self.0).map_err(|e| AddressError::Bech32(hex::encode(&self.0), e.to_string()))
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Address({})", hex::encode_upper(&self.0))
    }
}

/// Checks that a prefix is usable as a bech32 human-readable part.
pub fn validate_prefix(prefix: &str) -> Result<(), AddressError> {
    Hrp::parse(prefix).map(|_| ()).map_err(|_| AddressError::Prefix(prefix.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_and_operator_addresses_share_bytes() {
        // From the gonka-mainnet fixtures: gonka-1's operator and its funded account.
        let (_, op) = Address::decode("gonkavaloper1y2a9p56kv044327uycmqdexl7zs82fs5lyang5").unwrap();
        let acc = Address::parse("gonka1y2a9p56kv044327uycmqdexl7zs82fs5ryv5le", "gonka").unwrap();
        assert_eq!(op, acc);
        assert_eq!(acc.to_bech32("gonka").unwrap(), "gonka1y2a9p56kv044327uycmqdexl7zs82fs5ryv5le");
    }

    #[test]
    fn wrong_prefix_and_bad_checksum_are_rejected() {
        let e = Address::parse("gonkavaloper1y2a9p56kv044327uycmqdexl7zs82fs5lyang5", "gonka").unwrap_err();
        assert!(matches!(e, AddressError::WrongPrefix { .. }));
        assert!(Address::decode("gonka1y2a9p56kv044327uycmqdexl7zs82fs5ryv5lf").is_err());
    }
}
