//! `GENESIS_ACCOUNTS_FILE`: accounts funded at `intermediate_genesis` besides the validators'.
//!
//! One account a line, the arguments of the real CLI's `genesis add-genesis-account`
//! (cosmos-sdk `x/genutil/client/cli/genaccount.go`) without the command:
//!
//! ```text
//! # founders (gonka's add_founders_to_genesis.sh)
//! gonka1…  100470678000000000ngonka --vesting-amount 100470678000000000ngonka --vesting-start-time 1755750000 --vesting-end-time 1881894000
//! gonka1…  1ngonka
//! ```
//!
//! Flags may come in any order, as `--flag value` or `--flag=value`. `--vesting-start-time`
//! may be left out (end only = a DelayedVestingAccount, as `x/genutil/genaccounts.go` makes it).
//! Everything the SDK would refuse mid-ceremony, and what it would silently accept but is
//! surely a mistake (vesting times without an amount, a coin in a display unit), is refused
//! here with the line number, before anything is written.

use cosmos_formats::{Address, Coins};
use std::collections::BTreeMap;

/// A vesting schedule as `add-genesis-account` takes it (unix seconds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vesting {
    pub amount: Coins,
    /// `None`: a DelayedVestingAccount (everything vests at `end`).
    pub start: Option<i64>,
    pub end: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtraAccount {
    /// 1-based line in the file.
    pub line: usize,
    pub address: String,
    pub coins: Coins,
    pub vesting: Option<Vesting>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("line {line}: {reason}")]
pub struct AccountsFileError {
    pub line: usize,
    pub reason: String,
}

/// What a line is checked against.
pub struct Rules<'a> {
    /// The chain's account prefix (`gonka`).
    pub prefix: &'a str,
    /// Denoms that name a display unit of a base denom (from the bank metadata), mapped to
    /// that base: funding `5gonka` where `5000000000ngonka` was meant is the classic slip.
    pub display_units: &'a BTreeMap<String, String>,
}

const VESTING_AMOUNT: &str = "--vesting-amount";
const VESTING_START: &str = "--vesting-start-time";
const VESTING_END: &str = "--vesting-end-time";

pub fn parse(text: &str, rules: &Rules<'_>) -> Result<Vec<ExtraAccount>, AccountsFileError> {
    let mut out: Vec<ExtraAccount> = Vec::new();
    let mut seen: BTreeMap<Vec<u8>, usize> = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let content = raw.split_once('#').map_or(raw, |(before, _)| before).trim();
        if content.is_empty() {
            continue;
        }
        let fail = |reason: String| AccountsFileError { line, reason };
        let account = parse_line(content, rules).map_err(fail)?;
        let (_, bytes) = Address::decode(&account.0).map_err(|e| fail(e.to_string()))?;
        if let Some(first) = seen.insert(bytes.as_bytes().to_vec(), line) {
            return Err(fail(format!("address {} is also on line {first}", account.0)));
        }
        out.push(ExtraAccount { line, address: account.0, coins: account.1, vesting: account.2 });
    }
    Ok(out)
}

type Parsed = (String, Coins, Option<Vesting>);

