"""Keep-alive connections spread evenly over the server processes.

Each server process listens on its own SO_REUSEPORT socket (api/serve.py) and
the kernel gives each new connection to one of them by a hash of its
addresses. Clients that keep a few connections open (a job board's connection
pool, a reverse proxy, the benchmark's 8 clients) often end up 5:3, 6:2 or 7:1:
measured here, the busier process's core was saturated while the other's
idled (the machine 58-86% busy under 8 clients), and the 8-client p95 was up
to half as high again as with the same connections placed 4:4 by hand.

So each process publishes how many connections it is serving (distinct client
addresses seen in the last half second) in a small file in the data directory
that all processes map. A process serving two or more connections more than the
least busy one answers a request with `Connection: close`; the client opens a
new connection, which the kernel hashes anew. A few such moves spread the
connections evenly; a process that stops publishing (it died) is ignored.
"""

from __future__ import annotations

import asyncio
import mmap
import os
import struct
import time
from collections.abc import Callable
from pathlib import Path

SLOT_ENV = "CAREERPIVOT_SERVER_SLOT"  # "<index>/<processes>", set by api/serve.py for each process
ACTIVE_SECONDS = 0.5  # a connection counts while it sent a request this recently
REFRESH_SECONDS = 0.05
STALE_SECONDS = 3.0  # a slot not refreshed for this long belongs to a process that is gone
_SLOT = struct.Struct("<qd")  # connections, wall-clock time of the last refresh


def slot_from_environment() -> tuple[int, int] | None:
    """(index, processes) when this process is one of several serving the same port, else None."""
    raw = os.environ.get(SLOT_ENV, "")
    index, _, processes = raw.partition("/")
    if not (index.isdigit() and processes.isdigit()) or int(processes) < 2 or int(index) >= int(processes):
        return None
    return int(index), int(processes)


def published_counts(path: Path) -> list[int]:
    """The connection count each process last published (0 for a slot never written or cleared)."""
    return [count for count, _ in _SLOT.iter_unpack(path.read_bytes())]


class ConnectionBalancer:
    def __init__(
        self, path: Path, index: int, processes: int, clock: Callable[[], float] = time.time
    ) -> None:
        self.index = index
        self.clock = clock
        size = _SLOT.size * processes
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < size:
                os.ftruncate(fd, size)
            self._map = mmap.mmap(fd, size)
        finally:
            os.close(fd)
        self._last_seen: dict[tuple[str, int], float] = {}
        self._may_close = 0  # connections this process may still hand back before the next refresh
        self.closed = 0  # connections handed back so far

    def observe(self, peer: tuple[str, int] | None) -> bool:
        """Note a request from `peer`; True when its connection should close after this response."""
        if peer is None:
            return False
        peer = (peer[0], peer[1])  # servers may pass a list: one hashable key per connection
        if self._may_close > 0 and peer in self._last_seen:
            self._may_close -= 1
            self.closed += 1
            del self._last_seen[peer]
            return True
        self._last_seen[peer] = self.clock()
        return False

    def refresh(self) -> None:
        """Publish this process's connection count and decide how many connections to hand back."""
        now = self.clock()
        self._last_seen = {p: t for p, t in self._last_seen.items() if now - t <= ACTIVE_SECONDS}
        mine = len(self._last_seen)
        _SLOT.pack_into(self._map, self.index * _SLOT.size, mine, now)
        others = [
            count
            for i, (count, stamp) in enumerate(_SLOT.iter_unpack(self._map))
            if i != self.index and now - stamp <= STALE_SECONDS
        ]
        self._may_close = (mine - min(others)) // 2 if others else 0

    async def run(self) -> None:
        """Refresh until cancelled (a task of the server's lifespan)."""
        while True:
            self.refresh()
            await asyncio.sleep(REFRESH_SECONDS)

    def close(self) -> None:
        _SLOT.pack_into(self._map, self.index * _SLOT.size, 0, 0.0)  # gone: the others ignore this slot
        self._map.close()
