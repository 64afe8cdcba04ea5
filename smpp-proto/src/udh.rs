//! User Data Header (3GPP TS 23.040 §9.2.3.24): the information elements that may open a
//! `short_message` or `message_payload` when `esm_class` has UDHI (0x40) set.
//!
//! The header is `UDHL` (the number of header octets that follow) and then a run of
//! information elements, each `IEI`, `IEDL` (data length) and `IEDL` data octets.
//! [`Udh::parse`] splits the header from the rest of the user data and checks its structure
//! without ever panicking; [`write_udh`] builds one.
//!
//! ```
//! use smpp_proto::udh::{write_udh, InformationElement, Udh};
//!
//! let mut buf = [0u8; 16];
//! let n = write_udh(
//!     &[InformationElement::Concat8 { reference: 0xCC, total: 2, seq: 1 }],
//!     &mut buf,
//! )
//! .unwrap();
//! assert_eq!(&buf[..n], &[0x05, 0x00, 0x03, 0xCC, 0x02, 0x01]);
//!
//! let (udh, rest) = Udh::parse(&[0x05, 0x00, 0x03, 0xCC, 0x02, 0x01, b'h', b'i']).unwrap();
//! let concat = udh.concat().unwrap();
//! assert_eq!((concat.reference, concat.total, concat.seq), (0xCC, 2, 1));
//! assert_eq!(rest, b"hi");
//! ```

use core::fmt;

/// The `esm_class` bit that says the user data starts with a UDH.
pub const ESM_CLASS_UDHI: u8 = 0x40;

/// IEI: concatenated short message, 8-bit reference.
pub const IEI_CONCAT_8: u8 = 0x00;
/// IEI: application port addressing, 8-bit ports.
pub const IEI_PORTS_8: u8 = 0x04;
/// IEI: application port addressing, 16-bit ports.
pub const IEI_PORTS_16: u8 = 0x05;
/// IEI: concatenated short message, 16-bit reference.
pub const IEI_CONCAT_16: u8 = 0x08;
/// IEI: national language single shift (data: language id).
pub const IEI_NATIONAL_SINGLE_SHIFT: u8 = 0x24;
/// IEI: national language locking shift (data: language id).
pub const IEI_NATIONAL_LOCKING_SHIFT: u8 = 0x25;

/// One information element of a UDH.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InformationElement<'a> {
    /// IEI 0x00: concatenated short message with an 8-bit reference.
    Concat8 {
        /// Reference shared by all parts of one message.
        reference: u8,
        /// Number of parts.
        total: u8,
        /// This part's number, 1-based.
        seq: u8,
    },
    /// IEI 0x08: concatenated short message with a 16-bit reference.
    Concat16 {
        /// Reference shared by all parts of one message.
        reference: u16,
        /// Number of parts.
        total: u8,
        /// This part's number, 1-based.
        seq: u8,
    },
    /// IEI 0x04: application port addressing with 8-bit ports.
    Ports8 {
        /// Destination port.
        destination: u8,
        /// Originator port.
        origin: u8,
    },
    /// IEI 0x05: application port addressing with 16-bit ports (e.g. WAP push to 2948).
    Ports16 {
        /// Destination port.
        destination: u16,
        /// Originator port.
        origin: u16,
    },
    /// IEI 0x24: national language single shift table (3GPP TS 23.038 language id).
    NationalSingleShift(u8),
    /// IEI 0x25: national language locking shift table (3GPP TS 23.038 language id).
    NationalLockingShift(u8),
    /// Any other element, kept as raw data.
    Other {
        /// The element's identifier.
        iei: u8,
        /// The element's data (at most 255 octets).
        data: &'a [u8],
    },
}

