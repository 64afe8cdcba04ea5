//! esm_class and registered_delivery bit fields (SMPP.md §6.2, §6.3).

/// esm_class: messaging mode (bits 1-0), message type (bits 5-2), GSM features (bits 7-6).
///
/// ```
/// use smpp_proto::EsmClass;
/// let e = EsmClass(0x44); // delivery receipt with a UDH
/// assert!(e.is_delivery_receipt());
/// assert!(e.udhi());
/// assert_eq!(EsmClass::default().with_udhi(true).0, 0x40);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EsmClass(pub u8);

/// Messaging mode, bits 1-0 of esm_class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessagingMode {
    /// Default SMSC mode (normally store and forward).
    Default,
    /// Datagram mode.
    Datagram,
    /// Forward (transaction) mode.
    Forward,
    /// Explicit store and forward.
    StoreAndForward,
}

/// Message type, bits 5-2 of esm_class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MessageType {
    /// Normal message (MO when received).
    Normal,
    /// SMSC delivery receipt (0x04).
    DeliveryReceipt,
    /// SME delivery acknowledgement (0x08).
    DeliveryAck,
    /// SME manual/user acknowledgement (0x10).
    ManualAck,
    /// Conversation abort (0x18).
    ConversationAbort,
    /// Intermediate delivery notification (0x20).
    IntermediateNotification,
    /// A reserved combination, as the raw masked bits.
    Reserved(u8),
}

impl EsmClass {
    /// UDHI: the user data starts with a User Data Header.
    pub const UDHI: u8 = 0x40;
    /// Set reply path.
    pub const REPLY_PATH: u8 = 0x80;
    /// Message type value of an SMSC delivery receipt.
    pub const DELIVERY_RECEIPT: u8 = 0x04;

    /// The messaging mode.
    pub const fn mode(self) -> MessagingMode {
        match self.0 & 0x03 {
            0 => MessagingMode::Default,
            1 => MessagingMode::Datagram,
            2 => MessagingMode::Forward,
            _ => MessagingMode::StoreAndForward,
        }
    }

    /// The message type.
    pub const fn message_type(self) -> MessageType {
        match self.0 & 0x3C {
            0x00 => MessageType::Normal,
            0x04 => MessageType::DeliveryReceipt,
            0x08 => MessageType::DeliveryAck,
            0x10 => MessageType::ManualAck,
            0x18 => MessageType::ConversationAbort,
            0x20 => MessageType::IntermediateNotification,
            other => MessageType::Reserved(other),
        }
    }

    /// True for an SMSC delivery receipt, whatever the other bits.
    pub const fn is_delivery_receipt(self) -> bool {
        self.0 & 0x3C == Self::DELIVERY_RECEIPT
    }

    /// True when a User Data Header is present.
    pub const fn udhi(self) -> bool {
        self.0 & Self::UDHI != 0
    }

    /// True when reply path is set.
    pub const fn reply_path(self) -> bool {
        self.0 & Self::REPLY_PATH != 0
    }

    /// This value with UDHI set or cleared.
    pub const fn with_udhi(self, on: bool) -> Self {
        if on {
            Self(self.0 | Self::UDHI)
        } else {
            Self(self.0 & !Self::UDHI)
        }
    }

    /// This value with the messaging mode replaced.
    pub const fn with_mode(self, mode: MessagingMode) -> Self {
        let bits = match mode {
            MessagingMode::Default => 0,
            MessagingMode::Datagram => 1,
            MessagingMode::Forward => 2,
            MessagingMode::StoreAndForward => 3,
        };
        Self((self.0 & !0x03) | bits)
    }
}

impl From<u8> for EsmClass {
    fn from(v: u8) -> Self {
        Self(v)
    }
}

/// registered_delivery: which receipts and acknowledgements are requested.
///
/// ```
/// use smpp_proto::{RegisteredDelivery, ReceiptRequest};
/// assert_eq!(RegisteredDelivery(0x01).receipt(), ReceiptRequest::Always);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RegisteredDelivery(pub u8);

/// SMSC delivery receipt request, bits 1-0 of registered_delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReceiptRequest {
    /// No receipt.
    None,
    /// Receipt on success or failure.
    Always,
    /// Receipt on failure only.
    OnFailure,
    /// Receipt on success only (5.0; reserved in 3.4).
    OnSuccess,
}

impl RegisteredDelivery {
    /// Request a receipt on final outcome (the usual value, 0x01).
    pub const RECEIPT: Self = Self(0x01);

    /// The SMSC delivery receipt request.
    pub const fn receipt(self) -> ReceiptRequest {
        match self.0 & 0x03 {
            0 => ReceiptRequest::None,
            1 => ReceiptRequest::Always,
            2 => ReceiptRequest::OnFailure,
            _ => ReceiptRequest::OnSuccess,
        }
    }

    /// SME delivery acknowledgement requested (bit 2).
    pub const fn sme_delivery_ack(self) -> bool {
        self.0 & 0x04 != 0
    }

    /// SME manual/user acknowledgement requested (bit 3).
    pub const fn sme_manual_ack(self) -> bool {
        self.0 & 0x08 != 0
    }

    /// Intermediate notification requested (bit 4).
    pub const fn intermediate_notification(self) -> bool {
        self.0 & 0x10 != 0
    }
}

impl From<u8> for RegisteredDelivery {
    fn from(v: u8) -> Self {
        Self(v)
    }
}
