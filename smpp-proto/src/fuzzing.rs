//! Checks shared by the fuzz targets and the tests that replay their corpus. Not a stable API.

use crate::{DEFAULT_MAX_COMMAND_LENGTH, Frame, FrameStatus, Frames, peek_frame};

/// Feeds arbitrary bytes through framing and decoding; every decoded PDU must re-encode to a
/// frame that decodes equal, with exactly `encoded_len` octets. Panics on any violation.
pub fn decode_and_roundtrip(data: &[u8]) {
    // Framing: bounded work, never panics, agrees with Frames.
    let mut frames = Frames::new(data, DEFAULT_MAX_COMMAND_LENGTH);
    for frame in frames.by_ref().flatten() {
        check_roundtrip(&frame);
    }
    assert!(frames.consumed() <= data.len());
    // Decoding the raw bytes directly must also be safe, whatever command_length says.
    if let Ok(frame) = Frame::decode(data) {
        check_roundtrip(&frame);
    }
    if let Ok(FrameStatus::Complete(n)) = peek_frame(data, DEFAULT_MAX_COMMAND_LENGTH) {
        assert!(n >= 16 && n <= data.len());
    }
}

/// Encodes a decoded frame and decodes it again; both must agree.
pub fn check_roundtrip(frame: &Frame<'_>) {
    let mut buf = [0u8; 70_000];
    let len = frame.encoded_len();
    let Ok(n) = frame.encode(&mut buf) else {
        // Only a frame larger than the scratch buffer may fail here.
        assert!(len > buf.len(), "encode failed for a {len}-octet frame");
        return;
    };
    assert_eq!(n, len, "encode wrote a different length than encoded_len");
    let again = Frame::decode(buf.get(..n).unwrap_or(&[])).ok();
    assert_eq!(again.as_ref(), Some(frame), "re-decoded frame differs");
}
