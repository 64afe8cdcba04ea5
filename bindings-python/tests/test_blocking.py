"""The blocking client (smpp.Client) against smpp.serve in a background thread (its own event
loop), node-smpp's server and the Rust simulator (both in subprocesses); 127.0.0.1 only,
ephemeral ports, bounded waits, peers stopped by pid."""

from __future__ import annotations

import asyncio
import json
import os
import pathlib
import shutil
import ssl
import subprocess
import threading
import time
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

import smpp

from conftest import PEERS, ROOT

LIMIT = 10.0  # seconds any one wait in these tests may take

NODE = shutil.which("node")
HAVE_NODE = NODE is not None and (PEERS / "node_modules" / "smpp").is_dir()
OPENSSL = shutil.which("openssl")


class ServerThread:
    """``smpp.serve`` on 127.0.0.1, port 0, in a thread with its own event loop."""

    def __init__(self, **serve_kwargs: Any) -> None:
        self._kwargs = serve_kwargs
        self._ready = threading.Event()
        self._error: Optional[BaseException] = None
        self.loop: Optional[asyncio.AbstractEventLoop] = None
        self.server: Optional[smpp.Server] = None
        self._stop: Optional[asyncio.Event] = None
        self._thread = threading.Thread(target=self._run, name="smpp-serve", daemon=True)
        self._thread.start()
        assert self._ready.wait(LIMIT), "the server thread did not start"
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        async def main() -> None:
            self.loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            try:
                self.server = await smpp.serve("127.0.0.1", 0, **self._kwargs)
            except BaseException as e:  # reported by __init__
                self._error = e
                self._ready.set()
                return
            self._ready.set()
            await self._stop.wait()
            await self.server.aclose(timeout=1.0)

        asyncio.run(main())

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.port

    def call(self, coro: Any, timeout: float = LIMIT) -> Any:
        """Runs a coroutine on the server's loop and waits for its result."""
        return self.submit(coro).result(timeout)

    def submit(self, coro: Any) -> "Any":
        """Runs a coroutine on the server's loop; returns a concurrent.futures.Future."""
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def sessions(self) -> List[smpp.ServerSession]:
        async def get() -> List[smpp.ServerSession]:
            assert self.server is not None
            return list(self.server.sessions)

        result: List[smpp.ServerSession] = self.call(get())
        return result

    def bound(self) -> smpp.ServerSession:
        """The one bound session (waits for it)."""
        deadline = time.monotonic() + LIMIT
        while time.monotonic() < deadline:
            async def get() -> List[smpp.ServerSession]:
                assert self.server is not None
                return self.server.bound_sessions()

            got: List[smpp.ServerSession] = self.call(get())
            if got:
                return got[0]
            time.sleep(0.01)
        raise AssertionError("no bound session")

    def stop(self) -> None:
        if self.loop is not None and self._stop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(LIMIT)
        assert not self._thread.is_alive(), "the server thread did not stop"


@pytest.fixture
def serve() -> Iterator[Callable[..., ServerThread]]:
    started: List[ServerThread] = []

    def start(**kwargs: Any) -> ServerThread:
        s = ServerThread(**kwargs)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


def client(port: int, **kw: Any) -> smpp.Client:
    kw.setdefault("system_id", "esme01")
    kw.setdefault("password", "secret")
    kw.setdefault("timeout", 5.0)
    return smpp.Client("127.0.0.1", port, **kw)


# ---- requests ----


