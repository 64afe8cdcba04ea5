"""Interop with SMPP stacks this project did not write (tools/peers):
our asyncio client against node-smpp's server and a Perl Net::SMPP server; python-smpplib's
and node-smpp's clients against our server."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from typing import Any, List

import pytest

import smpp

from conftest import PEERS

pytestmark = pytest.mark.asyncio

NODE = shutil.which("node")
HAVE_NODE = NODE is not None and (PEERS / "node_modules" / "smpp").is_dir()
PERL = shutil.which("perl")
HAVE_NET_SMPP = PERL is not None and subprocess.run(
    [PERL, "-MNet::SMPP", "-e", "1"], stderr=subprocess.DEVNULL
).returncode == 0
try:
    import smpplib  # noqa: F401

    HAVE_SMPPLIB = True
except ImportError:  # pragma: no cover
    HAVE_SMPPLIB = False


async def _kill(proc: "asyncio.subprocess.Process") -> None:
    if proc.returncode is None:
        proc.kill()  # by pid: the process this test started
        await proc.wait()


@pytest.mark.skipif(not HAVE_NODE, reason="node or tools/peers/node_modules missing (cd tools/peers && npm ci)")
async def test_our_client_against_node_smpp_server():
    proc = await asyncio.create_subprocess_exec(
        NODE, str(PEERS / "node_server.js"), "--port", "0", "--account", "esme01:secret",
        "--dlr-delay-ms", "100", "--mo-text", "Hi from node", "--timeout-s", "30", "--no-hex",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        async def main() -> None:
            assert proc.stdout is not None
            first = json.loads(await asyncio.wait_for(proc.stdout.readline(), 10))
            assert first["event"] == "listening"
            port = first["port"]
            with pytest.raises(smpp.BindFailed):
                await smpp.connect("127.0.0.1", port, system_id="esme01", password="wrong")
            async with smpp.connect("127.0.0.1", port, system_id="esme01", password="secret") as c:
                ids: List[str] = []
                for i in range(3):
                    r = await c.submit_sm(source_addr="61400000001", destination_addr="61400000002",
                                          short_message=b"hello %d" % i, registered_delivery=1)
                    ids.append(r.message_id)
                long = await c.send_message("Long message " * 20, source_addr="61400000001",
                                            destination_addr="61400000002")
                assert len(long) == 2
                matched = set()
                async for d in c.deliveries():
                    if d.receipt is not None:
                        for mid in ids:
                            if d.receipt.matches(mid):
                                matched.add(mid)
                                assert d.receipt.stat == "DELIVRD"
                    if matched == set(ids):
                        break
                await c.enquire_link()

        await asyncio.wait_for(main(), 30)
    finally:
        await _kill(proc)


async def test_our_client_against_perl_net_smpp_server():
    if not HAVE_NET_SMPP:
        why = "perl Net::SMPP missing (apt-get install libnet-smpp-perl)"
        if os.environ.get("SMPP_REQUIRE_DEBIAN_PEERS") == "1":  # test.sh installed it
            pytest.fail(why)
        pytest.skip(why)
    assert PERL is not None
    proc = await asyncio.create_subprocess_exec(
        PERL, str(PEERS / "netsmpp_server.pl"), "--port", "0", "--account", "esme01:secret",
        "--mo-text", "Hi from perl", "--timeout-s", "30",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        async def main() -> None:
            assert proc.stdout is not None
            first = json.loads(await asyncio.wait_for(proc.stdout.readline(), 10))
            port = first["port"]
            with pytest.raises(smpp.BindFailed) as e:
                await smpp.connect("127.0.0.1", port, system_id="esme01", password="wrong")
            assert e.value.command_status == smpp.CommandStatus.ESME_RINVPASWD
            async with smpp.connect("127.0.0.1", port, system_id="esme01", password="secret") as c:
                rs = await asyncio.gather(*(
                    c.submit_sm(source_addr="61400000001", destination_addr="61400000002",
                                short_message=b"perl %d" % i, registered_delivery=1)
                    for i in range(3)
                ))
                ids = {r.message_id for r in rs}
                got = set()
                async for d in c.deliveries():
                    assert d.receipt is not None and d.receipt.stat == "DELIVRD"
                    assert d.receipt.message_state == smpp.MessageState.DELIVERED  # from the TLV
                    got.add(d.receipt.message_id)
                    if got == ids:
                        break
                with pytest.raises(smpp.CommandStatusError) as e2:
                    await c.request(smpp.QuerySm(message_id="1"))
                assert e2.value.command_status == smpp.CommandStatus.ESME_RINVCMDID
            async with smpp.connect("127.0.0.1", port, system_id="esme01", password="secret", bind="rx") as c:
                d = await c.deliveries().__anext__()
                assert (d.text, d.source_addr, d.receipt) == ("Hi from perl", "61400000009", None)

        await asyncio.wait_for(main(), 30)
    finally:
        await _kill(proc)


CLIENTS = [
    pytest.param(
        "smpplib",
        marks=pytest.mark.skipif(not HAVE_SMPPLIB, reason="smpplib not installed (pip install -r tools/peers/requirements.txt)"),
    ),
    pytest.param(
        "node",
        marks=pytest.mark.skipif(not HAVE_NODE, reason="node or tools/peers/node_modules missing (cd tools/peers && npm ci)"),
    ),
]


@pytest.mark.parametrize("client", CLIENTS)
async def test_peer_client_against_our_server(client: str):
    """smpplib's and node-smpp's clients (same arguments, same JSON-lines output) against
    smpp.serve: submits with receipts, MO, a wrong password."""
    program = [sys.executable, str(PEERS / "smpplib_client.py")] if client == "smpplib" else [
        str(NODE), str(PEERS / "node_client.js")]

    async def on_submit(ss: smpp.ServerSession, pdu: Any) -> str:
        mid = ss.server.next_message_id()

        async def later() -> None:
            await asyncio.sleep(0.05)
            await ss.send_receipt(mid, source_addr=pdu.destination_addr, destination_addr=pdu.source_addr)

        asyncio.get_running_loop().create_task(later())
        return mid

    async def on_bound(ss: smpp.ServerSession) -> None:
        if ss.bind_kind == "rx":
            await ss.deliver_sm(source_addr="61400000009", destination_addr="SENDER",
                                short_message=b"MO from python")

    server = await smpp.serve(
        authenticate=lambda s, p, ev: (s, p) == ("esme01", "secret"), on_submit=on_submit,
        on_bound=on_bound,
    )
    procs = []
    try:
        async def run(*args: str) -> "tuple[int, str]":
            p = await asyncio.create_subprocess_exec(
                *program, "--port", str(server.port),
                "--no-hex", "--timeout-s", "20", *args,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            )
            procs.append(p)
            out, _ = await asyncio.wait_for(p.communicate(), 30)
            return p.returncode or 0, out.decode(errors="replace")

        code, out = await run("--system-id", "esme01", "--password", "secret", "--bind", "trx", "--count", "3")
        assert code == 0, out
        done = json.loads(out.strip().splitlines()[-1])
        assert done["submitted"] == 3 and done["receipts"] == 3
        code, out = await run("--system-id", "esme01", "--password", "secret", "--bind", "rx", "--expect-mo", "1")
        assert code == 0 and "MO from python" in out, out
        code, out = await run("--system-id", "esme01", "--password", "nope", "--bind", "tx")
        assert code == 2, out
    finally:
        for p in procs:
            await _kill(p)
        await server.aclose()
