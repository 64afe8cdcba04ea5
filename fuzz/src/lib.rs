//! The fuzz targets' shared code. The `roundtrip` target's streaming check lives in smpp-proto
//! (`smpp_proto::fuzzing::streaming_roundtrip`), so that smpp-proto's corpus replay test and a
//! packaged copy of the crate run the same code as the fuzzer.

pub use smpp_proto::fuzzing::streaming_roundtrip;
