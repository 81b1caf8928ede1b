//! Go's `time.Duration` text: what CometBFT's `config.toml` holds (`timeout_commit = "1s"`) and
//! what the runner's duration variables (`GENESIS_DELAY`, `TMKMS_TIMEOUT`) and the harness's
//! duration flags accept, so a value one of them takes the others read the same way.
//!
//! The grammar is Go's `time.ParseDuration` and the text `time.Duration.String`
//! (go/src/time/format.go): `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` or a lone `0`, units `ns`, `us`,
//! `µs`, `μs`, `ms`, `s`, `m`, `h`, at most 2^63-1 ns. Nothing here takes a negative span, so
//! a negative value is refused with its own error rather than clamped.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// A non-negative duration read from, and written as, Go's duration text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct GoDuration(Duration);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("invalid duration {0:?} (expected Go syntax like 5s, 100ms, 1m30s, 1h)")]
    Invalid(String),
    #[error("missing unit in duration {0:?} (expected Go syntax like 5s, 100ms, 1m30s, 1h)")]
    MissingUnit(String),
    #[error("unknown unit {unit:?} in duration {text:?} (units: ns, us, ms, s, m, h)")]
    UnknownUnit { unit: String, text: String },
    #[error("duration {0:?} is larger than Go's limit (about 292 years)")]
    Overflow(String),
    #[error("duration {0:?} is negative")]
    Negative(String),
}

/// Go's `1<<63`: the magnitude of the most negative `time.Duration`.
const LIMIT: u64 = 1 << 63;

impl GoDuration {
    pub const ZERO: GoDuration = GoDuration(Duration::ZERO);

    pub fn as_std(self) -> Duration {
        self.0
    }
}

impl From<Duration> for GoDuration {
    fn from(d: Duration) -> Self {
        GoDuration(d)
    }
}

impl From<GoDuration> for Duration {
    fn from(d: GoDuration) -> Self {
        d.0
    }
}

/// Parses Go duration text into a `std::time::Duration`; see the module docs.
pub fn parse_go_duration(text: &str) -> Result<Duration, DurationError> {
    text.parse::<GoDuration>().map(GoDuration::as_std)
}

fn unit_nanos(unit: &str) -> Option<u64> {
    Some(match unit {
        "ns" => 1,
        "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60_000_000_000,
        "h" => 3_600_000_000_000,
        _ => return None,
    })
}

/// Go's `leadingInt`: the leading digits, or `None` past 2^63.
fn leading_int(s: &str) -> Option<(u64, &str)> {
    let end = s.bytes().position(|b| !b.is_ascii_digit()).unwrap_or(s.len());
    let mut x: u64 = 0;
    for b in s[..end].bytes() {
        if x > LIMIT / 10 {
            return None;
        }
        x = x * 10 + u64::from(b - b'0');
        if x > LIMIT {
            return None;
        }
    }
    Some((x, &s[end..]))
}

/// Go's `leadingFraction`: digits after the point; past u64 precision it keeps consuming
/// digits without accumulating them, as Go does.
fn leading_fraction(s: &str) -> (u64, f64, &str) {
    let end = s.bytes().position(|b| !b.is_ascii_digit()).unwrap_or(s.len());
    let (mut x, mut scale, mut overflow) = (0u64, 1f64, false);
    for b in s[..end].bytes() {
        if overflow {
            continue;
        }
        if x > (LIMIT - 1) / 10 {
            overflow = true;
            continue;
        }
        let y = x * 10 + u64::from(b - b'0');
        if y > LIMIT {
            overflow = true;
            continue;
        }
        x = y;
        scale *= 10.0;
    }
    (x, scale, &s[end..])
}

impl FromStr for GoDuration {
    type Err = DurationError;

