"""Text codecs, splitting, counting, receipts and reassembly."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

import smpp


def test_encode_decode_gsm():
    assert smpp.encode_text("Price: 5€") == b"Price: 5\x1b\x65"
    assert smpp.decode_text(b"Price: 5\x1b\x65") == "Price: 5€"
    with pytest.raises(smpp.TextEncodeError):
        smpp.encode_text("a✓b")
    assert smpp.encode_text("a✓b", errors="replace") == b"a?b"
    assert smpp.encode_text("ü", "ucs2") == b"\x00\xfc"
    assert smpp.decode_text(b"\xd8\x3d\xde\x00", 8) == "😀"
    with pytest.raises(smpp.TextDecodeError):
        smpp.decode_text(b"\x80", 0)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_ucs2_round_trip(text):
    assert smpp.decode_text(smpp.encode_text(text, "ucs2"), 8) == text


def test_choose_and_count():
    assert smpp.choose_encoding("Hello €").encoding == "gsm7"
    c = smpp.choose_encoding("Günaydın")
    assert (c.encoding, c.data_coding) == ("ucs2", 8)
    c = smpp.choose_encoding("Günaydın", national=["turkish"])
    assert c.encoding == "gsm7" and c.single_shift == "turkish"
    n = smpp.count_segments("a" * 161)
    assert (n.units, n.segments, n.units_per_segment, n.remaining_in_last) == (161, 2, 153, 145)
    assert smpp.count_segments("a" * 160).segments == 1
    assert smpp.count_segments("я" * 71).segments == 2


def test_split_udh_and_sar():
    dc, parts = smpp.split_text("a" * 200, reference=0x42)
    assert dc == 0 and len(parts) == 2
    assert parts[0].user_data[:6] == bytes([5, 0, 3, 0x42, 2, 1]) and parts[0].esm_class_bits == 0x40
    dc, parts = smpp.split_text("a" * 200, method="sar", reference=9)
    assert [p.sar for p in parts] == [(9, 2, 1), (9, 2, 2)] and parts[0].esm_class_bits == 0
    dc, parts = smpp.split_text("x" * 500, method="payload")
    assert len(parts) == 1 and len(parts[0].user_data) == 500


def test_message_text_reads_udh():
    dc, parts = smpp.split_text("Привет, мир! " * 10, reference=3)
    pdus = [smpp.DeliverSm(esm_class=p.esm_class_bits, data_coding=dc, short_message=p.user_data) for p in parts]
    texts = [smpp.message_text(p) for p in pdus]
    assert "".join(t.text or "" for t in texts) == "Привет, мир! " * 10
    assert texts[0].concat == (3, len(parts), 1, "udh")


def test_receipts():
    r = smpp.parse_receipt(
        b"id:0123456789 sub:001 dlvrd:001 submit date:2410151200 done date:2410151201 stat:DELIVRD err:000 text:Hello"
    )
    assert r is not None and r.message_id == "0123456789" and r.stat == "DELIVRD"
    assert r.message_state == smpp.MessageState.DELIVERED and r.err == 0 and r.text == b"Hello"
    assert r.done_date == dt.datetime(2024, 10, 15, 12, 1, tzinfo=dt.timezone.utc)
    assert r.matches("0123456789") and r.matches("75BCD15")
    with pytest.raises(smpp.ReceiptParseError):
        smpp.parse_receipt("hello there")
    text = smpp.format_receipt("abc", stat="UNDELIV", err=5, submit_date=dt.datetime(2024, 1, 2, 3, 4),
                               done_date=dt.datetime(2024, 1, 2, 3, 5), text="hi")
    assert text == b"id:abc sub:001 dlvrd:000 submit date:2401020304 done date:2401020305 stat:UNDELIV err:005 text:hi"
    pdu = smpp.DeliverSm(esm_class=4, short_message=text,
                         tlvs=[("receipted_message_id", "ABC"), ("message_state", 5)])
    r = smpp.parse_receipt(pdu)
    assert r is not None and r.message_id == "ABC" and r.message_state == 5 and r.stat == "UNDELIV"
    assert smpp.parse_receipt(smpp.DeliverSm(short_message=b"MO")) is None


def test_reassembler():
    ra = smpp.Reassembler(timeout=10.0)
    assert ra.push(b"k", 7, 2, 2, b" world", 1.0)[0] == "stored"
    kind, data, _ = ra.push(b"k", 7, 2, 1, b"hello", 1.5)
    assert (kind, data) == ("completed", b"hello world")
    ra.push(b"k", 8, 3, 1, b"a", 2.0)
    assert ra.next_deadline() == pytest.approx(12.0)
    (inc,) = ra.expired(20.0)
    assert inc[0] == "expired" and inc[2] == 8 and inc[4] == [(1, b"a")]
    with pytest.raises(ValueError):
        ra.push(b"k", 1, 2, 3, b"x", 0.0)
