"""Score every role for a profile, in a handful of numpy operations.

The score of a role is an absolute measure of fit, not a rank among roles, so
it means the same for every profile:

    score = gate * (w_req * required + w_nice * nice + w_prec * precision
                    + w_bg * background + w_doc * document + w_lex * lexical)

- `required` / `nice`: weighted mean coverage of the role's skills, where a
  skill's coverage is the calibrated cosine of the person's best-matching
  phrase (0 = nothing related, 1 = as close as a paraphrase).
- `precision`: how much of the person's profile the role puts to use: the
  mean over their phrases of the best match anywhere in the role (a
  developer's "Docker" counts for an ML-ops role, not for a writing role).
- `background`: how close the person's own job titles and duties are to the
  backgrounds the role draws from.
- `document`: calibrated cosine between the whole profile and the whole role.
- `full_text` (not in the hand-tuned score; a feature of the learned ranker): raw cosine
  between the whole profile and every word of the role, as the strongest simple baseline has it.
- `lexical`: TF-IDF overlap between the profile's words and every word of the
  role (`recommender.encode.lexical`): strong where embeddings of long text blur.
- `gate`: 1 when every hard prerequisite shows in the profile, otherwise
  `prerequisite_penalty` (a journalist is not told to become an ML engineer).

See README "How scores are calibrated" for what 0.4, 0.6, 0.8 mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from recommender.match.index import RoleIndex

NO_PHRASE = -1
LANGUAGE_EVIDENCE = -2


@dataclass(frozen=True)
class Weights:
    """How the components combine; they sum to 1 so the score stays in [0, 1]."""

    required: float = 0.36
    nice: float = 0.05
    precision: float = 0.18
    background: float = 0.09
    document: float = 0.20
    lexical: float = 0.12
    prerequisite_penalty: float = 0.35
    # Calibrated similarity from which a phrase shows a prerequisite (a signal
    # written out word for word always does). Stricter than a skill match: a
    # wrongly opened gate is what lets "ML engineer" reach a journalist.
    prerequisite_met: float = 0.6


@dataclass(frozen=True)
class ProfileVectors:
    """The embedded profile: rows for each phrase's views, one whole-profile vector."""

    phrases: np.ndarray  # (n_rows, dim): each phrase's views, phrase after phrase
    document: np.ndarray  # (dim,)
    speaks_other_language: bool
    own_words: np.ndarray  # per row: True for the phrase's own words, False for a vocabulary name
    row_weights: np.ndarray  # per row: how much the phrase's section counts (1 = fully)
    text: str = ""  # the whole profile, for prerequisites written out literally


@dataclass(frozen=True)
class RoleScores:
    """Scores of all roles for one profile, plus what the explanations need."""

    score: np.ndarray  # (n_roles,)
    required: np.ndarray
    nice: np.ndarray
    precision: np.ndarray
    background: np.ndarray
    document: np.ndarray
    full_text: np.ndarray  # raw cosine, whole profile against each role's full text
    lexical: np.ndarray
    gate: np.ndarray
    skill_cosine: np.ndarray  # (n_skills,) best raw cosine per skill
    skill_coverage: np.ndarray  # (n_skills,) calibrated
    skill_phrase: np.ndarray  # (n_skills,) phrase index, NO_PHRASE or LANGUAGE_EVIDENCE
    background_phrase: np.ndarray  # (n_roles,) row of the phrase closest to the role's backgrounds
    background_cosine: np.ndarray  # (n_roles,)
    prereq_met: np.ndarray  # (n_prereqs,) bool
    row_skill_match: (
        np.ndarray
    )  # (n_rows,) best weighted, calibrated match of each row to any skill of any role
    row_segments: np.ndarray  # (n_rows, n_segments) each row's best cosine per segment
    rank_key: np.ndarray | None = None  # set by a learned ranker: its expected gain

    def order(self) -> np.ndarray:
        """Role indices, best first; ties broken by the ranking key, required coverage, then id order."""
        key = self.rank_key if self.rank_key is not None else self.score
        return np.lexsort((np.arange(len(self.score)), -self.required, -key, -self.score))


