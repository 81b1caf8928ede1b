//! `genesis-runner ports`: the TCP ports the caller's network namespace listens on, one per
//! line. The node image is FROM scratch (no shell, no `ss`), so this is how whoever drives the
//! container through the engine API (an exec) sees what listens inside it, on any machine.

use std::path::Path;

/// `/proc/net/tcp{,6}` state column of a listening socket.
const TCP_LISTEN: u8 = 0x0A;

/// Local ports in LISTEN state of one `/proc/net/tcp` or `tcp6` table (a header line, then
/// `sl local_address rem_address st …` with hex `addr:port` and hex state).
pub fn listening_in(table: &str) -> Vec<u16> {
    table
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            let port = u16::from_str_radix(cols.get(1)?.rsplit(':').next()?, 16).ok()?;
            let state = u8::from_str_radix(cols.get(3)?, 16).ok()?;
            (state == TCP_LISTEN).then_some(port)
        })
        .collect()
}

/// Both tables under `proc_net` (`/proc/net`), sorted and each port once. A missing `tcp6`
/// (IPv6 off) is an empty table; an unreadable `tcp` is an error naming it.
pub fn listening(proc_net: &Path) -> Result<Vec<u16>, String> {
    let mut ports = Vec::new();
    for table in ["tcp", "tcp6"] {
        let path = proc_net.join(table);
        match std::fs::read_to_string(&path) {
            Ok(text) => ports.extend(listening_in(&text)),
            Err(e) if table == "tcp6" && e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    }
    ports.sort_unstable();
    ports.dedup();
    Ok(ports)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TCP: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:6882 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0 100 0 0 10 0
   1: 00000000:6982 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1002 1 0 100 0 0 10 0
   2: 0100007F:6882 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 1003 1 0 20 4 30 10 -1
";
    const TCP6: &str = "  sl  local_address                         remote_address                        st
   0: 00000000000000000000000000000000:6982 00000000000000000000000000000000:0000 0A 0
   1: 00000000000000000000000000000000:6983 00000000000000000000000000000000:0000 06 0
";

    #[test]
    fn only_listening_sockets_count_and_each_port_once() {
        // 0x6882 = 26754 and 0x6982 = 27010 listen; the established and time-wait ones do not.
        assert_eq!(listening_in(TCP), vec![26754, 27010]);
        assert_eq!(listening_in(TCP6), vec![27010]);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("tcp"), TCP).unwrap();
        std::fs::write(dir.path().join("tcp6"), TCP6).unwrap();
        assert_eq!(listening(dir.path()).unwrap(), vec![26754, 27010]);
    }

    #[test]
    fn a_missing_tcp6_is_no_ipv6_but_a_missing_tcp_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("tcp"), TCP).unwrap();
        assert_eq!(listening(dir.path()).unwrap(), vec![26754, 27010]);
        std::fs::remove_file(dir.path().join("tcp")).unwrap();
        let e = listening(dir.path()).unwrap_err();
        assert!(e.contains("/tcp: "), "{e}");
    }
}
