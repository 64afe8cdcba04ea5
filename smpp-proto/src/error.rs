//! Error types: framing, parsing, encoding and building. All are small and `Copy`.

use core::fmt;

use crate::values::CommandStatus;

/// Names every field of every PDU, so that an error can say which one was wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[allow(missing_docs)] // each variant is the spec's field name of the same spelling
pub enum Field {
    CommandLength,
    CommandId,
    SystemId,
    Password,
    SystemType,
    InterfaceVersion,
    AddrTon,
    AddrNpi,
    AddressRange,
    ServiceType,
    SourceAddrTon,
    SourceAddrNpi,
    SourceAddr,
    DestAddrTon,
    DestAddrNpi,
    DestinationAddr,
    EsmClass,
    ProtocolId,
    PriorityFlag,
    ScheduleDeliveryTime,
    ValidityPeriod,
    RegisteredDelivery,
    ReplaceIfPresentFlag,
    DataCoding,
    SmDefaultMsgId,
    SmLength,
    ShortMessage,
    MessageId,
    FinalDate,
    MessageState,
    ErrorCode,
    NumberOfDests,
    DestFlag,
    DlName,
    NoUnsuccess,
    ErrorStatusCode,
    EsmeAddrTon,
    EsmeAddrNpi,
    EsmeAddr,
    /// The optional-parameter (TLV) area as a whole.
    Tlvs,
    /// One TLV, by tag.
    Tlv(u16),
}

impl Field {
    /// The field's name as the SMPP specification spells it.
    pub const fn name(self) -> &'static str {
        match self {
            Self::CommandLength => "command_length",
            Self::CommandId => "command_id",
            Self::SystemId => "system_id",
            Self::Password => "password",
            Self::SystemType => "system_type",
            Self::InterfaceVersion => "interface_version",
            Self::AddrTon => "addr_ton",
            Self::AddrNpi => "addr_npi",
            Self::AddressRange => "address_range",
            Self::ServiceType => "service_type",
            Self::SourceAddrTon => "source_addr_ton",
            Self::SourceAddrNpi => "source_addr_npi",
            Self::SourceAddr => "source_addr",
            Self::DestAddrTon => "dest_addr_ton",
            Self::DestAddrNpi => "dest_addr_npi",
            Self::DestinationAddr => "destination_addr",
            Self::EsmClass => "esm_class",
            Self::ProtocolId => "protocol_id",
            Self::PriorityFlag => "priority_flag",
            Self::ScheduleDeliveryTime => "schedule_delivery_time",
            Self::ValidityPeriod => "validity_period",
            Self::RegisteredDelivery => "registered_delivery",
            Self::ReplaceIfPresentFlag => "replace_if_present_flag",
            Self::DataCoding => "data_coding",
            Self::SmDefaultMsgId => "sm_default_msg_id",
            Self::SmLength => "sm_length",
            Self::ShortMessage => "short_message",
            Self::MessageId => "message_id",
            Self::FinalDate => "final_date",
            Self::MessageState => "message_state",
            Self::ErrorCode => "error_code",
            Self::NumberOfDests => "number_of_dests",
            Self::DestFlag => "dest_flag",
            Self::DlName => "dl_name",
            Self::NoUnsuccess => "no_unsuccess",
            Self::ErrorStatusCode => "error_status_code",
            Self::EsmeAddrTon => "esme_addr_ton",
            Self::EsmeAddrNpi => "esme_addr_npi",
            Self::EsmeAddr => "esme_addr",
            Self::Tlvs => "tlvs",
            Self::Tlv(tag) => crate::tlv::TlvTag(tag).name_or("tlv"),
        }
    }

    /// The command_status a peer should receive when this field is invalid (SMPP.md §2.4).
    pub const fn invalid_status(self) -> CommandStatus {
        match self {
            Self::CommandLength => CommandStatus::ESME_RINVCMDLEN,
            Self::CommandId => CommandStatus::ESME_RINVCMDID,
            Self::SystemId => CommandStatus::ESME_RINVSYSID,
            Self::Password => CommandStatus::ESME_RINVPASWD,
            Self::SystemType => CommandStatus::ESME_RINVSYSTYP,
            Self::ServiceType => CommandStatus::ESME_RINVSERTYP,
            Self::SourceAddrTon | Self::EsmeAddrTon => CommandStatus::ESME_RINVSRCTON,
            Self::SourceAddrNpi | Self::EsmeAddrNpi => CommandStatus::ESME_RINVSRCNPI,
            Self::SourceAddr | Self::EsmeAddr | Self::AddressRange => {
                CommandStatus::ESME_RINVSRCADR
            }
            Self::DestAddrTon | Self::AddrTon => CommandStatus::ESME_RINVDSTTON,
            Self::DestAddrNpi | Self::AddrNpi => CommandStatus::ESME_RINVDSTNPI,
            Self::DestinationAddr => CommandStatus::ESME_RINVDSTADR,
            Self::EsmClass => CommandStatus::ESME_RINVESMCLASS,
            Self::PriorityFlag => CommandStatus::ESME_RINVPRTFLG,
            Self::ScheduleDeliveryTime => CommandStatus::ESME_RINVSCHED,
            Self::ValidityPeriod => CommandStatus::ESME_RINVEXPIRY,
            Self::RegisteredDelivery => CommandStatus::ESME_RINVREGDLVFLG,
            Self::ReplaceIfPresentFlag => CommandStatus::ESME_RINVREPFLAG,
            Self::DataCoding => CommandStatus::ESME_RINVDCS,
            Self::SmDefaultMsgId => CommandStatus::ESME_RINVDFTMSGID,
            Self::SmLength | Self::ShortMessage => CommandStatus::ESME_RINVMSGLEN,
            Self::MessageId => CommandStatus::ESME_RINVMSGID,
            Self::NumberOfDests => CommandStatus::ESME_RINVNUMDESTS,
            Self::DestFlag => CommandStatus::ESME_RINVDESTFLAG,
            Self::DlName => CommandStatus::ESME_RINVDLNAME,
            Self::Tlvs => CommandStatus::ESME_RINVTLVSTREAM,
            Self::Tlv(_) => CommandStatus::ESME_RINVTLVVAL,
            Self::InterfaceVersion
            | Self::ProtocolId
            | Self::FinalDate
            | Self::MessageState
            | Self::ErrorCode
            | Self::NoUnsuccess
            | Self::ErrorStatusCode => CommandStatus::ESME_RSYSERR,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Tlv(tag) => write!(f, "{} (TLV 0x{tag:04X})", self.name()),
            _ => f.write_str(self.name()),
        }
    }
}

