"""Can the server start? Checks that run once, before anything loads, each problem one line.

Each raises `StartupError` naming the path or setting and what to do. None of them imports the
web framework: `careerpivot serve` runs them all, then starts loading the engine, then imports the
app while it loads.
"""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path

from api.settings import Settings
from recommender.encode.embedding import check_available
from recommender.errors import CareerpivotError


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


def safe_url(url: str) -> str:
    """A database URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def migrate_database(settings: Settings) -> None:
    """Bring the database schema up to date, or raise a one-line StartupError."""
    from api.store import current_revision, migrate, newest_revision

    try:
        # Up to date already (every restart): skip Alembic, whose imports alone take 0.27 s.
        if current_revision(settings.sqlalchemy_url) != newest_revision():
            migrate(settings.sqlalchemy_url)
    except Exception as exc:  # the driver's error, whatever the database: one line, no traceback
        raise StartupError(
            f"cannot migrate the database {safe_url(settings.sqlalchemy_url)}: "
            f"{' '.join(str(exc).split())[:300]}; check CAREERPIVOT_DATABASE_URL and that it is writable"
        ) from exc


def check_can_start(settings: Settings) -> None:
    """Everything the server processes will need, checked once here so a problem is one clear line.

    Raises StartupError (a CareerpivotError) naming the path or setting and what to do.
    """
    prepare_data_dir(settings.data_dir)
    migrate_database(settings)
    try:
        check_available(settings.model)  # the encoder's package and files, before anything loads them
    except CareerpivotError as exc:
        raise StartupError(str(exc)) from exc
    if settings.models_dir is not None and not settings.models_dir.is_dir():
        raise StartupError(
            f"CAREERPIVOT_MODELS_DIR={settings.models_dir} does not exist: point it at a folder of "
            "trained rankers (see 'careerpivot train') or unset it to use the bundled models/"
        )


def check_port_free(host: str, port: int) -> None:
    """Raise a one-line StartupError when the address is taken, before seconds go into loading the engine.

    (gunicorn would find out only after the load, then retry five times a second apart.)
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise StartupError(
                f"cannot listen on {host}:{port} ({exc.strerror}): stop what holds the port, "
                "or choose another with --port or CAREERPIVOT_PORT"
            ) from exc