def test_submit_sm_returns_the_message_id_and_other_requests(serve: Callable[..., ServerThread]) -> None:
    seen: List[smpp.Pdu] = []

    def on_submit(ss: smpp.ServerSession, pdu: smpp.Pdu) -> str:
        seen.append(pdu)
        return "id-" + pdu.destination_addr

    def on_request(ss: smpp.ServerSession, pdu: Any) -> Any:
        name = pdu.command_name
        if name == "query_sm":
            return pdu.response(message_id=pdu.message_id, message_state=smpp.MessageState.DELIVERED)
        if name == "submit_multi":
            return pdu.response(message_id="multi-1")
        if name in ("cancel_sm", "replace_sm"):
            return 0
        return None  # data_sm: the server gives it a message id

    s = serve(on_submit=on_submit, on_request=on_request)
    with client(s.port) as c:
        assert c.is_open and c.bound is not None and c.bound.peer_system_id == "SMSC"
        r = c.submit_sm(source_addr="SENDER", destination_addr="61481076483", short_message=b"hello")
        assert isinstance(r, smpp.SubmitSmResp) and r.message_id == "id-61481076483"
        pdu = smpp.SubmitSm(source_addr="SENDER", destination_addr="1", short_message=b"x")
        assert c.submit_sm(pdu).message_id == "id-1"
        assert c.submit_sm(pdu, destination_addr="2").message_id == "id-2"  # keywords replace fields
        assert [p.short_message for p in seen] == [b"hello", b"x", b"x"]
        q = c.query_sm(message_id="id-1", source_addr="SENDER")
        assert q.message_id == "id-1" and q.message_state == smpp.MessageState.DELIVERED
        assert c.data_sm(source_addr="A", destination_addr="B").message_id
        assert isinstance(c.cancel_sm(message_id="id-1", source_addr="A", destination_addr="B"), smpp.CancelSmResp)
        assert isinstance(c.replace_sm(message_id="id-1", source_addr="A", short_message=b"y"), smpp.ReplaceSmResp)
        m = c.submit_multi(source_addr="A", dest_addresses=[(1, 1, "614"), "list1"], short_message=b"z")
        assert m.message_id == "multi-1" and m.unsuccess_smes == []
        assert isinstance(c.request(smpp.EnquireLink()), smpp.EnquireLinkResp)
        c.enquire_link()


def test_refused_status_raises_command_status_error(serve: Callable[..., ServerThread]) -> None:
    def on_submit(ss: smpp.ServerSession, pdu: smpp.Pdu) -> Any:
        return smpp.CommandStatus.ESME_RTHROTTLED if pdu.destination_addr == "busy" else None

    s = serve(on_submit=on_submit)
    with client(s.port) as c:
        with pytest.raises(smpp.CommandStatusError) as e:
            c.submit_sm(source_addr="A", destination_addr="busy")
        assert e.value.command_status == smpp.CommandStatus.ESME_RTHROTTLED
        assert isinstance(e.value.response, smpp.SubmitSmResp)
        assert "ESME_RTHROTTLED" in str(e.value)
        assert c.submit_sm(source_addr="A", destination_addr="ok").message_id  # still usable


def test_response_timeout_when_the_server_withholds(serve: Callable[..., ServerThread]) -> None:
    async def on_submit(ss: smpp.ServerSession, pdu: smpp.Pdu) -> str:
        if pdu.destination_addr == "withhold":
            await asyncio.sleep(30)  # cancelled when the server closes
        return "answered"

    s = serve(on_submit=on_submit)
    with client(s.port, timeout=0.3) as c:
        t0 = time.monotonic()
        with pytest.raises(smpp.ResponseTimeout) as e:
            c.submit_sm(source_addr="A", destination_addr="withhold")
        assert 0.25 <= time.monotonic() - t0 < 3
        assert e.value.sequence_number is not None and e.value.command_id == smpp.CommandId.SUBMIT_SM
        assert isinstance(e.value, TimeoutError)
        # The slot is free again and the session still works.
        assert c.submit_sm(source_addr="A", destination_addr="B").message_id == "answered"
        assert c.session.in_flight == 0


def test_waits_longer_than_the_kernel_receive_timeout_end_on_time(serve: Callable[..., ServerThread]) -> None:
    # On plain TCP a wait of a second or more is a blocking recv() that SO_RCVTIMEO ends
    # after _RCVTIMEO_SECONDS; the rest of the wait must still happen, and end on time.
    async def on_submit(ss: smpp.ServerSession, pdu: smpp.Pdu) -> str:
        if pdu.destination_addr == "withhold":
            await asyncio.sleep(30)  # cancelled when the server closes
        return "answered"

    s = serve(on_submit=on_submit)
    with client(s.port, timeout=1.6) as c:
        t0 = time.monotonic()
        c.sleep(1.3)
        assert 1.25 <= time.monotonic() - t0 < 2.5
        t0 = time.monotonic()
        with pytest.raises(smpp.ResponseTimeout):
            c.submit_sm(source_addr="A", destination_addr="withhold")
        assert 1.55 <= time.monotonic() - t0 < 3
        assert c.submit_sm(source_addr="A", destination_addr="B").message_id == "answered"


