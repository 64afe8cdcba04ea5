"""Shared helpers: a fake clock and a pair of sans-IO sessions wired together (h11's
ConnectionPair idea)."""

from __future__ import annotations

import pathlib
from typing import Any, List, Tuple

import pytest

import smpp

ROOT = pathlib.Path(__file__).resolve().parents[2]
PEERS = ROOT / "tools" / "peers"
VECTORS = ROOT / "smpp-proto" / "tests" / "vectors" / "peers"


class Clock:
    def __init__(self, t: float = 1000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t

    def advance(self, dt: float) -> float:
        self.t += dt
        return self.t


class SessionPair:
    """An ESME and an SMSC session exchanging bytes directly, on one fake clock."""

    def __init__(self, clock: Clock, **config: Any) -> None:
        self.clock = clock
        esme_cfg = dict(config)
        smsc_cfg = dict(config)
        esme_cfg.update(config.pop("esme", {}) if "esme" in config else {})
        self.esme = smpp.Session("esme", now=clock(), **{k: v for k, v in esme_cfg.items() if k not in ("esme", "smsc")})
        self.smsc = smpp.Session("smsc", now=clock(), **{k: v for k, v in smsc_cfg.items() if k not in ("esme", "smsc")})

    def exchange(self) -> Tuple[List[Any], List[Any]]:
        """Moves bytes both ways until quiet; returns (esme events, smsc events)."""
        got: List[List[Any]] = [[], []]
        sides = [(self.esme, self.smsc, 0), (self.smsc, self.esme, 1)]
        moved = True
        while moved:
            moved = False
            for src, dst, i in sides:
                got[i] += src.events()
                data = src.data_to_send()
                if data:
                    dst.receive_data(data, self.clock())
                    moved = True
        got[0] += self.esme.events()
        got[1] += self.smsc.events()
        return got[0], got[1]

    def tick(self, dt: float) -> Tuple[List[Any], List[Any]]:
        now = self.clock.advance(dt)
        self.esme.handle_timeout(now)
        self.smsc.handle_timeout(now)
        return self.exchange()

    def bind(self, kind: str = "trx") -> None:
        now = self.clock()
        self.esme.bind(kind, system_id="esme01", password="secret", now=now)
        _, s = self.exchange()
        req = s[0]
        assert isinstance(req, smpp.BindRequest)
        self.smsc.accept_bind(req.sequence_number, "SMSC", now=now)
        e, s = self.exchange()
        assert isinstance(e[0], smpp.Bound) and isinstance(s[0], smpp.Bound)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def pair(clock: Clock) -> SessionPair:
    return SessionPair(clock, window=3, response_timeout=5.0, enquire_link_interval=30.0)
