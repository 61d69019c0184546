"""Can the service store what it must? Start-up checks, `/healthz` readiness, and 503s for storage failures.

The data directory holds the SQLite database, the rate-limit counters, the
batch lock and the role-index cache. When it turns read-only or full while the
server runs, requests that need it answer 503 `storage_unavailable` (never a
500) and `/healthz` reports not ready; both recover by themselves once it is
writable again. At start-up the same problems stop the server with one line
that names the path and what to do.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import uuid
from pathlib import Path

from limits.errors import StorageError
from sqlalchemy.exc import OperationalError

from api.errors import ApiError
from recommender.errors import CareerpivotError

log = logging.getLogger("careerpivot.api")


class StartupError(CareerpivotError):
    """The server cannot start; the message is one line naming what and what to do."""

    code = "cannot_start"


def data_dir_problem(data_dir: Path) -> str | None:
    """None when a file can be created, written and removed in `data_dir`, else why not."""
    probe = data_dir / f".write-check-{uuid.uuid4().hex[:8]}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, b"ok")
        finally:
            os.close(fd)
        probe.unlink()
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def prepare_data_dir(data_dir: Path) -> None:
    """Create the data directory if needed and check it is writable, or raise a one-line StartupError."""
    fix = "make it writable for this user or set CAREERPIVOT_DATA_DIR to a directory that is"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StartupError(
            f"cannot create the data directory {data_dir.resolve()} ({exc.strerror or exc}): "
            f"create it, or set CAREERPIVOT_DATA_DIR to a writable directory"
        ) from exc
    if not data_dir.is_dir():
        raise StartupError(f"the data directory {data_dir.resolve()} is not a directory: {fix}")
    problem = data_dir_problem(data_dir)
    if problem:
        raise StartupError(f"the data directory {data_dir.resolve()} is not writable ({problem}): {fix}")


# What a refused write raises in a request: SQLAlchemy's OperationalError (SQLite "attempt to write a
# readonly database", "disk I/O error", "database or disk is full"; PostgreSQL unreachable), and the
# rate-limit storage's StorageError (the counters' SQLite file or Redis).
STORAGE_FAILURES: tuple[type[Exception], ...] = (OperationalError, sqlite3.OperationalError, StorageError)


def safe_url(url: str) -> str:
    """A database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def storage_unavailable() -> ApiError:
    return ApiError(
        503,
        "storage_unavailable",
        "the service cannot store data right now (its data directory or database refuses writes); "
        "nothing was saved: retry in a minute, and tell the operator if it persists",
        headers={"Retry-After": "30"},
    )