def test_connection_closed_with_a_request_pending(serve: Callable[..., ServerThread]) -> None:
    def on_submit(ss: smpp.ServerSession, pdu: smpp.Pdu) -> str:
        ss.close()  # drops the connection with the submit_sm unanswered
        return "never sent"

    s = serve(on_submit=on_submit)
    c = client(s.port)
    with pytest.raises(smpp.ConnectionClosed) as e:
        c.submit_sm(source_addr="A", destination_addr="B")
    assert e.value.reason == "peer_eof" and isinstance(e.value, ConnectionError)
    assert not c.is_open and c.close_reason == "peer_eof"
    with pytest.raises(smpp.ConnectionClosed):
        c.submit_sm(source_addr="A", destination_addr="B")
    assert c.submit_many([{"source_addr": "A", "destination_addr": "B"}])[0].reason == "peer_eof"
    assert list(c.deliveries(timeout=1)) == []  # ends at once: the connection is closed
    c.close()
    c.close()  # idempotent


def test_wrong_password_raises_bind_failed(serve: Callable[..., ServerThread]) -> None:
    s = serve(authenticate=lambda system_id, password, req: password == "secret")
    with pytest.raises(smpp.BindFailed) as e:
        client(s.port, password="wrong")
    assert e.value.command_status == smpp.CommandStatus.ESME_RINVPASWD
    with client(s.port, bind="tx", system_type="VMS", addr_ton=1, addr_npi=1, address_range="614",
                interface_version=0x34) as c:
        assert c.bound is not None and c.bound.kind == "tx"


def test_bind_fields_reach_the_server(serve: Callable[..., ServerThread]) -> None:
    binds: List[smpp.BindRequest] = []

    def authenticate(system_id: str, password: str, req: smpp.BindRequest) -> bool:
        binds.append(req)
        return True

    s = serve(authenticate=authenticate)
    with client(s.port, bind="rx", system_type="OTA", addr_ton=2, addr_npi=8, address_range="^614",
                interface_version=0x34):
        pass
    (req,) = binds
    assert req.kind == "rx" and isinstance(req.pdu, smpp.BindReceiver)
    p = req.pdu
    assert (p.system_id, p.password, p.system_type, p.addr_ton, p.addr_npi, p.address_range,
            p.interface_version) == ("esme01", "secret", "OTA", 2, 8, "^614", 0x34)


def test_connect_refused_and_connect_timeout() -> None:
    import socket

    with socket.socket() as probe:  # a port that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ConnectionRefusedError):
        client(port, connect_timeout=2)


def test_a_bind_without_answer_times_out() -> None:
    import socket

    with socket.socket() as listener:  # accepts (the kernel does) and never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        t0 = time.monotonic()
        with pytest.raises((smpp.ResponseTimeout, smpp.ConnectionClosed)):
            client(listener.getsockname()[1], timeout=0.3)
        assert time.monotonic() - t0 < 3


def test_long_message_is_split_into_parts(serve: Callable[..., ServerThread]) -> None:
    parts: List[smpp.Pdu] = []
    s = serve(on_submit=lambda ss, pdu: parts.append(pdu))
    with client(s.port) as c:
        text = "Hello " * 60  # 360 GSM characters: 3 parts of 153
        rs = c.send_message(text, source_addr="S", destination_addr="D", reference=7, registered_delivery=1)
        assert len(rs) == 3 and all(isinstance(r, smpp.SubmitSmResp) for r in rs)
        assert len({r.message_id for r in rs}) == 3
        assert [p.short_message[:6] for p in parts] == [bytes([5, 0, 3, 7, 3, n]) for n in (1, 2, 3)]
        assert all(p.esm_class & 0x40 and p.registered_delivery == 1 for p in parts)
        assert smpp.decode_text(b"".join(p.short_message[6:] for p in parts)) == text
        parts.clear()
        rs = c.send_message("Привет " * 20, source_addr="S", destination_addr="D", method="sar")
        assert parts[0].data_coding == 8 and parts[0].sar_total_segments == len(parts) == len(rs) > 1
        parts.clear()
        assert len(c.send_message("short", source_addr="S", destination_addr="D")) == 1
        assert parts[0].short_message == b"short" and parts[0].esm_class == 0


