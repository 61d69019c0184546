"""GET /healthz: 200 once the model and catalog are loaded."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import RecommenderDep
from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz(recommender: RecommenderDep) -> Health:
    return Health(
        status="ok",
        model=recommender.encoder.name,
        catalog_version=recommender.catalog.version,
        roles=len(recommender.catalog),
    )
