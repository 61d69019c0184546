"""Rate limits shared by every server process, through the maintained `limits` library.

Two limits, both fixed one-minute windows (`limits`' fixed-window strategy, the
one slowapi uses by default): requests per API key (or per client address when
keys are off), and requests with an unknown or revoked key per client address,
so a key cannot be guessed by brute force.

Where the counters live (`CAREERPIVOT_RATE_LIMIT_STORAGE`):

- a `limits` storage URL, e.g. `redis://host:6379/0`, for servers on several
  hosts (`redis` extra);
- by default a SQLite file in the data directory, `SQLiteStorage` below. None of
  `limits`' own storages holds across the processes of one host without a server
  to run: memory:// counts per process (measured with 2 processes and a limit of
  3 per minute, a client got 6 requests through), and redis, memcached and
  MongoDB each need their server. This storage is `limits`' storage interface
  over one upsert per request (about 60 µs measured here), so the
  strategy, the windows and the key names stay the library's.
"""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from limits import RateLimitItemPerMinute
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

SQLITE_SCHEME = "careerpivot+sqlite"
PURGE_EVERY = 1024  # counter updates between deletions of expired windows


class SQLiteStorage(Storage):
    """`limits` counters in one SQLite table, shared by every process that opens the same file.

    Each update is a single `INSERT ... ON CONFLICT DO UPDATE ... RETURNING`, atomic
    under SQLite's write lock, so two processes never lose each other's hits.
    URL: `careerpivot+sqlite:///absolute/path/rate-limits.sqlite3`.
    """

    STORAGE_SCHEME = [SQLITE_SCHEME]  # noqa: RUF012 - limits reads it at class creation to register the scheme

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = Path(urlparse(uri).path)
        self._lock = threading.Lock()  # one connection per process, used from the loop and from threads
        self._updates = 0
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:  # a damaged counters file (power loss): counters are disposable
            self.path.unlink(missing_ok=True)
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None, check_same_thread=False)
        # A rollback journal, not WAL: WAL's shared-memory file is mapped into memory, and when the data
        # directory turns read-only (chattr +i, a disk remounted read-only) the next access to the
        # mapping kills the process with SIGBUS; with a journal the write fails with an error instead.
        # PERSIST keeps the journal file between updates rather than creating and deleting it each time.
        db.execute("PRAGMA journal_mode=PERSIST")
        db.execute("PRAGMA synchronous=OFF")  # counters need no fsync per request; a crash keeps the file
        db.execute(
            "CREATE TABLE IF NOT EXISTS counters "
            "(key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL) WITHOUT ROWID"
        )
        return db

    @property
    def base_exceptions(self) -> tuple[type[Exception], ...]:
        return (sqlite3.Error, OSError)

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()  # fetch all: the statement ends, its lock goes

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        rows = self._query(
            "INSERT INTO counters (key, count, expires) VALUES (?1, ?2, ?3 + ?4) "
            "ON CONFLICT (key) DO UPDATE SET "
            "count = CASE WHEN expires <= ?3 THEN ?2 ELSE count + ?2 END, "
            "expires = CASE WHEN expires <= ?3 THEN ?3 + ?4 ELSE expires END "
            "RETURNING count",
            (key, amount, now, expiry),
        )
        self._updates += 1
        if self._updates % PURGE_EVERY == 0:
            self._query("DELETE FROM counters WHERE expires <= ?", (now,))
        return int(rows[0][0])

    def get(self, key: str) -> int:
        rows = self._query("SELECT count FROM counters WHERE key = ? AND expires > ?", (key, time.time()))
        return int(rows[0][0]) if rows else 0

    def get_expiry(self, key: str) -> float:
        now = time.time()
        rows = self._query("SELECT expires FROM counters WHERE key = ? AND expires > ?", (key, now))
        return float(rows[0][0]) if rows else now

    def check(self) -> bool:
        """Healthy when a counter can be written (a read-only or full disk fails here)."""
        try:
            self._query("INSERT OR REPLACE INTO counters VALUES ('health-check', 0, 0)")
        except (sqlite3.Error, OSError):
            return False
        return True

    def reset(self) -> int | None:
        return len(self._query("DELETE FROM counters RETURNING key"))

    def clear(self, key: str) -> None:
        self._query("DELETE FROM counters WHERE key = ?", (key,))

    def close(self) -> None:
        with self._lock:
            self._db.close()


def make_storage(url: str | None, data_dir: Path) -> Storage:
    """The configured `limits` storage, or the SQLite file in the data directory.

    Storage failures (a read-only disk, Redis down) raise `limits.errors.StorageError`.
    """
    url = url or f"{SQLITE_SCHEME}://{(data_dir / 'rate-limits.sqlite3').resolve()}"
    storage = storage_from_string(url, wrap_exceptions=True)
    if not isinstance(storage, Storage):  # pragma: no cover - an async+ URL
        raise ValueError(f"rate-limit storage {url!r} is asynchronous; use the plain scheme (e.g. redis://)")
    return storage


class RateLimits:
    """The service's two limits over one storage; each check answers 0 (go on) or seconds to wait."""

    def __init__(self, storage: Storage, per_minute: int, failed_keys_per_minute: int) -> None:
        self.storage = storage
        self._windows = FixedWindowRateLimiter(storage)
        self.requests = RateLimitItemPerMinute(per_minute, namespace="careerpivot-requests")
        self.failed_keys = RateLimitItemPerMinute(failed_keys_per_minute, namespace="careerpivot-bad-keys")

    def hit(self, client: str) -> float:
        """Count one request of `client` (a key id or an address)."""
        if self._windows.hit(self.requests, client):
            return 0.0
        return self._wait(self.requests, client)

    def failed_key_wait(self, address: str) -> float:
        """0 while `address` may still try a key, else the seconds until it may again (nothing counted)."""
        if self._windows.test(self.failed_keys, address):
            return 0.0
        return self._wait(self.failed_keys, address)

    def record_failed_key(self, address: str) -> None:
        self._windows.hit(self.failed_keys, address)

    def healthy(self) -> bool:
        return bool(self.storage.check())

    def _wait(self, item: RateLimitItemPerMinute, client: str) -> float:
        reset_at = self._windows.get_window_stats(item, client).reset_time
        return max(reset_at - time.time(), 0.001)

    def close(self) -> None:
        close = getattr(self.storage, "close", None)
        if callable(close):
            close()


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
