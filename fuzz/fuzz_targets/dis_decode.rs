//! Any datagram as one DIS PDU of the kinds tdome exchanges (Entity State, Fire,
//! Detonation): the decoder a receiver of tdome's PDUs uses (dis-rs, which tdome-dis
//! encodes with) returns the PDU or an error, never a panic.
//!
//! Only those kinds: they are what a receiver of tdome's PDUs decodes. Fuzzing found
//! panics in dis-rs 0.14's parsers (Signal, Transmitter), reached even from malformed
//! Fire and Detonation datagrams; their inputs are in fuzz/findings, and scripts/fuzz
//! counts crashes inside dis-rs, failing on any other.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// DIS PDU types (SISO-REF-010): Entity State, Fire, Detonation.
const TDOME_PDU_TYPES: [u8; 3] = [1, 2, 3];

fuzz_target!(|data: &[u8]| {
    // One PDU: protocol version 7 (what tdome sends), its header's type one of tdome's,
    // and its length field covering the datagram (so no second PDU of another kind
    // follows).
    let one_of_ours = data.len() >= 12
        && data[0] == 7
        && TDOME_PDU_TYPES.contains(&data[2])
        && usize::from(u16::from_be_bytes([data[8], data[9]])) == data.len();
    if one_of_ours {
        let _ = dis_rs::parse(data);
    }
});
