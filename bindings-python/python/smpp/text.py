"""Text in short messages: encode/decode, choose an encoding, count and split long texts.

Encodings are named ``"gsm7"`` (GSM 03.38 with its extension table, one septet per octet as
usual on SMPP; national single/locking shift tables by language name), ``"ascii"`` (IA5,
data_coding 1), ``"latin1"`` (data_coding 3), ``"cyrillic"`` (ISO-8859-5, data_coding 6),
``"hebrew"`` (ISO-8859-8, data_coding 7) and ``"ucs2"`` (UTF-16BE with surrogate pairs,
data_coding 8); a data_coding int is accepted too. ``default_alphabet`` says what
data_coding 0 means on the link (GSM 7-bit unless the SMSC says otherwise).
"""

from __future__ import annotations

from typing import List, NamedTuple, Optional, Sequence, Tuple, Union

from smpp import _smpp
from smpp._smpp import Pdu

__all__ = [
    "encode_text",
    "decode_text",
    "choose_encoding",
    "count_segments",
    "split_text",
    "message_text",
    "Choice",
    "SegmentCount",
    "Segment",
    "MessageText",
    "MessageAssembler",
    "Assembled",
]

Encoding = Union[str, int]


class Choice(NamedTuple):
    """The cheapest encoding for a text and the data_coding to send it with."""

    encoding: str
    data_coding: int
    single_shift: Optional[str] = None
    locking_shift: Optional[str] = None


class SegmentCount(NamedTuple):
    """What an SMS counter shows for a text."""

    encoding: str
    data_coding: int
    chars: int
    units: int
    segments: int
    units_per_segment: int
    remaining_in_last: int


class Segment(NamedTuple):
    """One part of a split text: put ``user_data`` in short_message (or message_payload),
    OR ``esm_class_bits`` into esm_class, and send ``sar`` as the sar_* TLVs when set."""

    user_data: bytes
    esm_class_bits: int
    sar: Optional[Tuple[int, int, int]]
    units: int


class MessageText(NamedTuple):
    """The content of a received message."""

    text: Optional[str]
    payload: bytes
    concat: Optional[Tuple[int, int, int, str]]
    #: Application ports ``(destination, origin)``: from the UDH (IEI 0x04 / 0x05), else
    #: the destination_port / source_port TLVs (origin 0 when absent).
    ports: Optional[Tuple[int, int]] = None


def encode_text(
    text: str,
    encoding: Optional[Encoding] = None,
    *,
    errors: str = "strict",
    default_alphabet: str = "gsm7",
    single_shift: Optional[str] = None,
    locking_shift: Optional[str] = None,
) -> bytes:
    """Encodes ``text`` (default: the default alphabet, GSM 7-bit). ``errors="replace"``
    puts ``?`` for characters the encoding lacks; "strict" raises TextEncodeError."""
    return _smpp.encode_text(
        text,
        encoding,
        errors=errors,
        default_alphabet=default_alphabet,
        single_shift=single_shift,
        locking_shift=locking_shift,
    )


def decode_text(
    data: bytes,
    data_coding: Optional[Encoding] = None,
    *,
    errors: str = "strict",
    default_alphabet: str = "gsm7",
    single_shift: Optional[str] = None,
    locking_shift: Optional[str] = None,
) -> str:
    """Decodes user data (without UDH) in ``data_coding`` (default 0)."""
    return _smpp.decode_text(
        data,
        data_coding,
        errors=errors,
        default_alphabet=default_alphabet,
        single_shift=single_shift,
        locking_shift=locking_shift,
    )


def choose_encoding(
    text: str,
    *,
    latin1: bool = False,
    national: Sequence[str] = (),
    locking_shift: bool = False,
    default_alphabet: str = "gsm7",
    method: str = "udh8",
) -> Choice:
    """Picks the cheapest encoding: GSM 7-bit, else an allowed national table, else Latin-1
    (if ``latin1``), else UCS-2."""
    return Choice(
        *_smpp.choose_encoding(
            text,
            latin1=latin1,
            national=list(national),
            locking_shift=locking_shift,
            default_alphabet=default_alphabet,
            method=method,
        )
    )


def count_segments(
    text: str,
    encoding: Optional[Encoding] = None,
    method: str = "udh8",
    *,
    ports: Optional[Tuple[int, int]] = None,
    port_bits: int = 16,
    **choose: object,
) -> SegmentCount:
    """Counts the segments ``text`` needs (encoding chosen automatically when omitted);
    ``ports`` as for :func:`split_text`."""
    single = locking = None
    if encoding is None:
        c = choose_encoding(text, method=method, **choose)  # type: ignore[arg-type]
        encoding, single, locking = c.encoding, c.single_shift, c.locking_shift
    default_alphabet = str(choose.get("default_alphabet", "gsm7"))
    return SegmentCount(
        *_smpp.count_text(text, encoding, method, single_shift=single, locking_shift=locking,
                          default_alphabet=default_alphabet, ports=ports, port_bits=port_bits)
    )


