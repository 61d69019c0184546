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
from recommender.resources import data_path

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")

Family = Literal[
    "training-evaluation", "design-content", "safety-governance", "business-operations", "technical"
]
EntryKind = Literal["course", "certification", "portfolio", "first-gig", "degree", "community"]


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


class EntryPath(_Strict):
    kind: EntryKind
    title: str
    url: str = Field(pattern=r"^https?://")
    closes: tuple[str, ...] = Field(min_length=1)


class Pay(_Strict):
    min: float = Field(ge=0)
    max: float = Field(ge=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    period: Literal["hour", "month", "year"]
    region: str
    year: int = Field(ge=2015, le=2030)
    source: str
    url: str = Field(pattern=r"^https?://")
    note: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> Pay:
        if self.max < self.min:
            raise ValueError(f"pay max {self.max} is below min {self.min}")
        return self


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
    return Catalog(roles, version=digest.hexdigest()[:12])
