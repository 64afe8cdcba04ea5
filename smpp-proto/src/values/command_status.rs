//! command_status: every SMPP 3.4 and 5.0 code, with vendor codes kept raw.

use core::fmt;

/// A command_status value. An open set: vendor codes (0x400–0x4FF) and unknown values are kept.
///
/// ```
/// use smpp_proto::CommandStatus;
/// let s = CommandStatus::ESME_RTHROTTLED;
/// assert_eq!(s.0, 0x58);
/// assert_eq!(s.name(), Some("ESME_RTHROTTLED"));
/// assert_eq!(CommandStatus(0x401).name(), None);
/// assert!(CommandStatus(0x401).is_vendor_specific());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct CommandStatus(pub u32);

macro_rules! statuses {
    ($( $name:ident = $code:literal, $desc:literal; )*) => {
        impl CommandStatus {
            $(
                #[doc = $desc]
                pub const $name: Self = Self($code);
            )*

            /// The spec's mnemonic for a known code.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $code => Some(stringify!($name)), )*
                    _ => None,
                }
            }

            /// A short description of a known code.
            pub const fn description(self) -> Option<&'static str> {
                match self.0 {
                    $( $code => Some($desc), )*
                    _ => None,
                }
            }

            /// Every code this crate knows, in numeric order.
            pub const ALL: &'static [Self] = &[$( Self::$name, )*];
        }
    };
}

statuses! {
    ESME_ROK = 0x00, "Success.";
    ESME_RINVMSGLEN = 0x01, "Message length is invalid.";
    ESME_RINVCMDLEN = 0x02, "Command length is invalid.";
    ESME_RINVCMDID = 0x03, "Invalid command ID.";
    ESME_RINVBNDSTS = 0x04, "Incorrect bind status for the given command.";
    ESME_RALYBND = 0x05, "ESME already in bound state.";
    ESME_RINVPRTFLG = 0x06, "Invalid priority flag.";
    ESME_RINVREGDLVFLG = 0x07, "Invalid registered delivery flag.";
    ESME_RSYSERR = 0x08, "System error.";
    ESME_RINVSRCADR = 0x0A, "Invalid source address.";
    ESME_RINVDSTADR = 0x0B, "Invalid destination address.";
    ESME_RINVMSGID = 0x0C, "Message ID is invalid.";
    ESME_RBINDFAIL = 0x0D, "Bind failed.";
    ESME_RINVPASWD = 0x0E, "Invalid password.";
    ESME_RINVSYSID = 0x0F, "Invalid system ID.";
    ESME_RCANCELFAIL = 0x11, "cancel_sm failed.";
    ESME_RREPLACEFAIL = 0x13, "replace_sm failed.";
    ESME_RMSGQFUL = 0x14, "Message queue full.";
    ESME_RINVSERTYP = 0x15, "Invalid service type.";
    ESME_RINVNUMDESTS = 0x33, "Invalid number of destinations.";
    ESME_RINVDLNAME = 0x34, "Invalid distribution list name.";
    ESME_RINVDESTFLAG = 0x40, "Destination flag is invalid (submit_multi).";
    ESME_RINVSUBREP = 0x42, "Invalid 'submit with replace' request.";
    ESME_RINVESMCLASS = 0x43, "Invalid esm_class field data.";
    ESME_RCNTSUBDL = 0x44, "Cannot submit to distribution list.";
    ESME_RSUBMITFAIL = 0x45, "submit_sm or submit_multi failed.";
    ESME_RINVSRCTON = 0x48, "Invalid source address TON.";
    ESME_RINVSRCNPI = 0x49, "Invalid source address NPI.";
    ESME_RINVDSTTON = 0x50, "Invalid destination address TON.";
    ESME_RINVDSTNPI = 0x51, "Invalid destination address NPI.";
    ESME_RINVSYSTYP = 0x53, "Invalid system_type field.";
    ESME_RINVREPFLAG = 0x54, "Invalid replace_if_present flag.";
    ESME_RINVNUMMSGS = 0x55, "Invalid number of messages.";
    ESME_RTHROTTLED = 0x58, "Throttling error (ESME has exceeded allowed message limits).";
    ESME_RINVSCHED = 0x61, "Invalid scheduled delivery time.";
    ESME_RINVEXPIRY = 0x62, "Invalid message validity period (expiry time).";
    ESME_RINVDFTMSGID = 0x63, "Predefined message invalid or not found.";
    ESME_RX_T_APPN = 0x64, "ESME receiver temporary application error.";
    ESME_RX_P_APPN = 0x65, "ESME receiver permanent application error.";
    ESME_RX_R_APPN = 0x66, "ESME receiver reject message error.";
    ESME_RQUERYFAIL = 0x67, "query_sm request failed.";
    ESME_RINVTLVSTREAM = 0xC0, "Error in the optional part of the PDU body (3.4: ESME_RINVOPTPARSTREAM).";
    ESME_RTLVNOTALLWD = 0xC1, "TLV not allowed (3.4: ESME_ROPTPARNOTALLWD).";
    ESME_RINVTLVLEN = 0xC2, "Invalid parameter length (3.4: ESME_RINVPARLEN).";
    ESME_RMISSINGTLV = 0xC3, "Expected TLV missing (3.4: ESME_RMISSINGOPTPARAM).";
    ESME_RINVTLVVAL = 0xC4, "Invalid TLV value (3.4: ESME_RINVOPTPARAMVAL).";
    ESME_RDELIVERYFAILURE = 0xFE, "Transaction delivery failure (data_sm_resp).";
    ESME_RUNKNOWNERR = 0xFF, "Unknown error.";
    ESME_RSERTYPUNAUTH = 0x100, "ESME not authorised to use the specified service_type.";
    ESME_RPROHIBITED = 0x101, "ESME prohibited from using the specified operation.";
    ESME_RSERTYPUNAVAIL = 0x102, "Specified service_type is unavailable.";
    ESME_RSERTYPDENIED = 0x103, "Specified service_type is denied.";
    ESME_RINVDCS = 0x104, "Invalid data coding scheme.";
    ESME_RINVSRCADDRSUBUNIT = 0x105, "Source address subunit is invalid.";
    ESME_RINVDSTADDRSUBUNIT = 0x106, "Destination address subunit is invalid.";
    ESME_RINVBCASTFREQINT = 0x107, "Broadcast frequency interval is invalid.";
    ESME_RINVBCASTALIAS_NAME = 0x108, "Broadcast alias name is invalid.";
    ESME_RINVBCASTAREAFMT = 0x109, "Broadcast area format is invalid.";
    ESME_RINVNUMBCAST_AREAS = 0x10A, "Number of broadcast areas is invalid.";
    ESME_RINVBCASTCNTTYPE = 0x10B, "Broadcast content type is invalid.";
    ESME_RINVBCASTMSGCLASS = 0x10C, "Broadcast message class is invalid.";
    ESME_RBCASTFAIL = 0x10D, "broadcast_sm operation failed.";
    ESME_RBCASTQUERYFAIL = 0x10E, "query_broadcast_sm operation failed.";
    ESME_RBCASTCANCELFAIL = 0x10F, "cancel_broadcast_sm operation failed.";
    ESME_RINVBCAST_REP = 0x110, "Number of repeated broadcasts is invalid.";
    ESME_RINVBCASTSRVGRP = 0x111, "Broadcast service group is invalid.";
    ESME_RINVBCASTCHANIND = 0x112, "Broadcast channel indicator is invalid.";
}

