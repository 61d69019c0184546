"""`careerpivot serve`: check what the server needs, migrate once, then become uvicorn.

After the checks this process replaces itself (exec) with

    python -m uvicorn api.main:app --host H --port P --workers N --log-config api/logging.json

so process management is uvicorn's own: one parent that starts the worker
processes on a shared socket, replaces one that dies and stops them all on
SIGINT or SIGTERM. The exec keeps the process id (signals and supervisors see
one process) and drops what the checks loaded: the parent stays at uvicorn's
own ~25 MB rather than ~95 MB. Spreading connections evenly over the workers is
a reverse proxy's job (docs/serving.md has an nginx example). The same app runs
under gunicorn with uvicorn workers; run `careerpivot migrate` before it then.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from api.readiness import StartupError, prepare_data_dir, safe_url
from api.settings import Settings
from recommender.catalog import load_catalog
from recommender.encode.embedding import check_available
from recommender.errors import CareerpivotError

log = logging.getLogger("careerpivot.serve")
APP = "api.main:app"
LOG_CONFIG = Path(__file__).with_name("logging.json")  # every uvicorn process logs with it


def log_config() -> dict[str, Any]:
    config: dict[str, Any] = json.loads(LOG_CONFIG.read_text(encoding="utf-8"))
    return config


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
        load_catalog(settings.catalog_dir)  # a broken or non-UTF-8 role file: its path and what is wrong
        check_available(settings.model)  # without loading it: the parent process stays small
    except CareerpivotError as exc:
        raise StartupError(str(exc)) from exc
    if settings.models_dir is not None and not settings.models_dir.is_dir():
        raise StartupError(
            f"CAREERPIVOT_MODELS_DIR={settings.models_dir} does not exist: point it at a folder of "
            "trained rankers (see 'careerpivot train') or unset it to use the bundled models/"
        )


def uvicorn_command(host: str, port: int, workers: int) -> list[str]:
    """The uvicorn command line `careerpivot serve` becomes."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        APP,
        *("--host", host, "--port", str(port), "--workers", str(workers)),
        *("--log-config", str(LOG_CONFIG), "--no-access-log"),  # our own request log has no content
    ]


def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    """Check, migrate, then exec uvicorn with `workers` worker processes (1: in its own process)."""
    check_can_start(settings)
    log.info("serving on http://%s:%d with %d worker process(es)", host, port, workers)
    command = uvicorn_command(host, port, workers)
    for handler in logging.getLogger().handlers:
        handler.flush()
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(command[0], command)
