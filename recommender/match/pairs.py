"""Is a (phrase, requirement) pair a reason a counsellor would accept? The pair judge decides.

A high cosine between a phrase and a role requirement is not enough: a shared
topic word ("health and safety" on a building site -> AI safety harms), a bare
job title or a generic duty lands close to many requirements at once. The judge
is a logistic regression over a handful of features of the pair, trained on the
hand-labelled pairs in `data/eval/pairs.jsonl` (`careerpivot train-pairs`), and
a pair is shown as a transferable skill only when its probability of being
sound reaches the threshold chosen on out-of-fold predictions for the target
precision (see the artifact's card).

The features say nothing about who the person is: only how the phrase relates
to this requirement and to the rest of the catalog, and what kind of phrase it is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from recommender.errors import CareerpivotError
from recommender.match.index import RoleIndex
from recommender.match.ranking import ProfileVectors, RoleScores
from recommender.profile.skills import Phrase, Profile

FEATURES: tuple[str, ...] = (
    "cosine",  # the pair's cosine: the matched row's best over the requirement's phrasings
    "centred",  # that, minus the row's mean over all requirements (a generic phrase is close to many)
    "skill_centred",  # that, minus the requirement's mean cosine to the other requirements (a hub)
    "own_cosine",  # the phrase's own words (not a known skill's name) against the requirement's phrasings
    "name_cosine",  # the phrase's own words against the requirement's name, which is what is shown
    "name_centred",  # that, minus their mean against every requirement's name
    "name_margin",  # that, minus their best against any other requirement's name
    "title_like",  # the phrase's best cosine to a job title of the catalog's backgrounds minus to a skill
    "log_words",  # log(1 + words in the phrase)
    "vocabulary_view",  # the match came through a known skill's name, not the phrase's own words
    "shared_words",  # share of the requirement's content words that the phrase contains
)
JUDGE_FORMAT = 1
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Function words that make two phrases look alike without sharing a skill.
_STOP = frozenset(
    "and the for with from into that this are was were has have you your our their its "  # noqa: SIM905
    "dan yang untuk dengan dari pada dalam atau serta sebagai".split()
)


def _stems(text: str) -> set[str]:
    """Content words cut to five letters: 'verification' and 'verifying' share 'verif'."""
    return {w[:5] for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP}


def skill_maxima(index: RoleIndex, rows: np.ndarray) -> np.ndarray:
    """(n_rows, n_skills): each row's best cosine to every requirement's phrasings."""
    sims = np.atleast_2d(rows) @ index.vectors.T
    return np.maximum.reduceat(sims, index.segment_starts, axis=1)[:, index.skill_segments]


def name_vectors(index: RoleIndex) -> np.ndarray:
    """(n_skills, dim): each requirement's name (the first of its phrasings)."""
    return index.vectors[index.segment_starts[index.skill_segments]]


def requirement_means(index: RoleIndex) -> np.ndarray:
    """(n_skills,): each requirement's mean cosine to the other requirements (a hub's is high)."""
    sims = skill_maxima(index, name_vectors(index))
    np.fill_diagonal(sims, np.nan)
    return np.asarray(np.nanmean(sims, axis=1), dtype=np.float32)


@dataclass(frozen=True)
class RowView:
    """What the judge reads of one phrase: its matched row's and its own words' cosines to the catalog."""

    matched: np.ndarray  # (n_skills,) the matched row's best per requirement
    own: np.ndarray  # (n_skills,) the phrase's own words' best per requirement
    own_names: np.ndarray  # (n_skills,) the phrase's own words against each requirement's name
    own_title: float  # the phrase's own words' best cosine to any background job title


def pair_features(
    skill: int, view: RowView, skill_means: np.ndarray, phrase: Phrase, own_view: bool, requirement: str
) -> np.ndarray:
    """The judge's features for one pair (see FEATURES)."""
    cosine = float(view.matched[skill])
    name = float(view.own_names[skill])
    others = np.delete(view.own_names, skill)
    need = _stems(requirement)
    return np.asarray(
        [
            cosine,
            cosine - float(view.matched.mean()),
            cosine - float(skill_means[skill]),
            float(view.own[skill]),
            name,
            name - float(view.own_names.mean()),
            name - float(others.max()) if len(others) else 0.0,
            view.own_title - float(view.own.max()),
            float(np.log1p(len(phrase.text.split()))),
            float(not own_view),
            len(need & _stems(phrase.text)) / len(need) if need else 0.0,
        ],
        dtype=np.float64,
    )


