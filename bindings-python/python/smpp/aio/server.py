"""The asyncio SMSC side: ``server = await smpp.serve(host, port, authenticate=..., on_submit=...)``.

Meant for simulators, tests and gateways: binds are authenticated by a callback, each
submit_sm goes to ``on_submit``, and :meth:`ServerSession.deliver_sm` /
:meth:`ServerSession.send_receipt` push deliver_sm to a bound client.
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import inspect
import itertools
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set, Union

from smpp._smpp import DeliverSm, DeliverSmResp, Pdu, Session, SubmitSmResp
from smpp.constants import CommandStatus
from smpp.events import BindRequest, Bound, Closed, PeerViolation, Request
from smpp.receipt import format_receipt
from smpp._smpp import stat_message_state

from ._connection import Connection, _peer

log = logging.getLogger("smpp.aio")

__all__ = ["serve", "Server", "ServerSession"]

AuthResult = Union[bool, int, None]
Authenticate = Callable[[str, str, BindRequest], Union[AuthResult, Awaitable[AuthResult]]]
SubmitResult = Union[str, int, Pdu, None]
OnSubmit = Callable[["ServerSession", Pdu], Union[SubmitResult, Awaitable[SubmitResult]]]
OnRequest = Callable[["ServerSession", Pdu], Union[int, Pdu, None, Awaitable[Union[int, Pdu, None]]]]


async def _maybe_await(v: Any) -> Any:
    if inspect.isawaitable(v):
        return await v
    return v


class ServerSession:
    """One client connection on the server."""

    def __init__(self, server: "Server", conn: Connection) -> None:
        self.server = server
        self.connection = conn
        self.system_id: Optional[str] = None
        self.bind_kind: Optional[str] = None
        self.bound = asyncio.Event()

    @property
    def peername(self) -> Any:
        """The client's address (from the transport)."""
        return self.connection.peername

    @property
    def session(self) -> Session:
        return self.connection.session

    @property
    def is_bound(self) -> bool:
        return self.bound.is_set() and not self.connection.is_closed

    async def request(self, pdu: Pdu) -> Any:
        """Sends a request PDU to the client and returns its response."""
        return await self.connection.request(pdu)

    async def deliver_sm(self, pdu: Optional[DeliverSm] = None, /, **fields: Any) -> DeliverSmResp:
        """Sends a deliver_sm (MO message or receipt) and returns the deliver_sm_resp."""
        if pdu is None:
            pdu = DeliverSm(**fields)
        resp: DeliverSmResp = await self.connection.request(pdu)
        return resp

    async def send_receipt(
        self,
        message_id: str,
        *,
        source_addr: str,
        destination_addr: str,
        stat: str = "DELIVRD",
        err: Union[int, str] = 0,
        submit_date: Optional[_dt.datetime] = None,
        done_date: Optional[_dt.datetime] = None,
        text: Union[bytes, str] = b"",
        source_addr_ton: int = 0,
        source_addr_npi: int = 0,
        dest_addr_ton: int = 0,
        dest_addr_npi: int = 0,
    ) -> DeliverSmResp:
        """Sends a delivery receipt for ``message_id``: esm_class 0x04, the Appendix B text,
        and the receipted_message_id and message_state TLVs. ``source_addr`` /
        ``destination_addr`` are those of the receipt (the original's, swapped)."""
        body = format_receipt(
            message_id,
            stat=stat,
            err=err,
            submit_date=submit_date,
            done_date=done_date,
            text=text[:20] if isinstance(text, (bytes, str)) else text,
        )
        tlvs: List[Any] = [("receipted_message_id", message_id)]
        state = stat_message_state(stat)
        if state is not None:
            tlvs.append(("message_state", state))
        return await self.deliver_sm(
            source_addr=source_addr,
            destination_addr=destination_addr,
            source_addr_ton=source_addr_ton,
            source_addr_npi=source_addr_npi,
            dest_addr_ton=dest_addr_ton,
            dest_addr_npi=dest_addr_npi,
            esm_class=0x04,
            short_message=body,
            tlvs=tlvs,
        )

    async def unbind(self, timeout: float = 5.0) -> None:
        await self.connection.unbind(timeout)

    def close(self) -> None:
        """Closes at once (no unbind)."""
        self.connection.abort()


