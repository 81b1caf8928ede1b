//! The scalar parsers the Go side applies to JSON strings, each reproducing one Go function's
//! acceptance rules (cited per function), plus the text each value is re-encoded as. `math.Int`
//! and durations have modules of their own (`math_int`, `go_duration`): other crates read them
//! too.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};

/// Unsigned big integer, little-endian 32-bit limbs: a `LegacyDec`'s bound (2^256 * 10^18) is
/// past `math_int::U256`. Only what parsing and printing need.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BigUint(Vec<u32>);

impl BigUint {
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }
    fn normalize(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }
    pub fn is_zero(&self) -> bool {
        self.0.iter().all(|l| *l == 0)
    }
    fn div_small(&mut self, d: u32) -> u32 {
        let mut rem = 0u64;
        for limb in self.0.iter_mut().rev() {
            let cur = (rem << 32) | u64::from(*limb);
            *limb = (cur / u64::from(d)) as u32;
            rem = cur % u64::from(d);
        }
        self.normalize();
        rem as u32
    }
    /// Decimal digits, no sign, "0" for zero.
    pub fn to_decimal(&self) -> String {
        let mut v = self.clone();
        v.normalize();
        if v.is_zero() {
            return "0".to_string();
        }
        let mut chunks = Vec::new();
        while !v.is_zero() {
            chunks.push(v.div_small(1_000_000_000));
        }
        let mut out = String::new();
        for (i, c) in chunks.iter().rev().enumerate() {
            if i == 0 {
                out.push_str(&c.to_string());
            } else {
                out.push_str(&format!("{c:09}"));
            }
        }
        out
    }
    fn from_decimal_digits(digits: &str) -> BigUint {
        let mut v = BigUint::default();
        for b in digits.bytes() {
            v.mul_add(10, u32::from(b - b'0'));
        }
        v.normalize();
        v
    }
    fn cmp(&self, other: &BigUint) -> std::cmp::Ordering {
        let (mut a, mut b) = (self.clone(), other.clone());
        a.normalize();
        b.normalize();
        a.0.len().cmp(&b.0.len()).then_with(|| a.0.iter().rev().cmp(b.0.iter().rev()))
    }
}

/// A `cosmossdk.io/math.LegacyDec`: the integer `value * 10^18`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyDec {
    pub negative: bool,
    pub raw: BigUint,
}

impl LegacyDec {
    /// `LegacyDec.String()`: integer part, '.', exactly 18 decimals.
    pub fn to_decimal(&self) -> String {
        let digits = self.raw.to_decimal();
        let padded = format!("{digits:0>19}");
        let (int, frac) = padded.split_at(padded.len() - 18);
        let sign = if self.negative && !self.raw.is_zero() { "-" } else { "" };
        format!("{sign}{int}.{frac}")
    }
}