impl InformationElement<'_> {
    /// The element identifier (IEI).
    pub const fn iei(&self) -> u8 {
        match self {
            Self::Concat8 { .. } => IEI_CONCAT_8,
            Self::Concat16 { .. } => IEI_CONCAT_16,
            Self::Ports8 { .. } => IEI_PORTS_8,
            Self::Ports16 { .. } => IEI_PORTS_16,
            Self::NationalSingleShift(_) => IEI_NATIONAL_SINGLE_SHIFT,
            Self::NationalLockingShift(_) => IEI_NATIONAL_LOCKING_SHIFT,
            Self::Other { iei, .. } => *iei,
        }
    }

    /// Octets this element takes in a header: IEI, IEDL and data.
    pub const fn encoded_len(&self) -> usize {
        2 + match self {
            Self::Concat8 { .. } => 3,
            Self::Concat16 { .. } | Self::Ports16 { .. } => 4,
            Self::Ports8 { .. } => 2,
            Self::NationalSingleShift(_) | Self::NationalLockingShift(_) => 1,
            Self::Other { data, .. } => data.len(),
        }
    }

    /// Writes IEI, IEDL and data into `out`; returns the octets written or `None` if
    /// `out` is too short or raw data is longer than 255 octets.
    fn write(&self, out: &mut [u8]) -> Option<usize> {
        let (fixed, n): ([u8; 4], usize) = match *self {
            Self::Concat8 {
                reference,
                total,
                seq,
            } => ([reference, total, seq, 0], 3),
            Self::Concat16 {
                reference,
                total,
                seq,
            } => {
                let [hi, lo] = reference.to_be_bytes();
                ([hi, lo, total, seq], 4)
            }
            Self::Ports8 {
                destination,
                origin,
            } => ([destination, origin, 0, 0], 2),
            Self::Ports16 {
                destination,
                origin,
            } => {
                let [d1, d2] = destination.to_be_bytes();
                let [o1, o2] = origin.to_be_bytes();
                ([d1, d2, o1, o2], 4)
            }
            Self::NationalSingleShift(id) | Self::NationalLockingShift(id) => ([id, 0, 0, 0], 1),
            Self::Other { .. } => ([0; 4], 0),
        };
        let data: &[u8] = match self {
            Self::Other { data, .. } => data,
            _ => fixed.get(..n)?,
        };
        let iedl = u8::try_from(data.len()).ok()?;
        let (head, rest) = out.split_first_mut()?;
        *head = self.iei();
        let (len, rest) = rest.split_first_mut()?;
        *len = iedl;
        rest.get_mut(..data.len())?.copy_from_slice(data);
        Some(2 + data.len())
    }
}

/// Concatenation information, from either IEI 0x00 or IEI 0x08.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Concat {
    /// Reference shared by all parts (8-bit references widened).
    pub reference: u16,
    /// Number of parts.
    pub total: u8,
    /// This part's number, 1-based.
    pub seq: u8,
    /// Whether the reference came from the 16-bit element (IEI 0x08).
    pub wide: bool,
}

impl Concat {
    /// 23.040 asks receivers to ignore a concatenation element whose total or sequence
    /// number is 0 or whose sequence number exceeds the total.
    pub const fn is_valid(&self) -> bool {
        self.total != 0 && self.seq != 0 && self.seq <= self.total
    }
}

/// Application port addressing, from either IEI 0x04 or IEI 0x05.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports {
    /// Destination port.
    pub destination: u16,
    /// Originator port.
    pub origin: u16,
}

/// Why a UDH could not be parsed or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UdhError {
    /// There was no octet at all to hold the UDHL.
    Empty,
    /// UDHL says more header octets follow than the user data holds.
    LengthExceedsData {
        /// The UDHL value.
        udhl: u8,
        /// Octets present after the UDHL octet.
        available: usize,
    },
    /// An element's IEI or IEDL octet or its data runs past the end of the header.
    TruncatedElement {
        /// Offset of the element's IEI within the user data.
        offset: usize,
    },
    /// A known element has the wrong data length (e.g. IEI 0x00 with IEDL 4).
    BadElementLength {
        /// The element's identifier.
        iei: u8,
        /// The IEDL found.
        len: u8,
        /// Offset of the element's IEI within the user data.
        offset: usize,
    },
    /// The elements to write take more than 255 octets, or one raw element's data does.
    TooLong,
    /// The output buffer is too small; `required` octets are needed.
    BufferTooSmall {
        /// Octets needed.
        required: usize,
    },
}

