"""Ranking metrics on a labelled set, beside simple baselines (TF-IDF, BM25, cosine) on the same set and catalog.

The labelled format is one JSON object per line (see ../shared/eval/dev.jsonl):
`{"id", "lang", "text" | "skills", "relevant": {role_id: 1|2}, "implausible": [role_id]}`.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from recommender.catalog import Catalog
from recommender.encode.embedding import Encoder
from recommender.encode.lexical import LexicalIndex
from recommender.evaluate.labelled import LabelledProfile, profile_text
from recommender.match.engine import Recommender
from recommender.profile.request import ProfileRequest

K = 5

# A ranker maps profiles to role ids, best first.
Ranker = Callable[[Sequence[ProfileRequest]], list[list[str]]]


@dataclass(frozen=True)
class Metrics:
    ndcg5: float
    hit3: float
    mrr: float
    implausible5: float
    profiles: int

    def row(self) -> str:
        return (
            f"{self.ndcg5:7.3f} {self.hit3:7.3f} {self.mrr:7.3f} {self.implausible5:9.3f} {self.profiles:6d}"
        )


def ndcg_at(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    gains = [2 ** relevant.get(r, 0) - 1 for r in ranked[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2**g - 1 for g in relevant.values()), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def evaluate(ranked: list[list[str]], labelled: Sequence[LabelledProfile]) -> Metrics:
    """nDCG@5 (gain 2^g-1), hit@3 on strong roles, MRR of the first relevant role, implausible@5."""
    ndcg, hits, rr, bad = [], [], [], []
    for roles, item in zip(ranked, labelled, strict=True):
        ndcg.append(ndcg_at(roles, item.relevant))
        if any(g >= 2 for g in item.relevant.values()):
            hits.append(any(item.relevant.get(r, 0) >= 2 for r in roles[:3]))
        first = next((i for i, r in enumerate(roles) if item.relevant.get(r, 0) > 0), None)
        rr.append(1.0 / (first + 1) if first is not None else 0.0)
        bad.append(any(r in item.implausible for r in roles[:K]))
    mean = lambda xs: float(np.mean(xs)) if xs else 0.0  # noqa: E731
    return Metrics(mean(ndcg), mean(hits), mean(rr), mean(bad), len(labelled))


def engine_ranker(recommender: Recommender) -> Ranker:
    def rank(requests: Sequence[ProfileRequest]) -> list[list[str]]:
        out = []
        profiles = [recommender.build_profile(r) for r in requests]
        for embedded in recommender.embed(profiles):
            scores = recommender.score(embedded)
            out.append([recommender.catalog.roles[int(i)].id for i in scores.order()])
        return out

    return rank


def _by_score(catalog: Catalog, sims: np.ndarray) -> list[list[str]]:
    return [[catalog.roles[i].id for i in np.argsort(-row, kind="stable")] for row in sims]


def tfidf_ranker(catalog: Catalog) -> Ranker:
    """Baseline: TF-IDF (sublinear tf, English stop words, bigrams) over all of a role's text."""
    lexical = LexicalIndex(catalog)

    def rank(requests: Sequence[ProfileRequest]) -> list[list[str]]:
        return _by_score(catalog, lexical.similarity([profile_text(r) for r in requests]))

    return rank


def bm25_ranker(catalog: Catalog) -> Ranker:
    """Baseline: BM25 (bm25s, Lucene variant, English stop words) over all of a role's text."""
    import bm25s

    # bm25s sets its own logger to DEBUG at import, which prints "Building index ..." into the report.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    model = bm25s.BM25()
    tokens = bm25s.tokenize([r.full_text() for r in catalog], stopwords="en", show_progress=False)
    model.index(tokens, show_progress=False)

    def rank(requests: Sequence[ProfileRequest]) -> list[list[str]]:
        queries = bm25s.tokenize(
            [profile_text(r) for r in requests], stopwords="en", show_progress=False, return_ids=False
        )
        return _by_score(catalog, np.vstack([model.get_scores(q) for q in queries]))

    return rank


def embedding_ranker(catalog: Catalog, encoder: Encoder) -> Ranker:
    """Baseline: cosine between whole-profile and whole-role embeddings of the same model."""
    roles = encoder.encode([r.full_text() for r in catalog])

    def rank(requests: Sequence[ProfileRequest]) -> list[list[str]]:
        return _by_score(catalog, encoder.encode([profile_text(r) for r in requests]) @ roles.T)

    return rank


def hub_shares(ranked: list[list[str]], k: int = K) -> dict[str, float]:
    """Each role's share of all top-k places over a population of profiles (1/n_roles each if even).

    A role far above its fair share across many unrelated profiles is a hub: embedding
    similarity puts it near everything.
    """
    counts: dict[str, int] = {}
    for roles in ranked:
        for role in roles[:k]:
            counts[role] = counts.get(role, 0) + 1
    total = max(sum(counts.values()), 1)
    return dict(sorted(((r, c / total) for r, c in counts.items()), key=lambda rc: -rc[1]))


@dataclass(frozen=True)
class Report:
    rows: list[tuple[str, str, Metrics]]  # (method, subset, metrics)

    def render(self) -> str:
        lines = [
            f"{'method':<22} {'subset':<6} {'nDCG@5':>7} {'hit@3':>7} {'MRR':>7} {'implaus@5':>9} {'n':>6}"
        ]
        for method, subset, metrics in self.rows:
            lines.append(f"{method:<22} {subset:<6} {metrics.row()}")
        return "\n".join(lines)

    def get(self, method: str, subset: str = "all") -> Metrics:
        return next(m for name, s, m in self.rows if name == method and s == subset)


