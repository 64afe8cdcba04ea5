"""Codec: round trips (hypothesis), malformed input, field-named errors, framing, vectors."""

from __future__ import annotations

import json
import pickle
import struct

import pytest
from hypothesis import given, settings, strategies as st

import smpp
from smpp import _smpp

from conftest import VECTORS

SUBMIT_96 = bytes.fromhex(
    "0000006000000004000000000000000100050053454e4445520001013631343831303736343833000000000000010000002848656c6c6f20776f726c642c2074686973206973206120666f727479206368617220746578742121020400020007"
)


def c_str(max_len: int) -> st.SearchStrategy[str]:
    # Latin-1 without NUL, as C-octet strings carry.
    return st.text(st.characters(min_codepoint=1, max_codepoint=255), max_size=max_len)


u8 = st.integers(0, 255)
time_field = st.one_of(st.just(""), st.from_regex(r"\A[0-9]{12}[0-9]{2}[0-4][+R-]\Z"))
tlv_list = st.lists(
    st.tuples(st.integers(0x1400, 0x3FFF), st.binary(max_size=40)), max_size=4
)

submit_fields = st.fixed_dictionaries(
    {
        "service_type": c_str(5),
        "source_addr_ton": u8,
        "source_addr_npi": u8,
        "source_addr": c_str(20),
        "dest_addr_ton": u8,
        "dest_addr_npi": u8,
        "destination_addr": c_str(20),
        "esm_class": u8,
        "protocol_id": u8,
        "priority_flag": u8,
        "schedule_delivery_time": time_field,
        "validity_period": time_field,
        "registered_delivery": u8,
        "replace_if_present_flag": u8,
        "data_coding": u8,
        "sm_default_msg_id": u8,
        "short_message": st.binary(max_size=254),
        "sequence_number": st.integers(1, 0x7FFFFFFF),
        "tlvs": tlv_list,
    }
)


@settings(max_examples=300, deadline=None)
@given(submit_fields, st.sampled_from([smpp.SubmitSm, smpp.DeliverSm]))
def test_short_message_round_trip(fields, cls):
    pdu = cls(**fields)
    data = smpp.encode(pdu)
    back = smpp.decode(data)
    assert type(back) is cls
    assert back == pdu
    assert smpp.encode(back) == data
    for k, v in fields.items():
        assert getattr(back, k) == v, k
    assert back.command_length == len(data)
    assert pickle.loads(pickle.dumps(back)) == back
    assert back.replace() == back


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["BindTransmitter", "BindReceiver", "BindTransceiver"]),
    c_str(15),
    c_str(8),
    c_str(12),
    u8,
    c_str(40),
)
def test_bind_round_trip(name, system_id, password, system_type, version, address_range):
    cls = getattr(smpp, name)
    pdu = cls(system_id=system_id, password=password, system_type=system_type,
              interface_version=version, address_range=address_range, sequence_number=9)
    back = smpp.decode(smpp.encode(pdu))
    assert (back.system_id, back.password, back.system_type, back.interface_version,
            back.address_range) == (system_id, password, system_type, version, address_range)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.one_of(st.tuples(u8, u8, c_str(20)), c_str(20)), max_size=10),
    st.binary(max_size=100),
)
def test_submit_multi_round_trip(dests, msg):
    pdu = smpp.SubmitMulti(source_addr="S", dest_addresses=dests, short_message=msg)
    back = smpp.decode(smpp.encode(pdu))
    assert back.dest_addresses == dests
    assert back.short_message == msg


def test_every_pdu_class_round_trips():
    classes = [c for c in vars(smpp).values()
               if isinstance(c, type) and issubclass(c, smpp.Pdu) and c not in (smpp.Pdu, smpp.UnknownPdu)]
    assert len(classes) == 33
    for cls in classes:
        kw = {}
        if cls is smpp.BroadcastSm:
            kw["tlvs"] = [("broadcast_area_identifier", b"\x00\x01"), ("broadcast_content_type", b"\x00\x00\x01"),
                          ("broadcast_rep_num", 1), ("broadcast_frequency_interval", b"\x09\x00\x01")]
        if cls is smpp.QueryBroadcastSmResp:
            kw["tlvs"] = [("message_state", 2), ("broadcast_area_identifier", b"\x00\x01"),
                          ("broadcast_area_success", 100)]
        pdu = cls(sequence_number=7, **kw)
        back = smpp.decode(smpp.encode(pdu))
        assert type(back) is cls and back == pdu and back.sequence_number == 7
        assert back.command_id == smpp.CommandId[back.command_name.upper()]


def test_decode_fields_and_tlvs():
    pdu = smpp.decode(SUBMIT_96)
    assert isinstance(pdu, smpp.SubmitSm)
    assert pdu.command_id == smpp.CommandId.SUBMIT_SM == 4
    assert pdu.command_status == 0 and pdu.sequence_number == 1
    assert pdu.source_addr == "SENDER" and pdu.source_addr_ton == smpp.Ton.ALPHANUMERIC
    assert pdu.destination_addr == "61481076483"
    assert pdu.short_message == b"Hello world, this is a forty char text!!"
    assert pdu.registered_delivery == 1
    assert pdu.user_message_reference == 7
    assert pdu.tlvs == [(0x0204, b"\x00\x07")]
    assert pdu.message == pdu.short_message
    assert pdu.message_payload is None
    assert len(SUBMIT_96) == 96


