//! CometBFT's address grammar: listen addresses (`tcp://host:port`), dialable `host:port`,
//! peer addresses (`id@host:port`) and peer lists (`p2p.persistent_peers`).
//!
//! Modelled on cometbft/cometbft `p2p/netaddress.go` (`NewNetAddressString`,
//! `removeProtocolIfDefined`, `validateID`), `libs/strings` (`SplitAndTrimEmpty`, which
//! `config/toml.go`'s `persistent_peers` goes through) and Go's `net.SplitHostPort` (brackets
//! around an IPv6 host, one colon otherwise).
//!
//! Two entry points where CometBFT and a careful reader differ:
//! - **strict** (`FromStr`, [`PeerList::parse_strict`]): text received from another host (the
//!   peers file, a manifest, `PERSISTENT_PEERS`). Anything odd is refused: whitespace inside,
//!   an empty entry, a scheme on a peer, an uppercase id, a missing port, a duplicate.
//! - **lenient** ([`PeerAddr::parse_lenient`], [`PeerList::parse_lenient`]): a node's own
//!   `config.toml`, read as CometBFT reads it: blanks around entries trimmed, empty entries
//!   skipped, an optional `tcp://` prefix, hex ids in either case (Go's `hex.DecodeString`).

use crate::node_id::{NodeId, NodeIdError};
use std::collections::HashSet;
use std::fmt;
use std::net::Ipv6Addr;
use std::str::FromStr;

/// What is wrong with one address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddrProblem {
    #[error("unsupported scheme {0:?}, only tcp://host:port is supported")]
    Scheme(String),
    #[error("expected node_id@host:port")]
    NotPeer,
    #[error("a listen address takes no node id (id@host:port is a peer)")]
    UnexpectedId,
    #[error("{0}")]
    BadId(NodeIdError),
    #[error("{0:?} is not host:port (missing :<port>)")]
    MissingPort(String),
    #[error("{0:?}: too many colons (an IPv6 host goes in [brackets])")]
    TooManyColons(String),
    #[error("invalid host \"\" (empty)")]
    EmptyHost,
    #[error("invalid host {0:?}")]
    BadHost(String),
    #[error("invalid port {0:?} (expected 1-65535)")]
    BadPort(String),
    #[error("invalid port {0:?} (expected 0-65535)")]
    BadListenPort(String),
    #[error("whitespace in the address")]
    Whitespace,
}

/// An address that does not parse; `entry` is the text as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{entry:?}: {problem}")]
pub struct AddrError {
    pub entry: String,
    pub problem: AddrProblem,
}

/// What is wrong with a peer list; entries are counted from 0.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeerListError {
    #[error("entry {index} {entry:?}: {problem}")]
    Entry { index: usize, entry: String, problem: AddrProblem },
    #[error("node id {0} is listed twice")]
    DuplicateId(NodeId),
    #[error("address {0} is listed twice")]
    DuplicateAddr(HostPort),
    #[error("empty peer list")]
    Empty,
}

/// `host:port` with the host as `bind`/`connect` want it (IPv6 without brackets).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct HostPort {
    pub host: String,
    pub port: u16,
}

/// A `tcp://host:port` listen address (`p2p.laddr`, `rpc.laddr`, `priv_validator_laddr`);
/// port 0 asks the OS for one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TcpAddr {
    pub host: String,
    pub port: u16,
}

/// One `id@host:port` entry of `p2p.persistent_peers`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PeerAddr {
    pub id: NodeId,
    pub addr: HostPort,
}

/// `p2p.persistent_peers`: comma-separated [`PeerAddr`]s.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PeerList(pub Vec<PeerAddr>);

/// Go's `net.SplitHostPort`: the port follows the last colon; a host with a colon must be in
/// brackets, and brackets anywhere else are an error.
fn split_host_port(hostport: &str) -> Result<(&str, &str), AddrProblem> {
    let missing = || AddrProblem::MissingPort(hostport.to_string());
    let colons = || AddrProblem::TooManyColons(hostport.to_string());
    let bad_host = |h: &str| AddrProblem::BadHost(h.to_string());
    let i = hostport.rfind(':').ok_or_else(missing)?;
    let (host, j, k) = if hostport.starts_with('[') {
        let end = hostport.find(']').ok_or_else(|| bad_host(&hostport[..i]))?;
        if end + 1 == hostport.len() {
            return Err(missing());
        }
        if end + 1 != i {
            return Err(if hostport.as_bytes()[end + 1] == b':' { colons() } else { missing() });
        }
        (&hostport[1..end], 1, end + 1)
    } else {
        let host = &hostport[..i];
        if host.contains(':') {
            return Err(colons());
        }
        (host, 0, 0)
    };
    if hostport[j..].contains('[') || hostport[k..].contains(']') {
        return Err(bad_host(&hostport[..i]));
    }
    Ok((host, &hostport[i + 1..]))
}

