use crate::Error;

/// A `priv_validator_laddr`: where the node listens for its remote signer. The workspace's one
/// listen-address type; its host carries no IPv6 brackets, ready for `bind((host, port))`.
pub type Laddr = cosmos_formats::TcpAddr;

/// Parses `tcp://host:port`. Like CometBFT, an address without a scheme means TCP; any other
/// scheme (notably `unix://`, which tmkms could use) is refused because this node only speaks
/// the SecretConnection-over-TCP variant of the protocol.
pub fn parse_laddr(laddr: &str) -> Result<Laddr, Error> {
    Laddr::parse(laddr).map_err(|e| Error::Laddr { laddr: laddr.to_string(), reason: e.problem.to_string() })
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
