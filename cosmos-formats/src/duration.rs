//! Go's `time.Duration` text: what CometBFT's `config.toml` holds (`timeout_commit = "1s"`) and
//! what the runner's duration variables (`GENESIS_DELAY`, `TMKMS_TIMEOUT`) and the harness's
//! duration flags accept, so a value one of them takes the others read the same way.
//!
//! The grammar is Go's `time.ParseDuration` (`app_genesis::go_duration`, the workspace's one
//! port, which the genesis decoder reads `Duration` fields with too) and the text
//! `time.Duration.String` (go/src/time/format.go), at most 2^63-1 ns. Nothing here takes a
//! negative span, so a negative value is refused with its own error rather than clamped.

use app_genesis::go_duration::{parse_go_duration as parse_go_duration_nanos, GoDurationError};
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

impl FromStr for GoDuration {
    type Err = DurationError;

    /// Go's `time.ParseDuration` itself (`app_genesis::go_duration`, the one port), with this
    /// crate's words for its refusals and a refusal of its own for a negative span.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let nanos = parse_go_duration_nanos(text).map_err(|e| match e {
            GoDurationError::Invalid(t) => DurationError::Invalid(t),
            GoDurationError::MissingUnit(t) => DurationError::MissingUnit(t),
            GoDurationError::UnknownUnit { unit, text } => DurationError::UnknownUnit { unit, text },
            GoDurationError::Overflow(t) => DurationError::Overflow(t),
        })?;
        let nanos = u64::try_from(nanos).map_err(|_| DurationError::Negative(text.to_string()))?;
        Ok(GoDuration(Duration::from_nanos(nanos)))
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

    // Go's grammar is app_genesis::go_duration's, tested there against Go's own tables; here:
    // the value as a std Duration, and each of Go's refusals in this crate's words.
    #[rstest]
    #[case("0", 0)]
    #[case("-0", 0)]
    #[case("+5s", 5 * S)]
    #[case("1.1s", S + 100 * MS)]
    #[case("12µs", 12 * US)]
    #[case("1h2m3s4ms5us6ns", H + 2 * M + 3 * S + 4 * MS + 5 * US + 6 * NS)]
    #[case("9223372036854775807ns", i64::MAX as u64)]
    fn parses_go_durations(#[case] text: &str, #[case] nanos: u64) {
        assert_eq!(parse_go_duration(text), Ok(Duration::from_nanos(nanos)), "{text}");
    }

    #[rstest]
    #[case("", r#"invalid duration "" (expected Go syntax like 5s, 100ms, 1m30s, 1h)"#)]
    #[case(".s", r#"invalid duration ".s" (expected Go syntax like 5s, 100ms, 1m30s, 1h)"#)]
    #[case(" 5s", r#"invalid duration " 5s" (expected Go syntax like 5s, 100ms, 1m30s, 1h)"#)]
    #[case("3", r#"missing unit in duration "3" (expected Go syntax like 5s, 100ms, 1m30s, 1h)"#)]
    #[case("1d", r#"unknown unit "d" in duration "1d" (units: ns, us, ms, s, m, h)"#)]
    #[case("1 hour", r#"unknown unit " hour" in duration "1 hour" (units: ns, us, ms, s, m, h)"#)]
    #[case("5S", r#"unknown unit "S" in duration "5S" (units: ns, us, ms, s, m, h)"#)]
    #[case("9223372036854775808ns", r#"duration "9223372036854775808ns" is larger than Go's limit (about 292 years)"#)]
    #[case("99999999999999999999s", r#"duration "99999999999999999999s" is larger than Go's limit (about 292 years)"#)]
    #[case("-5s", r#"duration "-5s" is negative"#)]
    #[case("-1ns", r#"duration "-1ns" is negative"#)]
    #[case("-9223372036854775808ns", r#"duration "-9223372036854775808ns" is negative"#)]
    fn refuses_in_its_own_words(#[case] text: &str, #[case] message: &str) {
        assert_eq!(parse_go_duration(text).expect_err(text).to_string(), message);
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
