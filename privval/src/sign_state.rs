//! `data/priv_validator_state.json`: what the file signer signed last, as CometBFT's FilePV
//! keeps it, and the height/round/step rule that keeps a restarted validator from double signing.

use crate::Error;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use cosmos_formats::files::{write_atomic, Mode};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

/// CometBFT's FilePV step numbers (`stepPropose`, `stepPrevote`, `stepPrecommit`).
pub(crate) const STEP_PROPOSE: i8 = 1;
pub(crate) const STEP_PREVOTE: i8 = 2;
pub(crate) const STEP_PRECOMMIT: i8 = 3;

/// Height, round, step; the derived order (height first) is the order signing must follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Hrs {
    pub height: i64,
    pub round: i32,
    pub step: i8,
}

impl fmt::Display for Hrs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let step = match self.step {
            0 => "none",
            STEP_PROPOSE => "propose",
            STEP_PREVOTE => "prevote",
            STEP_PRECOMMIT => "precommit",
            _ => "unknown",
        };
        write!(f, "height {} round {} step {} ({step})", self.height, self.round, self.step)
    }
}

/// The JSON CometBFT writes: int64 as a string, bytes as base64, sign bytes as upper-case hex.
#[derive(Serialize, Deserialize)]
struct StateJson {
    height: String,
    round: i32,
    step: i8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    signature: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    signbytes: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LastSignState {
    pub hrs: Hrs,
    /// Present together: the signature given at `hrs` and the bytes it covers.
    pub signed: Option<(Vec<u8>, Vec<u8>)>,
}

/// What [`LastSignState::check`] allows.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Check {
    /// Above the last signed step: sign.
    Fresh,
    /// The same step again: only the same data may be (re-)signed, with the old signature.
    Same { signature: Vec<u8>, sign_bytes: Vec<u8> },
}

impl LastSignState {
    pub fn load(path: &Path) -> Result<Self, Error> {
        let bad = |reason: String| Error::State { path: path.display().to_string(), reason };
        let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
        let json: StateJson = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        let height =
            json.height.parse::<i64>().map_err(|_| bad(format!("height {:?} is not an integer", json.height)))?;
        let signed = match (json.signature, json.signbytes) {
            (None, None) => None,
            (Some(sig), Some(bytes)) => Some((
                B64.decode(&sig).map_err(|_| bad("signature is not base64".into()))?,
                hex::decode(&bytes).map_err(|_| bad("signbytes is not hex".into()))?,
            )),
            // CometBFT panics on this; a half-written guard must not be trusted.
            _ => return Err(bad("signature and signbytes must be present together".into())),
        };
        Ok(LastSignState { hrs: Hrs { height, round: json.round, step: json.step }, signed })
    }

    pub fn to_json(&self) -> String {
        let json = StateJson {
            height: self.hrs.height.to_string(),
            round: self.hrs.round,
            step: self.hrs.step,
            signature: self.signed.as_ref().map(|(sig, _)| B64.encode(sig)),
            signbytes: self.signed.as_ref().map(|(_, bytes)| hex::encode_upper(bytes)),
        };
        serde_json::to_string_pretty(&json).unwrap_or_default()
    }

    /// Temp file in the same directory, fsync, rename: a crash leaves the old state or the
    /// new one, never a torn file that would disable the guard.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        write_atomic(path, self.to_json().as_bytes(), Mode::Secret)?;
        Ok(())
    }

    /// CometBFT's `CheckHRS`.
    pub fn check(&self, requested: Hrs) -> Result<Check, Error> {
        if requested < self.hrs {
            return Err(Error::Regression { last: self.hrs.to_string(), requested: requested.to_string() });
        }
        if requested > self.hrs {
            return Ok(Check::Fresh);
        }
        match &self.signed {
            Some((signature, sign_bytes)) => {
                Ok(Check::Same { signature: signature.clone(), sign_bytes: sign_bytes.clone() })
            }
            None => Err(Error::Conflict { hrs: requested.to_string() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hrs(height: i64, round: i32, step: i8) -> Hrs {
        Hrs { height, round, step }
    }

    #[test]
    fn reads_the_initial_state_cometbft_writes_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("priv_validator_state.json");
        std::fs::write(&path, cosmos_formats::keyfiles::initial_priv_validator_state()).unwrap();
        let state = LastSignState::load(&path).unwrap();
        assert_eq!(state, LastSignState { hrs: hrs(0, 0, 0), signed: None });
        assert_eq!(state.to_json(), cosmos_formats::keyfiles::initial_priv_validator_state());

        let signed = LastSignState { hrs: hrs(12, 1, STEP_PRECOMMIT), signed: Some((vec![1; 64], vec![0xab, 0x01])) };
        signed.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"height\": \"12\"") && text.contains("\"signbytes\": \"AB01\""), "{text}");
        assert_eq!(LastSignState::load(&path).unwrap(), signed);
    }

    #[test]
    fn order_is_height_then_round_then_step() {
        let state = LastSignState { hrs: hrs(5, 2, STEP_PREVOTE), signed: Some((vec![7], vec![8])) };
        for lower in [hrs(4, 9, 3), hrs(5, 1, 3), hrs(5, 2, STEP_PROPOSE)] {
            assert!(matches!(state.check(lower), Err(Error::Regression { .. })), "{lower} allowed");
        }
        for higher in [hrs(6, 0, 1), hrs(5, 3, 1), hrs(5, 2, STEP_PRECOMMIT)] {
            assert_eq!(state.check(higher).unwrap(), Check::Fresh, "{higher}");
        }
        assert_eq!(
            state.check(hrs(5, 2, STEP_PREVOTE)).unwrap(),
            Check::Same { signature: vec![7], sign_bytes: vec![8] }
        );
    }

    #[test]
    fn a_signature_without_its_bytes_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        std::fs::write(&path, r#"{"height":"3","round":0,"step":2,"signature":"AAAA"}"#).unwrap();
        assert!(LastSignState::load(&path).unwrap_err().to_string().contains("together"));
    }
}
