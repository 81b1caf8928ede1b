//! The SDK's `math.Int` (cosmossdk.io/math `int.go`) as a genesis carries it: a JSON string read
//! by Go's `big.Int.UnmarshalText`, bounded to 256 bits (`MaxBitLen`). Only what the InitChain
//! checks need: parse, add, compare, print.

use std::cmp::Ordering;
use std::fmt;

/// `|x| < 2^256`: four little-endian 64-bit limbs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct U256([u64; 4]);

impl U256 {
    pub const ZERO: U256 = U256([0; 4]);

    pub fn is_zero(&self) -> bool {
        self.0 == [0; 4]
    }

    /// `self * m + a`, or None past 2^256.
    fn mul_add_small(self, m: u64, a: u64) -> Option<U256> {
        let mut out = [0u64; 4];
        let mut carry = u128::from(a);
        for (o, limb) in out.iter_mut().zip(self.0) {
            let v = u128::from(limb) * u128::from(m) + carry;
            *o = v as u64;
            carry = v >> 64;
        }
        (carry == 0).then_some(U256(out))
    }

    pub fn checked_add(self, other: U256) -> Option<U256> {
        let mut out = [0u64; 4];
        let mut carry = 0u128;
        for (o, (a, b)) in out.iter_mut().zip(self.0.iter().zip(other.0)) {
            let v = u128::from(*a) + u128::from(b) + carry;
            *o = v as u64;
            carry = v >> 64;
        }
        (carry == 0).then_some(U256(out))
    }

    /// (quotient, remainder) of a division by a small divisor.
    fn div_rem_small(self, d: u64) -> (U256, u64) {
        let mut out = [0u64; 4];
        let mut rem = 0u128;
        for i in (0..4).rev() {
            let cur = (rem << 64) | u128::from(self.0[i]);
            out[i] = (cur / u128::from(d)) as u64;
            rem = cur % u128::from(d);
        }
        (U256(out), rem as u64)
    }
}

impl From<u128> for U256 {
    fn from(v: u128) -> U256 {
        U256([v as u64, (v >> 64) as u64, 0, 0])
    }
}

impl Ord for U256 {
    fn cmp(&self, other: &U256) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

impl PartialOrd for U256 {
    fn partial_cmp(&self, other: &U256) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for U256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("0");
        }
        let mut digits = Vec::new();
        let mut v = *self;
        while !v.is_zero() {
            let (q, r) = v.div_rem_small(10);
            digits.push(b'0' + r as u8);
            v = q;
        }
        digits.reverse();
        f.write_str(&String::from_utf8_lossy(&digits))
    }
}

/// A `math.Int`: sign and magnitude.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GoInt {
    pub negative: bool,
    pub magnitude: U256,
}

impl GoInt {
    pub fn is_positive(&self) -> bool {
        !self.negative && !self.magnitude.is_zero()
    }
}

impl fmt::Display for GoInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative && !self.magnitude.is_zero() {
            f.write_str("-")?;
        }
        self.magnitude.fmt(f)
    }
}

/// Go's `big.Int.UnmarshalText` (base 0), then `math.Int`'s 256-bit bound: an optional sign,
/// then `0x`/`0o`/`0b` or a leading `0` (octal) prefix, and `_` allowed between a prefix and a
/// digit or between digits. The errors are Go's words.
pub fn parse_go_int(text: &str) -> Result<GoInt, String> {
    let cannot = || format!("math/big: cannot unmarshal {text:?} into a *big.Int");
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = body.to_ascii_lowercase();
    let (base, digits, prefixed) = if let Some(rest) = lower.strip_prefix("0x") {
        (16, rest, true)
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (8, rest, true)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (2, rest, true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..], true)
    } else {
        (10, lower.as_str(), false)
    };
    let mut value = U256::ZERO;
    let mut any = false;
    // After a prefix an underscore may come first; otherwise only between digits.
    let mut after_digit = prefixed;
    let mut last_underscore = false;
    for c in digits.chars() {
        if c == '_' {
            if !after_digit {
                return Err(cannot());
            }
            after_digit = false;
            last_underscore = true;
            continue;
        }
        let d = c.to_digit(base).ok_or_else(cannot)?;
        value = value
            .mul_add_small(u64::from(base), u64::from(d))
            .ok_or_else(|| format!("integer out of range: {text}"))?;
        any = true;
        after_digit = true;
        last_underscore = false;
    }
    // "0x" with no digits, or a trailing "_", is not a number ("0" alone is read as decimal).
    if !any || last_underscore {
        return Err(cannot());
    }
    Ok(GoInt { negative, magnitude: value })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("1000", "1000")]
    #[case("1_000", "1000")]
    #[case("0x10", "16")]
    #[case("0X_1f", "31")]
    #[case("0o17", "15")]
    #[case("017", "15")]
    #[case("0_7", "7")]
    #[case("0b101", "5")]
    #[case("0", "0")]
    #[case("-0", "0")]
    #[case("-5", "-5")]
    #[case("+5", "5")]
    #[case("340282366920938463463374607431768211456", "340282366920938463463374607431768211456")]
    fn go_ints_parse_as_big_int_unmarshal_text(#[case] text: &str, #[case] printed: &str) {
        assert_eq!(parse_go_int(text).unwrap().to_string(), printed);
    }

    #[rstest]
    #[case("")]
    #[case("-")]
    #[case("_1")]
    #[case("1_")]
    #[case("1__0")]
    #[case("08")]
    #[case("0x")]
    #[case("0o")]
    #[case("1.5")]
    #[case(" 1")]
    #[case("1e3")]
    fn malformed_go_ints_are_refused(#[case] text: &str) {
        let e = parse_go_int(text).unwrap_err();
        assert!(e.starts_with("math/big: cannot unmarshal"), "{text}: {e}");
    }

    #[test]
    fn the_bound_is_256_bits() {
        let max = format!("0x{}", "f".repeat(64));
        let v = parse_go_int(&max).unwrap();
        assert_eq!(v.to_string(), "115792089237316195423570985008687907853269984665640564039457584007913129639935");
        let over = format!("0x1{}", "0".repeat(64));
        assert_eq!(parse_go_int(&over).unwrap_err(), format!("integer out of range: {over}"));
        assert!(v.magnitude.checked_add(U256::from(1)).is_none());
    }

    #[test]
    fn order_is_numeric() {
        let a = parse_go_int("0x1_0000_0000_0000_0000").unwrap().magnitude;
        let b = U256::from(u128::from(u64::MAX));
        assert!(a > b);
        assert_eq!(a, U256::from(1u128 << 64));
    }
}