impl fmt::Display for UdhError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("user data is empty: no UDH length octet"),
            Self::LengthExceedsData { udhl, available } => write!(
                f,
                "UDH length {udhl} exceeds the {available} octets that follow it"
            ),
            Self::TruncatedElement { offset } => {
                write!(f, "UDH information element at offset {offset} is truncated")
            }
            Self::BadElementLength { iei, len, offset } => write!(
                f,
                "UDH information element 0x{iei:02X} at offset {offset} has invalid length {len}"
            ),
            Self::TooLong => f.write_str("UDH longer than 255 octets"),
            Self::BufferTooSmall { required } => {
                write!(f, "buffer too small for UDH: {required} octets required")
            }
        }
    }
}

impl core::error::Error for UdhError {}

/// A parsed, structurally valid UDH borrowed from the user data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Udh<'a> {
    /// The elements, without the UDHL octet.
    elements: &'a [u8],
}

impl<'a> Udh<'a> {
    /// Splits `user_data` (a `short_message` or `message_payload` whose `esm_class` has
    /// UDHI set) into its header and the rest, checking every element's length.
    pub fn parse(user_data: &'a [u8]) -> Result<(Self, &'a [u8]), UdhError> {
        let (&udhl, after) = user_data.split_first().ok_or(UdhError::Empty)?;
        let (elements, rest) =
            after
                .split_at_checked(usize::from(udhl))
                .ok_or(UdhError::LengthExceedsData {
                    udhl,
                    available: after.len(),
                })?;
        let udh = Self { elements };
        let mut at = 0;
        while at < elements.len() {
            let (_, next) = element_at(elements, at)?;
            at = next;
        }
        Ok((udh, rest))
    }

    /// The header's length in octets, including the UDHL octet.
    pub const fn len(&self) -> usize {
        self.elements.len() + 1
    }

    /// Whether the header holds no element (UDHL = 0).
    pub const fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }

    /// The element octets, without the UDHL octet.
    pub const fn elements_bytes(&self) -> &'a [u8] {
        self.elements
    }

    /// Iterates over the elements in header order.
    pub fn iter(&self) -> Elements<'a> {
        Elements {
            elements: self.elements,
            at: 0,
        }
    }

    /// The first concatenation element (0x00 or 0x08), if any.
    pub fn concat(&self) -> Option<Concat> {
        self.iter().find_map(|ie| match ie {
            InformationElement::Concat8 {
                reference,
                total,
                seq,
            } => Some(Concat {
                reference: u16::from(reference),
                total,
                seq,
                wide: false,
            }),
            InformationElement::Concat16 {
                reference,
                total,
                seq,
            } => Some(Concat {
                reference,
                total,
                seq,
                wide: true,
            }),
            _ => None,
        })
    }

    /// The first port addressing element (0x04 or 0x05), if any.
    pub fn ports(&self) -> Option<Ports> {
        self.iter().find_map(|ie| match ie {
            InformationElement::Ports8 {
                destination,
                origin,
            } => Some(Ports {
                destination: u16::from(destination),
                origin: u16::from(origin),
            }),
            InformationElement::Ports16 {
                destination,
                origin,
            } => Some(Ports {
                destination,
                origin,
            }),
            _ => None,
        })
    }

    /// The language id of the national single shift element (0x24), if any.
    pub fn national_single_shift(&self) -> Option<u8> {
        self.iter().find_map(|ie| match ie {
            InformationElement::NationalSingleShift(id) => Some(id),
            _ => None,
        })
    }

    /// The language id of the national locking shift element (0x25), if any.
    pub fn national_locking_shift(&self) -> Option<u8> {
        self.iter().find_map(|ie| match ie {
            InformationElement::NationalLockingShift(id) => Some(id),
            _ => None,
        })
    }
}

impl<'a> IntoIterator for &Udh<'a> {
    type Item = InformationElement<'a>;
    type IntoIter = Elements<'a>;

    fn into_iter(self) -> Elements<'a> {
        self.iter()
    }
}

/// Iterator over the elements of a [`Udh`].
#[derive(Debug, Clone)]
pub struct Elements<'a> {
    elements: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Elements<'a> {
    type Item = InformationElement<'a>;

    fn next(&mut self) -> Option<InformationElement<'a>> {
        // Udh::parse checked the structure, so an error here cannot happen; end anyway.
        let (ie, next) = element_at(self.elements, self.at).ok()?;
        self.at = next;
        Some(ie)
    }
}

