"""The asyncio ESME: ``client = await smpp.connect(host, port, system_id=..., password=...)``."""

from __future__ import annotations

import asyncio
import inspect
import logging
import random
from dataclasses import dataclass
from typing import (
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    List,
    Optional,
    Union,
)

from smpp._smpp import EnquireLink, Pdu, Session, SubmitSm, SubmitSmResp
from smpp.constants import CommandStatus
from smpp.events import BindRequest, Closed, OutbindReceived, PeerViolation, Request, Unbound
from smpp.exceptions import BindFailed, ConnectionClosed, SmppError
from smpp.receipt import DeliveryReceipt, parse_receipt
from smpp.text import MessageAssembler, message_text, split_text

from ._connection import Connection

log = logging.getLogger("smpp.aio")

__all__ = ["connect", "Client", "Delivery"]


@dataclass(frozen=True)
class Delivery:
    """A deliver_sm (or data_sm) from the SMSC: a delivery receipt or a mobile-originated
    message. Already acknowledged with deliver_sm_resp when you receive it."""

    pdu: Pdu
    receipt: Optional[DeliveryReceipt]
    text: Optional[str]
    #: The user data without UDH (for a reassembled long message: all parts, in order).
    payload: bytes = b""
    #: Number of parts this message arrived in (1 unless reassembled).
    parts: int = 1
    #: Application ports ``(destination, origin)`` from the UDH or the port TLVs, if any.
    ports: Optional["tuple[int, int]"] = None

    @property
    def is_receipt(self) -> bool:
        return self.receipt is not None

    @property
    def source_addr(self) -> str:
        return str(getattr(self.pdu, "source_addr", ""))

    @property
    def destination_addr(self) -> str:
        return str(getattr(self.pdu, "destination_addr", ""))


DeliveryHandler = Callable[[Delivery], Union[None, int, Awaitable[Optional[int]]]]


def make_delivery(
    pdu: Pdu, assembler: Optional[MessageAssembler], now: float, default_alphabet: str = "gsm7"
) -> Optional[Delivery]:
    """The :class:`Delivery` for a received deliver_sm / data_sm, or None when it is one part
    of a long message whose other parts have not all arrived (``assembler`` keeps it)."""
    try:
        receipt = parse_receipt(pdu)
    except SmppError:
        receipt = None
    text: Optional[str] = None
    payload = b""
    parts = 1
    ports: Optional["tuple[int, int]"] = None
    if receipt is None:
        try:
            if assembler is not None:
                assembler.expired(now)
                whole = assembler.feed(pdu, now)
                if whole is None:
                    return None
                text, payload, parts, ports = whole.text, whole.payload, whole.parts, whole.ports
            else:
                mt = message_text(pdu, default_alphabet=default_alphabet)
                text, payload, ports = mt.text, mt.payload, mt.ports
        except SmppError:
            text = None
    return Delivery(pdu, receipt, text, payload, parts, ports)


def message_pdus(
    text: str,
    *,
    destination_addr: str,
    source_addr: str = "",
    method: str = "udh8",
    encoding: Union[str, int, None] = None,
    reference: Optional[int] = None,
    registered_delivery: int = 0,
    ports: Optional["tuple[int, int]"] = None,
    default_alphabet: str = "gsm7",
    **fields: Any,
) -> List[SubmitSm]:
    """The submit_sm PDUs that carry ``text`` (see :meth:`Client.send_message`)."""
    if reference is None:
        reference = random.randint(0, 0xFF if method in ("udh", "udh8") else 0xFFFF)
    data_coding, parts = split_text(
        text,
        encoding,
        method,
        reference=reference,
        default_alphabet=default_alphabet,
        ports=ports,
    )
    esm_class = int(fields.pop("esm_class", 0))
    user_tlvs = fields.pop("tlvs", None)
    pdus = []
    for p in parts:
        tlvs: List[Any] = list(user_tlvs or [])
        kw = dict(fields)
        if method == "payload":
            tlvs.append(("message_payload", p.user_data))
            short = b""
        else:
            short = p.user_data
        if p.sar is not None:
            ref, total, seq = p.sar
            tlvs += [("sar_msg_ref_num", ref), ("sar_total_segments", total), ("sar_segment_seqnum", seq)]
        pdus.append(
            SubmitSm(
                source_addr=source_addr,
                destination_addr=destination_addr,
                short_message=short,
                data_coding=data_coding,
                esm_class=esm_class | p.esm_class_bits,
                registered_delivery=registered_delivery,
                tlvs=tlvs or None,
                **kw,
            )
        )
    return pdus