impl CommandStatus {
    /// 3.4 name of 0xC0.
    pub const ESME_RINVOPTPARSTREAM: Self = Self::ESME_RINVTLVSTREAM;
    /// 3.4 name of 0xC1.
    pub const ESME_ROPTPARNOTALLWD: Self = Self::ESME_RTLVNOTALLWD;
    /// 3.4 name of 0xC2.
    pub const ESME_RINVPARLEN: Self = Self::ESME_RINVTLVLEN;
    /// 3.4 name of 0xC3.
    pub const ESME_RMISSINGOPTPARAM: Self = Self::ESME_RMISSINGTLV;
    /// 3.4 name of 0xC4.
    pub const ESME_RINVOPTPARAMVAL: Self = Self::ESME_RINVTLVVAL;

    /// True for ESME_ROK.
    pub const fn is_ok(self) -> bool {
        self.0 == 0
    }

    /// True in the SMSC vendor-specific range 0x400–0x4FF.
    pub const fn is_vendor_specific(self) -> bool {
        self.0 >= 0x400 && self.0 <= 0x4FF
    }

    /// True for the statuses that ask the sender to slow down (ESME_RTHROTTLED, ESME_RMSGQFUL).
    pub const fn is_flow_control(self) -> bool {
        self.0 == Self::ESME_RTHROTTLED.0 || self.0 == Self::ESME_RMSGQFUL.0
    }
}

impl From<u32> for CommandStatus {
    fn from(v: u32) -> Self {
        Self(v)
    }
}

impl From<CommandStatus> for u32 {
    fn from(v: CommandStatus) -> Self {
        v.0
    }
}

impl fmt::Display for CommandStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n} (0x{:08X})", self.0),
            None if self.is_vendor_specific() => write!(f, "vendor status 0x{:08X}", self.0),
            None => write!(f, "status 0x{:08X}", self.0),
        }
    }
}
