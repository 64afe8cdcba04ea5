"""asyncio client and server end to end over 127.0.0.1 (ephemeral ports, time limits)."""

from __future__ import annotations

import asyncio
from typing import Any, List

import pytest

import smpp

pytestmark = pytest.mark.asyncio

LIMIT = 15.0


def auth(system_id: str, password: str, ev: Any) -> bool:
    return (system_id, password) == ("esme01", "secret")


async def test_submit_receipt_and_mo():
    async def on_submit(ss: smpp.ServerSession, pdu: smpp.Pdu) -> str:
        mid = ss.server.next_message_id()

        async def later() -> None:
            await asyncio.sleep(0.05)
            await ss.send_receipt(mid, source_addr=pdu.destination_addr, destination_addr=pdu.source_addr)
            await ss.deliver_sm(source_addr="61400000009", destination_addr="SHORT", short_message=b"MO text")

        asyncio.get_running_loop().create_task(later())
        return mid

    async def main() -> None:
        async with await smpp.serve(authenticate=auth, on_submit=on_submit) as server:
            async with smpp.connect("127.0.0.1", server.port, system_id="esme01", password="secret") as c:
                assert c.bound.peer_system_id == "SMSC"
                resp = await c.submit_sm(source_addr="SENDER", destination_addr="61481076483",
                                         short_message=b"hello", registered_delivery=1)
                assert isinstance(resp, smpp.SubmitSmResp) and resp.message_id == "1"
                got: List[smpp.Delivery] = []
                async for d in c.deliveries():
                    got.append(d)
                    if len(got) == 2:
                        break
                receipt, mo = got
                assert receipt.is_receipt and receipt.receipt is not None
                assert receipt.receipt.matches(resp.message_id) and receipt.receipt.delivered
                assert not mo.is_receipt and mo.text == "MO text" and mo.source_addr == "61400000009"
                await c.enquire_link()

    await asyncio.wait_for(main(), LIMIT)


async def test_bind_refused():
    async def main() -> None:
        async with await smpp.serve(authenticate=auth) as server:
            with pytest.raises(smpp.BindFailed) as e:
                await smpp.connect("127.0.0.1", server.port, system_id="esme01", password="wrong")
            assert e.value.command_status == smpp.CommandStatus.ESME_RINVPASWD

    await asyncio.wait_for(main(), LIMIT)


async def test_error_status_raises_command_status_error():
    async def main() -> None:
        async with await smpp.serve(on_submit=lambda ss, pdu: smpp.CommandStatus.ESME_RTHROTTLED) as server:
            async with smpp.connect("127.0.0.1", server.port, system_id="a", password="b") as c:
                with pytest.raises(smpp.CommandStatusError) as e:
                    await c.submit_sm(source_addr="A", destination_addr="B")
                assert e.value.command_status == smpp.CommandStatus.ESME_RTHROTTLED
                assert e.value.command_status.is_flow_control

    await asyncio.wait_for(main(), LIMIT)


async def test_window_back_pressure_and_many_requests():
    in_handler = 0
    peak = 0

    async def on_submit(ss: smpp.ServerSession, pdu: smpp.Pdu) -> None:
        nonlocal in_handler, peak
        in_handler += 1
        peak = max(peak, in_handler)
        await asyncio.sleep(0.01)
        in_handler -= 1

    async def main() -> None:
        async with await smpp.serve(on_submit=on_submit) as server:
            async with smpp.connect("127.0.0.1", server.port, system_id="a", password="b", window=4) as c:
                rs = await asyncio.gather(*(c.submit_sm(source_addr="A", destination_addr="B") for _ in range(40)))
                assert len({r.message_id for r in rs}) == 40
        assert peak <= 4

    await asyncio.wait_for(main(), LIMIT)


async def test_response_timeout_and_connection_closed():
    gate = asyncio.Event()

    async def on_submit(ss: smpp.ServerSession, pdu: smpp.Pdu) -> str:
        await gate.wait()
        return "late"

    async def main() -> None:
        server = await smpp.serve(on_submit=on_submit)
        c = await smpp.connect("127.0.0.1", server.port, system_id="a", password="b", response_timeout=0.3)
        with pytest.raises(smpp.ResponseTimeout):
            await c.submit_sm(source_addr="A", destination_addr="B")
        pending = asyncio.ensure_future(c.submit_sm(source_addr="A", destination_addr="B"))
        await asyncio.sleep(0.05)
        server.close()  # drops every connection with the request pending
        with pytest.raises(smpp.ConnectionClosed):
            await pending
        with pytest.raises(smpp.ConnectionClosed):
            await c.submit_sm(source_addr="A", destination_addr="B")
        await c.close()
        gate.set()
        await server.wait_closed()

    await asyncio.wait_for(main(), LIMIT)


