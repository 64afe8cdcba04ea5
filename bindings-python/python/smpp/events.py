"""Events a :class:`smpp.Session` reports (frozen; dispatch on their type or ``match`` them).

======================  =====================================================================
BindRequest             SMSC: an ESME asks to bind (answer with accept_bind / reject_bind)
Bound                   the session is bound
BindRefused             ESME: our bind was refused (``command_status`` says why)
OutbindReceived         ESME: the SMSC asks us to bind as a receiver
Request                 the peer sent a request: answer it with ``Session.respond``
Response                one of our requests was answered (``command_status`` may be an error)
ResponseTimeout         one of our requests got no answer in time
CanSend                 a send refused with WindowFull / RateLimited would now be accepted
PeerViolation           the peer broke a rule (already answered where an answer exists)
Unbound                 the unbind handshake completed
Closed                  the session is closed; ``pending`` lists requests without an outcome
======================  =====================================================================

Every request sent ends in exactly one of Response, ResponseTimeout, Bound/BindRefused (for
binds) or an entry of Closed.pending.

Note: ``smpp.ResponseTimeout`` is the *exception* the asyncio layer raises; the event of the
same name is ``smpp.events.ResponseTimeout``.
"""

from smpp._smpp import (
    BindRefused,
    BindRequest,
    Bound,
    CanSend,
    Closed,
    OutbindReceived,
    PeerViolation,
    Request,
    Response,
    ResponseTimeout,
    Unbound,
)

__all__ = [
    "BindRefused",
    "BindRequest",
    "Bound",
    "CanSend",
    "Closed",
    "OutbindReceived",
    "PeerViolation",
    "Request",
    "Response",
    "ResponseTimeout",
    "Unbound",
]