fn parse_line(content: &str, rules: &Rules<'_>) -> Result<Parsed, String> {
    let mut words = content.split_whitespace();
    let (Some(address), Some(coins)) = (words.next(), words.next()) else {
        return Err(format!("{content:?}: expected <address> <coins> [{VESTING_AMOUNT} <coins>] [{VESTING_START} <unix>] [{VESTING_END} <unix>]"));
    };
    Address::parse(address, rules.prefix)
        .map_err(|e| format!("{e} (the chain's account prefix is {:?})", rules.prefix))?;
    let coins = coins_of("amount", coins, rules)?;

    let mut flags: BTreeMap<&str, &str> = BTreeMap::new();
    while let Some(word) = words.next() {
        let (flag, value) = match word.split_once('=') {
            Some((f, v)) => (f, Some(v)),
            None => (word, None),
        };
        if ![VESTING_AMOUNT, VESTING_START, VESTING_END].contains(&flag) {
            return Err(format!(
                "{word:?}: unknown flag (expected {VESTING_AMOUNT}, {VESTING_START} or {VESTING_END})"
            ));
        }
        let value = match value {
            Some(v) => v,
            None => words.next().ok_or_else(|| format!("{flag} needs a value"))?,
        };
        if flags.insert(flag, value).is_some() {
            return Err(format!("{flag} given twice"));
        }
    }
    let time = |flag: &str| -> Result<Option<i64>, String> {
        flags
            .get(flag)
            .map(|v| match v.parse::<i64>() {
                Ok(t) if t > 0 => Ok(t),
                _ => Err(format!("{flag} {v:?} is not a positive unix time in seconds")),
            })
            .transpose()
    };
    let start = time(VESTING_START)?;
    let end = time(VESTING_END)?;
    let vesting = match flags.get(VESTING_AMOUNT) {
        None if start.is_some() || end.is_some() => {
            // The SDK would make a plain BaseAccount and drop the schedule without a word.
            return Err(format!("vesting times without {VESTING_AMOUNT}: the schedule would be ignored"));
        }
        None => None,
        Some(v) => {
            let amount = coins_of(VESTING_AMOUNT, v, rules)?;
            for c in amount.iter() {
                if c.amount > coins.amount_of(&c.denom) {
                    return Err(format!(
                        "vesting amount cannot be greater than total amount ({VESTING_AMOUNT} {amount} > {coins})"
                    ));
                }
            }
            let Some(end) = end else {
                return Err(format!(
                    "invalid vesting parameters; must supply start and end time or end time ({VESTING_END} is missing)"
                ));
            };
            if let Some(s) = start {
                if s >= end {
                    return Err(format!("{VESTING_END} {end} must be after {VESTING_START} {s}"));
                }
            }
            Some(Vesting { amount, start, end })
        }
    };
    Ok((address.to_string(), coins, vesting))
}

fn coins_of(what: &str, text: &str, rules: &Rules<'_>) -> Result<Coins, String> {
    let coins: Coins = text.parse().map_err(|e: cosmos_formats::CoinError| format!("{what}: {e}"))?;
    for c in coins.iter() {
        if c.amount == 0 {
            return Err(format!("{what}: {c} is zero (the SDK drops zero coins)"));
        }
        if let Some(base) = rules.display_units.get(c.denom.as_str()) {
            return Err(format!(
                "{what}: {} is a display unit of {base} (bank denom_metadata); genesis amounts are in {base}",
                c.denom
            ));
        }
    }
    Ok(coins)
}

