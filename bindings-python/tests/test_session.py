"""The sans-IO Session driven in pairs on a fake clock."""

from __future__ import annotations

import pytest

import smpp
from smpp import events

from conftest import Clock, SessionPair


def test_bind_submit_respond(pair: SessionPair):
    pair.bind()
    assert pair.esme.state == "bound" and pair.esme.bound_kind == "trx"
    seq = pair.esme.submit_sm(now=pair.clock(), source_addr="A", destination_addr="B", short_message=b"hi")
    e, s = pair.exchange()
    assert e == []
    (req,) = s
    assert isinstance(req, smpp.Request) and req.sequence_number == seq
    assert isinstance(req.pdu, smpp.SubmitSm) and req.pdu.short_message == b"hi"
    pair.smsc.respond(seq, 0, req.pdu.response(message_id="42"), now=pair.clock())
    e, s = pair.exchange()
    (resp,) = e
    assert isinstance(resp, smpp.Response)
    assert smpp.Response.__match_args__ == ("sequence_number", "request", "command_status", "pdu")
    sequence_number, request, command_status, pdu = (getattr(resp, a) for a in resp.__match_args__)
    assert (sequence_number, request, command_status) == (seq, smpp.CommandId.SUBMIT_SM, 0)
    assert pdu.message_id == "42"
    assert pair.esme.in_flight == 0


def test_bind_refused(clock: Clock):
    p = SessionPair(clock)
    seq = p.esme.bind("tx", system_id="x", password="y", now=clock())
    _, s = p.exchange()
    p.smsc.reject_bind(s[0].sequence_number, smpp.CommandStatus.ESME_RINVPASWD, now=clock())
    e, _ = p.exchange()
    assert e == [smpp.BindRefused(seq, smpp.CommandStatus.ESME_RINVPASWD)]
    assert p.esme.state == "open"


def test_respond_without_pdu_builds_the_right_response(pair: SessionPair):
    pair.bind()
    seq = pair.esme.send(smpp.QuerySm(message_id="7"), now=pair.clock())
    _, s = pair.exchange()
    pair.smsc.respond(s[0].sequence_number, smpp.CommandStatus.ESME_RQUERYFAIL, now=pair.clock())
    e, _ = pair.exchange()
    assert e[0].sequence_number == seq and isinstance(e[0].pdu, smpp.QuerySmResp)
    assert e[0].command_status == smpp.CommandStatus.ESME_RQUERYFAIL


def test_response_timeout_frees_the_slot(pair: SessionPair):
    pair.bind()
    seq = pair.esme.submit_sm(now=pair.clock(), source_addr="A", destination_addr="B")
    pair.exchange()  # the SMSC never answers
    assert pair.esme.next_deadline() == pytest.approx(pair.clock() + 5.0)
    e, _ = pair.tick(4.9)
    assert e == []
    e, _ = pair.tick(0.2)
    assert e == [events.ResponseTimeout(seq, smpp.CommandId.SUBMIT_SM)]
    assert pair.esme.in_flight == 0


def test_window_full_then_can_send(pair: SessionPair):
    pair.bind()
    now = pair.clock()
    seqs = [pair.esme.submit_sm(now=now, source_addr="A", destination_addr="B") for _ in range(3)]
    assert not pair.esme.can_send
    with pytest.raises(smpp.WindowFull):
        pair.esme.submit_sm(now=now, source_addr="A", destination_addr="B")
    _, s = pair.exchange()
    assert [r.sequence_number for r in s] == seqs
    pair.smsc.respond(seqs[0], now=now)
    e, _ = pair.exchange()
    assert isinstance(e[0], smpp.Response) and isinstance(e[1], smpp.CanSend)
    pair.esme.submit_sm(now=now, source_addr="A", destination_addr="B")


def test_rate_limit(clock: Clock):
    p = SessionPair(clock, send_rate=2, send_burst=1)
    p.bind()
    p.esme.submit_sm(now=clock(), source_addr="A", destination_addr="B")
    with pytest.raises(smpp.RateLimited) as e:
        p.esme.submit_sm(now=clock(), source_addr="A", destination_addr="B")
    assert e.value.retry_at > clock()
    p.exchange()
    assert p.esme.next_deadline() is not None
    e2, _ = p.tick(0.6)
    assert any(isinstance(x, smpp.CanSend) for x in e2)


def test_enquire_link_is_automatic(clock: Clock):
    p = SessionPair(clock, enquire_link_interval=10.0, response_timeout=5.0)
    p.bind()
    e, s = p.tick(10.0)
    # enquire_link and its response are handled inside the sessions: no events.
    assert e == [] and s == []
    assert p.esme.stats["pdus_sent"] >= 2