class Client:
    """A bound ESME session over asyncio (made by :func:`connect`).

    Requests wait while the window is full (back-pressure) and while the send-rate limit
    says not yet; each one ends in its response, :class:`smpp.CommandStatusError`,
    :class:`smpp.ResponseTimeout` or :class:`smpp.ConnectionClosed`. The session sends
    enquire_link by itself when the link is idle. With ``reconnect=True`` a lost connection
    is re-established with exponential back-off and requests made meanwhile wait for it.
    """

    def __init__(self, opts: "connect") -> None:
        self._opts = opts
        self._loop = asyncio.get_running_loop()
        self._conn: Optional[Connection] = None
        self._ready = asyncio.Event()
        self._closing = False
        self._closed_exc: Optional[BaseException] = None
        self._deliveries: "asyncio.Queue[Optional[Delivery]]" = asyncio.Queue(opts.deliveries_maxsize)
        self._reconnect_task: Optional["asyncio.Task[None]"] = None
        self._tasks: "set[asyncio.Task[Any]]" = set()
        self.bound: Any = None
        self.reconnects = 0
        self._assembler: Optional[MessageAssembler] = (
            MessageAssembler(timeout=opts.reassembly_timeout, default_alphabet=opts.default_alphabet)
            if opts.reassemble
            else None
        )

    # ---- connection management ----

    async def _open(self) -> None:
        o = self._opts
        session = Session(
            "esme",
            now=self._loop.time(),
            window=o.window,
            response_timeout=o.response_timeout,
            enquire_link_interval=o.enquire_link_interval,
            inactivity_timeout=o.inactivity_timeout,
            session_init_timeout=o.session_init_timeout,
            send_rate=o.send_rate,
            send_burst=o.send_burst,
            interface_version=o.interface_version,
        )
        conn = Connection(session, loop=self._loop, on_event=self._on_event)
        await asyncio.wait_for(
            self._loop.create_connection(lambda: conn, o.host, o.port, ssl=o.ssl),
            o.connect_timeout,
        )
        fut = await conn.send_command(
            lambda now: session.bind(
                o.bind,
                system_id=o.system_id,
                password=o.password,
                system_type=o.system_type,
                interface_version=o.interface_version,
                addr_ton=o.addr_ton,
                addr_npi=o.addr_npi,
                address_range=o.address_range,
                now=now,
            )
        )
        try:
            self.bound = await fut
        except BindFailed as e:
            log.warning("bind to %s:%s as %s (system_id %r) refused: %s", o.host, o.port, o.bind, o.system_id, e)
            conn.abort()
            raise
        except BaseException:
            conn.abort()
            raise
        log.info(
            "bound to %s:%s as %s (system_id %r, peer system_id %r)",
            o.host, o.port, self.bound.kind, o.system_id, self.bound.peer_system_id,
        )
        self._conn = conn
        self._ready.set()
        conn.closed_future.add_done_callback(lambda f: self._on_lost(conn))

    def _on_lost(self, conn: Connection) -> None:
        if self._conn is not conn:
            return
        self._ready.clear()
        if self._closing or not self._opts.reconnect:
            if not self._closing:
                log.warning("connection to %s:%s lost (%s)", self._opts.host, self._opts.port,
                            conn.closed.reason if conn.closed else "peer_eof")
            self._finish(ConnectionClosed("the connection closed", conn.closed.reason if conn.closed else "peer_eof"))
            return
        log.warning("connection to %s:%s lost (%s): reconnecting", self._opts.host, self._opts.port,
                    conn.closed.reason if conn.closed else "peer_eof")
        self._reconnect_task = self._loop.create_task(self._reconnect())

    async def _reconnect(self) -> None:
        lo, hi = self._opts.reconnect_delay
        delay = lo
        while not self._closing:
            await asyncio.sleep(delay * (0.5 + random.random() / 2))
            try:
                await self._open()
                self.reconnects += 1
                log.info("reconnected to %s:%s", self._opts.host, self._opts.port)
                return
            except BindFailed as e:
                self._finish(e)
                return
            except (OSError, SmppError, asyncio.TimeoutError) as e:
                log.info("reconnect to %s:%s failed (%s: %s); next try in about %.1f s",
                         self._opts.host, self._opts.port, type(e).__name__, e, min(hi, delay * 2))
                delay = min(hi, delay * 2)

    def _finish(self, exc: BaseException) -> None:
        if self._closed_exc is None:
            self._closed_exc = exc
        self._ready.set()  # wake waiters so they see the close
        try:
            self._deliveries.put_nowait(None)
        except asyncio.QueueFull:
            pass

    async def _connection(self) -> Connection:
        while True:
            if self._closed_exc is not None and (self._closing or not self._opts.reconnect):
                raise ConnectionClosed("the client is closed", getattr(self._closed_exc, "reason", None))
            if self._ready.is_set() and self._conn is not None and not self._conn.is_closed:
                return self._conn
            if not self._opts.reconnect:
                reason = self._conn.closed.reason if self._conn and self._conn.closed else "peer_eof"
                raise ConnectionClosed("not connected", reason)
            await self._ready.wait()

    # ---- events ----

    def _on_event(self, conn: Connection, ev: Any) -> None:
        t = type(ev)
        if t is Request:
            pdu = ev.pdu
            name = pdu.command_name
            if name in ("deliver_sm", "data_sm"):
                self._on_delivery(conn, ev.sequence_number, pdu)
            elif name == "alert_notification":
                pass  # no response exists
            else:
                conn.respond(ev.sequence_number, CommandStatus.ESME_RINVCMDID)
        elif t is PeerViolation:
            log.warning("peer violation: %s", ev.message)
        elif t in (Closed, Unbound, OutbindReceived, BindRequest):
            pass

    def _on_delivery(self, conn: Connection, seq: int, pdu: Pdu) -> None:
        d = make_delivery(pdu, self._assembler, self._loop.time(), self._opts.default_alphabet)
        if d is None:
            conn.respond(seq, 0)  # a part of a long message: wait for the rest
            return
        handler = self._opts.on_delivery
        if handler is not None:
            self._spawn(self._run_handler(conn, seq, d, handler))
            return
        try:
            self._deliveries.put_nowait(d)
        except asyncio.QueueFull:
            # Nobody reads deliveries fast enough: ask the SMSC to retry later.
            log.warning("deliveries queue full (%d): answering ESME_RX_T_APPN", self._deliveries.maxsize)
            conn.respond(seq, CommandStatus.ESME_RX_T_APPN)
            return
        conn.respond(seq, 0)

    async def _run_handler(self, conn: Connection, seq: int, d: Delivery, handler: DeliveryHandler) -> None:
        status: Optional[int] = 0
        try:
            r: Any = handler(d)
            if inspect.isawaitable(r):
                r = await r
            status = int(r) if r is not None else 0
        except Exception:
            log.exception("on_delivery handler failed")
            status = CommandStatus.ESME_RX_T_APPN
        conn.respond(seq, status)

    def _spawn(self, coro: Any) -> None:
        task = self._loop.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ---- public API ----

    @property
    def session(self) -> Optional[Session]:
        return self._conn.session if self._conn is not None else None

    @property
    def is_connected(self) -> bool:
        return self._conn is not None and not self._conn.is_closed and self._ready.is_set()

    async def request(self, pdu: Pdu) -> Any:
        """Sends any request PDU and returns its response PDU."""
        conn = self._conn
        if conn is None or conn.is_closed or not self._ready.is_set():
            conn = await self._connection()
        return await conn.request(pdu)

    async def submit_sm(self, pdu: Optional[SubmitSm] = None, /, **fields: Any) -> SubmitSmResp:
        """Sends a submit_sm (a SubmitSm, or its fields as keywords) and returns the
        submit_sm_resp; raises CommandStatusError when the SMSC refuses it."""
        if pdu is None:
            pdu = SubmitSm(**fields)
        elif fields:
            pdu = pdu.replace(**fields)
        resp: SubmitSmResp = await self.request(pdu)
        return resp

    async def send_message(
        self,
        text: str,
        *,
        destination_addr: str,
        source_addr: str = "",
        method: str = "udh8",
        encoding: Union[str, int, None] = None,
        reference: Optional[int] = None,
        registered_delivery: int = 0,
        ports: Optional["tuple[int, int]"] = None,
        **fields: Any,
    ) -> List[SubmitSmResp]:
        """Sends a text of any length: chooses the encoding (unless given), splits it into
        parts (UDH 8/16-bit reference, SAR TLVs, or one message_payload) and submits every
        part; returns the submit_sm_resp of each part, in order. ``ports=(destination,
        origin)`` adds 16-bit application port addressing to every part's UDH."""
        pdus = message_pdus(
            text,
            destination_addr=destination_addr,
            source_addr=source_addr,
            method=method,
            encoding=encoding,
            reference=reference,
            registered_delivery=registered_delivery,
            ports=ports,
            default_alphabet=self._opts.default_alphabet,
            **fields,
        )
        results = await asyncio.gather(*(self.request(p) for p in pdus))
        return list(results)

    async def enquire_link(self) -> None:
        """Sends an enquire_link and waits for its response."""
        await self.request(EnquireLink())

    async def deliveries(self) -> AsyncIterator[Delivery]:
        """Receipts and MO messages as they arrive (each already acknowledged). Ends when
        the client closes."""
        while True:
            d = await self._deliveries.get()
            if d is None:
                # Let other iterators end too.
                try:
                    self._deliveries.put_nowait(None)
                except asyncio.QueueFull:
                    pass
                return
            yield d

    async def close(self, timeout: float = 5.0) -> None:
        """Unbinds (waiting up to ``timeout``) and closes the connection."""
        self._closing = True
        if self._reconnect_task is not None:
            self._reconnect_task.cancel()
        conn = self._conn
        if conn is not None:
            await conn.unbind(timeout)
        self._finish(ConnectionClosed("the client was closed", "local_close"))
        for t in list(self._tasks):
            t.cancel()

    async def wait_closed(self) -> None:
        """Waits until the connection is gone for good."""
        while self._closed_exc is None:
            conn = self._conn
            if conn is None:
                return
            await asyncio.shield(conn.closed_future)
            if not self._opts.reconnect:
                break
            await asyncio.sleep(0)

    async def __aenter__(self) -> "Client":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()


