"""How the asyncio driver uses the socket and the clock: coalesced writes, inline answers,
the lazy keep-alive timer (127.0.0.1, ephemeral ports, time limits)."""

from __future__ import annotations

import asyncio
from typing import Any, List

import pytest

import smpp

pytestmark = pytest.mark.asyncio

LIMIT = 15.0


def count_writes(conn: Any) -> List[int]:
    """Wraps conn.transport.write; returns the list that receives each write's size."""
    sizes: List[int] = []
    transport = conn.transport
    real = transport.write

    def write(data: Any) -> None:
        sizes.append(len(data))
        real(data)

    transport.write = write
    return sizes


async def test_requests_of_one_loop_iteration_leave_in_one_write():
    async def main() -> None:
        async with await smpp.serve(window=64) as server:
            async with smpp.connect("127.0.0.1", server.port, system_id="a", password="b", window=64) as c:
                sizes = count_writes(c._conn)
                rs = await asyncio.gather(
                    *(c.submit_sm(source_addr="A", destination_addr="B", short_message=b"x" * 10) for _ in range(50))
                )
                assert len({r.message_id for r in rs}) == 50
                one = len(smpp.encode(smpp.SubmitSm(source_addr="A", destination_addr="B", short_message=b"x" * 10)))
                assert sizes == [50 * one]

    await asyncio.wait_for(main(), LIMIT)


async def test_server_answers_each_received_chunk_in_one_write():
    received: List[int] = []
    written: List[List[int]] = []

    def on_bound(ss: smpp.ServerSession) -> None:
        conn = ss.connection
        written.append(count_writes(conn))
        real = conn.data_received

        def data_received(data: bytes) -> None:
            received.append(len(data))
            real(data)

        conn.data_received = data_received  # type: ignore[method-assign]

    async def main() -> None:
        async with await smpp.serve(window=64, on_bound=on_bound) as server:
            async with smpp.connect("127.0.0.1", server.port, system_id="a", password="b", window=64) as c:
                await asyncio.sleep(0.05)  # on_bound has run
                (sizes,) = written
                sizes.clear()  # the bind_resp
                await asyncio.gather(*(c.submit_sm(source_addr="A", destination_addr="B") for _ in range(200)))
                # At most one write per received chunk, and far fewer than one per answer.
                assert len(sizes) <= len(received) < 200
                # Every answer left: 200 submit_sm_resp of 16 + message_id + NUL octets.
                assert sum(sizes) >= 200 * 18

    await asyncio.wait_for(main(), LIMIT)


async def test_sync_handlers_answer_without_a_task():
    calls: List[str] = []

    def on_submit(ss: smpp.ServerSession, pdu: smpp.Pdu) -> str:
        calls.append(pdu.destination_addr)
        if pdu.destination_addr == "bad":
            raise RuntimeError("handler bug")
        return "id-" + pdu.destination_addr

    async def main() -> None:
        async with await smpp.serve(on_submit=on_submit) as server:
            async with smpp.connect("127.0.0.1", server.port, system_id="a", password="b") as c:
                r = await c.submit_sm(source_addr="A", destination_addr="1")
                assert r.message_id == "id-1"
                assert not server._tasks  # answered inline, no task was spawned
                with pytest.raises(smpp.CommandStatusError) as e:
                    await c.submit_sm(source_addr="A", destination_addr="bad")
                assert e.value.command_status == smpp.CommandStatus.ESME_RSYSERR
                r2 = await c.submit_sm(source_addr="A", destination_addr="2")
                assert r2.message_id == "id-2"
        assert calls == ["1", "bad", "2"]

    await asyncio.wait_for(main(), LIMIT)


async def test_keep_alive_still_fires_after_busy_then_idle():
    async def main() -> None:
        async with await smpp.serve(enquire_link_interval=None) as server:
            async with smpp.connect("127.0.0.1", server.port, system_id="a", password="b",
                                    enquire_link_interval=0.15) as c:
                loop = asyncio.get_running_loop()
                end = loop.time() + 0.3
                submits = 0
                while loop.time() < end:  # traffic keeps pushing the keep-alive deadline later
                    await c.submit_sm(source_addr="A", destination_addr="B")
                    submits += 1
                    await asyncio.sleep(0.02)
                await asyncio.sleep(0.5)  # idle: about three enquire_link
                (ss,) = server.sessions
                received = ss.session.stats["pdus_received"]
                enquire_links = received - submits - 1  # minus the bind
                assert 2 <= enquire_links <= 5

    await asyncio.wait_for(main(), LIMIT)


async def test_a_burst_larger_than_the_session_buffer_is_all_sent():
    # 1000 requests of ~200 octets, or three of ~60 kB, in one loop iteration exceed the
    # session's transmit buffer before the flush: they must spill early, not fail.
    async def main() -> None:
        async with await smpp.serve(window=1000) as server:
            async with smpp.connect("127.0.0.1", server.port, system_id="a", password="b", window=1000) as c:
                rs = await asyncio.gather(
                    *(c.submit_sm(source_addr="A", destination_addr="B", short_message=b"m" * 140) for _ in range(1000))
                )
                assert len({r.message_id for r in rs}) == 1000
                big = [("message_payload", b"p" * 60_000)]
                rs = await asyncio.gather(
                    *(c.submit_sm(source_addr="A", destination_addr="B", tlvs=big) for _ in range(3))
                )
                assert len(rs) == 3

    await asyncio.wait_for(main(), LIMIT)


async def test_a_handler_that_closes_its_session_logs_nothing(caplog: pytest.LogCaptureFixture):
    def on_submit(ss: smpp.ServerSession, pdu: smpp.Pdu) -> str:
        ss.close()
        return "never sent"

    async def main() -> None:
        async with await smpp.serve(on_submit=on_submit) as server:
            c = await smpp.connect("127.0.0.1", server.port, system_id="a", password="b")
            with pytest.raises(smpp.ConnectionClosed):
                await c.submit_sm(source_addr="A", destination_addr="B")
            await c.close()

    with caplog.at_level("ERROR", logger="smpp.aio"):
        await asyncio.wait_for(main(), LIMIT)
    assert not [r for r in caplog.records if r.levelname == "ERROR"], caplog.text
