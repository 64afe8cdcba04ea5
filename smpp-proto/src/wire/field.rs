//! How each kind of mandatory field is read, measured and written.

use crate::error::{Field, ParseError};
use crate::values::{
    CommandStatus, DataCoding, EsmClass, InterfaceVersion, MessageState, Npi, PriorityFlag,
    RegisteredDelivery, Ton,
};
use crate::wire::{Reader, Writer};

/// A value that appears as one mandatory field on the wire.
pub(crate) trait Wire<'a>: Sized {
    fn read(r: &mut Reader<'a>, field: Field) -> Result<Self, ParseError>;
    /// The same parse without error detail: `Some` exactly when `read` is `Ok`, same value.
    #[inline(always)]
    fn read_fast(r: &mut Reader<'a>) -> Option<Self> {
        Self::read(r, Field::Tlvs).ok()
    }
    fn wire_len(&self) -> usize;
    fn write(&self, w: &mut Writer<'_>);
}

impl<'a> Wire<'a> for u8 {
    #[inline(always)]
    fn read_fast(r: &mut Reader<'a>) -> Option<Self> {
        r.u8_fast()
    }
    #[inline]
    fn read(r: &mut Reader<'a>, field: Field) -> Result<Self, ParseError> {
        r.u8(field)
    }
    #[inline]
    fn wire_len(&self) -> usize {
        1
    }
    #[inline]
    fn write(&self, w: &mut Writer<'_>) {
        w.u8(*self);
    }
}

macro_rules! wire_u8_newtype {
    ($($ty:ty),*) => {$(
        impl<'a> Wire<'a> for $ty {
            #[inline(always)]
            fn read_fast(r: &mut Reader<'a>) -> Option<Self> {
                r.u8_fast().map(Self)
            }
            #[inline]
            fn read(r: &mut Reader<'a>, field: Field) -> Result<Self, ParseError> {
                r.u8(field).map(Self)
            }
            #[inline]
            fn wire_len(&self) -> usize {
                1
            }
            #[inline]
            fn write(&self, w: &mut Writer<'_>) {
                w.u8(self.0);
            }
        }
    )*};
}

wire_u8_newtype!(
    Ton,
    Npi,
    EsmClass,
    RegisteredDelivery,
    DataCoding,
    PriorityFlag,
    MessageState,
    InterfaceVersion
);

impl<'a> Wire<'a> for CommandStatus {
    #[inline(always)]
    fn read_fast(r: &mut Reader<'a>) -> Option<Self> {
        r.u32_fast().map(Self)
    }
    #[inline]
    fn read(r: &mut Reader<'a>, field: Field) -> Result<Self, ParseError> {
        r.u32(field).map(Self)
    }
    #[inline]
    fn wire_len(&self) -> usize {
        4
    }
    #[inline]
    fn write(&self, w: &mut Writer<'_>) {
        w.u32(self.0);
    }
}
