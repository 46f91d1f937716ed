//! Where datagrams go: a UDP peer, or memory (for tests and tools).

use std::io;
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};

/// A sink of datagrams.
pub trait Datagrams {
    /// Send one datagram.
    fn send(&mut self, datagram: &[u8]) -> io::Result<()>;
}

impl Datagrams for Vec<Vec<u8>> {
    fn send(&mut self, datagram: &[u8]) -> io::Result<()> {
        self.push(datagram.to_vec());
        Ok(())
    }
}

/// The address of `udp://HOST:PORT` (HOST a name, an IPv4 address or a bracketed IPv6
/// address), resolved once.
pub fn parse_udp_url(text: &str) -> Result<SocketAddr, String> {
    let rest = text
        .strip_prefix("udp://")
        .ok_or_else(|| format!("{text:?}: expected udp://HOST:PORT"))?;
    let mut addrs = rest
        .to_socket_addrs()
        .map_err(|e| format!("{text:?}: {e} (expected udp://HOST:PORT)"))?;
    addrs
        .next()
        .ok_or_else(|| format!("{text:?}: the host has no address"))
}

/// Datagrams to one UDP peer, from an ephemeral port.
#[derive(Debug)]
pub struct UdpPeer {
    socket: UdpSocket,
    /// Datagrams the network refused (no listener yet on a local port): counted, not
    /// fatal, since a receiver may start after the sender.
    pub refused: u64,
}

impl UdpPeer {
    /// A socket that sends to `peer`.
    pub fn connect(peer: SocketAddr) -> io::Result<Self> {
        let local: SocketAddr = if peer.is_ipv4() {
            ([0, 0, 0, 0], 0).into()
        } else {
            (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
        };
        let socket = UdpSocket::bind(local)?;
        socket.connect(peer)?;
        Ok(UdpPeer { socket, refused: 0 })
    }
}

impl Datagrams for UdpPeer {
    fn send(&mut self, datagram: &[u8]) -> io::Result<()> {
        match self.socket.send(datagram) {
            Ok(_) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                self.refused += 1;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn udp_urls() {
        assert_eq!(
            parse_udp_url("udp://127.0.0.1:8600").unwrap(),
            "127.0.0.1:8600".parse().unwrap()
        );
        assert_eq!(
            parse_udp_url("udp://[::1]:3000").unwrap(),
            "[::1]:3000".parse().unwrap()
        );
        assert!(parse_udp_url("tcp://127.0.0.1:8600").is_err());
        assert!(parse_udp_url("udp://127.0.0.1").is_err());
        assert!(parse_udp_url("udp://127.0.0.1:99999").is_err());
    }

    #[test]
    fn a_peer_that_is_not_listening_is_counted_not_fatal() {
        // Bind, learn the port, close: nothing listens there now.
        let port = UdpSocket::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let mut peer = UdpPeer::connect(port).unwrap();
        for _ in 0..3 {
            peer.send(b"x").unwrap();
        }
        assert!(peer.refused <= 3);
    }
}
