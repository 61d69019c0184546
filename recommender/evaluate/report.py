"""`careerpivot eval`: every labelled set, the engine beside the strongest simple baselines, and the audits.

Sets: the dev set given on the command line (`../shared/eval/dev.jsonl` by
default, skipped with a message when absent), and the project's own long-text
dev set (`data/eval/long.jsonl`), reported as its ESCO occupation descriptions
and its written résumé-length profiles. Per set: nDCG@5, hit@3, MRR and
implausible@5 for the hand-tuned scorer, the learned ranker and three
baselines over the full role text (TF-IDF, BM25, whole-text cosine with the
same encoder), then the margin over the best baseline. Then each role's share
of top-five places over a background population (hubs), identity changes,
personal-data recall and precision, and skill extraction from résumé files.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from recommender.catalog import Catalog
from recommender.errors import CareerpivotError
from recommender.evaluate.audit import (
    eval_dir,
    identity_changes,
    load_identity_cases,
    load_pair_labels,
    pair_precision,
    pii_metrics,
)
from recommender.evaluate.labelled import LabelledProfile, load_labelled
from recommender.evaluate.metrics import (
    K,
    Ranker,
    bm25_ranker,
    embedding_ranker,
    engine_ranker,
    evaluate_extraction,
    hub_shares,
    run_evaluation,
    tfidf_ranker,
)
from recommender.match.engine import Recommender
from recommender.profile.request import ProfileRequest

BASELINES = ("baseline tf-idf", "baseline bm25", "baseline cosine")
# Background population for hub shares: every 5th ESCO occupation (about 600).
ESCO_SAMPLE_EVERY = 5


@dataclass(frozen=True)
class EvalSet:
    name: str
    profiles: list[LabelledProfile]


def labelled_sets(dev: Path | None, catalog: Catalog) -> tuple[list[EvalSet], list[str]]:
    """The sets to report, and a note for each one that could not be read."""
    sets: list[EvalSet] = []
    notes: list[str] = []
    if dev is not None and dev.is_file():
        sets.append(EvalSet(f"dev ({dev.name})", load_labelled(dev, catalog)))
    else:
        notes.append(f"dev set {dev} not found: skipped (it lives in ../shared/eval, beside a checkout)")
    path = eval_dir() / "long.jsonl"
    long = load_labelled(path, catalog)
    esco = {
        str(raw["id"])
        for raw in map(json.loads, filter(str.strip, path.read_text(encoding="utf-8").splitlines()))
        if str(raw.get("source", "")).startswith("ESCO")
    }
    sets.append(EvalSet("long: ESCO duties", [p for p in long if p.id in esco]))
    sets.append(EvalSet("long: written résumés", [p for p in long if p.id not in esco]))
    return sets, notes


def background_population() -> tuple[str, list[ProfileRequest]]:
    """ESCO occupation descriptions (from the `train` extra's package), else the project's own sets."""
    try:
        from recommender.evaluate.labelled import esco_occupations_csv

        rows = list(csv.DictReader(esco_occupations_csv().open(encoding="utf-8")))
        texts = [row["description"] for row in rows[::ESCO_SAMPLE_EVERY] if row.get("description")]
        return f"{len(texts)} ESCO occupation descriptions", [ProfileRequest(text=t) for t in texts]
    except CareerpivotError:
        from recommender.evaluate.labelled import TRAINING_DIR

        items = load_labelled(TRAINING_DIR / "profiles.jsonl")
        return f"{len(items)} written training profiles", [p.request for p in items]


def report(
    hand: Recommender,
    learned: Recommender | None,
    dev: Path | None,
) -> str:
    """The whole `make eval` report as text."""
    catalog, encoder = hand.catalog, hand.encoder
    rankers: dict[str, Ranker] = {"careerpivot hand-tuned": engine_ranker(hand)}
    if learned is not None:
        rankers["careerpivot learned"] = engine_ranker(learned)
    rankers["baseline tf-idf"] = tfidf_ranker(catalog)
    rankers["baseline bm25"] = bm25_ranker(catalog)
    rankers["baseline cosine"] = embedding_ranker(catalog, encoder)

    sets, notes = labelled_sets(dev, catalog)
    out = [f"catalog {catalog.version}, model {encoder.name}", *notes, ""]
    for item in sets:
        result = run_evaluation(item.profiles, rankers)
        out.append(f"## {item.name} ({len(item.profiles)} profiles)")
        out.append(result.render())
        best = max(BASELINES, key=lambda name: result.get(name).ndcg5)
        for method in ("careerpivot hand-tuned", "careerpivot learned"):
            if method in rankers:
                margin = result.get(method).ndcg5 - result.get(best).ndcg5
                out.append(f"{method} vs best baseline ({best}): {margin:+.3f} nDCG@5")
        out.append("")

    name, population = background_population()
    default = learned if learned is not None and learned.ranker is not None else hand
    ranked = engine_ranker(default)(population)
    shares = hub_shares(ranked)
    fair = 1.0 / len(catalog)
    top = ", ".join(f"{role} {share:.1%}" for role, share in list(shares.items())[:6])
    out.append(
        f"hubs: top-{K} share over {name} (fair share {fair:.1%}, default scorer): {top}; "
        f"roles never in a top {K}: {len(catalog) - len(shares)}"
    )
    cases, identities = load_identity_cases()
    out.append(identity_changes(default, cases, identities).row())
    out.append(pii_metrics().row())
    requests = [p.request for item in sets for p in item.profiles]
    out.append(pair_precision(default, requests, load_pair_labels()).row())
    out.append(f"skill extraction from résumé files (data/eval/resumes): {_extraction_row(hand)}")
    return "\n".join(out)


def _extraction_row(recommender: Recommender) -> str:
    try:
        from recommender.evaluate.resumes import load_resumes

        return evaluate_extraction(recommender, load_resumes()).row()
    except ImportError as exc:  # the PDF renderer needs reportlab (the dev extra)
        return f"not run: {exc}; pip install 'careerpivot[dev]'"
