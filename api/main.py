"""The ASGI app: `api.main:app`. Heavy things (model, role index, database) load in the lifespan."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from threadpoolctl import threadpool_limits

from api.deps import AppState
from api.engine import freeze_heap, load_engine
from api.errors import error_response, error_responses, install_error_handlers
from api.matcher import Matcher
from api.middleware import RequestContext
from api.ray_batches import RayBatches
from api.readiness import STORAGE_FAILURES, storage_unavailable
from api.routes import batch_overview, batches, explanations, health, pages, recommendations, roles
from api.security import RateLimits, make_storage
from api.settings import Settings, get_settings
from api.startup import StartupError, prepare_data_dir, safe_url
from api.store import Store, current_revision, newest_revision
from api.worker import BatchLock, BatchWorker, make_pool
from recommender.match.engine import Recommender

log = logging.getLogger("careerpivot.api")


def create_app(settings: Settings | None = None, recommender: Recommender | None = None) -> FastAPI:
    """Build the app. Tests pass their own settings (and may share one loaded recommender)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        started = time.perf_counter()
        try:
            store, limiter = _open_storage(settings)
        except StartupError as exc:
            log.error("cannot start: %s", exc)  # the one line an operator needs; uvicorn adds its own
            raise
        threadpool_limits(settings.threads, user_api="blas")  # for the whole process
        if recommender is None:
            engine = load_engine(settings)
            freeze_heap()
        else:
            engine = recommender
        pool_factory = None
        if settings.batch_processes > 0:
            pool_factory = partial(
                make_pool,
                settings.batch_processes,
                settings.model,
                str(settings.catalog_dir) if settings.catalog_dir else None,
                str(settings.cache_dir),
                engine.model_info.ranker,
            )
        worker = BatchWorker(
            store,
            engine,
            settings.batch_chunk_size,
            settings.worker_poll_seconds,
            pool_factory,
            settings.batch_processes,
            BatchLock(settings.data_dir / "batch-worker.lock"),
        )
        # Large batches to a Ray cluster when CAREERPIVOT_RAY_ADDRESS is set; the worker keeps the rest.
        ray_batches = RayBatches.from_settings(settings, store, engine, worker.lock)
        if ray_batches is not None:
            worker.store = ray_batches.local_view(store)
        matcher = Matcher(engine)
        app.state.careerpivot = AppState(settings, engine, store, limiter, matcher, worker)
        matcher.start()
        worker.start()
        if ray_batches is not None:
            ray_batches.start()
        log.info(
            "ready in %.1f s: %d roles, model %s",
            time.perf_counter() - started,
            len(engine.catalog),
            engine.encoder.name,
        )
        try:
            yield
        finally:
            worker.stop()
            if ray_batches is not None:
                ray_batches.stop()
            matcher.stop()
            limiter.close()
            store.close()
            app.state.careerpivot = None

    app = FastAPI(
        title="careerpivot",
        version="0.1.0",
        summary="Match a résumé or skill list to AI-era roles, with reasons, gaps and first steps.",
        lifespan=lifespan,
        responses=error_responses(400, 401, 413, 422, 429, 503),  # any route may answer these
    )
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type", "X-API-Key"],
        )

    app.add_middleware(RequestContext, body_limit=lambda path: _body_limit(settings, path))

    # A read-only or full data directory, or an unreachable database, is the operator's to fix and
    # passes by itself: 503 with a message, never a 500.
    async def storage_failed(request: Request, exc: Exception) -> JSONResponse:
        log.warning("storage refused %s %s: %s", request.method, request.url.path, " ".join(str(exc).split()))
        error = storage_unavailable()
        return error_response(error.status, error.code, error.message, error.headers)

    for failure in STORAGE_FAILURES:
        app.add_exception_handler(failure, storage_failed)

    app.include_router(health.router)
    app.include_router(recommendations.router, responses=error_responses(415))
    app.include_router(roles.router, responses=error_responses(404))
    app.include_router(batches.router)
    app.include_router(batch_overview.router, responses=error_responses(404))
    app.include_router(explanations.router, responses=error_responses(404, 415))
    app.include_router(pages.router)
    app.mount("/web", pages.static_files(), name="web")
    return app


def preloaded_app(settings: Settings | None = None) -> FastAPI:
    """The app with its engine loaded now: for a parent that loads once and forks its workers.

    `gunicorn 'api.main:preloaded_app()' --preload -k uvicorn_worker.UvicornWorker` (what
    `careerpivot serve` runs) calls it once in gunicorn's parent; each worker it forks starts with
    the engine in memory it shares with the parent and the other workers.
    """
    settings = settings or get_settings()
    app = create_app(settings, load_engine(settings))
    freeze_heap()
    return app


def _open_storage(settings: Settings) -> tuple[Store, RateLimits]:
    """The database and the rate-limit counters, or a one-line StartupError saying what to fix."""
    prepare_data_dir(settings.data_dir)
    url = settings.sqlalchemy_url
    try:
        revision = current_revision(url)
    except Exception as exc:  # any driver's connection error: the message says where and why
        raise StartupError(
            f"cannot open the database {safe_url(url)}: {' '.join(str(exc).split())[:300]}"
        ) from exc
    if revision != newest_revision():
        raise StartupError(
            f"the database {safe_url(url)} is at schema revision {revision or 'none'}, this version needs "
            f"{newest_revision()}: run 'careerpivot migrate' (careerpivot serve does it before starting)"
        )
    try:
        limiter = RateLimits(
            make_storage(settings.rate_limit_storage, settings.data_dir),
            settings.rate_limit_per_minute,
            settings.failed_key_limit_per_minute,
        )
    except Exception as exc:
        raise StartupError(f"cannot open the rate-limit storage: {' '.join(str(exc).split())[:300]}") from exc
    return Store(url), limiter


def _body_limit(settings: Settings, path: str) -> int:
    if path.startswith("/v1/batches"):
        return settings.max_batch_bytes
    if path in ("/v1/recommendations/upload", "/v1/explanations/upload"):
        return settings.max_upload_bytes + 64 * 1024  # room for the multipart envelope
    return settings.max_body_bytes


app = create_app()
