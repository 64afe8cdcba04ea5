//! bind_transmitter / bind_receiver / bind_transceiver, their responses, and outbind.

use crate::values::{InterfaceVersion, Npi, Ton};
use crate::wire::COctetString;

use super::macros::pdu_body;

pdu_body! {
    /// The body of all three bind requests (ESME → SMSC).
    ///
    /// ```
    /// use smpp_proto::{Bind, InterfaceVersion};
    /// let bind = Bind::new().system_id("smppclient1")?.password("password")?
    ///     .interface_version(InterfaceVersion::V34);
    /// assert!(Bind::new().password("much-too-long").is_err()); // 8 octets at most
    /// # Ok::<(), smpp_proto::FieldError>(())
    /// ```
    Bind {
        /// The ESME's login name.
        system_id: str COctetString<'a, 16> = SystemId,
        /// The password (decoding accepts up to 16 octets, as Kannel sends).
        password: str COctetString<'a, 9, 17> = Password,
        /// The kind of ESME, e.g. "VMS"; often empty.
        system_type: str COctetString<'a, 13> = SystemType,
        /// The SMPP version the ESME speaks (0x34 for 3.4).
        interface_version: val InterfaceVersion = InterfaceVersion,
        /// TON of address_range.
        addr_ton: val Ton = AddrTon,
        /// NPI of address_range.
        addr_npi: val Npi = AddrNpi,
        /// The addresses this ESME serves (a single address or a regular expression).
        address_range: str COctetString<'a, 41> = AddressRange,
    }
}

pdu_body! {
    /// The body of bind_*_resp (SMSC → ESME); empty when the bind was refused.
    BindResp {
        /// The SMSC's identifier.
        system_id: str COctetString<'a, 16> = SystemId,
    }
}

pdu_body! {
    /// outbind (SMSC → ESME): the SMSC asks the ESME to bind as a receiver.
    Outbind {
        /// The SMSC's identifier.
        system_id: str COctetString<'a, 16> = SystemId,
        /// The password the ESME should check.
        password: str COctetString<'a, 9, 17> = Password,
    }
}