def _best(scaled: np.ndarray, rows: np.ndarray, segments: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each segment: the best weighted, calibrated match among `rows`, and the row that gave it."""
    if len(rows) == 0 or len(segments) == 0:
        return np.zeros(len(segments)), np.zeros(len(segments), dtype=np.intp)
    block = scaled[np.ix_(rows, segments)]
    best = block.argmax(axis=0)
    return block[best, np.arange(len(segments))], rows[best]


@dataclass(frozen=True)
class RowMaxima:
    """All that scoring needs of a profile's rows: each row's best cosine per index segment and per role.

    A row's maxima depend on its text alone, so they can be cached per phrase.
    """

    per_segment: np.ndarray  # (n_rows, n_segments)
    per_role: np.ndarray  # (n_rows, n_roles)


def row_maxima(index: RoleIndex, rows: np.ndarray) -> RowMaxima:
    """The one matrix product of scoring, reduced per segment and per role block.

    Stack the rows of many profiles to stream the role matrix from memory once for all of them.
    """
    sims = rows @ index.vectors.T  # (n_rows, n_texts)
    per_role = np.maximum.reduceat(sims, index.role_starts, axis=1)[:, :-1]  # the last block is the documents
    return RowMaxima(np.maximum.reduceat(sims, index.segment_starts, axis=1), per_role)


def score_roles(
    index: RoleIndex,
    profile: ProfileVectors,
    weights: Weights | None = None,
    maxima: RowMaxima | None = None,
) -> RoleScores:
    """Score every role of `index` for one embedded profile (`maxima`: its rows', if already known)."""
    weights = weights or Weights()
    cal = index.calibration
    if maxima is None:
        maxima = row_maxima(index, profile.phrases)
    # Best cosine of each row against every segment (a skill's phrasings, a
    # role's backgrounds, ...) and against every role block as a whole.
    per_segment = maxima.per_segment
    # Calibrated, then weighted by where the phrase stood (a hobby counts for little).
    row_weight = profile.row_weights[:, None]
    scaled = cal.scale(per_segment) * row_weight
    n_rows = len(per_segment)
    all_rows = np.arange(n_rows)
    # Vocabulary names help a requirement find its evidence ("fact-checked" ->
    # "fact-checking") but would double-count in the profile-wide components.
    own_rows = np.flatnonzero(profile.own_words)

    coverage, skill_row = _best(scaled, all_rows, index.skill_segments)
    skill_cos = per_segment[skill_row, index.skill_segments] if n_rows else np.zeros(len(coverage))
    if profile.speaks_other_language:
        coverage = np.where(index.language_skills, 1.0, coverage)
        skill_row = np.where(index.language_skills, LANGUAGE_EVIDENCE, skill_row)
    skill_phrase = np.where(coverage > 0, skill_row, NO_PHRASE)

    required = coverage @ index.required_weights
    nice = coverage @ index.nice_weights
    # How much of the person's profile the role puts to use: the weighted mean,
    # over their phrases, of the best match anywhere in the role.
    if len(own_rows):
        per_role = maxima.per_role[own_rows]
        w = profile.row_weights[own_rows]
        precision = (cal.scale(per_role) * w[:, None]).sum(axis=0) / max(float(w.sum()), 1e-9)
    else:
        precision = np.zeros(len(index.catalog))

    background, bg_phrase = _best(scaled, own_rows, index.background_segments)
    bg_cos = per_segment[bg_phrase, index.background_segments] if len(own_rows) else np.zeros(len(background))

    doc = index.vectors[index.doc_group.start : index.doc_group.stop] @ profile.document
    document = cal.scale(doc)
    full_text = index.vectors[index.full_text_group.start : index.full_text_group.stop] @ profile.document
    lexical = index.lexical.match(profile.text)

    gate = np.ones(len(index.catalog), dtype=np.float32)
    # A gate opens on the person's own words from a section that counts (not hobbies).
    gate_rows = own_rows[profile.row_weights[own_rows] >= 0.5]
    pre_cov, _ = _best(cal.scale(per_segment), gate_rows, index.prereq_segments)
    prereq_met = pre_cov >= weights.prerequisite_met
    for p, role in enumerate(index.prereq_role):
        language = index.prereq_language[p] and profile.speaks_other_language
        literal = index.prereq_patterns[p].search(profile.text) is not None
        prereq_met[p] = prereq_met[p] or language or literal
        if not prereq_met[p]:
            gate[role] = weights.prerequisite_penalty

    score = gate * (
        weights.required * required
        + weights.nice * nice
        + weights.precision * precision
        + weights.background * background
        + weights.document * document
        + weights.lexical * lexical
    )
    return RoleScores(
        score=np.clip(score, 0.0, 1.0),
        required=required,
        nice=nice,
        precision=precision,
        background=background,
        document=document,
        full_text=full_text,
        lexical=lexical,
        gate=gate,
        skill_cosine=skill_cos,
        skill_coverage=coverage,
        skill_phrase=skill_phrase,
        background_phrase=bg_phrase,
        background_cosine=bg_cos,
        prereq_met=prereq_met,
        row_skill_match=scaled[:, index.skill_segments].max(axis=1) if n_rows else np.zeros(0),
        row_segments=per_segment,
    )
