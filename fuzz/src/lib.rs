//! The streaming check behind the `roundtrip` fuzz target. smpp-proto's corpus replay test
//! (`smpp-proto/tests/fuzz_corpus.rs`) includes this file by path, so the fuzzer and the
//! ordinary test suite run the same code.

use smpp_proto::{DEFAULT_MAX_COMMAND_LENGTH, Frames, FramesError};

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
                smpp_proto::fuzzing::check_roundtrip(&frame);
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
