"""`careerpivot serve`: check what the server needs, migrate once, load the engine once, then fork workers.

The process manager is gunicorn's, run in this process through its documented
custom-application API (`gunicorn.app.base.BaseApplication`) with uvicorn's
worker class (the `uvicorn-worker` package):

1. the checks (`api/startup.py`), in one process, each problem one line naming what to fix;
2. the engine (catalog, role index, encoder, exposure tables, language
   identifier) is loaded and warmed up once, here, on threads of their own while
   this one imports the app, then frozen out of garbage collection (`api/engine.py`);
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

import ctypes
import json
import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from api.engine import freeze_heap, load_engine
from api.settings import Settings
from api.startup import StartupError, check_can_start, check_port_free
from recommender.errors import CareerpivotError
from recommender.profile.languages import load_identifier_in_background

log = logging.getLogger("careerpivot.serve")
LOG_CONFIG = Path(__file__).with_name("logging.json")  # every server process logs with it
WORKER_CLASS = "uvicorn_worker.UvicornWorker"


def log_config() -> dict[str, Any]:
    config: dict[str, Any] = json.loads(LOG_CONFIG.read_text(encoding="utf-8"))
    return config


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
        try:
            return self.load_app()
        except CareerpivotError as exc:  # a broken role file, a model or ranker that cannot load: one line
            raise StartupError(str(exc)) from exc


MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's mallopt parameter number for MALLOC_ARENA_MAX (malloc.h)


def limit_malloc_arenas() -> bool:
    """Cap glibc's malloc arenas for this process and every process started from it.

    glibc gives each thread that allocates an arena of its own, up to eight per core; a server
    process's threads (the event loop, request threads, the batch thread, the loader threads) each
    keep freed memory in theirs. With two arenas the whole server with a batch running measured
    1,028 MB PSS instead of 1,113 MB, at the same batch throughput (20.0 vs 20.5 profiles/s).
    `MALLOC_ARENA_MAX`, when set, is glibc's own documented setting and is kept; spawned batch
    processes read it as they start. False where the C library is not glibc.
    """
    arenas = int(os.environ.setdefault("MALLOC_ARENA_MAX", str(MALLOC_ARENAS)))
    try:
        libc = ctypes.CDLL("libc.so.6")  # glibc's name; musl and macOS have no such library
        return bool(libc.mallopt(_M_ARENA_MAX, arenas))
    except (OSError, AttributeError):
        return False


def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    """Check, migrate, load the engine, then serve with `workers` forked worker processes until stopped.

    The checks run first, so a problem is the only line printed. Then two threads load: the language
    identifier, the slowest part, and the rest of the engine, which finds the identifier loaded or
    waits for it. Meanwhile this thread imports the app (FastAPI and the routes: ~0.4 s); file reads,
    decompression and the tokenizer's load release the GIL, so the work overlaps (bench/startup.py).
    The role files are checked as the engine loads them.
    """
    check_port_free(host, port)
    check_can_start(settings)
    limit_malloc_arenas()  # before the loader threads below make arenas of their own
    started = time.perf_counter()
    load_identifier_in_background(settings.cache_dir)
    pool = ThreadPoolExecutor(1, thread_name_prefix="load-engine")
    loading = pool.submit(load_engine, settings)
    pool.shutdown(wait=False)  # the thread ends with the load, before gunicorn forks
    from api.main import create_app

    def load_app() -> Any:
        app = create_app(settings, loading.result())
        freeze_heap()
        log.info(
            "engine loaded in %.1f s; forking %d worker process(es)", time.perf_counter() - started, workers
        )
        return app

    GunicornServer(load_app, gunicorn_options(host, port, workers)).run()
