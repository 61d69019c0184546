"""Request and response bodies of the HTTP API (recommendation results come from the engine)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from recommender.engine import MAX_TOP_K
from recommender.skills import MAX_SKILLS, MAX_TEXT_CHARS


class RecommendationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(
        default=None,
        max_length=MAX_TEXT_CHARS,
        description=f"Free text or a whole résumé, at most {MAX_TEXT_CHARS:,} characters",
    )
    skills: list[str] | None = Field(
        default=None, max_length=MAX_SKILLS, description=f"Skill phrases, at most {MAX_SKILLS}"
    )
    top_k: int = Field(default=5, ge=1, le=MAX_TOP_K)
    lang: str | None = Field(
        default=None,
        description="Language of the answer: 'en' or 'id'. Default: the `Accept-Language` choice, "
        "else the profile's own language (Indonesian for Indonesian or Malay)",
    )

    @field_validator("skills")
    @classmethod
    def _skill_length(cls, skills: list[str] | None) -> list[str] | None:
        for skill in skills or []:
            if len(skill) > 300:
                raise ValueError("each skill must be at most 300 characters; put longer text in 'text'")
        return skills


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
