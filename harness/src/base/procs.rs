//! Which processes of a run are still alive, read from `/proc`, and the lines a stopping
//! program writes.
//!
//! `kill(pid, 0)` succeeds on a zombie, so it cannot tell `harness down` whether a process it
//! signalled has stopped: a process whose parent has not reaped it yet holds no socket, file
//! or memory and is as dead as it gets. Only `/proc/<pid>/stat`'s state says so.

use std::io::Write;
use std::path::Path;

/// An observation of a service's state: whether the state asked about holds, and what the
/// harness read to say so (for the fault's evidence line). Here, below the backends, because
/// the network namespaces report a link's state with it too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    pub holds: bool,
    pub what: String,
}

/// The state letter of `/proc/<pid>/stat` (`R`, `S`, `T`, `Z`, ...), `None` when there is no
/// such process.
pub fn state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    fields_after_comm(&stat)?.first()?.chars().next()
}

/// Whether `pid` is a process that can still run: it exists and is neither a zombie nor dead.
pub fn alive(pid: u32) -> bool {
    matches!(state(pid), Some(s) if s != 'Z' && s != 'X' && s != 'x')
}

/// The start time of `pid` in clock ticks since boot (`/proc/<pid>/stat` field 22): with the
/// pid it names one process, where a pid alone may since have been given to another.
pub fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Field 3 (state) is index 0 after the command name; field 22 is index 19.
    fields_after_comm(&stat)?.get(19)?.parse().ok()
}

/// The live (not zombie) members of process group `pgid`.
pub fn group_members(pgid: u32) -> Vec<u32> {
    members_in(Path::new("/proc"), pgid)
}

fn members_in(proc: &Path, pgid: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir(proc) else { return Vec::new() };
    let mut pids: Vec<u32> = dir
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let Ok(stat) = std::fs::read_to_string(proc.join(pid.to_string()).join("stat")) else { return false };
            let Some(f) = fields_after_comm(&stat) else { return false };
            let live = f.first().and_then(|s| s.chars().next()).is_some_and(|s| s != 'Z' && s != 'X' && s != 'x');
            // Field 5 (pgrp) is index 2 after the command name.
            live && f.get(2).and_then(|g| g.parse::<u32>().ok()) == Some(pgid)
        })
        .collect();
    pids.sort_unstable();
    pids
}

/// The fields after `(comm)`: the command name may hold spaces and parentheses, so the last
/// `)` ends it.
fn fields_after_comm(stat: &str) -> Option<Vec<&str>> {
    let (_, rest) = stat.rsplit_once(')')?;
    Some(rest.split_whitespace().collect())
}

/// One line on stderr; a closed or full stderr is ignored. A program that is stopping must
/// not panic (as `eprintln!` does) or stop short because nobody reads its output any more.
pub fn say(line: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// One line on stdout; a closed stdout (`| head`, a killed `tee`) is ignored.
pub fn out(line: impl std::fmt::Display) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_name_with_spaces_and_parentheses_does_not_shift_the_fields() {
        let stat = "4242 (a) b (c) S 1 4242 4242 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 987654 0 0";
        let f = fields_after_comm(stat).unwrap();
        assert_eq!(f[0], "S");
        assert_eq!(f[2], "4242");
        assert_eq!(f[19], "987654");
    }

    #[test]
    fn this_process_is_alive_and_a_reaped_child_is_not() {
        assert!(alive(std::process::id()));
        assert!(start_time(std::process::id()).is_some());
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!alive(pid), "reaped child {pid} still seen as alive");
    }

    #[test]
    fn a_zombie_exists_but_is_not_alive() {
        let child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        // Not reaped: it stays a zombie until `child` is waited on.
        testkit::wait_for(std::time::Duration::from_secs(10), "the child to exit", || {
            (state(pid) == Some('Z')).then_some(())
        });
        assert!(nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), None).is_ok(), "kill(0) sees it");
        assert!(!alive(pid));
        drop(child);
    }

    #[test]
    fn a_process_groups_live_members_are_listed_and_its_zombies_are_not() {
        use std::os::unix::process::CommandExt;
        let mut sleeper = std::process::Command::new("sleep").arg("30").process_group(0).spawn().unwrap();
        let pgid = sleeper.id();
        assert_eq!(group_members(pgid), vec![pgid]);
        sleeper.kill().unwrap();
        testkit::wait_for(std::time::Duration::from_secs(10), "the sleeper to die", || {
            (state(pgid) == Some('Z')).then_some(())
        });
        assert_eq!(group_members(pgid), Vec::<u32>::new());
        sleeper.wait().unwrap();
    }
}