def run_evaluation(labelled: Sequence[LabelledProfile], rankers: dict[str, Ranker]) -> Report:
    """Score every ranker overall and per language."""
    valid = list(labelled)
    requests = [item.request for item in valid]
    languages = sorted({item.lang for item in valid})
    rows = []
    for name, ranker in rankers.items():
        ranked = ranker(requests)
        rows.append((name, "all", evaluate(ranked, valid)))
        for lang in languages:
            pick = [i for i, item in enumerate(valid) if item.lang == lang]
            rows.append((name, lang, evaluate([ranked[i] for i in pick], [valid[i] for i in pick])))
    return Report(rows)


def rank_with(ranker: Ranker, labelled: Sequence[LabelledProfile]) -> list[list[str]]:
    """The ranked role ids of each labelled profile."""
    return ranker([item.request for item in labelled])


def per_role_precision(
    ranked: list[list[str]], labelled: Sequence[LabelledProfile], k: int = K
) -> dict[str, tuple[float, int]]:
    """For each role suggested in a top k: the share of those suggestions that were relevant, and how many."""
    shown: dict[str, list[bool]] = {}
    for roles, item in zip(ranked, labelled, strict=True):
        for role in roles[:k]:
            shown.setdefault(role, []).append(item.relevant.get(role, 0) > 0)
    return {role: (float(np.mean(hits)), len(hits)) for role, hits in sorted(shown.items())}


@dataclass(frozen=True)
class CalibrationBin:
    low: float
    high: float
    mean_score: float
    relevant_share: float
    count: int


def calibration_bins(scores: np.ndarray, relevant: np.ndarray, bins: int = 5) -> list[CalibrationBin]:
    """Observed share of relevant suggestions per score bin (equal-width bins over [0, 1])."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    out = []
    for low, high in itertools.pairwise(edges):
        mask = (scores >= low) & ((scores < high) | (high == 1.0))
        if mask.any():
            out.append(
                CalibrationBin(
                    float(low),
                    float(high),
                    float(scores[mask].mean()),
                    float(relevant[mask].mean()),
                    int(mask.sum()),
                )
            )
    return out


def top_k_scores(
    recommender: Recommender, labelled: Sequence[LabelledProfile], k: int = K
) -> tuple[np.ndarray, np.ndarray]:
    """Scores of every top-k suggestion and whether it was relevant (for calibration plots)."""
    scores, relevant = [], []
    profiles = [recommender.build_profile(item.request) for item in labelled]
    for item, embedded in zip(labelled, recommender.embed(profiles), strict=True):
        result = recommender.score(embedded)
        for r in result.order()[:k]:
            scores.append(float(result.score[r]))
            relevant.append(item.relevant.get(recommender.catalog.roles[int(r)].id, 0) > 0)
    return np.asarray(scores), np.asarray(relevant, dtype=float)


def worst_profiles(
    ranked: list[list[str]], labelled: Sequence[LabelledProfile], n: int = 5
) -> list[tuple[LabelledProfile, float, list[str]]]:
    """The n profiles with the lowest nDCG@5, with their top five."""
    rows = [
        (item, ndcg_at(roles, item.relevant), roles[:K]) for roles, item in zip(ranked, labelled, strict=True)
    ]
    return sorted(rows, key=lambda row: row[1])[:n]


@dataclass(frozen=True)
class ExtractionMetrics:
    """Micro-averaged skill extraction on labelled résumé files."""

    precision: float
    recall: float
    resumes: int
    predicted: int
    expected: int

    def row(self) -> str:
        return (
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"({self.resumes} résumés, {self.predicted} skills extracted, {self.expected} expected)"
        )


def _same_skill(found: str, expected: str) -> bool:
    a, b = found.lower(), expected.lower()
    return b in a or (len(a) >= 3 and a in b)


def evaluate_extraction(recommender: Recommender, resumes: Sequence[dict[str, object]]) -> ExtractionMetrics:
    """Render each labelled résumé to its layout, read it back as a user's file would be, and compare skills.

    A reported skill phrase is correct when it contains an expected skill (or is
    part of one); an expected skill is found when some reported phrase contains it.
    """
    from recommender.evaluate.resumes import render
    from recommender.match.explain import skill_phrases
    from recommender.profile.ingest import extract_document

    correct = predicted = found = expected = 0
    for resume in resumes:
        data, name = render(resume, str(resume["layout"]))
        text = extract_document(data, name).text
        profile = recommender.build_profile(ProfileRequest(text=text))
        embedded = recommender.embed([profile])[0]
        phrases = [p.text for p in skill_phrases(profile, recommender.score(embedded), embedded.row_phrase)]
        wanted = [str(s) for s in resume["expected_skills"]]  # type: ignore[attr-defined]
        predicted += len(phrases)
        correct += sum(any(_same_skill(p, e) for e in wanted) for p in phrases)
        expected += len(wanted)
        found += sum(any(_same_skill(p, e) for p in phrases) for e in wanted)
    return ExtractionMetrics(
        correct / max(predicted, 1), found / max(expected, 1), len(resumes), predicted, expected
    )
