"""`careerpivot train-pairs`: fit the pair judge on the hand-labelled pairs and write its artifact.

Every pair the engine could show for the labelled profiles (the project's
long-text dev set and written training profiles, and the shared dev set when it
is beside the checkout) is
collected with its features; the pairs that carry a label in
`data/eval/pairs.jsonl` train a logistic regression. The threshold for showing
a pair is the lowest at which the out-of-fold (grouped by profile) precision
reaches TARGET_PRECISION; the card records what that costs in recall.
O*NET text and the résumé dataset are never used here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from recommender.evaluate.audit import load_pair_labels
from recommender.match.engine import Recommender
from recommender.match.explain import RELATED, judged_row, language_evidence, language_row
from recommender.match.pairs import FEATURES, JUDGE_FILE, PairJudge
from recommender.profile.request import ProfileRequest

TARGET_PRECISION = 0.90
FOLDS = 5
REPEATS = 3
TOP = 5


@dataclass(frozen=True)
class PairRow:
    evidence: str
    requirement: str
    profile: int  # which profile it came from: the CV groups
    features: np.ndarray


def collect_pairs(
    recommender: Recommender, requests: Sequence[ProfileRequest], top: int = TOP
) -> list[PairRow]:
    """Every candidate pair of each profile's top roles, with the judge's features (unjudged)."""
    check = recommender.pair_check()
    rows: list[PairRow] = []
    profiles = [recommender.build_profile(r) for r in requests]
    for p, embedded in enumerate(recommender.embed(profiles)):
        scores = recommender.score(embedded)
        view = check.for_profile(embedded, scores)
        lang_row = language_row(embedded.profile, embedded.row_phrase, language_evidence(embedded.profile))
        for r in scores.order()[:top]:
            for s in recommender.index.role_skills[int(r)]:
                row = judged_row(scores, int(s), lang_row)
                if scores.skill_coverage[s] < RELATED or row is None:
                    continue
                phrase = embedded.profile.phrases[int(embedded.row_phrase[row])]
                requirement = recommender.index.skill_name[int(s)]
                rows.append(PairRow(phrase.text, requirement, p, view.features(int(s), row)))
    return rows


@dataclass(frozen=True)
class JudgeReport:
    labelled: int
    sound: int
    threshold: float
    cv_precision: float
    cv_recall: float
    cv_shown: int


def fit_judge(
    rows: Sequence[PairRow], labels: dict[tuple[str, str], int], encoder: str
) -> tuple[PairJudge, JudgeReport]:
    """Fit on the labelled rows; the threshold comes from grouped out-of-fold probabilities."""
    seen: dict[tuple[str, str], PairRow] = {}
    for row in rows:
        seen.setdefault((row.evidence.lower(), row.requirement), row)
    keys = [k for k in seen if k in labels]
    if len(keys) < 50:
        raise ValueError(f"only {len(keys)} labelled pairs found among the engine's pairs: label more first")
    X = np.stack([seen[k].features for k in keys])
    y = np.asarray([labels[k] for k in keys])
    groups = np.asarray([seen[k].profile for k in keys])

    def model() -> tuple[StandardScaler, LogisticRegression]:
        return StandardScaler(), LogisticRegression(C=0.5, max_iter=1000)

    # Out-of-fold probabilities, averaged over REPEATS ways of grouping the profiles into folds:
    # one split alone moves the threshold by chance.
    oof = np.zeros(len(y))
    for repeat in range(REPEATS):
        folds = np.random.RandomState(repeat).permutation(int(groups.max()) + 1)[groups]
        for train, test in GroupKFold(FOLDS).split(X, y, folds):
            scaler, clf = model()
            clf.fit(scaler.fit_transform(X[train]), y[train])
            oof[test] += clf.predict_proba(scaler.transform(X[test]))[:, 1] / REPEATS
    threshold, precision, recall, shown = _threshold(oof, y)
    scaler, clf = model()
    clf.fit(scaler.fit_transform(X), y)
    digest = hashlib.sha256(json.dumps([clf.coef_.round(6).tolist(), threshold]).encode()).hexdigest()[:8]
    judge = PairJudge(
        np.asarray(scaler.mean_),
        np.asarray(scaler.scale_),
        clf.coef_[0].astype(np.float64),
        float(clf.intercept_[0]),
        threshold,
        f"pair-judge-{digest}",
        encoder,
    )
    return judge, JudgeReport(len(y), int(y.sum()), threshold, precision, recall, shown)


def _threshold(probability: np.ndarray, y: np.ndarray) -> tuple[float, float, float, int]:
    """The lowest threshold whose shown pairs reach TARGET_PRECISION (else the most precise one)."""
    order = np.argsort(-probability)
    hits = np.cumsum(y[order])
    shown = np.arange(1, len(y) + 1)
    precision = hits / shown
    # Only cut between distinct probabilities, and never on fewer than 10 pairs.
    ok = [
        i
        for i in range(9, len(y))
        if precision[i] >= TARGET_PRECISION
        and (i + 1 == len(y) or probability[order[i]] > probability[order[i + 1]])
    ]
    i = ok[-1] if ok else int(np.argmax(np.where(shown >= 10, precision, 0)))
    return float(probability[order[i]]), float(precision[i]), float(hits[i] / max(y.sum(), 1)), int(i + 1)


def write_judge(judge: PairJudge, report: JudgeReport, models_dir: Path) -> Path:
    directory = models_dir / judge.version
    directory.mkdir(parents=True, exist_ok=True)
    raw = judge.to_json() | {
        "trained": date.today().isoformat(),
        "labelled_pairs": report.labelled,
        "sound_pairs": report.sound,
        "out_of_fold": {
            "precision": report.cv_precision,
            "recall": report.cv_recall,
            "shown": report.cv_shown,
        },
    }
    (directory / JUDGE_FILE).write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    weights = "\n".join(f"| {name} | {w:+.3f} |" for name, w in zip(FEATURES, judge.coef, strict=True))
    (directory / "CARD.md").write_text(
        f"""# {judge.version}: the pair judge

