//! Splitting a text into submit_sm-ready segments, without allocating.
//!
//! [`Splitter::new`] checks the whole text once (every character encodable, at most 255
//! segments) and then yields one [`Segment`] per part; [`Segment::write`] writes the part's
//! user data (UDH, if any, then the encoded text) into a caller buffer. The caller sets
//! UDHI (0x40) in `esm_class` when [`Segment::has_udh`] says so, or maps [`Segment::sar`]
//! to the `sar_*` TLVs.
//!
//! Budgets per segment follow 3GPP TS 23.040 (140 octets of user data, the UDH included):
//! GSM 7-bit 160 septets alone, 153 with an 8-bit concatenation UDH, 152 with a 16-bit one;
//! 8-bit encodings 140 / 134 / 133 octets; UCS-2 70 / 67 / 66 units. National language
//! elements cost 3 more octets each, application ports ([`PortAddressing`]) 4 or 6. A character is never cut: a GSM escape sequence and a
//! UTF-16 surrogate pair always stay in one segment.

use super::codec::{Unit, encode, units};
use super::{EncodeError, Encoding, OnError, packed};
use crate::udh::{InformationElement, write_udh};

/// How a long text travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Method {
    /// Segments with a concatenation UDH, 8-bit reference (IEI 0x00).
    #[default]
    Udh8,
    /// Segments with a concatenation UDH, 16-bit reference (IEI 0x08).
    Udh16,
    /// Segments described by the `sar_msg_ref_num`, `sar_total_segments` and
    /// `sar_segment_seqnum` TLVs. Segments are sized as for [`Method::Udh8`], since the SMSC
    /// adds that header on the air interface.
    Sar,
    /// No split: the whole text in one `message_payload` TLV (at most 65 535 octets).
    Payload,
}

/// Application port addressing (3GPP TS 23.040 §9.2.3.24.3/4) carried in the UDH of every
/// segment, e.g. WAP push to port 2948 or a vCard to 9204.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortAddressing {
    /// IEI 0x04: 8-bit ports (4 octets of UDH).
    Bits8 {
        /// Destination port.
        destination: u8,
        /// Originator port.
        origin: u8,
    },
    /// IEI 0x05: 16-bit ports (6 octets of UDH), the form most applications use.
    Bits16 {
        /// Destination port.
        destination: u16,
        /// Originator port.
        origin: u16,
    },
}

impl PortAddressing {
    /// The information element.
    pub const fn element(&self) -> InformationElement<'static> {
        match *self {
            Self::Bits8 {
                destination,
                origin,
            } => InformationElement::Ports8 {
                destination,
                origin,
            },
            Self::Bits16 {
                destination,
                origin,
            } => InformationElement::Ports16 {
                destination,
                origin,
            },
        }
    }

    /// Octets the element takes in a UDH (IEI and IEDL included).
    pub const fn encoded_len(&self) -> usize {
        self.element().encoded_len()
    }
}

/// What to split and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SplitOptions {
    /// The encoding (for GSM 7-bit, with its national tables).
    pub encoding: Encoding,
    /// UDH, SAR or one message_payload.
    pub method: Method,
    /// Concatenation reference shared by the parts (only the low 8 bits with
    /// [`Method::Udh8`]).
    pub reference: u16,
    /// Pack GSM 7-bit septets (with fill bits after the UDH) instead of one per octet.
    pub packed: bool,
    /// What to do with characters the encoding lacks.
    pub on_error: OnError,
    /// Application ports, put in the UDH of every segment (also of a single one).
    pub ports: Option<PortAddressing>,
}

impl SplitOptions {
    /// Options for `encoding` and `method`, reference 0, unpacked, failing on
    /// unmappable characters.
    pub const fn new(encoding: Encoding, method: Method) -> Self {
        Self {
            encoding,
            method,
            reference: 0,
            packed: false,
            on_error: OnError::Fail,
            ports: None,
        }
    }

    /// The same options with application port addressing in every segment.
    pub const fn with_ports(mut self, ports: PortAddressing) -> Self {
        self.ports = Some(ports);
        self
    }

    /// The same options with another concatenation reference.
    pub const fn with_reference(mut self, reference: u16) -> Self {
        self.reference = reference;
        self
    }

    /// The same options with GSM 7-bit packed (or not).
    pub const fn with_packed(mut self, packed: bool) -> Self {
        self.packed = packed;
        self
    }

    /// The same options with another unmappable-character policy.
    pub const fn with_on_error(mut self, on_error: OnError) -> Self {
        self.on_error = on_error;
        self
    }

    /// UDH octets every segment carries whatever the method: national language
    /// elements and application ports.
    fn fixed_ies_len(&self) -> usize {
        let national = match self.encoding {
            Encoding::Gsm7(t) => t.udh_elements_len(),
            _ => 0,
        };
        national + self.ports.map_or(0, |p| p.encoded_len())
    }

