"""Top-1 and top-3 accuracy of the occupation finder on a labelled set of job titles and duty lines."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from recommender.errors import CareerpivotError
from recommender.exposure.finder import OccupationFinder


@dataclass(frozen=True)
class LabelledLine:
    text: str
    language: str
    kind: str  # "title" or "duty"
    codes: frozenset[str]  # every acceptable O*NET-SOC code


@dataclass(frozen=True)
class Accuracy:
    subset: str
    n: int
    top1: float
    top3: float

    def row(self) -> str:
        return f"{self.subset:<10} {self.n:>4}   {self.top1:.3f}   {self.top3:.3f}"


def default_eval_path() -> Path:
    return Path(__file__).resolve().parents[2] / "data" / "eval" / "occupations.tsv"


def load_lines(path: Path | None = None) -> list[LabelledLine]:
    path = path or default_eval_path()
    if not path.is_file():
        raise CareerpivotError(f"labelled occupation set {path} not found")
    rows = [
        line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")
    ]
    out = []
    for row in csv.DictReader(rows, delimiter="\t"):
        codes = frozenset(c.strip() for c in row["codes"].split(",") if c.strip())
        if not codes:
            raise CareerpivotError(f"{path}: {row['text']!r} has no O*NET-SOC code")
        out.append(LabelledLine(row["text"], row["language"], row["kind"], codes))
    return out


def evaluate(finder: OccupationFinder, lines: list[LabelledLine]) -> list[Accuracy]:
    """Accuracy on all lines and by language and kind; a line with no guess counts as a miss."""
    found = finder.find_many([line.text for line in lines], k=3)
    hits = [
        (bool(m) and m[0].code in line.codes, any(x.code in line.codes for x in m))
        for line, m in zip(lines, found, strict=True)
    ]
    subsets = {
        "all": lambda _: True,
        "en": lambda x: x.language == "en",
        "id": lambda x: x.language == "id",
        "titles": lambda x: x.kind == "title",
        "duties": lambda x: x.kind == "duty",
    }
    out = []
    for name, keep in subsets.items():
        chosen = [h for line, h in zip(lines, hits, strict=True) if keep(line)]
        if chosen:
            n = len(chosen)
            out.append(Accuracy(name, n, sum(h[0] for h in chosen) / n, sum(h[1] for h in chosen) / n))
    return out
