//! Where datagrams go: a UDP destination (tdome-core's `net`, shared with the DIS
//! writer), or memory (for tests and tools).

use std::io;

use tdome_core::net::UdpSender;

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

impl Datagrams for UdpSender {
    fn send(&mut self, datagram: &[u8]) -> io::Result<()> {
        UdpSender::send(self, datagram)
    }
}