async def test_send_message_long_text_all_methods():
    parts: List[smpp.Pdu] = []

    async def main() -> None:
        async with await smpp.serve(on_submit=lambda ss, pdu: parts.append(pdu)) as server:
            async with smpp.connect("127.0.0.1", server.port, system_id="a", password="b") as c:
                text = "Hello " * 60  # 360 GSM characters: 3 parts of 153
                rs = await c.send_message(text, source_addr="S", destination_addr="D", reference=7)
                assert len(rs) == 3
                assert all(p.esm_class & 0x40 for p in parts)
                assert [p.short_message[:6] for p in parts] == [bytes([5, 0, 3, 7, 3, n]) for n in (1, 2, 3)]
                parts.clear()
                await c.send_message("Привет " * 20, source_addr="S", destination_addr="D", method="sar")
                assert parts[0].data_coding == 8 and parts[0].sar_total_segments == len(parts) > 1
                parts.clear()
                await c.send_message("x" * 1000, source_addr="S", destination_addr="D", method="payload")
                assert len(parts) == 1 and parts[0].message_payload == b"x" * 1000

    await asyncio.wait_for(main(), LIMIT)


async def test_reconnect_after_server_drop():
    async def main() -> None:
        server = await smpp.serve()
        port = server.port
        c = await smpp.connect("127.0.0.1", port, system_id="a", password="b", reconnect=True,
                               reconnect_delay=(0.05, 0.2))
        await c.submit_sm(source_addr="A", destination_addr="B")
        for s in list(server.sessions):
            s.close()
        await asyncio.sleep(0.02)  # the client sees the EOF; requests now wait for the reconnect
        assert not c.is_connected
        r = await asyncio.wait_for(c.submit_sm(source_addr="A", destination_addr="B"), 5)
        assert r.message_id and c.reconnects == 1
        await c.close()
        server.close()
        await server.wait_closed()

    await asyncio.wait_for(main(), LIMIT)


async def test_send_rate_limit():
    async def main() -> None:
        async with await smpp.serve() as server:
            async with smpp.connect("127.0.0.1", server.port, system_id="a", password="b",
                                    send_rate=20, send_burst=1) as c:
                loop = asyncio.get_running_loop()
                t0 = loop.time()
                await asyncio.gather(*(c.submit_sm(source_addr="A", destination_addr="B") for _ in range(6)))
                assert loop.time() - t0 >= 0.2  # 5 waits of 1/20 s

    await asyncio.wait_for(main(), LIMIT)


async def test_on_delivery_handler_status():
    seen: List[smpp.Delivery] = []

    async def main() -> None:
        async with await smpp.serve() as server:
            async def handler(d: smpp.Delivery) -> int:
                seen.append(d)
                return smpp.CommandStatus.ESME_RX_P_APPN

            async with smpp.connect("127.0.0.1", server.port, system_id="a", password="b",
                                    on_delivery=handler) as c:
                (ss,) = server.bound_sessions()
                with pytest.raises(smpp.CommandStatusError) as e:
                    await ss.deliver_sm(source_addr="1", destination_addr="2", short_message=b"x")
                assert e.value.command_status == smpp.CommandStatus.ESME_RX_P_APPN
        assert len(seen) == 1

    await asyncio.wait_for(main(), LIMIT)


async def test_cli_serve_and_send():
    import json
    import sys

    serve = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "smpp", "serve", "--port", "0", "--account", "esme01:secret",
        "--receipt-delay", "0.05", "--duration", "20",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        assert serve.stdout is not None
        port = json.loads(await asyncio.wait_for(serve.stdout.readline(), 10))["port"]
        send = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "smpp", "send", "--port", str(port), "--system-id", "esme01",
            "--password", "secret", "--to", "61481076483", "--text", "Hello from the CLI", "--wait-receipt",
            "--receipt-timeout", "10", stdout=asyncio.subprocess.PIPE,
        )
        out, _ = await asyncio.wait_for(send.communicate(), 20)
        assert send.returncode == 0, out
        lines = [json.loads(x) for x in out.decode().splitlines()]
        assert lines[-1]["event"] == "receipt" and lines[-1]["matched"]
    finally:
        if serve.returncode is None:
            serve.kill()
            await serve.wait()


