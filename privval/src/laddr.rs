use crate::Error;
use std::fmt;

/// A `priv_validator_laddr`: where the node listens for its remote signer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Laddr {
    /// Host without IPv6 brackets, ready for `bind((host, port))`.
    pub host: String,
    pub port: u16,
}

impl fmt::Display for Laddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "tcp://[{}]:{}", self.host, self.port)
        } else {
            write!(f, "tcp://{}:{}", self.host, self.port)
        }
    }
}

/// Parses `tcp://host:port`. Like CometBFT, an address without a scheme means TCP; any other
/// scheme (notably `unix://`, which tmkms could use) is refused because this node only speaks
/// the SecretConnection-over-TCP variant of the protocol.
pub fn parse_laddr(laddr: &str) -> Result<Laddr, Error> {
    let bad = |reason: &str| Error::Laddr { laddr: laddr.to_string(), reason: reason.to_string() };
    let rest = match laddr.split_once("://") {
        Some(("tcp", rest)) => rest,
        Some((scheme, _)) => {
            return Err(bad(&format!("unsupported scheme {scheme:?}, only tcp://host:port is supported")))
        }
        None => laddr,
    };
    if rest.contains('@') {
        return Err(bad("a listen address takes no node id (id@host:port is for tmkms's addr)"));
    }
    let (host, port) = rest.rsplit_once(':').ok_or_else(|| bad("expected tcp://host:port"))?;
    let host = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) if v6.parse::<std::net::Ipv6Addr>().is_ok() => v6,
        Some(_) => return Err(bad("malformed IPv6 host")),
        None if host.contains([':', '/', '[', ']']) => return Err(bad("malformed host (IPv6 needs [brackets])")),
        None if host.is_empty() => return Err(bad("empty host")),
        None => host,
    };
    let port = port.parse::<u16>().map_err(|_| bad("port must be a number 0-65535"))?;
    Ok(Laddr { host: host.to_string(), port })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcp_addresses_parse() {
        let l = parse_laddr("tcp://0.0.0.0:26658").unwrap();
        assert_eq!(l, Laddr { host: "0.0.0.0".into(), port: 26658 });
        assert_eq!(l.to_string(), "tcp://0.0.0.0:26658");
        assert_eq!(parse_laddr("127.0.0.1:1").unwrap().port, 1);
        let v6 = parse_laddr("tcp://[::1]:26658").unwrap();
        assert_eq!(v6.host, "::1");
        assert_eq!(v6.to_string(), "tcp://[::1]:26658");
        assert_eq!(parse_laddr("tcp://localhost:5").unwrap().host, "localhost");
    }

    #[test]
    fn other_schemes_and_malformed_addresses_are_refused_clearly() {
        let err = parse_laddr("unix:///tmp/pv.sock").unwrap_err().to_string();
        assert!(err.contains("unsupported scheme \"unix\""), "{err}");
        for bad in ["tcp://0.0.0.0", "tcp://:26658", "tcp://h:99999", "tcp://h:x", "tcp://ab@h:1", "tcp://::1:2", ""] {
            assert!(parse_laddr(bad).is_err(), "{bad} accepted");
        }
    }
}
