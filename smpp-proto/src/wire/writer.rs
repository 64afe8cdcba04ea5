//! The encoding cursor. Callers check the total length first, so writes always fit; each write
//! still takes its octets with a checked split, which keeps the no-panic guarantee even if a
//! length were miscounted (the write is then skipped, and a debug assertion fires).

pub(crate) struct Writer<'b> {
    /// The part of the output not written yet.
    buf: &'b mut [u8],
    /// One-octet fields not yet written, first in the lowest octet: they go out with the next
    /// variable-length field, so a run of them costs no length check of its own.
    pending: u64,
    /// How many octets `pending` holds (0 to 8).
    npending: usize,
}

impl<'b> Writer<'b> {
    #[inline(always)]
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        Self {
            buf,
            pending: 0,
            npending: 0,
        }
    }

    /// Writes what is pending and returns the octets left unwritten (0 unless the length was
    /// miscounted).
    #[inline(always)]
    pub(crate) fn finish(mut self) -> usize {
        self.take(0);
        self.buf.len()
    }

    /// The pending octets followed by the next `n` octets, which are returned to fill in;
    /// `None` (and nothing written) when fewer remain.
    ///
    /// The cursor is the unwritten tail itself rather than an index into the whole buffer, so
    /// a write costs one length check and no position arithmetic.
    #[inline(always)]
    fn take(&mut self, n: usize) -> Option<&'b mut [u8]> {
        // Cleared on every path, so the count stays a compile-time constant along a body.
        let (k, pending) = (self.npending, self.pending);
        self.npending = 0;
        self.pending = 0;
        let total = k.wrapping_add(n);
        if total > self.buf.len() || total < n {
            debug_assert!(false, "encoded length miscounted");
            return None;
        }
        let (head, rest) = core::mem::take(&mut self.buf).split_at_mut_checked(total)?;
        self.buf = rest;
        let (done, dst) = head.split_at_mut_checked(k)?;
        if let Some(octets) = pending.to_le_bytes().get(..k) {
            done.copy_from_slice(octets);
        }
        Some(dst)
    }

    #[inline(always)]
    fn array<const N: usize>(&mut self, v: [u8; N]) {
        if let Some(dst) = self.take(N).and_then(|d| d.first_chunk_mut::<N>()) {
            *dst = v;
        }
    }

    #[inline(always)]
    pub(crate) fn u8(&mut self, v: u8) {
        if self.npending == 8 {
            self.take(0);
        }
        self.pending |= u64::from(v) << (8 * self.npending);
        self.npending += 1;
    }

    #[inline(always)]
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        if let Some(dst) = self.take(b.len()) {
            copy_small(dst, b);
        }
    }

    #[inline(always)]
    pub(crate) fn u32(&mut self, v: u32) {
        self.array(v.to_be_bytes());
    }

    /// Writes the octets followed by a NUL.
    #[inline(always)]
    pub(crate) fn c_octets(&mut self, b: &[u8]) {
        if let Some((nul, dst)) = self
            .take(b.len().wrapping_add(1))
            .and_then(<[u8]>::split_last_mut)
        {
            copy_small(dst, b);
            *nul = 0;
        }
    }

    /// Writes a one-octet length, then the octets (which must number at most 255).
    #[inline(always)]
    pub(crate) fn u8_prefixed(&mut self, b: &[u8]) {
        self.u8(b.len() as u8);
        self.bytes(b);
    }

    /// A TLV: tag, 16-bit length, value (at most 65 535 octets).
    #[inline(always)]
    pub(crate) fn tlv(&mut self, tag: u16, value: &[u8]) {
        if let Some((head, dst)) = self
            .take(value.len().wrapping_add(4))
            .and_then(<[u8]>::split_first_chunk_mut::<4>)
        {
            let [t0, t1] = tag.to_be_bytes();
            let [l0, l1] = (value.len() as u16).to_be_bytes();
            *head = [t0, t1, l0, l1];
            copy_small(dst, value);
        }
    }
}

/// Copies `src` into `dst` (same length). Up to 64 octets — every mandatory string field and
/// a typical short_message — are moved with two overlapping fixed-size copies instead of a
/// call to memcpy.
#[inline(always)]
fn copy_small(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    macro_rules! two {
        ($w:literal) => {{
            if let (Some(d), Some(s)) = (dst.first_chunk_mut::<$w>(), src.first_chunk::<$w>()) {
                *d = *s;
            }
            if let (Some(d), Some(s)) = (dst.last_chunk_mut::<$w>(), src.last_chunk::<$w>()) {
                *d = *s;
            }
        }};
    }
    match n {
        0 => {}
        1..=3 => {
            for (d, s) in dst.iter_mut().zip(src) {
                *d = *s;
            }
        }
        4..=7 => two!(4),
        8..=15 => two!(8),
        16..=31 => two!(16),
        32..=64 => two!(32),
        _ => dst.copy_from_slice(src),
    }
}
