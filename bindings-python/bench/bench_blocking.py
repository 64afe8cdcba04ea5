"""Benchmark: blocking clients, one submit_sm at a time (window 1), over 127.0.0.1.

    python bench/bench_blocking.py [--count N] [--rounds R] [--server python|rust|both]
                                   [--keep-awake]

One run starts a server in its own process -- ``smpp.serve`` (bench.py's server: a fresh
message_id per submit_sm) and/or the Rust ``bench_server`` example of smpp-tokio (built with
``cargo build --release -p smpp-tokio --example bench_server``), whose answers take a few
microseconds, so the clients' own cost shows -- then times, in turn and each in its own process, ``smpp.Client`` (this
package's blocking client) and python-smpplib's ``smpplib.client.Client`` (if installed),
each sending N submit_sm of 40 octets and waiting for each submit_sm_resp before the next.
The clients alternate for R rounds; the best round of each is printed (with all rounds),
and the ratio. Not a test: numbers depend on the machine and its load.

At window 1 each request waits for the server's process and then the client's to be woken.
On a virtual machine a CPU that went idle can take tens of microseconds to wake, which both
clients pay and which can dwarf their own cost. ``--keep-awake`` runs one busy loop per CPU
at the lowest priority (``nice 19``) during the run, so CPUs never go idle (as the kernel's
``idle=poll`` would) and the clients' own cost shows.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap
from typing import Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from bench import ServerProcess  # noqa: E402  (bench.py's server process)

OURS = textwrap.dedent(
    """
    import sys, time, smpp
    port, n = int(sys.argv[1]), int(sys.argv[2])
    with smpp.Client("127.0.0.1", port, system_id="bench", password="pw", timeout=10,
                     enquire_link_interval=None) as c:
        def one():
            c.submit_sm(source_addr="SENDER", destination_addr="61481076483", short_message=b"x" * 40)
        for _ in range(100): one()
        t0 = time.perf_counter()
        for _ in range(n): one()
        print(n / (time.perf_counter() - t0))
    """
)

SMPPLIB = textwrap.dedent(
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


def run_client(code: str, port: int, n: int) -> Optional[float]:
    r = subprocess.run([sys.executable, "-c", code, str(port), str(n)],
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        print("client failed:", r.stderr[-800:], file=sys.stderr)
        return None
    return float(r.stdout.split()[0])


class RustServer:
    """smpp-tokio's bench_server example in its own process (prints ``port N``)."""

    def __init__(self) -> None:
        root = os.path.dirname(os.path.dirname(HERE))
        exe = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target")),
                           "release", "examples", "bench_server")
        if not os.path.exists(exe):
            raise FileNotFoundError(exe + " (cargo build --release -p smpp-tokio --example bench_server)")
        self.proc = subprocess.Popen([exe], stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line.startswith("port "):
            self.stop()
            raise RuntimeError("bench_server did not start: %r" % line)
        self.port = int(line.split()[1])

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=20_000, help="submit_sm per client per round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--server", choices=["python", "rust", "both"], default="both")
    ap.add_argument("--keep-awake", action="store_true",
                    help="a nice-19 busy loop per CPU during the run, so no CPU goes idle")
    a = ap.parse_args()
    spinners: List["subprocess.Popen[bytes]"] = []
    if a.keep_awake:
        spin = "import os\nos.nice(19)\nwhile True:\n    pass\n"
        spinners = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(os.cpu_count() or 1)]
    try:
        run(a)
    finally:
        for p in spinners:
            p.kill()
            p.wait()


def run(a: argparse.Namespace) -> None:
    try:
        import smpplib  # noqa: F401
        have_smpplib = True
    except ImportError:
        have_smpplib = False
    import smpp

    print("Python %s, smpp %s, %s; %d CPUs, load %s%s" % (
        sys.version.split()[0], smpp.__version__, sys.platform, os.cpu_count() or 0,
        " ".join("%.2f" % x for x in os.getloadavg()),
        "; CPUs kept awake (a nice-19 busy loop each)" if a.keep_awake else ""))
    clients = {"smpp.Client": OURS}
    if have_smpplib:
        clients["smpplib 2.2.4 Client"] = SMPPLIB
    servers = ["python", "rust"] if a.server == "both" else [a.server]
    for kind in servers:
        try:
            server = ServerProcess(1) if kind == "python" else RustServer()
        except (FileNotFoundError, RuntimeError) as e:
            print("\nserver %s not run: %s" % (kind, e))
            continue
        label = "smpp.serve (own process)" if kind == "python" else "smpp-tokio bench_server (own process)"
        rates: Dict[str, List[float]] = {k: [] for k in clients}
        try:
            for _ in range(a.rounds):
                for name, code in clients.items():
                    r = run_client(code, server.port, a.count)
                    if r is not None:
                        rates[name].append(r)
        finally:
            server.stop()
        report(rates, a.count, label, have_smpplib)


def report(rates: Dict[str, List[float]], count: int, label: str, have_smpplib: bool) -> None:
    print()
    print("blocking clients, window 1, %d submit_sm per round, server = %s" % (count, label))
    print("%-24s %14s   %s" % ("client", "best submit_sm/s", "all rounds"))
    print("-" * 72)
    for name, rs in rates.items():
        if rs:
            print("%-24s %14.0f     %s" % (name, max(rs), " ".join("%.0f" % r for r in rs)))
        else:
            print("%-24s %14s" % (name, "failed"))
    if not have_smpplib:
        print("%-24s %14s" % ("smpplib", "not installed"))
    elif rates["smpp.Client"] and rates["smpplib 2.2.4 Client"]:
        print("%-24s %14.1f" % ("ratio smpp / smpplib", max(rates["smpp.Client"]) / max(rates["smpplib 2.2.4 Client"])))


if __name__ == "__main__":
    main()
