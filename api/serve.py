"""`careerpivot serve`: check what the server needs, migrate once, then hand over to uvicorn.

Process management is uvicorn's own (`--workers`): one parent that starts the
worker processes on a shared socket, restarts one that dies and stops them all
on SIGINT or SIGTERM. Spreading connections evenly over the processes is a
reverse proxy's job (docs/serving.md has an nginx example). The same app runs
under gunicorn with uvicorn workers; run `careerpivot migrate` before it then.
"""

from __future__ import annotations

import logging
from typing import Any

import uvicorn

from api.readiness import StartupError, prepare_data_dir, safe_url
from api.settings import Settings
from recommender.catalog import load_catalog
from recommender.embedding import check_available
from recommender.errors import CareerpivotError

log = logging.getLogger("careerpivot.serve")
APP = "api.main:app"


def migrate_database(settings: Settings) -> None:
    """Bring the database schema up to date, or raise a one-line StartupError."""
    from api.store import migrate  # SQLAlchemy and Alembic: only in this command, not in every import

    try:
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


def serve(settings: Settings, host: str, port: int, workers: int, log_config: dict[str, Any]) -> None:
    """Serve until interrupted: `workers` uvicorn worker processes (1: this process)."""
    check_can_start(settings)
    log.info("serving on http://%s:%d with %d worker process(es)", host, port, workers)
    uvicorn.run(APP, host=host, port=port, workers=workers, log_config=log_config, access_log=False)
