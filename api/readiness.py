"""Can the service store what it must while it runs? `/healthz` readiness and 503s for storage failures.

The data directory holds the SQLite database, the rate-limit counters, the
batch lock and the role-index cache. When it turns read-only or full while the
server runs, requests that need it answer 503 `storage_unavailable` (never a
500) and `/healthz` reports not ready; both recover by themselves once it is
writable again. At start-up the same problems stop the server with one line
that names the path and what to do (`api/startup.py`).
"""

from __future__ import annotations

import logging
import sqlite3

from limits.errors import StorageError
from sqlalchemy.exc import OperationalError

from api.errors import ApiError

log = logging.getLogger("careerpivot.api")


# What a refused write raises in a request: SQLAlchemy's OperationalError (SQLite "attempt to write a
# readonly database", "disk I/O error", "database or disk is full"; PostgreSQL unreachable), and the
# rate-limit storage's StorageError (the counters' SQLite file or Redis).
STORAGE_FAILURES: tuple[type[Exception], ...] = (OperationalError, sqlite3.OperationalError, StorageError)


def storage_unavailable() -> ApiError:
    return ApiError(
        503,
        "storage_unavailable",
        "the service cannot store data right now (its data directory or database refuses writes); "
        "nothing was saved: retry in a minute, and tell the operator if it persists",
        headers={"Retry-After": "30"},
    )