def test_build_matches_reference_bytes():
    pdu = smpp.SubmitSm(
        source_addr="SENDER", source_addr_ton=5, destination_addr="61481076483",
        dest_addr_ton=1, dest_addr_npi=1, registered_delivery=1,
        short_message=b"Hello world, this is a forty char text!!", sequence_number=1,
        tlvs={"user_message_reference": 7},
    )
    assert smpp.encode(pdu) == SUBMIT_96
    assert bytes(pdu) == SUBMIT_96
    assert smpp.encode(pdu, sequence_number=5)[12:16] == b"\x00\x00\x00\x05"


def test_typed_tlvs():
    pdu = smpp.DeliverSm(
        esm_class=4,
        tlvs=[("receipted_message_id", "abc"), ("message_state", 2), ("network_error_code", (3, 1)),
              ("sar_msg_ref_num", 300), ("sar_total_segments", 2), ("sar_segment_seqnum", 1),
              ("source_port", 1), ("destination_port", 2), ("message_payload", b"x" * 300),
              (0x1500, b"vendor")],
    )
    back = smpp.decode(smpp.encode(pdu))
    assert back.receipted_message_id == "abc"
    assert back.tlv(smpp.TlvTag.RECEIPTED_MESSAGE_ID) == b"abc\x00"
    assert back.message_state == smpp.MessageState.DELIVERED
    assert back.network_error_code == (3, 1)
    assert (back.sar_msg_ref_num, back.sar_total_segments, back.sar_segment_seqnum) == (300, 2, 1)
    assert (back.source_port, back.destination_port) == (1, 2)
    assert back.message_payload == b"x" * 300 and back.message == b"x" * 300
    assert back.tlvs[-1] == (0x1500, b"vendor")
    assert back.sc_interface_version is None


def test_latin1_strings_round_trip():
    pdu = smpp.SubmitSm(source_addr="Ünïcödé", destination_addr=b"\xff\x80")
    back = smpp.decode(smpp.encode(pdu))
    assert back.source_addr == "Ünïcödé" and back.destination_addr == "\xff\x80"
    with pytest.raises(smpp.TextEncodeError):
        smpp.SubmitSm(source_addr="€")


def test_field_too_long_names_the_field():
    with pytest.raises(smpp.FieldTooLong) as e:
        smpp.SubmitSm(source_addr="x" * 21)
    assert e.value.field == "source_addr" and e.value.length == 21 and e.value.max == 20
    assert isinstance(e.value, smpp.SmppError) and isinstance(e.value, ValueError)
    with pytest.raises(smpp.FieldTooLong) as e:
        smpp.BindTransmitter(password="123456789")
    assert e.value.field == "password"
    with pytest.raises(smpp.FieldTooLong) as e:
        smpp.SubmitSm(short_message=b"x" * 255)
    assert e.value.field == "short_message"
    with pytest.raises(smpp.FieldTooLong):
        smpp.SubmitSm(destination_addr="a\x00b")
    with pytest.raises(TypeError):
        smpp.SubmitSm(short_message="text")  # type: ignore[arg-type]


def test_decode_error_carries_field_offset_status():
    bad = bytearray(SUBMIT_96)
    # Remove every NUL after source_addr: the C-octet string has no terminator in its 21 octets.
    body = bytes(bad[:16]) + b"\x00\x05\x00" + b"S" * 60
    data = struct.pack(">I", len(body)) + body[4:]
    with pytest.raises(smpp.PduDecodeError) as e:
        smpp.decode(data)
    err = e.value
    assert err.field == "source_addr"
    assert err.offset == 19
    assert err.command_status == smpp.CommandStatus.ESME_RINVSRCADR
    assert err.sequence_number == 1 and err.command_id == 4
    assert err.kind == "too_long"


def test_framing_errors():
    with pytest.raises(smpp.FramingError) as e:
        smpp.decode(b"\x00\x00\x00\x04" + b"\x00" * 12)
    assert e.value.command_status == smpp.CommandStatus.ESME_RINVCMDLEN
    with pytest.raises(smpp.PduDecodeError):
        smpp.decode(SUBMIT_96[:50])
    with pytest.raises(smpp.PduDecodeError):
        smpp.decode(SUBMIT_96 + b"\x00")
    with pytest.raises(smpp.FramingError):
        smpp.split_frames(b"\xff\xff\xff\xff")


@settings(max_examples=2000, deadline=None)
@given(st.binary(max_size=300))
def test_garbage_raises_only_smpp_errors(data):
    try:
        pdu = smpp.decode(data)
    except smpp.SmppError:
        return
    # Whatever decodes re-encodes to an equivalent PDU.
    assert smpp.decode(smpp.encode(pdu)) is not None


