//! The SDK's `LegacyDec`: 18 fractional digits. Its JSON form is `"0.100000000000000000"`, but
//! inside signed protobuf bytes it is the integer `"100000000000000000"` — getting that wrong
//! changes the sign bytes and breaks every gentx signature.

use std::fmt;
use std::str::FromStr;

pub const PRECISION: u32 = 18;
const ONE: u128 = 10u128.pow(PRECISION);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid decimal {0:?}: expected a non-negative number with at most 18 decimals")]
pub struct DecError(pub String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dec(u128);

impl Dec {
    pub const ONE: Dec = Dec(ONE);

    /// The integer string the SDK puts in protobuf (`LegacyDec.Marshal`).
    pub fn to_proto_string(self) -> String {
        self.0.to_string()
    }

    /// Parses the protobuf integer form back.
    pub fn from_proto_string(s: &str) -> Result<Dec, DecError> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DecError(s.to_string()));
        }
        s.parse().map(Dec).map_err(|_| DecError(s.to_string()))
    }
}

impl FromStr for Dec {
    type Err = DecError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DecError(s.to_string());
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !digits(int) || !digits(frac) || frac.len() > PRECISION as usize {
            return Err(err());
        }
        if s.ends_with('.') {
            return Err(err());
        }
        let int: u128 = int.parse().map_err(|_| err())?;
        let mut frac_val: u128 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| err())? };
        frac_val *= 10u128.pow(PRECISION - frac.len() as u32);
        int.checked_mul(ONE).and_then(|v| v.checked_add(frac_val)).map(Dec).ok_or_else(err)
    }
}

impl fmt::Display for Dec {
    /// The JSON form, always 18 decimals as the SDK prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:018}", self.0 / ONE, self.0 % ONE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("0.1", "0.100000000000000000", "100000000000000000")]
    #[case("0.010000000000000000", "0.010000000000000000", "10000000000000000")]
    #[case("0", "0.000000000000000000", "0")]
    #[case("1", "1.000000000000000000", "1000000000000000000")]
    fn json_and_proto_forms(#[case] input: &str, #[case] json: &str, #[case] proto: &str) {
        let d: Dec = input.parse().unwrap();
        assert_eq!(d.to_string(), json);
        assert_eq!(d.to_proto_string(), proto);
        assert_eq!(Dec::from_proto_string(proto).unwrap(), d);
    }

    #[rstest]
    #[case("-0.1")]
    #[case(".1")]
    #[case("1.")]
    #[case("0.1234567890123456789")]
    #[case("abc")]
    fn rejects(#[case] input: &str) {
        assert!(input.parse::<Dec>().is_err());
    }
}
