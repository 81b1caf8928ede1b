//! Coins as the SDK writes them: `2000000000ngonka`, lists joined by commas.

use std::fmt;
use std::str::FromStr;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CoinError {
    #[error("invalid coin {0:?}: expected <amount><denom>, e.g. 1000ngonka")]
    Format(String),
    #[error("invalid denom {0:?}: 3-128 characters, starting with a letter, then letters, digits or /:._-")]
    Denom(String),
    #[error("amount in {0:?} does not fit in 128 bits")]
    Overflow(String),
    #[error("duplicate denom {0:?} in coin list")]
    DuplicateDenom(String),
    #[error("empty coin list")]
    Empty,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Denom(String);

impl Denom {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Denom {
    type Err = CoinError;
    /// The SDK's `[a-zA-Z][a-zA-Z0-9/:._-]{2,127}`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut chars = s.chars();
        let ok = (3..=128).contains(&s.len())
            && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || "/:._-".contains(c));
        if ok {
            Ok(Denom(s.to_string()))
        } else {
            Err(CoinError::Denom(s.to_string()))
        }
    }
}

impl fmt::Display for Denom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One coin. u128 holds any supply a real genesis carries (the SDK's 256-bit Int is wider, but
/// a larger amount is reported as an error, never truncated).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Coin {
    pub amount: u128,
    pub denom: Denom,
}

impl Coin {
    pub fn new(amount: u128, denom: Denom) -> Self {
        Coin { amount, denom }
    }

    /// From the JSON pair `{"denom": .., "amount": ..}` strings.
    pub fn from_parts(amount: &str, denom: &str) -> Result<Self, CoinError> {
        let text = format!("{amount}{denom}");
        if amount.is_empty() || !amount.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CoinError::Format(text));
        }
        let amount = amount.parse::<u128>().map_err(|_| CoinError::Overflow(text))?;
        Ok(Coin { amount, denom: denom.parse()? })
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({"denom": self.denom.as_str(), "amount": self.amount.to_string()})
    }
}

impl FromStr for Coin {
    type Err = CoinError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let split = s.find(|c: char| !c.is_ascii_digit()).ok_or_else(|| CoinError::Format(s.to_string()))?;
        if split == 0 {
            return Err(CoinError::Format(s.to_string()));
        }
        Coin::from_parts(&s[..split], &s[split..])
    }
}

impl fmt::Display for Coin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.denom)
    }
}

/// A coin list, sorted by denom with no duplicates (the SDK's `sdk.Coins` invariant).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Coins(Vec<Coin>);

impl Coins {
    pub fn new(mut coins: Vec<Coin>) -> Result<Self, CoinError> {
        coins.sort_by(|a, b| a.denom.cmp(&b.denom));
        for w in coins.windows(2) {
            if w[0].denom == w[1].denom {
                return Err(CoinError::DuplicateDenom(w[0].denom.to_string()));
            }
        }
        Ok(Coins(coins))
    }

    pub fn iter(&self) -> impl Iterator<Item = &Coin> {
        self.0.iter()
    }

    pub fn amount_of(&self, denom: &Denom) -> u128 {
        self.0.iter().find(|c| &c.denom == denom).map_or(0, |c| c.amount)
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Array(self.0.iter().map(Coin::to_json).collect())
    }
}

impl FromStr for Coins {
    type Err = CoinError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().is_empty() {
            return Err(CoinError::Empty);
        }
        Coins::new(s.split(',').map(str::parse).collect::<Result<_, _>>()?)
    }
}

impl fmt::Display for Coins {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("2000000000ngonka", 2_000_000_000, "ngonka")]
    #[case(" 1stake", 1, "stake")]
    #[case(
        "5ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2",
        5,
        "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2"
    )]
    fn parses_coins(#[case] text: &str, #[case] amount: u128, #[case] denom: &str) {
        let c: Coin = text.parse().unwrap();
        assert_eq!((c.amount, c.denom.as_str()), (amount, denom));
    }

    #[rstest]
    #[case("ngonka")]
    #[case("100")]
    #[case("-5ngonka")]
    #[case("10 ngonka")]
    #[case("1.5ngonka")]
    #[case("10ng")]
    #[case("999999999999999999999999999999999999999999ngonka")]
    fn rejects_bad_coins(#[case] text: &str) {
        assert!(text.parse::<Coin>().is_err(), "{text}");
    }

    #[test]
    fn coin_lists_are_sorted_and_unique() {
        let c: Coins = "5stake,10ngonka".parse().unwrap();
        assert_eq!(c.to_string(), "10ngonka,5stake");
        assert_eq!("1abc,2abc".parse::<Coins>(), Err(CoinError::DuplicateDenom("abc".into())));
    }
}