@settings(max_examples=500, deadline=None)
@given(st.integers(16, 95), st.integers(0, 255), st.integers(16, 95))
def test_mutated_submit_raises_only_smpp_errors(pos, value, cut):
    data = bytearray(SUBMIT_96)
    data[pos] = value
    for candidate in (bytes(data), bytes(data[:cut])):
        candidate = struct.pack(">I", len(candidate)) + candidate[4:]
        try:
            smpp.decode(candidate)
        except smpp.SmppError:
            pass


def test_split_frames_and_framer():
    el = smpp.encode(smpp.EnquireLink(sequence_number=3))
    stream = SUBMIT_96 + el + SUBMIT_96[:10]
    frames, rest = smpp.split_frames(stream)
    assert frames == [SUBMIT_96, el] and rest == SUBMIT_96[:10]
    assert smpp.frame_length(stream) == 96 and smpp.frame_length(b"\x00\x00") is None
    f = smpp.Framer()
    got = []
    for i in range(0, len(stream), 7):
        got += list(f.feed(stream[i:i + 7]))
    assert [p.command_name for p in got] == ["submit_sm", "enquire_link"]
    assert f.buffered == 10
    bad = smpp.Framer()
    with pytest.raises(smpp.FramingError):
        list(bad.feed(b"\x00\x00\x00\x01"))
    with pytest.raises(smpp.FramingError):
        list(bad)


def test_unknown_pdu_kept():
    raw = struct.pack(">IIII", 20, 0x00010200, 0, 5) + b"abcd"
    pdu = smpp.decode(raw)
    assert isinstance(pdu, smpp.UnknownPdu) and pdu.body == b"abcd" and pdu.command_id == 0x10200
    assert smpp.encode(pdu) == raw
    assert smpp.UnknownPdu(command_id=0x10200, body=b"abcd", sequence_number=5) == pdu


def test_response_helper_and_repr():
    sm = smpp.SubmitSm(sequence_number=42, source_addr="A")
    resp = sm.response(message_id="m")
    assert isinstance(resp, smpp.SubmitSmResp) and resp.sequence_number == 42 and resp.message_id == "m"
    assert "source_addr='A'" in repr(sm)
    assert sm.to_dict()["source_addr"] == "A"
    with pytest.raises(TypeError):
        smpp.Pdu()
    err = smpp.SubmitSmResp(command_status=0x45)
    assert smpp.encode(err)[:4] == b"\x00\x00\x00\x10"  # error response: empty body


def _vectors():
    out = []
    for name in ("node_smpp.json", "smpplib.json"):
        p = VECTORS / name
        if p.exists():
            out += [(name, v) for v in json.loads(p.read_text())]
    return out


@pytest.mark.parametrize("source,vector", _vectors(), ids=lambda v: v if isinstance(v, str) else v["name"][:60])
def test_recorded_peer_vectors(source, vector):
    data = bytes.fromhex(vector["hex"])
    if "parse_error" in vector:
        with pytest.raises(smpp.SmppError):
            smpp.decode(data)
        return
    if vector.get("spec_deviation"):
        # The peer broke an SMPP rule: a strict decoder may refuse it, with a reason.
        try:
            pdu = smpp.decode(data)
        except smpp.PduDecodeError as e:
            assert e.command_status != 0 and e.field
            return
    else:
        pdu = smpp.decode(data)
    assert pdu.command_id == vector["command_id"]
    assert pdu.command_status == vector["command_status"]
    assert pdu.sequence_number == vector["sequence_number"]
    for k, v in vector["fields"].items():
        if k.endswith("_hex"):
            assert getattr(pdu, k[:-4]) == bytes.fromhex(v), k
        elif k in ("sm_length", "number_of_dests", "no_unsuccess"):
            continue
        elif isinstance(v, (str, int)):
            assert getattr(pdu, k) == v, k
    assert [(t, b.hex()) for t, b in pdu.tlvs] == [(t["tag"], t["hex"]) for t in vector["tlvs"]]
    assert smpp.decode(smpp.encode(pdu)) == pdu


def test_constants_in_sync_with_rust():
    import subprocess, sys, pathlib
    tool = pathlib.Path(__file__).resolve().parents[1] / "tools" / "gen_constants.py"
    r = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert len(smpp.CommandStatus) >= 67
    assert smpp.CommandStatus(0x58).description.startswith("Throttling")
    assert smpp.CommandStatus(0x401).name == "UNKNOWN_0x401"
    assert smpp.CommandStatus.ESME_RINVOPTPARSTREAM is smpp.CommandStatus.ESME_RINVTLVSTREAM
    assert {n for n, _, _ in _smpp._command_statuses()} <= set(smpp.CommandStatus.__members__)


def test_cli_decode():
    import subprocess, sys
    r = subprocess.run([sys.executable, "-m", "smpp", "decode", SUBMIT_96.hex(), "--compact"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["command"] == "submit_sm" and out["source_addr"] == "SENDER"
    assert out["text"] == "Hello world, this is a forty char text!!"
    r = subprocess.run([sys.executable, "-m", "smpp", "decode", "00000004"], capture_output=True, text=True, timeout=30)
    assert r.returncode != 0
