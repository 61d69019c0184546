"""One role, explained for one profile: where it ranks and how well each requirement is covered.

The ranked suggestions (`Recommender.recommend`) say why the top roles fit.
This answers the two questions a person asks next: "how close am I on each of
this role's requirements?" and "why not that other role?". It reuses the
engine's scoring and `explain`, so the numbers are the ones the ranking used.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from recommender.errors import CareerpivotError
from recommender.i18n.language import Language
from recommender.i18n.roles import RoleText
from recommender.match.engine import Recommender
from recommender.match.explain import explain, judged_row, language_evidence, language_row
from recommender.match.ranking import LANGUAGE_EVIDENCE
from recommender.profile.ingest import extract_document
from recommender.profile.request import ProfileRequest
from recommender.results import ModelInfo, ProfileSummary, Suggestion

MAX_ROLES = 32  # the whole catalog at once


class UnknownRoleError(CareerpivotError):
    """A role id that is not in the catalog."""

    code = "role_not_found"


class RequirementCoverage(BaseModel):
    """How well the person's best phrase covers one requirement of the role."""

    skill: str = Field(description="The requirement, as the catalog names it, in the response's language")
    required: bool = Field(description="False for a nice-to-have skill")
    weight: float = Field(description="How much it counts within its group (0.1 to 1)")
    coverage: float = Field(ge=0, le=1, description="Calibrated: 0 nothing related, 1 a close paraphrase")
    evidence: str | None = Field(default=None, description="The person's phrase that covers it, verbatim")
    line: str | None = Field(default=None, description="The whole line of the text the evidence is on")


class RoleExplanation(Suggestion):
    """A suggestion for one chosen role, with its rank and every requirement's coverage."""

    rank: int = Field(ge=1, description="Where the role ranks in the whole catalog for this profile")
    catalog_size: int
    requirements: list[RequirementCoverage]


class RoleExplanations(BaseModel):
    explanations: list[RoleExplanation]
    profile: ProfileSummary
    model: ModelInfo
    language: str = Field(default="en", description="The language the explanations are written in")


def explain_roles(engine: Recommender, request: ProfileRequest, role_ids: Sequence[str]) -> RoleExplanations:
    """Explain the given catalog roles for one profile, in the order asked.

    Raises:
        UnknownRoleError: a role id is not in the catalog.
        ProfileError: the profile is empty or too long.
    """
    positions = {role.id: i for i, role in enumerate(engine.catalog.roles)}
    unknown = [r for r in role_ids if r not in positions]
    if unknown:
        raise UnknownRoleError(f"no role with id {unknown[0]!r}; GET /v1/roles lists the ids")
    if not 1 <= len(role_ids) <= MAX_ROLES:
        raise CareerpivotError(f"ask for 1 to {MAX_ROLES} role ids; {len(role_ids)} were given")
    embedded = engine.embed([engine.build_profile(request)])[0]
    scores = engine.score_many([embedded])[0]
    rank_of = {int(r): rank for rank, r in enumerate(scores.order(), start=1)}
    profile = embedded.profile
    language = engine.output_language(profile, request.language)
    # The profile summary, built as the ranking builds it.
    summary = engine.explain_top(embedded, scores, 1, language, request.region)
    index = engine.index
    lang = language_evidence(profile)
    lang_row = language_row(profile, embedded.row_phrase, lang)
    pairs = engine.pair_check().for_profile(embedded, scores)
    explanations = []
    for role_id in role_ids:
        r = positions[role_id]
        role = engine.catalog.roles[r]
        text = RoleText.of(engine.catalog, role, language, request.region)
        suggestion = explain(
            r, role, index, scores, profile, embedded.row_phrase, embedded.vectors.phrases, text, pairs
        )
        requirements = []
        for s in (int(s) for s in index.role_skills[r]):
            row = judged_row(scores, s, lang_row)
            evidence = line = None
            # Evidence is quoted only where the pair judge would quote it in a suggestion.
            if row is not None and pairs.accept(s, row):
                if scores.skill_phrase[s] == LANGUAGE_EVIDENCE:
                    evidence = lang.text if lang is not None else None
                else:
                    phrase = profile.phrases[int(embedded.row_phrase[row])]
                    evidence = phrase.text
                    line = _line_of(profile.text, phrase.start, phrase.origin)
            requirements.append(
                RequirementCoverage(
                    skill=text.skill(index.skill_name[s]),
                    required=bool(index.skill_required[s]),
                    weight=float(index.skill_weight[s]),
                    coverage=round(min(1.0, max(0.0, float(scores.skill_coverage[s]))), 3),
                    evidence=evidence,
                    line=line,
                )
            )
        explanations.append(
            RoleExplanation(
                **suggestion.model_dump(),
                rank=rank_of[r],
                catalog_size=len(engine.catalog),
                requirements=requirements,
            )
        )
    return RoleExplanations(
        explanations=explanations, profile=summary.profile, model=summary.model, language=language
    )


def explain_roles_document(
    engine: Recommender,
    data: bytes,
    filename: str,
    content_type: str | None,
    role_ids: Sequence[str],
    language: Language | None = None,
) -> RoleExplanations:
    """The same for a résumé file (read and redacted exactly as an upload to /v1/recommendations is).

    Raises:
        IngestError: the file cannot be read as a résumé.
    """
    document = extract_document(data, filename, content_type)
    return explain_roles(engine, ProfileRequest(text=document.text, language=language), role_ids)


def _line_of(text: str, start: int, origin: str) -> str | None:
    if origin != "text":
        return None
    begin = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    return text[begin : end if end >= 0 else len(text)].strip()
