//! submit_sm and deliver_sm (the same eighteen fields), data_sm, and their responses.

use crate::values::{DataCoding, EsmClass, Npi, PriorityFlag, RegisteredDelivery, Ton};
use crate::wire::{COctetString, Reader, ShortMessage, TimeField, Wire};

use super::macros::pdu_body;

/// Defines a body with the eighteen short-message fields shared by submit_sm and deliver_sm.
macro_rules! short_message_body {
    ($(#[$m:meta])* $name:ident) => {
        pdu_body! {
            @read_fast_by_hand
            $(#[$m])*
            $name {
                /// "" for the default, or CMT, CPT, VMN, VMA, WAP, USSD, ...
                service_type: str COctetString<'a, 6> = ServiceType,
                /// TON of source_addr.
                source_addr_ton: val Ton = SourceAddrTon,
                /// NPI of source_addr.
                source_addr_npi: val Npi = SourceAddrNpi,
                /// The sender.
                source_addr: str COctetString<'a, 21> = SourceAddr,
                /// TON of destination_addr.
                dest_addr_ton: val Ton = DestAddrTon,
                /// NPI of destination_addr.
                dest_addr_npi: val Npi = DestAddrNpi,
                /// The recipient.
                destination_addr: str COctetString<'a, 21> = DestinationAddr,
                /// Messaging mode, message type and UDHI.
                esm_class: val EsmClass = EsmClass,
                /// GSM TP-PID.
                protocol_id: val u8 = ProtocolId,
                /// Priority.
                priority_flag: val PriorityFlag = PriorityFlag,
                /// When to deliver; empty for now.
                schedule_delivery_time: time TimeField = ScheduleDeliveryTime,
                /// When to give up; empty for the SMSC default.
                validity_period: time TimeField = ValidityPeriod,
                /// Which receipts are wanted.
                registered_delivery: val RegisteredDelivery = RegisteredDelivery,
                /// 1 to replace a pending message with the same source, destination and service_type.
                replace_if_present_flag: val u8 = ReplaceIfPresentFlag,
                /// How short_message is encoded.
                data_coding: val DataCoding = DataCoding,
                /// A canned message id; 0 for none.
                sm_default_msg_id: val u8 = SmDefaultMsgId,
                /// The message (with sm_length on the wire); empty when message_payload is used.
                short_message: bytes ShortMessage<'a> = ShortMessage,
            }
        }

        impl<'a> $name<'a> {
            /// The fast-path reader, by hand: each run of one-octet fields is read as one array
            /// (one bounds check, one register, and one store into the result) instead of
            /// field by field. It accepts exactly what the field-by-field reader does.
            #[inline(always)]
            pub(crate) fn read_fast(r: &mut Reader<'a>) -> Option<Self> {
                let service_type = Wire::read_fast(r)?;
                let [source_ton, source_npi] = r.array_fast::<2>()?;
                let source_addr = Wire::read_fast(r)?;
                let [dest_ton, dest_npi] = r.array_fast::<2>()?;
                let destination_addr = Wire::read_fast(r)?;
                let [esm_class, protocol_id, priority_flag] = r.array_fast::<3>()?;
                let schedule_delivery_time = Wire::read_fast(r)?;
                let validity_period = Wire::read_fast(r)?;
                let [registered, replace_if_present, data_coding, default_msg_id] =
                    r.array_fast::<4>()?;
                let short_message = Wire::read_fast(r)?;
                let tlvs = Wire::read_fast(r)?;
                Some(Self {
                    service_type,
                    source_addr_ton: Ton(source_ton),
                    source_addr_npi: Npi(source_npi),
                    source_addr,
                    dest_addr_ton: Ton(dest_ton),
                    dest_addr_npi: Npi(dest_npi),
                    destination_addr,
                    esm_class: EsmClass(esm_class),
                    protocol_id,
                    priority_flag: PriorityFlag(priority_flag),
                    schedule_delivery_time,
                    validity_period,
                    registered_delivery: RegisteredDelivery(registered),
                    replace_if_present_flag: replace_if_present,
                    data_coding: DataCoding(data_coding),
                    sm_default_msg_id: default_msg_id,
                    short_message,
                    tlvs,
                })
            }

            /// The user data: short_message, or the message_payload TLV when short_message is empty.
            pub fn message(&self) -> &'a [u8] {
                match self.tlvs.message_payload() {
                    Some(p) if self.short_message.is_empty() => p,
                    _ => self.short_message.as_bytes(),
                }
            }
        }
    };
}

short_message_body! {
    /// submit_sm (ESME → SMSC): send one short message.
    ///
    /// ```
    /// use smpp_proto::{SubmitSm, Ton, Npi, RegisteredDelivery};
    /// let sm = SubmitSm::new()
    ///     .source_addr_ton(Ton::ALPHANUMERIC)
    ///     .source_addr("SENDER")?
    ///     .dest_addr_ton(Ton::INTERNATIONAL)
    ///     .dest_addr_npi(Npi::ISDN)
    ///     .destination_addr("61481076483")?
    ///     .registered_delivery(RegisteredDelivery::RECEIPT)
    ///     .short_message(b"Hello")?;
    /// assert_eq!(sm.message(), b"Hello");
    /// assert!(SubmitSm::new().short_message(&[0; 255]).is_err());
    /// # Ok::<(), smpp_proto::FieldError>(())
    /// ```
    SubmitSm
}

short_message_body! {
    /// deliver_sm (SMSC → ESME): a mobile-originated message or a delivery receipt.
    DeliverSm
}

pdu_body! {
    /// submit_sm_resp: the SMSC's id for the message (empty when refused).
    SubmitSmResp {
        /// The SMSC-assigned message id.
        message_id: str COctetString<'a, 65> = MessageId,
    }
}

pdu_body! {
    /// deliver_sm_resp: message_id is unused and normally empty.
    DeliverSmResp {
        /// Unused; empty.
        message_id: str COctetString<'a, 65> = MessageId,
    }
}

pdu_body! {
    /// data_sm (either direction): user data travels in the message_payload TLV.
    DataSm {
        /// Service type.
        service_type: str COctetString<'a, 6> = ServiceType,
        /// TON of source_addr.
        source_addr_ton: val Ton = SourceAddrTon,
        /// NPI of source_addr.
        source_addr_npi: val Npi = SourceAddrNpi,
        /// The sender (up to 64 characters in data_sm).
        source_addr: str COctetString<'a, 65> = SourceAddr,
        /// TON of destination_addr.
        dest_addr_ton: val Ton = DestAddrTon,
        /// NPI of destination_addr.
        dest_addr_npi: val Npi = DestAddrNpi,
        /// The recipient (up to 64 characters in data_sm).
        destination_addr: str COctetString<'a, 65> = DestinationAddr,
        /// Messaging mode, message type and UDHI.
        esm_class: val EsmClass = EsmClass,
        /// Which receipts are wanted.
        registered_delivery: val RegisteredDelivery = RegisteredDelivery,
        /// How the payload is encoded.
        data_coding: val DataCoding = DataCoding,
    }
}

pdu_body! {
    /// data_sm_resp: the message id, plus diagnostic TLVs.
    DataSmResp {
        /// The message id.
        message_id: str COctetString<'a, 65> = MessageId,
    }
}
