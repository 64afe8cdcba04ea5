//! A byte stream fed in chunks through a growing buffer, as a session reads a socket: the
//! frames found must equal those found in the whole stream, and each must round-trip.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| smpp_proto_fuzz::streaming_roundtrip(data));