/// A command_length that makes the byte stream untrustworthy; decided from the header alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FrameError {
    /// command_length is below the 16-octet header size.
    LengthTooShort {
        /// The value that was read.
        command_length: u32,
    },
    /// command_length exceeds the configured maximum.
    LengthTooLong {
        /// The value that was read.
        command_length: u32,
        /// The configured maximum.
        max: u32,
    },
}

impl FrameError {
    /// The status to send in a generic_nack before closing: always ESME_RINVCMDLEN.
    pub const fn command_status(&self) -> CommandStatus {
        CommandStatus::ESME_RINVCMDLEN
    }
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LengthTooShort { command_length } => {
                write!(
                    f,
                    "command_length {command_length} is below the 16-octet header"
                )
            }
            Self::LengthTooLong {
                command_length,
                max,
            } => {
                write!(
                    f,
                    "command_length {command_length} exceeds the maximum of {max}"
                )
            }
        }
    }
}

impl core::error::Error for FrameError {}

/// What went wrong while parsing a PDU.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The frame is shorter than 16 octets or than its command_length says.
    Frame,
    /// The body ended before this field was complete.
    Truncated,
    /// A C-octet string had no NUL within its maximum size.
    TooLong {
        /// Maximum size including the NUL.
        max: u16,
    },
    /// The field holds a value the specification does not allow.
    InvalidValue,
    /// Bytes remain after the last field that do not form a TLV.
    TrailingBytes,
    /// A TLV's declared length runs past the end of the PDU.
    TlvOverrun,
    /// A known TLV has a length its definition does not allow.
    TlvLength {
        /// The length that was read.
        len: u16,
    },
    /// A TLV that this PDU requires is absent.
    MissingTlv,
}

/// A PDU that could not be parsed: what, which field, where, and what to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    kind: ParseErrorKind,
    field: Field,
    offset: u32,
    sequence_number: Option<u32>,
    command_id: Option<u32>,
}

