//! Double-sign evidence from the two places a double sign shows: every signature a
//! validator's tmkms produced over the run (its log, in the order it signed), and what the
//! nodes saw (conflicting votes they logged as equivocations, `DuplicateVoteEvidence` in the
//! blocks they committed).
//!
//! The judges here take text and blocks, not a live network, so that a test can hand them a
//! log that goes back or a block that carries evidence and see them refuse it.

use crate::HarnessError;
use std::collections::BTreeMap;

fn fail(reason: impl Into<String>) -> HarnessError {
    HarnessError::Check { check: "double-sign", reason: reason.into() }
}

/// Height, round and step as tmkms orders them (proposal 0, prevote 1, precommit 2).
pub type Hrs = (u64, u32, u8);

/// One signature from a tmkms log line
/// `[chain@addr] signed Precommit:4E1C6B0D7A at h/r/s 12/0/2 (0 ms)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// 1-based line number in the log.
    pub line: usize,
    pub kind: String,
    /// The first 10 hex digits of the block id signed for, or `<nil>`.
    pub block: String,
    pub hrs: Hrs,
}

/// Text without terminal colour codes (tmkms colours its log when it thinks it has a terminal).
fn plain(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters final-byte (a letter).
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Every signature in a tmkms log, in log order. A line that announces a signature and cannot
/// be read is an error, never skipped: a skipped line could be the one that went back.
pub fn tmkms_signatures(source: &str, text: &str) -> Result<Vec<Signed>, HarnessError> {
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = plain(raw);
        let Some(rest) = line.split_once("] signed ").map(|(_, r)| r) else { continue };
        // `signed vote extension` and `signed raw bytes` carry no h/r/s of their own.
        if !rest.contains(" at h/r/s ") {
            continue;
        }
        let bad = || fail(format!("{source}:{}: unreadable signature line: {}", n + 1, line.trim()));
        let (what, after) = rest.split_once(" at h/r/s ").ok_or_else(bad)?;
        let (kind, block) = what.split_once(':').ok_or_else(bad)?;
        let hrs = after.split_whitespace().next().ok_or_else(bad)?;
        let mut parts = hrs.split('/');
        let (Some(h), Some(r), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        let hrs = (h.parse().map_err(|_| bad())?, r.parse().map_err(|_| bad())?, s.parse().map_err(|_| bad())?);
        out.push(Signed { line: n + 1, kind: kind.to_string(), block: block.to_string(), hrs });
    }
    Ok(out)
}

/// What a tmkms log shows about its validator's signing.
#[derive(Debug, Clone)]
pub struct SigningLog {
    pub signatures: usize,
    pub first: Hrs,
    pub last: Hrs,
    /// Requests tmkms refused as double signs (`attempted double sign`): the node asked, the
    /// signer said no; nothing was signed.
    pub refused: usize,
    /// Height → the block (10-hex prefix) of each non-nil precommit signed at it.
    pub precommits: BTreeMap<u64, Vec<String>>,
}

impl std::fmt::Display for SigningLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hrs = |(h, r, s): Hrs| format!("{h}/{r}/{s}");
        write!(
            f,
            "{} signatures in order from h/r/s {} to {}, {} double-sign requests refused",
            self.signatures,
            hrs(self.first),
            hrs(self.last),
            self.refused
        )
    }
}

/// Judges a tmkms log line by line: each signature's height/round/step is at or after the one
/// before it, and a repeat of one height/round/step is for the same block (tmkms signs an
/// identical request again; a different block there is a double sign). A log without a single
/// signature proves nothing and is refused.
pub fn judge_signing_log(source: &str, text: &str) -> Result<SigningLog, HarnessError> {
    let signed = tmkms_signatures(source, text)?;
    let (Some(first), Some(last)) = (signed.first(), signed.last()) else {
        return Err(fail(format!("{source}: not one signature in the log")));
    };
    let mut at: BTreeMap<Hrs, &Signed> = BTreeMap::new();
    let mut precommits: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for pair in signed.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if b.hrs < a.hrs {
            return Err(fail(format!(
                "{source}:{}: signed {} at h/r/s {}/{}/{} after line {} had signed {} at {}/{}/{}: it went back",
                b.line, b.kind, b.hrs.0, b.hrs.1, b.hrs.2, a.line, a.kind, a.hrs.0, a.hrs.1, a.hrs.2
            )));
        }
    }
    for s in &signed {
        if let Some(before) = at.get(&s.hrs) {
            if before.block != s.block {
                return Err(fail(format!(
                    "{source}:{}: signed {} {} at h/r/s {}/{}/{}, line {} signed {} there: a double sign",
                    s.line, s.kind, s.block, s.hrs.0, s.hrs.1, s.hrs.2, before.line, before.block
                )));
            }
        }
        at.insert(s.hrs, s);
        if s.hrs.2 == 2 && s.block != "<nil>" {
            precommits.entry(s.hrs.0).or_default().push(s.block.clone());
        }
    }
    let refused = text.lines().filter(|l| plain(l).contains("attempted double sign")).count();
    Ok(SigningLog { signatures: signed.len(), first: first.hrs, last: last.hrs, refused, precommits })
}