/// Reads the element starting at `at` within `elements`; returns it and the next offset.
/// Offsets in errors count the UDHL octet, so they index the user data.
fn element_at(elements: &[u8], at: usize) -> Result<(InformationElement<'_>, usize), UdhError> {
    let truncated = UdhError::TruncatedElement { offset: at + 1 };
    let head = elements.get(at..).ok_or(truncated)?;
    let (&[iei, iedl], body) = head.split_first_chunk::<2>().ok_or(truncated)?;
    let data = body.get(..usize::from(iedl)).ok_or(truncated)?;
    let bad = UdhError::BadElementLength {
        iei,
        len: iedl,
        offset: at + 1,
    };
    let ie = match (iei, data) {
        (IEI_CONCAT_8, &[reference, total, seq]) => InformationElement::Concat8 {
            reference,
            total,
            seq,
        },
        (IEI_CONCAT_16, &[r1, r2, total, seq]) => InformationElement::Concat16 {
            reference: u16::from_be_bytes([r1, r2]),
            total,
            seq,
        },
        (IEI_PORTS_8, &[destination, origin]) => InformationElement::Ports8 {
            destination,
            origin,
        },
        (IEI_PORTS_16, &[d1, d2, o1, o2]) => InformationElement::Ports16 {
            destination: u16::from_be_bytes([d1, d2]),
            origin: u16::from_be_bytes([o1, o2]),
        },
        (IEI_NATIONAL_SINGLE_SHIFT, &[id]) => InformationElement::NationalSingleShift(id),
        (IEI_NATIONAL_LOCKING_SHIFT, &[id]) => InformationElement::NationalLockingShift(id),
        (
            IEI_CONCAT_8
            | IEI_CONCAT_16
            | IEI_PORTS_8
            | IEI_PORTS_16
            | IEI_NATIONAL_SINGLE_SHIFT
            | IEI_NATIONAL_LOCKING_SHIFT,
            _,
        ) => return Err(bad),
        _ => InformationElement::Other { iei, data },
    };
    Ok((ie, at + 2 + data.len()))
}

