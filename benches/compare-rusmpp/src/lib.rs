//! Empty: this crate only hosts `benches/compare.rs`, which benchmarks smpp-proto and rusmpp
//! on identical bytes. See the bench file for how to run it.
