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

/// The streaming check behind the `roundtrip` fuzz target (and the corpus replay test).
#[cfg(feature = "alloc")]
mod streaming {
    use alloc::vec::Vec;

    use super::check_roundtrip;
    use crate::{DEFAULT_MAX_COMMAND_LENGTH, Frames, FramesError};

    /// What [`Frames`] reported for one PDU: its octets when whole, or the error.
    type Found = Result<Vec<u8>, FramesError>;

    /// Runs `Frames` over `buf` and records each result; returns the octets taken and whether the
    /// stream failed (after which nothing more may be read).
    fn frames_in(buf: &[u8], found: &mut Vec<Found>) -> (usize, bool) {
        let mut frames = Frames::new(buf, DEFAULT_MAX_COMMAND_LENGTH);
        let mut start = 0;
        let mut failed = false;
        while let Some(item) = frames.next() {
            let end = frames.consumed();
            match item {
                Ok(frame) => {
                    check_roundtrip(&frame);
                    found.push(Ok(buf[start..end].to_vec()));
                }
                Err(e @ FramesError::Parse(_)) => found.push(Err(e)),
                Err(e @ FramesError::Frame(_)) => {
                    found.push(Err(e));
                    failed = true;
                }
            }
            start = end;
        }
        assert!(frames.next().is_none(), "Frames yielded after it stopped");
        (frames.consumed(), failed)
    }

    /// The first octet picks the chunk sizes; the rest is the stream. The stream is fed chunk by
    /// chunk into a buffer from which whole PDUs are drained; the PDUs and errors found must be
    /// those found when the stream is read whole, and the octets left over the same.
    pub fn streaming_roundtrip(data: &[u8]) {
        let Some((&seed, stream)) = data.split_first() else {
            return;
        };

        let mut whole = Vec::new();
        let (whole_consumed, _) = frames_in(stream, &mut whole);

        // Chunk sizes from 1 to 1 + seed, varied by a small xorshift so boundaries land anywhere.
        let mut state = u32::from(seed) | 0x9E37_7900;
        let mut next_chunk = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            1 + (state % (u32::from(seed) + 1)) as usize
        };

        let mut buffer: Vec<u8> = Vec::new();
        let mut chunked = Vec::new();
        let mut consumed = 0;
        let mut rest = stream;
        while !rest.is_empty() {
            let (chunk, tail) = rest.split_at(next_chunk().min(rest.len()));
            rest = tail;
            buffer.extend_from_slice(chunk);
            let (taken, failed) = frames_in(&buffer, &mut chunked);
            buffer.drain(..taken);
            consumed += taken;
            if failed {
                // A session closes here; the whole-stream reader must have stopped at the same place.
                break;
            }
        }

        assert_eq!(chunked, whole, "chunked reads found different frames");
        assert_eq!(
            consumed, whole_consumed,
            "chunked reads consumed a different number of octets"
        );
    }
}

#[cfg(feature = "alloc")]
pub use streaming::streaming_roundtrip;
