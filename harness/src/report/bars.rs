//! `harness up`'s progress bars: one per project, a step per stage it runs.

use crate::progress::Progress;
use crate::runbook::Network;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::sync::Mutex;

pub struct Bars {
    bars: Mutex<BTreeMap<String, ProgressBar>>,
    // The bars draw through it: it lives as long as they do.
    _drawn: MultiProgress,
}

impl Bars {
    pub fn new(net: &Network) -> Bars {
        let drawn = MultiProgress::new();
        let style = ProgressStyle::with_template("{prefix:>8} [{bar:20}] {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        let bars = net
            .projects
            .iter()
            .map(|p| {
                // The coordinator runs one stage more than the others.
                let steps = if p.is_coordinator() { 4 } else { 3 };
                let b = drawn.add(ProgressBar::new(steps));
                b.set_style(style.clone());
                b.set_prefix(p.name.clone());
                b.set_message("waiting");
                (p.name.clone(), b)
            })
            .collect();
        Bars { bars: Mutex::new(bars), _drawn: drawn }
    }

    /// Every bar stops where it is, with `message`.
    pub fn finish(&self, message: &'static str) {
        for b in self.bars.lock().map(|b| b.values().cloned().collect::<Vec<_>>()).unwrap_or_default() {
            b.finish_with_message(message);
        }
    }

    fn bar(&self, project: &str) -> Option<ProgressBar> {
        self.bars.lock().ok().and_then(|b| b.get(project).cloned())
    }
}

impl Progress for Bars {
    fn stage(&self, project: &str, stage: &str) {
        if let Some(b) = self.bar(project) {
            b.set_message(format!("{stage} ..."));
        }
    }

    fn done(&self, project: &str, stage: &str) {
        if let Some(b) = self.bar(project) {
            b.inc(1);
            b.set_message(format!("{stage} done"));
        }
    }
}