/// The lines of a node's log in which it reports a validator's conflicting votes (the
/// consensus state machine's `equivocation`, for one height, round and vote type).
pub fn equivocations(text: &str) -> Vec<String> {
    text.lines().map(plain).filter(|l| l.contains("equivocation")).map(|l| l.trim().to_string()).collect()
}

/// The duplicate-vote evidence a block carries, one line each (validator, h/r, vote type).
pub fn duplicate_votes(block: &tendermint::Block) -> Vec<String> {
    block
        .evidence
        .iter()
        .map(|ev| match ev {
            tendermint::evidence::Evidence::DuplicateVote(d) => format!(
                "{} signed two {:?}s at height {} round {} ({} vs {})",
                d.vote_a.validator_address,
                d.vote_a.vote_type,
                d.vote_a.height,
                d.vote_a.round.value(),
                d.vote_a.block_id.map(|b| b.hash.to_string()).unwrap_or_else(|| "nil".into()),
                d.vote_b.block_id.map(|b| b.hash.to_string()).unwrap_or_else(|| "nil".into()),
            ),
            other => format!("evidence {other:?}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines in tmkms 0.15's layout, colour codes left out (see the recorded line below).
    const LOG: &str = "\
2025-01-01T00:00:01.000000Z  INFO tmkms::commands::start: tmkms 0.15.0 starting up...
2025-01-01T00:00:02.000000Z  INFO tmkms::session: [gonka-test@tcp://127.0.0.1:26658] connected to validator successfully
2025-01-01T00:00:03.000000Z  INFO tmkms::session: [gonka-test@tcp://127.0.0.1:26658] signed Proposal:7A1F00C2D3 at h/r/s 5/0/0 (0 ms)
2025-01-01T00:00:03.100000Z  INFO tmkms::session: [gonka-test@tcp://127.0.0.1:26658] signed Prevote:7A1F00C2D3 at h/r/s 5/0/1 (0 ms)
2025-01-01T00:00:03.200000Z  INFO tmkms::session: [gonka-test@tcp://127.0.0.1:26658] signed Precommit:7A1F00C2D3 at h/r/s 5/0/2 (0 ms)
2025-01-01T00:00:03.400000Z  INFO tmkms::session: [gonka-test@tcp://127.0.0.1:26658] signed Prevote:<nil> at h/r/s 6/0/1 (0 ms)
2025-01-01T00:00:04.400000Z  INFO tmkms::session: [gonka-test@tcp://127.0.0.1:26658] signed Prevote:0B99E1A2C4 at h/r/s 6/1/1 (0 ms)
2025-01-01T00:00:04.500000Z  INFO tmkms::session: [gonka-test@tcp://127.0.0.1:26658] signed Precommit:0B99E1A2C4 at h/r/s 6/1/2 (0 ms)
2025-01-01T00:00:04.500000Z  INFO tmkms::session: [gonka-test@tcp://127.0.0.1:26658] signed Precommit:0B99E1A2C4 at h/r/s 6/1/2 (0 ms)
";

    #[test]
    fn an_ordered_log_is_read_signature_by_signature() {
        let j = judge_signing_log("tmkms.log", LOG).unwrap();
        assert_eq!(j.signatures, 7);
        assert_eq!((j.first, j.last), ((5, 0, 0), (6, 1, 2)));
        assert_eq!(j.precommits.get(&6), Some(&vec!["0B99E1A2C4".to_string(), "0B99E1A2C4".to_string()]));
        assert_eq!(j.refused, 0);
    }

    #[test]
    fn a_signature_that_goes_back_fails_the_judgement() {
        let back = format!(
            "{LOG}2025-01-01T00:00:05Z  INFO tmkms::session: [gonka-test@tcp://127.0.0.1:26658] signed Prevote:5C5C5C5C5C at h/r/s 6/0/1 (0 ms)\n"
        );
        let err = judge_signing_log("tmkms.log", &back).unwrap_err().to_string();
        assert!(err.contains("tmkms.log:10") && err.contains("went back") && err.contains("6/1/2"), "{err}");
    }

    #[test]
    fn two_blocks_at_one_height_round_step_fail_the_judgement() {
        let twice = format!(
            "{LOG}2025-01-01T00:00:05Z  INFO tmkms::session: [gonka-test@tcp://127.0.0.1:26658] signed Precommit:FFFF000011 at h/r/s 6/1/2 (0 ms)\n"
        );
        let err = judge_signing_log("tmkms.log", &twice).unwrap_err().to_string();
        assert!(err.contains("a double sign") && err.contains("FFFF000011") && err.contains("0B99E1A2C4"), "{err}");
    }

    #[test]
    fn a_log_without_signatures_or_with_an_unreadable_one_fails_the_judgement() {
        let none = LOG.lines().take(2).collect::<Vec<_>>().join("\n");
        let err = judge_signing_log("tmkms.log", &none).unwrap_err().to_string();
        assert!(err.contains("not one signature"), "{err}");
        let garbled = LOG.replace("at h/r/s 6/0/1", "at h/r/s 6/x/1");
        let err = judge_signing_log("tmkms.log", &garbled).unwrap_err().to_string();
        assert!(err.contains("tmkms.log:6: unreadable"), "{err}");
    }

    /// Verbatim from a `harness up` run's `val-3/logs/tmkms.log` (tmkms colours its log even
    /// into a file), and the refusal it logged after a `harness perturb val-3 restart`.
    const RECORDED: &str = "\u{1b}[2m2026-12-06T22:09:55.374138Z\u{1b}[0m \u{1b}[32m INFO\u{1b}[0m \u{1b}[2mtmkms::session\u{1b}[0m\u{1b}[2m:\u{1b}[0m [gonka-mainnet@tcp://bf4b321d2b2cad6e741e09b6b71f93bfadeef4cd@127.0.0.1:21688] signed Prevote:5AA536EAEF at h/r/s 1/0/1 (0 ms)
\u{1b}[2m2026-12-06T22:09:55.693420Z\u{1b}[0m \u{1b}[32m INFO\u{1b}[0m \u{1b}[2mtmkms::session\u{1b}[0m\u{1b}[2m:\u{1b}[0m [gonka-mainnet@tcp://bf4b321d2b2cad6e741e09b6b71f93bfadeef4cd@127.0.0.1:21688] signed Precommit:5AA536EAEF at h/r/s 1/0/2 (0 ms)
\u{1b}[2m2026-12-06T22:12:10.749902Z\u{1b}[0m \u{1b}[31mERROR\u{1b}[0m \u{1b}[2mtmkms::client\u{1b}[0m\u{1b}[2m:\u{1b}[0m [gonka-mainnet@tcp://bf4b321d2b2cad6e741e09b6b71f93bfadeef4cd@127.0.0.1:21688] attempted double sign: step regression: round regression at height:95 round:0 last step:2 new step:1
";

    #[test]
    fn a_recorded_tmkms_log_is_read_colour_codes_and_all() {
        let j = judge_signing_log("tmkms.log", RECORDED).unwrap();
        assert_eq!((j.signatures, j.first, j.last, j.refused), (2, (1, 0, 1), (1, 0, 2), 1));
        assert_eq!(j.precommits.get(&1), Some(&vec!["5AA536EAEF".to_string()]));
        // The same lines in the wrong order: the prevote after the precommit goes back.
        let swapped: Vec<&str> = RECORDED.lines().collect();
        let swapped = format!("{}\n{}\n", swapped[1], swapped[0]);
        let err = judge_signing_log("tmkms.log", &swapped).unwrap_err().to_string();
        assert!(err.contains("tmkms.log:2: signed Prevote at h/r/s 1/0/1") && err.contains("went back"), "{err}");
    }

    #[test]
    fn colour_codes_do_not_hide_a_signature() {
        let coloured = "\u{1b}[2m2025\u{1b}[0m \u{1b}[32m INFO\u{1b}[0m tmkms::session: [c@tcp://h:1] signed Prevote:AB at h/r/s 3/0/1 (0 ms)";
        let s = tmkms_signatures("x", coloured).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].hrs, (3, 0, 1));
    }
}