def test_send_message_raises_the_first_failed_part(serve: Callable[..., ServerThread]) -> None:
    n = [0]

    def on_submit(ss: smpp.ServerSession, pdu: smpp.Pdu) -> Any:
        n[0] += 1
        return smpp.CommandStatus.ESME_RMSGQFUL if n[0] == 2 else None

    s = serve(on_submit=on_submit)
    with client(s.port) as c:
        with pytest.raises(smpp.CommandStatusError) as e:
            c.send_message("x" * 400, source_addr="S", destination_addr="D")
        assert e.value.command_status == smpp.CommandStatus.ESME_RMSGQFUL
        assert n[0] == 3  # every part was sent and answered first


def test_send_rate_limit_spaces_requests(serve: Callable[..., ServerThread]) -> None:
    s = serve()
    with client(s.port, send_rate=20, send_burst=1) as c:
        t0 = time.monotonic()
        for _ in range(3):
            c.submit_sm(source_addr="A", destination_addr="B")
        rs = c.submit_many([{"source_addr": "A", "destination_addr": "B"}] * 3)
        assert all(isinstance(r, smpp.SubmitSmResp) for r in rs)
        assert 0.2 <= time.monotonic() - t0 < 3  # 5 waits of 1/20 s


# ---- deliveries ----


def test_receipt_and_multipart_mo_through_deliveries(serve: Callable[..., ServerThread]) -> None:
    s = serve()
    with client(s.port) as c:
        r = c.submit_sm(source_addr="SENDER", destination_addr="614", short_message=b"hi", registered_delivery=1)
        ss = s.bound()
        receipt = s.submit(ss.send_receipt(r.message_id, source_addr="614", destination_addr="SENDER"))
        text = "Ωmega " * 40
        dc, segs = smpp.split_text(text, "ucs2", reference=9)
        assert len(segs) > 1

        async def mo() -> List[Any]:
            return [await ss.deliver_sm(source_addr="614", destination_addr="SENDER", data_coding=dc,
                                        esm_class=p.esm_class_bits, short_message=p.user_data)
                    for p in reversed(segs)]  # out of order on purpose

        mo_sent = s.submit(mo())
        got: List[smpp.Delivery] = []
        for d in c.deliveries(timeout=LIMIT):
            got.append(d)
            if len(got) == 2:
                break
        receipts = [d for d in got if d.is_receipt]
        mos = [d for d in got if not d.is_receipt]
        assert len(receipts) == 1 and len(mos) == 1
        rc = receipts[0].receipt
        assert rc is not None and rc.matches(r.message_id) and rc.stat == "DELIVRD"
        assert mos[0].text == text and mos[0].parts == len(segs) and mos[0].source_addr == "614"
        # Each part and the receipt were acknowledged with ESME_ROK.
        assert all(x.command_status == 0 for x in mo_sent.result(LIMIT))
        assert receipt.result(LIMIT).command_status == 0


def test_deliveries_arriving_while_waiting_for_a_response_are_queued(serve: Callable[..., ServerThread]) -> None:
    async def on_submit(ss: smpp.ServerSession, pdu: smpp.Pdu) -> str:
        # Two MO messages reach the client before this submit_sm_resp.
        for i in range(2):
            asyncio.ensure_future(ss.deliver_sm(source_addr="614", destination_addr="S",
                                                short_message=b"mo %d" % i))
        await asyncio.sleep(0.2)
        return "late"

    s = serve(on_submit=on_submit)
    with client(s.port) as c:
        assert c.submit_sm(source_addr="S", destination_addr="614").message_id == "late"
        assert c.pending_deliveries == 2
        first = c.next_delivery(timeout=0)
        second = c.next_delivery(timeout=0)
        assert first is not None and second is not None
        assert [first.text, second.text] == ["mo 0", "mo 1"]
        assert c.next_delivery(timeout=0.05) is None


