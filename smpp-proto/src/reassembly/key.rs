//! A ready-made sender key: source and destination address.

/// Longest address SMPP allows (data_sm, alert_notification); submit/deliver use 21.
const MAX_ADDRESS: usize = 65;

/// Identifies whose parts belong together: the source and destination addresses of the
/// deliver_sm (the reference is given separately with each [`Part`](super::Part)).
///
/// Stored inline (no allocation) and `Copy`. Any other `PartialEq` type can serve as
/// the key instead, e.g. one that also includes TON/NPI or the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AddressKey {
    source: Address,
    destination: Address,
}

impl AddressKey {
    /// A key from raw address bytes (without the C-string NUL); `None` if either is
    /// longer than 65 bytes.
    pub fn new(source: &[u8], destination: &[u8]) -> Option<Self> {
        Some(Self {
            source: Address::new(source)?,
            destination: Address::new(destination)?,
        })
    }

    /// The source address.
    pub fn source(&self) -> &[u8] {
        self.source.as_bytes()
    }

    /// The destination address.
    pub fn destination(&self) -> &[u8] {
        self.destination.as_bytes()
    }
}

/// Inline address; bytes past `len` stay zero, so derived equality and hashing hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Address {
    len: u8,
    bytes: [u8; MAX_ADDRESS],
}

impl Address {
    fn new(address: &[u8]) -> Option<Self> {
        let mut bytes = [0; MAX_ADDRESS];
        bytes.get_mut(..address.len())?.copy_from_slice(address);
        Some(Self {
            len: u8::try_from(address.len()).ok()?,
            bytes,
        })
    }

    fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }
}