    /// UDH octets (UDHL included) of a segment; 0 without a header.
    fn udh_len(&self, multi: bool) -> usize {
        let concat = match (multi, self.method) {
            (true, Method::Udh8) => 5,
            (true, Method::Udh16) => 6,
            _ => 0,
        };
        let ies = concat + self.fixed_ies_len();
        if ies == 0 { 0 } else { 1 + ies }
    }

    /// Bytes of encoded (unpacked) text one segment may carry.
    fn budget(&self, multi: bool) -> usize {
        let (header, limit) = match self.method {
            Method::Payload => (self.udh_len(false), PAYLOAD_OCTETS),
            // SAR segments get an 8-bit concatenation header from the SMSC on air.
            Method::Sar if multi => (1 + 5 + self.fixed_ies_len(), SMS_OCTETS),
            _ => (self.udh_len(multi), SMS_OCTETS),
        };
        match self.encoding {
            Encoding::Gsm7(_) if limit == SMS_OCTETS || self.packed => {
                let header_septets = (header * 8).div_ceil(7);
                (limit * 8 / 7).saturating_sub(header_septets)
            }
            Encoding::Ucs2 => (limit.saturating_sub(header)) & !1,
            _ => limit.saturating_sub(header),
        }
    }

    pub(super) const fn bytes_per_unit(&self) -> usize {
        match self.encoding {
            Encoding::Ucs2 => 2,
            _ => 1,
        }
    }
}

/// User data octets of one short message.
const SMS_OCTETS: usize = 140;
/// Largest `message_payload` TLV value.
const PAYLOAD_OCTETS: usize = 65_535;

/// The shape of a split, shared by the splitter and the counter.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plan {
    /// Characters in the text.
    pub(super) chars: usize,
    /// Encoded (unpacked) bytes of the whole text.
    pub(super) bytes: usize,
    /// Segments needed (may exceed 255 here).
    pub(super) segments: usize,
    /// Whether the text goes as one message without a concatenation header.
    pub(super) single: bool,
    /// Encoded bytes in the last segment.
    pub(super) last_bytes: usize,
    /// Budget in bytes of each segment.
    pub(super) budget: usize,
}

/// Bytes of the longest prefix of `units` that fits `budget`, and its char count.
fn take_prefix(
    units: impl Iterator<Item = Result<Unit, EncodeError>>,
    budget: usize,
) -> Result<(usize, usize), EncodeError> {
    let mut bytes = 0;
    let mut chars = 0;
    for unit in units {
        let len = unit?.len();
        if bytes + len > budget {
            break;
        }
        bytes += len;
        chars += 1;
    }
    Ok((bytes, chars))
}

pub(super) fn plan(text: &str, opts: &SplitOptions) -> Result<Plan, EncodeError> {
    let mut bytes = 0;
    let mut chars = 0;
    for unit in units(text, opts.encoding, opts.on_error) {
        bytes += unit?.len();
        chars += 1;
    }
    let single_budget = opts.budget(false);
    if opts.method == Method::Payload || bytes <= single_budget {
        return Ok(Plan {
            chars,
            bytes,
            segments: 1,
            single: true,
            last_bytes: bytes,
            budget: single_budget,
        });
    }
    let budget = opts.budget(true);
    // Greedy, like the splitter: a unit that does not fit opens the next segment.
    let mut segments = 1;
    let mut used = 0;
    for unit in units(text, opts.encoding, opts.on_error) {
        let len = unit?.len();
        if used + len > budget {
            segments += 1;
            used = 0;
        }
        used += len;
    }
    Ok(Plan {
        chars,
        bytes,
        segments,
        single: false,
        last_bytes: used,
        budget,
    })
}

/// SAR values of one segment, for the `sar_msg_ref_num`, `sar_total_segments` and
/// `sar_segment_seqnum` TLVs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sar {
    /// `sar_msg_ref_num`.
    pub reference: u16,
    /// `sar_total_segments`.
    pub total: u8,
    /// `sar_segment_seqnum`, 1-based.
    pub seqnum: u8,
}

/// One part of a split text. Borrowed from the text; write it with [`Segment::write`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment<'t> {
    text: &'t str,
    first_char: usize,
    first_byte: usize,
    number: u8,
    total: u8,
    multi: bool,
    bytes: usize,
    opts: SplitOptions,
}

