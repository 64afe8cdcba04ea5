"""Command line: ``python -m smpp send|serve|decode``.

    python -m smpp decode 0000001000000015000000000000000
    python -m smpp serve --port 2775 --account esme01:secret --receipt-delay 1
    python -m smpp send --port 2775 --system-id esme01 --password secret \\
        --from SENDER --to 61481076483 --text "Hello" [--wait-receipt]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from typing import Any, Dict, List, Optional, Set

import smpp
from smpp.constants import CommandId, CommandStatus


def _describe(pdu: smpp.Pdu) -> Dict[str, Any]:
    out: Dict[str, Any] = {
        "command": pdu.command_name,
        "command_id": "0x%08X" % pdu.command_id,
        "command_status": "0x%08X (%s)" % (pdu.command_status, CommandStatus(pdu.command_status).name),
        "sequence_number": pdu.sequence_number,
        "command_length": pdu.command_length,
    }
    for name in type(pdu)._fields:  # type: ignore[attr-defined]
        v = getattr(pdu, name)
        out[name] = v.hex() if isinstance(v, bytes) else v
    if pdu.command_name in ("deliver_sm", "data_sm", "submit_sm"):
        try:
            t = smpp.message_text(pdu)
            if t.text is not None:
                out["text"] = t.text
            if t.concat is not None:
                out["concat"] = t.concat
        except smpp.SmppError as e:
            out["text_error"] = str(e)
    if pdu.command_name in ("deliver_sm", "data_sm"):
        r = smpp.parse_receipt(pdu)
        if r is not None:
            out["receipt"] = {
                "message_id": r.message_id,
                "stat": r.stat,
                "message_state": r.message_state,
                "err": r.err,
                "submit_date": r.submit_date.isoformat() if r.submit_date else None,
                "done_date": r.done_date.isoformat() if r.done_date else None,
            }
    tlvs = []
    for tag, value in pdu.tlvs:
        try:
            name = smpp.TlvTag(tag).name.lower()
        except ValueError:  # pragma: no cover
            name = "0x%04X" % tag
        tlvs.append({"tag": "0x%04X" % tag, "name": name, "value": value.hex()})
    if tlvs:
        out["tlvs"] = tlvs
    return out


def cmd_decode(args: argparse.Namespace) -> int:
    hexdata = "".join(args.hex).replace(" ", "").replace(":", "")
    try:
        data = bytes.fromhex(hexdata)
    except ValueError as e:
        print("not hex: %s" % e, file=sys.stderr)
        return 2
    frames, rest = smpp.split_frames(data)
    if not frames:
        frames, rest = [data], b""
    code = 0
    for f in frames:
        try:
            pdu = smpp.decode(f)
        except smpp.PduDecodeError as e:
            print(json.dumps({"error": str(e), "field": e.field, "offset": e.offset,
                              "command_status": "0x%08X" % e.command_status}), flush=True)
            code = 1
            continue
        print(json.dumps(_describe(pdu), ensure_ascii=False, indent=None if args.compact else 2))
    if rest:
        print(json.dumps({"trailing_octets": rest.hex()}))
    return code


async def _send(args: argparse.Namespace) -> int:
    async with smpp.connect(
        args.host,
        args.port,
        system_id=args.system_id,
        password=args.password,
        bind=args.bind,
        system_type=args.system_type,
        response_timeout=args.timeout,
    ) as client:
        print(json.dumps({"event": "bound", "peer_system_id": client.bound.peer_system_id}), flush=True)
        reg = 1 if args.wait_receipt else 0
        resps = await client.send_message(
            args.text,
            source_addr=args.source,
            destination_addr=args.destination,
            registered_delivery=reg,
            method=args.method,
            source_addr_ton=args.source_ton,
            source_addr_npi=args.source_npi,
            dest_addr_ton=args.dest_ton,
            dest_addr_npi=args.dest_npi,
        )
        ids = [r.message_id for r in resps]
        print(json.dumps({"event": "submitted", "message_ids": ids}), flush=True)
        if not args.wait_receipt:
            return 0
        pending = set(ids)

        async def wait() -> None:
            async for d in client.deliveries():
                if d.receipt is None:
                    print(json.dumps({"event": "mo", "from": d.source_addr, "text": d.text}), flush=True)
                    continue
                hit = [m for m in pending if d.receipt.matches(m)]
                print(json.dumps({"event": "receipt", "message_id": d.receipt.message_id,
                                  "stat": d.receipt.stat, "matched": bool(hit)}), flush=True)
                pending.difference_update(hit)
                if not pending:
                    return

        try:
            await asyncio.wait_for(wait(), args.receipt_timeout)
        except asyncio.TimeoutError:
            print(json.dumps({"event": "timeout", "waiting_for": sorted(pending)}), flush=True)
            return 1
        return 0


# The longest value SMPP allows in each C-octet string field the send command fills
# (the field's size without its NUL; SMPP.md, bind and submit_sm bodies).
SEND_FIELDS = (
    ("system_id", "--system-id", 15),
    ("password", "--password", 8),
    ("system_type", "--system-type", 12),
    ("source_addr", "--from", 20),
    ("destination_addr", "--to", 20),
)


def check_send_fields(args: argparse.Namespace) -> Optional[str]:
    """The first field of ``send`` that SMPP cannot carry, as a message; None when all fit."""
    for field, option, most in SEND_FIELDS:
        value = getattr(args, {"source_addr": "source", "destination_addr": "destination"}.get(field, field))
        try:
            n = len(value.encode("latin-1"))
        except UnicodeEncodeError:
            return "%s (%s) must be Latin-1 text (ASCII in practice): %r" % (field, option, value)
        if n > most:
            return "%s (%s) is %d octets long; SMPP allows at most %d" % (field, option, n, most)
    return None


def cmd_send(args: argparse.Namespace) -> int:
    problem = check_send_fields(args)
    if problem is not None:
        print("python -m smpp send: %s" % problem, file=sys.stderr)
        return 2
    try:
        return asyncio.run(_send(args))
    except smpp.BindFailed as e:
        print(json.dumps({"event": "bind_failed", "command_status": int(e.command_status),
                          "status": CommandStatus(e.command_status).name}), flush=True)
        return 2
    except (smpp.SmppError, OSError) as e:
        print(json.dumps({"event": "error", "error": "%s: %s" % (type(e).__name__, e)}), flush=True)
        return 1


async def _serve(args: argparse.Namespace) -> int:
    accounts: Dict[str, str] = {}
    for a in args.account or []:
        sid, _, pw = a.partition(":")
        accounts[sid] = pw
    loop = asyncio.get_running_loop()
    receipts: Set["asyncio.Task[None]"] = set()
    stop = asyncio.Event()
    stopped_by: List[str] = []

    def on_signal(sig: signal.Signals) -> None:
        if not stopped_by:
            stopped_by.append(sig.name)
        stop.set()

    # Before anything is printed: whoever waits for "listening" may signal at once.
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, on_signal, sig)
        except (NotImplementedError, RuntimeError):  # pragma: no cover - not on this platform
            pass

    def authenticate(system_id: str, password: str, ev: Any) -> int:
        if not accounts:
            return 0
        if system_id not in accounts:
            return CommandStatus.ESME_RINVSYSID
        return 0 if accounts[system_id] == password else CommandStatus.ESME_RINVPASWD

    async def on_submit(ss: smpp.ServerSession, pdu: Any) -> str:
        mid = ss.server.next_message_id()
        print(json.dumps({"event": "submit_sm", "system_id": ss.system_id, "message_id": mid,
                          "from": pdu.source_addr, "to": pdu.destination_addr,
                          "text": smpp.message_text(pdu).text}), flush=True)
        if pdu.registered_delivery & 0x03 and args.receipt_delay >= 0:
            async def receipt() -> None:
                await asyncio.sleep(args.receipt_delay)
                targets = [ss] if ss.is_bound and ss.bind_kind != "tx" else ss.server.bound_sessions(ss.system_id)
                for t in targets[:1]:
                    try:
                        await t.send_receipt(mid, source_addr=pdu.destination_addr,
                                             destination_addr=pdu.source_addr, stat=args.receipt_state,
                                             text=pdu.message[:20])
                    except smpp.SmppError as e:
                        print(json.dumps({"event": "receipt_failed", "error": str(e)}), flush=True)

            task = loop.create_task(receipt())
            receipts.add(task)
            task.add_done_callback(receipts.discard)
        return mid

    server = await smpp.serve(
        args.host, args.port, authenticate=authenticate, on_submit=on_submit,
        system_id=args.system_id, enquire_link_interval=args.enquire_link_interval,
    )
    print(json.dumps({"event": "listening", "host": args.host, "port": server.port}), flush=True)
    try:
        if args.duration:
            await asyncio.wait_for(stop.wait(), args.duration)
        else:
            await stop.wait()
    except asyncio.TimeoutError:
        pass
    # Shutting down: receipts not sent yet are dropped (a session that is unbinding cannot
    # send them), then every session is unbound (up to 2 s each) and closed.
    print(json.dumps({"event": "stopping", "signal": stopped_by[0] if stopped_by else None,
                      "sessions": len(server.sessions), "receipts_pending": len(receipts)}), flush=True)
    for task in list(receipts):
        task.cancel()
    if receipts:
        await asyncio.gather(*receipts, return_exceptions=True)
    await server.aclose()
    print(json.dumps({"event": "stopped"}), flush=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    return asyncio.run(_serve(args))


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m smpp", description="SMPP tools")
    ap.add_argument("--version", action="version", version=smpp.__version__)
    sub = ap.add_subparsers(dest="cmd", required=True)

    d = sub.add_parser("decode", help="decode PDUs given in hex and print their fields as JSON")
    d.add_argument("hex", nargs="+")
    d.add_argument("--compact", action="store_true")
    d.set_defaults(func=cmd_decode)

    s = sub.add_parser("send", help="connect, bind, submit a message, optionally wait for its receipt")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=2775)
    s.add_argument("--system-id", required=True)
    s.add_argument("--password", required=True)
    s.add_argument("--system-type", default="")
    s.add_argument("--bind", choices=("tx", "trx"), default="trx")
    s.add_argument("--from", dest="source", default="")
    s.add_argument("--to", dest="destination", required=True)
    s.add_argument("--source-ton", type=int, default=0)
    s.add_argument("--source-npi", type=int, default=0)
    s.add_argument("--dest-ton", type=int, default=1)
    s.add_argument("--dest-npi", type=int, default=1)
    s.add_argument("--text", required=True)
    s.add_argument("--method", choices=("udh8", "udh16", "sar", "payload"), default="udh8")
    s.add_argument("--wait-receipt", action="store_true", help="ask for a receipt and wait for it")
    s.add_argument("--receipt-timeout", type=float, default=60.0)
    s.add_argument("--timeout", type=float, default=30.0, help="response timeout (s)")
    s.set_defaults(func=cmd_send)

    v = sub.add_parser("serve", help="run an SMSC simulator (accounts, receipts after a delay)")
    v.add_argument("--host", default="127.0.0.1")
    v.add_argument("--port", type=int, default=2775, help="0 picks a free port")
    v.add_argument("--account", action="append", metavar="SYSTEM_ID:PASSWORD",
                   help="accepted credentials (repeatable); none: accept every bind")
    v.add_argument("--system-id", default="SMPPSIM")
    v.add_argument("--receipt-delay", type=float, default=1.0, help="seconds; negative: no receipts")
    v.add_argument("--receipt-state", default="DELIVRD")
    v.add_argument("--enquire-link-interval", type=float, default=30.0)
    v.add_argument("--duration", type=float, default=0.0, help="stop after this many seconds (0: run)")
    v.set_defaults(func=cmd_serve)

    args = ap.parse_args(argv)
    rc: int = args.func(args)
    return rc


if __name__ == "__main__":
    raise SystemExit(main())

_ = CommandId  # re-exported for scripts importing from here