/// A host CometBFT can resolve: an IP, or a DNS name (RFC 1123 letters, digits, `-`, `.`).
fn check_host(host: &str, bracketed: bool) -> Result<(), AddrProblem> {
    if host.is_empty() {
        return Err(AddrProblem::EmptyHost);
    }
    let ok = if bracketed {
        host.parse::<Ipv6Addr>().is_ok()
    } else {
        host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    };
    if ok {
        Ok(())
    } else {
        Err(AddrProblem::BadHost(host.to_string()))
    }
}

/// `[scheme://]rest` → rest, refusing every scheme but tcp. CometBFT's
/// `removeProtocolIfDefined` drops any scheme; only TCP is dialed or served here, so another
/// scheme (`unix://`) is refused by name rather than misread.
fn strip_tcp(text: &str) -> Result<&str, AddrProblem> {
    match text.split_once("://") {
        Some(("tcp", rest)) => Ok(rest),
        Some((scheme, _)) => Err(AddrProblem::Scheme(scheme.to_string())),
        None => Ok(text),
    }
}

/// `host:port`, with the port checked by `port_ok`.
fn host_port(text: &str, listen: bool) -> Result<(String, u16), AddrProblem> {
    if text.contains(char::is_whitespace) {
        return Err(AddrProblem::Whitespace);
    }
    if text.contains('@') {
        return Err(if listen { AddrProblem::UnexpectedId } else { AddrProblem::BadHost(text.to_string()) });
    }
    let (host, port) = split_host_port(text)?;
    check_host(host, text.starts_with('['))?;
    let port = match port.parse::<u16>() {
        // Go's strconv.ParseUint takes no sign; Rust's u16 parse takes a '+'.
        Ok(p) if !port.starts_with('+') && (listen || p != 0) => p,
        _ if listen => return Err(AddrProblem::BadListenPort(port.to_string())),
        _ => return Err(AddrProblem::BadPort(port.to_string())),
    };
    Ok((host.to_string(), port))
}

fn write_host_port(f: &mut fmt::Formatter<'_>, host: &str, port: u16) -> fmt::Result {
    if host.contains(':') {
        write!(f, "[{host}]:{port}")
    } else {
        write!(f, "{host}:{port}")
    }
}

impl HostPort {
    /// `host:port` or `tcp://host:port` with a port in 1..=65535 (one that can be dialed).
    pub fn parse(text: &str) -> Result<HostPort, AddrError> {
        let fail = |problem| AddrError { entry: text.to_string(), problem };
        let rest = strip_tcp(text).map_err(fail)?;
        let (host, port) = host_port(rest, false).map_err(fail)?;
        Ok(HostPort { host, port })
    }
}

impl FromStr for HostPort {
    type Err = AddrError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HostPort::parse(s)
    }
}

impl fmt::Display for HostPort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_host_port(f, &self.host, self.port)
    }
}

impl TcpAddr {
    /// `tcp://host:port`; as in CometBFT an address without a scheme means TCP. Blanks are
    /// not trimmed: CometBFT hands the value to `net.Listen` as written.
    pub fn parse(text: &str) -> Result<TcpAddr, AddrError> {
        let fail = |problem| AddrError { entry: text.to_string(), problem };
        let rest = strip_tcp(text).map_err(fail)?;
        let (host, port) = host_port(rest, true).map_err(fail)?;
        Ok(TcpAddr { host, port })
    }
}

impl FromStr for TcpAddr {
    type Err = AddrError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TcpAddr::parse(s)
    }
}

impl fmt::Display for TcpAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("tcp://")?;
        write_host_port(f, &self.host, self.port)
    }
}