/// Octets a header with these elements takes, including the UDHL octet (0 elements
/// still take the one UDHL octet).
pub fn udh_len(elements: &[InformationElement<'_>]) -> usize {
    1 + elements
        .iter()
        .map(InformationElement::encoded_len)
        .sum::<usize>()
}

/// Writes a UDH (UDHL octet then the elements in order) into `out`; returns the octets
/// written. The caller sets UDHI ([`ESM_CLASS_UDHI`]) in `esm_class`.
pub fn write_udh(elements: &[InformationElement<'_>], out: &mut [u8]) -> Result<usize, UdhError> {
    let total = udh_len(elements);
    let udhl = u8::try_from(total - 1).map_err(|_| UdhError::TooLong)?;
    if elements.iter().any(|ie| ie.encoded_len() > 257) {
        return Err(UdhError::TooLong);
    }
    let too_small = UdhError::BufferTooSmall { required: total };
    let (first, mut rest) = out.split_first_mut().ok_or(too_small)?;
    *first = udhl;
    for ie in elements {
        let n = ie.write(rest).ok_or(too_small)?;
        rest = rest.get_mut(n..).ok_or(too_small)?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn builds_the_reference_headers() {
        let mut buf = [0u8; 32];
        let cases: [(InformationElement<'_>, &[u8]); 4] = [
            (
                InformationElement::Concat8 {
                    reference: 0x12,
                    total: 3,
                    seq: 2,
                },
                &[0x05, 0x00, 0x03, 0x12, 0x03, 0x02],
            ),
            (
                InformationElement::Concat16 {
                    reference: 0xABCD,
                    total: 3,
                    seq: 1,
                },
                &[0x06, 0x08, 0x04, 0xAB, 0xCD, 0x03, 0x01],
            ),
            (
                InformationElement::Ports8 {
                    destination: 0xDD,
                    origin: 0x0E,
                },
                &[0x04, 0x04, 0x02, 0xDD, 0x0E],
            ),
            (
                InformationElement::Ports16 {
                    destination: 2948,
                    origin: 9200,
                },
                &[0x06, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0],
            ),
        ];
        for (ie, want) in cases {
            let n = write_udh(&[ie], &mut buf).unwrap();
            assert_eq!(&buf[..n], want);
            let (udh, rest) = Udh::parse(want).unwrap();
            assert!(rest.is_empty());
            assert_eq!(udh.iter().collect::<std::vec::Vec<_>>(), [ie]);
        }
    }

    #[test]
    fn parses_several_elements_and_keeps_unknown_ones_raw() {
        let data = [
            0x0C, 0x24, 0x01, 0x01, 0x25, 0x01, 0x01, 0x70, 0x01, 0xAA, 0x00, 0x03, 0x07, b'x',
        ];
        // UDHL 0x0C covers only 12 octets; the trailing concat element would be truncated.
        assert_eq!(
            Udh::parse(&data),
            Err(UdhError::TruncatedElement { offset: 10 })
        );
        let data = [
            0x0E, 0x24, 0x01, 0x01, 0x25, 0x01, 0x01, 0x70, 0x01, 0xAA, 0x00, 0x03, 0x07, 0x02,
            0x01, b'h', b'i',
        ];
        let (udh, rest) = Udh::parse(&data).unwrap();
        assert_eq!(rest, b"hi");
        assert_eq!(udh.len(), 15);
        assert_eq!(udh.national_single_shift(), Some(1));
        assert_eq!(udh.national_locking_shift(), Some(1));
        assert!(udh.iter().any(|ie| ie
            == InformationElement::Other {
                iei: 0x70,
                data: &[0xAA]
            }));
        let c = udh.concat().unwrap();
        assert_eq!((c.reference, c.total, c.seq, c.wide), (7, 2, 1, false));
        assert!(c.is_valid());
    }

    #[test]
    fn typed_errors() {
        assert_eq!(Udh::parse(&[]), Err(UdhError::Empty));
        assert_eq!(
            Udh::parse(&[5, 0, 3]),
            Err(UdhError::LengthExceedsData {
                udhl: 5,
                available: 2
            })
        );
        assert_eq!(
            Udh::parse(&[4, 0, 2, 1, 1]),
            Err(UdhError::BadElementLength {
                iei: 0,
                len: 2,
                offset: 1
            })
        );
        assert_eq!(
            Udh::parse(&[1, 0]),
            Err(UdhError::TruncatedElement { offset: 1 })
        );
        let mut small = [0u8; 3];
        assert_eq!(
            write_udh(&[InformationElement::NationalSingleShift(1)], &mut small),
            Err(UdhError::BufferTooSmall { required: 4 })
        );
        let big = [0u8; 300];
        assert_eq!(
            write_udh(
                &[InformationElement::Other {
                    iei: 0x70,
                    data: &big
                }],
                &mut [0u8; 400]
            ),
            Err(UdhError::TooLong)
        );
    }

    proptest! {
        #[test]
        fn parse_never_panics(data in proptest::collection::vec(any::<u8>(), 0..300)) {
            if let Ok((udh, rest)) = Udh::parse(&data) {
                prop_assert_eq!(udh.len() + rest.len(), data.len());
                for ie in &udh {
                    let _ = ie.encoded_len();
                }
            }
        }

        #[test]
        fn write_then_parse(ids in proptest::collection::vec((any::<u8>(), any::<u8>(), any::<u16>()), 0..8)) {
            let ies: std::vec::Vec<InformationElement<'_>> = ids
                .iter()
                .map(|&(kind, a, b)| match kind % 5 {
                    0 => InformationElement::Concat8 { reference: a, total: a, seq: (b & 0xFF) as u8 },
                    1 => InformationElement::Concat16 { reference: b, total: a, seq: a },
                    2 => InformationElement::Ports16 { destination: b, origin: b.rotate_left(3) },
                    3 => InformationElement::NationalSingleShift(a),
                    _ => InformationElement::Other { iei: 0x70 | (a & 0x0F), data: &[1, 2, 3] },
                })
                .collect();
            let mut buf = [0u8; 300];
            let n = write_udh(&ies, &mut buf).unwrap();
            prop_assert_eq!(n, udh_len(&ies));
            let (udh, rest) = Udh::parse(&buf[..n]).unwrap();
            prop_assert!(rest.is_empty());
            prop_assert_eq!(udh.iter().collect::<std::vec::Vec<_>>(), ies);
        }
    }
}
