"""One asyncio connection driven by one sans-IO :class:`smpp.Session`.

The structure follows python-websockets' asyncio driver: the protocol feeds received
octets, EOF and timer expiries to the session, and ``_pump`` is the only place that drains
it (events, then output, then the timer). Request futures are keyed by sequence_number and
every one of them ends in exactly one outcome: the response, ``ResponseTimeout``,
``CommandStatusError`` (a response with an error status) or ``ConnectionClosed``.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from typing import Any, Callable, Dict, List, Optional

from smpp import _smpp
from smpp._log import ReceivedLog, log_sent, pdu_log
from smpp._smpp import Pdu, Session
from smpp.constants import CommandId, CommandStatus
from smpp.events import (
    BindRefused,
    Bound,
    CanSend,
    Closed,
    Response,
    ResponseTimeout as ResponseTimeoutEvent,
)
from smpp.exceptions import (
    LocalProtocolError,
    BindFailed,
    CommandStatusError,
    ConnectionClosed,
    RateLimited,
    ResponseTimeout,
    SessionClosed,
    TransmitBufferFull,
    WindowFull,
)

log = logging.getLogger("smpp.aio")

EventHandler = Callable[["Connection", Any], None]


DEBUG = logging.DEBUG


def _peer(peer: Any) -> str:
    if isinstance(peer, tuple) and len(peer) >= 2:
        return "%s:%s" % (peer[0], peer[1])
    return str(peer)


def _consume(fut: "asyncio.Future[Any]") -> None:
    if not fut.cancelled():
        fut.exception()


def _status(code: int) -> CommandStatus:
    return CommandStatus(code)


def _command(code: int) -> str:
    try:
        return CommandId(code).name.lower()
    except ValueError:  # pragma: no cover - _OpenIntEnum never raises for ints
        return "0x%08X" % code


class Connection(asyncio.Protocol):
    """Drives ``session`` over one transport. ``on_event`` receives every event that is not
    the outcome of one of our requests (BindRequest, Request, Outbind, PeerViolation,
    Unbound, Closed), synchronously: it must not block; schedule work with tasks."""

    def __init__(
        self,
        session: Session,
        *,
        loop: Optional[asyncio.AbstractEventLoop] = None,
        on_event: Optional[EventHandler] = None,
    ) -> None:
        self.session = session
        self._loop = loop or asyncio.get_running_loop()
        self._on_event = on_event
        self.transport: Optional[asyncio.Transport] = None
        self.peername: Any = None
        self._pending: Dict[int, "asyncio.Future[Any]"] = {}
        self._timer: Optional[asyncio.TimerHandle] = None
        self._timer_at: Optional[float] = None
        self._can_send = asyncio.Event()
        self._paused = False
        self._drain_waiters: List["asyncio.Future[None]"] = []
        self._pumping = False
        self._again = False
        self._flush_scheduled = False
        self.closed: Optional[Closed] = None
        self.closed_future: "asyncio.Future[Closed]" = self._loop.create_future()
        self.lost_exception: Optional[BaseException] = None
        #: Frames received octets for the ``smpp.pdu`` DEBUG log (None: not logging).
        self._rx_log: Optional[ReceivedLog] = None

    # ---- asyncio.Protocol ----

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.peername = transport.get_extra_info("peername")
        if ReceivedLog.wanted():
            self._rx_log = ReceivedLog(self.peername)
        sock = transport.get_extra_info("socket")
        if sock is not None:
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except (OSError, AttributeError):  # pragma: no cover - not TCP
                pass
        self.pump()

    def data_received(self, data: bytes) -> None:
        if self._rx_log is not None:
            self._rx_log.feed(data)
        self.session.receive_data(data, self._loop.time())
        self.pump()

    def eof_received(self) -> Optional[bool]:
        self.session.receive_eof(self._loop.time())
        self.pump()
        return None  # let the transport close

    def connection_lost(self, exc: Optional[Exception]) -> None:
        self.lost_exception = exc
        self.session.receive_eof(self._loop.time())
        self.pump()
        self.transport = None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._fail_all(ConnectionClosed("the connection was lost", "peer_eof"))
        self._wake_drain()
        self._can_send.set()

    def pause_writing(self) -> None:
        self._paused = True

    def resume_writing(self) -> None:
        self._paused = False
        self._wake_drain()

    # ---- the pump ----

    def kick(self) -> None:
        """Asks for a pump soon: commands issued in the same loop iteration (many submits,
        many responses) leave in one write instead of one write (one syscall) each."""
        if self._pumping:
            self._again = True
        elif not self._flush_scheduled:
            self._flush_scheduled = True
            self._loop.call_soon(self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        self.pump()

    def pump(self) -> None:
        """Drains the session: events, output, timer. Re-entrant calls are folded in."""
        if self._pumping:
            self._again = True
            return
        self._pumping = True
        try:
            while True:
                self._again = False
                self._drain_session()
                if not self._again:
                    break
        finally:
            self._pumping = False
        self._rearm()

    def _drain_session(self) -> None:
        s = self.session
        while True:
            ev = s.next_event()
            if ev is None:
                out = s.data_to_send()
                if not out:
                    break
                self._write(out)
                continue
            try:
                self._dispatch(ev)
            except Exception:  # pragma: no cover - a bug in a handler must not kill the pump
                log.exception("error while handling %r", ev)
        out = s.data_to_send()
        if out:
            self._write(out)
        if self.closed is not None and self.transport is not None:
            # Closed was reported and everything queued is written: close the socket
            # (asyncio flushes the transport's own buffer first).
            self.transport.close()

    def _write(self, data: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            if pdu_log.isEnabledFor(DEBUG):
                log_sent(data, self.peername)
            self.transport.write(data)

    def _rearm(self) -> None:
        if self.closed is not None:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
                self._timer_at = None
            return
        at = self.session.next_deadline()
        # Lazy timer: the deadline moves later with every PDU (keep-alive, response
        # timeouts), so an armed timer that fires no later than needed is kept; when it fires
        # early, handle_timeout() does nothing and the pump arms the next one.
        if at is None or (self._timer is not None and self._timer_at is not None and self._timer_at <= at):
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer_at = at
        self._timer = self._loop.call_at(at, self._on_timer)

    def _on_timer(self) -> None:
        self._timer = None
        self._timer_at = None
        self.session.handle_timeout(self._loop.time())
        self.pump()

    def _dispatch(self, ev: Any) -> None:
        t = type(ev)
        if t is Response:
            fut = self._pending.pop(ev.sequence_number, None)
            if fut is not None and not fut.done():
                if ev.command_status == 0:
                    fut.set_result(ev.pdu)
                else:
                    status = _status(ev.command_status)
                    fut.set_exception(
                        CommandStatusError(
                            "%s %d failed: %s (0x%08X) %s"
                            % (
                                _command(ev.request),
                                ev.sequence_number,
                                status.name,
                                ev.command_status,
                                status.description,
                            ),
                            status,
                            ev.sequence_number,
                            ev.pdu,
                        )
                    )
            return
        if t is ResponseTimeoutEvent:
            fut = self._pending.pop(ev.sequence_number, None)
            if fut is not None and not fut.done():
                fut.set_exception(
                    ResponseTimeout(
                        "no response to %s %d in time" % (_command(ev.request), ev.sequence_number),
                        ev.sequence_number,
                        ev.request,
                    )
                )
            return
        if t is Bound:
            fut = self._pending.pop(ev.sequence_number, None)
            if fut is not None and not fut.done():
                fut.set_result(ev)
            elif self._on_event is not None:
                self._on_event(self, ev)
            return
        if t is BindRefused:
            fut = self._pending.pop(ev.sequence_number, None)
            if fut is not None and not fut.done():
                status = _status(ev.command_status)
                fut.set_exception(
                    BindFailed(
                        "bind refused: %s (0x%08X) %s"
                        % (status.name, ev.command_status, status.description),
                        status,
                        ev.sequence_number,
                    )
                )
            return
        if t is CanSend:
            self._can_send.set()
            return
        if t is Closed:
            self.closed = ev
            log.info(
                "session with %s closed (%s: %s)%s",
                _peer(self.peername),
                ev.reason,
                ev.message,
                "; %d request(s) pending" % len(ev.pending) if ev.pending else "",
            )
            exc = ConnectionClosed("the session closed (%s: %s)" % (ev.reason, ev.message), ev.reason)
            for seq, _cmd in ev.pending:
                fut = self._pending.pop(seq, None)
                if fut is not None and not fut.done():
                    fut.set_exception(exc)
            self._fail_all(exc)
            self._can_send.set()
            if not self.closed_future.done():
                self.closed_future.set_result(ev)
            if self._on_event is not None:
                self._on_event(self, ev)
            return
        if self._on_event is not None:
            self._on_event(self, ev)

    def _fail_all(self, exc: BaseException) -> None:
        pending, self._pending = self._pending, {}
        for fut in pending.values():
            if not fut.done():
                fut.set_exception(exc)
        if not self.closed_future.done() and self.transport is None:
            self.closed_future.set_result(
                self.closed or _smpp.Closed("peer_eof", "the connection was lost", [])
            )

    def _wake_drain(self) -> None:
        waiters, self._drain_waiters = self._drain_waiters, []
        for w in waiters:
            if not w.done():
                w.set_result(None)

    # ---- commands ----

    @property
    def is_closed(self) -> bool:
        return self.closed is not None or self.transport is None

    def now(self) -> float:
        return self._loop.time()

    def expect(self, sequence_number: int) -> "asyncio.Future[Any]":
        """The future that receives the outcome of request ``sequence_number``."""
        fut: "asyncio.Future[Any]" = self._loop.create_future()
        self._pending[sequence_number] = fut
        return fut

    async def drain(self) -> None:
        """Waits while the transport's write buffer is above its high-water mark."""
        if self._paused and self.transport is not None:
            w: "asyncio.Future[None]" = self._loop.create_future()
            self._drain_waiters.append(w)
            await w

    def try_send(self, send: Callable[[float], int]) -> "Optional[asyncio.Future[Any]]":
        """Runs ``send(now)`` (a session command returning a sequence_number) and returns the
        future of the request's outcome, or None when the window is full or the rate limit
        says not yet. The bytes leave with the next flush (see :meth:`kick`)."""
        if self.closed is not None or self.transport is None:
            reason = self.closed.reason if self.closed is not None else "peer_eof"
            raise ConnectionClosed("the session is closed (%s)" % reason, reason)
        try:
            seq = self._spilling(send)
        except (WindowFull, RateLimited):
            self._can_send.clear()
            self.pump()  # a timer may be due (rate limit)
            return None
        fut = self.expect(seq)
        self.kick()
        return fut

    async def send_command(self, send: Callable[[float], int]) -> "asyncio.Future[Any]":
        """Like :meth:`try_send`, but waits for CanSend while the window is full or the rate
        limit says not yet, and while the transport's buffer is above its high-water mark."""
        while True:
            fut = self.try_send(send)
            if fut is not None:
                break
            await self._can_send.wait()
        if self._paused:
            await self.drain()
        return fut

    async def request(self, pdu: Pdu) -> Any:
        """Sends a request PDU and returns its response PDU (raising on error status,
        timeout or close)."""
        session = self.session

        def send(now: float) -> int:
            return session.send(pdu, now=now)

        fut = self.try_send(send)
        if fut is None:
            fut = await self.send_command(send)
        elif self._paused:
            await self.drain()
        return await fut

    def respond(self, sequence_number: int, status: int = 0, pdu: Optional[Pdu] = None) -> None:
        """Answers a request of the peer. Does nothing once the session is closed (a handler
        may have closed it): there is nobody to answer."""
        if self.closed is not None:
            return
        try:
            self._spilling(lambda now: self.session.respond(sequence_number, status, pdu, now=now))
        except SessionClosed:
            return
        self.kick()

    def _spilling(self, command: Callable[[float], Any]) -> Any:
        """Runs ``command(now)``; when many commands in one loop iteration filled the
        session's transmit buffer before the flush, hands what is queued to the transport
        at once (the session's output is one stream, so order is kept) and retries."""
        try:
            return command(self._loop.time())
        except TransmitBufferFull:
            out = self.session.data_to_send()
            if out:
                self._write(out)
            return command(self._loop.time())

    def abort(self) -> None:
        self.session.abort(now=self._loop.time())
        self.pump()
        if self.transport is not None:
            self.transport.abort()

    async def unbind(self, timeout: Optional[float] = None) -> None:
        """Unbinds and waits for the session to close (aborting after ``timeout``)."""
        if self.closed is None and self.transport is not None:
            try:
                fut = await self.send_command(lambda now: self.session.unbind(now=now))
            except ConnectionClosed:
                pass
            except LocalProtocolError:
                # Not bound (yet): there is nothing to unbind, just close.
                self.abort()
            else:
                try:
                    await asyncio.wait_for(asyncio.shield(fut), timeout)
                except (ConnectionClosed, ResponseTimeout, CommandStatusError):
                    pass
                except asyncio.TimeoutError:
                    # Nobody awaits the unbind any more: its outcome (ConnectionClosed once
                    # aborted) is consumed here, not reported as "never retrieved".
                    fut.add_done_callback(_consume)
                    self.abort()
        try:
            await asyncio.wait_for(asyncio.shield(self.closed_future), timeout)
        except asyncio.TimeoutError:
            self.abort()