impl<'t> Segment<'t> {
    /// The slice of the text this segment carries.
    pub const fn text(&self) -> &'t str {
        self.text
    }

    /// This segment's number, 1-based.
    pub const fn number(&self) -> u8 {
        self.number
    }

    /// Number of segments of the whole text.
    pub const fn total(&self) -> u8 {
        self.total
    }

    /// Units of text in this segment: septets (GSM), octets (ASCII, Latin-1) or UTF-16
    /// code units (UCS-2).
    pub const fn units(&self) -> usize {
        self.bytes / self.opts.bytes_per_unit()
    }

    /// Octets of UDH (UDHL included) this segment starts with; 0 for none.
    pub fn udh_len(&self) -> usize {
        self.opts.udh_len(self.multi)
    }

    /// Whether the segment starts with a UDH, so `esm_class` needs UDHI (0x40).
    pub fn has_udh(&self) -> bool {
        self.udh_len() > 0
    }

    /// The bits to OR into `esm_class`: 0x40 with a UDH, else 0.
    pub fn esm_class_bits(&self) -> u8 {
        if self.has_udh() {
            crate::udh::ESM_CLASS_UDHI
        } else {
            0
        }
    }

    /// SAR values, for [`Method::Sar`] texts of more than one segment.
    pub fn sar(&self) -> Option<Sar> {
        (self.opts.method == Method::Sar && self.multi).then_some(Sar {
            reference: self.opts.reference,
            total: self.total,
            seqnum: self.number,
        })
    }

    /// Octets [`write`](Self::write) produces: UDH then encoded text.
    pub fn encoded_len(&self) -> usize {
        let udh = self.udh_len();
        let text = match self.opts.encoding {
            Encoding::Gsm7(_) if self.opts.packed => {
                packed::packed_len(self.bytes, packed::fill_bits(udh))
            }
            _ => self.bytes,
        };
        udh + text
    }

    /// Writes the segment's user data (for `short_message` or `message_payload`) into
    /// `out`; returns the octets written. If `out` is too short the error carries the size.
    pub fn write(&self, out: &mut [u8]) -> Result<usize, EncodeError> {
        let required = self.encoded_len();
        let out = out
            .get_mut(..required)
            .ok_or(EncodeError::BufferTooSmall { required })?;
        let udh = self.udh_len();
        if udh > 0 {
            let mut ies = [InformationElement::NationalSingleShift(0); 4];
            let mut n = 0;
            // Ports first, as WAP push (WDP over SMS) writes them.
            if let (Some(ports), Some(slot)) = (self.opts.ports, ies.get_mut(n)) {
                *slot = ports.element();
                n += 1;
            }
            if self.multi {
                let concat = match self.opts.method {
                    Method::Udh8 => Some(InformationElement::Concat8 {
                        reference: self.opts.reference.to_be_bytes()[1],
                        total: self.total,
                        seq: self.number,
                    }),
                    Method::Udh16 => Some(InformationElement::Concat16 {
                        reference: self.opts.reference,
                        total: self.total,
                        seq: self.number,
                    }),
                    Method::Sar | Method::Payload => None,
                };
                if let (Some(ie), Some(slot)) = (concat, ies.get_mut(n)) {
                    *slot = ie;
                    n += 1;
                }
            }
            if let Encoding::Gsm7(tables) = self.opts.encoding {
                for ie in tables.udh_elements() {
                    if let Some(slot) = ies.get_mut(n) {
                        *slot = ie;
                        n += 1;
                    }
                }
            }
            let ies = ies.get(..n).unwrap_or_default();
            write_udh(ies, out).map_err(|_| EncodeError::BufferTooSmall { required })?;
        }
        let body = out
            .get_mut(udh..)
            .ok_or(EncodeError::BufferTooSmall { required })?;
        let written = match self.opts.encoding {
            Encoding::Gsm7(tables) if self.opts.packed => packed::encode(
                self.text,
                tables,
                packed::fill_bits(udh),
                self.opts.on_error,
                body,
            ),
            encoding => encode(self.text, encoding, self.opts.on_error, body),
        }
        .map_err(|e| self.shift_error(e))?;
        Ok(udh + written)
    }

    /// Positions in errors count from the start of the whole text.
    fn shift_error(&self, e: EncodeError) -> EncodeError {
        match e {
            EncodeError::Unmappable { ch, index, offset } => EncodeError::Unmappable {
                ch,
                index: index + self.first_char,
                offset: offset + self.first_byte,
            },
            other => other,
        }
    }
}