/// The display units (and aliases) of every metadata entry, mapped to their base denom.
pub fn display_units(metadata: &[serde_json::Value]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for m in metadata {
        let Some(base) = m.get("base").and_then(|b| b.as_str()) else { continue };
        for unit in m.get("denom_units").and_then(|u| u.as_array()).into_iter().flatten() {
            let names = unit
                .get("denom")
                .into_iter()
                .chain(unit.get("aliases").and_then(|a| a.as_array()).into_iter().flatten())
                .filter_map(|n| n.as_str());
            for n in names.filter(|n| *n != base) {
                out.insert(n.to_string(), base.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    // Addresses of the gonka mainnet draft genesis (fixtures/gonka-mainnet/genesis-draft.json).
    const A: &str = "gonka18299ldv2cym0gh5spmm6yncv3at3qgn0t7km5w";
    const B: &str = "gonka19fpma3577v3fnk8nxjkvg442ss8hvglxwqgzz6";

    fn units() -> BTreeMap<String, String> {
        [("gonka", "ngonka"), ("ugonka", "ngonka"), ("nanogonka", "ngonka")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn run(text: &str) -> Result<Vec<ExtraAccount>, AccountsFileError> {
        let u = units();
        parse(text, &Rules { prefix: "gonka", display_units: &u })
    }

    #[test]
    fn the_grammar() {
        let text = format!(
            "# founders\n\n{A} 100ngonka --vesting-amount 60ngonka --vesting-start-time 1755750000 --vesting-end-time 1881894000  # a comment\n\
             {B}   1ngonka,5stake\n"
        );
        let accounts = run(&text).unwrap();
        assert_eq!(accounts.len(), 2);
        assert_eq!(accounts[0].line, 3);
        assert_eq!(accounts[0].address, A);
        assert_eq!(accounts[0].coins.to_string(), "100ngonka");
        let v = accounts[0].vesting.as_ref().unwrap();
        assert_eq!((v.amount.to_string(), v.start, v.end), ("60ngonka".into(), Some(1755750000), 1881894000));
        assert_eq!(accounts[1].line, 4);
        assert_eq!(accounts[1].coins.to_string(), "1ngonka,5stake");
        assert_eq!(accounts[1].vesting, None);
    }

    #[test]
    fn flags_in_any_order_and_with_equals_end_only_is_delayed() {
        let a = run(&format!("{A} 100ngonka --vesting-end-time=20 --vesting-amount=100ngonka\n")).unwrap();
        assert_eq!(a[0].vesting, Some(Vesting { amount: "100ngonka".parse().unwrap(), start: None, end: 20 }));
    }

    #[rstest]
    #[case::one_word(format!("{A}"), "line 1: ")]
    #[case::other_prefix("cosmos1y2a9p56kv044327uycmqdexl7zs82fs5kz4dnl 1ngonka".into(), "line 1: invalid bech32 address")]
    #[case::bad_checksum(format!("{}x 1ngonka", &A[..A.len() - 1]), "line 1: invalid bech32 address")]
    #[case::bad_coins(format!("{A} lots"), "line 1: amount: invalid coin \"lots\"")]
    #[case::zero(format!("{A} 0ngonka"), "line 1: amount: 0ngonka is zero")]
    #[case::display_unit(format!("{A} 5gonka"), "line 1: amount: gonka is a display unit of ngonka")]
    #[case::bad_denom(format!("{A} 5n"), "line 1: amount: invalid denom")]
    #[case::unknown_flag(format!("{A} 5ngonka --append"), "line 1: \"--append\": unknown flag")]
    #[case::flag_without_value(format!("{A} 5ngonka --vesting-end-time"), "line 1: --vesting-end-time needs a value")]
    #[case::flag_twice(format!("{A} 5ngonka --vesting-end-time 5 --vesting-end-time 6 --vesting-amount 1ngonka"), "line 1: --vesting-end-time given twice")]
    #[case::vesting_over_amount(format!("{A} 5ngonka --vesting-amount 6ngonka --vesting-end-time 9"), "line 1: vesting amount cannot be greater than total amount")]
    #[case::vesting_other_denom(format!("{A} 5ngonka --vesting-amount 1stake --vesting-end-time 9"), "line 1: vesting amount cannot be greater than total amount")]
    #[case::no_end(format!("{A} 5ngonka --vesting-amount 5ngonka --vesting-start-time 9"), "line 1: invalid vesting parameters; must supply start and end time or end time")]
    #[case::end_before_start(format!("{A} 5ngonka --vesting-amount 5ngonka --vesting-start-time 9 --vesting-end-time 9"), "line 1: --vesting-end-time 9 must be after --vesting-start-time 9")]
    #[case::times_without_amount(format!("{A} 5ngonka --vesting-end-time 9"), "line 1: vesting times without --vesting-amount")]
    #[case::negative_time(format!("{A} 5ngonka --vesting-amount 5ngonka --vesting-end-time -1"), "line 1: --vesting-end-time \"-1\" is not a positive unix time")]
    #[case::duplicate(format!("{A} 1ngonka\n# x\n{A} 2ngonka"), "line 3: address gonka18299ldv2cym0gh5spmm6yncv3at3qgn0t7km5w is also on line 1")]
    fn bad_lines_are_refused_with_their_number(#[case] text: String, #[case] msg: &str) {
        let e = run(&text).unwrap_err().to_string();
        assert!(e.starts_with(msg), "{e}\n  expected {msg}");
        assert!(!e.contains('\n'));
    }

    #[test]
    fn display_units_come_from_the_metadata() {
        let meta = serde_json::json!([{"base": "ngonka", "denom_units": [
            {"denom": "ngonka", "exponent": 0, "aliases": ["nanogonka"]},
            {"denom": "gonka", "exponent": 9, "aliases": []}]}]);
        let u = display_units(meta.as_array().unwrap());
        assert_eq!(u.keys().map(String::as_str).collect::<Vec<_>>(), ["gonka", "nanogonka"]);
        assert!(u.values().all(|b| b == "ngonka"));
    }
}
