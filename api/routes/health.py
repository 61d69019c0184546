"""GET /healthz: 200 once the model and catalog are loaded and the service can store what it must."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from limits.errors import StorageError

from api.deps import State
from api.schemas import Health
from api.startup import data_dir_problem

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    response_model=Health,
    responses={
        503: {"description": "not ready: the data directory or the rate-limit storage refuses writes"}
    },
)
def healthz(state: State) -> Health | JSONResponse:
    recommender = state.recommender
    problem = data_dir_problem(state.settings.data_dir)
    if problem:
        problem = f"the data directory refuses writes ({problem})"
    else:
        try:
            healthy = state.limiter.healthy()
        except StorageError:
            healthy = False
        if not healthy:
            problem = "the rate-limit storage refuses writes"
    if problem:
        return JSONResponse(
            {
                "status": "not_ready",
                "error": {
                    "code": "storage_unavailable",
                    "message": f"{problem}; requests that store data answer 503 until it is writable again",
                },
            },
            status_code=503,
            headers={"Retry-After": "30"},
        )
    return Health(
        status="ok",
        model=recommender.encoder.name,
        catalog_version=recommender.catalog.version,
        roles=len(recommender.catalog),
    )
