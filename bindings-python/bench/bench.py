"""Benchmark: codec decode/encode against smpplib and smpp34, and asyncio loopback throughput.

    python bench/bench.py [--quick]

Needs the package installed, plus smpplib and smpp34 from PyPI for the comparison rows
(a missing one is reported as such). Prints one table. Not a test: numbers depend on the
machine and its load.

The PDU is the typical 96-octet submit_sm: source 'SENDER' (TON 5), destination
'61481076483' (TON 1, NPI 1), registered_delivery 1, a 40-character text and one TLV
(user_message_reference = 7).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import textwrap
import timeit
from typing import Awaitable, Callable, List, Optional, Tuple

import smpp

TEXT = b"Hello world, this is a forty char text!!"
assert len(TEXT) == 40


def best(fn: Callable[[], object], number: int, repeat: int) -> float:
    """Best per-call time in microseconds."""
    t = min(timeit.repeat(fn, number=number, repeat=repeat))
    return t / number * 1e6


def ours(number: int, repeat: int) -> Tuple[List[Tuple[str, float]], bytes]:
    S = smpp.SubmitSm
    dec, enc = smpp.decode, smpp.encode
    tlvs = [(0x0204, b"\x00\x07")]

    def build() -> smpp.Pdu:
        return S(source_addr="SENDER", source_addr_ton=5, destination_addr="61481076483",
                 dest_addr_ton=1, dest_addr_npi=1, registered_delivery=1, short_message=TEXT,
                 sequence_number=1, tlvs=tlvs)

    pdu = build()
    data = enc(pdu)
    assert len(data) == 96
    rows = [
        ("decode", best(lambda: dec(data), number, repeat)),
        ("decode + read 3 fields", best(lambda: (lambda p: (p.source_addr, p.destination_addr, p.short_message))(dec(data)), number, repeat)),
        ("encode (PDU object -> bytes)", best(lambda: enc(pdu), number, repeat)),
        ("build + encode (keywords -> bytes)", best(lambda: enc(build()), number, repeat)),
    ]
    return rows, data


def smpplib_rows(data: bytes, number: int, repeat: int) -> Optional[List[Tuple[str, float]]]:
    try:
        import smpplib.consts
        import smpplib.smpp
    except ImportError:
        return None

    class Client:  # smpplib needs a client for sequence numbers
        sequence = 1

        def next_sequence(self) -> int:
            return 1

    c = Client()

    def build():  # type: ignore[no-untyped-def]
        p = smpplib.smpp.make_pdu(
            "submit_sm", client=c, source_addr_ton=5, source_addr="SENDER", dest_addr_ton=1,
            dest_addr_npi=1, destination_addr="61481076483", registered_delivery=1,
            short_message=TEXT, user_message_reference=7,
        )
        p.sequence = 1
        return p

    p = build()
    out = p.generate()
    parse = smpplib.smpp.parse_pdu
    back = parse(data, client=c)
    assert back.destination_addr in (b"61481076483", "61481076483")
    rows = [
        ("decode", best(lambda: parse(data, client=c), number // 10, repeat)),
        ("encode (PDU object -> bytes)", best(p.generate, number // 10, repeat)),
        ("build + encode (keywords -> bytes)", best(lambda: build().generate(), number // 10, repeat)),
    ]
    if len(out) != 96:
        rows.append(("(note: smpplib wrote %d octets)" % len(out), float("nan")))
    return rows


def smpp34_rows(data: bytes, number: int, repeat: int) -> Optional[List[Tuple[str, float]]]:
    try:
        import smpp34
    except ImportError:
        return None
    tl = [smpp34.Tlv(0x0204, b"\x00\x07")]

    def build():  # type: ignore[no-untyped-def]
        return smpp34.SubmitSm(source_addr="SENDER", destination_addr="61481076483",
                               short_message=TEXT, source_addr_ton=5, dest_addr_ton=1,
                               dest_addr_npi=1, registered_delivery=1, sequence_number=1, tlvs=tl)

    p = build()
    assert p.encode() == data, "smpp34 encodes different octets"
    dec = smpp34.decode
    return [
        ("decode", best(lambda: dec(data), number, repeat)),
        ("decode + read 3 fields", best(lambda: (lambda q: (q.source_addr, q.destination_addr, q.short_message))(dec(data)), number, repeat)),
        ("encode (PDU object -> bytes)", best(p.encode, number, repeat)),
        ("build + encode (keywords -> bytes)", best(lambda: build().encode(), number, repeat)),
    ]


# ---- asyncio loopback: one server process, each client in turn against it ----

async def serve_forever(window: int) -> None:
    """The server process: smpp.serve with the default handler (a fresh message_id per
    submit_sm); prints its port, stops when stdin closes."""
    async with await smpp.serve(window=window, enquire_link_interval=None) as server:
        print(server.port, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


class ServerProcess:
    """Our server in its own process, so that client and server each have a core."""

    def __init__(self, window: int) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--serve", str(window)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        assert self.proc.stdout is not None
        self.port = int(self.proc.stdout.readline())

    def stop(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


async def pipelined(submit: Callable[[], Awaitable[object]], n: int, workers: int) -> float:
    """submit_sm/s with ``workers`` coroutines each awaiting one submit after another (how an
    application keeps a window of requests in flight)."""
    async def worker(k: int) -> None:
        for _ in range(k):
            await submit()

    await asyncio.gather(*(worker(20) for _ in range(workers)))  # warm up
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    await asyncio.gather(*(worker(n // workers) for _ in range(workers)))
    return (n // workers) * workers / (loop.time() - t0)


async def loopback_ours(port: int, n: int, window: int) -> float:
    async with smpp.connect("127.0.0.1", port, system_id="bench", password="pw", window=window) as c:
        return await pipelined(
            lambda: c.submit_sm(source_addr="SENDER", destination_addr="61481076483", short_message=TEXT),
            n, window,
        )


async def loopback_smpp34(port: int, n: int, window: int) -> Optional[float]:
    try:
        import smpp34
    except ImportError:
        return None
    client = smpp34.Client("127.0.0.1", port, "bench", "pw", bind_type="TRX", window_size=window)
    s = await client.connect()
    try:
        return await pipelined(lambda: s.submit_sm("61481076483", TEXT, source_addr="SENDER"), n, window)
    finally:
        await s.unbind()
        await client.stop()


SMPPLIB_CLIENT = textwrap.dedent(
    """
    import sys, time, smpplib.client, smpplib.smpp
    port, n = int(sys.argv[1]), int(sys.argv[2])
    c = smpplib.client.Client("127.0.0.1", port, timeout=10)
    c.connect(); c.bind_transceiver(system_id="bench", password="pw")
    def one():
        p = smpplib.smpp.make_pdu("submit_sm", client=c, source_addr="SENDER",
                                  destination_addr="61481076483", short_message=b"x" * 40)
        c.send_pdu(p)
        r = c.read_pdu()
        assert r.command == "submit_sm_resp", r.command
    for _ in range(100): one()
    t0 = time.perf_counter()
    for _ in range(n): one()
    print(n / (time.perf_counter() - t0))
    c.unbind(); c.disconnect()
    """
)


def loopback_smpplib(port: int, n: int) -> Optional[float]:
    try:
        import smpplib  # noqa: F401
    except ImportError:
        return None
    r = subprocess.run([sys.executable, "-c", SMPPLIB_CLIENT, str(port), str(n)],
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        print("smpplib loopback failed:", r.stderr[-500:], file=sys.stderr)
        return None
    return float(r.stdout.split()[0])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--serve", type=int, metavar="WINDOW", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.serve:
        asyncio.run(serve_forever(a.serve))
        return
    number, repeat = (20_000, 3) if a.quick else (200_000, 7)
    n_loop = 5_000 if a.quick else 100_000

    print("Python %s, smpp %s, %s; %d CPUs, load %s" % (
        sys.version.split()[0], smpp.__version__, sys.platform, os.cpu_count() or 0,
        " ".join("%.2f" % x for x in os.getloadavg())))
    rows, data = ours(number, repeat)
    table: List[Tuple[str, str, str]] = [("smpp (this)", op, "%.3f" % us) for op, us in rows]
    lib = smpplib_rows(data, number, repeat)
    if lib is None:
        table.append(("smpplib", "-", "not installed"))
    else:
        table += [("smpplib 2.2.4" if True else "", op, "%.3f" % us) for op, us in lib]
    s34 = smpp34_rows(data, number, repeat)
    if s34 is None:
        table.append(("smpp34", "-", "not installed"))
    else:
        table += [("smpp34", op, "%.3f" % us) for op, us in s34]

    print()
    print("%-14s %-38s %12s" % ("library", "96-octet submit_sm", "µs per call"))
    print("-" * 66)
    for lib_name, op, v in table:
        print("%-14s %-38s %12s" % (lib_name, op, v))

    window = 64
    server = ServerProcess(window)
    try:
        ours_rate = asyncio.run(loopback_ours(server.port, n_loop, window))
        s34_rate = asyncio.run(loopback_smpp34(server.port, n_loop // 2, window))
        lib_rate = loopback_smpplib(server.port, n_loop // 10)
    finally:
        server.stop()
    print()
    print("%-52s %14s" % ("asyncio loopback (127.0.0.1), server = smpp.serve", "submit_sm/s"))
    print("-" * 67)
    print("%-52s %14.0f" % ("smpp.connect, 64 coroutines awaiting submit_sm", ours_rate))
    if s34_rate is None:
        print("%-52s %14s" % ("smpp34 client", "not installed"))
    else:
        print("%-52s %14.0f" % ("smpp34 Client, 64 coroutines awaiting submit_sm", s34_rate))
        print("%-52s %14.1f" % ("  ratio smpp / smpp34", ours_rate / s34_rate))
    if lib_rate is None:
        print("%-52s %14s" % ("smpplib client", "not installed"))
    else:
        print("%-52s %14.0f" % ("smpplib client (blocking, one at a time)", lib_rate))


if __name__ == "__main__":
    main()
