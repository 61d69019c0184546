"""The curated catalog of AI-era roles: one YAML file per role, validated on load."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from recommender.errors import CatalogError

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")

Family = Literal[
    "training-evaluation", "design-content", "safety-governance", "business-operations", "technical"
]
EntryKind = Literal["course", "certification", "portfolio", "first-gig", "degree", "community"]
# What a pay figure is. Anything the team worked out itself is a "team estimate" and says how.
PayStatistic = Literal[
    "median",
    "10th-90th percentile",
    "25th-75th percentile",
    "25th-90th percentile",
    "posting range",
    "listing rates",
    "team estimate",
]
HoursBasis = Literal["provider", "team estimate"]
ONET_CODE = r"^\d{2}-\d{4}\.\d{2}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Skill(_Strict):
    """A skill a role asks for, with its weight and the ways résumés phrase it."""

    skill: str = Field(min_length=2)
    weight: float = Field(ge=0.1, le=1.0)
    signals: tuple[str, ...] = ()
    language: bool = False

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The skill name followed by its signals: every text matched against a profile."""
        return (self.skill, *self.signals)


class Prerequisite(_Strict):
    """A hard gate: without it the role is a poor suggestion whatever else matches."""

    name: str
    description: str
    signals: tuple[str, ...] = Field(min_length=1)
    language: bool = False  # met by fluency in a language other than English


def _money(value: float) -> str:
    """12 -> "12", 26.78 -> "26.78", 103790 -> "103,790"."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


class Cost(_Strict):
    """What an entry path costs: free, or an amount with its currency and the year it was checked."""

    free: bool
    amount: float | None = Field(default=None, ge=0)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    year: int | None = Field(default=None, ge=2015, le=2030)
    note: str = ""

    @model_validator(mode="after")
    def _amount_when_paid(self) -> Cost:
        if not self.free and (self.amount is None or self.currency is None or self.year is None):
            raise ValueError("a cost that is not free needs amount, currency and year")
        if self.free and self.amount:
            raise ValueError("a free cost cannot carry an amount")
        return self

    def describe(self) -> str:
        if self.free:
            return "free" + (f" ({self.note})" if self.note else "")
        text = f"{self.currency} {_money(self.amount or 0)} ({self.year})"
        return text + (f", {self.note}" if self.note else "")


class EntryPath(_Strict):
    kind: EntryKind
    title: str
    url: str = Field(pattern=r"^https?://")
    closes: tuple[str, ...] = Field(min_length=1)
    # Costed plan: None means unknown, and is shown as unknown, never filled in.
    hours: float | None = Field(default=None, gt=0)
    hours_basis: HoursBasis | None = None  # "provider": the provider states it; else how the team estimated
    hours_note: str = ""
    cost: Cost | None = None
    credential: str | None = None  # what completing it gives ("none" for a portfolio piece)

    @model_validator(mode="after")
    def _hours_have_a_basis(self) -> EntryPath:
        if self.hours is not None and self.hours_basis is None:
            raise ValueError(f"entry path {self.title!r}: hours need hours_basis (provider or team estimate)")
        if self.hours_basis == "team estimate" and not self.hours_note:
            raise ValueError(f"entry path {self.title!r}: a team estimate of hours needs hours_note (how)")
        return self


class PortfolioTask(_Strict):
    """One concrete work sample that shows the role's core skill, and what "done" looks like."""

    title: str = Field(min_length=10)
    description: str = Field(min_length=40)
    done_when: tuple[str, ...] = Field(min_length=2)


