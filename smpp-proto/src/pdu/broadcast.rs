//! The SMPP 5.0 broadcast operations.

use crate::values::{DataCoding, Npi, PriorityFlag, Ton};
use crate::wire::{COctetString, TimeField};

use super::macros::pdu_body;

pdu_body! {
    /// broadcast_sm (5.0, ESME → MC). Requires the broadcast_area_identifier,
    /// broadcast_content_type, broadcast_rep_num and broadcast_frequency_interval TLVs.
    BroadcastSm {
        /// Service type.
        service_type: str COctetString<'a, 6> = ServiceType,
        /// TON of source_addr.
        source_addr_ton: val Ton = SourceAddrTon,
        /// NPI of source_addr.
        source_addr_npi: val Npi = SourceAddrNpi,
        /// The sender.
        source_addr: str COctetString<'a, 21> = SourceAddr,
        /// Empty for a new broadcast; the MC's id of an earlier one to replace it.
        message_id: str COctetString<'a, 65> = MessageId,
        /// Priority.
        priority_flag: val PriorityFlag = PriorityFlag,
        /// When to start.
        schedule_delivery_time: time TimeField = ScheduleDeliveryTime,
        /// When to stop.
        validity_period: time TimeField = ValidityPeriod,
        /// Replace a pending broadcast.
        replace_if_present_flag: val u8 = ReplaceIfPresentFlag,
        /// How the payload is encoded.
        data_coding: val DataCoding = DataCoding,
        /// A canned message id.
        sm_default_msg_id: val u8 = SmDefaultMsgId,
    }
}

pdu_body! {
    /// broadcast_sm_resp: the broadcast's id, plus error TLVs for failed areas.
    BroadcastSmResp {
        /// The MC-assigned id.
        message_id: str COctetString<'a, 65> = MessageId,
    }
}

pdu_body! {
    /// query_broadcast_sm (5.0, ESME → MC).
    QueryBroadcastSm {
        /// The broadcast to query.
        message_id: str COctetString<'a, 65> = MessageId,
        /// TON of source_addr.
        source_addr_ton: val Ton = SourceAddrTon,
        /// NPI of source_addr.
        source_addr_npi: val Npi = SourceAddrNpi,
        /// The original sender.
        source_addr: str COctetString<'a, 21> = SourceAddr,
    }
}

pdu_body! {
    /// query_broadcast_sm_resp. Requires message_state, broadcast_area_identifier and
    /// broadcast_area_success TLVs on success.
    QueryBroadcastSmResp {
        /// The broadcast queried.
        message_id: str COctetString<'a, 65> = MessageId,
    }
}

pdu_body! {
    /// cancel_broadcast_sm (5.0, ESME → MC).
    CancelBroadcastSm {
        /// Service type.
        service_type: str COctetString<'a, 6> = ServiceType,
        /// The broadcast to cancel.
        message_id: str COctetString<'a, 65> = MessageId,
        /// TON of source_addr.
        source_addr_ton: val Ton = SourceAddrTon,
        /// NPI of source_addr.
        source_addr_npi: val Npi = SourceAddrNpi,
        /// The original sender.
        source_addr: str COctetString<'a, 21> = SourceAddr,
    }
}
