//! Node ids and the address strings of CometBFT's `config.toml` (`p2p.laddr`,
//! `p2p.persistent_peers`).

use std::fmt;
use std::str::FromStr;

use ed25519_dalek::VerifyingKey;

/// A CometBFT node id: the first 20 bytes of sha256 of the node's ed25519 public key.
pub type NodeId = tendermint::node::Id;

/// CometBFT's `p2p.PubKeyToID`. The digest comes from cometbft-p2p, the same code that
/// authenticates the peer, so a dialed id and an authenticated id can never disagree on format.
pub fn node_id(key: &VerifyingKey) -> NodeId {
    NodeId::new(cometbft_p2p::PublicKey::from(key).peer_id().to_bytes())
}

/// One `id@host:port` entry of `p2p.persistent_peers`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PeerAddr {
    pub id: NodeId,
    pub host: String,
    pub port: u16,
}

/// What is wrong with an address entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddrProblem {
    #[error("expected <node-id>@<host>:<port>, found no '@'")]
    MissingAt,
    #[error("node id {0:?} is not 40 hex characters (20 bytes)")]
    BadId(String),
    #[error("missing :<port>")]
    MissingPort,
    #[error("port {0:?} is not a number in 1..=65535")]
    BadPort(String),
    #[error("empty host")]
    EmptyHost,
}

/// A peer address entry that does not parse; `entry` is the offending text as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid peer address {entry:?}: {problem}")]
pub struct PeerAddrError {
    pub entry: String,
    pub problem: AddrProblem,
}

impl fmt::Display for PeerAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "{}@[{}]:{}", self.id, self.host, self.port)
        } else {
            write!(f, "{}@{}:{}", self.id, self.host, self.port)
        }
    }
}

impl FromStr for PeerAddr {
    type Err = PeerAddrError;

    fn from_str(entry: &str) -> Result<Self, Self::Err> {
        let fail = |problem| PeerAddrError { entry: entry.to_string(), problem };
        let trimmed = entry.trim();
        // CometBFT's NewNetAddressString accepts an optional protocol prefix.
        let rest = trimmed.strip_prefix("tcp://").unwrap_or(trimmed);
        let (id, hostport) = rest.split_once('@').ok_or_else(|| fail(AddrProblem::MissingAt))?;
        let id = parse_id(id).ok_or_else(|| fail(AddrProblem::BadId(id.to_string())))?;
        let (host, port) = split_host_port(hostport).map_err(fail)?;
        Ok(PeerAddr { id, host, port })
    }
}

fn parse_id(text: &str) -> Option<NodeId> {
    let bytes = hex::decode(text).ok()?;
    let bytes: [u8; 20] = bytes.try_into().ok()?;
    Some(NodeId::new(bytes))
}

fn split_host_port(hostport: &str) -> Result<(String, u16), AddrProblem> {
    let (host, port) = hostport.rsplit_once(':').ok_or(AddrProblem::MissingPort)?;
    let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    if host.is_empty() {
        return Err(AddrProblem::EmptyHost);
    }
    let port = match port.parse::<u16>() {
        Ok(p) if p != 0 => p,
        _ => return Err(AddrProblem::BadPort(port.to_string())),
    };
    Ok((host.to_string(), port))
}

/// Parses `p2p.persistent_peers`: comma separated, blanks around entries and empty entries
/// ignored (CometBFT's `SplitAndTrimEmpty`). The first bad entry is named in the error.
pub fn parse_persistent_peers(list: &str) -> Result<Vec<PeerAddr>, PeerAddrError> {
    list.split(',').map(str::trim).filter(|e| !e.is_empty()).map(PeerAddr::from_str).collect()
}

/// Splits `p2p.laddr` (`tcp://0.0.0.0:26656`, or without the scheme) into host and port.
/// Port 0 is allowed here: the OS picks one, which tests rely on.
pub(crate) fn parse_laddr(laddr: &str) -> Result<(String, u16), String> {
    let rest = laddr.trim();
    let rest = rest.strip_prefix("tcp://").unwrap_or(rest);
    if rest.contains("://") {
        return Err("only tcp:// is supported".to_string());
    }
    let (host, port) = rest.rsplit_once(':').ok_or("missing :<port>")?;
    let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
    let port = port.parse::<u16>().map_err(|_| format!("port {port:?} is not a number"))?;
    Ok((host.to_string(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef0123456789abcdef01234567";

    #[test]
    fn parses_cometbft_lists() {
        let list = format!(" {ID}@10.0.0.1:26656 ,, tcp://{}@node-2.example:26656,{ID}@[::1]:1 ", ID.to_uppercase());
        let peers = parse_persistent_peers(&list).expect("valid list");
        assert_eq!(peers.len(), 3);
        assert_eq!(peers[0].host, "10.0.0.1");
        assert_eq!(peers[0].port, 26656);
        assert_eq!(peers[0].id.to_string(), ID);
        assert_eq!(peers[1].host, "node-2.example");
        assert_eq!(peers[1].id.to_string(), ID, "upper-case hex is the same id");
        assert_eq!(peers[2].host, "::1");
        assert_eq!(peers[2].to_string(), format!("{ID}@[::1]:1"));
        assert_eq!(parse_persistent_peers("").expect("empty"), vec![]);
    }

    #[test]
    fn bad_entries_are_named() {
        let cases = [
            ("10.0.0.1:26656", AddrProblem::MissingAt),
            ("abc@10.0.0.1:26656", AddrProblem::BadId("abc".into())),
            (&format!("{ID}ff@h:1"), AddrProblem::BadId(format!("{ID}ff"))),
            (&format!("{}zz@h:1", &ID[..38]), AddrProblem::BadId(format!("{}zz", &ID[..38]))),
            (&format!("{ID}@10.0.0.1"), AddrProblem::MissingPort),
            (&format!("{ID}@10.0.0.1:http"), AddrProblem::BadPort("http".into())),
            (&format!("{ID}@10.0.0.1:70000"), AddrProblem::BadPort("70000".into())),
            (&format!("{ID}@10.0.0.1:0"), AddrProblem::BadPort("0".into())),
            (&format!("{ID}@:26656"), AddrProblem::EmptyHost),
        ];
        for (bad, problem) in cases {
            let list = format!("{ID}@good:26656,{bad}");
            let err = parse_persistent_peers(&list).expect_err(bad);
            assert_eq!(err.entry, bad);
            assert_eq!(err.problem, problem, "{bad}");
            assert!(err.to_string().contains(bad), "message names the entry: {err}");
        }
    }

    #[test]
    fn node_id_matches_tendermint_rs() {
        let key = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
        let ours = node_id(&key.verifying_key());
        let pk = tendermint::PublicKey::from_raw_ed25519(key.verifying_key().as_bytes())
            .and_then(|pk| pk.ed25519())
            .expect("ed25519 key");
        assert_eq!(ours, NodeId::from(pk));
    }

    #[test]
    fn laddr_forms() {
        assert_eq!(parse_laddr("tcp://0.0.0.0:26656"), Ok(("0.0.0.0".into(), 26656)));
        assert_eq!(parse_laddr("127.0.0.1:0"), Ok(("127.0.0.1".into(), 0)));
        assert!(parse_laddr("unix:///tmp/x.sock").is_err());
        assert!(parse_laddr("tcp://0.0.0.0").is_err());
    }
}
