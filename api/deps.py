"""Dependencies shared by the routes, as `Annotated` aliases.

They are `async def` on purpose: FastAPI runs a plain `def` dependency on a
worker thread, and a thread hand-off per dependency per request cost more than
the dependencies' own work (py-spy, 8 clients on 2 cores). Anything that may
block, the API-key look-up in the database, goes to a worker thread itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from limits.errors import StorageError
from starlette.concurrency import run_in_threadpool

from api.errors import ApiError
from api.matcher import Matcher
from api.readiness import storage_unavailable
from api.security import RateLimits, retry_after
from api.settings import Settings
from api.store import Store
from api.worker import BatchWorker
from recommender.match.engine import Recommender


@dataclass
class AppState:
    """What the lifespan starts once: settings, engine, database, rate limits, matcher and batch worker."""

    settings: Settings
    recommender: Recommender
    store: Store
    limiter: RateLimits
    matcher: Matcher
    worker: BatchWorker


async def get_state(request: Request) -> AppState:
    state: AppState | None = getattr(request.app.state, "careerpivot", None)
    if state is None:
        raise ApiError(
            503,
            "starting",
            "the service is still loading the model and catalog; retry in a few seconds",
            headers={"Retry-After": "2"},
        )
    return state


State = Annotated[AppState, Depends(get_state)]


async def get_recommender(state: State) -> Recommender:
    return state.recommender


async def get_store(state: State) -> Store:
    return state.store


async def authorize(request: Request, state: State) -> str | None:
    """Check the API key (when keys are required) and the rate limit; returns the key id.

    Unknown or revoked keys count against the client address's own small budget
    (`failed_key_limit_per_minute`); once it is spent, every key from that address
    gets 429 until the window ends, so a valid key cannot be found by guessing.
    """
    address = request.client.host if request.client else "unknown"
    try:
        key_id = await _check_key(request, state, address)
        wait = state.limiter.hit(key_id or address)
    except StorageError as exc:  # the counters' disk or Redis refuses service
        raise storage_unavailable() from exc
    if wait > 0:
        raise ApiError(
            429,
            "rate_limited",
            f"too many requests: the limit is {state.settings.rate_limit_per_minute} per minute; "
            f"retry after {retry_after(wait)} s",
            headers={"Retry-After": retry_after(wait)},
        )
    return key_id


async def _check_key(request: Request, state: State, address: str) -> str | None:
    if not state.settings.api_keys_required:
        return None
    supplied = request.headers.get("x-api-key")
    if not supplied:
        raise ApiError(
            401, "missing_api_key", "this service needs an API key: send it in the X-API-Key header"
        )
    blocked = state.limiter.failed_key_wait(address)
    if blocked > 0:
        raise ApiError(
            429,
            "rate_limited",
            f"too many requests with an invalid API key from this address (the limit is "
            f"{state.settings.failed_key_limit_per_minute} per minute); check the key and retry after "
            f"{retry_after(blocked)} s",
            headers={"Retry-After": retry_after(blocked)},
        )
    key = await run_in_threadpool(state.store.find_key, supplied)
    if key is None:
        state.limiter.record_failed_key(address)
        raise ApiError(
            401,
            "invalid_api_key",
            "the X-API-Key is unknown or revoked; ask the operator for a valid key",
        )
    return key.id


RecommenderDep = Annotated[Recommender, Depends(get_recommender)]
StoreDep = Annotated[Store, Depends(get_store)]
ClientKey = Annotated[str | None, Depends(authorize)]
