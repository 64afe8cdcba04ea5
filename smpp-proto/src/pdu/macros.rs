//! The macro that defines a PDU body from its field list: the struct, its builder methods,
//! its parser and its encoder, so that field order is written once, as in the spec's tables.

/// One builder method per field; its kind says how the value is checked.
macro_rules! setter {
    (str, $field:ident, $ty:ty, $fid:ident) => {
        #[doc = concat!("Sets `", stringify!($field), "`; refused when longer than the field allows.")]
        pub fn $field(mut self, v: &'a str) -> Result<Self, $crate::FieldError> {
            self.$field = <$ty>::new(v).map_err(|e| e.for_field($crate::Field::$fid))?;
            Ok(self)
        }
    };
    (bytes, $field:ident, $ty:ty, $fid:ident) => {
        #[doc = concat!("Sets `", stringify!($field), "`; refused when longer than the field allows.")]
        pub fn $field(mut self, v: &'a [u8]) -> Result<Self, $crate::FieldError> {
            self.$field = <$ty>::new(v).map_err(|e| e.for_field($crate::Field::$fid))?;
            Ok(self)
        }
    };
    (time, $field:ident, $ty:ty, $fid:ident) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        pub fn $field(mut self, v: $crate::SmppTime) -> Self {
            self.$field = $crate::TimeField::from_time(v);
            self
        }
    };
    (val, $field:ident, $ty:ty, $fid:ident) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        pub fn $field(mut self, v: impl Into<$ty>) -> Self {
            self.$field = v.into();
            self
        }
    };
}

/// Defines a PDU body: mandatory fields in wire order, then the TLV area.
///
/// With `@read_fast_by_hand` first, the body's fast-path reader (`read_fast`) is left to be
/// written next to it (see `sm.rs`); otherwise it reads the fields one by one.
macro_rules! pdu_body {
    (
        $(#[$m:meta])*
        $name:ident {
            $( $(#[$fm:meta])* $field:ident : $kind:ident $ty:ty = $fid:ident, )*
        }
    ) => {
        $crate::pdu::macros::pdu_body! {
            @read_fast_by_hand
            $(#[$m])*
            $name {
                $( $(#[$fm])* $field : $kind $ty = $fid, )*
            }
        }

        impl<'a> $name<'a> {
            #[inline(always)]
            pub(crate) fn read_fast(r: &mut $crate::wire::Reader<'a>) -> Option<Self> {
                #[allow(unused_imports)]
                use $crate::wire::Wire as _;
                Some(Self {
                    $( $field: <$ty as $crate::wire::Wire>::read_fast(r)?, )*
                    tlvs: <$crate::Tlvs<'a> as $crate::wire::Wire>::read_fast(r)?,
                })
            }
        }
    };
    (
        @read_fast_by_hand
        $(#[$m:meta])*
        $name:ident {
            $( $(#[$fm:meta])* $field:ident : $kind:ident $ty:ty = $fid:ident, )*
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub struct $name<'a> {
            $( $(#[$fm])* pub $field: $ty, )*
            /// Optional parameters (TLVs), in wire order.
            pub tlvs: $crate::Tlvs<'a>,
        }

        impl<'a> $name<'a> {
            /// A body with every field empty or zero, to fill in with the builder methods.
            pub fn new() -> Self {
                Self::default()
            }

            $( $crate::pdu::macros::setter!($kind, $field, $ty, $fid); )*

            /// Sets the TLVs to encode.
            pub fn with_tlvs(mut self, tlvs: &'a [$crate::Tlv<'a>]) -> Self {
                self.tlvs = $crate::Tlvs::Items(tlvs);
                self
            }

            #[inline]
            pub(crate) fn read(
                r: &mut $crate::wire::Reader<'a>,
            ) -> Result<Self, $crate::ParseError> {
                #[allow(unused_imports)]
                use $crate::wire::Wire as _;
                Ok(Self {
                    $( $field: <$ty as $crate::wire::Wire>::read(r, $crate::Field::$fid)?, )*
                    tlvs: <$crate::Tlvs<'a> as $crate::wire::Wire>::read(r, $crate::Field::Tlvs)?,
                })
            }

            /// Octets of the body on the wire (the PDU without its 16-octet header).
            #[inline]
            pub fn body_len(&self) -> usize {
                #[allow(unused_imports)]
                use $crate::wire::Wire as _;
                0 $( + self.$field.wire_len() )* + self.tlvs.wire_len()
            }

            /// Writes the body into `out`, which must be exactly `body_len` octets long;
            /// returns the octets left unwritten (0 unless the length was miscounted).
            ///
            /// The cursor is made here rather than passed in, so that it lives in registers
            /// and its count of pending one-octet fields is a constant at every write.
            #[inline(always)]
            pub(crate) fn write_body_into(&self, out: &mut [u8]) -> usize {
                let mut w = $crate::wire::Writer::new(out);
                self.write_body(&mut w);
                w.finish()
            }

            #[inline(always)]
            pub(crate) fn write_body(&self, w: &mut $crate::wire::Writer<'_>) {
                #[allow(unused_imports)]
                use $crate::wire::Wire as _;
                $( self.$field.write(w); )*
                <$crate::Tlvs<'a> as $crate::wire::Wire>::write(&self.tlvs, w);
            }
        }
    };
}

pub(crate) use {pdu_body, setter};
