//! One session (either role) driven by arbitrary peer bytes, time and commands: the session's
//! invariants hold after every step (see `smpp_session::fuzzing`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| smpp_session::fuzzing::session_ops(data));