impl PeerAddr {
    fn parse_with(entry: &str, lenient: bool) -> Result<PeerAddr, AddrProblem> {
        let rest = if lenient { strip_tcp(entry.trim_matches(' '))? } else { entry };
        if !lenient && rest.contains("://") {
            return Err(AddrProblem::NotPeer);
        }
        let (id, addr) = rest.split_once('@').ok_or(AddrProblem::NotPeer)?;
        let id = if lenient {
            // Go's hex.DecodeString takes either case; the bytes are the same id.
            NodeId::from_str(&id.to_ascii_lowercase()).map_err(|_| NodeIdError(id.to_string()))
        } else {
            NodeId::from_str(id)
        }
        .map_err(AddrProblem::BadId)?;
        let (host, port) = host_port(addr, false)?;
        Ok(PeerAddr { id, addr: HostPort { host, port } })
    }

    /// An entry of a node's own config, read as CometBFT's `NewNetAddressString` does.
    pub fn parse_lenient(entry: &str) -> Result<PeerAddr, AddrError> {
        PeerAddr::parse_with(entry, true).map_err(|problem| AddrError { entry: entry.to_string(), problem })
    }
}

impl FromStr for PeerAddr {
    type Err = AddrError;
    /// Strict: exactly `id@host:port`, lowercase id, no scheme, no blanks.
    fn from_str(entry: &str) -> Result<Self, Self::Err> {
        PeerAddr::parse_with(entry, false).map_err(|problem| AddrError { entry: entry.to_string(), problem })
    }
}

impl fmt::Display for PeerAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.id, self.addr)
    }
}

/// CometBFT's `SplitAndTrimEmpty(s, ",", " ")` (libs/strings), how `config.toml`'s lists of
/// peers and peer ids are read: split at commas, spaces (only) trimmed, empty entries skipped.
pub fn split_and_trim_empty(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').map(|e| e.trim_matches(' ')).filter(|e| !e.is_empty())
}

impl PeerList {
    /// A list received from another host. Blanks around the whole text (a file's final
    /// newline) are dropped; inside it every entry must be strict, none empty, no id or
    /// address twice, and the list not empty.
    pub fn parse_strict(text: &str) -> Result<PeerList, PeerListError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PeerListError::Empty);
        }
        let mut ids = HashSet::new();
        let mut addrs = HashSet::new();
        let mut out = Vec::new();
        for (index, entry) in text.split(',').enumerate() {
            let peer = PeerAddr::parse_with(entry, false).map_err(|problem| PeerListError::Entry {
                index,
                entry: entry.to_string(),
                problem,
            })?;
            if !ids.insert(peer.id) {
                return Err(PeerListError::DuplicateId(peer.id));
            }
            if !addrs.insert(peer.addr.clone()) {
                return Err(PeerListError::DuplicateAddr(peer.addr));
            }
            out.push(peer);
        }
        Ok(PeerList(out))
    }

    /// A node's own `p2p.persistent_peers`, as CometBFT reads it: `SplitAndTrimEmpty(s, ",",
    /// " ")` (spaces only: a tab or newline stays and is refused) then `NewNetAddressString`
    /// per entry. An empty list is a node with no peers.
    pub fn parse_lenient(text: &str) -> Result<PeerList, PeerListError> {
        split_and_trim_empty(text)
            .enumerate()
            .map(|(index, entry)| {
                PeerAddr::parse_with(entry, true).map_err(|problem| PeerListError::Entry {
                    index,
                    entry: entry.to_string(),
                    problem,
                })
            })
            .collect::<Result<_, _>>()
            .map(PeerList)
    }

    /// The list without `own` (a node never dials itself).
    pub fn without(&self, own: &NodeId) -> PeerList {
        PeerList(self.0.iter().filter(|p| &p.id != own).cloned().collect())
    }
}