class Server:
    """A listening SMSC (made by :func:`serve`). ``async with`` closes it."""

    def __init__(
        self,
        *,
        authenticate: Optional[Authenticate],
        on_submit: Optional[OnSubmit],
        on_request: Optional[OnRequest],
        on_bound: Optional[Callable[[ServerSession], Any]],
        system_id: str,
        session_options: Dict[str, Any],
    ) -> None:
        self._authenticate = authenticate
        self._on_submit = on_submit
        self._on_request = on_request
        self._on_bound = on_bound
        self.system_id = system_id
        self._session_options = session_options
        self._server: Optional[asyncio.Server] = None
        self._loop = asyncio.get_running_loop()
        self.sessions: Set[ServerSession] = set()
        self._tasks: Set["asyncio.Task[Any]"] = set()
        self._ids = itertools.count(1)

    # ---- plumbing ----

    def _protocol(self) -> Connection:
        session = Session("smsc", now=self._loop.time(), **self._session_options)
        holder: Dict[str, ServerSession] = {}

        def on_event(conn: Connection, ev: Any) -> None:
            self._on_event(holder["s"], ev)

        conn = Connection(session, loop=self._loop, on_event=on_event)
        ss = ServerSession(self, conn)
        holder["s"] = ss
        self.sessions.add(ss)
        conn.closed_future.add_done_callback(lambda f: self.sessions.discard(ss))
        return conn

    def _spawn(self, coro: Any) -> None:
        task = self._loop.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def next_message_id(self) -> str:
        """A fresh message id (decimal, as many SMSCs use)."""
        return str(next(self._ids))

    def _on_event(self, ss: ServerSession, ev: Any) -> None:
        t = type(ev)
        if t is BindRequest:
            self._spawn(self._bind(ss, ev))
        elif t is Bound:
            ss.bound.set()
            if self._on_bound is not None:
                self._spawn(_maybe_await(self._on_bound(ss)))
        elif t is Request:
            self._request(ss, ev)
        elif t is PeerViolation:
            log.warning("peer violation from %s: %s", _peer(ss.connection.peername), ev.message)
        elif t is Closed:
            ss.bound.clear()

    async def _bind(self, ss: ServerSession, ev: BindRequest) -> None:
        conn = ss.connection
        status: int = 0
        if self._authenticate is not None:
            try:
                r = await _maybe_await(self._authenticate(ev.system_id, ev.password, ev))
            except Exception:
                log.exception("authenticate failed")
                r = CommandStatus.ESME_RSYSERR
            if r is True or r is None:
                status = 0
            elif r is False:
                status = CommandStatus.ESME_RINVPASWD
            else:
                status = int(r)
        if conn.is_closed:
            return
        if status == 0:
            ss.system_id = ev.system_id
            ss.bind_kind = ev.kind
            log.info("bind %s from %s (system_id %r) accepted", ev.kind, _peer(conn.peername), ev.system_id)
            conn.session.accept_bind(ev.sequence_number, self.system_id, now=conn.now())
        else:
            log.info("bind %s from %s (system_id %r) refused: %s", ev.kind, _peer(conn.peername), ev.system_id,
                     CommandStatus(status).name)
            conn.session.reject_bind(ev.sequence_number, status, now=conn.now())
        conn.pump()

    def _request(self, ss: ServerSession, ev: Request) -> None:
        """Answers a request: at once when its handler is synchronous (the common, fast
        case), from a task when the handler returns an awaitable."""
        pdu = ev.pdu
        name = pdu.command_name
        try:
            if name == "submit_sm":
                r = self._on_submit(ss, pdu) if self._on_submit is not None else None
            elif self._on_request is not None:
                r = self._on_request(ss, pdu)
            else:
                r = None
        except Exception:
            log.exception("handler for %s failed", name)
            ss.connection.respond(ev.sequence_number, CommandStatus.ESME_RSYSERR)
            return
        if inspect.isawaitable(r):
            self._spawn(self._finish_request(ss, ev, r))
        else:
            self._answer(ss, ev, r)

    async def _finish_request(self, ss: ServerSession, ev: Request, r: Awaitable[Any]) -> None:
        try:
            v = await r
        except Exception:
            log.exception("handler for %s failed", ev.pdu.command_name)
            ss.connection.respond(ev.sequence_number, CommandStatus.ESME_RSYSERR)
            return
        self._answer(ss, ev, v)

    def _answer(self, ss: ServerSession, ev: Request, r: Any) -> None:
        conn = ss.connection
        pdu = ev.pdu
        seq = ev.sequence_number
        name = pdu.command_name
        try:
            if name == "submit_sm":
                if r is None:
                    r = self.next_message_id()
                if isinstance(r, str):
                    conn.respond(seq, 0, SubmitSmResp(message_id=r))
                elif isinstance(r, Pdu):
                    conn.respond(seq, r.command_status, r)
                else:
                    conn.respond(seq, int(r))
                return
            if isinstance(r, Pdu):
                conn.respond(seq, r.command_status, r)
            elif r is not None:
                conn.respond(seq, int(r))
            elif name == "data_sm":
                conn.respond(seq, 0, pdu.response(message_id=self.next_message_id()))
            elif name == "alert_notification":
                return
            else:
                conn.respond(seq, CommandStatus.ESME_RINVCMDID)
        except Exception:
            log.exception("answering %s failed", name)
            conn.respond(seq, CommandStatus.ESME_RSYSERR)

    # ---- public API ----

    @property
    def sockets(self) -> Any:
        return self._server.sockets if self._server is not None else ()

    @property
    def port(self) -> int:
        """The port listened on (useful with port 0)."""
        return int(self.sockets[0].getsockname()[1])

    def bound_sessions(self, system_id: Optional[str] = None) -> List[ServerSession]:
        """Bound sessions (of one system_id) that can receive deliver_sm."""
        return [
            s
            for s in self.sessions
            if s.is_bound
            and s.bind_kind in ("rx", "trx")
            and (system_id is None or s.system_id == system_id)
        ]

    def close(self) -> None:
        """Stops listening and closes every session at once."""
        if self._server is not None:
            self._server.close()
        for s in list(self.sessions):
            s.close()

    async def aclose(self, timeout: float = 2.0) -> None:
        """Stops listening, unbinds every session (up to ``timeout``), then closes."""
        if self._server is not None:
            self._server.close()
        await asyncio.gather(*(s.unbind(timeout) for s in list(self.sessions)), return_exceptions=True)
        for s in list(self.sessions):
            s.close()
        for t in list(self._tasks):
            t.cancel()
        await self.wait_closed()

    async def wait_closed(self) -> None:
        if self._server is not None:
            await self._server.wait_closed()

    async def serve_forever(self) -> None:
        assert self._server is not None
        await self._server.serve_forever()

    async def __aenter__(self) -> "Server":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()


