//! Network addresses of tdome's interfaces (DIS, ASTERIX): a `udp://HOST:PORT` given on
//! the command line, and a socket that sends datagrams to it.

use std::fmt;
use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};

/// A `udp://HOST:PORT` destination, parsed but not yet resolved. HOST is a name, an IPv4
/// address or a bracketed IPv6 address (`udp://[::1]:3000`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UdpAddress {
    /// The host as written (without IPv6 brackets).
    pub host: String,
    /// The UDP port (1 to 65535).
    pub port: u16,
}

/// Why a `udp://` address is not usable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    /// Not of the form `udp://HOST:PORT`.
    #[error("expected udp://HOST:PORT (such as udp://127.0.0.1:3000), got {0:?}")]
    Form(String),
    /// The port is not a number from 1 to 65535.
    #[error("{text:?}: the port must be a number from 1 to 65535, got {port:?}")]
    Port {
        /// The whole address.
        text: String,
        /// The port as written.
        port: String,
    },
    /// The host does not resolve to any address.
    #[error("cannot resolve {0}: {1}")]
    Resolve(String, String),
}

impl UdpAddress {
    /// Parse `udp://HOST:PORT`.
    pub fn parse(text: &str) -> Result<Self, AddressError> {
        let form = || AddressError::Form(text.to_owned());
        let rest = text.strip_prefix("udp://").ok_or_else(form)?;
        // The port follows the last colon; an IPv6 host has colons of its own and must
        // be bracketed so that the port is not taken for one of its groups.
        let (host, port) = rest.rsplit_once(':').ok_or_else(form)?;
        let host = match host.strip_prefix('[') {
            Some(inner) => inner.strip_suffix(']').ok_or_else(form)?,
            None if host.contains(':') => return Err(form()),
            None => host,
        };
        if host.is_empty() || host.contains(['/', '[', ']', ' ']) {
            return Err(form());
        }
        let port = match port.parse::<u16>() {
            Ok(p) if p > 0 => p,
            _ => {
                return Err(AddressError::Port {
                    text: text.to_owned(),
                    port: port.to_owned(),
                });
            }
        };
        Ok(UdpAddress {
            host: host.to_owned(),
            port,
        })
    }

    /// The socket address to send to: the first the host resolves to.
    pub fn resolve(&self) -> Result<SocketAddr, AddressError> {
        let fail = |why: String| AddressError::Resolve(self.to_string(), why);
        (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|e| fail(e.to_string()))?
            .next()
            .ok_or_else(|| fail("no address".to_owned()))
    }
}

impl fmt::Display for UdpAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "udp://[{}]:{}", self.host, self.port)
        } else {
            write!(f, "udp://{}:{}", self.host, self.port)
        }
    }
}

/// A UDP socket sending to one destination (unicast, broadcast or multicast).
#[derive(Debug)]
pub struct UdpSender {
    socket: UdpSocket,
    to: SocketAddr,
}

impl UdpSender {
    /// A socket on an ephemeral port of the destination's address family.
    pub fn open(address: &UdpAddress) -> Result<Self, std::io::Error> {
        let to = address
            .resolve()
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::NotFound, e))?;
        let local = if to.is_ipv4() {
            SocketAddr::from((std::net::Ipv4Addr::UNSPECIFIED, 0))
        } else {
            SocketAddr::from((std::net::Ipv6Addr::UNSPECIFIED, 0))
        };
        let socket = UdpSocket::bind(local)?;
        if to.is_ipv4() {
            // DIS exercises and radar feeds are often broadcast on the local network;
            // without this a broadcast destination fails every send with "permission
            // denied".
            socket.set_broadcast(true)?;
        }
        // Not connected: an unconnected socket is not told of ICMP "port unreachable",
        // so a receiver that starts late or restarts does not make sends fail.
        Ok(UdpSender { socket, to })
    }

    /// The resolved destination.
    pub fn destination(&self) -> SocketAddr {
        self.to
    }

    /// Send one datagram.
    pub fn send(&self, bytes: &[u8]) -> std::io::Result<()> {
        self.socket.send_to(bytes, self.to).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_of_every_host_form_parse() {
        let ok = |t: &str, host: &str, port: u16| {
            assert_eq!(
                UdpAddress::parse(t),
                Ok(UdpAddress {
                    host: host.to_owned(),
                    port
                }),
                "{t}"
            );
        };
        ok("udp://127.0.0.1:3000", "127.0.0.1", 3000);
        ok("udp://localhost:62040", "localhost", 62040);
        ok("udp://[::1]:3000", "::1", 3000);
        ok("udp://255.255.255.255:3000", "255.255.255.255", 3000);
        assert_eq!(
            UdpAddress::parse("udp://[::1]:3000")
                .expect("valid")
                .to_string(),
            "udp://[::1]:3000"
        );
    }

    #[test]
    fn bad_addresses_are_refused_with_the_reason() {
        for bad in [
            "",
            "127.0.0.1:3000",
            "tcp://127.0.0.1:3000",
            "udp://",
            "udp://127.0.0.1",
            "udp://:3000",
            "udp://::1:3000",
            "udp://[::1:3000",
            "udp://host/path:3000",
        ] {
            assert!(
                matches!(UdpAddress::parse(bad), Err(AddressError::Form(_))),
                "{bad:?}: {:?}",
                UdpAddress::parse(bad)
            );
        }
        for bad in [
            "udp://127.0.0.1:0",
            "udp://127.0.0.1:65536",
            "udp://127.0.0.1:x",
            "udp://127.0.0.1:",
        ] {
            let e = UdpAddress::parse(bad).expect_err(bad);
            assert!(matches!(e, AddressError::Port { .. }), "{bad:?}: {e:?}");
            assert!(e.to_string().contains("1 to 65535"), "{e}");
        }
    }

    #[test]
    fn a_sender_delivers_each_datagram_whole() {
        let receiver = UdpSocket::bind("127.0.0.1:0").expect("bind");
        let port = receiver.local_addr().expect("addr").port();
        let address = UdpAddress::parse(&format!("udp://127.0.0.1:{port}")).expect("valid");
        let out = UdpSender::open(&address).expect("open");
        out.send(b"one").expect("send");
        out.send(b"two!").expect("send");
        let mut buf = [0u8; 16];
        let n = receiver.recv(&mut buf).expect("recv");
        assert_eq!(&buf[..n], b"one");
        let n = receiver.recv(&mut buf).expect("recv");
        assert_eq!(&buf[..n], b"two!");
    }
}