/// Splits a text into segments without allocating.
///
/// [`Splitter::new`] checks the whole text once (every character encodable, at most 255
/// segments) and the iterator then yields one [`Segment`] per part. Budgets per segment
/// follow 3GPP TS 23.040 (140 octets of user data, UDH included): GSM 7-bit 160 septets
/// alone, 153 with an 8-bit concatenation UDH, 152 with a 16-bit one; 8-bit encodings
/// 140 / 134 / 133 octets; UCS-2 70 / 67 / 66 units; each national language element
/// takes 3 octets more, application ports 4 (8-bit) or 6 (16-bit). A GSM escape sequence or a UTF-16 surrogate pair is never cut.
///
/// ```
/// use smpp_proto::text::{Encoding, Method, SplitOptions, Splitter};
///
/// let text = "x".repeat(200);
/// let opts = SplitOptions::new(Encoding::GSM7, Method::Udh8).with_reference(0x42);
/// let splitter = Splitter::new(&text, opts).unwrap();
/// assert_eq!(splitter.total(), 2);
/// let mut buf = [0u8; 254];
/// for segment in splitter {
///     let n = segment.write(&mut buf).unwrap();
///     assert_eq!(&buf[..6], &[0x05, 0x00, 0x03, 0x42, 0x02, segment.number()]);
///     assert!(segment.has_udh()); // set esm_class UDHI (0x40)
///     assert_eq!(n, 6 + segment.units());
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Splitter<'t> {
    rest: &'t str,
    next_char: usize,
    next_byte: usize,
    number: u8,
    total: u8,
    multi: bool,
    budget: usize,
    opts: SplitOptions,
}

impl<'t> Splitter<'t> {
    /// Plans the split of `text`: fails on an unmappable character (unless replaced), on
    /// more than 255 segments, or on a `message_payload` longer than 65 535 octets.
    pub fn new(text: &'t str, opts: SplitOptions) -> Result<Self, EncodeError> {
        let plan = plan(text, &opts)?;
        let total = u8::try_from(plan.segments).map_err(|_| EncodeError::TooManySegments {
            segments: plan.segments,
        })?;
        if opts.method == Method::Payload && plan.bytes > plan.budget {
            let udh = opts.udh_len(false);
            let len = match opts.encoding {
                Encoding::Gsm7(_) if opts.packed => {
                    udh + packed::packed_len(plan.bytes, packed::fill_bits(udh))
                }
                _ => udh + plan.bytes,
            };
            return Err(EncodeError::PayloadTooLong { len });
        }
        Ok(Self {
            rest: text,
            next_char: 0,
            next_byte: 0,
            number: 0,
            total,
            multi: !plan.single,
            budget: plan.budget,
            opts,
        })
    }

    /// Number of segments of the text (1 for a text that fits one message).
    pub const fn total(&self) -> u8 {
        self.total
    }
}

impl<'t> Iterator for Splitter<'t> {
    type Item = Segment<'t>;

    fn next(&mut self) -> Option<Segment<'t>> {
        if self.number >= self.total {
            return None;
        }
        // The plan already checked every character, so errors cannot happen here.
        let (bytes, chars) = take_prefix(
            units(self.rest, self.opts.encoding, self.opts.on_error),
            self.budget,
        )
        .ok()?;
        let cut = self
            .rest
            .char_indices()
            .nth(chars)
            .map_or(self.rest.len(), |(i, _)| i);
        let (text, rest) = self.rest.split_at_checked(cut)?;
        self.number += 1;
        let segment = Segment {
            text,
            first_char: self.next_char,
            first_byte: self.next_byte,
            number: self.number,
            total: self.total,
            multi: self.multi,
            bytes,
            opts: self.opts,
        };
        self.rest = rest;
        self.next_char += chars;
        self.next_byte += cut;
        Some(segment)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::from(self.total - self.number);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Splitter<'_> {}

/// One encoded segment, owned.
#[cfg(feature = "alloc")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedSegment {
    /// The user data: UDH (if any) then the encoded text.
    pub bytes: alloc::vec::Vec<u8>,
    /// Bits to OR into `esm_class` (0x40 when `bytes` starts with a UDH).
    pub esm_class_bits: u8,
    /// SAR values for [`Method::Sar`].
    pub sar: Option<Sar>,
    /// Units of text in the segment (septets, octets or UTF-16 units).
    pub units: usize,
}

/// Splits `text` and encodes every segment. See [`Splitter`].
///
/// ```
/// use smpp_proto::text::{split, Encoding, Method, SplitOptions};
///
/// let parts = split("😀".repeat(40).as_str(), SplitOptions::new(Encoding::Ucs2, Method::Udh8)).unwrap();
/// assert_eq!(parts.len(), 2); // 80 UTF-16 units; 66 (33 pairs) + 14, never half a pair
/// assert_eq!(parts[0].units, 66);
/// ```
#[cfg(feature = "alloc")]
pub fn split(
    text: &str,
    opts: SplitOptions,
) -> Result<alloc::vec::Vec<EncodedSegment>, EncodeError> {
    Splitter::new(text, opts)?
        .map(|segment| {
            let mut bytes = alloc::vec![0u8; segment.encoded_len()];
            let n = segment.write(&mut bytes)?;
            bytes.truncate(n);
            Ok(EncodedSegment {
                bytes,
                esm_class_bits: segment.esm_class_bits(),
                sar: segment.sar(),
                units: segment.units(),
            })
        })
        .collect()
}
