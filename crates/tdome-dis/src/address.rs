//! Where the PDUs go: the outputs a writer sends to (a UDP socket, or memory for tests).
//! The `udp://HOST:PORT` address and the socket are tdome-core's (`net`), shared with
//! the ASTERIX writer.

use dis_rs::model::Pdu;
use tdome_core::net::UdpSender;

/// Where PDUs go, one datagram each.
pub trait PduOutput {
    /// Send one PDU: `bytes` is `pdu` encoded.
    fn send(&mut self, pdu: &Pdu, bytes: &[u8]) -> std::io::Result<()>;
}

/// In memory: each element is one PDU's bytes.
impl PduOutput for Vec<Vec<u8>> {
    fn send(&mut self, _: &Pdu, bytes: &[u8]) -> std::io::Result<()> {
        self.push(bytes.to_vec());
        Ok(())
    }
}

/// In memory, for tests and fixtures: each PDU as built (what was meant) and as encoded.
impl PduOutput for Vec<(Pdu, Vec<u8>)> {
    fn send(&mut self, pdu: &Pdu, bytes: &[u8]) -> std::io::Result<()> {
        self.push((pdu.clone(), bytes.to_vec()));
        Ok(())
    }
}

impl PduOutput for UdpSender {
    fn send(&mut self, _: &Pdu, bytes: &[u8]) -> std::io::Result<()> {
        UdpSender::send(self, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::UdpSocket;
    use tdome_core::net::UdpAddress;

    #[test]
    fn a_udp_output_delivers_each_pdu_as_one_datagram() {
        let receiver = UdpSocket::bind("127.0.0.1:0").expect("bind");
        let port = receiver.local_addr().expect("addr").port();
        let address = UdpAddress::parse(&format!("udp://127.0.0.1:{port}")).expect("valid");
        let mut out = UdpSender::open(&address).expect("open");
        let pdu = Pdu::finalize_from_parts(
            dis_rs::model::PduHeader::new_v7(1, dis_rs::enumerations::PduType::Other),
            dis_rs::model::PduBody::Other(dis_rs::other::model::Other::default()),
            dis_rs::model::Timestamp::default(),
        );
        PduOutput::send(&mut out, &pdu, b"one").expect("send");
        PduOutput::send(&mut out, &pdu, b"two!").expect("send");
        let mut buf = [0u8; 16];
        let n = receiver.recv(&mut buf).expect("recv");
        assert_eq!(&buf[..n], b"one");
        let n = receiver.recv(&mut buf).expect("recv");
        assert_eq!(&buf[..n], b"two!");
    }
}
