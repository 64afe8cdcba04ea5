"""Writes python/smpp/_smpp.pyi: the PDU classes are listed from the extension's
``_fields``; everything else is the text below (edited by hand). Checked by
``python -m mypy.stubtest smpp._smpp`` in run-tests.sh.

    python tools/gen_stubs.py
"""
from __future__ import annotations

import pathlib

from smpp import _smpp

OUT = pathlib.Path(__file__).resolve().parent.parent / "python" / "smpp" / "_smpp.pyi"

STR_FIELDS = {
    "system_id", "password", "system_type", "address_range", "service_type", "source_addr",
    "destination_addr", "message_id", "schedule_delivery_time", "validity_period",
    "final_date", "esme_addr",
}
SPECIAL = {
    "short_message": ("bytes", "bytes | bytearray"),
    "dest_addresses": ("list[tuple[int, int, str] | str]", "list[tuple[int, int, str | bytes] | str]"),
    "unsuccess_smes": ("list[tuple[int, int, str, int]]", "list[tuple[int, int, str | bytes, int]]"),
}

HEAD = '''\
# Hand-maintained stubs for the extension module (PDU classes listed by tools/gen_stubs.py).
from typing import Any, Iterator, Mapping, Sequence, Union, final

from typing_extensions import Self, TypeAlias, disjoint_base

__version__: str

_TlvKey: TypeAlias = Union[int, str]
_TlvValue: TypeAlias = Union[bytes, bytearray, int, str, tuple[int, int]]
_Tlvs: TypeAlias = Union[Mapping[_TlvKey, _TlvValue], Sequence[tuple[_TlvKey, _TlvValue]], None]

@disjoint_base
class Pdu:
    """Base class of every PDU: frozen; holds its own encoded octets."""

    def __new__(cls, *_args: Any, **_kwargs: Any) -> Self: ...
    @property
    def command_id(self) -> int: ...
    @property
    def command_status(self) -> int: ...
    @property
    def sequence_number(self) -> int: ...
    @property
    def command_name(self) -> str: ...
    @property
    def command_length(self) -> int: ...
    @property
    def is_response(self) -> bool: ...
    def __bytes__(self) -> bytes: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __ne__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, ...]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def replace(self, **changes: Any) -> Self: ...
    def response(self, **fields: Any) -> Pdu: ...
    @property
    def tlvs(self) -> list[tuple[int, bytes]]: ...
    def tlv(self, tag: int) -> bytes | None: ...
    def tlv_all(self, tag: int) -> list[bytes]: ...
    @property
    def message(self) -> bytes: ...
    @property
    def message_payload(self) -> bytes | None: ...
    @property
    def receipted_message_id(self) -> str | None: ...
    @property
    def message_state(self) -> int | None: ...
    @property
    def network_error_code(self) -> tuple[int, int] | None: ...
    @property
    def sar_msg_ref_num(self) -> int | None: ...
    @property
    def sar_total_segments(self) -> int | None: ...
    @property
    def sar_segment_seqnum(self) -> int | None: ...
    @property
    def user_message_reference(self) -> int | None: ...
    @property
    def source_port(self) -> int | None: ...
    @property
    def destination_port(self) -> int | None: ...
    @property
    def sc_interface_version(self) -> int | None: ...
    @property
    def congestion_state(self) -> int | None: ...
    @property
    def additional_status_info_text(self) -> str | None: ...
    @property
    def delivery_failure_reason(self) -> int | None: ...
    @property
    def payload_type(self) -> int | None: ...
    @property
    def language_indicator(self) -> int | None: ...
    @property
    def callback_num(self) -> tuple[int, int, int, str] | None: ...

'''

