"""A batch's cohort summary: which roles suit how many people, the gaps they share, the skills they have.

It reads the results of a batch one row at a time, so memory grows with the
number of distinct roles, gaps and skills, not with the number of rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, Field

from recommender.results import FirstStep

TOP_ROLES_PER_PERSON = 3  # a role "suits" a person when it is among their first three
MAX_LISTED = 15
MAX_ERRORS = 200


class RoleCount(BaseModel):
    role_id: str
    title: str
    people: int = Field(description=f"People who have the role among their top {TOP_ROLES_PER_PERSON}")
    first_choice: int = Field(description="People for whom it is the best match")
    mean_score: float = Field(description="Mean score among those people")


class GapCount(BaseModel):
    skill: str
    people: int = Field(description=f"People for whom it is a gap of one of their top {TOP_ROLES_PER_PERSON}")
    first_step: FirstStep | None = None


class SkillCount(BaseModel):
    skill: str
    people: int


class RowError(BaseModel):
    id: str
    code: str
    message: str


class CohortSummary(BaseModel):
    people: int = Field(description="Rows with suggestions")
    failed: int
    pending: int
    roles: list[RoleCount]
    gaps: list[GapCount]
    skills: list[SkillCount]
    errors: list[RowError] = Field(description=f"The first {MAX_ERRORS} rows that could not be matched")


def summarize(results: Iterable[Mapping[str, Any]]) -> CohortSummary:
    """Summarise batch results (each `{"id", "status", "suggestions", "profile"}` or `{"error"}`)."""
    people = failed = pending = 0
    suits: Counter[str] = Counter()
    first: Counter[str] = Counter()
    score_sum: Counter[str] = Counter()
    titles: dict[str, str] = {}
    gaps: Counter[str] = Counter()
    steps: dict[str, FirstStep] = {}
    skills: Counter[str] = Counter()
    skill_names: dict[str, str] = {}
    errors: list[RowError] = []
    for row in results:
        status = row.get("status")
        if status == "pending":
            pending += 1
            continue
        if status == "failed":
            failed += 1
            if len(errors) < MAX_ERRORS:
                error = row.get("error") or {}
                errors.append(
                    RowError(
                        id=str(row.get("id", "")),
                        code=str(error.get("code", "error")),
                        message=str(error.get("message", "")),
                    )
                )
            continue
        people += 1
        top = list(row.get("suggestions") or [])[:TOP_ROLES_PER_PERSON]
        if top:
            first[top[0]["role_id"]] += 1
        person_gaps: set[str] = set()
        for suggestion in top:
            role_id = suggestion["role_id"]
            titles[role_id] = suggestion["title"]
            suits[role_id] += 1
            score_sum[role_id] += suggestion["score"]
            for gap in suggestion.get("skill_gaps") or []:
                person_gaps.add(gap["skill"])
                if gap["skill"] not in steps and gap.get("first_step"):
                    steps[gap["skill"]] = FirstStep(**gap["first_step"])
        gaps.update(person_gaps)
        own: set[str] = set()
        for skill in (row.get("profile") or {}).get("skills") or []:
            key = skill.strip().lower()
            skill_names.setdefault(key, skill.strip())
            own.add(key)
        skills.update(own)
    return CohortSummary(
        people=people,
        failed=failed,
        pending=pending,
        roles=[
            RoleCount(
                role_id=r,
                title=titles[r],
                people=n,
                first_choice=first[r],
                mean_score=round(score_sum[r] / n, 3),
            )
            for r, n in _ranked(suits)
        ],
        gaps=[GapCount(skill=g, people=n, first_step=steps.get(g)) for g, n in _ranked(gaps)],
        skills=[SkillCount(skill=skill_names[s], people=n) for s, n in _ranked(skills)],
        errors=errors,
    )


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most common first, ties in alphabetical order so the summary is stable."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAX_LISTED]
