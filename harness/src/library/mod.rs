//! The top layer: what the `harness` binary does, as functions a test can call too: the
//! command line's types (cli), the state file and control protocol (state), a testnet from a
//! spec (testnet), stop signals (signals), the control socket (control) and each command.

/// `println!` that ignores a closed stdout: `harness up … | head` must not panic, and above
/// all must not stop running its shutdown, because nobody reads its output.
macro_rules! outln {
    ($($t:tt)*) => { $crate::procs::out(format_args!($($t)*)) };
}

/// `eprintln!` that ignores a closed stderr (see `outln!`).
macro_rules! errln {
    ($($t:tt)*) => { $crate::procs::say(format_args!($($t)*)) };
}

pub mod cli;
pub mod commands;
pub mod control;
pub mod signals;
pub mod state;
pub mod testnet;
