"""POST /v1/explanations: chosen roles explained for one profile (the pages' "why not" and coverage bars)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool

from api.deps import ClientKey, RecommenderDep, State
from api.errors import ApiError
from api.language import asked_language, asked_region, remember_profile_language
from recommender.errors import ProfileError
from recommender.match.explain_role import (
    MAX_ROLES,
    RoleExplanations,
    UnknownRoleError,
    explain_roles,
    explain_roles_document,
)
from recommender.profile.request import ProfileRequest
from recommender.profile.skills import MAX_SKILLS, MAX_TEXT_CHARS

router = APIRouter(prefix="/v1/explanations", tags=["explanations"])


class ExplanationRequest(BaseModel):
    """A profile, as for POST /v1/recommendations (same limits), and the roles to explain."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    skills: list[str] | None = Field(default=None, max_length=MAX_SKILLS)
    role_ids: list[str] = Field(min_length=1, max_length=MAX_ROLES, description="Catalog role ids")
    lang: Literal["en", "id"] | None = Field(
        default=None,
        description="Answer language, as for POST /v1/recommendations: this, else ?lang=, else "
        "Accept-Language, else the profile's own",
    )
    region: str | None = Field(
        default=None, description="ID adds Indonesian entry paths (as for POST /v1/recommendations)"
    )

    @field_validator("skills")
    @classmethod
    def _skill_length(cls, skills: list[str] | None) -> list[str] | None:
        for skill in skills or []:
            if len(skill) > 300:
                raise ValueError("each skill must be at most 300 characters; put longer text in 'text'")
        return skills


@router.post("", response_model=RoleExplanations)
async def explain(
    body: ExplanationRequest, request: Request, recommender: RecommenderDep, _: ClientKey
) -> RoleExplanations:
    """Where each chosen role ranks for the profile, its reasons and gaps, and every requirement's coverage."""
    language = asked_language(request, body.lang)
    profile = ProfileRequest(
        body.text, body.skills, language=language, region=asked_region(request, body.region)
    )
    try:
        return await run_in_threadpool(explain_roles, recommender, profile, body.role_ids)
    except UnknownRoleError as exc:
        raise ApiError(404, exc.code, str(exc)) from exc
    except ProfileError:
        remember_profile_language(request, body.text, body.skills)
        raise


@router.post("/upload", response_model=RoleExplanations)
async def explain_upload(
    file: Annotated[UploadFile, File(description="A résumé: PDF, DOCX, TXT or Markdown")],
    role_ids: Annotated[list[str], Form(min_length=1, max_length=MAX_ROLES)],
    request: Request,
    recommender: RecommenderDep,
    state: State,
    _: ClientKey,
    lang: Annotated[str | None, Form(description="Answer language: en or id (default: the résumé's)")] = None,
) -> RoleExplanations:
    """The same for a résumé file, read exactly as /v1/recommendations/upload reads it."""
    language = asked_language(request, lang)
    limit = state.settings.max_upload_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise ApiError(
            413, "file_too_large", f"the file is larger than {limit:,} bytes; upload a smaller file"
        )
    try:
        return await run_in_threadpool(
            explain_roles_document,
            recommender,
            data,
            file.filename or "",
            file.content_type,
            role_ids,
            language,
        )
    except UnknownRoleError as exc:
        raise ApiError(404, exc.code, str(exc)) from exc
