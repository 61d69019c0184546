"""What a recommendation looks like: the shape the CLI prints and the API returns."""

from __future__ import annotations

from pydantic import BaseModel, Field


class FirstStep(BaseModel):
    """A concrete way to start closing a gap, taken from the role's entry paths."""

    kind: str
    title: str
    url: str
    language: str = Field(default="en", description="The language the course, programme or page is in")
    note: str | None = Field(
        default=None, description="In the response's language: a local option, or material in English"
    )
    source: str | None = Field(default=None, description="For a local option: a public page describing it")
    checked: int | None = Field(default=None, description="For a local option: the year it was checked")


class TransferableSkill(BaseModel):
    skill: str = Field(description="The person's skill, in their words or its canonical name")
    evidence: str = Field(description="Verbatim substring of the submitted text or skills")
    matches: str = Field(description="The role requirement it meets")
    similarity: float = Field(description="Raw cosine between the two, for transparency")
    years: float | None = Field(default=None, description="Years of experience the résumé states for it")
    line: str | None = Field(
        default=None,
        description="The whole line of the text (after personal-data removal) the evidence is on",
    )


class SkillGap(BaseModel):
    skill: str
    importance: float = Field(ge=0, le=1)
    required: bool = True
    prerequisite: bool = False
    first_step: FirstStep | None = None


class ScoreBreakdown(BaseModel):
    """The calibrated components the score is made of (see README, 'How scores are calibrated')."""

    required_coverage: float
    nice_to_have_coverage: float
    profile_use: float = Field(description="How much of the person's profile the role puts to use")
    background: float
    whole_profile: float
    word_overlap: float = Field(
        0.0, description="TF-IDF overlap of the profile's words with all of the role's text, in [0, 1]"
    )
    prerequisites_met: bool


class Suggestion(BaseModel):
    role_id: str
    title: str
    score: float = Field(ge=0, le=1)
    reasons: list[str]
    transferable_skills: list[TransferableSkill]
    skill_gaps: list[SkillGap]
    breakdown: ScoreBreakdown


class ProfileSummary(BaseModel):
    skills: list[str]
    languages: list[str]
    personal_data_removed: list[str] = Field(
        default_factory=list, description="Kinds of personal data removed before matching (never the values)"
    )


class ModelInfo(BaseModel):
    name: str
    version: str
    catalog_version: str
    ranker: str = "hand-tuned"


class Recommendation(BaseModel):
    suggestions: list[Suggestion]
    profile: ProfileSummary
    model: ModelInfo
    language: str = Field(
        default="en",
        description="The language titles, reasons, gaps and first steps are written in (en, id); "
        "evidence stays in the person's own words",
    )
