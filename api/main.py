"""The ASGI app: `api.main:app`. Heavy things (model, role index, database) load in the lifespan."""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from threadpoolctl import threadpool_limits

from api.balance import ConnectionBalancer, slot_from_environment
from api.deps import AppState
from api.errors import install_error_handlers
from api.matcher import Matcher
from api.middleware import RequestContext
from api.ray_batches import RayBatches
from api.routes import batches, health, recommendations, roles
from api.security import RateLimiter
from api.settings import Settings, get_settings
from api.store import Store, migrate
from api.worker import BatchLock, BatchWorker, make_pool
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
        threadpool_limits(settings.threads, user_api="blas")  # for the whole process
        engine = recommender or Recommender.load(
            settings.model,
            settings.catalog_dir,
            settings.cache_dir,
            ranker=settings.ranker,
            threads=settings.threads,
        )
        engine.warm_up()
        # Everything loaded so far lives as long as the process: keep it out of every garbage collection.
        gc.collect()
        gc.freeze()
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
        # Files in the data directory, so every server process shares them.
        limiter = RateLimiter(settings.rate_limit_per_minute, settings.data_dir / "rate-limits.bin")
        slot = slot_from_environment()  # set by `careerpivot serve` when several processes share the port
        balancer = ConnectionBalancer(settings.data_dir / "connections.bin", *slot) if slot else None
        app.state.careerpivot = AppState(settings, engine, store, limiter, matcher, worker, balancer)
        balancing = asyncio.create_task(balancer.run()) if balancer else None
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
            if balancer and balancing:
                balancing.cancel()
                balancer.close()  # the other processes stop counting on this one at once
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
    )
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type", "X-API-Key"],
        )

    def hand_back(peer: tuple[str, int] | None) -> bool:
        state: AppState | None = getattr(app.state, "careerpivot", None)
        return bool(state and state.balancer and state.balancer.observe(peer))

    app.add_middleware(
        RequestContext, body_limit=lambda path: _body_limit(settings, path), close_connection=hand_back
    )
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
