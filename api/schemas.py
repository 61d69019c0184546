"""Request and response bodies of the HTTP API (recommendation results come from the engine)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from recommender.profile.inputs import ProfileInput, TopK


class RecommendationRequest(ProfileInput):
    """The JSON body of POST /v1/recommendations: the shared profile input (recommender/profile/inputs.py),
    with five suggestions unless asked otherwise."""

    top_k: TopK = 5
    lang: str | None = Field(
        default=None,
        description="Language of the answer: 'en' or 'id'. Default: the `Accept-Language` choice, "
        "else the profile's own language (Indonesian for Indonesian or Malay)",
    )
    region: str | None = Field(
        default=None,
        description="'ID' adds Indonesian entry paths (programmes, courses, communities) whatever the "
        "answer's language; an Indonesian answer has them anyway. Also `?region=`",
    )


class BatchCreated(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    total: int


class BatchStatus(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    total: int
    processed: int
    failed: int
    created_at: str
    expires_at: str


class Health(BaseModel):
    status: Literal["ok"]
    model: str
    catalog_version: str
    roles: int
