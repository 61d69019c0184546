"""Per-client rate limits, shared by every server process on the host."""

from __future__ import annotations

import fcntl
import hashlib
import math
import os
import struct
import threading
import time
from pathlib import Path

_SLOT = struct.Struct("<Qdd")  # client fingerprint, tokens, last update (Unix time)
SLOTS = 65_536


class RateLimiter:
    """A token bucket per client: `per_minute` requests, refilled continuously.

    The buckets live in a small file (a fixed table of slots addressed by a hash
    of the client id), read and written under an exclusive `flock`, so the limit
    holds across all the server's worker processes rather than per process. A
    client whose slot another client took gets a fresh bucket: collisions err
    on the side of letting a request through.
    """

    def __init__(self, per_minute: int, path: Path) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.path = path
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        self._lock = threading.Lock()  # flock is per open file: threads of one process share it

    def check(self, client: str, now: float | None = None) -> float:
        """Take one token; returns 0 when allowed, else the seconds to wait."""
        now = time.time() if now is None else now
        digest = hashlib.blake2b(client.encode(), digest_size=8).digest()
        fingerprint = int.from_bytes(digest, "little") or 1
        offset = (fingerprint % SLOTS) * _SLOT.size
        with self._lock:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                raw = os.pread(self._fd, _SLOT.size, offset)
                owner, tokens, updated = _SLOT.unpack(raw) if len(raw) == _SLOT.size else (0, 0.0, 0.0)
                if owner != fingerprint:
                    tokens, updated = self.capacity, now
                tokens = min(self.capacity, tokens + max(0.0, now - updated) * self.rate)
                wait = 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate
                if wait == 0.0:
                    tokens -= 1.0
                os.pwrite(self._fd, _SLOT.pack(fingerprint, tokens, now), offset)
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        return wait

    def close(self) -> None:
        os.close(self._fd)


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