def test_enquire_link_timeout_closes_with_pending(clock: Clock):
    p = SessionPair(clock, enquire_link_interval=10.0, response_timeout=5.0)
    p.bind()
    seq = p.esme.submit_sm(now=clock(), source_addr="A", destination_addr="B")
    p.esme.data_to_send()  # lost on the way
    now = clock.advance(10.0)
    p.esme.handle_timeout(now)
    p.esme.data_to_send()  # the keep-alive is lost too
    evs = []
    for _ in range(3):
        p.esme.handle_timeout(clock.advance(4.0))
        evs += p.esme.events()
    kinds = [type(x) for x in evs]
    assert events.ResponseTimeout in kinds or smpp.Closed in kinds
    closed = [x for x in evs if isinstance(x, smpp.Closed)]
    assert closed and closed[0].reason == "enquire_link_timeout"
    timeouts = [x.sequence_number for x in evs if isinstance(x, events.ResponseTimeout)]
    pending = [sq for sq, _ in closed[0].pending]
    # Every request has exactly one outcome.
    assert sorted(timeouts + pending) == [seq]


def test_unbind_closes_both(pair: SessionPair):
    pair.bind()
    pair.esme.unbind(now=pair.clock())
    e, s = pair.exchange()
    assert isinstance(e[0], smpp.Response) and e[0].request == smpp.CommandId.UNBIND
    assert isinstance(e[-1], smpp.Closed) and e[-1].reason == "unbound"
    assert isinstance(s[0], smpp.Unbound) and isinstance(s[-1], smpp.Closed)
    assert pair.esme.is_closed and pair.smsc.is_closed
    with pytest.raises(smpp.SessionClosed):
        pair.esme.enquire_link(now=pair.clock())


def test_close_with_pending(pair: SessionPair):
    pair.bind()
    now = pair.clock()
    seqs = [pair.esme.submit_sm(now=now, source_addr="A", destination_addr="B") for _ in range(2)]
    pair.exchange()
    pair.esme.receive_eof(now)
    (closed,) = pair.esme.events()
    assert closed.reason == "peer_eof"
    assert closed.pending == [(s, smpp.CommandId.SUBMIT_SM) for s in seqs]


def test_abort_reports_pending(pair: SessionPair):
    pair.bind()
    seq = pair.esme.submit_sm(now=pair.clock(), source_addr="A", destination_addr="B")
    pair.esme.abort(now=pair.clock())
    evs = pair.esme.events()
    assert evs == [smpp.Closed("local_abort", evs[0].message, [(seq, 4)])]


def test_not_allowed_before_bind(clock: Clock):
    s = smpp.Session("esme", now=clock())
    with pytest.raises(smpp.LocalProtocolError):
        s.submit_sm(now=clock(), source_addr="A", destination_addr="B")
    with pytest.raises(smpp.LocalProtocolError):
        s.send(smpp.SubmitSmResp(), now=clock())


def test_receiver_cannot_submit(pair: SessionPair):
    pair.bind("rx")
    with pytest.raises(smpp.LocalProtocolError):
        pair.esme.submit_sm(now=pair.clock(), source_addr="A", destination_addr="B")
    seq = pair.smsc.deliver_sm(now=pair.clock(), source_addr="1", destination_addr="2", short_message=b"mo")
    e, _ = pair.exchange()
    assert isinstance(e[0], smpp.Request) and e[0].pdu.short_message == b"mo"
    pair.esme.respond(seq, now=pair.clock())
    _, s = pair.exchange()
    assert isinstance(s[0], smpp.Response) and s[0].pdu.command_name == "deliver_sm_resp"


def test_peer_garbage_is_answered(pair: SessionPair):
    pair.bind()
    bad = smpp.encode(smpp.SubmitSm(source_addr="A", destination_addr="B", sequence_number=77))
    # Cut the terminator of destination_addr: an unparsable body.
    bad = bad[:16] + b"\x00\x00\x00A\x00\x00\x00" + b"B" * 30
    bad = len(bad).to_bytes(4, "big") + bad[4:]
    pair.smsc.receive_data(bad, pair.clock())
    (v,) = pair.smsc.events()
    assert isinstance(v, smpp.PeerViolation) and v.kind == "parse"
    assert v.field == "destination_addr" and v.answered_with == smpp.CommandStatus.ESME_RINVDSTADR
    e, _ = pair.exchange()
    nack = smpp.decode(pair.smsc.data_to_send() or smpp.encode(smpp.GenericNack()))
    assert nack is not None


def test_unknown_command_gets_generic_nack(pair: SessionPair):
    pair.bind()
    raw = smpp.encode(smpp.UnknownPdu(command_id=0x00010200, body=b"x", sequence_number=9))
    pair.smsc.receive_data(raw, pair.clock())
    (v,) = pair.smsc.events()
    assert v.kind == "unknown_command"
    out = smpp.decode(pair.smsc.data_to_send())
    assert isinstance(out, smpp.GenericNack) and out.command_status == smpp.CommandStatus.ESME_RINVCMDID
    assert out.sequence_number == 9


