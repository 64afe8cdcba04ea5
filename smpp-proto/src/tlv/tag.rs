//! TLV tags: every tag of SMPP 3.4 and 5.0 by name, with the value lengths each allows.

use core::fmt;

macro_rules! tags {
    ($( $name:ident = $tag:literal, $label:literal, $min:literal ..= $max:literal; )*) => {
        impl TlvTag {
            $(
                #[doc = concat!("`", $label, "` (", stringify!($tag), ")")]
                pub const $name: Self = Self($tag);
            )*

            /// The spec's name of a known tag.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $tag => Some($label), )*
                    _ => None,
                }
            }

            /// The value lengths a known tag allows (inclusive); `None` for unknown tags.
            ///
            /// Where stacks disagree (SMPP.md §11) the range covers every form seen, so the
            /// TLV's own length field decides how the value is read.
            #[inline(always)]
            pub const fn allowed_len(self) -> Option<(u16, u16)> {
                match self.0 {
                    $( $tag => Some(($min, $max)), )*
                    _ => None,
                }
            }

            /// Every tag this crate knows, in numeric order.
            pub const ALL: &'static [Self] = &[$( Self::$name, )*];
        }
    };
}

/// A TLV tag. An open set: vendor tags (0x1400–0x3FFF and others seen in the wild) are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TlvTag(pub u16);

