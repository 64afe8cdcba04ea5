//! Arbitrary bytes through framing and decoding: no panic, bounded work, and every frame that
//! decodes re-encodes to a frame that decodes equal.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| smpp_proto::fuzzing::decode_and_roundtrip(data));
