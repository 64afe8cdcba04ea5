//! command_id: every SMPP 3.4 and 5.0 operation, with unknown ids kept raw.

use core::fmt;

macro_rules! command_ids {
    ($( $variant:ident = $code:literal, $name:literal; )*) => {
        /// An SMPP operation. Unknown ids (vendor PDUs, reserved ranges) are kept in `Other`.
        ///
        /// ```
        /// use smpp_proto::CommandId;
        /// assert_eq!(CommandId::from(0x8000_0004), CommandId::SubmitSmResp);
        /// assert_eq!(CommandId::SubmitSm.response(), Some(CommandId::SubmitSmResp));
        /// assert_eq!(CommandId::from(0x0001_0200), CommandId::Other(0x0001_0200));
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CommandId {
            $(
                #[doc = concat!("`", $name, "` (", stringify!($code), ")")]
                $variant,
            )*
            /// Any id this crate does not know.
            Other(u32),
        }

        impl CommandId {
            /// The numeric id.
            #[inline]
            pub const fn as_u32(self) -> u32 {
                match self {
                    $( Self::$variant => $code, )*
                    Self::Other(v) => v,
                }
            }

            /// The id for a number; unknown numbers become `Other`.
            #[inline(always)]
            pub const fn from_u32(v: u32) -> Self {
                match v {
                    $( $code => Self::$variant, )*
                    other => Self::Other(other),
                }
            }

            /// The spec's name, e.g. `submit_sm_resp`.
            pub const fn name(self) -> &'static str {
                match self {
                    $( Self::$variant => $name, )*
                    Self::Other(_) => "unknown",
                }
            }
        }
    };
}

command_ids! {
    GenericNack = 0x8000_0000, "generic_nack";
    BindReceiver = 0x0000_0001, "bind_receiver";
    BindReceiverResp = 0x8000_0001, "bind_receiver_resp";
    BindTransmitter = 0x0000_0002, "bind_transmitter";
    BindTransmitterResp = 0x8000_0002, "bind_transmitter_resp";
    QuerySm = 0x0000_0003, "query_sm";
    QuerySmResp = 0x8000_0003, "query_sm_resp";
    SubmitSm = 0x0000_0004, "submit_sm";
    SubmitSmResp = 0x8000_0004, "submit_sm_resp";
    DeliverSm = 0x0000_0005, "deliver_sm";
    DeliverSmResp = 0x8000_0005, "deliver_sm_resp";
    Unbind = 0x0000_0006, "unbind";
    UnbindResp = 0x8000_0006, "unbind_resp";
    ReplaceSm = 0x0000_0007, "replace_sm";
    ReplaceSmResp = 0x8000_0007, "replace_sm_resp";
    CancelSm = 0x0000_0008, "cancel_sm";
    CancelSmResp = 0x8000_0008, "cancel_sm_resp";
    BindTransceiver = 0x0000_0009, "bind_transceiver";
    BindTransceiverResp = 0x8000_0009, "bind_transceiver_resp";
    Outbind = 0x0000_000B, "outbind";
    EnquireLink = 0x0000_0015, "enquire_link";
    EnquireLinkResp = 0x8000_0015, "enquire_link_resp";
    SubmitMulti = 0x0000_0021, "submit_multi";
    SubmitMultiResp = 0x8000_0021, "submit_multi_resp";
    AlertNotification = 0x0000_0102, "alert_notification";
    DataSm = 0x0000_0103, "data_sm";
    DataSmResp = 0x8000_0103, "data_sm_resp";
    BroadcastSm = 0x0000_0111, "broadcast_sm";
    BroadcastSmResp = 0x8000_0111, "broadcast_sm_resp";
    QueryBroadcastSm = 0x0000_0112, "query_broadcast_sm";
    QueryBroadcastSmResp = 0x8000_0112, "query_broadcast_sm_resp";
    CancelBroadcastSm = 0x0000_0113, "cancel_broadcast_sm";
    CancelBroadcastSmResp = 0x8000_0113, "cancel_broadcast_sm_resp";
}

impl CommandId {
    /// True when the response bit (0x80000000) is set.
    pub const fn is_response(self) -> bool {
        self.as_u32() & 0x8000_0000 != 0
    }

    /// The response id for a request that has one (outbind and alert_notification have none).
    pub const fn response(self) -> Option<Self> {
        match self {
            Self::Outbind | Self::AlertNotification | Self::Other(_) => None,
            _ if self.is_response() => None,
            _ => Some(Self::from_u32(self.as_u32() | 0x8000_0000)),
        }
    }

    /// The request id a response answers (None for generic_nack and requests).
    pub const fn request(self) -> Option<Self> {
        match self {
            Self::GenericNack | Self::Other(_) => None,
            _ if !self.is_response() => None,
            _ => Some(Self::from_u32(self.as_u32() & 0x7FFF_FFFF)),
        }
    }
}

impl From<u32> for CommandId {
    fn from(v: u32) -> Self {
        Self::from_u32(v)
    }
}

impl From<CommandId> for u32 {
    fn from(v: CommandId) -> Self {
        v.as_u32()
    }
}

impl fmt::Display for CommandId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Other(v) => write!(f, "command 0x{v:08X}"),
            _ => f.write_str(self.name()),
        }
    }
}

#[cfg(test)]
impl CommandId {
    pub(crate) const ALL_FOR_TEST: &'static [u32] = &[
        0x8000_0000,
        1,
        0x8000_0001,
        2,
        0x8000_0002,
        3,
        0x8000_0003,
        4,
        0x8000_0004,
        5,
        0x8000_0005,
        6,
        0x8000_0006,
        7,
        0x8000_0007,
        8,
        0x8000_0008,
        9,
        0x8000_0009,
        0xB,
        0x15,
        0x8000_0015,
        0x21,
        0x8000_0021,
        0x102,
        0x103,
        0x8000_0103,
        0x111,
        0x8000_0111,
        0x112,
        0x8000_0112,
        0x113,
        0x8000_0113,
        0x0001_0200,
    ];
}