async def test_long_mo_is_reassembled():
    async def main() -> None:
        async with await smpp.serve() as server:
            async with smpp.connect("127.0.0.1", server.port, system_id="a", password="b") as c:
                (ss,) = server.bound_sessions()
                text = "Ωmega " * 40  # UCS-2 (Ω is in GSM, but the test forces ucs2): 4 parts
                dc, parts = smpp.split_text(text, "ucs2", reference=5)
                assert len(parts) > 1
                for p in reversed(parts):  # out of order on purpose
                    await ss.deliver_sm(source_addr="614", destination_addr="S", data_coding=dc,
                                        esm_class=p.esm_class_bits, short_message=p.user_data)
                async for d in c.deliveries():
                    assert d.text == text and d.parts == len(parts) and not d.is_receipt
                    break

    await asyncio.wait_for(main(), LIMIT)


async def test_server_aclose_with_unbound_connection():
    async def main() -> None:
        server = await smpp.serve()
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        await asyncio.sleep(0.02)
        assert len(server.sessions) == 1
        await server.aclose(timeout=1.0)
        assert await reader.read() == b""  # the server closed the unbound connection
        writer.close()

    await asyncio.wait_for(main(), LIMIT)


async def test_server_async_callbacks_and_other_requests():
    async def authenticate(system_id: str, password: str, req: smpp.BindRequest) -> int:
        await asyncio.sleep(0)
        assert req.kind == "tx" and isinstance(req.pdu, smpp.BindTransmitter)
        return 0 if password == "pw" else smpp.CommandStatus.ESME_RINVSYSID

    async def on_request(ss: smpp.ServerSession, pdu: smpp.Pdu) -> Any:
        if pdu.command_name == "query_sm":
            return pdu.response(message_id=pdu.message_id, message_state=smpp.MessageState.DELIVERED,
                                final_date="")
        return None

    async def main() -> None:
        async with await smpp.serve(authenticate=authenticate, on_request=on_request) as server:
            with pytest.raises(smpp.BindFailed) as e:
                await smpp.connect("127.0.0.1", server.port, system_id="a", password="x", bind="tx")
            assert e.value.command_status == smpp.CommandStatus.ESME_RINVSYSID
            async with smpp.connect("127.0.0.1", server.port, system_id="a", password="pw", bind="tx") as c:
                r = await c.request(smpp.QuerySm(message_id="42"))
                assert isinstance(r, smpp.QuerySmResp) and r.message_state == 2 and r.message_id == "42"
                with pytest.raises(smpp.CommandStatusError) as e2:
                    await c.request(smpp.CancelSm(message_id="42"))
                assert e2.value.command_status == smpp.CommandStatus.ESME_RINVCMDID
                assert server.bound_sessions() == []  # a transmitter cannot receive deliver_sm

    await asyncio.wait_for(main(), LIMIT)


async def test_send_message_with_application_ports_and_mo_ports():
    seen: List[Any] = []

    def on_submit(ss: smpp.ServerSession, pdu: smpp.Pdu) -> None:
        seen.append(smpp.message_text(pdu).ports)

    async def main() -> None:
        async with await smpp.serve(on_submit=on_submit) as server:
            async with smpp.connect("127.0.0.1", server.port, system_id="a", password="b") as c:
                rs = await c.send_message("v" * 200, destination_addr="1", ports=(9204, 0))
                assert len(rs) == 2 and seen == [(9204, 0), (9204, 0)]
                (ss,) = server.bound_sessions()
                dc, (part,) = smpp.split_text("ping", ports=(5000, 5001))
                await ss.deliver_sm(source_addr="1", destination_addr="2", esm_class=part.esm_class_bits,
                                    data_coding=dc, short_message=part.user_data)
                d = await asyncio.wait_for(c.deliveries().__anext__(), 5)
                assert (d.text, d.ports, d.receipt) == ("ping", (5000, 5001), None)

    await asyncio.wait_for(main(), LIMIT)