def test_on_delivery_handler_answers_with_its_status(serve: Callable[..., ServerThread]) -> None:
    seen: List[smpp.Delivery] = []

    def handler(d: smpp.Delivery) -> Optional[int]:
        seen.append(d)
        if d.text == "refuse":
            return smpp.CommandStatus.ESME_RX_P_APPN
        if d.text == "crash":
            raise RuntimeError("handler bug")
        return None

    s = serve()
    with client(s.port, on_delivery=handler) as c:
        ss = s.bound()

        async def send_all() -> List[Any]:
            out: List[Any] = []
            for text in (b"ok", b"refuse", b"crash"):
                try:
                    out.append((await ss.deliver_sm(source_addr="1", destination_addr="2", short_message=text)).command_status)
                except smpp.CommandStatusError as e:
                    out.append(e.command_status)
            return out

        fut = s.submit(send_all())
        deadline = time.monotonic() + LIMIT
        while not fut.done() and time.monotonic() < deadline:
            c.sleep(0.02)
        assert fut.result(0) == [0, smpp.CommandStatus.ESME_RX_P_APPN, smpp.CommandStatus.ESME_RX_T_APPN]
        assert [d.text for d in seen] == ["ok", "refuse", "crash"]
        assert c.pending_deliveries == 0


def test_a_full_delivery_queue_answers_retry_later(serve: Callable[..., ServerThread]) -> None:
    s = serve()
    with client(s.port, max_queued_deliveries=1) as c:
        ss = s.bound()

        async def send_two() -> List[int]:
            out = []
            for text in (b"one", b"two"):
                try:
                    out.append((await ss.deliver_sm(source_addr="1", destination_addr="2", short_message=text)).command_status)
                except smpp.CommandStatusError as e:
                    out.append(e.command_status)
            return out

        fut = s.submit(send_two())
        deadline = time.monotonic() + LIMIT
        while not fut.done() and time.monotonic() < deadline:
            c.sleep(0.02)
        assert fut.result(0) == [0, smpp.CommandStatus.ESME_RX_T_APPN]
        d = c.next_delivery(0)
        assert d is not None and d.text == "one"


# ---- keep-alive and closing ----


def test_enquire_link_sent_and_answered_while_idle(serve: Callable[..., ServerThread]) -> None:
    # The server sends enquire_link every 0.1 s and gives up after 0.3 s without an answer.
    s = serve(enquire_link_interval=0.1, response_timeout=0.3)
    with client(s.port, enquire_link_interval=0.1) as c:
        ss = s.bound()
        before = dict(ss.session.stats)
        c.sleep(0.6)
        assert c.is_open and c.close_reason is None
        for _ in c.deliveries(timeout=0.4):  # also inside a waiting iteration
            pass
        assert c.is_open
        after = ss.session.stats
        # The server's enquire_link were answered (its session is still bound) and the
        # client sent its own: at least a few PDUs each way during a second of idling.
        assert after["pdus_sent"] - before["pdus_sent"] >= 3
        assert after["pdus_received"] - before["pdus_received"] >= 6
        assert ss.is_bound
        assert c.submit_sm(source_addr="A", destination_addr="B").message_id


def test_context_manager_unbinds(serve: Callable[..., ServerThread]) -> None:
    s = serve()
    with client(s.port) as c:
        ss = s.bound()
    assert c.unbound and not c.peer_unbound and c.close_reason == "unbound" and not c.is_open
    deadline = time.monotonic() + LIMIT
    while ss.connection.closed is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ss.connection.closed is not None and ss.connection.closed.reason == "unbound"
    # An exception inside the block unbinds too, and propagates.
    with pytest.raises(KeyError):
        with client(s.port) as c2:
            raise KeyError("boom")
    assert c2.close_reason == "unbound"


def test_unbind_from_the_server_ends_deliveries(serve: Callable[..., ServerThread]) -> None:
    s = serve()
    with client(s.port) as c:
        ss = s.bound()
        unbound = s.submit(ss.unbind(2.0))
        assert list(c.deliveries(timeout=LIMIT)) == []
        assert c.unbound and c.peer_unbound and c.close_reason == "unbound"
        unbound.result(LIMIT)