TAIL = '''
@final
class UnknownPdu(Pdu):
    _fields: tuple[str, ...]
    def __new__(
        cls,
        *,
        command_id: int,
        body: bytes | bytearray | None = ...,
        sequence_number: int = ...,
        command_status: int = ...,
        tlvs: _Tlvs = ...,
    ) -> UnknownPdu: ...
    @property
    def body(self) -> bytes: ...

def decode(data: bytes | bytearray | memoryview) -> Pdu: ...
def encode(pdu: Pdu, sequence_number: int | None = None) -> bytes: ...
def split_frames(buf: bytes | bytearray | memoryview, max_command_length: int = ...) -> tuple[list[bytes], bytes]: ...
def frame_length(buf: bytes | bytearray | memoryview, max_command_length: int = ...) -> int | None: ...

@final
class Framer:
    def __new__(cls, max_command_length: int = ...) -> Framer: ...
    def feed(self, data: bytes | bytearray | memoryview) -> Framer: ...
    @property
    def buffered(self) -> int: ...
    def __iter__(self) -> Iterator[Pdu]: ...
    def __next__(self) -> Pdu: ...

# ---- session events ----

@final
class BindRequest:
    __match_args__ = ("sequence_number", "kind", "system_id", "password", "pdu")
    def __new__(cls, sequence_number: int, kind: str, system_id: str, password: str, pdu: Any) -> BindRequest: ...
    @property
    def sequence_number(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def system_id(self) -> str: ...
    @property
    def password(self) -> str: ...
    @property
    def pdu(self) -> Any: ...

@final
class Bound:
    __match_args__ = ("sequence_number", "kind", "peer_system_id", "interface_version")
    def __new__(cls, sequence_number: int, kind: str, peer_system_id: str, interface_version: int | None) -> Bound: ...
    @property
    def sequence_number(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def peer_system_id(self) -> str: ...
    @property
    def interface_version(self) -> int | None: ...

@final
class BindRefused:
    __match_args__ = ("sequence_number", "command_status")
    def __new__(cls, sequence_number: int, command_status: int) -> BindRefused: ...
    @property
    def sequence_number(self) -> int: ...
    @property
    def command_status(self) -> int: ...

@final
class OutbindReceived:
    __match_args__ = ("system_id", "password")
    def __new__(cls, system_id: str, password: str) -> OutbindReceived: ...
    @property
    def system_id(self) -> str: ...
    @property
    def password(self) -> str: ...

@final
class Request:
    __match_args__ = ("sequence_number", "pdu")
    def __new__(cls, sequence_number: int, pdu: Any) -> Request: ...
    @property
    def sequence_number(self) -> int: ...
    @property
    def pdu(self) -> Any: ...

@final
class Response:
    __match_args__ = ("sequence_number", "request", "command_status", "pdu")
    def __new__(cls, sequence_number: int, request: int, command_status: int, pdu: Any) -> Response: ...
    @property
    def sequence_number(self) -> int: ...
    @property
    def request(self) -> int: ...
    @property
    def command_status(self) -> int: ...
    @property
    def pdu(self) -> Any: ...

@final
class ResponseTimeout:
    __match_args__ = ("sequence_number", "request")
    def __new__(cls, sequence_number: int, request: int) -> ResponseTimeout: ...
    @property
    def sequence_number(self) -> int: ...
    @property
    def request(self) -> int: ...

@final
class CanSend:
    __match_args__ = ()
    def __new__(cls) -> CanSend: ...

@final
class PeerViolation:
    __match_args__ = ("kind", "message", "command_status", "answered_with", "field", "offset", "command_id", "sequence_number")
    def __new__(
        cls,
        kind: str,
        message: str,
        command_status: int,
        answered_with: int | None,
        field: str | None,
        offset: int | None,
        command_id: int | None,
        sequence_number: int | None,
    ) -> PeerViolation: ...
    @property
    def kind(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def command_status(self) -> int: ...
    @property
    def answered_with(self) -> int | None: ...
    @property
    def field(self) -> str | None: ...
    @property
    def offset(self) -> int | None: ...
    @property
    def command_id(self) -> int | None: ...
    @property
    def sequence_number(self) -> int | None: ...

@final
class Unbound:
    __match_args__ = ()
    def __new__(cls) -> Unbound: ...

@final
class Closed:
    __match_args__ = ("reason", "message", "pending")
    def __new__(cls, reason: str, message: str, pending: list[tuple[int, int]]) -> Closed: ...
    @property
    def reason(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def pending(self) -> list[tuple[int, int]]: ...

_Event: TypeAlias = Union[
    BindRequest, Bound, BindRefused, OutbindReceived, Request, Response, ResponseTimeout, CanSend,
    PeerViolation, Unbound, Closed,
]

# ---- the sans-IO session ----

@final
class Session:
    def __new__(
        cls,
        role: str,
        *,
        now: float,
        window: int = 10,
        response_timeout: float = 30.0,
        enquire_link_interval: float | None = ...,
        inactivity_timeout: float | None = None,
        session_init_timeout: float | None = ...,
        send_rate: int | None = None,
        send_burst: int | None = None,
        interface_version: int = 0x34,
        max_command_length: int = ...,
        first_sequence_number: int = 1,
    ) -> Session: ...
    def receive_data(self, data: bytes | bytearray | memoryview, now: float) -> None: ...
    def receive_eof(self, now: float) -> None: ...
    def handle_timeout(self, now: float) -> None: ...
    def next_event(self) -> _Event | None: ...
    def events(self) -> list[_Event]: ...
    def data_to_send(self) -> bytes: ...
    def next_deadline(self) -> float | None: ...
    def bind(
        self,
        kind: str = "trx",
        *,
        system_id: str | bytes,
        password: str | bytes,
        now: float,
        system_type: str | bytes | None = None,
        interface_version: int | None = None,
        addr_ton: int = 0,
        addr_npi: int = 0,
        address_range: str | bytes | None = None,
    ) -> int: ...
    def send(self, pdu: Pdu, *, now: float) -> int: ...
    def submit_sm(self, *, now: float, **fields: Any) -> int: ...
    def deliver_sm(self, *, now: float, **fields: Any) -> int: ...
    def data_sm(self, *, now: float, **fields: Any) -> int: ...
    def respond(self, sequence_number: int, status: int | None = None, pdu: Pdu | None = None, *, now: float) -> None: ...
    def accept_bind(self, sequence_number: int, system_id: str = "SMSC", *, now: float) -> None: ...
    def reject_bind(self, sequence_number: int, status: int = 0x0D, *, now: float) -> None: ...
    def outbind(self, *, system_id: str | bytes, password: str | bytes | None = None, now: float) -> None: ...
    def enquire_link(self, *, now: float) -> int: ...
    def unbind(self, *, now: float) -> int: ...
    def abort(self, *, now: float) -> None: ...
    @property
    def role(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def bound_kind(self) -> str | None: ...
    @property
    def in_flight(self) -> int: ...
    @property
    def window(self) -> int: ...
    @property
    def can_send(self) -> bool: ...
    @property
    def is_closed(self) -> bool: ...
    @property
    def stats(self) -> dict[str, int]: ...

# ---- text, receipts, reassembly (wrapped by smpp.text / smpp.receipt) ----

_DateTuple: TypeAlias = tuple[int, int, int, int, int, int, int]
_ReceiptTuple: TypeAlias = tuple[
    str, int | None, int | None, _DateTuple | None, _DateTuple | None, str | None, int | None,
    int | str | None, bytes | None,
]

def encode_text(
    text: str,
    encoding: str | int | None = None,
    *,
    errors: str = "strict",
    default_alphabet: str = "gsm7",
    single_shift: str | None = None,
    locking_shift: str | None = None,
) -> bytes: ...
def decode_text(
    data: bytes | bytearray | memoryview,
    data_coding: str | int | None = None,
    *,
    errors: str = "strict",
    default_alphabet: str = "gsm7",
    single_shift: str | None = None,
    locking_shift: str | None = None,
) -> str: ...
def choose_encoding(
    text: str,
    *,
    latin1: bool = False,
    national: list[str] = ...,
    locking_shift: bool = False,
    default_alphabet: str = "gsm7",
    method: str = "udh8",
) -> tuple[str, int, str | None, str | None]: ...
def count_text(
    text: str,
    encoding: str | int,
    method: str = "udh8",
    *,
    single_shift: str | None = None,
    locking_shift: str | None = None,
    default_alphabet: str = "gsm7",
) -> tuple[str, int, int, int, int, int, int]: ...
def split_text(
    text: str,
    encoding: str | int,
    method: str = "udh8",
    *,
    reference: int = 0,
    packed: bool = False,
    errors: str = "strict",
    single_shift: str | None = None,
    locking_shift: str | None = None,
    default_alphabet: str = "gsm7",
) -> list[tuple[bytes, int, tuple[int, int, int] | None, int]]: ...
def message_text(
    pdu: Pdu, *, errors: str = "replace", default_alphabet: str = "gsm7"
) -> tuple[str | None, bytes, tuple[int, int, int, str] | None]: ...
def parse_receipt_text(data: bytes | bytearray | str) -> _ReceiptTuple: ...
def pdu_receipt(
    pdu: Pdu,
) -> tuple[str, int | None, tuple[int, int] | None, str | None, _ReceiptTuple | None] | None: ...
def format_receipt(
    id: str,
    *,
    sub: int | None = None,
    dlvrd: int | None = None,
    submit_date: _DateTuple | None = None,
    done_date: _DateTuple | None = None,
    stat: str | None = None,
    err: int | str | None = None,
    text: bytes | str | None = None,
) -> bytes: ...
def ids_match(submit_resp_id: str, receipt_id: str) -> bool: ...
def stat_message_state(stat: str) -> int | None: ...
def message_state_stat(state: int) -> str | None: ...

_Incomplete: TypeAlias = tuple[str, bytes, int, int, list[tuple[int, bytes]]]

@final
class Reassembler:
    def __new__(
        cls,
        *,
        max_messages: int = 256,
        max_parts: int = 255,
        max_buffered_bytes: int = 262144,
        timeout: float = 300.0,
    ) -> Reassembler: ...
    def push(
        self,
        key: bytes,
        reference: int,
        total: int,
        seqnum: int,
        data: bytes,
        now: float,
    ) -> tuple[str, bytes | None, list[_Incomplete]]: ...
    def expired(self, now: float) -> list[_Incomplete]: ...
    def next_deadline(self) -> float | None: ...
    def __len__(self) -> int: ...
    @property
    def buffered_bytes(self) -> int: ...

def _command_statuses() -> list[tuple[str, int, str]]: ...
def _command_ids() -> list[tuple[str, int]]: ...
def _tlv_tags() -> list[tuple[str, int, int, int]]: ...
'''


