//! What a chain's daemon fixes at compile time and every tool must agree on: the BIP-44 path
//! account keys are derived on, and how many bonded tokens make one unit of consensus power.
//!
//! Both differ between the SDK's defaults and gonka's `inferenced`, and both are silent when
//! wrong (another address from the same mnemonic; a validator set with no power), so they are
//! typed values passed to whoever derives or computes power, never constants.

use std::fmt;
use std::num::NonZeroU128;

/// A BIP-44 path `m/44'/<coin type>'/<account>'/0/<index>`, as the SDK's `hd.BIP44Params`
/// builds it (`NewFundraiserParams`: purpose 44, hardened coin type and account, external
/// chain 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HdPath {
    pub coin_type: u32,
    pub account: u32,
    pub index: u32,
}

impl HdPath {
    /// `sdk.FullFundraiserPath`'s shape on `coin_type`: account 0, index 0, what `keys add`
    /// uses without `--account`/`--index`.
    pub const fn fundraiser(coin_type: u32) -> HdPath {
        HdPath { coin_type, account: 0, index: 0 }
    }
}

impl fmt::Display for HdPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "m/44'/{}'/{}'/0/{}", self.coin_type, self.account, self.index)
    }
}

/// Bonded tokens per unit of consensus power (`sdk.DefaultPowerReduction`). Never zero: the SDK
/// divides by it (`TokensToConsensusPower`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PowerReduction(NonZeroU128);

impl PowerReduction {
    pub const fn new(tokens_per_power: NonZeroU128) -> PowerReduction {
        PowerReduction(tokens_per_power)
    }

    pub fn get(self) -> u128 {
        self.0.get()
    }

    /// `sdk.TokensToConsensusPower`: `tokens.Quo(reduction)`, truncated.
    pub fn power_of(self, tokens: u128) -> u128 {
        tokens / self.0.get()
    }
}

/// CometBFT's `types.MaxTotalVotingPower = int64(math.MaxInt64) / 8`
/// (cometbft `types/validator_set.go`): no validator's power, nor their sum, may exceed it.
pub const MAX_TOTAL_VOTING_POWER: u64 = (i64::MAX / 8) as u64;

/// The compile-time settings of one chain daemon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainSettings {
    /// Where account keys are derived from a mnemonic.
    pub hd_path: HdPath,
    pub power_reduction: PowerReduction,
}

const ONE: NonZeroU128 = match NonZeroU128::new(1) {
    Some(n) => n,
    None => panic!("1 is not zero"),
};
const MILLION: NonZeroU128 = match NonZeroU128::new(1_000_000) {
    Some(n) => n,
    None => panic!("10^6 is not zero"),
};

impl ChainSettings {
    /// gonka's `inferenced`: coin type 1200 (`inference-chain/cmd/inferenced/cmd/config.go`,
    /// `CoinType = 1200`, set with `config.SetCoinType`) and one ngonka per unit of power
    /// (product-science/cosmos-sdk v0.53.3-ps4 `types/staking.go`:
    /// `DefaultPowerReduction = sdkmath.NewIntFromUint64(1)`).
    pub const INFERENCED: ChainSettings =
        ChainSettings { hd_path: HdPath::fundraiser(1200), power_reduction: PowerReduction::new(ONE) };

    /// The upstream Cosmos SDK's defaults: `sdk.CoinType = 118` (`types/address.go`,
    /// `FullFundraiserPath = "m/44'/118'/0'/0/0"`) and `DefaultPowerReduction = 10^6`.
    pub const SDK_DEFAULT: ChainSettings =
        ChainSettings { hd_path: HdPath::fundraiser(118), power_reduction: PowerReduction::new(MILLION) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_print_as_the_sdk_writes_them() {
        assert_eq!(ChainSettings::SDK_DEFAULT.hd_path.to_string(), "m/44'/118'/0'/0/0");
        assert_eq!(ChainSettings::INFERENCED.hd_path.to_string(), "m/44'/1200'/0'/0/0");
    }

    #[test]
    fn power_is_tokens_over_the_reduction_truncated() {
        assert_eq!(ChainSettings::INFERENCED.power_reduction.power_of(1), 1);
        assert_eq!(ChainSettings::SDK_DEFAULT.power_reduction.power_of(1), 0);
        assert_eq!(ChainSettings::SDK_DEFAULT.power_reduction.power_of(2_999_999), 2);
    }

    #[test]
    fn the_voting_power_cap_is_cometbfts() {
        assert_eq!(MAX_TOTAL_VOTING_POWER, 1_152_921_504_606_846_975);
    }
}
