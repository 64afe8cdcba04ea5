//! The encoding cursor. Callers check the total length first, so writes always fit; the
//! bounds-checked `get_mut` keeps the no-panic guarantee even if a length were miscounted.

pub(crate) struct Writer<'b> {
    buf: &'b mut [u8],
    pos: usize,
}

impl<'b> Writer<'b> {
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    #[inline]
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        if let Some(dst) = self.buf.get_mut(self.pos..self.pos + b.len()) {
            copy_small(dst, b);
        }
        self.pos += b.len();
    }

    #[inline]
    pub(crate) fn u8(&mut self, v: u8) {
        if let Some(dst) = self.buf.get_mut(self.pos) {
            *dst = v;
        }
        self.pos += 1;
    }

    #[inline]
    pub(crate) fn u16(&mut self, v: u16) {
        self.bytes(&v.to_be_bytes());
    }

    #[inline]
    pub(crate) fn u32(&mut self, v: u32) {
        self.bytes(&v.to_be_bytes());
    }

    /// Writes the octets followed by a NUL.
    #[inline]
    pub(crate) fn c_octets(&mut self, b: &[u8]) {
        self.bytes(b);
        self.u8(0);
    }
}

/// Copies `src` into `dst` (same length). Up to 32 octets — every mandatory string field —
/// are moved with two overlapping fixed-size copies instead of a call to memcpy.
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
        16..=32 => two!(16),
        _ => dst.copy_from_slice(src),
    }
}