def test_submit_many_pipelines_up_to_the_window(serve: Callable[..., ServerThread]) -> None:
    in_flight = [0]
    peak = [0]

    async def on_submit(ss: smpp.ServerSession, pdu: smpp.Pdu) -> Any:
        in_flight[0] += 1
        peak[0] = max(peak[0], in_flight[0])
        await asyncio.sleep(0.005)
        in_flight[0] -= 1
        if pdu.destination_addr == "7":
            return smpp.CommandStatus.ESME_RINVDSTADR
        return "m" + pdu.destination_addr

    s = serve(on_submit=on_submit, window=20)
    with client(s.port, window=20) as c:
        items: List[Any] = [{"source_addr": "S", "destination_addr": str(i)} for i in range(30)]
        items[3] = smpp.SubmitSm(source_addr="S", destination_addr="3")  # PDUs and dicts mix
        t0 = time.monotonic()
        rs = c.submit_many(items, window=8)
        assert time.monotonic() - t0 < 30 * 0.005  # pipelined, not one after another
        assert 1 < peak[0] <= 8
        assert isinstance(rs[7], smpp.CommandStatusError)
        assert rs[7].command_status == smpp.CommandStatus.ESME_RINVDSTADR
        assert [r.message_id for i, r in enumerate(rs) if i != 7] == ["m%d" % i for i in range(30) if i != 7]
        # The session's window bounds it too.
        peak[0] = 0
        rs = c.submit_many([{"source_addr": "S", "destination_addr": "x"}] * 50)
        assert len(rs) == 50 and 1 < peak[0] <= 20
        assert c.session.in_flight == 0


def test_submit_many_times_out_each_withheld_request(serve: Callable[..., ServerThread]) -> None:
    async def on_submit(ss: smpp.ServerSession, pdu: smpp.Pdu) -> str:
        if pdu.destination_addr == "withhold":
            await asyncio.sleep(30)
        return "ok"

    s = serve(on_submit=on_submit)
    with client(s.port, timeout=0.3, window=4) as c:
        rs = c.submit_many([{"source_addr": "S", "destination_addr": d} for d in ("a", "withhold", "b", "withhold", "c")])
        assert [type(r).__name__ for r in rs] == [
            "SubmitSmResp", "ResponseTimeout", "SubmitSmResp", "ResponseTimeout", "SubmitSmResp"]


# ---- TLS ----


@pytest.fixture
def tls_files(tmp_path: pathlib.Path) -> Dict[str, str]:
    if OPENSSL is None:
        pytest.skip("openssl command not found")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    r = subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        capture_output=True, timeout=60,
    )
    assert r.returncode == 0, r.stderr
    return {"key": str(key), "cert": str(cert)}


def test_tls_with_a_self_signed_certificate(serve: Callable[..., ServerThread], tls_files: Dict[str, str]) -> None:
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(tls_files["cert"], tls_files["key"])
    s = serve(ssl=server_ctx)
    client_ctx = ssl.create_default_context(cafile=tls_files["cert"])
    with client(s.port, ssl=client_ctx, server_hostname="localhost") as c:
        assert c.submit_sm(source_addr="A", destination_addr="B", short_message=b"over TLS").message_id
        rs = c.submit_many([{"source_addr": "A", "destination_addr": "B", "short_message": b"m" * 140}] * 200)
        assert all(isinstance(r, smpp.SubmitSmResp) for r in rs)
        ss = s.bound()
        receipt = s.submit(ss.send_receipt("1", source_addr="B", destination_addr="A"))
        d = c.next_delivery(LIMIT)
        assert d is not None and d.receipt is not None and d.receipt.message_id == "1"
        receipt.result(LIMIT)
    assert c.close_reason == "unbound"
    # ssl=True verifies against the system's CAs: a self-signed certificate is refused.
    with pytest.raises(ssl.SSLCertVerificationError):
        client(s.port, ssl=True, server_hostname="localhost")


# ---- logging ----


