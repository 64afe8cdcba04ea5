//! Count-prefixed lists of composite entries (submit_multi's dest_address and
//! submit_multi_resp's unsuccess_sme). Decoded lists stay as validated raw bytes and are
//! iterated lazily, so decoding allocates nothing; lists to encode borrow a slice of entries.

/// Defines a list type over an entry type that has `read`, `wire_len` and `write`.
macro_rules! wire_list {
    ($(#[$m:meta])* $name:ident, $item:ident, $count_field:expr) => {
        $(#[$m])*
        #[derive(Clone, Copy)]
        pub enum $name<'a> {
            /// A decoded list: its count and the validated bytes of its entries.
            Raw {
                /// Number of entries.
                count: u8,
                /// The entries' bytes, validated when decoded.
                bytes: &'a [u8],
            },
            /// A list to encode; more than 255 entries fail to encode
            /// ([`crate::EncodeError::TooManyEntries`]).
            Items(&'a [$item<'a>]),
        }

        impl<'a> $name<'a> {
            /// Number of entries.
            pub fn len(&self) -> usize {
                match self {
                    Self::Raw { count, .. } => usize::from(*count),
                    Self::Items(items) => items.len(),
                }
            }

            /// True when there are no entries.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// The entries in wire order.
            pub fn iter(&self) -> impl Iterator<Item = $item<'a>> + 'a {
                let (raw, items): (&'a [u8], &'a [$item<'a>]) = match *self {
                    Self::Raw { bytes, .. } => (bytes, &[]),
                    Self::Items(items) => (&[], items),
                };
                let mut r = $crate::wire::Reader::new(raw);
                let decoded = core::iter::from_fn(move || {
                    if r.is_empty() {
                        None
                    } else {
                        $item::read(&mut r).ok()
                    }
                });
                decoded.chain(items.iter().copied())
            }
        }

        impl Default for $name<'_> {
            fn default() -> Self {
                Self::Items(&[])
            }
        }

        impl PartialEq for $name<'_> {
            fn eq(&self, other: &Self) -> bool {
                self.len() == other.len() && self.iter().eq(other.iter())
            }
        }

        impl Eq for $name<'_> {}

        impl core::fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_list().entries(self.iter()).finish()
            }
        }

        impl<'a> $crate::wire::Wire<'a> for $name<'a> {
            fn read(
                r: &mut $crate::wire::Reader<'a>,
                _field: $crate::Field,
            ) -> Result<Self, $crate::ParseError> {
                let count = r.u8($count_field)?;
                let start = r.rest();
                let before = r.offset();
                for _ in 0..count {
                    $item::read(r)?;
                }
                let used = r.offset() - before;
                Ok(Self::Raw {
                    count,
                    bytes: start.get(..used).unwrap_or(&[]),
                })
            }

            fn wire_len(&self) -> usize {
                1 + match self {
                    Self::Raw { bytes, .. } => bytes.len(),
                    Self::Items(items) => items.iter().map($item::wire_len).sum(),
                }
            }

            fn write(&self, w: &mut $crate::wire::Writer<'_>) {
                w.u8(self.len() as u8);
                match self {
                    Self::Raw { bytes, .. } => w.bytes(bytes),
                    Self::Items(items) => items.iter().for_each(|i| i.write(w)),
                }
            }
        }
    };
}

pub(crate) use wire_list;
