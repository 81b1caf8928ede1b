//! Account keys from BIP39 mnemonics on a chain's BIP-44 path (`ChainSettings::hd_path`:
//! m/44'/1200'/0'/0/0 for gonka's `inferenced`, m/44'/118'/0'/0/0 for the SDK's default).

use crate::chain::HdPath;
use crate::{AccountPubKey, Address};
use bip32::{ChildNumber, XPrv};
use k256::ecdsa::signature::Signer;
use zeroize::Zeroizing;

#[derive(Debug, thiserror::Error)]
pub enum HdError {
    #[error("invalid mnemonic: {0}")]
    Mnemonic(String),
    #[error("key derivation failed: {0}")]
    Derive(String),
    #[error("invalid secp256k1 private key")]
    PrivateKey,
}

/// A fresh 24-word English mnemonic (256 bits of entropy, as `keys add` makes).
pub fn new_mnemonic() -> Result<Zeroizing<String>, HdError> {
    let mnemonic =
        bip39::Mnemonic::generate_in(bip39::Language::English, 24).map_err(|e| HdError::Mnemonic(e.to_string()))?;
    Ok(Zeroizing::new(mnemonic.to_string()))
}

/// A secp256k1 account key held in memory. Not `Debug`: nothing should print it.
pub struct AccountKey {
    signing: k256::ecdsa::SigningKey,
}

impl AccountKey {
    /// A fresh 24-word mnemonic, as `keys add` creates, and its key on `path`.
    pub fn generate(path: &HdPath) -> Result<(Zeroizing<String>, AccountKey), HdError> {
        let words = new_mnemonic()?;
        let key = Self::from_mnemonic(&words, path)?;
        Ok((words, key))
    }

    pub fn from_mnemonic(words: &str, path: &HdPath) -> Result<AccountKey, HdError> {
        let normalized = words.split_whitespace().collect::<Vec<_>>().join(" ");
        let mnemonic = bip39::Mnemonic::parse_in_normalized(bip39::Language::English, &normalized)
            .map_err(|e| HdError::Mnemonic(e.to_string()))?;
        let seed = Zeroizing::new(mnemonic.to_seed(""));
        let derive = |e: bip32::Error| HdError::Derive(format!("{path}: {e}"));
        let hardened = |i: u32| ChildNumber::new(i, true).map_err(derive);
        let normal = |i: u32| ChildNumber::new(i, false).map_err(derive);
        let steps =
            [hardened(44)?, hardened(path.coin_type)?, hardened(path.account)?, normal(0)?, normal(path.index)?];
        let mut xprv = XPrv::new(&seed[..]).map_err(derive)?;
        for step in steps {
            xprv = xprv.derive_child(step).map_err(derive)?;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ChainSettings;

    /// The BIP-39 test vectors' all-zero-entropy mnemonic (trezor/python-mnemonic vectors.json).
    const ABANDON: &str =
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    /// Known answers from an independent implementation: bip-utils 2.12.3 (PyPI), computed once
    /// with `Bip32Slip10Secp256k1.FromSeed(Bip39SeedGenerator(ABANDON).Generate("")).DerivePath(p)`,
    /// `PublicKey().RawCompressed()` and `AtomAddrEncoder.EncodeKey(pub, hrp=...)`. The 118
    /// address is also the widely published `cosmos19rl4cm2hmr8afy4kldpxz3fka4jguq0auqdal4`.
    #[test]
    fn derivation_matches_bip_utils_on_both_coin_types() {
        let cases = [
            (
                ChainSettings::INFERENCED.hd_path,
                "024daacc24ae6754dd460961ea4c6aa114e717e036b7dff3853195483b8d692dd2",
                "gonka1k4swv40ur28fvu54p8mskjj4lxkgsj07u9f8ny",
            ),
            (
                ChainSettings::SDK_DEFAULT.hd_path,
                "024f4e2ad99c34d60b9ba6283c9431a8418af8673212961f97a77b6377fcd05b62",
                "gonka19rl4cm2hmr8afy4kldpxz3fka4jguq0av42rch",
            ),
        ];
        for (path, pubkey, address) in cases {
            let key = AccountKey::from_mnemonic(ABANDON, &path).unwrap();
            assert_eq!(hex::encode(key.public().compressed()), pubkey, "{path}");
            assert_eq!(key.address().to_bech32("gonka").unwrap(), address, "{path}");
        }
        assert_eq!(
            AccountKey::from_mnemonic(ABANDON, &ChainSettings::SDK_DEFAULT.hd_path)
                .unwrap()
                .address()
                .to_bech32("cosmos")
                .unwrap(),
            "cosmos19rl4cm2hmr8afy4kldpxz3fka4jguq0auqdal4"
        );
    }

    #[test]
    fn coin_types_118_and_1200_give_different_keys() {
        let (words, k1200) = AccountKey::generate(&ChainSettings::INFERENCED.hd_path).unwrap();
        let k118 = AccountKey::from_mnemonic(&words, &ChainSettings::SDK_DEFAULT.hd_path).unwrap();
        assert_ne!(k1200.address(), k118.address());
        assert_eq!(
            AccountKey::from_mnemonic(&words, &ChainSettings::INFERENCED.hd_path).unwrap().address(),
            k1200.address()
        );
    }

    #[test]
    fn account_and_index_are_part_of_the_path() {
        let base = HdPath::fundraiser(1200);
        let a = AccountKey::from_mnemonic(ABANDON, &base).unwrap().address();
        let b = AccountKey::from_mnemonic(ABANDON, &HdPath { index: 1, ..base }).unwrap().address();
        let c = AccountKey::from_mnemonic(ABANDON, &HdPath { account: 1, ..base }).unwrap().address();
        assert!(a != b && a != c && b != c);
    }
}