def test_bad_command_length_closes(pair: SessionPair):
    pair.bind()
    pair.smsc.receive_data(b"\x00\x00\x00\x05" + b"\x00" * 20, pair.clock())
    evs = pair.smsc.events()
    assert isinstance(evs[-1], smpp.Closed) and evs[-1].reason == "fatal"
    nack = smpp.decode(pair.smsc.data_to_send())
    assert nack.command_status == smpp.CommandStatus.ESME_RINVCMDLEN


def test_byte_at_a_time(pair: SessionPair):
    pair.bind()
    now = pair.clock()
    for i in range(3):
        pair.esme.submit_sm(now=now, source_addr="A", destination_addr="B", short_message=bytes([i]))
    data = pair.esme.data_to_send()
    got = []
    for b in data:
        pair.smsc.receive_data(bytes([b]), now)
        got += pair.smsc.events()
    assert [g.pdu.short_message for g in got] == [b"\x00", b"\x01", b"\x02"]


def test_session_init_timeout(clock: Clock):
    s = smpp.Session("smsc", now=clock(), session_init_timeout=2.0)
    assert s.next_deadline() == pytest.approx(clock() + 2.0)
    s.handle_timeout(clock.advance(2.0))
    (ev,) = s.events()
    assert ev.reason == "session_init_timeout"


def test_config_validation(clock: Clock):
    with pytest.raises(ValueError):
        smpp.Session("x", now=0.0)
    with pytest.raises(ValueError):
        smpp.Session("esme", now=0.0, response_timeout=-1)


def test_outbind_then_bind(clock: Clock):
    p = SessionPair(clock)
    p.smsc.outbind(system_id="SMSC", password="pw", now=clock())
    e, _ = p.exchange()
    assert e == [smpp.events.OutbindReceived("SMSC", "pw")]
    p.esme.bind("rx", system_id="esme01", password="secret", now=clock())
    _, s = p.exchange()
    assert isinstance(s[0], smpp.BindRequest) and s[0].kind == "rx"
    assert isinstance(s[0].pdu, smpp.BindReceiver) and s[0].pdu.interface_version == 0x34


def test_data_sm_both_ways(pair: SessionPair):
    pair.bind()
    seq = pair.esme.data_sm(now=pair.clock(), source_addr="A", destination_addr="B",
                            tlvs={"message_payload": b"payload"})
    _, s = pair.exchange()
    assert s[0].pdu.message == b"payload"
    pair.smsc.respond(seq, 0, s[0].pdu.response(message_id="d1"), now=pair.clock())
    e, _ = pair.exchange()
    assert e[0].pdu.message_id == "d1"


def test_eof_after_a_large_chunk_reports_every_complete_pdu(pair: SessionPair):
    # More than the session's receive buffer arrives at once, then EOF: every deliver_sm
    # received before the EOF is still reported (the binding holds the EOF back until its
    # backlog has gone into the session).
    pair.bind()
    n = 6000
    data = b"".join(
        smpp.encode(smpp.DeliverSm(source_addr="1", destination_addr="2", short_message=b"x" * 10,
                                   sequence_number=i + 1))
        for i in range(n)
    )
    assert len(data) > 2 * 66560
    esme = pair.esme
    esme.receive_data(data, now=pair.clock())
    esme.receive_eof(now=pair.clock())
    requests = 0
    last = None
    while (ev := esme.next_event()) is not None:
        if isinstance(ev, events.Request):
            requests += 1
            esme.respond(ev.sequence_number, now=pair.clock())
            esme.data_to_send()
        last = ev
    assert requests == n
    assert isinstance(last, events.Closed) and last.reason == "peer_eof"


def test_respond_only_to_requests_that_await_an_answer(pair: SessionPair):
    pair.bind()
    seq = pair.esme.submit_sm(now=pair.clock(), source_addr="A", destination_addr="B")
    _, (req,) = pair.exchange()
    with pytest.raises(smpp.LocalProtocolError, match="sequence_number 999"):
        pair.smsc.respond(999, 0, smpp.SubmitSmResp(message_id="x"), now=pair.clock())
    pair.smsc.respond(req.sequence_number, 0, smpp.SubmitSmResp(message_id="1"), now=pair.clock())
    with pytest.raises(smpp.LocalProtocolError):  # answered already
        pair.smsc.respond(req.sequence_number, 0, smpp.SubmitSmResp(message_id="2"), now=pair.clock())
    (resp,), _ = pair.exchange()
    assert resp.sequence_number == seq and resp.pdu.message_id == "1"
