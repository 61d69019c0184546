"""`careerpivot serve`: check what the server needs, migrate once, load the engine once, then fork workers.

The process manager is gunicorn's, run in this process through its documented
custom-application API (`gunicorn.app.base.BaseApplication`) with uvicorn's
worker class (the `uvicorn-worker` package):

1. the checks below, in one process, each problem one line naming what to fix;
2. the engine (catalog, role index, encoder, exposure tables, language
   identifier) is loaded and warmed up once, here, and frozen out of garbage
   collection (`api.main.load_engine`);
3. gunicorn's arbiter forks `workers` worker processes from this one
   (`preload_app`), replaces a worker that dies by forking again, and stops them
   all on SIGINT or SIGTERM.

A forked worker starts in a fraction of a second and shares the engine's
memory with the parent and the other workers until it writes to it: the model
is paid for once per host, not once per worker. Spreading connections evenly
over the workers is a reverse proxy's job (docs/serving.md has an nginx example).
`uvicorn api.main:app --workers N` also serves the same app (each worker then
loads its own engine); run `careerpivot migrate` before it.
"""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from api.readiness import StartupError, prepare_data_dir, safe_url
from api.settings import Settings
from recommender.encode.embedding import check_available
from recommender.errors import CareerpivotError

log = logging.getLogger("careerpivot.serve")
LOG_CONFIG = Path(__file__).with_name("logging.json")  # every server process logs with it
WORKER_CLASS = "uvicorn_worker.UvicornWorker"


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


def gunicorn_options(host: str, port: int, workers: int) -> dict[str, Any]:
    """The gunicorn settings `careerpivot serve` runs with (names as in gunicorn's settings reference)."""
    return {
        "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
        "workers": workers,
        "worker_class": WORKER_CLASS,
        "preload_app": True,  # load once in the parent, fork the workers
        "logconfig_dict": log_config(),
        "accesslog": None,  # our own request log has no content (api/middleware.py)
        "keepalive": 5,  # seconds an idle keep-alive connection stays open: uvicorn's default, not gunicorn's 2
        "control_socket_disable": True,  # gunicorn's runtime control interface: not used, no socket in $HOME
    }


class GunicornServer(BaseApplication):
    """gunicorn's arbiter in this process, serving the app `load_app` returns (called once, before the fork)."""

    def __init__(self, load_app: Callable[[], Any], options: dict[str, Any]) -> None:
        self.load_app = load_app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        started = time.perf_counter()
        try:
            app = self.load_app()
        except CareerpivotError as exc:  # a broken role file, a model or ranker that cannot load: one line
            raise StartupError(str(exc)) from exc
        log.info("engine loaded in %.1f s; forking %d worker process(es)", time.perf_counter() - started,
                 self.options["workers"])  # fmt: skip
        return app


def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    """Check, migrate, load the engine, then serve with `workers` forked worker processes until stopped."""
    from api.main import preloaded_app

    check_port_free(host, port)
    check_can_start(
        settings
    )  # the catalog is checked as the engine loads it (each role file's path and fault)
    GunicornServer(lambda: preloaded_app(settings), gunicorn_options(host, port, workers)).run()