tags! {
    DEST_ADDR_SUBUNIT = 0x0005, "dest_addr_subunit", 1..=1;
    DEST_NETWORK_TYPE = 0x0006, "dest_network_type", 1..=1;
    DEST_BEARER_TYPE = 0x0007, "dest_bearer_type", 1..=1;
    DEST_TELEMATICS_ID = 0x0008, "dest_telematics_id", 1..=2;
    SOURCE_ADDR_SUBUNIT = 0x000D, "source_addr_subunit", 1..=1;
    SOURCE_NETWORK_TYPE = 0x000E, "source_network_type", 1..=1;
    SOURCE_BEARER_TYPE = 0x000F, "source_bearer_type", 1..=1;
    SOURCE_TELEMATICS_ID = 0x0010, "source_telematics_id", 1..=2;
    QOS_TIME_TO_LIVE = 0x0017, "qos_time_to_live", 4..=4;
    PAYLOAD_TYPE = 0x0019, "payload_type", 1..=1;
    ADDITIONAL_STATUS_INFO_TEXT = 0x001D, "additional_status_info_text", 1..=256;
    RECEIPTED_MESSAGE_ID = 0x001E, "receipted_message_id", 1..=65;
    MS_MSG_WAIT_FACILITIES = 0x0030, "ms_msg_wait_facilities", 1..=1;
    PRIVACY_INDICATOR = 0x0201, "privacy_indicator", 1..=1;
    SOURCE_SUBADDRESS = 0x0202, "source_subaddress", 2..=23;
    DEST_SUBADDRESS = 0x0203, "dest_subaddress", 2..=23;
    USER_MESSAGE_REFERENCE = 0x0204, "user_message_reference", 2..=2;
    USER_RESPONSE_CODE = 0x0205, "user_response_code", 1..=1;
    SOURCE_PORT = 0x020A, "source_port", 2..=2;
    DESTINATION_PORT = 0x020B, "destination_port", 2..=2;
    SAR_MSG_REF_NUM = 0x020C, "sar_msg_ref_num", 2..=2;
    LANGUAGE_INDICATOR = 0x020D, "language_indicator", 1..=1;
    SAR_TOTAL_SEGMENTS = 0x020E, "sar_total_segments", 1..=1;
    SAR_SEGMENT_SEQNUM = 0x020F, "sar_segment_seqnum", 1..=1;
    SC_INTERFACE_VERSION = 0x0210, "sc_interface_version", 1..=1;
    CALLBACK_NUM_PRES_IND = 0x0302, "callback_num_pres_ind", 1..=1;
    CALLBACK_NUM_ATAG = 0x0303, "callback_num_atag", 0..=65;
    NUMBER_OF_MESSAGES = 0x0304, "number_of_messages", 1..=1;
    CALLBACK_NUM = 0x0381, "callback_num", 4..=19;
    DPF_RESULT = 0x0420, "dpf_result", 1..=1;
    SET_DPF = 0x0421, "set_dpf", 1..=1;
    MS_AVAILABILITY_STATUS = 0x0422, "ms_availability_status", 1..=1;
    NETWORK_ERROR_CODE = 0x0423, "network_error_code", 3..=3;
    MESSAGE_PAYLOAD = 0x0424, "message_payload", 0..=65535;
    DELIVERY_FAILURE_REASON = 0x0425, "delivery_failure_reason", 1..=1;
    MORE_MESSAGES_TO_SEND = 0x0426, "more_messages_to_send", 1..=1;
    MESSAGE_STATE = 0x0427, "message_state", 1..=1;
    CONGESTION_STATE = 0x0428, "congestion_state", 1..=1;
    USSD_SERVICE_OP = 0x0501, "ussd_service_op", 1..=1;
    BROADCAST_CHANNEL_INDICATOR = 0x0600, "broadcast_channel_indicator", 1..=1;
    BROADCAST_CONTENT_TYPE = 0x0601, "broadcast_content_type", 3..=3;
    BROADCAST_CONTENT_TYPE_INFO = 0x0602, "broadcast_content_type_info", 0..=255;
    BROADCAST_MESSAGE_CLASS = 0x0603, "broadcast_message_class", 1..=1;
    BROADCAST_REP_NUM = 0x0604, "broadcast_rep_num", 1..=2;
    BROADCAST_FREQUENCY_INTERVAL = 0x0605, "broadcast_frequency_interval", 3..=3;
    BROADCAST_AREA_IDENTIFIER = 0x0606, "broadcast_area_identifier", 1..=101;
    BROADCAST_ERROR_STATUS = 0x0607, "broadcast_error_status", 4..=4;
    BROADCAST_AREA_SUCCESS = 0x0608, "broadcast_area_success", 1..=1;
    BROADCAST_END_TIME = 0x0609, "broadcast_end_time", 1..=17;
    BROADCAST_SERVICE_GROUP = 0x060A, "broadcast_service_group", 1..=255;
    BILLING_IDENTIFICATION = 0x060B, "billing_identification", 1..=1024;
    SOURCE_NETWORK_ID = 0x060D, "source_network_id", 1..=66;
    DEST_NETWORK_ID = 0x060E, "dest_network_id", 1..=66;
    SOURCE_NODE_ID = 0x060F, "source_node_id", 6..=6;
    DEST_NODE_ID = 0x0610, "dest_node_id", 6..=6;
    DEST_ADDR_NP_RESOLUTION = 0x0611, "dest_addr_np_resolution", 1..=1;
    DEST_ADDR_NP_INFORMATION = 0x0612, "dest_addr_np_information", 10..=10;
    DEST_ADDR_NP_COUNTRY = 0x0613, "dest_addr_np_country", 1..=5;
    DISPLAY_TIME = 0x1201, "display_time", 1..=1;
    SMS_SIGNAL = 0x1203, "sms_signal", 2..=2;
    MS_VALIDITY = 0x1204, "ms_validity", 1..=4;
    ALERT_ON_MESSAGE_DELIVERY = 0x130C, "alert_on_message_delivery", 0..=1;
    ITS_REPLY_TYPE = 0x1380, "its_reply_type", 1..=1;
    ITS_SESSION_INFO = 0x1383, "its_session_info", 2..=2;
}

impl TlvTag {
    /// The 5.0 name of destination_port.
    pub const DEST_PORT: Self = Self::DESTINATION_PORT;

