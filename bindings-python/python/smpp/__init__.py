"""SMPP 3.4 / 5.0 for Python over a Rust core.

* Codec: :func:`decode` / :func:`encode`, one frozen class per PDU (:class:`SubmitSm`,
  :class:`DeliverSm`, ...), :class:`Framer` / :func:`split_frames` for byte streams.
  C-octet string fields are ``str`` read and written as Latin-1 (every octet maps to the code
  point of the same value, so any received value round-trips; ASCII reads as expected);
  octet-string fields (short_message, TLV values) are ``bytes``.
* Named values: :mod:`smpp.constants` (``CommandId``, ``CommandStatus``, ``Ton``, ...).
* Text and receipts: :mod:`smpp.text`, :mod:`smpp.receipt`, :class:`Reassembler`.
* Sans-IO session: :class:`Session` and the events in :mod:`smpp.events`.
* asyncio: :func:`connect` (ESME client) and :func:`serve` (SMSC server).
* Blocking: :class:`Client` (an ESME for scripts, over a socket; :mod:`smpp.blocking`).
* Logging: the ``smpp`` logger hierarchy (``smpp.aio``, ``smpp.client``, and every PDU at
  DEBUG on ``smpp.pdu``).
* Errors: everything derives from :class:`SmppError` (:mod:`smpp.exceptions`).
"""

from smpp import _smpp
from smpp._smpp import (
    AlertNotification,
    BindReceiver,
    BindReceiverResp,
    BindTransceiver,
    BindTransceiverResp,
    BindTransmitter,
    BindTransmitterResp,
    BroadcastSm,
    BroadcastSmResp,
    CancelBroadcastSm,
    CancelBroadcastSmResp,
    CancelSm,
    CancelSmResp,
    DataSm,
    DataSmResp,
    DeliverSm,
    DeliverSmResp,
    EnquireLink,
    EnquireLinkResp,
    Framer,
    GenericNack,
    Outbind,
    Pdu,
    QueryBroadcastSm,
    QueryBroadcastSmResp,
    QuerySm,
    QuerySmResp,
    Reassembler,
    ReplaceSm,
    ReplaceSmResp,
    Session,
    SubmitMulti,
    SubmitMultiResp,
    SubmitSm,
    SubmitSmResp,
    Unbind,
    UnbindResp,
    UnknownPdu,
    decode,
    encode,
    frame_length,
    split_frames,
)
from smpp import events
from smpp.events import (
    BindRefused,
    BindRequest,
    Bound,
    CanSend,
    Closed,
    PeerViolation,
    Request,
    Response,
    Unbound,
)
from smpp.constants import (
    BindKind,
    CommandId,
    CommandStatus,
    DataCoding,
    EsmClass,
    InterfaceVersion,
    MessageState,
    Npi,
    PriorityFlag,
    RegisteredDelivery,
    Role,
    TlvTag,
    Ton,
)
from smpp.exceptions import (
    BindFailed,
    CommandStatusError,
    ConnectionClosed,
    FieldTooLong,
    FramingError,
    LocalProtocolError,
    PduDecodeError,
    PduEncodeError,
    PduError,
    RateLimited,
    ReceiptParseError,
    ResponseTimeout,
    SessionClosed,
    SmppError,
    TextDecodeError,
    TextEncodeError,
    TextError,
    TransmitBufferFull,
    WindowFull,
)
from smpp.receipt import DeliveryReceipt, format_receipt, ids_match, parse_receipt
from smpp.text import (
    choose_encoding,
    count_segments,
    decode_text,
    encode_text,
    message_text,
    split_text,
)
from smpp.aio import Delivery, Server, ServerSession, connect, serve
from smpp.blocking import Client
from smpp import aio

__version__: str = _smpp.__version__

# The event classes' and Outbind's names are shared: smpp.Outbind is the PDU class, the
# event is smpp.events.Outbind; smpp.ResponseTimeout is the exception, the event is
# smpp.events.ResponseTimeout.

__all__ = [
    # codec
    "decode", "encode", "split_frames", "frame_length", "Framer", "Pdu", "UnknownPdu",
    "AlertNotification", "BindReceiver", "BindReceiverResp", "BindTransceiver",
    "BindTransceiverResp", "BindTransmitter", "BindTransmitterResp", "BroadcastSm",
    "BroadcastSmResp", "CancelBroadcastSm", "CancelBroadcastSmResp", "CancelSm",
    "CancelSmResp", "DataSm", "DataSmResp", "DeliverSm", "DeliverSmResp", "EnquireLink",
    "EnquireLinkResp", "GenericNack", "Outbind", "QueryBroadcastSm", "QueryBroadcastSmResp",
    "QuerySm", "QuerySmResp", "ReplaceSm", "ReplaceSmResp", "SubmitMulti", "SubmitMultiResp",
    "SubmitSm", "SubmitSmResp", "Unbind", "UnbindResp",
    # constants
    "BindKind", "CommandId", "CommandStatus", "DataCoding", "EsmClass", "InterfaceVersion",
    "MessageState", "Npi", "PriorityFlag", "RegisteredDelivery", "Role", "TlvTag", "Ton",
    # session and events
    "Session", "events", "BindRefused", "BindRequest", "Bound", "CanSend", "Closed",
    "PeerViolation", "Request", "Response", "Unbound",
    # text and receipts
    "encode_text", "decode_text", "choose_encoding", "count_segments", "split_text",
    "message_text", "DeliveryReceipt", "parse_receipt", "format_receipt", "ids_match",
    "Reassembler",
    # asyncio
    "connect", "serve", "Server", "ServerSession", "Delivery", "aio",
    # blocking
    "Client",
    # errors
    "SmppError", "PduError", "PduDecodeError", "FramingError", "PduEncodeError",
    "FieldTooLong", "TextError", "TextEncodeError", "TextDecodeError", "ReceiptParseError",
    "LocalProtocolError", "WindowFull", "RateLimited", "TransmitBufferFull", "SessionClosed",
    "CommandStatusError", "BindFailed", "ResponseTimeout", "ConnectionClosed",
    "__version__",
]
