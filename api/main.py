"""The ASGI app: `api.main:app`. Heavy things (model, role index, database) load in the lifespan."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware

from api.deps import AppState
from api.errors import error_response, install_error_handlers
from api.routes import batches, health, recommendations, roles
from api.security import RateLimiter
from api.settings import Settings, get_settings
from api.store import Store, migrate
from api.worker import BatchWorker, make_pool
from recommender.engine import Recommender

log = logging.getLogger("careerpivot.api")


def create_app(settings: Settings | None = None, recommender: Recommender | None = None) -> FastAPI:
    """Build the app. Tests pass their own settings (and may share one loaded recommender)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        started = time.perf_counter()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        migrate(settings.sqlalchemy_url)
        store = Store(settings.sqlalchemy_url)
        engine = recommender or Recommender.load(
            settings.model, settings.catalog_dir, settings.cache_dir, ranker=settings.ranker
        )
        pool = None
        if settings.batch_processes > 0:
            pool = make_pool(
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
            pool,
            settings.batch_processes,
        )
        app.state.careerpivot = AppState(settings, engine, store, RateLimiter(settings.rate_limit_per_minute))
        worker.start()
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
            store.close()
            app.state.careerpivot = None

    app = FastAPI(
        title="careerpivot",
        version="0.1.0",
        summary="Match a résumé or skill list to AI-era roles, with reasons, gaps and first steps.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type", "X-API-Key"],
        )

    @app.middleware("http")
    async def request_context(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Request id, body-size limit and an access log line without any content."""
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex[:16]
        request.state.request_id = request_id
        limit = _body_limit(settings, request.url.path)
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            return error_response(
                413,
                "payload_too_large",
                f"the body is {int(length):,} bytes; the limit here is {limit:,} bytes",
                headers={"X-Request-ID": request_id},
            )
        started = time.perf_counter()
        response = await call_next(request)
        response.headers["X-Request-ID"] = request_id
        log.info(
            "%s %s %s %d %.1fms",
            request_id,
            request.method,
            request.url.path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response

    app.include_router(health.router)
    app.include_router(recommendations.router)
    app.include_router(roles.router)
    app.include_router(batches.router)
    return app


def _body_limit(settings: Settings, path: str) -> int:
    if path.startswith("/v1/batches"):
        return settings.max_batch_bytes
    if path == "/v1/recommendations/upload":
        return settings.max_upload_bytes + 64 * 1024  # room for the multipart envelope
    return settings.max_body_bytes


app = create_app()
