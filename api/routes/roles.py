"""GET /v1/roles and GET /v1/roles/{id}: the role catalog."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import ClientKey, RecommenderDep
from api.errors import ApiError

router = APIRouter(prefix="/v1", tags=["roles"])


@router.get("/roles")
def list_roles(recommender: RecommenderDep, _: ClientKey) -> dict[str, Any]:
    catalog = recommender.catalog
    return {"roles": [r.model_dump(mode="json") for r in catalog], "catalog_version": catalog.version}


@router.get("/roles/{role_id}")
def get_role(role_id: str, recommender: RecommenderDep, _: ClientKey) -> dict[str, Any]:
    role = recommender.catalog.get(role_id)
    if role is None:
        raise ApiError(404, "role_not_found", f"no role with id {role_id!r}; GET /v1/roles lists the ids")
    return role.model_dump(mode="json")
