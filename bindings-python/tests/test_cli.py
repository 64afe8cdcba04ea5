"""``python -m smpp serve`` stops cleanly on SIGINT / SIGTERM; ``python -m smpp send`` checks
field lengths before it connects (subprocesses on 127.0.0.1, ephemeral ports, bounded waits)."""

from __future__ import annotations

import json
import pathlib
import signal
import socket
import subprocess
import sys
import time
from typing import Any, Dict, List

import pytest

import smpp

LIMIT = 10.0


def _serve(tmp_path: pathlib.Path, *extra: str) -> "tuple[subprocess.Popen[bytes], int, pathlib.Path, pathlib.Path]":
    out, err = tmp_path / "serve.out", tmp_path / "serve.err"
    with open(out, "wb") as o, open(err, "wb") as e:
        proc = subprocess.Popen(
            [sys.executable, "-m", "smpp", "serve", "--port", "0", "--account", "esme01:secret", *extra],
            stdout=o, stderr=e, stdin=subprocess.DEVNULL,
        )
    deadline = time.monotonic() + LIMIT
    while time.monotonic() < deadline:
        lines = out.read_text().splitlines()
        if lines and lines[0].endswith("}"):
            first = json.loads(lines[0])
            assert first["event"] == "listening"
            return proc, int(first["port"]), out, err
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    proc.kill()
    proc.wait(5)
    raise AssertionError("serve did not start: %s" % err.read_text())


def _events(path: pathlib.Path) -> List[Dict[str, Any]]:
    return [json.loads(x) for x in path.read_text().splitlines() if x.strip()]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_stops_cleanly_on_a_signal(tmp_path: pathlib.Path, sig: signal.Signals) -> None:
    proc, port, out, err = _serve(tmp_path, "--receipt-delay", "0.1")
    raw = unbound = None
    try:
        # A well-behaved client with a receipt on its way, a transmitter, a client that binds
        # and then answers nothing (its unbind times out), and a connection that never binds.
        c = smpp.Client("127.0.0.1", port, system_id="esme01", password="secret", timeout=5)
        c.submit_sm(source_addr="A", destination_addr="B", registered_delivery=1)
        tx = smpp.Client("127.0.0.1", port, system_id="esme01", password="secret", bind="tx")
        raw = socket.create_connection(("127.0.0.1", port), timeout=LIMIT)
        raw.sendall(smpp.encode(smpp.BindTransceiver(system_id="esme01", password="secret", sequence_number=1)))
        assert smpp.decode(raw.recv(1024)).command_status == 0
        raw.sendall(smpp.encode(smpp.SubmitSm(source_addr="A", destination_addr="B", registered_delivery=1,
                                              sequence_number=2)))
        unbound = socket.create_connection(("127.0.0.1", port), timeout=LIMIT)
        time.sleep(0.3)  # the silent client's receipt is out, unanswered

        t0 = time.monotonic()
        proc.send_signal(sig)  # by pid: the process this test started
        c.sleep(LIMIT)  # returns when the server's unbind closed the session
        tx.sleep(LIMIT)
        assert c.close_reason == "unbound" and c.peer_unbound
        assert tx.close_reason == "unbound" and tx.peer_unbound
        assert proc.wait(LIMIT) == 0
        assert time.monotonic() - t0 < 5  # the silent client costs the 2 s unbind timeout at most
        # The silent client was sent an unbind before the server closed its connection.
        got = b""
        raw.settimeout(LIMIT)
        while True:
            chunk = raw.recv(4096)
            if not chunk:
                break
            got += chunk
        frames, _ = smpp.split_frames(got)
        assert "unbind" in [smpp.decode(f).command_name for f in frames]
    finally:
        for s in (raw, unbound):
            if s is not None:
                s.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    assert err.read_text() == ""  # no traceback, no "Future exception was never retrieved"
    events = _events(out)
    assert events[-2]["event"] == "stopping" and events[-2]["signal"] == sig.name
    assert events[-1] == {"event": "stopped"}


def test_serve_stops_cleanly_with_nobody_connected(tmp_path: pathlib.Path) -> None:
    proc, _port, out, err = _serve(tmp_path)
    try:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(LIMIT) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    assert err.read_text() == ""
    assert _events(out)[-1] == {"event": "stopped"}


@pytest.mark.parametrize(
    "option, value, field, most",
    [
        ("--system-id", "s" * 16, "system_id", 15),
        ("--password", "p" * 9, "password", 8),
        ("--system-type", "t" * 13, "system_type", 12),
        ("--from", "1" * 21, "source_addr", 20),
        ("--to", "2" * 21, "destination_addr", 20),
    ],
)
def test_send_checks_field_lengths_before_connecting(option: str, value: str, field: str, most: int) -> None:
    with socket.socket() as probe:  # nobody listens here: a connection attempt would fail differently
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    args = {"--system-id": "esme01", "--password": "secret", "--system-type": "", "--from": "SENDER",
            "--to": "61481076483"}
    args[option] = value
    argv = [sys.executable, "-m", "smpp", "send", "--port", str(port), "--text", "hi"]
    for k, v in args.items():
        argv += [k, v]
    r = subprocess.run(argv, capture_output=True, text=True, timeout=LIMIT * 3)
    assert r.returncode == 2
    assert r.stdout == ""  # no "error" event: it never tried to connect
    assert field in r.stderr and option in r.stderr and "at most %d" % most in r.stderr
    assert "%d octets" % len(value) in r.stderr


def test_send_accepts_fields_at_their_limits(tmp_path: pathlib.Path) -> None:
    proc, port, _out, err = _serve(tmp_path, "--receipt-delay", "-1")
    try:
        argv = [sys.executable, "-m", "smpp", "send", "--port", str(port), "--system-id", "esme01",
                "--password", "secret", "--system-type", "t" * 12, "--from", "1" * 20, "--to", "2" * 20,
                "--text", "at the limits"]
        r = subprocess.run(argv, capture_output=True, text=True, timeout=LIMIT * 3)
        assert r.returncode == 0, r.stdout + r.stderr
        assert json.loads(r.stdout.splitlines()[-1])["event"] == "submitted"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(LIMIT) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    assert err.read_text() == ""
