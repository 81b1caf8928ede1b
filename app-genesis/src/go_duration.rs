//! Go's `time.ParseDuration` (go/src/time/format.go), the one reader of Go duration text in the
//! workspace: gogoproto's jsonpb applies it to a genesis's `Duration` strings (jsonpb.go,
//! `case "Duration"`), CometBFT to `config.toml`'s timeouts, and `cosmos_formats::GoDuration`
//! (the runner's and the harness's duration values) wraps it, so every reader agrees with the Go
//! node to the nanosecond.
//!
//! Grammar: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` or a lone `0`, units `ns`, `us`, `µs`, `μs`, `ms`,
//! `s`, `m`, `h`; the value is an `int64` count of nanoseconds, as Go's `time.Duration`.

/// Why Go refuses a duration, in Go's words; each variant holds the text as given, so a caller
/// with words of its own can quote it its own way.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GoDurationError {
    #[error("time: invalid duration {}", quote(.0))]
    Invalid(String),
    #[error("time: missing unit in duration {}", quote(.0))]
    MissingUnit(String),
    #[error("time: unknown unit {} in duration {}", quote(.unit), quote(.text))]
    UnknownUnit { unit: String, text: String },
    /// Go reports this one as `invalid duration` too; it is kept apart so a caller can say why.
    #[error("time: invalid duration {}", quote(.0))]
    Overflow(String),
}

/// Go's `time.quote`: ASCII as is (`"` and `\` escaped), every byte of anything else as `\xNN`.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c.is_ascii() && c >= ' ' {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
    }
    out.push('"');
    out
}

/// Go's `1<<63`: the magnitude of the most negative `time.Duration`.
const LIMIT: u64 = 1 << 63;

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

/// A line-for-line port of Go's `time.ParseDuration`, returning nanoseconds. It keeps Go's
/// integer arithmetic: a float sum would make `1.1s` land a nanosecond off what the node reads.
pub fn parse_go_duration(orig: &str) -> Result<i64, GoDurationError> {
    let invalid = || GoDurationError::Invalid(orig.to_string());
    let overflow = || GoDurationError::Overflow(orig.to_string());
    let mut s = orig;
    let mut neg = false;
    if let Some(rest) = s.strip_prefix('-') {
        neg = true;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    if s == "0" {
        return Ok(0);
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
        let (v, rest) = leading_int(s).ok_or_else(overflow)?;
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
        // The unit runs to the next digit or point; every byte that ends it is ASCII, so the
        // split falls on a char boundary.
        let i = s.bytes().position(|b| b == b'.' || b.is_ascii_digit()).unwrap_or(s.len());
        if i == 0 {
            return Err(GoDurationError::MissingUnit(orig.to_string()));
        }
        let (u, rest) = s.split_at(i);
        s = rest;
        let unit = unit_nanos(u)
            .ok_or_else(|| GoDurationError::UnknownUnit { unit: u.to_string(), text: orig.to_string() })?;
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
        // total <= 2^63, so its negation is an i64 (2^63 itself is i64::MIN).
        return Ok((total as i128).wrapping_neg() as i64);
    }
    i64::try_from(total).map_err(|_| overflow())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const NS: i64 = 1;
    const US: i64 = 1_000;
    const MS: i64 = 1_000_000;
    const S: i64 = 1_000_000_000;
    const M: i64 = 60 * S;
    const H: i64 = 60 * M;

    // Go's parseDurationTests (go/src/time/time_test.go), every case.
    #[rstest]
    #[case("0", 0)]
    #[case("5s", 5 * S)]
    #[case("30s", 30 * S)]
    #[case("1478s", 1478 * S)]
    #[case("-5s", -5 * S)]
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
    #[case("-2m3.4s", -(2 * M + 3 * S + 400 * MS))]
    #[case("1h2m3s4ms5us6ns", H + 2 * M + 3 * S + 4 * MS + 5 * US + 6 * NS)]
    #[case("39h9m14.425s", 39 * H + 9 * M + 14 * S + 425 * MS)]
    #[case("52763797000ns", 52763797000 * NS)]
    #[case("0.3333333333333333333h", 20 * M)]
    #[case("9007199254740993ns", (1 << 53) + 1)]
    #[case("9223372036854775807ns", i64::MAX)]
    #[case("9223372036854775.807us", i64::MAX)]
    #[case("9223372036s854ms775us807ns", i64::MAX)]
    #[case("-9223372036854775808ns", i64::MIN)]
    #[case("-9223372036854775.808us", i64::MIN)]
    #[case("-9223372036s854ms775us808ns", i64::MIN)]
    #[case("-2562047h47m16.854775808s", i64::MIN)]
    #[case("0.100000000000000000000h", 6 * M)]
    #[case("0.830103483285477580700h", 49 * M + 48 * S + 372539827 * NS)]
    fn parses_what_go_parses(#[case] text: &str, #[case] nanos: i64) {
        assert_eq!(parse_go_duration(text), Ok(nanos), "{text}");
    }

    // Go's parseDurationErrorTests (those a &str can carry: Go's "\x85\x85" is here in UTF-8),
    // with the whole message Go gives.
    #[rstest]
    #[case("", "time: invalid duration \"\"")]
    #[case("3", "time: missing unit in duration \"3\"")]
    #[case("-", "time: invalid duration \"-\"")]
    #[case("s", "time: invalid duration \"s\"")]
    #[case(".", "time: invalid duration \".\"")]
    #[case("-.", "time: invalid duration \"-.\"")]
    #[case(".s", "time: invalid duration \".s\"")]
    #[case("+.s", "time: invalid duration \"+.s\"")]
    #[case("1d", "time: unknown unit \"d\" in duration \"1d\"")]
    #[case("\u{85}\u{85}", r#"time: invalid duration "\xc2\x85\xc2\x85""#)]
    #[case("\u{fffd}", r#"time: invalid duration "\xef\xbf\xbd""#)]
    #[case("\u{fffd} hello \u{fffd} world", r#"time: invalid duration "\xef\xbf\xbd hello \xef\xbf\xbd world""#)]
    #[case("1\"s", r#"time: unknown unit "\"s" in duration "1\"s""#)]
    #[case("2\tm", "time: unknown unit \"\\x09m\" in duration \"2\\x09m\"")]
    #[case("9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\"")]
    #[case("9223372036854775.808us", "time: invalid duration \"9223372036854775.808us\"")]
    #[case("9223372036854ms775us808ns", "time: invalid duration \"9223372036854ms775us808ns\"")]
    #[case("-9223372036854775809ns", "time: invalid duration \"-9223372036854775809ns\"")]
    fn refuses_what_go_refuses(#[case] text: &str, #[case] message: &str) {
        assert_eq!(parse_go_duration(text).expect_err(text).to_string(), message);
    }

    #[rstest]
    #[case("9223372036854775808ns")]
    #[case("99999999999999999999s")]
    #[case("3000000h")]
    #[case("-9223372036854775809ns")]
    #[case("5000000000s5000000000s")]
    fn overflow_is_told_apart(#[case] text: &str) {
        assert_eq!(parse_go_duration(text), Err(GoDurationError::Overflow(text.into())));
    }
}
