"""The curated catalog of AI-era roles: one YAML file per role, validated on load."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from recommender.errors import CatalogError
from recommender.resources import data_path

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

    def describe(self, free: str = "free", note: str | None = None) -> str:
        """'free (note)' or 'USD 49 (2025), note'; `free` and `note` in the reader's language."""
        note = self.note if note is None else note
        if self.free:
            return free + (f" ({note})" if note else "")
        text = f"{self.currency} {_money(self.amount or 0)} ({self.year})"
        return text + (f", {note}" if note else "")


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

    def texts(self) -> tuple[str, ...]:
        """Every text a person reads, in order: title, description, each "done when" line."""
        return (self.title, self.description, *self.done_when)


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

    def full_text(self) -> str:
        """Every word of the role a person reads in `GET /v1/roles`, for lexical matching and the baselines.

        Title, summary, tasks, skills with their signals, prerequisites, backgrounds and entry paths.
        """
        parts = [self.title, self.summary, *self.tasks]
        parts += [phrasing for skill in self.skills for phrasing in skill.phrasings]
        parts += [f"{p.name}: {p.description}. {'; '.join(p.signals)}" for p in self.prerequisites]
        parts += [*self.backgrounds, *(path.title for path in self.entry_paths)]
        return ". ".join(parts)


class LocalEntryPath(_Strict):
    """An entry path in the reader's country (an Indonesian programme), with where it was checked."""

    kind: EntryKind
    title: str = Field(min_length=3)
    url: str = Field(pattern=r"^https?://")
    closes: tuple[str, ...] = Field(min_length=1)  # English skill names of the role
    source: str = Field(pattern=r"^https?://")  # a public page that describes the programme
    checked: int = Field(ge=2020, le=2030)  # the year the entry was last checked


class PrerequisiteTranslation(_Strict):
    name: str = Field(min_length=2)
    description: str = Field(min_length=5)


def _pairs(value: object, field: str) -> object:
    """Translation files list `{en: ..., id: ...}` pairs side by side; keyed by the English here."""
    if not isinstance(value, list):
        return value
    out: dict[str, object] = {}
    for i, item in enumerate(value):
        if not isinstance(item, dict) or "en" not in item:
            raise ValueError(f"item {i} must be a mapping with 'en' and the translation")
        english = str(item["en"])
        if english in out:
            raise ValueError(f"{english!r} is translated twice")
        rest = {k: v for k, v in item.items() if k != "en"}
        if field == "prerequisites":
            out[english] = rest
        else:
            if len(rest) != 1:
                raise ValueError(f"item {i} ({english!r}) must have exactly one translation besides 'en'")
            translated = next(iter(rest.values()))
            if translated is not None and not isinstance(translated, str):
                raise ValueError(
                    f"the translation of {english!r} must be text, got {type(translated).__name__} "
                    "(quote it if it contains ': ')"
                )
            out[english] = translated or ""
    return out


class RoleTranslation(_Strict):
    """One role in another language, keyed by the English it translates.

    Keys are the English task, skill, background, prerequisite and entry-path
    texts, so a translation survives edits elsewhere in the role file (pay,
    sources) and a changed English text shows up as a missing translation.
    """

    id: str
    title: str = Field(min_length=2)
    summary: str = Field(min_length=40)
    tasks: dict[str, str]
    skills: dict[str, str]
    prerequisites: dict[str, PrerequisiteTranslation] = Field(default_factory=dict)
    backgrounds: dict[str, str]
    entry_paths: dict[str, str]
    local_entry_paths: tuple[LocalEntryPath, ...] = ()
    # The portfolio task's title, description and each "done when" line.
    portfolio_task: dict[str, str] = Field(default_factory=dict)
    # How the team estimated an entry path's hours (`hours_note`), keyed by the English note.
    hours_notes: dict[str, str] = Field(default_factory=dict)
    # What a cost's `note` says ("US exam price; varies by country"), keyed by the English note.
    cost_notes: dict[str, str] = Field(default_factory=dict)

    @field_validator(
        "tasks",
        "skills",
        "prerequisites",
        "backgrounds",
        "entry_paths",
        "portfolio_task",
        "hours_notes",
        "cost_notes",
        mode="before",
    )
    @classmethod
    def _keyed(cls, value: object, info: ValidationInfo) -> object:
        return _pairs(value, str(info.field_name))

    def problems(self, role: Role) -> list[str]:
        """What is missing, empty or left over against the English role (field: detail)."""
        out: list[str] = []
        if self.id != role.id:
            out.append(f"id: {self.id!r} must be the role's id {role.id!r}")
        expected: dict[str, tuple[str, ...]] = {
            "tasks": role.tasks,
            "skills": tuple(s.skill for s in role.skills),
            "prerequisites": tuple(p.name for p in role.prerequisites),
            "backgrounds": role.backgrounds,
            "entry_paths": tuple(p.title for p in role.entry_paths),
            "portfolio_task": role.portfolio_task.texts() if role.portfolio_task else (),
            "hours_notes": tuple(dict.fromkeys(p.hours_note for p in role.entry_paths if p.hours_note)),
            "cost_notes": tuple(
                dict.fromkeys(p.cost.note for p in role.entry_paths if p.cost and p.cost.note)
            ),
        }
        for field, english in expected.items():
            given: dict[str, object] = getattr(self, field)
            for text in english:
                value = given.get(text)
                if value is None:
                    out.append(f"{field}: no translation of {text!r}")
                elif isinstance(value, str) and not value.strip():
                    out.append(f"{field}: the translation of {text!r} is empty")
            for text in given:
                if text not in english:
                    out.append(f"{field}: {text!r} is not in the English role (renamed or removed?)")
        names = set(expected["skills"])
        for path in self.local_entry_paths:
            unknown = [c for c in path.closes if c not in names]
            if unknown:
                out.append(
                    f"local_entry_paths: {path.title!r} closes {unknown}, which are not skills of this role"
                )
        return out


