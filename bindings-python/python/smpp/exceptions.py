"""The exception hierarchy. Every error this package raises on purpose is an :class:`SmppError`.

::

    SmppError
    ├── PduError (also ValueError)             bad octets or bad field values
    │   ├── PduDecodeError                     .field .offset .command_status .kind
    │   │   └── FramingError                   command_length makes the stream untrustworthy
    │   └── PduEncodeError
    │       └── FieldTooLong                   .field .length .max
    ├── TextError (also ValueError)
    │   ├── TextEncodeError                    text not representable in the chosen coding
    │   └── TextDecodeError
    ├── ReceiptParseError (also ValueError)    text is not a delivery receipt
    ├── LocalProtocolError                     the session refused a command (nothing was sent)
    │   ├── WindowFull                         wait for CanSend
    │   ├── RateLimited                        .retry_at (session clock, seconds)
    │   ├── TransmitBufferFull                 call data_to_send() first
    │   └── SessionClosed
    ├── CommandStatusError                     a response with command_status != 0
    │   └── BindFailed                         the bind was refused
    ├── ResponseTimeout (also TimeoutError)    no response within response_timeout
    └── ConnectionClosed (also ConnectionError) the session closed with the request pending
"""

from __future__ import annotations

from typing import Any, Optional

__all__ = [
    "SmppError",
    "PduError",
    "PduDecodeError",
    "FramingError",
    "PduEncodeError",
    "FieldTooLong",
    "TextError",
    "TextEncodeError",
    "TextDecodeError",
    "ReceiptParseError",
    "LocalProtocolError",
    "WindowFull",
    "RateLimited",
    "TransmitBufferFull",
    "SessionClosed",
    "CommandStatusError",
    "BindFailed",
    "ResponseTimeout",
    "ConnectionClosed",
]


class SmppError(Exception):
    """Base class of every error raised by this package."""


class PduError(SmppError, ValueError):
    """Octets that are not a valid PDU, or field values that cannot be encoded."""


class PduDecodeError(PduError):
    """A PDU that could not be decoded.

    Attributes:
        field: the spec's name of the field being read (``"source_addr"``, ``"command_length"``,
            a TLV's name ...).
        offset: byte offset of that field from the start of the PDU.
        command_status: the status a peer should be answered with (e.g. ``ESME_RINVSRCADR``).
        sequence_number, command_id: from the header, when it was readable.
        kind: ``"truncated"``, ``"too_long"``, ``"invalid_value"``, ``"trailing_bytes"``,
            ``"tlv_overrun"``, ``"tlv_length"``, ``"missing_tlv"`` or ``"frame"``.
    """

    def __init__(
        self,
        message: str,
        field: Optional[str] = None,
        offset: Optional[int] = None,
        command_status: int = 0x02,
        sequence_number: Optional[int] = None,
        command_id: Optional[int] = None,
        kind: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        self.offset = offset
        self.command_status = command_status
        self.sequence_number = sequence_number
        self.command_id = command_id
        self.kind = kind


class FramingError(PduDecodeError):
    """A command_length below 16 or above the maximum: the byte stream cannot be trusted
    past this point (a session answers generic_nack ESME_RINVCMDLEN and closes)."""


class PduEncodeError(PduError):
    """A PDU that cannot be built or encoded."""


class FieldTooLong(PduEncodeError):
    """A field value longer than the field allows (or a C-octet string holding a NUL).

    Attributes:
        field: the spec's name of the field.
        length: the length offered, in octets.
        max: the largest length allowed, in octets (without the NUL of C-octet strings).
    """

    def __init__(self, message: str, field: str = "", length: int = 0, max: int = 0) -> None:
        super().__init__(message)
        self.field = field
        self.length = length
        self.max = max


class TextError(SmppError, ValueError):
    """Text that cannot be encoded or decoded in a data_coding."""


class TextEncodeError(TextError):
    """Text that the chosen alphabet cannot represent (or a C-octet string outside Latin-1)."""


class TextDecodeError(TextError):
    """Octets that are not valid in the given data_coding."""


class ReceiptParseError(SmppError, ValueError):
    """Text that is not a delivery receipt."""


class LocalProtocolError(SmppError):
    """The session refused a command; nothing was sent (h11's name for misuse)."""


class WindowFull(LocalProtocolError):
    """As many requests as the window allows await their responses; wait for CanSend."""


class RateLimited(LocalProtocolError):
    """The send-rate limit allows the next message at ``retry_at`` (session clock, seconds)."""

    def __init__(self, message: str, retry_at: float = 0.0) -> None:
        super().__init__(message)
        self.retry_at = retry_at


class TransmitBufferFull(LocalProtocolError):
    """The session's transmit buffer cannot take this PDU now: send data_to_send() first."""


class SessionClosed(LocalProtocolError):
    """The session is closed."""


class CommandStatusError(SmppError):
    """A response arrived with a command_status other than ESME_ROK.

    Attributes:
        command_status: the status (a :class:`smpp.CommandStatus` member when known).
        sequence_number: the request's sequence_number.
        response: the response PDU (a generic_nack when the peer could not process it).
    """

    def __init__(
        self,
        message: str,
        command_status: int = 0,
        sequence_number: Optional[int] = None,
        response: Any = None,
    ) -> None:
        super().__init__(message)
        self.command_status = command_status
        self.sequence_number = sequence_number
        self.response = response


class BindFailed(CommandStatusError):
    """The SMSC refused the bind (ESME_RINVPASWD, ESME_RINVSYSID, ...)."""


class ResponseTimeout(SmppError, TimeoutError):
    """No response came within the response timeout; the request's window slot is free."""

    def __init__(
        self,
        message: str,
        sequence_number: Optional[int] = None,
        command_id: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.sequence_number = sequence_number
        self.command_id = command_id


class ConnectionClosed(SmppError, ConnectionError):
    """The session closed while the request was pending (its outcome is unknown), or before
    it could be sent. ``reason`` is the session's close reason ("peer_eof", "unbound", ...)."""

    def __init__(self, message: str, reason: Optional[str] = None) -> None:
        super().__init__(message)
        self.reason = reason
