//! Any datagram: decoding never panics, an error names an offset within the data, and
//! whatever decodes re-encodes to records that decode to the same values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tdome_asterix::{BlockWriter, Record, decode_datagram};

fuzz_target!(|data: &[u8]| {
    let mut records = Vec::new();
    if let Err(e) = decode_datagram(data, |_, r| records.push(r)) {
        assert!(e.offset <= data.len(), "{e} past {} bytes", data.len());
    }
    for r in records {
        let (category, want) = match normalised(r) {
            Some(x) => x,
            None => continue,
        };
        let mut out = Vec::new();
        let mut block = BlockWriter::new(&mut out, category);
        match &want {
            Record::Cat048(r) => r.encode(block.out()),
            Record::Cat034(r) => r.encode(block.out()),
            Record::Cat062(r) => r.encode(block.out()),
            Record::Other { .. } => unreachable!(),
        }
        block.finish().expect("one record fits a block");
        let mut again = Vec::new();
        decode_datagram(&out, |_, r| again.push(r)).expect("re-encoded record decodes");
        assert_eq!(again.len(), 1);
        assert_eq!(normalised(again.remove(0)).map(|x| x.1), Some(want));
    }
});

/// The record as re-encoding keeps it: items skipped on decoding are not re-sent, nor
/// are compound items none of whose interpreted subfields was present.
fn normalised(r: Record) -> Option<(u8, Record)> {
    match r {
        Record::Cat048(mut r) => {
            r.skipped = 0;
            if r.plot_characteristics == Some(Default::default()) {
                r.plot_characteristics = None;
            }
            Some((48, Record::Cat048(r)))
        }
        Record::Cat034(mut r) => {
            r.skipped = 0;
            Some((34, Record::Cat034(r)))
        }
        Record::Cat062(mut r) => {
            r.skipped = 0;
            if r.accuracies == Some(Default::default()) {
                r.accuracies = None;
            }
            Some((62, Record::Cat062(r)))
        }
        Record::Other { .. } => None,
    }
}
