"""asyncio client (ESME) and server (SMSC) over the sans-IO :class:`smpp.Session`."""

from .client import Client, Delivery, connect
from ._connection import Connection
from .server import Server, ServerSession, serve

__all__ = ["connect", "Client", "Delivery", "serve", "Server", "ServerSession", "Connection"]
