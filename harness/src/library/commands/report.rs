//! `harness report`: the run report's HTML written again from its JSON, optionally opened.

use super::CommandError;
use std::path::Path;

pub fn report(work_dir: &Path, open: bool) -> Result<(), CommandError> {
    let dir = work_dir.join("report");
    let r = crate::run_report::read(&dir.join("report.json"))?;
    let html = crate::run_report::write(&r, &dir)?;
    outln!("{}", html.display());
    if open {
        std::process::Command::new("xdg-open")
            .arg(&html)
            .status()
            .map_err(|error| CommandError::Io { what: format!("xdg-open {}", html.display()), error })?;
    }
    Ok(())
}
