"""A blocking ESME client for scripts, in the habit of python-smpplib::

    import smpp

    with smpp.Client("127.0.0.1", 2775, system_id="esme01", password="secret") as c:
        resp = c.submit_sm(source_addr="SENDER", destination_addr="61481076483",
                           short_message=b"Hello", registered_delivery=1)
        for d in c.deliveries(timeout=30):
            if d.receipt is not None and d.receipt.matches(resp.message_id):
                break

It is driven by the same sans-IO :class:`smpp.Session` as the asyncio client, over a plain
socket (waiting in a blocking recv() with a kernel timeout, or in poll()): no asyncio, no
threads. The connection is served only while a method of the client runs (every blocking
call answers the SMSC's enquire_link and deliver_sm, sends our own enquire_link when the
link is idle, and expires response timers); during long pauses in a script, call
:meth:`Client.sleep` instead of :func:`time.sleep`.

A client is not thread-safe: use it from one thread.
"""

from __future__ import annotations

import collections
import logging
import math
import select
import socket
import ssl as _ssl
import struct
import time
from types import TracebackType
from typing import (
    Any,
    Callable,
    Deque,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Set,
    Type,
    Union,
    cast,
)

from smpp._log import ReceivedLog, log_sent, pdu_log
from smpp._smpp import (
    CancelSm,
    CancelSmResp,
    DataSm,
    DataSmResp,
    EnquireLink,
    Pdu,
    QuerySm,
    QuerySmResp,
    ReplaceSm,
    ReplaceSmResp,
    Session,
    SubmitMulti,
    SubmitMultiResp,
    SubmitSm,
    SubmitSmResp,
)
from smpp.aio._connection import _command
from smpp.aio.client import Delivery, make_delivery, message_pdus
from smpp.constants import CommandStatus
from smpp.events import (
    BindRefused,
    Bound,
    CanSend,
    Closed,
    OutbindReceived,
    PeerViolation,
    Request,
    Response,
    ResponseTimeout as ResponseTimeoutEvent,
    Unbound,
)
from smpp.exceptions import (
    BindFailed,
    CommandStatusError,
    ConnectionClosed,
    LocalProtocolError,
    RateLimited,
    ResponseTimeout,
    SessionClosed,
    TransmitBufferFull,
    WindowFull,
)
from smpp.text import MessageAssembler

__all__ = ["Client", "BlockingDeliveryHandler"]

log = logging.getLogger("smpp.client")
DEBUG = logging.DEBUG

#: ``on_delivery`` for the blocking client: called inside the client's I/O loop with each
#: receipt or MO; returns the command_status to answer with (None: ESME_ROK).
BlockingDeliveryHandler = Callable[[Delivery], Optional[int]]

_RECV_SIZE = 65536
_CLOSE_FLUSH_SECONDS = 1.0
#: A plain TCP socket stays in blocking mode with this kernel receive timeout (SO_RCVTIMEO),
#: so that waiting for input is one recv() system call instead of poll() then recv() (at
#: window 1 the wait is most of a request). Waits that must end sooner than this go through
#: poll(), exact to the millisecond; longer ones wake up after at most this long and wait
#: again (a signal caught meanwhile restarts the recv(), which may then end up to this much
#: after the wait's limit). Sends and the reads after poll() pass MSG_DONTWAIT: they never
#: block.
_RCVTIMEO_SECONDS = 1
_DONTWAIT = getattr(socket, "MSG_DONTWAIT", 0)
_POLLIN = select.POLLIN
_POLLOUT = select.POLLOUT
_POLLIN_ERR_HUP = select.POLLIN | select.POLLERR | select.POLLHUP
# The clock, as a module global: looked up on every request.
_monotonic = time.monotonic

_MISSING = object()