Trained {date.today().isoformat()} by `careerpivot train-pairs` for the encoder `{judge.encoder}`.

- Data: {report.labelled} hand-labelled (phrase, requirement) pairs from `data/eval/pairs.jsonl`
  ({report.sound} sound) that the engine still proposes for the long-text dev set, the
  written training profiles and the shared dev set. Labelling guideline: `data/eval/PAIRS.md`.
  No O*NET text or résumé dataset.
- Model: logistic regression (C=0.5) over standardised features.
- Threshold {report.threshold:.3f}: the lowest at which out-of-fold precision ({FOLDS} folds
  grouped by profile, probabilities averaged over {REPEATS} groupings) reaches
  {TARGET_PRECISION:.2f}. Out of fold there: precision {report.cv_precision:.3f},
  recall {report.cv_recall:.3f} ({report.cv_shown} of {report.labelled} labelled pairs shown).
  Pairs below it are not shown as transferable skills or reasons.
- Limits: each label is one labeller's; the pairs were drawn at random from the engines'
  unjudged output (2026-12-01 and 2026-12-03, see `data/eval/PAIRS.md`). Refit when the
  encoder, the catalog's requirements or the guideline change.

| feature | weight (standardised) |
|---|---|
{weights}
""",
        encoding="utf-8",
    )
    return directory


def train_judge(
    recommenders: Sequence[Recommender], requests: Sequence[ProfileRequest], models_dir: Path
) -> tuple[Path, JudgeReport]:
    """Collect each scorer's pairs (their top fives differ, the pairs' features do not), fit, write."""
    rows = [row for recommender in recommenders for row in collect_pairs(recommender, requests)]
    judge, report = fit_judge(rows, load_pair_labels(), recommenders[0].encoder.name)
    return write_judge(judge, report, models_dir), report
