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

/// Receipt text: parsing never panics, and a parsed receipt written back in the standard form
/// parses to the same id and state.
pub fn receipt(data: &[u8]) {
    let Ok(r) = crate::receipt::parse_receipt(data) else {
        return;
    };
    // A text holding " key:" reads back as that key when the receipt lacked it: the format
    // itself is ambiguous there, so the stability check covers texts without a colon.
    if r.text.is_some_and(|t| t.contains(&b':')) {
        return;
    }
    let mut buf = [0u8; 1024];
    if let Ok(n) = r.encode(&mut buf) {
        let again = crate::receipt::parse_receipt(buf.get(..n).unwrap_or(&[]));
        let again = again.unwrap_or_else(|e| panic!("formatted receipt does not parse: {e:?}"));
        assert_eq!(again.id, r.id);
        assert_eq!(again.stat, r.stat);
    }
}

/// Text decoding: every codec, strict and lenient, plus UDH parsing and septet unpacking,
/// never panics; lenient decoding is stable (decode, encode, decode gives the same text).
pub fn text(data: &[u8]) {
    use crate::text::{Encoding, GsmTables, NationalLanguage, OnError, decode, encode, packed};
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let _ = crate::udh::Udh::parse(bytes);
    let language = NationalLanguage::from_id(selector >> 3);
    let tables = match selector & 3 {
        0 => GsmTables::DEFAULT,
        1 => language.map_or(GsmTables::DEFAULT, GsmTables::single_shift),
        _ => language.map_or(GsmTables::DEFAULT, GsmTables::locking_shift),
    };
    let mut out = [0u8; 4096];
    let mut back = [0u8; 4096];
    let mut again = [0u8; 4096];
    for encoding in [
        Encoding::Gsm7(tables),
        Encoding::Ascii,
        Encoding::Latin1,
        Encoding::Cyrillic,
        Encoding::Hebrew,
        Encoding::Ucs2,
    ] {
        let _ = decode(bytes, encoding, OnError::Fail, &mut out);
        let Ok(text) = decode(bytes, encoding, OnError::QUESTION_MARK, &mut out) else {
            continue;
        };
        if let Ok(n) = encode(text, encoding, OnError::QUESTION_MARK, &mut back) {
            let re = decode(
                back.get(..n).unwrap_or(&[]),
                encoding,
                OnError::Fail,
                &mut again,
            );
            assert_eq!(re.ok(), Some(text), "{encoding:?} decoding is not stable");
        }
    }
    let fill = selector % 7;
    let _ = packed::decode(bytes, fill, None, tables, OnError::QUESTION_MARK, &mut out);
}
