"""What a recommendation looks like: the shape the CLI prints and the API returns."""

from __future__ import annotations

from typing import Literal

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


class ExposureMeasure(BaseModel):
    """One published measure of an occupation's exposure to AI, with its source and year."""

    measure: str = Field(description="gpt4_beta, human_beta, aioe_language_modeling or ms_ai_applicability")
    name: str
    value: float
    scale: str = Field(description="What the value means")
    percentile: int | None = Field(
        default=None,
        description="Rank among the occupations the source covers (0-100, higher = more exposed)",
    )
    source: str
    year: int
    licence: str
    note: str = ""


class OccupationMatch(BaseModel):
    code: str = Field(description="O*NET-SOC 2019 code, e.g. 27-3023.00")
    title: str
    isco: str | None = Field(
        default=None, description="ISCO-08 unit group, through an exact ESCO label match"
    )
    isco_label: str | None = Field(default=None, description="The ESCO occupation whose label matched")
    confidence: float | None = Field(default=None, ge=0, le=1, description="For the best match only")
    score: float
    evidence: str = Field(description="The person's own job title or duty line (verbatim) that supports it")


class DutyExposure(BaseModel):
    duty: str = Field(description="The person's own words, verbatim from the input")
    task: str = Field(description="The closest O*NET task statement of the occupation")
    task_id: str
    human_label: str = Field(description="E0 not exposed, E1 directly exposed, E2 exposed with LLM software")
    gpt4_label: str
    exposure: float = Field(description="Mean of the two labels on the beta scale (E1 1, E2 0.5, E0 0)")
    similarity: float


class CurrentOccupation(BaseModel):
    """The closest occupations to the person's current job and how exposed that work is to AI."""

    status: Literal["found", "not found"]
    reason: str | None = None
    occupations: list[OccupationMatch] = Field(default_factory=list)
    measures: list[ExposureMeasure] = Field(default_factory=list)
    disagreement: str | None = Field(default=None, description="In words, where the measures disagree")
    most_exposed_duties: list[DutyExposure] = Field(default_factory=list)
    least_exposed_duties: list[DutyExposure] = Field(default_factory=list)
    meaning: str = Field(description="What exposure means and does not mean")


class TaskChange(BaseModel):
    """A task O*NET's surveys found new to the occupation, or revised: the work changing."""

    task: str = Field(description="O*NET's task text, as published (English)")
    category: Literal["New", "Revision"]
    date: str = Field(description="When O*NET recorded it, YYYY-MM")
    reported_by: str = Field(description="Incumbent (people in the job) or Analyst")


class StandInOccupation(BaseModel):
    code: str
    title: str
    measures: list[ExposureMeasure]
    changes: list[TaskChange] = Field(
        default_factory=list,
        description="New and revised tasks O*NET recorded for this occupation (2007-2020), newest first",
    )


class RoleExposure(BaseModel):
    """A suggested role's exposure, through existing occupations labelled as stand-ins."""

    stand_ins: list[StandInOccupation]
    note: str
    changes_note: str = Field(
        default="", description="How the work itself is changing: what the task changes say and do not say"
    )


class PlanStep(BaseModel):
    gap: str
    step: str
    kind: str
    url: str
    hours: float | None = Field(default=None, description="Typical hours; null when unknown")
    hours_basis: str | None = Field(default=None, description="provider or team estimate")
    hours_note: str | None = None
    cost: str = Field(
        description="In the response's language: free, an amount with currency and year, or unknown "
        "(read cost_amount and cost_currency for the figures)"
    )
    cost_amount: float | None = None
    cost_currency: str | None = None
    credential: str = Field(
        description="What the step gives: a credential's name, or none / unknown in the response's language"
    )
    same_step_as_above: bool = False


class CostTotal(BaseModel):
    currency: str
    amount: float


class PortfolioTaskOut(BaseModel):
    title: str
    description: str
    done_when: list[str]


class RolePlan(BaseModel):
    """The gaps in order, each with a step, its hours and cost, the known totals and a portfolio task."""

    steps: list[PlanStep]
    total_hours_known: float
    steps_with_unknown_hours: int
    total_cost_known: list[CostTotal]
    steps_with_unknown_cost: int
    prerequisites: list[str] = Field(
        default_factory=list,
        description="Missing prerequisites (a licence, professional experience): no short step closes them, "
        "so they have no step, hours or cost here",
    )
    portfolio_task: PortfolioTaskOut | None = None


class Suggestion(BaseModel):
    role_id: str
    title: str
    score: float = Field(ge=0, le=1)
    reasons: list[str]
    transferable_skills: list[TransferableSkill]
    skill_gaps: list[SkillGap]
    breakdown: ScoreBreakdown
    exposure: RoleExposure | None = Field(
        default=None,
        description="The role's AI exposure through stand-in occupations (never changes the order)",
    )
    plan: RolePlan | None = Field(default=None, description="A costed plan: gaps, steps, hours, cost")


class ProfileSummary(BaseModel):
    skills: list[str]
    languages: list[str]
    personal_data_removed: list[str] = Field(
        default_factory=list, description="Kinds of personal data removed before matching (never the values)"
    )
    occupation: CurrentOccupation | None = Field(
        default=None, description="The current job's closest occupations and their AI exposure"
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
    region: str | None = Field(
        default=None,
        description="The region whose entry paths were added (ID), when one was asked for",
    )