def pdu_classes() -> str:
    out = []
    for name in sorted(dir(_smpp)):
        cls = getattr(_smpp, name)
        if not (isinstance(cls, type) and issubclass(cls, _smpp.Pdu)) or cls in (_smpp.Pdu, _smpp.UnknownPdu):
            continue
        fields = cls._fields
        out.append("@final\nclass %s(Pdu):\n" % name)
        out.append("    _fields: tuple[str, ...]\n")
        out.append("    def __new__(\n        cls,\n        *,\n")
        for f in fields:
            if f in SPECIAL:
                arg = SPECIAL[f][1]
            elif f in STR_FIELDS:
                arg = "str | bytes"
            else:
                arg = "int"
            out.append("        %s: %s | None = ...,\n" % (f, arg))
        out.append("        sequence_number: int = ...,\n        command_status: int = ...,\n        tlvs: _Tlvs = ...,\n")
        out.append("    ) -> %s: ...\n" % name)
        for f in fields:
            if f in SPECIAL:
                t = SPECIAL[f][0]
            elif f in STR_FIELDS:
                t = "str"
            else:
                t = "int"
            out.append("    @property\n    def %s(self) -> %s: ...\n" % (f, t))
        out.append("\n")
    return "".join(out)


if __name__ == "__main__":
    OUT.write_text(HEAD + pdu_classes() + TAIL)
    print("wrote", OUT)