    /// A line-for-line port of Go's `time.ParseDuration`, which keeps its integer arithmetic
    /// (a float sum would make `1.1s` land a nanosecond off what the Go node reads).
    fn from_str(orig: &str) -> Result<Self, Self::Err> {
        let invalid = || DurationError::Invalid(orig.to_string());
        let overflow = || DurationError::Overflow(orig.to_string());
        let mut s = orig;
        let mut neg = false;
        if let Some(rest) = s.strip_prefix('-') {
            neg = true;
            s = rest;
        } else if let Some(rest) = s.strip_prefix('+') {
            s = rest;
        }
        if s == "0" {
            return Ok(GoDuration::ZERO);
        }
        if s.is_empty() {
            return Err(invalid());
        }
        let mut total: u64 = 0;
        while !s.is_empty() {
            if !s.starts_with(|c: char| c == '.' || c.is_ascii_digit()) {
                return Err(invalid());
            }
            let before = s.len();
            let (v, rest) = leading_int(s).ok_or_else(invalid)?;
            s = rest;
            let pre = before != s.len();
            let (mut f, mut scale, mut post) = (0u64, 1f64, false);
            if let Some(rest) = s.strip_prefix('.') {
                let before = rest.len();
                (f, scale, s) = leading_fraction(rest);
                post = before != s.len();
            }
            if !pre && !post {
                return Err(invalid());
            }
            // The unit runs to the next digit or point; every byte that ends it is ASCII, so
            // the split falls on a char boundary.
            let i = s.bytes().position(|b| b == b'.' || b.is_ascii_digit()).unwrap_or(s.len());
            if i == 0 {
                return Err(DurationError::MissingUnit(orig.to_string()));
            }
            let (u, rest) = s.split_at(i);
            s = rest;
            let unit = unit_nanos(u)
                .ok_or_else(|| DurationError::UnknownUnit { unit: u.to_string(), text: orig.to_string() })?;
            if v > LIMIT / unit {
                return Err(overflow());
            }
            let mut v = v * unit;
            if f > 0 {
                // Go's own float step: exact to the nanosecond for fractions of an hour.
                v += (f as f64 * (unit as f64 / scale)) as u64;
                if v > LIMIT {
                    return Err(overflow());
                }
            }
            total = total.checked_add(v).filter(|t| *t <= LIMIT).ok_or_else(overflow)?;
        }
        if neg {
            return Err(DurationError::Negative(orig.to_string()));
        }
        if total > LIMIT - 1 {
            return Err(overflow());
        }
        Ok(GoDuration(Duration::from_nanos(total)))
    }
}

/// `v / 10^prec` split into its integer part and the fraction as Go writes it (`.5`, trailing
/// zeros dropped, nothing when it is zero).
fn frac(v: u128, prec: u32) -> (u128, String) {
    let p = 10u128.pow(prec);
    let (int, f) = (v / p, v % p);
    if f == 0 {
        return (int, String::new());
    }
    let digits = format!("{f:0width$}", width = prec as usize);
    (int, format!(".{}", digits.trim_end_matches('0')))
}

