"""GET /v1/roles and GET /v1/roles/{id}: the role catalog, in English or `?lang=id`, with `?region=ID`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.deps import ClientKey, RecommenderDep
from api.errors import ApiError
from api.language import asked_language, asked_region
from recommender.i18n.roles import localized_role

router = APIRouter(prefix="/v1", tags=["roles"])


@router.get("/roles")
def list_roles(request: Request, recommender: RecommenderDep, _: ClientKey) -> dict[str, Any]:
    """The catalog in `?lang=` (or the `Accept-Language` choice; default English); `?region=ID` adds
    Indonesian entry paths and says whether an Indonesian pay figure is known."""
    language = asked_language(request) or "en"
    region = asked_region(request)
    catalog = recommender.catalog
    roles = [localized_role(catalog, r, language, region) for r in catalog]
    # A catalog loaded without that language's files answers in English; say so.
    answered = roles[0]["language"] if roles else language
    return {"roles": roles, "catalog_version": catalog.version, "language": answered}


@router.get("/roles/{role_id}")
def get_role(role_id: str, request: Request, recommender: RecommenderDep, _: ClientKey) -> dict[str, Any]:
    language = asked_language(request) or "en"
    region = asked_region(request)
    role = recommender.catalog.get(role_id)
    if role is None:
        raise ApiError(404, "role_not_found", f"no role with id {role_id!r}; GET /v1/roles lists the ids")
    return localized_role(recommender.catalog, role, language, region)
