"""Features of every (profile, role) pair, computed from what the engine already measured."""

from __future__ import annotations

import numpy as np

from recommender.catalog import Catalog
from recommender.match.index import RoleIndex
from recommender.match.ranking import RoleScores

FAMILIES = ("training-evaluation", "design-content", "safety-governance", "business-operations", "technical")

BASE_FEATURES = (
    "hand_tuned_score",
    "required_coverage",
    "nice_coverage",
    "precision",
    "background",
    "whole_profile",
    "prerequisites_met",
    "has_prerequisite",
    "required_best_cosine",
    "required_share_covered",
    "required_top3_coverage",
    "word_overlap",
    "word_overlap_vs_best",
    "whole_profile_vs_best",
    "full_text_cosine",
    "full_text_vs_best",
    "full_text_standardised",
    "language_fit",
    "log_phrases",
)


def feature_names(catalog: Catalog) -> tuple[str, ...]:
    """The feature columns for a catalog, in order (no model needed)."""
    return (*BASE_FEATURES, *(f"family={f}" for f in FAMILIES), *(f"role={r.id}" for r in catalog))


class FeatureBuilder:
    """Turns the engine's role scores for one profile into a (n_roles, n_features) matrix."""

    def __init__(self, catalog: Catalog, index: RoleIndex) -> None:
        self.catalog = catalog
        self.index = index
        self.names = feature_names(catalog)
        n_roles = len(catalog)
        required = np.asarray(index.skill_required)
        self._required_members = [members[required[members]] for members in index.role_skills]
        self._has_prereq = np.zeros(n_roles)
        self._has_prereq[np.asarray(index.prereq_role, dtype=int)] = 1.0
        self._has_language_skill = np.asarray(
            [float(index.language_skills[members].any()) for members in index.role_skills]
        )
        self._family = np.asarray([[r.family == f for f in FAMILIES] for r in catalog], dtype=float)
        self._role_onehot = np.eye(n_roles)

    def build(
        self, scores: RoleScores, profile_text: str, n_phrases: int, other_language: bool
    ) -> np.ndarray:
        n_roles = len(self.catalog)
        best_cos = np.zeros(n_roles)
        share = np.zeros(n_roles)
        top3 = np.zeros(n_roles)
        for r, members in enumerate(self._required_members):
            coverage = scores.skill_coverage[members]
            best_cos[r] = scores.skill_cosine[members].max()
            share[r] = float((coverage >= 0.5).mean())
            top3[r] = float(np.sort(coverage)[-3:].mean())
        # Relative to the profile's best role: how a role stands among the roles for this person,
        # which a long text (high overlap with everything) and a short one do not share.
        overlap_vs_best = scores.lexical / max(float(scores.lexical.max()), 1e-6)
        document_vs_best = scores.document - float(scores.document.max())
        # The whole profile against every word of each role, also as it stands out among this
        # person's roles (standardised over the catalog): a long text is close to every role at
        # once, and what separates its roles is the spread, not the level.
        full = scores.full_text
        full_vs_best = full - float(full.max())
        full_standardised = (full - float(full.mean())) / max(float(full.std()), 1e-6)
        base = np.column_stack(
            [
                scores.score,
                scores.required,
                scores.nice,
                scores.precision,
                scores.background,
                scores.document,
                (scores.gate >= 1.0).astype(float),
                self._has_prereq,
                best_cos,
                share,
                top3,
                scores.lexical,
                overlap_vs_best,
                document_vs_best,
                full,
                full_vs_best,
                full_standardised,
                self._has_language_skill * float(other_language),
                np.full(n_roles, np.log1p(n_phrases)),
            ]
        )
        return np.hstack([base, self._family, self._role_onehot])
