"""The one validated shape of a profile to match, with every input limit written once.

JSON requests, batch rows (CSV, JSON Lines, ZIP members) and the CLI all build a
`ProfileInput`, so a 5,000-character skill or `"top_k": true` is refused the same
way wherever it comes from.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from recommender.errors import ProfileError
from recommender.profile.request import MAX_TOP_K, ProfileRequest
from recommender.profile.skills import MAX_SKILLS, MAX_TEXT_CHARS

MAX_SKILL_CHARS = 300
MAX_ROW_ID_CHARS = 200

# Strict: `true` or "5" is not a number of suggestions (pydantic would read them as 1 and 5).
TopK = Annotated[int, Field(ge=1, le=MAX_TOP_K, strict=True, description=f"suggestions, 1 to {MAX_TOP_K}")]
Skill = Annotated[str, StringConstraints(max_length=MAX_SKILL_CHARS)]


def strip_nul(value: str) -> str:
    """NUL characters carry no meaning in a résumé and break C-string consumers; they are removed."""
    return value.replace("\x00", "")


class ProfileInput(BaseModel):
    """A profile: free text, a skill list, or both, and how many suggestions (None: the caller's default)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(
        default=None,
        max_length=MAX_TEXT_CHARS,
        description=f"Free text or a whole résumé, at most {MAX_TEXT_CHARS:,} characters",
    )
    skills: list[Skill] | None = Field(
        default=None,
        max_length=MAX_SKILLS,
        description=f"Skill phrases, at most {MAX_SKILLS}, each at most {MAX_SKILL_CHARS} characters",
    )
    top_k: TopK | None = None

    @field_validator("text", mode="before")
    @classmethod
    def _text_without_nul(cls, value: Any) -> Any:
        return strip_nul(value) if isinstance(value, str) else value

    @field_validator("skills", mode="before")
    @classmethod
    def _skills_without_nul(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [strip_nul(s) if isinstance(s, str) else s for s in value]
        return value

    def to_request(self) -> ProfileRequest:
        return ProfileRequest(self.text, self.skills, self.top_k)


def describe(error: ValidationError) -> str:
    """A validation error as one sentence: "skills.2: String should have at most 300 characters; ..."."""
    parts = []
    for item in error.errors():
        field = ".".join(str(p) for p in item.get("loc", ())) or "row"
        message = str(item.get("msg", "invalid"))
        if item.get("type") == "extra_forbidden":
            message = "unknown field; allowed fields are id, text, skills and top_k"
        if field.startswith("skills.") and item.get("type") == "string_too_long":
            message += "; put longer text in 'text'"
        parts.append(f"{field}: {message}")
    return "; ".join(parts)


def validated_profile(text: str | None, skills: list[str] | None, top_k: int | None) -> ProfileInput:
    """The profile input from plain values (the CLI's), or a ProfileError saying which limit it breaks."""
    try:
        return ProfileInput(text=text, skills=skills, top_k=top_k)
    except ValidationError as exc:
        raise ProfileError(describe(exc)) from exc
