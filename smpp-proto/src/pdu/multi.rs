//! submit_multi and submit_multi_resp with their dest_address and unsuccess_sme lists.

use crate::error::{Field, ParseError, ParseErrorKind};
use crate::values::{
    CommandStatus, DataCoding, EsmClass, Npi, PriorityFlag, RegisteredDelivery, Ton,
};
use crate::wire::{COctetString, Reader, ShortMessage, TimeField, Wire, Writer, wire_list};

use super::macros::pdu_body;

/// One destination of a submit_multi.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DestAddress<'a> {
    /// dest_flag 1: an SME address.
    Sme {
        /// TON.
        dest_addr_ton: Ton,
        /// NPI.
        dest_addr_npi: Npi,
        /// The address.
        destination_addr: COctetString<'a, 21>,
    },
    /// dest_flag 2: a distribution list held by the SMSC.
    DistributionList {
        /// The list's name.
        dl_name: COctetString<'a, 21>,
    },
}

impl<'a> DestAddress<'a> {
    pub(crate) fn read(r: &mut Reader<'a>) -> Result<Self, ParseError> {
        let at = r.offset();
        match r.u8(Field::DestFlag)? {
            1 => Ok(Self::Sme {
                dest_addr_ton: Wire::read(r, Field::DestAddrTon)?,
                dest_addr_npi: Wire::read(r, Field::DestAddrNpi)?,
                destination_addr: Wire::read(r, Field::DestinationAddr)?,
            }),
            2 => Ok(Self::DistributionList {
                dl_name: Wire::read(r, Field::DlName)?,
            }),
            _ => Err(ParseError::new(
                ParseErrorKind::InvalidValue,
                Field::DestFlag,
                at,
            )),
        }
    }

    pub(crate) fn wire_len(&self) -> usize {
        match self {
            Self::Sme {
                destination_addr, ..
            } => 3 + destination_addr.wire_len(),
            Self::DistributionList { dl_name } => 1 + dl_name.wire_len(),
        }
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        match self {
            Self::Sme {
                dest_addr_ton,
                dest_addr_npi,
                destination_addr,
            } => {
                w.u8(1);
                w.u8(dest_addr_ton.0);
                w.u8(dest_addr_npi.0);
                destination_addr.write(w);
            }
            Self::DistributionList { dl_name } => {
                w.u8(2);
                dl_name.write(w);
            }
        }
    }
}

/// One destination a submit_multi could not reach, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnsuccessSme<'a> {
    /// TON.
    pub dest_addr_ton: Ton,
    /// NPI.
    pub dest_addr_npi: Npi,
    /// The address.
    pub destination_addr: COctetString<'a, 21>,
    /// Why it failed.
    pub error_status_code: CommandStatus,
}

impl<'a> UnsuccessSme<'a> {
    pub(crate) fn read(r: &mut Reader<'a>) -> Result<Self, ParseError> {
        Ok(Self {
            dest_addr_ton: Wire::read(r, Field::DestAddrTon)?,
            dest_addr_npi: Wire::read(r, Field::DestAddrNpi)?,
            destination_addr: Wire::read(r, Field::DestinationAddr)?,
            error_status_code: Wire::read(r, Field::ErrorStatusCode)?,
        })
    }

    pub(crate) fn wire_len(&self) -> usize {
        2 + self.destination_addr.wire_len() + 4
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) {
        w.u8(self.dest_addr_ton.0);
        w.u8(self.dest_addr_npi.0);
        self.destination_addr.write(w);
        w.u32(self.error_status_code.0);
    }
}

wire_list!(
    /// submit_multi's destinations (number_of_dests and its dest_address entries).
    DestAddresses,
    DestAddress,
    Field::NumberOfDests
);

wire_list!(
    /// submit_multi_resp's failed destinations (no_unsuccess and its unsuccess_sme entries).
    UnsuccessSmes,
    UnsuccessSme,
    Field::NoUnsuccess
);

pdu_body! {
    /// submit_multi (ESME → SMSC): one message to up to 255 destinations.
    SubmitMulti {
        /// Service type.
        service_type: str COctetString<'a, 6> = ServiceType,
        /// TON of source_addr.
        source_addr_ton: val Ton = SourceAddrTon,
        /// NPI of source_addr.
        source_addr_npi: val Npi = SourceAddrNpi,
        /// The sender.
        source_addr: str COctetString<'a, 21> = SourceAddr,
        /// The destinations (number_of_dests is their count).
        dest_addresses: val DestAddresses<'a> = NumberOfDests,
        /// Messaging mode, message type and UDHI.
        esm_class: val EsmClass = EsmClass,
        /// GSM TP-PID.
        protocol_id: val u8 = ProtocolId,
        /// Priority.
        priority_flag: val PriorityFlag = PriorityFlag,
        /// When to deliver.
        schedule_delivery_time: time TimeField = ScheduleDeliveryTime,
        /// When to give up.
        validity_period: time TimeField = ValidityPeriod,
        /// Which receipts are wanted.
        registered_delivery: val RegisteredDelivery = RegisteredDelivery,
        /// Replace a pending message.
        replace_if_present_flag: val u8 = ReplaceIfPresentFlag,
        /// How short_message is encoded.
        data_coding: val DataCoding = DataCoding,
        /// A canned message id.
        sm_default_msg_id: val u8 = SmDefaultMsgId,
        /// The message.
        short_message: bytes ShortMessage<'a> = ShortMessage,
    }
}

pdu_body! {
    /// submit_multi_resp: the message id and the destinations that failed.
    SubmitMultiResp {
        /// The SMSC-assigned message id.
        message_id: str COctetString<'a, 65> = MessageId,
        /// Failed destinations (no_unsuccess is their count).
        unsuccess_smes: val UnsuccessSmes<'a> = NoUnsuccess,
    }
}
