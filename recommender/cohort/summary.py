"""A batch's cohort summary: which roles suit how many people, the gaps they share, the skills they have,
and the current occupations they were matched to with how exposed to AI those occupations are.

It reads the results of a batch one row at a time, so memory grows with the
number of distinct roles, gaps, skills and occupations, not with the number of rows
(a measure's median comes from a 101-bin count of percentiles, not from a list of people).
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
BOTTOM_THIRD = 33  # a percentile at or below this is in the bottom third (as `disagreement` reads it)
TOP_THIRD = 67  # at or above this, the top third


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


class OccupationCount(BaseModel):
    code: str = Field(description="O*NET-SOC 2019 code")
    title: str
    people: int = Field(description="People whose current job's closest occupation it is")


class ExposureSpread(BaseModel):
    """How one published exposure measure spreads over the cohort's current occupations."""

    measure: str = Field(description="gpt4_beta, human_beta, aioe_language_modeling or ms_ai_applicability")
    name: str
    people: int = Field(description="People whose closest occupation has a percentile on this measure")
    bottom_third: int = Field(
        description=f"Of those, people whose occupation is at or below the {BOTTOM_THIRD}rd percentile"
    )
    middle_third: int
    top_third: int = Field(
        description=f"Of those, people whose occupation is at or above the {TOP_THIRD}th percentile"
    )
    median_percentile: float | None = Field(
        default=None, description="The median of those people's occupation percentiles (0-100)"
    )


class CohortSummary(BaseModel):
    people: int = Field(description="Rows with suggestions")
    failed: int
    pending: int
    roles: list[RoleCount]
    gaps: list[GapCount]
    skills: list[SkillCount]
    errors: list[RowError] = Field(description=f"The first {MAX_ERRORS} rows that could not be matched")
    occupation_found: int = Field(default=0, description="People whose current job matched an occupation")
    occupation_not_found: int = Field(
        default=0, description="People with no job title or duty line to match (nothing is guessed for them)"
    )
    occupations: list[OccupationCount] = Field(
        default_factory=list,
        description="The current occupations most people were matched to (the closest one each)",
    )
    exposure: list[ExposureSpread] = Field(
        default_factory=list,
        description="For the people with an occupation: each measure's spread over thirds and its median percentile",
    )
    exposure_meaning: str | None = Field(
        default=None, description="What exposure means and does not mean, as the results say it"
    )


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
    exposure = _ExposureTally()
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
        exposure.add((row.get("profile") or {}).get("occupation"))
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
        **exposure.fields(),
    )


class _ExposureTally:
    """The people's current occupations (the closest one each) and their measures' percentiles."""

    def __init__(self) -> None:
        self.found = 0
        self.not_found = 0
        self.occupations: Counter[str] = Counter()
        self.titles: dict[str, str] = {}
        self.names: dict[str, str] = {}  # measure -> its name, in the order first seen
        self.percentiles: dict[str, list[int]] = {}  # measure -> people per percentile 0..100
        self.meaning: str | None = None

    def add(self, occupation: Mapping[str, Any] | None) -> None:
        if not occupation:
            return  # a result from before occupations were read
        if self.meaning is None and occupation.get("meaning"):
            self.meaning = str(occupation["meaning"])
        closest = list(occupation.get("occupations") or [])[:1]
        if occupation.get("status") != "found" or not closest:
            self.not_found += 1
            return
        self.found += 1
        code = str(closest[0]["code"])
        self.occupations[code] += 1
        self.titles.setdefault(code, str(closest[0].get("title", code)))
        for measure in occupation.get("measures") or []:
            percentile = measure.get("percentile")
            if percentile is None:
                continue
            key = str(measure["measure"])
            self.names.setdefault(key, str(measure.get("name", key)))
            self.percentiles.setdefault(key, [0] * 101)[min(100, max(0, int(percentile)))] += 1

    def fields(self) -> dict[str, Any]:
        return {
            "occupation_found": self.found,
            "occupation_not_found": self.not_found,
            "occupations": [
                OccupationCount(code=c, title=self.titles[c], people=n) for c, n in _ranked(self.occupations)
            ],
            "exposure": [self._spread(key, name) for key, name in self.names.items()],
            "exposure_meaning": self.meaning,
        }

    def _spread(self, key: str, name: str) -> ExposureSpread:
        counts = self.percentiles[key]
        return ExposureSpread(
            measure=key,
            name=name,
            people=sum(counts),
            bottom_third=sum(counts[: BOTTOM_THIRD + 1]),
            middle_third=sum(counts[BOTTOM_THIRD + 1 : TOP_THIRD]),
            top_third=sum(counts[TOP_THIRD:]),
            median_percentile=_median(counts),
        )


def _median(counts: list[int]) -> float | None:
    """The median of values 0..len-1 given how many times each occurs."""
    total = sum(counts)
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]  # the middle one, or the middle two
    found: list[int] = []
    seen = 0
    for value, n in enumerate(counts):
        while len(found) < 2 and wanted[len(found)] < seen + n:
            found.append(value)
        seen += n
        if len(found) == 2:
            break
    return (found[0] + found[1]) / 2


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most common first, ties in alphabetical order so the summary is stable."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAX_LISTED]
