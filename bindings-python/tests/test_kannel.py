"""Kannel (Debian package ``kannel``), the open-source SMS gateway, binding to ``smpp.serve`` as
a transceiver on 127.0.0.1: a UCS-2 message through its sendsms HTTP interface arrives as
submit_sm, our receipt reaches its DLR URL, and an MO we send reaches its sms-service URL.
Skipped when Kannel is missing, unless ``SMPP_REQUIRE_DEBIAN_PEERS=1`` (test.sh installs it)."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Any, Callable, List

import pytest

import smpp

pytestmark = pytest.mark.asyncio

BEARERBOX = shutil.which("bearerbox") or ("/usr/sbin/bearerbox" if os.path.exists("/usr/sbin/bearerbox") else None)
SMSBOX = shutil.which("smsbox") or ("/usr/sbin/smsbox" if os.path.exists("/usr/sbin/smsbox") else None)
LIMIT = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_get(port: int, path: str) -> str:
    """The body of a GET (also of an error response)."""
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=5) as r:
            return str(r.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as e:
        return "HTTP %d: %s" % (e.code, e.read().decode("utf-8", "replace"))


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


async def until(what: str, check: Callable[[], bool]) -> None:
    """Polls `check` (in a thread: it may block on I/O while our server keeps serving)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + LIMIT
    while not await loop.run_in_executor(None, check):
        assert loop.time() < end, "timed out waiting for " + what
        await asyncio.sleep(0.05)


def capture_server() -> "tuple[ThreadingHTTPServer, List[str]]":
    seen: List[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, seen


CONFIG = (Path(__file__).resolve().parents[2] / "tools" / "peers" / "kannel-esme.conf.in").read_text()


async def test_kannel_against_our_server() -> None:
    if BEARERBOX is None or SMSBOX is None:
        why = "Kannel is not installed (apt-get install kannel)"
        if os.environ.get("SMPP_REQUIRE_DEBIAN_PEERS") == "1":
            pytest.fail(why)
        pytest.skip(why)
    submitted: List[Any] = []

    async def on_submit(ss: smpp.ServerSession, pdu: Any) -> str:
        mid = ss.server.next_message_id()
        submitted.append((smpp.message_text(pdu).text, pdu.data_coding))

        async def receipt() -> None:
            await asyncio.sleep(0.05)
            await ss.send_receipt(mid, source_addr=pdu.destination_addr, destination_addr=pdu.source_addr)
            await ss.deliver_sm(source_addr="61400000009", destination_addr="SENDER",
                                data_coding=8, short_message=smpp.encode_text("Ответ ✓", "ucs2"))

        asyncio.get_running_loop().create_task(receipt())
        return mid

    httpd, seen = capture_server()
    server = await smpp.serve(authenticate=lambda s, p, ev: (s, p) == ("kannel", "secret"),
                              on_submit=on_submit)
    ports = dict(admin=free_port(), smsbox=free_port(), sendsms=free_port(), smsc=server.port,
                 callback=httpd.server_address[1])
    procs: List["asyncio.subprocess.Process"] = []
    with tempfile.TemporaryDirectory(prefix="smpp-kannel-py-") as d:
        conf = Path(d) / "kannel.conf"
        conf.write_text(CONFIG.format(dir=d, **ports))
        try:
            async def start(program: str) -> None:
                procs.append(await asyncio.create_subprocess_exec(
                    program, str(conf), stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.DEVNULL))

            def get(port: int, path: str) -> str:
                try:
                    return http_get(port, path)
                except OSError:
                    return ""

            await start(BEARERBOX)
            await until("bearerbox to bind", lambda: "(online" in get(ports["admin"], "/status.txt?password=adm"))
            await start(SMSBOX)
            loop = asyncio.get_running_loop()
            await until("smsbox's sendsms port", lambda: port_open(ports["sendsms"]))
            dlr = "http://127.0.0.1:%d/dlr?type=%%d" % ports["callback"]
            query = urllib.parse.urlencode(dict(
                username="u", password="p", to="61481076483", charset="UTF-8", coding=2, **{"from": "SENDER"},
                text="Привет €", **{"dlr-mask": 1, "dlr-url": dlr}), safe="")
            body = await loop.run_in_executor(None, get, ports["sendsms"], "/cgi-bin/sendsms?" + query)
            assert "Accepted" in body, body
            await until("the submit_sm", lambda: bool(submitted))
            assert submitted[0] == ("Привет €", 8)
            await until("the DLR", lambda: any(p.startswith("/dlr?type=1") for p in seen))
            want = urllib.parse.quote_plus("Ответ ✓")
            await until("the MO", lambda: any(p.startswith("/mo?") and ("text=" + want) in p for p in seen))
        finally:
            for p in procs:
                if p.returncode is None:
                    p.kill()  # by pid: the processes this test started
                    await p.wait()
            httpd.shutdown()
            httpd.server_close()
            await server.aclose()