@dataclass(frozen=True)
class PairJudge:
    """Logistic regression over standardised pair features, with the threshold for showing a pair."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    version: str
    encoder: str  # the encoder whose cosines it was trained on
    out_of_fold: dict[str, float] | None = None  # precision, recall, shown: as its training measured them

    def probability(self, X: np.ndarray) -> np.ndarray:
        z = ((np.atleast_2d(X) - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def accept(self, features: np.ndarray) -> bool:
        return bool(self.probability(features)[0] >= self.threshold)

    def to_json(self) -> dict[str, object]:
        return {
            "format": JUDGE_FORMAT,
            "version": self.version,
            "encoder": self.encoder,
            "features": list(FEATURES),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, raw: dict[str, object], source: Path) -> PairJudge:
        if raw.get("format") != JUDGE_FORMAT or raw.get("features") != list(FEATURES):
            raise CareerpivotError(
                f"{source}: a pair judge of another format or feature list; retrain it with "
                "`careerpivot train-pairs` for this version of careerpivot"
            )
        return cls(
            np.asarray(raw["mean"], dtype=np.float64),
            np.asarray(raw["scale"], dtype=np.float64),
            np.asarray(raw["coef"], dtype=np.float64),
            float(raw["intercept"]),  # type: ignore[arg-type]
            float(raw["threshold"]),  # type: ignore[arg-type]
            str(raw["version"]),
            str(raw["encoder"]),
            raw.get("out_of_fold"),  # type: ignore[arg-type]
        )


JUDGE_FILE = "judge.json"


def find_judge(models_dir: Path) -> Path | None:
    """The newest `pair-judge-*/judge.json` under `models_dir`, if any."""
    found = sorted(models_dir.glob(f"pair-judge-*/{JUDGE_FILE}"))
    return found[-1] if found else None


def load_judge(path: Path) -> PairJudge:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CareerpivotError(
            f"{path}: the pair judge could not be read ({exc}); reinstall careerpivot"
        ) from exc
    return PairJudge.from_json(raw, path)


class PairCheck:
    """The judge bound to an index; `for_profile` gives the features of one profile's pairs."""

    def __init__(self, index: RoleIndex, judge: PairJudge | None) -> None:
        self.index = index
        self.judge = judge
        self._skill_means: np.ndarray | None = None
        self._names: np.ndarray | None = None

    @property
    def skill_means(self) -> np.ndarray:
        if self._skill_means is None:
            self._skill_means = requirement_means(self.index)
        return self._skill_means

    @property
    def names(self) -> np.ndarray:
        if self._names is None:
            self._names = name_vectors(self.index)
        return self._names

    def for_profile(self, embedded: EmbeddedRows, scores: RoleScores) -> ProfilePairs:
        return ProfilePairs(self, embedded, scores)


class EmbeddedRows(Protocol):
    """What the judge needs of an embedded profile (the engine's `EmbeddedProfile`)."""

    @property
    def profile(self) -> Profile: ...
    @property
    def row_phrase(self) -> np.ndarray: ...
    @property
    def vectors(self) -> ProfileVectors: ...


class ProfilePairs:
    """One profile's pairs: each phrase is compared with the catalog once, when first asked."""

    def __init__(self, check: PairCheck, embedded: EmbeddedRows, scores: RoleScores) -> None:
        self.check = check
        self.embedded = embedded
        self.scores = scores
        self._views: dict[int, RowView] = {}

    def _view(self, row: int) -> RowView:
        if row not in self._views:
            rows = self.embedded.vectors.phrases
            own_row = int(np.flatnonzero(self.embedded.row_phrase == self.embedded.row_phrase[row])[0])
            index = self.check.index
            segments = self.scores.row_segments[[row, own_row]]  # scoring compared every row with the index
            self._views[row] = RowView(
                segments[0, index.skill_segments],
                segments[1, index.skill_segments],
                self.check.names @ rows[own_row],
                float(segments[1, index.background_segments].max()),
            )
        return self._views[row]

    def features(self, skill: int, row: int) -> np.ndarray:
        phrase = self.embedded.profile.phrases[int(self.embedded.row_phrase[row])]
        own_view = bool(self.embedded.vectors.own_words[row])
        requirement = self.check.index.skill_name[skill]
        return pair_features(skill, self._view(row), self.check.skill_means, phrase, own_view, requirement)

    def accept(self, skill: int, row: int) -> bool:
        """True when there is no judge, or when it finds the pair sound enough to show."""
        judge = self.check.judge
        return judge is None or judge.accept(self.features(skill, row))
