//! Hosts with network stacks of their own, for the process backend.
//!
//! Every project's processes (stages, node, tmkms) run in a Linux network namespace that the
//! harness creates, with one veth into a bridge the harness also creates. A project is then a
//! host at its own address (`10.213.<k>.<10 + index>/24`, the bridge at `.1`), as in a real
//! ceremony: peers dial that address, tmkms reaches its node on the namespace's own loopback,
//! and the harness (in the root namespace) reads RPC across the bridge. Taking a project's
//! veth down is a real partition: its processes keep running, its sockets stay open, and no
//! packet reaches or leaves it until the link is up again.
//!
//! Only names and addresses the harness created are touched. Names carry the owning
//! process's pid (`hb<pid>-<n>` bridge, `hv<pid>-<n>-<i>` veths, `harness-<pid>-<n>-<i>`
//! namespaces), so a run that died without tearing down is swept by the next one.
//!
//! Needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN for setns) and `ip` from iproute2; where the
//! bridge's traffic passes iptables (`bridge-nf-call-iptables`, which Docker turns on along
//! with a FORWARD policy of DROP) one ACCEPT rule scoped to the bridge, removed at teardown.

use crate::HarnessError;
use std::net::Ipv4Addr;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

fn fail(what: impl Into<String>, reason: impl Into<String>) -> HarnessError {
    HarnessError::Netns { what: what.into(), reason: reason.into() }
}

/// The first octets of every subnet the harness hands out; the third is picked per network.
const NET: [u8; 2] = [10, 213];
/// A host's address is `.<HOST_BASE + index>`.
const HOST_BASE: u8 = 10;
const MAX_HOSTS: usize = 240;

static NETWORKS: AtomicU32 = AtomicU32::new(0);

#[derive(Debug)]
pub struct Namespaces {
    bridge: String,
    subnet: u8,
    hosts: Vec<Host>,
    /// The FORWARD rule added for the bridge, to delete at teardown.
    forward_rule: bool,
    torn_down: std::sync::atomic::AtomicBool,
}

#[derive(Debug)]
struct Host {
    ns: String,
    veth: String,
}

/// `ip <args>`, its stderr as the error.
fn ip(args: &[&str]) -> Result<String, HarnessError> {
    run("ip", args)
}

