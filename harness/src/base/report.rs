//! What a run of the checks found, printable for an operator and as JSON for a machine.

use crate::HarnessError;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Entry {
    pub check: &'static str,
    pub passed: bool,
    /// The evidence when it passed, the reason when it failed.
    pub detail: String,
}

impl Entry {
    pub fn of<T: std::fmt::Display>(check: &'static str, r: Result<T, HarnessError>) -> Entry {
        match r {
            Ok(evidence) => Entry { check, passed: true, detail: evidence.to_string() },
            Err(e) => Entry { check, passed: false, detail: e.to_string() },
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub validators: usize,
    pub entries: Vec<Entry>,
}

impl Report {
    pub fn new(validators: usize) -> Report {
        Report { validators, entries: Vec::new() }
    }

    pub fn push(&mut self, e: Entry) {
        self.entries.push(e);
    }

    pub fn passed(&self) -> bool {
        !self.entries.is_empty() && self.entries.iter().all(|e| e.passed)
    }

    pub fn failures(&self) -> Vec<&Entry> {
        self.entries.iter().filter(|e| !e.passed).collect()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for e in &self.entries {
            let mut detail = e.detail.replace('\n', " ");
            if e.passed && detail.len() > 200 {
                // A pass says enough in a line (a wide network lists many ports).
                let cut = (0..=200).rev().find(|i| detail.is_char_boundary(*i)).unwrap_or(0);
                detail.truncate(cut);
                detail.push_str(" …");
            }
            writeln!(f, "{:<12} {}  {}", e.check, if e.passed { "PASS" } else { "FAIL" }, detail)?;
        }
        Ok(())
    }
}