impl fmt::Display for PeerList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const A: &str = "0772f16cc65cb4d19341b192bd7eba964f11d124";
    const B: &str = "645fbce2dedcc7166f4df7931d2c87ca5188b569";

    fn hp(host: &str, port: u16) -> HostPort {
        HostPort { host: host.into(), port }
    }

    #[rstest]
    #[case("tcp://host.docker.internal:26656", "host.docker.internal", 26656, "host.docker.internal:26656")]
    #[case("1.2.3.4:5000", "1.2.3.4", 5000, "1.2.3.4:5000")]
    #[case("tcp://[::1]:7", "::1", 7, "[::1]:7")]
    #[case("[fe80::1]:65535", "fe80::1", 65535, "[fe80::1]:65535")]
    fn host_ports(#[case] text: &str, #[case] host: &str, #[case] port: u16, #[case] shown: &str) {
        let parsed = HostPort::parse(text).expect(text);
        assert_eq!(parsed, hp(host, port));
        assert_eq!(parsed.to_string(), shown);
        assert_eq!(HostPort::parse(shown), Ok(parsed), "Display reads back");
    }

    // Go's net.SplitHostPort rejections (splitJoinTests' error half in net/ipsock_test.go)
    // and the port range.
    #[rstest]
    #[case("h", "is not host:port")]
    #[case("h:", "invalid port \"\"")]
    #[case("h:0", "invalid port \"0\"")]
    #[case("h:70000", "invalid port")]
    #[case("h:+1", "invalid port")]
    #[case("h:x", "invalid port")]
    #[case(":1", "invalid host \"\" (empty)")]
    #[case("::1:2", "too many colons")]
    #[case("[::1]", "is not host:port")]
    #[case("[::1]x:2", "is not host:port")]
    #[case("[::1]::2", "too many colons")]
    #[case("[::1:2", "invalid host")]
    #[case("::1]:2", "too many colons")]
    #[case("a]b:2", "invalid host")]
    #[case("[not-v6]:2", "invalid host")]
    #[case("h_x:1", "invalid host \"h_x\"")]
    #[case("h/x:1", "invalid host")]
    #[case(" h:1", "whitespace")]
    #[case("h:1\n", "whitespace")]
    #[case("unix:///tmp/x.sock", "unsupported scheme \"unix\"")]
    #[case("a@h:1", "invalid host")]
    fn bad_host_ports(#[case] text: &str, #[case] msg: &str) {
        let e = HostPort::parse(text).expect_err(text).to_string();
        assert!(e.contains(msg), "{text:?}: {e}");
        assert!(e.contains(&format!("{text:?}")), "names the address: {e}");
    }

    #[rstest]
    #[case("tcp://0.0.0.0:26656", "0.0.0.0", 26656, "tcp://0.0.0.0:26656")]
    #[case("127.0.0.1:0", "127.0.0.1", 0, "tcp://127.0.0.1:0")]
    #[case("tcp://[::1]:26658", "::1", 26658, "tcp://[::1]:26658")]
    #[case("tcp://localhost:5", "localhost", 5, "tcp://localhost:5")]
    fn listen_addresses(#[case] text: &str, #[case] host: &str, #[case] port: u16, #[case] shown: &str) {
        let a = TcpAddr::parse(text).expect(text);
        assert_eq!((a.host.as_str(), a.port), (host, port));
        assert_eq!(a.to_string(), shown);
    }

    #[rstest]
    #[case("unix:///tmp/pv.sock", "unsupported scheme \"unix\"")]
    #[case("tcp://0.0.0.0", "is not host:port")]
    #[case("tcp://:26658", "invalid host \"\" (empty)")]
    #[case("tcp://h:99999", "expected 0-65535")]
    #[case("tcp://h:x", "invalid port")]
    #[case("tcp://ab@h:1", "takes no node id")]
    #[case("tcp://::1:2", "too many colons")]
    #[case("", "is not host:port")]
    #[case(" tcp://h:1", "unsupported scheme \" tcp\"")]
    #[case("tcp://h:1 ", "whitespace")]
    fn bad_listen_addresses(#[case] text: &str, #[case] msg: &str) {
        let e = TcpAddr::parse(text).expect_err(text).to_string();
        assert!(e.contains(msg), "{text:?}: {e}");
    }

    #[test]
    fn strict_peer_lists_round_trip() {
        let text = format!("{A}@host.docker.internal:26656,{B}@[::1]:1\n");
        let list = PeerList::parse_strict(&text).expect("valid");
        assert_eq!(list.0[0].addr, hp("host.docker.internal", 26656));
        assert_eq!(list.0[1].addr, hp("::1", 1));
        assert_eq!(list.to_string(), text.trim_end());
        assert_eq!(PeerList::parse_strict(&list.to_string()), Ok(list.clone()));
        let own: NodeId = A.parse().expect("id");
        assert_eq!(list.without(&own).to_string(), format!("{B}@[::1]:1"));
    }

    #[rstest]
    #[case("", "empty peer list")]
    #[case(" \n", "empty peer list")]
    #[case("abc", "entry 0 \"abc\": expected node_id@host:port")]
    #[case(&format!("{A}@h:1,"), "entry 1 \"\": expected node_id@host:port")]
    #[case(&format!("{A}@h:1,,{B}@g:1"), "entry 1 \"\": expected")]
    #[case(&format!("{A}@h:1, {B}@g:1"), "entry 1 \" ")]
    #[case(&format!("{A}@h"), "is not host:port")]
    #[case(&format!("{A}@h:0"), "invalid port")]
    #[case(&format!("{A}@h:70000"), "invalid port")]
    #[case(&format!("{A}@tcp://h:1"), "expected node_id@host:port")]
    #[case(&format!("tcp://{A}@h:1"), "expected node_id@host:port")]
    #[case(&format!("{}@h:1", A.to_uppercase()), "invalid node id")]
    #[case("0772f16c@h:1", "invalid node id \"0772f16c\"")]
    #[case(&format!("{A}@h:1,{A}@g:2"), &format!("node id {A} is listed twice"))]
    #[case(&format!("{A}@h:1,{B}@h:1"), "address h:1 is listed twice")]
    #[case(&format!("{A}@h_x:1"), "invalid host")]
    fn strict_refuses_odd_lists(#[case] text: &str, #[case] msg: &str) {
        let e = PeerList::parse_strict(text).expect_err(text).to_string();
        assert!(e.contains(msg), "{text:?}: {e}");
        assert!(!e.contains('\n'), "one line: {e}");
    }

    // The forms CometBFT's own config takes: blanks, empty entries, a tcp:// prefix and
    // uppercase hex (netaddress_test.go's TestNewNetAddressString has "tcp://" ids too).
    #[test]
    fn lenient_reads_lists_as_cometbft_does() {
        let text = format!(" {A}@10.0.0.1:26656 ,, tcp://{}@node-2.example:26656,{A}@[::1]:1 ", B.to_uppercase());
        let list = PeerList::parse_lenient(&text).expect("valid");
        assert_eq!(list.0.len(), 3);
        assert_eq!(list.0[0].addr, hp("10.0.0.1", 26656));
        assert_eq!(list.0[1].id.to_string(), B, "uppercase hex is the same id");
        assert_eq!(list.0[1].addr, hp("node-2.example", 26656));
        assert_eq!(list.0[2].to_string(), format!("{A}@[::1]:1"));
        assert_eq!(PeerList::parse_lenient(" , ").expect("empty"), PeerList::default());
        assert_eq!(PeerAddr::parse_lenient(&format!(" {A}@h:1 ")).map(|p| p.addr), Ok(hp("h", 1)));
    }

    #[rstest]
    #[case("10.0.0.1:26656", "expected node_id@host:port")]
    #[case("abc@10.0.0.1:26656", "invalid node id \"abc\"")]
    #[case(&format!("{A}ff@h:1"), "invalid node id")]
    #[case(&format!("{}zz@h:1", &A[..38]), "invalid node id")]
    #[case(&format!("{A}@10.0.0.1"), "is not host:port")]
    #[case(&format!("{A}@10.0.0.1:http"), "invalid port \"http\"")]
    #[case(&format!("{A}@10.0.0.1:0"), "invalid port \"0\"")]
    #[case(&format!("{A}@:26656"), "invalid host \"\" (empty)")]
    #[case(&format!("udp://{A}@h:1"), "unsupported scheme \"udp\"")]
    #[case(&format!("\t{A}@h:1"), "invalid node id")]
    #[case(&format!("{A}@h:1\n"), "whitespace")]
    fn lenient_still_names_bad_entries(#[case] bad: &str, #[case] msg: &str) {
        let e = PeerList::parse_lenient(&format!("{A}@good:26656,{bad}")).expect_err(bad).to_string();
        assert!(e.starts_with(&format!("entry 1 {bad:?}: ")), "{e}");
        assert!(e.contains(msg), "{bad:?}: {e}");
    }
}