async def serve(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    authenticate: Optional[Authenticate] = None,
    on_submit: Optional[OnSubmit] = None,
    on_request: Optional[OnRequest] = None,
    on_bound: Optional[Callable[[ServerSession], Any]] = None,
    system_id: str = "SMSC",
    window: int = 10,
    response_timeout: float = 30.0,
    enquire_link_interval: Optional[float] = 30.0,
    inactivity_timeout: Optional[float] = None,
    session_init_timeout: Optional[float] = 60.0,
    send_rate: Optional[int] = None,
    interface_version: int = 0x34,
    ssl: Any = None,
    backlog: int = 100,
) -> Server:
    """Starts an SMSC listening on ``host:port`` (port 0 picks a free one: see
    ``server.port``).

    ``authenticate(system_id, password, bind_request)`` returns True / None (accept),
    False (ESME_RINVPASWD) or a command_status (sync or async); default: accept all.
    ``on_submit(session, submit_sm)`` returns a message_id str, None (a fresh id), a
    command_status int (refuse) or a SubmitSmResp; sync or async.
    ``on_request(session, pdu)`` handles the other requests (query_sm, data_sm, ...).
    """
    server = Server(
        authenticate=authenticate,
        on_submit=on_submit,
        on_request=on_request,
        on_bound=on_bound,
        system_id=system_id,
        session_options=dict(
            window=window,
            response_timeout=response_timeout,
            enquire_link_interval=enquire_link_interval,
            inactivity_timeout=inactivity_timeout,
            session_init_timeout=session_init_timeout,
            send_rate=send_rate,
            interface_version=interface_version,
        ),
    )
    loop = asyncio.get_running_loop()
    server._server = await loop.create_server(server._protocol, host, port, ssl=ssl, backlog=backlog)
    return server