def test_logging_of_binds_and_every_pdu(serve: Callable[..., ServerThread], caplog: pytest.LogCaptureFixture) -> None:
    s = serve()
    with caplog.at_level("DEBUG", logger="smpp"):
        with client(s.port) as c:
            c.submit_sm(source_addr="SENDER", destination_addr="61481076483", short_message=b"hi")
    pdus = [r for r in caplog.records if r.name == "smpp.pdu"]
    # The client's and the server's view of the same submit_sm, with its fields.
    sent = [r for r in pdus if r.smpp_direction == "sent" and r.smpp_pdu is not None  # type: ignore[attr-defined]
            and r.smpp_pdu.command_name == "submit_sm"]  # type: ignore[attr-defined]
    received = [r for r in pdus if r.smpp_direction == "received"  # type: ignore[attr-defined]
                and r.smpp_pdu is not None and r.smpp_pdu.command_name == "submit_sm"]  # type: ignore[attr-defined]
    assert len(sent) == 1 and len(received) == 1
    msg = sent[0].getMessage()
    assert "submit_sm #2" in msg and "destination_addr='61481076483'" in msg and "short_message=b'hi'" in msg
    names = [r.smpp_pdu.command_name for r in pdus if r.smpp_pdu is not None]  # type: ignore[attr-defined]
    for name in ("bind_transceiver", "bind_transceiver_resp", "submit_sm_resp", "unbind", "unbind_resp"):
        assert names.count(name) == 2, (name, names)  # once sent, once received
    infos = [r.getMessage() for r in caplog.records if r.levelname == "INFO"]
    assert any(m.startswith("bound to 127.0.0.1:%d as trx" % s.port) for m in infos), infos
    assert any("from 127.0.0.1" in m and "accepted" in m for m in infos), infos
    assert any(m.startswith("session with") and "unbound" in m for m in infos), infos


def test_no_pdu_logging_without_debug(serve: Callable[..., ServerThread], caplog: pytest.LogCaptureFixture) -> None:
    s = serve()
    with caplog.at_level("INFO", logger="smpp"):
        with client(s.port) as c:
            c.submit_sm(source_addr="A", destination_addr="B")
    assert not [r for r in caplog.records if r.name == "smpp.pdu"]
    assert [r for r in caplog.records if r.name == "smpp.client" and r.getMessage().startswith("bound to")]


def test_bind_refused_and_violations_are_logged(serve: Callable[..., ServerThread], caplog: pytest.LogCaptureFixture) -> None:
    import socket

    s = serve(authenticate=lambda system_id, password, req: False)
    with caplog.at_level("INFO", logger="smpp"):
        with pytest.raises(smpp.BindFailed):
            client(s.port)
        with socket.create_connection(("127.0.0.1", s.port), timeout=LIMIT) as raw:
            raw.sendall(bytes.fromhex("0000001000000099000000000000000a"))  # unknown command_id
            assert raw.recv(16)[4:8] == bytes.fromhex("80000000")  # generic_nack
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert any(r.name == "smpp.client" and "refused" in r.getMessage() and "ESME_RINVPASWD" in r.getMessage()
               for r in warnings), caplog.text
    assert any(r.name == "smpp.aio" and "peer violation" in r.getMessage() for r in warnings), caplog.text


# ---- other servers ----


def _start_logged(cmd: List[str], log_path: pathlib.Path) -> "subprocess.Popen[bytes]":
    out = open(log_path, "wb")
    try:
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    finally:
        out.close()  # the child has its own descriptor


def _wait_line(path: pathlib.Path, pred: Callable[[str], bool], proc: "subprocess.Popen[bytes]") -> str:
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        if path.exists():
            for line in path.read_text(errors="replace").splitlines():
                if pred(line):
                    return line
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    raise AssertionError("peer did not start: %r" % (path.read_text(errors="replace")[-500:] if path.exists() else ""))