fn run(program: &str, args: &[&str]) -> Result<String, HarnessError> {
    let what = format!("{program} {}", args.join(" "));
    let out = Command::new(program).args(args).output().map_err(|e| fail(&what, e.to_string()))?;
    if !out.status.success() {
        return Err(fail(&what, String::from_utf8_lossy(&out.stderr).trim().to_string()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn alive(pid: &str) -> bool {
    Path::new("/proc").join(pid).exists()
}

/// Serialises subnet choice and sweeping across processes (nextest runs tests in several).
fn lock() -> Result<nix::fcntl::Flock<std::fs::File>, HarnessError> {
    let path = std::env::temp_dir().join("harness-netns.lock");
    let f = std::fs::OpenOptions::new().create(true).append(true).open(&path).map_err(crate::error::io(&path))?;
    nix::fcntl::Flock::lock(f, nix::fcntl::FlockArg::LockExclusive)
        .map_err(|(_, e)| fail(format!("lock {}", path.display()), e.to_string()))
}

/// Whether bridged frames pass iptables here (then Docker's FORWARD DROP would drop them).
fn bridge_passes_iptables() -> bool {
    std::fs::read_to_string("/proc/sys/net/bridge/bridge-nf-call-iptables").is_ok_and(|s| s.trim() == "1")
}

fn forward_rule(bridge: &str) -> [&str; 8] {
    ["FORWARD", "-i", bridge, "-o", bridge, "-j", "ACCEPT", "-w"]
}

impl Namespaces {
    /// One namespace per host, `count` of them, on a new bridge.
    pub fn create(count: usize) -> Result<Namespaces, HarnessError> {
        if count > MAX_HOSTS {
            return Err(fail("create", format!("{count} hosts: at most {MAX_HOSTS} per network")));
        }
        if !nix::unistd::Uid::effective().is_root() {
            return Err(fail("create", "separate network namespaces need root (CAP_NET_ADMIN and CAP_SYS_ADMIN)"));
        }
        let pid = std::process::id();
        let n = NETWORKS.fetch_add(1, Ordering::SeqCst) % 100;
        let _lock = lock()?;
        sweep()?;
        let used = ip(&["-4", "-o", "addr", "show"])?;
        let subnet = (1..=254u8)
            .find(|k| !used.contains(&format!(" {}.{}.{k}.", NET[0], NET[1])))
            .ok_or_else(|| fail("create", format!("every {}.{}.x.0/24 is in use", NET[0], NET[1])))?;
        let bridge = format!("hb{pid}-{n}");
        let mut me = Namespaces {
            bridge: bridge.clone(),
            subnet,
            hosts: Vec::new(),
            forward_rule: false,
            torn_down: false.into(),
        };
        // From here on, `me` dropping (an error below) removes what was made so far.
        ip(&["link", "add", &bridge, "type", "bridge"])?;
        ip(&["addr", "add", &format!("{}/24", me.gateway()), "dev", &bridge])?;
        ip(&["link", "set", &bridge, "up"])?;
        if bridge_passes_iptables() {
            run("iptables", &[&["-I"][..], &forward_rule(&bridge)].concat())?;
            me.forward_rule = true;
        }
        for i in 0..count {
            let host = Host { ns: format!("harness-{pid}-{n}-{i}"), veth: format!("hv{pid}-{n}-{i}") };
            ip(&["netns", "add", &host.ns])?;
            me.hosts.push(host);
            let host = &me.hosts[i];
            ip(&["link", "add", &host.veth, "type", "veth", "peer", "name", "eth0", "netns", &host.ns])?;
            ip(&["link", "set", &host.veth, "master", &bridge, "up"])?;
            let addr = format!("{}/24", me.addr(i));
            ip(&["-n", &host.ns, "addr", "add", &addr, "dev", "eth0"])?;
            ip(&["-n", &host.ns, "link", "set", "eth0", "up"])?;
            ip(&["-n", &host.ns, "link", "set", "lo", "up"])?;
        }
        Ok(me)
    }

    fn gateway(&self) -> Ipv4Addr {
        Ipv4Addr::new(NET[0], NET[1], self.subnet, 1)
    }

    /// Host `index`'s address: what its node announces and its peers dial.
    pub fn addr(&self, index: usize) -> Ipv4Addr {
        // `create` bounds the count, so this fits.
        Ipv4Addr::new(NET[0], NET[1], self.subnet, HOST_BASE.saturating_add(index as u8))
    }

    fn host(&self, index: usize) -> Result<&Host, HarnessError> {
        self.hosts.get(index).ok_or_else(|| fail("host", format!("no namespace for host {index}")))
    }

    /// The namespace file, as `nsenter --net=` and `setns(2)` take it.
    pub fn path(&self, index: usize) -> Result<PathBuf, HarnessError> {
        Ok(Path::new("/var/run/netns").join(&self.host(index)?.ns))
    }

    /// An open handle on host `index`'s namespace, for `setns(2)` in a child or a thread.
    pub fn handle(&self, index: usize) -> Result<OwnedFd, HarnessError> {
        let path = self.path(index)?;
        let f = std::fs::File::open(&path).map_err(crate::error::io(&path))?;
        Ok(f.into())
    }

    /// Takes host `index`'s link down: nothing reaches it or leaves it.
    pub fn cut(&self, index: usize) -> Result<(), HarnessError> {
        ip(&["link", "set", &self.host(index)?.veth, "down"]).map(drop)
    }

    /// Undoes [`Namespaces::cut`].
    pub fn heal(&self, index: usize) -> Result<(), HarnessError> {
        ip(&["link", "set", &self.host(index)?.veth, "up"]).map(drop)
    }

    /// Whether host `index`'s link is down.
    pub fn is_cut(&self, index: usize) -> bool {
        self.link_state(index).is_ok_and(|seen| seen.holds)
    }

    /// Whether host `index`'s link is down, with what `ip link` said (a link that cannot be
    /// read is an error, not "down").
    pub fn link_state(&self, index: usize) -> Result<crate::procs::Seen, HarnessError> {
        let veth = &self.host(index)?.veth;
        let out = ip(&["-o", "link", "show", veth])?;
        // "12: hv…@if2: <BROADCAST,MULTICAST> mtu 1500 … state DOWN …"
        let flags = out.split_once('<').and_then(|(_, r)| r.split_once('>')).map(|(f, _)| f).unwrap_or_default();
        let state = out.split_whitespace().skip_while(|w| *w != "state").nth(1).unwrap_or("?");
        let up = flags.split(',').any(|f| f == "UP");
        Ok(crate::procs::Seen { holds: !up, what: format!("link {veth} <{flags}> state {state}") })
    }

    /// Runs `f` on a thread that has entered host `index`'s namespace (a thread's namespace
    /// is its own; the caller's is untouched).
    pub fn within<T: Send>(&self, index: usize, f: impl FnOnce() -> T + Send) -> Result<T, HarnessError> {
        let ns = self.handle(index)?;
        std::thread::scope(|s| {
            s.spawn(move || {
                nix::sched::setns(ns, nix::sched::CloneFlags::CLONE_NEWNET)
                    .map_err(|e| fail(format!("setns into host {index}"), e.to_string()))?;
                Ok(f())
            })
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))
        })
    }
}

impl Drop for Namespaces {
    fn drop(&mut self) {
        self.teardown();
    }
}

impl Namespaces {
    /// Deletes the namespaces, the bridge and the FORWARD rule (once; later calls do nothing).
    pub fn teardown(&self) {
        if self.torn_down.swap(true, Ordering::SeqCst) {
            return;
        }
        // Deleting a namespace deletes its end of the veth, and with it the pair.
        for h in &self.hosts {
            let _ = ip(&["netns", "del", &h.ns]);
        }
        if self.forward_rule {
            let _ = run("iptables", &[&["-D"][..], &forward_rule(&self.bridge)].concat());
        }
        let _ = ip(&["link", "del", &self.bridge]);
    }
}

/// Removes what harness processes that are gone left behind.
fn sweep() -> Result<(), HarnessError> {
    for line in ip(&["netns", "list"])?.lines() {
        let Some(name) = line.split_whitespace().next() else { continue };
        if let Some(pid) = name.strip_prefix("harness-").and_then(|r| r.split('-').next()) {
            if !alive(pid) {
                let _ = ip(&["netns", "del", name]);
            }
        }
    }
    for line in ip(&["-o", "link", "show", "type", "bridge"])?.lines() {
        // "7: hb1234-0: <BROADCAST,…"
        let Some(name) = line.split(": ").nth(1) else { continue };
        if let Some(pid) = name.strip_prefix("hb").and_then(|r| r.split('-').next()) {
            if pid.chars().all(|c| c.is_ascii_digit()) && !alive(pid) {
                if bridge_passes_iptables() {
                    let _ = run("iptables", &[&["-D"][..], &forward_rule(name)].concat());
                }
                let _ = ip(&["link", "del", name]);
            }
        }
    }
    Ok(())
}
