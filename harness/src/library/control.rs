//! Both ends of `<work>/control.sock`: `harness up`, the owner of the nodes, serves it;
//! `harness perturb` asks it. One request per connection: a JSON line (`ControlRequest`); the
//! answer is text, its last line `OK` or `ERROR: <reason>` (`ControlAnswer`).

use super::commands::{one_line, CommandError};
use crate::checks::Checks;
use crate::faults::Fault;
use crate::runbook::Network;
use crate::state::{ControlAnswer, ControlRequest};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub fn path(work: &Path) -> PathBuf {
    work.join("control.sock")
}

/// Answers requests until the process ends (the signal thread ends it).
pub fn serve(net: &Network, work: &Path) -> Result<(), CommandError> {
    let path = path(work);
    let _ = std::fs::remove_file(&path);
    let listener = std::os::unix::net::UnixListener::bind(&path).map_err(CommandError::io(&path))?;
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let mut line = String::new();
        if BufReader::new(&stream).read_line(&mut line).is_err() {
            continue;
        }
        let mut out = &stream;
        let answer = if super::signals::stopping() { Err(CommandError::Stopping) } else { perturb_here(net, &line) };
        let answer = match answer {
            Ok(text) => ControlAnswer::Ok(text),
            Err(e) => ControlAnswer::Error(one_line(&e)),
        };
        let _ = out.write_all(answer.render().as_bytes());
    }
    Ok(())
}

/// One request, in the process that owns the nodes: the fault's evidence, the checks after it
/// and where the report is.
fn perturb_here(net: &Network, request: &str) -> Result<String, CommandError> {
    let req: ControlRequest =
        serde_json::from_str(request).map_err(|e| CommandError::Request { reason: e.to_string() })?;
    let (node, fault, hold) = (req.node.as_str(), req.fault, Duration::from_millis(req.hold_ms));
    let Some(i) = net.projects.iter().position(|p| p.name == node) else {
        let names: Vec<&str> = net.projects.iter().map(|p| p.name.as_str()).collect();
        return Err(CommandError::NoNode { node: node.to_string(), names: names.join(", ") });
    };
    errln!("perturb: {fault} {node} for {hold:?}");
    let evidence = crate::faults::perturb(net, i, fault, hold, Duration::from_secs(120))?;
    let checks = Checks::new(net)?;
    let tip = (0..net.projects.len()).filter_map(|i| checks.height(i)).min().unwrap_or(1);
    let checked = checks.report(tip.max(1), Duration::from_secs(60));
    let written = net
        .write_report(Some(&checked))
        .map(|p| format!("report: {}", p.display()))
        .unwrap_or_else(|e| format!("report not written: {e}"));
    Ok(format!("{evidence}\n\n{checked}\n{written}\n"))
}

/// Asks the `up` process of `work` to perturb `node`: the answer's body and verdict.
pub fn ask(work: &Path, node: &str, fault: Fault, hold: Duration) -> Result<(String, ControlAnswer), CommandError> {
    let path = path(work);
    let mut stream = std::os::unix::net::UnixStream::connect(&path)
        .map_err(|error| CommandError::NotReady { socket: path.clone(), error })?;
    let req =
        ControlRequest { node: node.to_string(), fault, hold_ms: u64::try_from(hold.as_millis()).unwrap_or(u64::MAX) };
    let line = serde_json::to_string(&req).map_err(|e| CommandError::Request { reason: e.to_string() })?;
    writeln!(stream, "{line}").map_err(CommandError::io(&path))?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).map_err(CommandError::io(&path))?;
    Ok(ControlAnswer::parse(&answer))
}