def _stop(proc: "subprocess.Popen[bytes]") -> None:
    if proc.poll() is None:
        proc.terminate()  # by pid: the process this test started
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@pytest.mark.skipif(not HAVE_NODE, reason="node or tools/peers/node_modules missing (cd tools/peers && npm ci)")
def test_against_node_smpp_server(tmp_path: pathlib.Path) -> None:
    assert NODE is not None
    log = tmp_path / "node.jsonl"
    proc = _start_logged(
        [NODE, str(PEERS / "node_server.js"), "--port", "0", "--account", "esme01:secret",
         "--dlr-delay-ms", "50", "--mo-text", "Hi from node", "--enquire-link-ms", "100",
         "--timeout-s", "30", "--no-hex"],
        log,
    )
    try:
        port = json.loads(_wait_line(log, lambda line: '"listening"' in line, proc))["port"]
        with pytest.raises(smpp.BindFailed) as e:
            client(port, password="wrong")
        assert e.value.command_status == smpp.CommandStatus.ESME_RINVPASWD
        with client(port, window=5) as c:
            ids = [c.submit_sm(source_addr="61400000001", destination_addr="61400000002",
                               short_message=b"hello %d" % i, registered_delivery=1).message_id
                   for i in range(3)]
            long = c.send_message("Long message " * 20, source_addr="61400000001", destination_addr="61400000002")
            assert len(long) == 2
            many = c.submit_many([{"source_addr": "1", "destination_addr": "2"}] * 10)
            assert all(isinstance(r, smpp.SubmitSmResp) for r in many)
            q = c.query_sm(message_id=ids[0], source_addr="61400000001")
            assert q.message_id == ids[0]
            with pytest.raises(smpp.CommandStatusError) as e2:
                c.query_sm(message_id="nope", source_addr="1")
            assert e2.value.command_status == smpp.CommandStatus.ESME_RQUERYFAIL
            assert c.data_sm(source_addr="1", destination_addr="2").message_id
            matched = set()
            mo: List[str] = []
            for d in c.deliveries(timeout=LIMIT):
                if d.receipt is not None:
                    matched.update(m for m in ids if d.receipt.matches(m))
                else:
                    mo.append(d.text or "")
                if matched == set(ids) and mo:
                    break
            assert matched == set(ids) and mo == ["Hi from node"]
            c.sleep(0.35)  # node's enquire_link every 100 ms, answered while we idle
            assert c.is_open
        assert c.close_reason == "unbound"
        _wait_line(log, lambda line: '"event":"unbound"' in line, proc)  # node saw our unbind
        events = [json.loads(x) for x in log.read_text().splitlines()]
        assert sum(1 for e in events if e["event"] == "pdu_out" and e["command"] == "enquire_link") >= 2
    finally:
        _stop(proc)


def _simulator() -> Optional[str]:
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    for profile in ("release", "debug"):
        exe = target / profile / "smpp-simulator"
        if exe.is_file() and os.access(exe, os.X_OK):
            return str(exe)
    return None


@pytest.mark.skipif(_simulator() is None, reason="smpp-simulator not built (cargo build -p smpp-tokio --bins)")
def test_against_the_rust_simulator(tmp_path: pathlib.Path) -> None:
    exe = _simulator()
    assert exe is not None
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "sim.log"
    proc = _start_logged([exe, "--listen", "127.0.0.1:%d" % port, "--account", "esme01:secret",
                          "--dlr-delay-ms", "50", "--error-every", "3"], log)
    try:
        _wait_line(log, lambda line: "listening on" in line, proc)
        with pytest.raises(smpp.BindFailed):
            client(port, password="wrong")
        with client(port) as c:
            rs = c.submit_many([{"source_addr": "S", "destination_addr": "614", "short_message": b"x",
                                 "registered_delivery": 1} for _ in range(6)])
            errors = [r for r in rs if isinstance(r, smpp.CommandStatusError)]
            oks = [r.message_id for r in rs if not isinstance(r, smpp.SmppError)]
            assert len(errors) == 2 and errors[0].command_status == smpp.CommandStatus.ESME_RSYSERR
            got = set()
            for d in c.deliveries(timeout=LIMIT):
                assert d.receipt is not None
                got.update(m for m in oks if d.receipt.matches(m))
                if got == set(oks):
                    break
            assert got == set(oks)
        assert c.close_reason == "unbound"
    finally:
        _stop(proc)
