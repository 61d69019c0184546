"""Score every role for a profile, in a handful of numpy operations.

The score of a role is an absolute measure of fit, not a rank among roles, so
it means the same for every profile:

    score = gate * (w_req * required + w_nice * nice + w_bg * background + w_doc * document)

- `required` / `nice`: weighted mean coverage of the role's skills, where a
  skill's coverage is the calibrated cosine of the person's best-matching
  phrase (0 = nothing related, 1 = as close as a paraphrase).
- `background`: how close the person's own job titles and duties are to the
  backgrounds the role draws from.
- `document`: calibrated cosine between the whole profile and the whole role.
- `gate`: 1 when every hard prerequisite shows in the profile, otherwise
  `prerequisite_penalty` (a journalist is not told to become an ML engineer).

See README "How scores are calibrated" for what 0.4, 0.6, 0.8 mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from recommender.index import RoleIndex

NO_PHRASE = -1
LANGUAGE_EVIDENCE = -2


@dataclass(frozen=True)
class Weights:
    """How the components combine; they sum to 1 so the score stays in [0, 1]."""

    required: float = 0.55
    nice: float = 0.10
    background: float = 0.20
    document: float = 0.15
    prerequisite_penalty: float = 0.35
    prerequisite_met: float = 0.5


@dataclass(frozen=True)
class ProfileVectors:
    """The embedded profile: one row per phrase, one whole-profile vector."""

    phrases: np.ndarray  # (n_phrases, dim)
    document: np.ndarray  # (dim,)
    speaks_other_language: bool


@dataclass(frozen=True)
class RoleScores:
    """Scores of all roles for one profile, plus what the explanations need."""

    score: np.ndarray  # (n_roles,)
    required: np.ndarray
    nice: np.ndarray
    background: np.ndarray
    document: np.ndarray
    gate: np.ndarray
    skill_cosine: np.ndarray  # (n_skills,) best raw cosine per skill
    skill_coverage: np.ndarray  # (n_skills,) calibrated
    skill_phrase: np.ndarray  # (n_skills,) phrase index, NO_PHRASE or LANGUAGE_EVIDENCE
    background_phrase: np.ndarray  # (n_roles,)
    background_cosine: np.ndarray  # (n_roles,)
    background_column: np.ndarray  # (n_roles,) index text of the closest background title
    prereq_met: np.ndarray  # (n_prereqs,) bool

    def order(self) -> np.ndarray:
        """Role indices, best first; ties broken by required coverage, then id order."""
        return np.lexsort((np.arange(len(self.score)), -self.required, -self.score))


def _best_per_group(sims: np.ndarray, starts: np.ndarray, stop: int) -> tuple[np.ndarray, np.ndarray]:
    """For each column group, the best cosine over phrases and its phrase index."""
    if len(starts) == 0:
        empty = np.zeros(0, dtype=np.float32)
        return empty, np.zeros(0, dtype=np.intp)
    per_phrase = np.maximum.reduceat(sims[:, starts[0] : stop], starts - starts[0], axis=1)
    best_phrase = per_phrase.argmax(axis=0)
    return per_phrase[best_phrase, np.arange(per_phrase.shape[1])], best_phrase


def score_roles(index: RoleIndex, profile: ProfileVectors, weights: Weights | None = None) -> RoleScores:
    """Score every role of `index` for one embedded profile."""
    weights = weights or Weights()
    cal = index.calibration
    sims = profile.phrases @ index.vectors.T  # (n_phrases, n_texts)

    skill_cos, skill_phrase = _best_per_group(sims, index.skill_starts, index.skill_stop)
    coverage = cal.scale(skill_cos)
    if profile.speaks_other_language:
        coverage = np.where(index.language_skills, 1.0, coverage)
        skill_phrase = np.where(index.language_skills, LANGUAGE_EVIDENCE, skill_phrase)
    skill_phrase = np.where(coverage > 0, skill_phrase, NO_PHRASE)

    required = coverage @ index.required_weights
    nice = coverage @ index.nice_weights

    bg_stop = index.background_groups[-1].stop
    bg_cos, bg_phrase = _best_per_group(sims, index.background_starts, bg_stop)
    background = cal.scale(bg_cos)
    bg_column = np.asarray(
        [g.start + int(sims[row, g.start : g.stop].argmax()) for g, row in zip(index.background_groups, bg_phrase, strict=True)],
        dtype=np.intp,
    )

    doc = index.vectors[index.doc_group.start : index.doc_group.stop] @ profile.document
    document = cal.scale(doc)

    n_roles = len(index.catalog)
    gate = np.ones(n_roles, dtype=np.float32)
    prereq_met = np.zeros(len(index.prereq_groups), dtype=bool)
    if index.prereq_groups:
        stop = index.prereq_groups[-1].stop
        pre_cos, _ = _best_per_group(sims, index.prereq_starts, stop)
        prereq_met = cal.scale(pre_cos) >= weights.prerequisite_met
        for p, role in enumerate(index.prereq_role):
            language_gate = index.prereq_language[p] and profile.speaks_other_language
            if not (prereq_met[p] or language_gate):
                gate[role] = weights.prerequisite_penalty
            else:
                prereq_met[p] = True

    score = gate * (
        weights.required * required
        + weights.nice * nice
        + weights.background * background
        + weights.document * document
    )
    return RoleScores(
        score=np.clip(score, 0.0, 1.0),
        required=required,
        nice=nice,
        background=background,
        document=document,
        gate=gate,
        skill_cosine=skill_cos,
        skill_coverage=coverage,
        skill_phrase=skill_phrase,
        background_phrase=bg_phrase,
        background_cosine=bg_cos,
        background_column=bg_column,
        prereq_met=prereq_met,
    )
