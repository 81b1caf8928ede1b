//! Machines of their own on this one, to try the multi-machine path by hand (and to measure
//! it): N Docker engines, each in a network namespace with its own address, reached only over
//! ssh through an sshd beside it, as the docker tests make them. Needs root, dockerd and sshd.
//!
//! ```sh
//! cargo run -p harness --example machines -- 4
//! # in another shell, with the PATH it prints (its `ssh` wrapper holds the machines' key):
//! PATH=<printed>:$PATH harness bench --backend docker --hosts <printed hosts.toml> --sizes 4
//! ```
//!
//! Holds the machines until SIGINT or SIGTERM, then stops them and removes everything.

#[path = "../tests/support/engines.rs"]
#[allow(dead_code)]
mod engines;

use nix::sys::signal::{SigSet, Signal};

fn main() {
    let n: usize = match std::env::args().nth(1).map(|a| a.parse()) {
        None => 4,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("machines: the argument is how many machines (a positive number)");
            std::process::exit(2);
        }
    };
    // Blocked before any thread starts, so that every thread inherits it and sigwait below
    // is the one place the signal lands.
    let mut stop = SigSet::empty();
    stop.add(Signal::SIGINT);
    stop.add(Signal::SIGTERM);
    if let Err(e) = stop.thread_block() {
        eprintln!("machines: cannot block SIGINT/SIGTERM: {e}");
        std::process::exit(1);
    }
    let machines = match engines::Engines::start_over_ssh(n) {
        Ok(m) => m,
        Err(why) => {
            eprintln!("machines: {why}");
            std::process::exit(1);
        }
    };
    let path = std::env::var("PATH").unwrap_or_default();
    let wrapper = path.split(':').next().unwrap_or_default();
    let _ = std::io::Write::write_all(
        &mut std::io::stdout(),
        format!(
            "{n} machines up\nhosts file: {}\nssh wrapper dir (put first on PATH): {wrapper}\n{}\nCtrl-C stops them.\n",
            machines.hosts_file.display(),
            std::fs::read_to_string(&machines.hosts_file).unwrap_or_default()
        )
        .as_bytes(),
    );
    let _ = stop.wait();
    drop(machines);
}