impl ParseError {
    #[inline]
    pub(crate) const fn new(kind: ParseErrorKind, field: Field, offset: usize) -> Self {
        Self {
            kind,
            field,
            offset: offset as u32,
            sequence_number: None,
            command_id: None,
        }
    }

    pub(crate) const fn with_header(mut self, command_id: u32, sequence_number: u32) -> Self {
        self.command_id = Some(command_id);
        self.sequence_number = Some(sequence_number);
        self
    }

    /// What went wrong.
    pub const fn kind(&self) -> ParseErrorKind {
        self.kind
    }

    /// The field that was being read.
    pub const fn field(&self) -> Field {
        self.field
    }

    /// Byte offset of the field from the start of the PDU (the header starts at 0).
    pub const fn offset(&self) -> usize {
        self.offset as usize
    }

    /// The offending PDU's sequence_number, when the header was readable (echo it in the answer).
    pub const fn sequence_number(&self) -> Option<u32> {
        self.sequence_number
    }

    /// The offending PDU's command_id, when the header was readable.
    pub const fn command_id(&self) -> Option<u32> {
        self.command_id
    }

    /// The command_status the peer should receive in the response (or generic_nack).
    pub const fn command_status(&self) -> CommandStatus {
        match self.kind {
            ParseErrorKind::Frame | ParseErrorKind::Truncated => CommandStatus::ESME_RINVCMDLEN,
            ParseErrorKind::TrailingBytes | ParseErrorKind::TlvOverrun => {
                CommandStatus::ESME_RINVTLVSTREAM
            }
            ParseErrorKind::TlvLength { .. } => CommandStatus::ESME_RINVTLVLEN,
            ParseErrorKind::MissingTlv => CommandStatus::ESME_RMISSINGTLV,
            ParseErrorKind::TooLong { .. } | ParseErrorKind::InvalidValue => {
                self.field.invalid_status()
            }
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (field, offset) = (self.field, self.offset);
        match self.kind {
            ParseErrorKind::Frame => write!(f, "frame shorter than its command_length"),
            ParseErrorKind::Truncated => write!(f, "{field} truncated at offset {offset}"),
            ParseErrorKind::TooLong { max } => write!(
                f,
                "{field} at offset {offset} has no NUL within its {max} octets"
            ),
            ParseErrorKind::InvalidValue => write!(f, "{field} at offset {offset} is invalid"),
            ParseErrorKind::TrailingBytes => {
                write!(f, "trailing bytes at offset {offset} are not a TLV")
            }
            ParseErrorKind::TlvOverrun => {
                write!(f, "{field} at offset {offset} runs past the end of the PDU")
            }
            ParseErrorKind::TlvLength { len } => {
                write!(f, "{field} at offset {offset} has invalid length {len}")
            }
            ParseErrorKind::MissingTlv => write!(f, "required {field} is missing"),
        }?;
        write!(f, " ({})", self.command_status())
    }
}

impl core::error::Error for ParseError {}

/// A field value that does not fit the field's definition, refused when the PDU is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    /// The field.
    pub field: Field,
    /// The length that was offered (octets, without the NUL for C-octet strings).
    pub len: usize,
    /// The largest allowed length (octets, without the NUL for C-octet strings).
    pub max: usize,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is {} octets long; at most {} are allowed",
            self.field, self.len, self.max
        )
    }
}

impl core::error::Error for FieldError {}

/// Encoding failed; the output buffer was left untouched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// The buffer is too small; `required` is the exact encoded length.
    BufferTooSmall {
        /// Octets needed.
        required: usize,
    },
    /// The encoded PDU would be longer than a command_length can say (over 4 GiB).
    TooLarge,
    /// A list has more entries than its one-octet count can say.
    TooManyEntries {
        /// The count field (number_of_dests or no_unsuccess).
        field: Field,
        /// Entries given.
        len: usize,
        /// Most entries allowed.
        max: usize,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BufferTooSmall { required } => {
                write!(f, "output buffer too small: {required} octets required")
            }
            Self::TooLarge => f.write_str("PDU too large for a 32-bit command_length"),
            Self::TooManyEntries { field, len, max } => {
                write!(f, "{field}: {len} entries given; at most {max} fit")
            }
        }
    }
}

impl core::error::Error for EncodeError {}
