"""The ``smpp`` logger hierarchy for the asyncio client and server: binds, reconnects,
violations at INFO / WARNING, and every PDU with its fields at DEBUG on ``smpp.pdu``.
(The blocking client's logging is tested in test_blocking.py.)"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, List

import pytest

import smpp
from smpp._log import describe

LIMIT = 15.0


def _pdus(caplog: pytest.LogCaptureFixture, direction: str, name: str) -> List[logging.LogRecord]:
    return [
        r for r in caplog.records
        if r.name == "smpp.pdu" and getattr(r, "smpp_direction", None) == direction
        and getattr(r, "smpp_pdu", None) is not None and r.smpp_pdu.command_name == name  # type: ignore[attr-defined]
    ]


@pytest.mark.asyncio
async def test_every_pdu_is_logged_at_debug_with_its_fields(caplog: pytest.LogCaptureFixture) -> None:
    async def main() -> None:
        async with await smpp.serve() as server:
            async with smpp.connect("127.0.0.1", server.port, system_id="esme01", password="secret") as c:
                await c.submit_sm(source_addr="SENDER", destination_addr="61481076483", short_message=b"hi",
                                  tlvs={"user_message_reference": 7})
                (ss,) = server.bound_sessions()
                await ss.send_receipt("1", source_addr="61481076483", destination_addr="SENDER")

    with caplog.at_level(logging.DEBUG, logger="smpp"):
        await asyncio.wait_for(main(), LIMIT)
    # Both ends log the submit_sm: the client sends it, the server receives it.
    for direction in ("sent", "received"):
        (rec,) = _pdus(caplog, direction, "submit_sm")
        msg = rec.getMessage()
        assert msg.startswith(direction + " 127.0.0.1:")
        assert "submit_sm #2 ESME_ROK" in msg and "destination_addr='61481076483'" in msg
        assert "short_message=b'hi'" in msg and "tlvs=[user_message_reference=b'\\x00\\x07']" in msg
        assert len(_pdus(caplog, direction, "deliver_sm")) == 1
        assert len(_pdus(caplog, direction, "deliver_sm_resp")) == 1
        assert len(_pdus(caplog, direction, "unbind_resp")) == 1
    infos = [r.getMessage() for r in caplog.records if r.name == "smpp.aio" and r.levelno == logging.INFO]
    assert any(m.startswith("bound to 127.0.0.1:") and "as trx" in m and "'esme01'" in m for m in infos), infos
    assert any(m.startswith("bind trx from 127.0.0.1:") and m.endswith("accepted") for m in infos), infos


@pytest.mark.asyncio
async def test_pdus_are_not_logged_unless_debug_is_on(caplog: pytest.LogCaptureFixture) -> None:
    async def main() -> None:
        async with await smpp.serve() as server:
            async with smpp.connect("127.0.0.1", server.port, system_id="a", password="b") as c:
                assert c._conn is not None and c._conn._rx_log is None  # no framing for the log
                await c.submit_sm(source_addr="A", destination_addr="B")

    with caplog.at_level(logging.INFO, logger="smpp"):
        await asyncio.wait_for(main(), LIMIT)
    assert not [r for r in caplog.records if r.name == "smpp.pdu"]
    assert [r for r in caplog.records if r.getMessage().startswith("bound to")]


@pytest.mark.asyncio
async def test_bind_refused_reconnects_and_violations_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    async def main() -> None:
        async with await smpp.serve(authenticate=lambda sid, pw, req: pw == "right") as server:
            with pytest.raises(smpp.BindFailed):
                await smpp.connect("127.0.0.1", server.port, system_id="a", password="wrong")
            c = await smpp.connect("127.0.0.1", server.port, system_id="a", password="right",
                                   reconnect=True, reconnect_delay=(0.02, 0.1))
            for s in list(server.sessions):
                s.close()
            for _ in range(200):  # bounded: until the client has reconnected
                if c.reconnects == 1 and c.is_connected:
                    break
                await asyncio.sleep(0.01)
            r = await asyncio.wait_for(c.submit_sm(source_addr="A", destination_addr="B"), 5)
            assert r.message_id and c.reconnects == 1
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            writer.write(bytes.fromhex("0000001000000099000000000000000a"))  # unknown command_id
            assert (await reader.readexactly(16))[4:8] == bytes.fromhex("80000000")  # generic_nack
            writer.close()
            await c.close()

    with caplog.at_level(logging.INFO, logger="smpp"):
        await asyncio.wait_for(main(), LIMIT)
    msgs = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "smpp.aio"]
    assert any(lv == "WARNING" and "refused" in m and "ESME_RINVPASWD" in m for lv, m in msgs), msgs
    assert any(lv == "INFO" and "refused: ESME_RINVPASWD" in m for lv, m in msgs), msgs  # server side
    assert any(lv == "WARNING" and "lost" in m and "reconnecting" in m for lv, m in msgs), msgs
    assert any(lv == "INFO" and m.startswith("reconnected to 127.0.0.1:") for lv, m in msgs), msgs
    assert any(lv == "WARNING" and m.startswith("peer violation from 127.0.0.1:") for lv, m in msgs), msgs


def test_describe_names_every_field() -> None:
    pdu = smpp.decode(smpp.encode(smpp.DeliverSm(source_addr="614", destination_addr="S", esm_class=4,
                                                 short_message=b"id:1 stat:DELIVRD", sequence_number=9,
                                                 tlvs={"receipted_message_id": "1", "message_state": 2})))
    text = describe(pdu)
    assert text.startswith("deliver_sm #9 ESME_ROK ")
    for name in type(pdu)._fields:  # type: ignore[attr-defined]
        assert " %s=" % name in text
    assert "receipted_message_id=b'1\\x00'" in text and "message_state=b'\\x02'" in text
    resp: Any = smpp.decode(smpp.encode(smpp.GenericNack(sequence_number=3, command_status=3)))
    assert describe(resp) == "generic_nack #3 ESME_RINVCMDID"
