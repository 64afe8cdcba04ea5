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


def test_application_ports():
    # WAP push style: 16-bit ports 2948 <- 9200 in every part, before the concatenation IE.
    dc, parts = smpp.split_text("x" * 134, "latin1", reference=0x42, ports=(2948, 9200))
    assert dc == 3 and [len(p.user_data) - 12 for p in parts] == [128, 6]
    assert parts[1].user_data[:12] == bytes([0x0B, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, 0x00, 0x03, 0x42, 2, 2])
    dc, (one,) = smpp.split_text("hi", ports=(0xF5, 0), port_bits=8)
    assert one.user_data == bytes([4, 4, 2, 0xF5, 0]) + b"hi" and one.esm_class_bits == 0x40
    assert smpp.count_segments("a" * 153, ports=(1, 2)).segments == 2  # 160 - 7 UDH septets
    assert smpp.count_segments("a" * 153).segments == 1
    with pytest.raises(ValueError, match="ports"):
        smpp.split_text("hi", ports=(300, 0), port_bits=8)
    with pytest.raises(ValueError, match="port_bits"):
        smpp.split_text("hi", ports=(1, 0), port_bits=12)
    # Received: from the UDH, else from the destination_port / source_port TLVs.
    mt = smpp.message_text(smpp.DeliverSm(esm_class=0x40, short_message=one.user_data))
    assert (mt.text, mt.ports) == ("hi", (0xF5, 0))
    tl = smpp.DeliverSm(short_message=b"hi", tlvs=[("destination_port", 5000), ("source_port", 16)])
    assert smpp.message_text(tl).ports == (5000, 16)
    assert smpp.message_text(smpp.DeliverSm(short_message=b"hi")).ports is None
    asm = smpp.text.MessageAssembler()
    dc, parts = smpp.split_text("y" * 300, reference=7, ports=(2948, 9200))
    got = [asm.feed(smpp.DeliverSm(esm_class=p.esm_class_bits, data_coding=dc, short_message=p.user_data), 0.0)
           for p in parts]
    assert got[-1] is not None and got[-1].text == "y" * 300 and got[-1].ports == (2948, 9200)


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


def test_cyrillic_and_hebrew():
    assert smpp.encode_text("Привет", "cyrillic") == bytes([0xBF, 0xE0, 0xD8, 0xD2, 0xD5, 0xE2])
    assert smpp.decode_text(bytes([0xBF, 0xE0, 0xD8, 0xD2, 0xD5, 0xE2]), 6) == "Привет"
    assert smpp.decode_text(smpp.encode_text("שלום", "iso-8859-8"), 7) == "שלום"
    with pytest.raises(smpp.TextDecodeError):
        smpp.decode_text(b"\xa1", "hebrew")
    with pytest.raises(smpp.TextEncodeError):
        smpp.encode_text("я", "hebrew")
    dc, parts = smpp.split_text("ж" * 141, "cyrillic")
    assert dc == 6 and [len(p.user_data) for p in parts] == [140, 13]
    assert smpp.split_text("x", "latin-1")[0] == 3  # aliases map to their data_coding
    assert smpp.split_text("x", 0xF0)[0] == 0xF0  # an int data_coding is kept
    assert smpp.split_text("x", "latin1", default_alphabet="latin1")[0] == 0  # the link's default
    with pytest.raises(ValueError, match="encoding: GSM 7-bit"):
        smpp.split_text("x", "gsm7", default_alphabet="latin1")
    assert smpp.count_segments("é", default_alphabet="latin1").data_coding == 0
    assert smpp.message_text(smpp.DeliverSm(data_coding=7, short_message=smpp.encode_text("שלום", "hebrew"))).text == "שלום"