impl fmt::Display for GoDuration {
    /// Go's `Duration.String`: `0s`, `1.5ms`, `100ms`, `1m30s`, `1h0m0s`, which
    /// `ParseDuration` reads back to the same value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ns = self.0.as_nanos();
        if ns == 0 {
            return f.write_str("0s");
        }
        if ns < 1_000_000_000 {
            let (prec, unit) = match ns {
                n if n < 1_000 => (0, "ns"),
                n if n < 1_000_000 => (3, "\u{b5}s"),
                _ => (6, "ms"),
            };
            let (int, fr) = frac(ns, prec);
            return write!(f, "{int}{fr}{unit}");
        }
        let (secs, fr) = frac(ns, 9);
        let (mins, s) = (secs / 60, secs % 60);
        match (mins / 60, mins % 60) {
            (0, 0) => write!(f, "{s}{fr}s"),
            (0, m) => write!(f, "{m}m{s}{fr}s"),
            (h, m) => write!(f, "{h}h{m}m{s}{fr}s"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const NS: u64 = 1;
    const US: u64 = 1_000;
    const MS: u64 = 1_000_000;
    const S: u64 = 1_000_000_000;
    const M: u64 = 60 * S;
    const H: u64 = 60 * M;

    // Go's own table, parseDurationTests in go/src/time/time_test.go (the non-negative half).
    #[rstest]
    #[case("0", 0)]
    #[case("5s", 5 * S)]
    #[case("30s", 30 * S)]
    #[case("1478s", 1478 * S)]
    #[case("+5s", 5 * S)]
    #[case("-0", 0)]
    #[case("+0", 0)]
    #[case("5.0s", 5 * S)]
    #[case("5.6s", 5 * S + 600 * MS)]
    #[case("5.s", 5 * S)]
    #[case(".5s", 500 * MS)]
    #[case("1.0s", S)]
    #[case("1.00s", S)]
    #[case("1.004s", S + 4 * MS)]
    #[case("1.0040s", S + 4 * MS)]
    #[case("100.00100s", 100 * S + MS)]
    #[case("10ns", 10 * NS)]
    #[case("11us", 11 * US)]
    #[case("12µs", 12 * US)]
    #[case("12μs", 12 * US)]
    #[case("13ms", 13 * MS)]
    #[case("14s", 14 * S)]
    #[case("15m", 15 * M)]
    #[case("16h", 16 * H)]
    #[case("3h30m", 3 * H + 30 * M)]
    #[case("10.5s4m", 4 * M + 10 * S + 500 * MS)]
    #[case("1h2m3s4ms5us6ns", H + 2 * M + 3 * S + 4 * MS + 5 * US + 6 * NS)]
    #[case("39h9m14.425s", 39 * H + 9 * M + 14 * S + 425 * MS)]
    #[case("52763797000ns", 52763797000 * NS)]
    #[case("0.3333333333333333333h", 20 * M)]
    #[case("9007199254740993ns", (1 << 53) + 1)]
    #[case("9223372036854775807ns", i64::MAX as u64)]
    #[case("9223372036854775.807us", i64::MAX as u64)]
    #[case("9223372036s854ms775us807ns", i64::MAX as u64)]
    #[case("0.100000000000000000000h", 6 * M)]
    #[case("0.830103483285477580700h", 49 * M + 48 * S + 372539827 * NS)]
    fn parses_go_durations(#[case] text: &str, #[case] nanos: u64) {
        assert_eq!(parse_go_duration(text), Ok(Duration::from_nanos(nanos)), "{text}");
    }

    // Go's parseDurationErrorTests plus the negative values nothing here can use.
    #[rstest]
    #[case("", "invalid duration")]
    #[case("3", "missing unit")]
    #[case("-", "invalid duration")]
    #[case("s", "invalid duration")]
    #[case(".", "invalid duration")]
    #[case("-.", "invalid duration")]
    #[case(".s", "invalid duration")]
    #[case("+.s", "invalid duration")]
    #[case("1d", "unknown unit \"d\"")]
    #[case("1 hour", "unknown unit \" hour\"")]
    #[case("2days", "unknown unit \"days\"")]
    #[case(" 5s", "invalid duration")]
    #[case("5S", "unknown unit \"S\"")]
    #[case("\u{85}\u{85}", "invalid duration")]
    #[case("9223372036854775808ns", "larger than")]
    #[case("9223372036854775.808us", "larger than")]
    #[case("9223372036854ms775us808ns", "larger than")]
    #[case("-5s", "is negative")]
    #[case("-1ns", "is negative")]
    fn refuses_what_go_refuses(#[case] text: &str, #[case] msg: &str) {
        let e = parse_go_duration(text).expect_err(text).to_string();
        assert!(e.contains(msg), "{text:?}: {e}");
        assert!(e.contains(&format!("{text:?}")), "names the value: {e}");
        assert!(!e.contains('\n'));
    }

    // Go's durationTests (Duration.String) in go/src/time/time_test.go.
    #[rstest]
    #[case(0, "0s")]
    #[case(1, "1ns")]
    #[case(1_100, "1.1µs")]
    #[case(2_200_000, "2.2ms")]
    #[case(3_300_000_000, "3.3s")]
    #[case(4 * M + 5 * S, "4m5s")]
    #[case(4 * M + 5001 * MS, "4m5.001s")]
    #[case(5 * H + 6 * M + 7001 * MS, "5h6m7.001s")]
    #[case(8 * M + 1, "8m0.000000001s")]
    #[case(i64::MAX as u64, "2562047h47m16.854775807s")]
    #[case(100 * MS, "100ms")]
    #[case(H, "1h0m0s")]
    fn formats_like_go(#[case] nanos: u64, #[case] text: &str) {
        let d = GoDuration::from(Duration::from_nanos(nanos));
        assert_eq!(d.to_string(), text);
        assert_eq!(text.parse::<GoDuration>(), Ok(d), "reads back");
    }
}
