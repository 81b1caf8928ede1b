//! The SDK's `math.Int` (cosmossdk.io/math v1.5.3 `int.go`), the one reader of it in the
//! workspace: a JSON string read by Go's `big.Int.UnmarshalText`, bounded to 256 bits
//! (`MaxBitLen`). The genesis decoder re-encodes it and `cosmos_formats::genesis_checks` adds
//! balances with it; only what those need is here: parse, add, compare, print.

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
            digits.push(char::from(b'0' + r as u8));
            v = q;
        }
        f.write_str(&digits.iter().rev().collect::<String>())
    }
}

/// A `math.Int`: sign and magnitude.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MathInt {
    pub negative: bool,
    pub magnitude: U256,
}

impl MathInt {
    pub fn is_positive(&self) -> bool {
        !self.negative && !self.magnitude.is_zero()
    }
}

impl fmt::Display for MathInt {
    /// `math.Int.String()`: decimal, `-` only when non-zero.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative && !self.magnitude.is_zero() {
            f.write_str("-")?;
        }
        self.magnitude.fmt(f)
    }
}

/// Why a `math.Int` is refused, in Go's words. Go says the same for a bad character and a
/// misplaced `_`; they are kept apart so a caller can say which.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MathIntError {
    #[error("math/big: cannot unmarshal {0:?} into a *big.Int")]
    Syntax(String),
    #[error("math/big: cannot unmarshal {0:?} into a *big.Int")]
    Separator(String),
    #[error("integer out of range: {0}")]
    OutOfRange(String),
}

/// `math.Int.UnmarshalJSON`'s `unmarshalText`: Go's `big.Int.UnmarshalText` (`SetString(text,
/// 0)`, a port of `nat.scan` in math/big/natconv.go: an optional sign, a `0b`/`0o`/`0x` or
/// bare-`0` (octal) prefix, `_` only between digits or after a prefix, nothing after the
/// number), then `bigIntOverflows`: more than 256 bits refused. As in Go, a malformed text is
/// a syntax error even when its digits alone would be out of range.
pub fn parse_math_int(s: &str) -> Result<MathInt, MathIntError> {
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut negative = false;
    if let Some(&c @ (b'+' | b'-')) = bytes.first() {
        negative = c == b'-';
        i = 1;
    }
    let mut base: u32 = 10;
    let mut prefix = 0u8;
    // nat.scan's state: the previous character class ('.' none yet, '0' digit, '_'), and the
    // digits seen after the prefix.
    let mut prev = b'.';
    let mut count = 0usize;
    if bytes.get(i) == Some(&b'0') {
        prev = b'0';
        count = 1;
        i += 1;
        if let Some(&c) = bytes.get(i) {
            match c {
                b'b' | b'B' => (base, prefix) = (2, b'b'),
                b'o' | b'O' => (base, prefix) = (8, b'o'),
                b'x' | b'X' => (base, prefix) = (16, b'x'),
                _ => (base, prefix) = (8, b'0'),
            }
            count = 0;
            if prefix != b'0' {
                i += 1;
            }
        }
    }
    let mut value = Some(U256::ZERO);
    let mut invalid_separator = false;
    for &c in &bytes[i..] {
        if c == b'_' {
            invalid_separator |= prev != b'0';
            prev = b'_';
            continue;
        }
        let d = char::from(c).to_digit(36).filter(|d| *d < base).ok_or_else(|| MathIntError::Syntax(s.into()))?;
        prev = b'0';
        count += 1;
        value = value.and_then(|v| v.mul_add_small(u64::from(base), u64::from(d)));
    }
    if invalid_separator || prev == b'_' {
        return Err(MathIntError::Separator(s.into()));
    }
    if count == 0 && prefix != b'0' {
        return Err(MathIntError::Syntax(s.into()));
    }
    let magnitude = value.ok_or_else(|| MathIntError::OutOfRange(s.into()))?;
    Ok(MathInt { negative, magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const MAX: &str = "115792089237316195423570985008687907853269984665640564039457584007913129639935";

    #[rstest]
    #[case("1000", "1000")]
    #[case("25_000_000", "25000000")]
    #[case("0x10", "16")]
    #[case("0X_1f", "31")]
    #[case("0x_1f", "31")]
    #[case("0o17", "15")]
    #[case("017", "15")]
    #[case("010", "8")]
    #[case("0_7", "7")]
    #[case("0b101", "5")]
    #[case("00", "0")]
    #[case("0", "0")]
    #[case("-0", "0")]
    #[case("-5", "-5")]
    #[case("+7", "7")]
    #[case("-0x10", "-16")]
    #[case("340282366920938463463374607431768211456", "340282366920938463463374607431768211456")]
    #[case(MAX, MAX)]
    fn parses_as_big_int_unmarshal_text(#[case] text: &str, #[case] printed: &str) {
        assert_eq!(parse_math_int(text).map(|v| v.to_string()).as_deref(), Ok(printed));
    }

    #[rstest]
    #[case("")]
    #[case("-")]
    #[case("+")]
    #[case("--1")]
    #[case("+-1")]
    #[case("08")]
    #[case("0x")]
    #[case("0o")]
    #[case("0b2")]
    #[case("1.5")]
    #[case("1.0")]
    #[case(" 1")]
    #[case("1 ")]
    #[case("1e3")]
    #[case("12x")]
    fn malformed_texts_are_syntax_errors(#[case] text: &str) {
        let e = parse_math_int(text).expect_err(text);
        assert_eq!(e, MathIntError::Syntax(text.into()));
        assert_eq!(e.to_string(), format!("math/big: cannot unmarshal {text:?} into a *big.Int"));
    }

    #[rstest]
    #[case("_1")]
    #[case("1_")]
    #[case("1__0")]
    #[case("0x__1")]
    #[case("0_")]
    #[case("0x_")]
    fn misplaced_underscores_are_told_apart(#[case] text: &str) {
        assert_eq!(parse_math_int(text), Err(MathIntError::Separator(text.into())));
    }

    #[test]
    fn the_bound_is_256_bits() {
        let max = format!("0x{}", "f".repeat(64));
        let v = parse_math_int(&max).expect("2^256 - 1 is a math.Int");
        assert_eq!(v.to_string(), MAX);
        assert!(v.magnitude.checked_add(U256::from(1)).is_none());
        let over = format!("0x1{}", "0".repeat(64));
        assert_eq!(parse_math_int(&over).expect_err("2^256").to_string(), format!("integer out of range: {over}"));
        let over = "115792089237316195423570985008687907853269984665640564039457584007913129639936";
        assert_eq!(parse_math_int(over), Err(MathIntError::OutOfRange(over.into())));
        // Go scans the whole text before it measures the number.
        let bad = format!("{over}x");
        assert_eq!(parse_math_int(&bad), Err(MathIntError::Syntax(bad.clone())));
    }

    #[test]
    fn order_is_numeric() {
        let a = parse_math_int("0x1_0000_0000_0000_0000").expect("2^64").magnitude;
        let b = U256::from(u128::from(u64::MAX));
        assert!(a > b);
        assert_eq!(a, U256::from(1u128 << 64));
    }
}
