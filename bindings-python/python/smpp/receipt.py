"""Delivery receipts: read them from text or from a deliver_sm, write them (SMSC side),
match their ids with submit_sm_resp ids."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Optional, Tuple, Union

from smpp import _smpp
from smpp._smpp import Pdu

__all__ = ["DeliveryReceipt", "parse_receipt", "format_receipt", "ids_match"]

ids_match = _smpp.ids_match


def _date(t: Optional[Tuple[int, int, int, int, int, int, int]]) -> Optional[_dt.datetime]:
    if t is None:
        return None
    y, mo, d, h, mi, s, ms = t
    return _dt.datetime(y, mo, d, h, mi, s, ms * 1000, tzinfo=_dt.timezone.utc)


@dataclass(frozen=True)
class DeliveryReceipt:
    """A delivery receipt. From a PDU, the receipted_message_id / message_state /
    network_error_code TLVs win over the text."""

    message_id: str
    stat: Optional[str] = None
    message_state: Optional[int] = None
    err: Union[int, str, None] = None
    sub: Optional[int] = None
    dlvrd: Optional[int] = None
    submit_date: Optional[_dt.datetime] = None
    done_date: Optional[_dt.datetime] = None
    text: Optional[bytes] = None
    network_error_code: Optional[Tuple[int, int]] = None

    @property
    def is_final(self) -> bool:
        return self.message_state in (2, 3, 4, 5, 6, 8, 9)

    @property
    def delivered(self) -> bool:
        return self.message_state == 2

    def matches(self, submit_sm_resp_message_id: str) -> bool:
        """Whether this receipt is about that message (hex vs decimal, zeros, case)."""
        return ids_match(submit_sm_resp_message_id, self.message_id)


def _from_tuple(t: Any, **over: Any) -> DeliveryReceipt:
    rid, sub, dlvrd, sdate, ddate, stat, state, err, text = t
    kw = dict(
        message_id=rid,
        stat=stat,
        message_state=state,
        err=err,
        sub=sub,
        dlvrd=dlvrd,
        submit_date=_date(sdate),
        done_date=_date(ddate),
        text=text,
    )
    kw.update(over)
    return DeliveryReceipt(**kw)


def parse_receipt(source: Union[bytes, str, Pdu]) -> Optional[DeliveryReceipt]:
    """Reads a receipt from its text (raises ReceiptParseError when it is not one) or from a
    deliver_sm / data_sm PDU (returns None when esm_class does not mark a receipt)."""
    if isinstance(source, Pdu):
        r = _smpp.pdu_receipt(source)
        if r is None:
            return None
        mid, state, nec, stat, text = r
        if text is None:
            return DeliveryReceipt(message_id=mid, stat=stat, message_state=state, network_error_code=nec)
        return _from_tuple(text, message_id=mid, stat=stat, message_state=state, network_error_code=nec)
    return _from_tuple(_smpp.parse_receipt_text(source))


def _date_tuple(d: Optional[_dt.datetime]) -> Optional[Tuple[int, int, int, int, int, int, int]]:
    if d is None:
        return None
    if d.tzinfo is not None:
        d = d.astimezone(_dt.timezone.utc)
    return (d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond // 1000)


def format_receipt(
    message_id: str,
    *,
    stat: str = "DELIVRD",
    sub: Optional[int] = 1,
    dlvrd: Optional[int] = None,
    submit_date: Optional[_dt.datetime] = None,
    done_date: Optional[_dt.datetime] = None,
    err: Union[int, str, None] = 0,
    text: Union[bytes, str, None] = b"",
) -> bytes:
    """The receipt text in the SMPP 3.4 Appendix B layout:
    ``id:… sub:001 dlvrd:001 submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DELIVRD err:000 text:…``.
    ``dlvrd`` defaults to 1 for DELIVRD and 0 otherwise; dates default to now (UTC)."""
    now = _dt.datetime.now(_dt.timezone.utc)
    if dlvrd is None:
        dlvrd = 1 if stat.upper() in ("DELIVRD", "DELIVERED") else 0
    return _smpp.format_receipt(
        message_id,
        sub=sub,
        dlvrd=dlvrd,
        submit_date=_date_tuple(submit_date or now),
        done_date=_date_tuple(done_date or now),
        stat=stat,
        err=err,
        text=text,
    )
