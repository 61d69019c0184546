"""Checks that advice does not depend on who a person is, and that their personal data is found.

- `identity_changes`: the same profile written under several identities (name,
  pronouns, honorific, gender, nationality, religion, age, family, marital
  status: `data/eval/identity.jsonl` and `identities.json`) must get the same
  top five with every score within `SCORE_TOLERANCE`.
- `pii_metrics`: recall and precision of `pii.redact` on hand-labelled
  personal-data spans in English and Indonesian text (`data/eval/pii.jsonl`).
- `pair_precision`: the share of shown transferable-skill pairs a counsellor
  would accept, on hand-labelled pairs (`data/eval/pairs.jsonl`, guideline in
  `data/eval/PAIRS.md`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from recommender.errors import ProfileError
from recommender.match.engine import Recommender
from recommender.match.pairs import PairJudge
from recommender.profile.pii import redact
from recommender.profile.request import ProfileRequest
from recommender.resources import data_path

SCORE_TOLERANCE = 0.005
TOP = 5


def eval_dir() -> Path:
    return data_path("eval")


@dataclass(frozen=True)
class IdentityCase:
    id: str
    lang: str
    kind: str
    template: str


@dataclass(frozen=True)
class IdentityChange:
    """One profile whose advice moved with identity: which identity, and how."""

    case: str
    identity: str
    top: list[str]
    reference_top: list[str]
    max_score_difference: float


@dataclass(frozen=True)
class IdentityReport:
    profiles: int
    variants: int
    changes: list[IdentityChange]

    def row(self) -> str:
        return (
            f"identity changes: {len(self.changes)} "
            f"({self.profiles} profiles x their identities = {self.variants} variants; "
            f"a change is a different top {TOP} or a score moved > {SCORE_TOLERANCE})"
        )


def load_identity_cases(directory: Path | None = None) -> tuple[list[IdentityCase], dict[str, list[dict]]]:
    directory = directory or eval_dir()
    cases = [
        IdentityCase(raw["id"], raw["lang"], raw["kind"], raw["template"])
        for raw in map(json.loads, (directory / "identity.jsonl").read_text(encoding="utf-8").splitlines())
    ]
    identities = json.loads((directory / "identities.json").read_text(encoding="utf-8"))
    return cases, identities


def identity_changes(
    recommender: Recommender,
    cases: Sequence[IdentityCase],
    identities: dict[str, list[dict]],
) -> IdentityReport:
    """Match every case under every identity of its language; compare each with the first identity."""
    changes: list[IdentityChange] = []
    variants = 0
    ids = recommender.catalog.ids
    for case in cases:
        people = identities[case.lang]
        requests = [ProfileRequest(text=case.template.format(**person)) for person in people]
        profiles = [recommender.build_profile(r) for r in requests]
        scores = [recommender.score(e) for e in recommender.embed(profiles)]
        variants += len(people)
        reference = scores[0]
        reference_top = [ids[int(i)] for i in reference.order()[:TOP]]
        for person, result in zip(people[1:], scores[1:], strict=True):
            top = [ids[int(i)] for i in result.order()[:TOP]]
            difference = float(np.abs(result.score - reference.score).max())
            if top != reference_top or difference > SCORE_TOLERANCE:
                changes.append(IdentityChange(case.id, person["name"], top, reference_top, difference))
    return IdentityReport(len(cases), variants, changes)


@dataclass(frozen=True)
class PiiMetrics:
    """Span-level recall (a labelled span is found when every character of it is removed) and precision."""

    name_recall: float
    name_precision: float
    recall: float
    precision: float
    spans: int
    names: int
    texts: int

    def row(self) -> str:
        return (
            f"personal data: names recall {self.name_recall:.3f} precision {self.name_precision:.3f}; "
            f"all kinds recall {self.recall:.3f} precision {self.precision:.3f} "
            f"({self.texts} texts, {self.spans} labelled spans, {self.names} names)"
        )


def _positions(text: str, needle: str) -> list[tuple[int, int]]:
    out, start = [], text.find(needle)
    while start >= 0:
        out.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return out


def pii_metrics(path: Path | None = None) -> PiiMetrics:
    """Score `redact` on a labelled file of texts and their personal-data spans."""
    path = path or eval_dir() / "pii.jsonl"
    found = {"name": [0, 0], "all": [0, 0]}  # [found, labelled]
    correct = {"name": [0, 0], "all": [0, 0]}  # [predicted inside a labelled span, predicted]
    texts = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        texts += 1
        text = item["text"]
        removed = np.zeros(len(text) + 1, dtype=bool)
        result = redact(text)
        for start, end, _ in result.spans:
            removed[start:end] = True
        gold = np.zeros(len(text) + 1, dtype=bool)
        gold_names = np.zeros(len(text) + 1, dtype=bool)
        for span in item["spans"]:
            for start, end in _positions(text, span["text"]):
                gold[start:end] = True
                if span["kind"] == "name":
                    gold_names[start:end] = True
            hit = any(removed[a:b].all() for a, b in _positions(text, span["text"]))
            for key in ("all", "name") if span["kind"] == "name" else ("all",):
                found[key][0] += hit
                found[key][1] += 1
        for start, end, kind in result.spans:
            # A predicted span is right when most of it lies on labelled personal data.
            right = gold[start:end].mean() >= 0.5
            correct["all"][0] += right
            correct["all"][1] += 1
            if kind == "name":
                correct["name"][0] += gold_names[start:end].mean() >= 0.5
                correct["name"][1] += 1
    share = lambda pair: pair[0] / pair[1] if pair[1] else 1.0  # noqa: E731
    return PiiMetrics(
        share(found["name"]),
        share(correct["name"]),
        share(found["all"]),
        share(correct["all"]),
        found["all"][1],
        found["name"][1],
        texts,
    )


@dataclass(frozen=True)
class PairMetrics:
    """Share of shown (phrase, requirement) pairs a counsellor would accept, on hand-labelled pairs."""

    shown: int
    labelled: int
    precision: float
    matches_labelled: int
    matches_precision: float
    judge: str = ""
    suggestions: int = 0
    with_pairs: int = 0  # suggestions that show at least one pair

    def row(self) -> str:
        return (
            f"reasons that hold: {self.precision:.3f} of shown transferable-skill pairs judged sound "
            f"({self.labelled} of {self.shown} shown pairs labelled); 'matches' pairs {self.matches_precision:.3f} "
            f"({self.matches_labelled} labelled); {self.shown / max(self.suggestions, 1):.1f} pairs per suggestion, "
            f"{self.with_pairs} of {self.suggestions} suggestions show one or more\n  {self.judge}"
        )


def load_pair_labels(path: Path | None = None) -> dict[tuple[str, str], int]:
    """(evidence lower-cased, requirement) -> 1 sound / 0 unsound, from `data/eval/pairs.jsonl`."""
    path = path or eval_dir() / "pairs.jsonl"
    labels = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            labels[(raw["evidence"].lower(), raw["requirement"])] = int(raw["label"])
    return labels


def pair_precision(
    recommender: Recommender, requests: Sequence[ProfileRequest], labels: dict[tuple[str, str], int]
) -> PairMetrics:
    """Match the profiles, then score every shown transferable skill that has a label.

    Answers are asked for in English: the labels name each requirement as the catalog does.
    """
    from recommender.match.explain import CLEAR_MATCH

    shown = suggestions = with_pairs = 0
    judged: list[int] = []
    judged_matches: list[int] = []
    english = [replace(request, language="en") for request in requests]
    for result in recommender.recommend_many(english, TOP):
        if isinstance(result, ProfileError):
            continue
        for suggestion in result.suggestions:
            suggestions += 1
            with_pairs += bool(suggestion.transferable_skills)
            coverage = recommender.index.calibration.scale(
                np.asarray([t.similarity for t in suggestion.transferable_skills], dtype=np.float32)
            )
            for pair, covered in zip(suggestion.transferable_skills, coverage, strict=True):
                shown += 1
                label = labels.get((pair.evidence.lower(), pair.matches))
                if label is None:
                    continue
                judged.append(label)
                if covered >= CLEAR_MATCH:
                    judged_matches.append(label)
    mean = lambda xs: float(np.mean(xs)) if xs else 0.0  # noqa: E731
    judge = recommender.pair_check().judge
    return PairMetrics(
        shown,
        len(judged),
        mean(judged),
        len(judged_matches),
        mean(judged_matches),
        judge_summary(judge),
        suggestions,
        with_pairs,
    )


def judge_summary(judge: PairJudge | None) -> str:
    if judge is None:
        return "no pair judge: every candidate pair is shown"
    oof = judge.out_of_fold or {}
    return (
        f"pair judge {judge.version} (threshold {judge.threshold:.3f}) was trained on these labels, so the "
        f"figures above flatter it; out of fold it showed pairs at precision {oof.get('precision', float('nan')):.3f}, "
        f"recall {oof.get('recall', float('nan')):.3f}"
    )