    /// Whether a TLV of this tag may have a value of `len` octets when decoded.
    ///
    /// Unknown tags may have any length. Integer-valued tags are read by their own length
    /// field, so any length from 1 to 4 octets is accepted (stacks disagree: smpplib writes
    /// source_addr_subunit in 2 octets, Kannel source_telematics_id in 1); other tags must
    /// keep to the range their definition gives.
    #[inline]
    pub const fn accepts_len(self, len: u16) -> bool {
        let (min, max) = self.accepted_len();
        len >= min && len <= max
    }

    /// The value lengths [`TlvTag::accepts_len`] accepts (inclusive).
    const fn accepted_len(self) -> (u16, u16) {
        match self.allowed_len() {
            None => (0, u16::MAX),
            Some((min, max)) if max <= 2 || (min == 4 && max == 4) => {
                (if min == 0 { 0 } else { 1 }, 4)
            }
            Some(range) => range,
        }
    }

    /// [`TlvTag::accepts_len`] by one table load instead of a search through every known tag
    /// (the decoder's fast path checks each TLV this way).
    #[inline(always)]
    pub(crate) fn accepts_len_fast(self, len: u16) -> bool {
        let Some(&entry) = LEN_TABLE.get(len_slot(self.0)) else {
            return self.accepts_len(len);
        };
        if entry as u16 != self.0 {
            return true; // not a known tag
        }
        len >= (entry >> 16) as u16 && len <= (entry >> 32) as u16
    }

    /// True in the vendor-specific range 0x1400–0x3FFF.
    pub const fn is_vendor_specific(self) -> bool {
        self.0 >= 0x1400 && self.0 <= 0x3FFF
    }

    pub(crate) const fn name_or(self, fallback: &'static str) -> &'static str {
        match self.name() {
            Some(n) => n,
            None => fallback,
        }
    }
}

/// Multiplier of the perfect hash from known tags to [`LEN_TABLE`] slots (found by search; the
/// table's builder refuses to compile if two known tags share a slot).
const LEN_HASH_MUL: u16 = 4243;

/// The slot of a tag: the top 7 bits of the 16-bit product.
#[inline(always)]
const fn len_slot(tag: u16) -> usize {
    (tag.wrapping_mul(LEN_HASH_MUL) >> 9) as usize
}

/// Per slot: a known tag and the lowest and highest length it accepts, packed as
/// `tag | min << 16 | max << 32`. Empty slots hold tag 0 (not a known tag) accepting any length.
static LEN_TABLE: [u64; 128] = len_table();

#[allow(clippy::indexing_slicing)] // evaluated at compile time: a bad index fails the build
const fn len_table() -> [u64; 128] {
    let mut table = [(u16::MAX as u64) << 32; 128];
    let mut i = 0;
    while i < TlvTag::ALL.len() {
        let tag = TlvTag::ALL[i];
        let slot = len_slot(tag.0);
        assert!(
            table[slot] as u16 == 0,
            "two known TLV tags share a slot: pick another LEN_HASH_MUL"
        );
        let (min, max) = tag.accepted_len();
        table[slot] = tag.0 as u64 | (min as u64) << 16 | (max as u64) << 32;
        i += 1;
    }
    table
}

impl From<u16> for TlvTag {
    fn from(v: u16) -> Self {
        Self(v)
    }
}

impl fmt::Display for TlvTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "tlv 0x{:04X}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TlvTag;

    #[test]
    fn accepts_len_fast_agrees_for_every_tag() {
        let lens = (0..=24)
            .chain([63, 64, 65, 66, 67, 100, 101, 102, 254, 255, 256, 257])
            .chain([1023, 1024, 1025, u16::MAX - 1, u16::MAX]);
        let lens: std::vec::Vec<u16> = lens.collect();
        for tag in 0..=u16::MAX {
            for &len in &lens {
                assert_eq!(
                    TlvTag(tag).accepts_len_fast(len),
                    TlvTag(tag).accepts_len(len),
                    "tag {tag:#06x} len {len}"
                );
            }
        }
    }
}