class Pay(_Strict):
    min: float = Field(ge=0)
    max: float = Field(ge=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    period: Literal["hour", "month", "year"]
    region: str
    year: int = Field(ge=2015, le=2030)
    source: str = Field(min_length=5)
    url: str = Field(pattern=r"^https?://")
    # How certain the figure is: required, shown wherever the figure is shown.
    note: str = Field(min_length=20)
    statistic: PayStatistic
    method: str = ""  # how a team estimate was made

    @model_validator(mode="after")
    def _ordered(self) -> Pay:
        if self.max < self.min:
            raise ValueError(f"pay max {self.max} is below min {self.min}")
        if self.statistic == "team estimate" and len(self.method) < 20:
            raise ValueError("a team-estimate pay band needs 'method': how the team arrived at it")
        if self.statistic == "median" and self.min != self.max:
            raise ValueError("a median is one figure: min and max must be equal")
        return self

    def describe(self) -> str:
        """The figure with what it is, e.g. "103,790 USD/year (median; US, 2024)"."""
        figure = _money(self.min) if self.min == self.max else f"{_money(self.min)}-{_money(self.max)}"
        return f"{figure} {self.currency}/{self.period} ({self.statistic}; {self.region}, {self.year})"


class WorkMode(_Strict):
    location: tuple[Literal["remote", "hybrid", "on-site"], ...] = Field(min_length=1)
    arrangement: tuple[Literal["contract", "employee", "freelance"], ...] = Field(min_length=1)


class Source(_Strict):
    title: str
    url: str = Field(pattern=r"^https?://")
    date: str

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> str:
        text = str(value)
        if not DATE.match(text):
            raise ValueError(f"date {text!r} must be YYYY-MM or YYYY-MM-DD")
        return text


class Role(_Strict):
    """One role of the catalog, exactly as its YAML file describes it."""

    id: str
    title: str
    family: Family
    summary: str = Field(min_length=40)
    tasks: tuple[str, ...] = Field(min_length=3)
    required_skills: tuple[Skill, ...] = Field(min_length=3)
    nice_to_have_skills: tuple[Skill, ...] = Field(min_length=1)
    prerequisites: tuple[Prerequisite, ...] = ()
    backgrounds: tuple[str, ...] = Field(min_length=2)
    entry_paths: tuple[EntryPath, ...] = Field(min_length=2)
    pay: tuple[Pay, ...] = Field(min_length=1)
    work_mode: WorkMode
    employers: tuple[str, ...] = Field(min_length=1)
    sources: tuple[Source, ...] = Field(min_length=1)
    # Nearest existing O*NET-SOC occupations, shown as stand-ins for the role's AI exposure.
    stand_in_occupations: tuple[str, ...] = ()
    portfolio_task: PortfolioTask | None = None

    @field_validator("stand_in_occupations")
    @classmethod
    def _onet_codes(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        bad = [c for c in codes if not re.match(ONET_CODE, c)]
        if bad:
            raise ValueError(f"stand_in_occupations {bad} must be O*NET-SOC codes like '27-3041.00'")
        return codes

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError(f"id {value!r} must be a lowercase slug like 'ai-fact-checker'")
        return value

    @model_validator(mode="after")
    def _entry_paths_close_real_skills(self) -> Role:
        names = {s.skill for s in self.skills}
        if len(names) != len(self.skills):
            raise ValueError("skill names must be unique within a role")
        closed: set[str] = set()
        for path in self.entry_paths:
            unknown = [c for c in path.closes if c not in names]
            if unknown:
                raise ValueError(
                    f"entry path {path.title!r} closes {unknown}, which are not skills of this role"
                )
            closed.update(path.closes)
        unclosed = [s.skill for s in self.required_skills if s.skill not in closed]
        if unclosed:
            raise ValueError(f"required skills {unclosed} have no entry path that closes them")
        return self

    @property
    def skills(self) -> tuple[Skill, ...]:
        return self.required_skills + self.nice_to_have_skills

    def first_step(self, skill: str) -> EntryPath:
        """The first entry path that builds `skill` (required skills always have one)."""
        for path in self.entry_paths:
            if skill in path.closes:
                return path
        return self.entry_paths[0]

    def document(self) -> str:
        """The role as one text, for whole-profile similarity and the baselines."""
        parts = [self.title, self.summary, *self.tasks, *(s.skill for s in self.skills)]
        return ". ".join(parts)


class Catalog:
    """All roles, in id order, with a content-hash version."""

    def __init__(self, roles: list[Role], version: str) -> None:
        self.roles = sorted(roles, key=lambda r: r.id)
        self.version = version
        self._by_id = {r.id: r for r in self.roles}

    def __len__(self) -> int:
        return len(self.roles)

    def __iter__(self) -> Iterator[Role]:
        return iter(self.roles)

    def __contains__(self, role_id: object) -> bool:
        return role_id in self._by_id

    def get(self, role_id: str) -> Role | None:
        return self._by_id.get(role_id)

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.roles]


def default_roles_dir() -> Path:
    """The bundled catalog: `data/roles` in a checkout, or the copy installed with the package."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "data" / "roles", here / "_data" / "roles"):
        if candidate.is_dir():
            return candidate
    raise CatalogError(f"no role catalog found next to {here}; pass a directory with --catalog")


def load_role(path: Path) -> Role:
    """Parse and validate one role file; errors name the file and the field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path.name}: not valid YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise CatalogError(f"{path.name}: expected a mapping of role fields, got {type(raw).__name__}")
    try:
        role = Role.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(role)'}: {err['msg']}" for err in exc.errors()
        )
        raise CatalogError(f"{path.name}: {problems}") from exc
    if role.id != path.stem:
        raise CatalogError(f"{path.name}: id {role.id!r} must match the file name {path.stem!r}")
    return role


def load_catalog(directory: Path | None = None) -> Catalog:
    """Load every `*.yaml` role in `directory` (default: the bundled catalog)."""
    directory = directory or default_roles_dir()
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise CatalogError(f"no role files (*.yaml) in {directory}")
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    roles = [load_role(path) for path in files]
    return Catalog(roles, version=digest.hexdigest()[:12])
