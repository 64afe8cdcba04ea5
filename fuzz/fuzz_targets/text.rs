//! Arbitrary bytes through the text helpers of smpp-proto: no panic, stable results.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| smpp_proto::fuzzing::text(data));