class Catalog:
    """All roles, in id order, with a content-hash version, and their translations by language."""

    def __init__(
        self,
        roles: list[Role],
        version: str,
        translations: dict[str, dict[str, RoleTranslation]] | None = None,
    ) -> None:
        self.roles = sorted(roles, key=lambda r: r.id)
        self.version = version
        self._by_id = {r.id: r for r in self.roles}
        self.translations = translations or {}

    def translation(self, role_id: str, language: str) -> RoleTranslation | None:
        """The role in `language`; None for English (the catalog itself) or a language not loaded."""
        return self.translations.get(language, {}).get(role_id)

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
    directory = data_path("roles")
    if not directory.is_dir():
        raise CatalogError(f"no role catalog at {directory}; reinstall careerpivot or pass --catalog DIR")
    return directory


# libyaml's parser when PyYAML was built with it: the same safe loading, about ten times faster (it was
# most of a server process's start-up).
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def load_role(path: Path) -> Role:
    """Parse and validate one role file; errors name the file and the field."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except UnicodeDecodeError as exc:
        raise CatalogError(
            f"{path}: not UTF-8 text (invalid byte at offset {exc.start}); re-save the role file as UTF-8"
        ) from exc
    except yaml.YAMLError as exc:
        raise CatalogError(
            f"{path}: not valid YAML ({_one_line(exc)}); fix the role file or restore it"
        ) from exc
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
    # Translations do not change matching, so they stay out of the version (the index cache and the
    # trained ranker are keyed on it).
    return Catalog(roles, version=digest.hexdigest()[:12], translations=load_translations(directory, roles))


def load_translation(path: Path, role: Role | None) -> RoleTranslation:
    """Parse one translation file and check it against its English role; errors name the file and field."""
    label = f"{path.parent.parent.name}/{path.parent.name}/{path.name}"
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise CatalogError(f"{label}: not valid YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise CatalogError(f"{label}: expected a mapping of translated fields, got {type(raw).__name__}")
    try:
        translation = RoleTranslation.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(file)'}: {err['msg']}" for err in exc.errors()
        )
        raise CatalogError(f"{label}: {problems}") from exc
    if role is None:
        raise CatalogError(f"{label}: there is no role {path.stem!r} in the catalog to translate")
    mismatches = translation.problems(role)
    if mismatches:
        raise CatalogError(f"{label}: {'; '.join(mismatches)}")
    return translation


def load_translations(directory: Path, roles: list[Role]) -> dict[str, dict[str, RoleTranslation]]:
    """Every `i18n/<language>/<role id>.yaml` under `directory`; each language must translate every role."""
    root = directory / "i18n"
    if not root.is_dir():
        return {}
    by_id = {r.id: r for r in roles}
    out: dict[str, dict[str, RoleTranslation]] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        files = {path.stem: path for path in folder.glob("*.yaml")}
        missing = sorted(set(by_id) - set(files))
        if missing:
            names = ", ".join(f"{m}.yaml" for m in missing)
            raise CatalogError(f"i18n/{folder.name}: no translation file for {len(missing)} role(s): {names}")
        out[folder.name] = {
            stem: load_translation(path, by_id.get(stem)) for stem, path in sorted(files.items())
        }
    return out