class Client:
    """Connects and binds at construction; a blocking ESME session after that.

    ``bind`` is "tx", "rx" or "trx"; ``system_type``, ``interface_version``, ``addr_ton``,
    ``addr_npi`` and ``address_range`` go into the bind PDU. ``timeout`` is the response
    timeout in seconds (each request raises :class:`smpp.ResponseTimeout` after it);
    ``connect_timeout`` bounds the TCP connect and the TLS handshake (default: ``timeout``).
    ``enquire_link_interval`` is the keep-alive period (None: never). ``window`` is the
    most requests in flight (:meth:`submit_many` and :meth:`send_message` pipeline up to
    it); ``send_rate`` / ``send_burst`` limit messages per second.

    ``ssl`` is an :class:`ssl.SSLContext`, or True for a default verifying context;
    ``server_hostname`` is the name the certificate is checked against (default ``host``).

    Deliveries (receipts and MO) are acknowledged with deliver_sm_resp as they arrive and
    queued (at most ``max_queued_deliveries``; beyond that the SMSC is answered
    ESME_RX_T_APPN and retries later) until :meth:`deliveries` or :meth:`next_delivery`
    takes them, also while the client waits for a response. With ``on_delivery`` they go
    to that callable instead (called inside the I/O loop; its return value is the
    command_status to answer with; it must not call the client's blocking methods). Long
    MO messages are reassembled first unless ``reassemble=False``.

    Raises :class:`smpp.BindFailed` when the SMSC refuses the bind, :class:`OSError`
    (including :class:`socket.timeout` and :class:`ssl.SSLError`) when the connection
    cannot be made, and :class:`smpp.ResponseTimeout` / :class:`smpp.ConnectionClosed`
    when the bind gets no answer.
    """

    def __init__(
        self,
        host: str,
        port: int = 2775,
        *,
        system_id: str,
        password: str,
        bind: str = "trx",
        system_type: str = "",
        interface_version: int = 0x34,
        addr_ton: int = 0,
        addr_npi: int = 0,
        address_range: str = "",
        timeout: float = 30.0,
        connect_timeout: Optional[float] = None,
        enquire_link_interval: Optional[float] = 30.0,
        inactivity_timeout: Optional[float] = None,
        window: int = 10,
        send_rate: Optional[int] = None,
        send_burst: Optional[int] = None,
        ssl: Union[_ssl.SSLContext, bool, None] = None,
        server_hostname: Optional[str] = None,
        on_delivery: Optional[BlockingDeliveryHandler] = None,
        max_queued_deliveries: int = 1024,
        default_alphabet: str = "gsm7",
        reassemble: bool = True,
        reassembly_timeout: float = 300.0,
    ) -> None:
        self.host = host
        self.port = port
        self.system_id = system_id
        self.timeout = timeout
        self.default_alphabet = default_alphabet
        self._on_delivery = on_delivery
        self._max_queued = max_queued_deliveries
        self._sock: Optional[socket.socket] = None
        # select.poll directly: the selectors wrapper costs more than the system call.
        self._sel: Optional["select.poll"] = None
        self._writing = False  # the selector also waits for "writable"
        self._tls = False
        # Plain TCP with SO_RCVTIMEO: _wait() blocks in recv() (see _RCVTIMEO_SECONDS), and
        # send()/recv() elsewhere get _flags (MSG_DONTWAIT). Otherwise the socket is
        # non-blocking and _flags is 0 (TLS sockets take no flags).
        self._blocking_recv = False
        self._flags = 0
        self._out = bytearray()  # octets the socket has not taken yet
        self._eof = False
        self._rx_log: Optional[ReceivedLog] = None
        self._outcomes: Dict[int, Any] = {}  # sequence_number -> response PDU or exception
        self._waiting: Set[int] = set()
        self._deliveries: Deque[Delivery] = collections.deque()
        self._can_send = True
        self._in_handler = False
        self._closed: Optional[Closed] = None
        #: True once the unbind handshake completed (ours or the SMSC's).
        self.unbound = False
        #: True when the SMSC unbound the session (or our own inactivity_timeout did).
        self.peer_unbound = False
        #: The Bound event of the bind (``kind``, ``peer_system_id``, ``interface_version``).
        self.bound: Optional[Bound] = None
        self._assembler: Optional[MessageAssembler] = (
            MessageAssembler(timeout=reassembly_timeout, default_alphabet=default_alphabet)
            if reassemble
            else None
        )
        bind_kind = str(getattr(bind, "value", bind))
        self._session = Session(
            "esme",
            now=time.monotonic(),
            window=window,
            response_timeout=timeout,
            enquire_link_interval=enquire_link_interval,
            inactivity_timeout=inactivity_timeout,
            send_rate=send_rate,
            send_burst=send_burst,
            interface_version=interface_version,
        )
        try:
            self._connect(connect_timeout if connect_timeout is not None else timeout, ssl, server_hostname)
            session = self._session
            seq = self._send(
                lambda now: session.bind(
                    bind_kind,
                    system_id=system_id,
                    password=password,
                    system_type=system_type,
                    interface_version=interface_version,
                    addr_ton=addr_ton,
                    addr_npi=addr_npi,
                    address_range=address_range,
                    now=now,
                )
            )
            bound = self._result(seq)
        except BindFailed as e:
            log.warning("bind to %s:%s as %s (system_id %r) refused: %s", host, port, bind_kind, system_id, e)
            self._abort()
            raise
        except BaseException:
            self._abort()
            raise
        assert isinstance(bound, Bound)
        self.bound = bound
        log.info(
            "bound to %s:%s as %s (system_id %r, peer system_id %r)",
            host, port, bound.kind, system_id, bound.peer_system_id,
        )

    # ---- the socket ----

    def _connect(self, timeout: Optional[float], ssl: Union[_ssl.SSLContext, bool, None], server_hostname: Optional[str]) -> None:
        sock = socket.create_connection((self.host, self.port), timeout=timeout)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except (OSError, AttributeError):  # pragma: no cover - not TCP
            pass
        if ssl is not None and ssl is not False:
            ctx = _ssl.create_default_context() if ssl is True else ssl
            try:
                # The handshake runs here, within the connect timeout.
                sock = ctx.wrap_socket(sock, server_hostname=server_hostname or self.host)
            except BaseException:
                sock.close()
                raise
        self._tls = isinstance(sock, _ssl.SSLSocket)
        if not self._tls and _DONTWAIT:
            try:
                # struct timeval {seconds, microseconds}: whole seconds, so the width of the
                # microseconds field does not matter; read back to be sure the kernel took it.
                tv = struct.pack("ll", _RCVTIMEO_SECONDS, 0)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, tv)
                self._blocking_recv = sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, len(tv)) == tv
            except (OSError, AttributeError, struct.error):  # pragma: no cover - no SO_RCVTIMEO
                pass
        if self._blocking_recv:
            sock.settimeout(None)  # blocking: Python adds no poll() of its own before recv()
            self._flags = _DONTWAIT
        else:
            sock.setblocking(False)
        self._sock = sock
        self._sel = select.poll()
        self._sel.register(sock, select.POLLIN)
        if ReceivedLog.wanted():
            self._rx_log = ReceivedLog((self.host, self.port))

    def _write(self, data: bytes) -> None:
        """Hands ``data`` to the socket; what it does not take now waits in ``_out``."""
        if pdu_log.isEnabledFor(DEBUG):
            log_sent(data, (self.host, self.port))
        if self._sock is None or self._eof:
            return
        if self._out:
            self._out += data
            return
        try:
            n = self._sock.send(data, self._flags)
        except (BlockingIOError, InterruptedError, _ssl.SSLWantWriteError, _ssl.SSLWantReadError):
            n = 0
        except OSError as e:
            self._lost(e)
            return
        if n < len(data):
            self._out += data[n:]
            self._want_write(True)

    def _flush(self) -> None:
        sock = self._sock
        if sock is None or not self._out:
            return
        try:
            n = sock.send(self._out, self._flags)
        except (BlockingIOError, InterruptedError, _ssl.SSLWantWriteError, _ssl.SSLWantReadError):
            return
        except OSError as e:
            self._lost(e)
            return
        del self._out[:n]
        if not self._out:
            self._want_write(False)

    def _want_write(self, on: bool) -> None:
        if on != self._writing and self._sel is not None and self._sock is not None:
            self._writing = on
            self._sel.modify(self._sock, _POLLIN | (_POLLOUT if on else 0))

    def _read(self) -> None:
        """Reads what the socket has now (it was reported readable: this does not block)."""
        sock = self._sock
        if sock is None or self._eof:
            return
        while True:
            try:
                data = sock.recv(_RECV_SIZE, self._flags)
            except (BlockingIOError, InterruptedError, _ssl.SSLWantReadError, _ssl.SSLWantWriteError):
                return
            except OSError as e:
                self._lost(e)
                return
            self._received(data)
            # TLS decrypts whole records: what is already decrypted is not "readable".
            if not data or not self._tls or not cast(_ssl.SSLSocket, sock).pending():
                return

    def _received(self, data: bytes) -> None:
        """Hands octets read from the socket (b"": the peer closed) to the session."""
        if not data:
            self._eof = True
            self._session.receive_eof(_monotonic())
            return
        if self._rx_log is not None:
            self._rx_log.feed(data)
        self._session.receive_data(data, _monotonic())

    def _lost(self, exc: BaseException) -> None:
        """The socket failed: the session learns it as EOF (pending requests get their
        ConnectionClosed when the Closed event is dispatched)."""
        if not self._eof:
            log.info("connection to %s:%s failed: %s", self.host, self.port, exc)
            self._eof = True
            self._out.clear()
            self._session.receive_eof(time.monotonic())

    def _close_socket(self) -> None:
        sock, self._sock = self._sock, None
        if sock is None:
            return
        if self._out and not self._eof:
            # Closed was reported (e.g. after our unbind_resp): let the last octets leave.
            try:
                sock.settimeout(_CLOSE_FLUSH_SECONDS)
                sock.sendall(self._out)
            except (OSError, ValueError):
                pass
        self._out.clear()
        if self._sel is not None:
            try:
                self._sel.unregister(sock)
            except (KeyError, ValueError, OSError):
                pass
            self._sel = None
        self._writing = False
        sock.close()

    def _abort(self) -> None:
        if self._closed is None and not self._session.is_closed:
            self._session.abort(now=time.monotonic())
            self._pump()
        self._out.clear()
        self._close_socket()

    # ---- the loop ----

    def _pump(self) -> None:
        """Drains the session: every event, then its output to the socket."""
        s = self._session
        while True:
            ev = s.next_event()
            if ev is None:
                break
            self._dispatch(ev)
        out = s.data_to_send()
        if out:
            self._write(out)
        if self._closed is not None and self._sock is not None:
            self._close_socket()

    def _wait(self, deadline: Optional[float]) -> None:
        """Waits for input, writability, the session's next timer or ``deadline``
        (monotonic seconds; None: no limit), then handles what happened."""
        session = self._session
        at = session.next_deadline()
        limit = deadline if deadline is not None and (at is None or deadline < at) else at
        timeout = None if limit is None else limit - _monotonic()  # may be < 0: due already
        sel = self._sel
        sock = self._sock
        if sel is not None and sock is not None and not self._eof:
            if self._blocking_recv and not self._writing and (timeout is None or timeout >= _RCVTIMEO_SECONDS):
                # The usual wait (a response, a delivery): one blocking recv(). When
                # SO_RCVTIMEO ends it first (EAGAIN), the caller's loop simply waits again.
                try:
                    data = sock.recv(_RECV_SIZE)
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError as e:
                    self._lost(e)
                else:
                    self._received(data)
            elif self._tls and cast(_ssl.SSLSocket, sock).pending():
                self._read()
            else:
                # poll() takes milliseconds (-1: no limit); round up so a timer is not
                # woken a little early and spun on.
                ms = -1 if timeout is None else max(0, int(math.ceil(timeout * 1000)))
                for _fd, mask in sel.poll(ms):
                    if mask & _POLLOUT:
                        self._flush()
                    if mask & _POLLIN_ERR_HUP:
                        self._read()
        elif timeout is not None:
            if timeout > 0:
                time.sleep(timeout)
        else:  # pragma: no cover - the session is closed and nothing is due
            return
        if at is not None:
            now = _monotonic()
            if now >= at:
                session.handle_timeout(now)
        self._pump()

    def _dispatch(self, ev: Any) -> None:
        t = type(ev)
        if t is Response:
            seq = ev.sequence_number
            if seq in self._waiting:
                if ev.command_status == 0:
                    self._outcomes[seq] = ev.pdu
                else:
                    status = CommandStatus(ev.command_status)
                    self._outcomes[seq] = CommandStatusError(
                        "%s %d failed: %s (0x%08X) %s"
                        % (_command(ev.request), seq, status.name, ev.command_status, status.description),
                        status,
                        seq,
                        ev.pdu,
                    )
            return
        if t is Request:
            self._on_request(ev)
            return
        if t is CanSend:
            self._can_send = True
            return
        if t is ResponseTimeoutEvent:
            seq = ev.sequence_number
            if seq in self._waiting:
                self._outcomes[seq] = ResponseTimeout(
                    "no response to %s %d within %s s" % (_command(ev.request), seq, self.timeout),
                    seq,
                    ev.request,
                )
            return
        if t is Bound:
            if ev.sequence_number in self._waiting:
                self._outcomes[ev.sequence_number] = ev
            return
        if t is BindRefused:
            if ev.sequence_number in self._waiting:
                status = CommandStatus(ev.command_status)
                self._outcomes[ev.sequence_number] = BindFailed(
                    "bind refused: %s (0x%08X) %s" % (status.name, ev.command_status, status.description),
                    status,
                    ev.sequence_number,
                )
            return
        if t is Unbound:
            self.peer_unbound = True
            log.info("unbound by %s:%s", self.host, self.port)
            return
        if t is Closed:
            self._closed = ev
            if ev.reason == "unbound":
                self.unbound = True
            log.info(
                "session with %s:%s closed (%s: %s)%s",
                self.host,
                self.port,
                ev.reason,
                ev.message,
                "; %d request(s) pending" % len(ev.pending) if ev.pending else "",
            )
            exc = ConnectionClosed("the session closed (%s: %s)" % (ev.reason, ev.message), ev.reason)
            for seq in self._waiting:
                if seq not in self._outcomes:
                    self._outcomes[seq] = exc
            self._can_send = True
            return
        if t is PeerViolation:
            log.warning("peer violation from %s:%s: %s", self.host, self.port, ev.message)
            return
        if t is OutbindReceived:  # pragma: no cover - an SMSC sends outbind only before a bind
            log.info("ignoring an outbind from %s:%s", self.host, self.port)

    def _on_request(self, ev: Request) -> None:
        pdu = ev.pdu
        seq = ev.sequence_number
        name = pdu.command_name
        now = time.monotonic()
        if name not in ("deliver_sm", "data_sm"):
            if name != "alert_notification":  # no response exists for it
                self._respond(seq, CommandStatus.ESME_RINVCMDID)
            return
        d = make_delivery(pdu, self._assembler, now, self.default_alphabet)
        if d is None:
            self._respond(seq, 0)  # one part of a long message: wait for the rest
            return
        if self._on_delivery is not None:
            self._in_handler = True
            try:
                r = self._on_delivery(d)
                status = 0 if r is None else int(r)
            except Exception:
                log.exception("on_delivery handler failed")
                status = CommandStatus.ESME_RX_T_APPN
            finally:
                self._in_handler = False
            self._respond(seq, status)
            return
        if len(self._deliveries) >= self._max_queued:
            log.warning("deliveries queue full (%d): answering ESME_RX_T_APPN", self._max_queued)
            self._respond(seq, CommandStatus.ESME_RX_T_APPN)
            return
        self._deliveries.append(d)
        self._respond(seq, 0)

    def _respond(self, seq: int, status: int) -> None:
        if self._closed is not None:
            return
        try:
            self._spilling(lambda now: self._session.respond(seq, status, now=now))
        except SessionClosed:
            return

    def _spilling(self, command: Callable[[float], Any]) -> Any:
        """Runs ``command(now)``; when the session's transmit buffer is full, moves its
        output to the socket's queue first (order is kept) and runs it again."""
        try:
            return command(time.monotonic())
        except TransmitBufferFull:
            out = self._session.data_to_send()
            if out:
                self._write(out)
            return command(time.monotonic())

    def _check_handler(self) -> None:
        if self._in_handler:
            raise RuntimeError("the on_delivery handler cannot call the client's blocking methods")

    def _check(self) -> None:
        self._check_handler()
        if self._closed is not None:
            raise ConnectionClosed("the session is closed (%s)" % self._closed.reason, self._closed.reason)

    def _send(self, command: Callable[[float], int]) -> int:
        """Runs a session command that sends a request; waits while the window is full or
        the rate limit says not yet (serving the connection meanwhile)."""
        self._check()
        while True:
            try:
                return int(self._spilling(command))
            except (WindowFull, RateLimited):
                self._can_send = False
                while not self._can_send:
                    self._wait(None)
                self._check()
            except SessionClosed:
                self._pump()
                reason = self._closed.reason if self._closed is not None else "closed"
                raise ConnectionClosed("the session is closed (%s)" % reason, reason) from None

    def _send_pdu(self, pdu: Pdu) -> int:
        """Sends a request PDU like ``_send``; the common case (open, a slot free, room in
        the transmit buffer) costs one call, with no closure made."""
        if not self._in_handler and self._closed is None:
            try:
                return self._session.send(pdu, now=_monotonic())
            except (WindowFull, RateLimited, TransmitBufferFull, SessionClosed):
                pass  # nothing was sent: _send waits, spills or raises as the case needs
        session = self._session
        return self._send(lambda now: session.send(pdu, now=now))

    def _result(self, seq: int) -> Any:
        """Serves the connection until request ``seq`` has its outcome; returns the
        response or raises."""
        waiting = self._waiting
        outcomes = self._outcomes
        waiting.add(seq)
        try:
            self._pump()
            while seq not in outcomes:
                if self._closed is not None:  # pragma: no cover - Closed gives every waiter one
                    outcomes[seq] = ConnectionClosed("the session closed", self._closed.reason)
                    break
                self._wait(None)
            r = outcomes.pop(seq)
        except BaseException:
            outcomes.pop(seq, None)  # e.g. KeyboardInterrupt after the outcome was stored
            raise
        finally:
            waiting.discard(seq)
        if isinstance(r, BaseException):
            raise r
        return r

    # ---- requests ----

    def request(self, pdu: Pdu) -> Any:
        """Sends any request PDU and returns its response PDU. Raises
        :class:`smpp.CommandStatusError` (a response with an error status, or a
        generic_nack), :class:`smpp.ResponseTimeout` or :class:`smpp.ConnectionClosed`
        (the connection closed with the request pending: its outcome is unknown)."""
        return self._result(self._send_pdu(pdu))

    def submit_sm(self, pdu: Optional[SubmitSm] = None, /, **fields: Any) -> SubmitSmResp:
        """Sends a submit_sm (a :class:`smpp.SubmitSm`, or its fields as keywords; keywords
        given with a PDU replace its fields) and returns the submit_sm_resp."""
        if pdu is None:
            pdu = SubmitSm(**fields)
        elif fields:
            pdu = pdu.replace(**fields)
        resp: SubmitSmResp = self.request(pdu)
        return resp

    def data_sm(self, pdu: Optional[DataSm] = None, /, **fields: Any) -> DataSmResp:
        """Sends a data_sm (a PDU or keywords) and returns the data_sm_resp."""
        if pdu is None:
            pdu = DataSm(**fields)
        elif fields:
            pdu = pdu.replace(**fields)
        resp: DataSmResp = self.request(pdu)
        return resp

    def query_sm(self, pdu: Optional[QuerySm] = None, /, **fields: Any) -> QuerySmResp:
        """Sends a query_sm (a PDU or keywords, e.g. ``message_id=...``) and returns the
        query_sm_resp (``message_state``, ``final_date``, ``error_code``)."""
        if pdu is None:
            pdu = QuerySm(**fields)
        elif fields:
            pdu = pdu.replace(**fields)
        resp: QuerySmResp = self.request(pdu)
        return resp

    def cancel_sm(self, pdu: Optional[CancelSm] = None, /, **fields: Any) -> CancelSmResp:
        """Sends a cancel_sm (a PDU or keywords) and returns the cancel_sm_resp."""
        if pdu is None:
            pdu = CancelSm(**fields)
        elif fields:
            pdu = pdu.replace(**fields)
        resp: CancelSmResp = self.request(pdu)
        return resp

    def replace_sm(self, pdu: Optional[ReplaceSm] = None, /, **fields: Any) -> ReplaceSmResp:
        """Sends a replace_sm (a PDU or keywords) and returns the replace_sm_resp."""
        if pdu is None:
            pdu = ReplaceSm(**fields)
        elif fields:
            pdu = pdu.replace(**fields)
        resp: ReplaceSmResp = self.request(pdu)
        return resp

    def submit_multi(self, pdu: Optional[SubmitMulti] = None, /, **fields: Any) -> SubmitMultiResp:
        """Sends a submit_multi (a PDU or keywords) and returns the submit_multi_resp
        (``unsuccess_sme`` lists the destinations that failed)."""
        if pdu is None:
            pdu = SubmitMulti(**fields)
        elif fields:
            pdu = pdu.replace(**fields)
        resp: SubmitMultiResp = self.request(pdu)
        return resp

    def enquire_link(self) -> None:
        """Sends an enquire_link and waits for its response."""
        self.request(EnquireLink())

    def submit_many(
        self,
        pdus: Iterable[Union[Pdu, Mapping[str, Any]]],
        *,
        window: Optional[int] = None,
    ) -> List[Any]:
        """Sends many requests pipelined: up to ``window`` in flight (default and maximum:
        the client's ``window``), the next one leaving as soon as a slot frees. Items are
        request PDUs (any kind) or mappings of submit_sm fields.

        Returns one result per item, in order, and raises nothing for a single request:
        each result is the response PDU, or the exception that request ended in
        (:class:`smpp.CommandStatusError`, :class:`smpp.ResponseTimeout`,
        :class:`smpp.ConnectionClosed`; requests not yet sent when the connection closed
        get ConnectionClosed too). Test with ``isinstance(r, smpp.SmppError)``.
        """
        items = [p if isinstance(p, Pdu) else SubmitSm(**p) for p in pdus]
        self._check_handler()
        results: List[Any] = [_MISSING] * len(items)
        in_flight: Dict[int, int] = {}  # sequence_number -> index
        limit = window if window is not None and window > 0 else None
        session = self._session
        outcomes = self._outcomes
        waiting = self._waiting
        i = 0
        n = len(items)
        try:
            while i < n or in_flight:
                # Send while the window (ours and the session's) and the rate limit allow.
                while i < n and self._closed is None and (limit is None or len(in_flight) < limit):
                    pdu = items[i]
                    try:
                        seq = int(self._spilling(lambda now: session.send(pdu, now=now)))
                    except (WindowFull, RateLimited):
                        self._can_send = False
                        break
                    except SessionClosed:
                        break
                    in_flight[seq] = i
                    waiting.add(seq)
                    i += 1
                self._pump()
                if outcomes:
                    for seq in list(outcomes):
                        idx = in_flight.pop(seq, None)
                        if idx is not None:
                            results[idx] = outcomes.pop(seq)
                            waiting.discard(seq)
                if self._closed is not None:
                    reason = self._closed.reason
                    for seq, idx in in_flight.items():  # pragma: no cover - Closed fills them all
                        results[idx] = ConnectionClosed("the session closed", reason)
                        waiting.discard(seq)
                    in_flight.clear()
                    while i < n:
                        results[i] = ConnectionClosed("the session is closed (%s); not sent" % reason, reason)
                        i += 1
                    break
                ready = i < n and self._can_send and (limit is None or len(in_flight) < limit)
                if in_flight and not ready or (i < n and not self._can_send):
                    self._wait(None)
        finally:
            for seq in in_flight:
                waiting.discard(seq)
                outcomes.pop(seq, None)
        return results

    def send_message(
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
        parts (``method`` "udh8" / "udh16" concatenation UDH, "sar" TLVs, or one
        "payload") and submits every part (pipelined up to the window); returns each
        part's submit_sm_resp, in order. Other keywords are submit_sm fields.

        Every part gets its outcome first; then the first failed part's exception is
        raised (:class:`smpp.CommandStatusError`, :class:`smpp.ResponseTimeout` or
        :class:`smpp.ConnectionClosed`)."""
        pdus = message_pdus(
            text,
            destination_addr=destination_addr,
            source_addr=source_addr,
            method=method,
            encoding=encoding,
            reference=reference,
            registered_delivery=registered_delivery,
            ports=ports,
            default_alphabet=self.default_alphabet,
            **fields,
        )
        results = self.submit_many(pdus)
        for r in results:
            if isinstance(r, BaseException):
                raise r
        return results

    # ---- deliveries and idling ----

    def next_delivery(self, timeout: Optional[float] = None) -> Optional[Delivery]:
        """The next receipt or MO (already acknowledged): a queued one at once, else one
        that arrives within ``timeout`` seconds (None: no limit). Returns None when the
        time is up or the connection is closed."""
        self._check_handler()
        deadline = None if timeout is None else time.monotonic() + timeout
        q = self._deliveries
        self._pump()
        while not q:
            if self._closed is not None:
                return None
            if deadline is not None and time.monotonic() >= deadline:
                return None
            self._wait(deadline)
        return q.popleft()

    def deliveries(self, timeout: Optional[float] = None) -> Iterator[Delivery]:
        """Iterates receipts and MO messages (each already acknowledged with
        deliver_sm_resp) as they arrive, serving the connection meanwhile. Ends
        ``timeout`` seconds after the call (None: never) or when the connection closes
        (after yielding what was queued); ``break`` out of it any time."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            d = self.next_delivery(None if deadline is None else max(0.0, deadline - time.monotonic()))
            if d is None:
                return
            yield d

    @property
    def pending_deliveries(self) -> int:
        """How many received deliveries wait in the queue."""
        return len(self._deliveries)

    def sleep(self, seconds: float) -> None:
        """Like :func:`time.sleep`, but serves the connection meanwhile: answers the
        SMSC's enquire_link, sends ours when the link is idle, queues deliveries. Returns
        early when the connection closes. ``sleep(0)`` just handles what has arrived."""
        self._check_handler()
        deadline = time.monotonic() + seconds
        self._pump()
        while self._closed is None:
            self._wait(deadline)
            if time.monotonic() >= deadline:
                break

    # ---- state and closing ----

    @property
    def session(self) -> Session:
        """The sans-IO session (for ``stats``, ``state``, ``in_flight``...)."""
        return self._session

    @property
    def is_open(self) -> bool:
        """True while the session is bound and the connection is up."""
        return self._closed is None and self._sock is not None

    @property
    def close_reason(self) -> Optional[str]:
        """Why the session closed ("unbound", "peer_eof", "enquire_link_timeout", ...),
        or None while it is open."""
        return self._closed.reason if self._closed is not None else None

    def unbind(self, timeout: Optional[float] = 5.0) -> None:
        """Unbinds: sends unbind, waits up to ``timeout`` seconds for the unbind_resp
        (serving the connection meanwhile; deliveries still queue), then closes the
        connection. Aborts the connection when the time is up. Does nothing once closed."""
        self._check_handler()
        if self._closed is not None:
            self._close_socket()
            return
        deadline = None if timeout is None else time.monotonic() + timeout
        session = self._session
        try:
            seq = self._spilling(lambda now: session.unbind(now=now))
        except LocalProtocolError:
            # No slot for it, or not bound: there is nothing polite left to do.
            self._abort()
            return
        self._waiting.add(seq)
        try:
            self._pump()
            while self._closed is None:
                if deadline is not None and time.monotonic() >= deadline:
                    log.info("no unbind_resp from %s:%s in time: closing", self.host, self.port)
                    break
                self._wait(deadline)
        finally:
            self._waiting.discard(seq)
            self._outcomes.pop(seq, None)
        self._abort()

    def close(self, timeout: Optional[float] = 5.0) -> None:
        """Unbinds (waiting up to ``timeout`` seconds) and closes; idempotent."""
        self.unbind(timeout)

    def __enter__(self) -> "Client":
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "open" if self.is_open else "closed (%s)" % self.close_reason
        return "<smpp.Client %s:%s system_id=%r %s>" % (self.host, self.port, self.system_id, state)
