"""PDU logging shared by the drivers (asyncio client and server, blocking client).

Every PDU sent and received is logged at DEBUG on the ``smpp.pdu`` logger, with its fields
(like node-smpp's debug output)::

    smpp.pdu DEBUG sent 127.0.0.1:2775 submit_sm #3 ESME_ROK source_addr='SENDER' ...

Each record also carries ``smpp_pdu`` (the decoded PDU object, or None when the octets did
not decode), ``smpp_direction`` ("sent" / "received") and ``smpp_peer``, for filters and
handlers that want more than the text.

The hot path pays only for ``isEnabledFor(DEBUG)``: sent octets are split and decoded only
when DEBUG is on. Received octets arrive in arbitrary chunks, so a connection frames them
(:class:`ReceivedLog`) only when DEBUG was on for ``smpp.pdu`` when the connection opened.
"""

from __future__ import annotations

import logging
from typing import Any, Optional

from smpp._smpp import Pdu, decode, split_frames
from smpp.constants import CommandStatus, TlvTag
from smpp.exceptions import SmppError

__all__ = ["pdu_log", "describe", "log_sent", "ReceivedLog"]

pdu_log = logging.getLogger("smpp.pdu")
DEBUG = logging.DEBUG


def _tlv_name(tag: int) -> str:
    try:
        return TlvTag(tag).name.lower()
    except ValueError:  # pragma: no cover - the open enum makes pseudo-members
        return "0x%04X" % tag


def describe(pdu: Pdu) -> str:
    """One line with the PDU's name, sequence_number, command_status and every field."""
    status = CommandStatus(pdu.command_status)
    parts = ["%s #%d %s" % (pdu.command_name, pdu.sequence_number, status.name)]
    fields = getattr(type(pdu), "_fields", ())
    for name in fields:
        parts.append("%s=%r" % (name, getattr(pdu, name)))
    tlvs = pdu.tlvs
    if tlvs:
        parts.append("tlvs=[%s]" % ", ".join("%s=%r" % (_tlv_name(t), v) for t, v in tlvs))
    return " ".join(parts)


def _log_frame(direction: str, peer: Any, frame: bytes) -> None:
    pdu: Optional[Pdu]
    try:
        pdu = decode(frame)
        text = describe(pdu)
    except SmppError as e:
        pdu = None
        text = "undecodable PDU (%s): %s" % (e, frame[:64].hex())
    pdu_log.debug(
        "%s %s %s",
        direction,
        _peer(peer),
        text,
        extra={"smpp_pdu": pdu, "smpp_direction": direction, "smpp_peer": peer},
    )


def _peer(peer: Any) -> str:
    if isinstance(peer, tuple) and len(peer) >= 2:
        return "%s:%s" % (peer[0], peer[1])
    return str(peer)


def log_sent(data: bytes, peer: Any) -> None:
    """Logs the PDUs in ``data`` (whole PDUs, as a session's data_to_send() returns them).
    Call it only when ``pdu_log.isEnabledFor(logging.DEBUG)``."""
    try:
        frames, rest = split_frames(data)
    except SmppError:  # pragma: no cover - our own session wrote these octets
        pdu_log.debug("sent %s %d undecodable octets", _peer(peer), len(data))
        return
    for f in frames:
        _log_frame("sent", peer, f)
    if rest:  # pragma: no cover - data_to_send() hands out whole PDUs
        pdu_log.debug("sent %s %d octets of a partial PDU", _peer(peer), len(rest))


class ReceivedLog:
    """Frames a connection's received octets to log each PDU. Made when the connection
    opens (only if DEBUG is on then), so that framing starts on a PDU boundary; while
    DEBUG is off later, the octets are still framed (cheaply) to stay in step."""

    __slots__ = ("peer", "_buf", "_broken")

    def __init__(self, peer: Any) -> None:
        self.peer = peer
        self._buf = b""
        self._broken = False

    @staticmethod
    def wanted() -> bool:
        """True when a new connection should log what it receives."""
        return pdu_log.isEnabledFor(DEBUG)

    def feed(self, data: bytes) -> None:
        if self._broken:
            return
        try:
            frames, self._buf = split_frames(self._buf + data if self._buf else bytes(data))
        except SmppError as e:
            # A bad command_length: the session closes the connection; stop framing.
            self._broken = True
            if pdu_log.isEnabledFor(DEBUG):
                pdu_log.debug("received %s unframeable octets (%s)", _peer(self.peer), e)
            return
        if frames and pdu_log.isEnabledFor(DEBUG):
            for f in frames:
                _log_frame("received", self.peer, f)