def split_text(
    text: str,
    encoding: Optional[Encoding] = None,
    method: str = "udh8",
    *,
    reference: int = 0,
    packed: bool = False,
    errors: str = "strict",
    single_shift: Optional[str] = None,
    locking_shift: Optional[str] = None,
    default_alphabet: str = "gsm7",
    ports: Optional[Tuple[int, int]] = None,
    port_bits: int = 16,
) -> Tuple[int, List[Segment]]:
    """Splits ``text`` into parts: returns ``(data_coding, segments)``. ``method`` is
    "udh8" / "udh16" (concatenation UDH), "sar" (sar_* TLVs) or "payload" (one
    message_payload). ``ports=(destination, origin)`` puts application port addressing
    (3GPP TS 23.040; IEI 0x05, or 0x04 with ``port_bits=8``) in the UDH of every part."""
    if encoding is None:
        c = choose_encoding(text, method=method, default_alphabet=default_alphabet)
        encoding, data_coding = c.encoding, c.data_coding
        single_shift, locking_shift = c.single_shift, c.locking_shift
    else:
        # A data_coding given as an int (e.g. 0xF0, flash) is kept as it is.
        data_coding = (
            encoding if isinstance(encoding, int) else _smpp.data_coding_for(encoding, default_alphabet)
        )
    parts = _smpp.split_text(
        text,
        encoding,
        method,
        reference=reference,
        packed=packed,
        errors=errors,
        single_shift=single_shift,
        locking_shift=locking_shift,
        default_alphabet=default_alphabet,
        ports=ports,
        port_bits=port_bits,
    )
    return data_coding, [Segment(*p) for p in parts]


def message_text(pdu: Pdu, *, errors: str = "replace", default_alphabet: str = "gsm7") -> MessageText:
    """The text of a deliver_sm / data_sm / submit_sm (UDH removed; None for binary data),
    its payload and its concatenation info ``(reference, total, seqnum, "udh"|"sar")``."""
    return MessageText(*_smpp.message_text(pdu, errors=errors, default_alphabet=default_alphabet))


class Assembled(NamedTuple):
    """A whole message put back together from its parts (or a single-part message)."""

    source_addr: str
    destination_addr: str
    data_coding: int
    payload: bytes
    text: Optional[str]
    parts: int
    #: Application ports ``(destination, origin)``, as in :class:`MessageText`.
    ports: Optional[Tuple[int, int]] = None


class MessageAssembler:
    """Reassembles long MO messages (UDH or SAR) from deliver_sm / data_sm PDUs, over the
    bounded :class:`smpp.Reassembler`. ``feed(pdu, now)`` returns the whole message once its
    last part is in, else None; call ``expired(now)`` now and then to drop stale parts."""

    def __init__(self, *, timeout: float = 300.0, max_messages: int = 256,
                 max_buffered_bytes: int = 262144, default_alphabet: str = "gsm7") -> None:
        self._r = _smpp.Reassembler(timeout=timeout, max_messages=max_messages,
                                    max_buffered_bytes=max_buffered_bytes)
        self._alphabet = default_alphabet

    def feed(self, pdu: Pdu, now: float) -> Optional[Assembled]:
        src = str(getattr(pdu, "source_addr", ""))
        dst = str(getattr(pdu, "destination_addr", ""))
        dc = int(getattr(pdu, "data_coding", 0))
        mt = message_text(pdu, default_alphabet=self._alphabet)
        if mt.concat is None or mt.concat[1] <= 1:
            return Assembled(src, dst, dc, mt.payload, mt.text, 1, mt.ports)
        ref, total, seq, _src = mt.concat
        key = "\0".join((src, dst, str(dc))).encode("latin-1", "replace")
        kind, data, _evicted = self._r.push(key, ref, total, seq, mt.payload, now)
        if kind != "completed" or data is None:
            return None
        try:
            text: Optional[str] = decode_text(data, dc, errors="replace", default_alphabet=self._alphabet)
        except Exception:  # binary or unsupported alphabet
            text = None
        return Assembled(src, dst, dc, data, text, total, mt.ports)

    def expired(self, now: float) -> int:
        """Drops messages whose parts stopped coming; returns how many."""
        return len(self._r.expired(now))

    def __len__(self) -> int:
        return len(self._r)
