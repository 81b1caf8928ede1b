//! Account keys from BIP39 mnemonics on the Cosmos HD path m/44'/118'/0'/0/0.

use crate::{AccountPubKey, Address};
use bip32::{DerivationPath, XPrv};
use k256::ecdsa::signature::Signer;
use zeroize::Zeroizing;

/// The SDK's default (`sdk.FullFundraiserPath`).
pub const COSMOS_HD_PATH: &str = "m/44'/118'/0'/0/0";

#[derive(Debug, thiserror::Error)]
pub enum HdError {
    #[error("invalid mnemonic: {0}")]
    Mnemonic(String),
    #[error("key derivation failed: {0}")]
    Derive(String),
    #[error("invalid secp256k1 private key")]
    PrivateKey,
}

/// A secp256k1 account key held in memory. Not `Debug`: nothing should print it.
pub struct AccountKey {
    signing: k256::ecdsa::SigningKey,
}

impl AccountKey {
    /// A fresh 24-word mnemonic, as `keys add` creates.
    pub fn generate() -> Result<(Zeroizing<String>, AccountKey), HdError> {
        let mnemonic =
            bip39::Mnemonic::generate_in(bip39::Language::English, 24).map_err(|e| HdError::Mnemonic(e.to_string()))?;
        let words = Zeroizing::new(mnemonic.to_string());
        let key = Self::from_mnemonic(&words)?;
        Ok((words, key))
    }

    pub fn from_mnemonic(words: &str) -> Result<AccountKey, HdError> {
        let normalized = words.split_whitespace().collect::<Vec<_>>().join(" ");
        let mnemonic = bip39::Mnemonic::parse_in_normalized(bip39::Language::English, &normalized)
            .map_err(|e| HdError::Mnemonic(e.to_string()))?;
        let seed = Zeroizing::new(mnemonic.to_seed(""));
        let path: DerivationPath = COSMOS_HD_PATH.parse().map_err(|e: bip32::Error| HdError::Derive(e.to_string()))?;
        let xprv = XPrv::derive_from_path(&seed[..], &path).map_err(|e| HdError::Derive(e.to_string()))?;
        Ok(AccountKey { signing: xprv.private_key().clone() })
    }

    /// What else a mnemonic yields that is as secret as the key: its BIP-39 seed (empty
    /// passphrase, as the SDK uses) and the BIP-32 master key in its `xprv…` form. The leak
    /// audit looks for these too.
    pub fn mnemonic_secrets(words: &str) -> Result<(Zeroizing<Vec<u8>>, Zeroizing<String>), HdError> {
        let normalized = words.split_whitespace().collect::<Vec<_>>().join(" ");
        let mnemonic = bip39::Mnemonic::parse_in_normalized(bip39::Language::English, &normalized)
            .map_err(|e| HdError::Mnemonic(e.to_string()))?;
        let seed = Zeroizing::new(mnemonic.to_seed("").to_vec());
        let master = XPrv::new(&seed[..]).map_err(|e| HdError::Derive(e.to_string()))?;
        Ok((seed, master.to_string(bip32::Prefix::XPRV)))
    }

    pub fn from_bytes(secret: &[u8]) -> Result<AccountKey, HdError> {
        k256::ecdsa::SigningKey::from_slice(secret)
            .map(|signing| AccountKey { signing })
            .map_err(|_| HdError::PrivateKey)
    }

    pub fn secret_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.signing.to_bytes().to_vec())
    }

    pub fn public(&self) -> AccountPubKey {
        AccountPubKey(*self.signing.verifying_key())
    }

    pub fn address(&self) -> Address {
        self.public().address()
    }

    /// ECDSA over sha256(msg), RFC 6979 nonces, low-S: the 64-byte r||s the SDK produces and
    /// requires, so the same key and sign doc give the same bytes as the Go implementation.
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        let sig: k256::ecdsa::Signature = self.signing.sign(msg);
        let sig = sig.normalize_s().unwrap_or(sig);
        sig.to_bytes().into()
    }
}
