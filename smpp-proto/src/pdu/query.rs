//! query_sm, cancel_sm and replace_sm, and query_sm_resp.

use crate::values::{MessageState, Npi, RegisteredDelivery, Ton};
use crate::wire::{COctetString, ShortMessage, TimeField};

use super::macros::pdu_body;

pdu_body! {
    /// query_sm (ESME → SMSC): ask for a message's state.
    QuerySm {
        /// The message to query.
        message_id: str COctetString<'a, 65> = MessageId,
        /// TON of source_addr.
        source_addr_ton: val Ton = SourceAddrTon,
        /// NPI of source_addr.
        source_addr_npi: val Npi = SourceAddrNpi,
        /// The source used when the message was submitted.
        source_addr: str COctetString<'a, 21> = SourceAddr,
    }
}

pdu_body! {
    /// query_sm_resp: the message's state.
    QuerySmResp {
        /// The message queried.
        message_id: str COctetString<'a, 65> = MessageId,
        /// When it reached a final state; empty if not final yet.
        final_date: time TimeField = FinalDate,
        /// Its state.
        message_state: val MessageState = MessageState,
        /// Network-specific error code, if any.
        error_code: val u8 = ErrorCode,
    }
}

pdu_body! {
    /// cancel_sm (ESME → SMSC): cancel one pending message, or all for an address pair.
    CancelSm {
        /// Service type (with an empty message_id: cancel all of this type).
        service_type: str COctetString<'a, 6> = ServiceType,
        /// The message to cancel; empty to cancel by addresses.
        message_id: str COctetString<'a, 65> = MessageId,
        /// TON of source_addr.
        source_addr_ton: val Ton = SourceAddrTon,
        /// NPI of source_addr.
        source_addr_npi: val Npi = SourceAddrNpi,
        /// The source used when the message was submitted.
        source_addr: str COctetString<'a, 21> = SourceAddr,
        /// TON of destination_addr.
        dest_addr_ton: val Ton = DestAddrTon,
        /// NPI of destination_addr.
        dest_addr_npi: val Npi = DestAddrNpi,
        /// The destination (decoding accepts up to 64 characters, as Kannel sends).
        destination_addr: str COctetString<'a, 21, 65> = DestinationAddr,
    }
}

pdu_body! {
    /// replace_sm (ESME → SMSC): replace a pending message.
    ReplaceSm {
        /// The message to replace.
        message_id: str COctetString<'a, 65> = MessageId,
        /// TON of source_addr.
        source_addr_ton: val Ton = SourceAddrTon,
        /// NPI of source_addr.
        source_addr_npi: val Npi = SourceAddrNpi,
        /// Must match the original.
        source_addr: str COctetString<'a, 21> = SourceAddr,
        /// New delivery time; empty keeps the original.
        schedule_delivery_time: time TimeField = ScheduleDeliveryTime,
        /// New validity; empty keeps the original.
        validity_period: time TimeField = ValidityPeriod,
        /// Which receipts are wanted.
        registered_delivery: val RegisteredDelivery = RegisteredDelivery,
        /// A canned message id.
        sm_default_msg_id: val u8 = SmDefaultMsgId,
        /// The new message.
        short_message: bytes ShortMessage<'a> = ShortMessage,
    }
}

pdu_body! {
    /// alert_notification (SMSC → ESME): a mobile is reachable again. No response exists.
    AlertNotification {
        /// TON of the mobile.
        source_addr_ton: val Ton = SourceAddrTon,
        /// NPI of the mobile.
        source_addr_npi: val Npi = SourceAddrNpi,
        /// The mobile.
        source_addr: str COctetString<'a, 65> = SourceAddr,
        /// TON of the ESME that asked.
        esme_addr_ton: val Ton = EsmeAddrTon,
        /// NPI of the ESME that asked.
        esme_addr_npi: val Npi = EsmeAddrNpi,
        /// The ESME that asked.
        esme_addr: str COctetString<'a, 65> = EsmeAddr,
    }
}

pdu_body! {
    /// The body of the PDUs that are a bare header: enquire_link(_resp), unbind(_resp),
    /// generic_nack, cancel_sm_resp, replace_sm_resp, cancel_broadcast_sm_resp.
    /// Kept TLVs (5.0 allows congestion_state) make it more than a unit.
    HeaderOnly {}
}

impl HeaderOnly<'_> {
    /// A bare header body with no TLVs.
    pub const EMPTY_BODY: Self = Self {
        tlvs: crate::Tlvs::EMPTY,
    };
}