class connect:
    """Connects and binds: ``client = await connect(...)`` or ``async with connect(...) as client``.

    Parameters: ``bind`` "tx" | "rx" | "trx"; ``window`` requests in flight; timeouts in
    seconds; ``send_rate`` messages per second (``send_burst`` back to back);
    ``reconnect`` with ``reconnect_delay=(first, max)`` back-off; ``on_delivery`` a handler
    (sync or async, returning a command_status or None) instead of :meth:`Client.deliveries`;
    ``default_alphabet`` what data_coding 0 means on this link; ``reassemble`` puts long MO
    messages (UDH or SAR parts) back together before :meth:`Client.deliveries` yields them.
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        system_id: str,
        password: str,
        bind: str = "trx",
        system_type: str = "",
        interface_version: int = 0x34,
        addr_ton: int = 0,
        addr_npi: int = 0,
        address_range: str = "",
        window: int = 10,
        response_timeout: float = 30.0,
        enquire_link_interval: Optional[float] = 30.0,
        inactivity_timeout: Optional[float] = None,
        session_init_timeout: Optional[float] = 60.0,
        send_rate: Optional[int] = None,
        send_burst: Optional[int] = None,
        connect_timeout: float = 10.0,
        reconnect: bool = False,
        reconnect_delay: "tuple[float, float]" = (0.5, 30.0),
        on_delivery: Optional[DeliveryHandler] = None,
        deliveries_maxsize: int = 1024,
        default_alphabet: str = "gsm7",
        reassemble: bool = True,
        reassembly_timeout: float = 300.0,
        ssl: Any = None,
    ) -> None:
        self.host = host
        self.port = port
        self.system_id = system_id
        self.password = password
        self.bind = str(getattr(bind, "value", bind))
        self.system_type = system_type
        self.interface_version = interface_version
        self.addr_ton = addr_ton
        self.addr_npi = addr_npi
        self.address_range = address_range
        self.window = window
        self.response_timeout = response_timeout
        self.enquire_link_interval = enquire_link_interval
        self.inactivity_timeout = inactivity_timeout
        self.session_init_timeout = session_init_timeout
        self.send_rate = send_rate
        self.send_burst = send_burst
        self.connect_timeout = connect_timeout
        self.reconnect = reconnect
        self.reconnect_delay = reconnect_delay
        self.on_delivery = on_delivery
        self.deliveries_maxsize = deliveries_maxsize
        self.default_alphabet = default_alphabet
        self.reassemble = reassemble
        self.reassembly_timeout = reassembly_timeout
        self.ssl = ssl
        self._client: Optional[Client] = None

    async def _connect(self) -> Client:
        client = Client(self)
        await client._open()
        self._client = client
        return client

    def __await__(self) -> Generator[Any, None, Client]:
        return self._connect().__await__()

    async def __aenter__(self) -> Client:
        return await self._connect()

    async def __aexit__(self, *exc: Any) -> None:
        if self._client is not None:
            await self._client.close()