/// `math.LegacyNewDecFromStr` (cosmossdk.io/math v1.5.3 `legacy_dec.go`): one optional leading
/// '-', at most one '.', digits on both sides of it, at most 18 decimals; the digits then go
/// through `big.Int.SetString(_, 10)` (which takes its own optional sign); |value| must not
/// exceed (2^256 * 10^18 - 1) / 10^18 (`IsInValidRange`).
pub fn parse_legacy_dec(s: &str) -> Result<LegacyDec, String> {
    let bad = |why: &str| Err(format!("{s:?} is not a decimal ({why})"));
    let (mut negative, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    if rest.is_empty() {
        return bad("empty");
    }
    let parts: Vec<&str> = rest.split('.').collect();
    let (mut combined, decimals) = match parts.as_slice() {
        [int] => (int.to_string(), 0),
        [int, frac] => {
            if frac.is_empty() || int.is_empty() {
                return bad("digits must surround '.'");
            }
            (format!("{int}{frac}"), frac.len())
        }
        _ => return bad("more than one '.'"),
    };
    if decimals > 18 {
        return bad("more than 18 decimals");
    }
    combined.push_str(&"0".repeat(18 - decimals));
    let digits = match combined.as_bytes().first() {
        Some(b'-') => {
            negative = !negative;
            &combined[1..]
        }
        Some(b'+') => &combined[1..],
        _ => &combined[..],
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return bad("not digits");
    }
    let raw = BigUint::from_decimal_digits(digits);
    let mut limit = BigUint(vec![1]);
    for _ in 0..256 {
        limit.mul_add(2, 0);
    }
    for _ in 0..18 {
        limit.mul_add(10, 0);
    }
    if raw.cmp(&limit) != std::cmp::Ordering::Less {
        return bad("out of range");
    }
    Ok(LegacyDec { negative, raw })
}

/// gogoproto jsonpb's Duration text (jsonpb.go `marshalObject`, `case "Duration"`): seconds with
/// 0, 3, 6 or 9 fractional digits and an `s`.
pub fn format_duration(nanos: i64) -> String {
    let secs = nanos / 1_000_000_000;
    let mut ns = nanos % 1_000_000_000;
    let mut sign = "";
    if ns < 0 {
        ns = -ns;
        if secs == 0 {
            sign = "-";
        }
    }
    let mut x = format!("{sign}{secs}.{ns:09}");
    for suffix in ["000", "000", ".000"] {
        if let Some(t) = x.strip_suffix(suffix) {
            x = t.to_string();
        }
    }
    format!("{x}s")
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in(month: i64, year: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Go's `time.Parse(time.RFC3339Nano, _)` as gogoproto's jsonpb applies it to a Timestamp
/// (jsonpb.go, `case "Timestamp"`; the RFC 3339 fast path `parseRFC3339` in src/time/format_rfc3339.go),
/// then `types.TimestampFromProto`'s range (years 1..=9999). Returns (unix seconds, nanos).
pub fn parse_timestamp(s: &str) -> Result<(i64, u32), String> {
    let bad = || Err(format!("{s:?} is not an RFC 3339 timestamp"));
    let b = s.as_bytes();
    if b.len() < 19 || !b.is_ascii() {
        return bad();
    }
    let num = |r: std::ops::Range<usize>, lo: i64, hi: i64| -> Option<i64> {
        let part = &b[r];
        if !part.iter().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let v = part.iter().fold(0i64, |a, c| a * 10 + i64::from(c - b'0'));
        (lo..=hi).contains(&v).then_some(v)
    };
    let (Some(year), Some(month)) = (num(0..4, 0, 9999), num(5..7, 1, 12)) else { return bad() };
    let (Some(day), Some(hour), Some(min), Some(sec)) =
        (num(8..10, 1, days_in(month, year)), num(11..13, 0, 23), num(14..16, 0, 59), num(17..19, 0, 59))
    else {
        return bad();
    };
    if !(b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':' && b[16] == b':') {
        return bad();
    }
    let mut rest = &b[19..];
    let mut nanos: u32 = 0;
    if rest.len() >= 2 && rest[0] == b'.' && rest[1].is_ascii_digit() {
        let n = 1 + rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        let digits = &rest[1..n.min(10)];
        let mut v: u32 = 0;
        for (i, c) in digits.iter().enumerate() {
            v += u32::from(c - b'0') * 10u32.pow(8 - i as u32);
        }
        nanos = v;
        rest = &rest[n..];
    }
    let offset: i64 = if rest == b"Z" {
        0
    } else {
        if rest.len() != 6 || !(rest[0] == b'-' || rest[0] == b'+') || rest[3] != b':' {
            return bad();
        }
        let to = |r: &[u8]| {
            r.iter().all(|c| c.is_ascii_digit()).then(|| r.iter().fold(0i64, |a, c| a * 10 + i64::from(c - b'0')))
        };
        let (Some(hh), Some(mm)) = (to(&rest[1..3]), to(&rest[4..6])) else { return bad() };
        if hh > 23 || mm > 59 {
            return bad();
        }
        let off = (hh * 60 + mm) * 60;
        if rest[0] == b'-' {
            -off
        } else {
            off
        }
    };
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + min * 60 + sec - offset;
    // types.TimestampFromProto: 0001-01-01T00:00:00Z <= t < 10000-01-01T00:00:00Z
    if !(-62_135_596_800..253_402_300_800).contains(&secs) {
        return bad();
    }
    Ok((secs, nanos))
}

/// jsonpb's Timestamp text: UTC, `Z`, 0/3/6/9 fractional digits.
pub fn format_timestamp(secs: i64, nanos: u32) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let mut x = format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{nanos:09}", rem / 3600, rem / 60 % 60, rem % 60);
    for suffix in ["000", "000", ".000"] {
        if let Some(t) = x.strip_suffix(suffix) {
            x = t.to_string();
        }
    }
    format!("{x}Z")
}

/// `encoding/json`'s `[]byte` decoding: `base64.StdEncoding` (padding required, `\r`/`\n`
/// skipped, non-zero trailing bits tolerated since it is not `.Strict()`).
pub fn decode_base64(s: &str) -> Result<Vec<u8>, String> {
    const GO_STD: GeneralPurpose = GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
    );
    let cleaned: String = s.chars().filter(|c| *c != '\r' && *c != '\n').collect();
    GO_STD.decode(cleaned.as_bytes()).map_err(|_| format!("{} is not base64", short(s)))
}

pub fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// cometbft `HexBytes.UnmarshalJSON`: `hex.DecodeString` of the string.
pub fn decode_hex(s: &str) -> Result<Vec<u8>, String> {
    let b = s.as_bytes();
    if b.len() % 2 != 0 {
        return Err(format!("{} is not hex", short(s)));
    }
    b.chunks(2)
        .map(|p| {
            let h = (p[0] as char).to_digit(16);
            let l = (p[1] as char).to_digit(16);
            match (h, l) {
                (Some(h), Some(l)) => Ok((h * 16 + l) as u8),
                _ => Err(format!("{} is not hex", short(s))),
            }
        })
        .collect()
}

/// A JSON string quoted for an error line, cut so a 500 KB blob does not flood the message.
pub fn short(s: &str) -> String {
    if s.chars().count() <= 60 {
        format!("{s:?}")
    } else {
        let head: String = s.chars().take(40).collect();
        format!("{head:?}... ({} chars)", s.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_dec_follows_legacy_new_dec_from_str() {
        let ok = |s: &str| parse_legacy_dec(s).map(|v| v.to_decimal());
        assert_eq!(ok("0.02").as_deref(), Ok("0.020000000000000000"));
        assert_eq!(ok("5").as_deref(), Ok("5.000000000000000000"));
        assert_eq!(ok("-1.5").as_deref(), Ok("-1.500000000000000000"));
        assert_eq!(ok("-0").as_deref(), Ok("0.000000000000000000"));
        assert_eq!(ok("0.123456789012345678").as_deref(), Ok("0.123456789012345678"));
        for bad in ["", "-", ".5", "5.", "1.2.3", "0.1234567890123456789", "1_0", "0x1", "abc", "1e5"] {
            assert!(parse_legacy_dec(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn durations_print_as_jsonpb() {
        assert_eq!(format_duration(1_814_400_000_000_000), "1814400s");
        assert_eq!(format_duration(1_500_000_000), "1.500s");
        assert_eq!(format_duration(-500), "-0.000000500s");
        assert_eq!(format_duration(0), "0s");
    }

    #[test]
    fn timestamps_follow_rfc3339_nano() {
        let (s, n) = parse_timestamp("2025-08-21T04:20:00.5+02:00").expect("valid");
        assert_eq!(format_timestamp(s, n), "2025-08-21T02:20:00.500Z");
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Ok((0, 0)));
        assert_eq!(format_timestamp(-62_135_596_800, 0), "0001-01-01T00:00:00Z");
        for bad in ["2025-02-30T00:00:00Z", "2025-08-21 04:20:00Z", "2025-08-21T04:20:00", "yesterday"] {
            assert!(parse_timestamp(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn base64_is_go_std_encoding() {
        assert_eq!(decode_base64("AAEC"), Ok(vec![0, 1, 2]));
        assert_eq!(decode_base64("AA\nEC"), Ok(vec![0, 1, 2]));
        assert_eq!(decode_base64("AQ=="), Ok(vec![1]));
        assert!(decode_base64("AQ").is_err());
        assert!(decode_base64("A-_B").is_err());
    }
}
