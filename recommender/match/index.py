"""The role index: every role-side text embedded once and laid out for vectorised scoring.

Columns of the index matrix are grouped so that numpy's `reduceat` can take
the best phrasing of each skill, each background list and each prerequisite in
one call. The matrix is cached on disk, keyed by catalog version and model,
and memory-mapped on later starts.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from recommender.cachefiles import written_whole
from recommender.catalog import Catalog
from recommender.encode.embedding import Encoder
from recommender.encode.lexical import LexicalIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Calibration:
    """Cosine levels of one encoder: below `unrelated` nothing matches, at `paraphrase` a match is clear.

    Both are measured on the catalog itself when the index is built, so they
    follow the encoder: `paraphrase` is the 90th percentile of the cosine
    between each phrasing of a skill and its nearest other phrasing (same
    skill, other words: a clear match); `unrelated` is the median cosine
    between skills of roles in different families (skills that should not
    match). The range is kept wide on purpose: a narrow one saturates, and a
    loose match would then count as much as a paraphrase.
    """

    unrelated: float
    paraphrase: float

    def scale(self, cosine: np.ndarray) -> np.ndarray:
        """Map raw cosines to [0, 1]: 0 = no evidence, 1 = as close as a paraphrase."""
        span = max(self.paraphrase - self.unrelated, 1e-6)
        return np.clip((cosine - self.unrelated) / span, 0.0, 1.0)


@dataclass(frozen=True)
class Group:
    """A contiguous run of index columns that belong to one thing (a skill, a prerequisite...)."""

    start: int
    stop: int


class RoleIndex:
    """Role-side vectors and the layout that ties columns to roles and skills."""

    def __init__(self, catalog: Catalog, encoder: Encoder, cache_dir: Path | None = None) -> None:
        self.catalog = catalog
        self.model_name = encoder.name
        self.model_version = encoder.version
        texts: list[str] = []

        # Each role is one contiguous block of columns: its skills (each skill's
        # phrasings a segment), its backgrounds, its tasks, its prerequisites.
        # All role documents, then all role full texts, follow the last block. `segment_starts` lists every
        # segment boundary, so one `np.maximum.reduceat` gives the best match of
        # every phrase against every segment.
        segment_starts: list[int] = []

        def add(items: tuple[str, ...] | list[str]) -> Group:
            start = len(texts)
            segment_starts.append(start)
            texts.extend(items)
            return Group(start, len(texts))

        self.skill_groups: list[Group] = []
        self.skill_role: list[int] = []
        self.skill_weight: list[float] = []
        self.skill_required: list[bool] = []
        self.skill_language: list[bool] = []
        self.skill_name: list[str] = []
        self.background_groups: list[Group] = []
        self.task_groups: list[Group] = []
        self.prereq_groups: list[Group] = []
        self.prereq_role: list[int] = []
        self.prereq_language: list[bool] = []
        self.prereq_name: list[str] = []
        self.prereq_patterns: list[re.Pattern[str]] = []
        self.role_blocks: list[Group] = []
        for r, role in enumerate(catalog):
            block_start = len(texts)
            for required, skills in ((True, role.required_skills), (False, role.nice_to_have_skills)):
                for skill in skills:
                    self.skill_groups.append(add(skill.phrasings))
                    self.skill_role.append(r)
                    self.skill_weight.append(skill.weight)
                    self.skill_required.append(required)
                    self.skill_language.append(skill.language)
                    self.skill_name.append(skill.skill)
            self.background_groups.append(add(role.backgrounds))
            self.task_groups.append(add(role.tasks))
            for prereq in role.prerequisites:
                self.prereq_groups.append(add(prereq.signals))
                self.prereq_role.append(r)
                self.prereq_language.append(prereq.language)
                self.prereq_name.append(prereq.name)
                self.prereq_patterns.append(_literal_pattern(prereq.signals))
            self.role_blocks.append(Group(block_start, len(texts)))
        self.doc_group = add([role.document() for role in catalog])
        # Every word of each role (signals, backgrounds, entry paths too): the whole-text view that
        # the strongest simple baseline uses, compared with the whole profile by the learned ranker.
        self.full_text_group = add([role.full_text() for role in catalog])
        self.texts = texts
        self.segment_starts = np.asarray(segment_starts, dtype=np.intp)
        position = {start: i for i, start in enumerate(segment_starts)}
        self.skill_segments = np.asarray([position[g.start] for g in self.skill_groups], dtype=np.intp)
        self.background_segments = np.asarray(
            [position[g.start] for g in self.background_groups], dtype=np.intp
        )
        self.prereq_segments = np.asarray([position[g.start] for g in self.prereq_groups], dtype=np.intp)
        # Role blocks plus the whole-role block (documents and full texts), so reduceat over these gives
        # one column per role (+1 to drop).
        self.role_starts = np.asarray(
            [g.start for g in self.role_blocks] + [self.doc_group.start], dtype=np.intp
        )

        self.lexical = LexicalIndex(catalog)
        self.vectors = self._load_or_encode(encoder, cache_dir)
        self._build_weights()
        self.calibration = self._calibrate()
        log.info(
            "role index ready: %d roles, %d texts, calibration %s",
            len(catalog),
            len(texts),
            self.calibration,
        )

    @property
    def cache_key(self) -> str:
        return f"role-index-{self.catalog.version}-{self.model_name}-{self.model_version}-{len(self.texts)}"

    def _load_or_encode(self, encoder: Encoder, cache_dir: Path | None) -> np.ndarray:
        path = cache_dir / f"{self.cache_key}.npy" if cache_dir else None
        if path and path.is_file():
            vectors = np.load(path, mmap_mode="r")
            if vectors.shape == (len(self.texts), encoder.dim):
                log.info("role index loaded from %s", path)
                return np.asarray(vectors)
            log.warning("role index cache %s has the wrong shape; rebuilding", path)
        vectors = encoder.encode(self.texts)
        if path:
            try:
                self._save(vectors, path)
            except OSError as exc:  # a read-only or full cache: built again next time, nothing lost
                log.warning("role index not cached in %s: %s", path.parent, exc)
        return vectors

    def _save(self, vectors: np.ndarray, path: Path) -> None:
        with written_whole(path) as f:  # several processes may build it at once (batch processes do)
            np.save(f, vectors)
        path.with_suffix(".json").write_text(  # a human-readable note of what the file holds
            json.dumps(
                {
                    "catalog_version": self.catalog.version,
                    "model": self.model_name,
                    "model_version": self.model_version,
                    "texts": len(self.texts),
                }
            )
        )

    def _build_weights(self) -> None:
        n_roles = len(self.catalog)
        n_skills = len(self.skill_groups)
        weight = np.asarray(self.skill_weight, dtype=np.float32)
        required = np.asarray(self.skill_required)
        # Column-normalised weight matrices: coverage (skills) @ W -> weighted mean per role.
        self.required_weights = np.zeros((n_skills, n_roles), dtype=np.float32)
        self.nice_weights = np.zeros((n_skills, n_roles), dtype=np.float32)
        for s, r in enumerate(self.skill_role):
            target = self.required_weights if required[s] else self.nice_weights
            target[s, r] = weight[s]
        for matrix in (self.required_weights, self.nice_weights):
            totals = matrix.sum(axis=0, keepdims=True)
            np.divide(matrix, totals, out=matrix, where=totals > 0)
        self.language_skills = np.asarray(self.skill_language)
        skill_role = np.asarray(self.skill_role)
        # Each role's skills (required first), as indices into the per-skill arrays.
        self.role_skills = [np.flatnonzero(skill_role == r) for r in range(n_roles)]

    def _calibrate(self) -> Calibration:
        vectors = self.vectors
        nearest: list[float] = []
        for group in self.skill_groups:
            if group.stop - group.start > 1:
                block = vectors[group.start : group.stop]
                sims = block @ block.T
                np.fill_diagonal(sims, -1.0)
                nearest.extend(sims.max(axis=1).tolist())
        families = np.asarray([self.catalog.roles[r].family for r in self.skill_role])
        heads = vectors[[g.start for g in self.skill_groups]]
        different = families[:, None] != families[None, :]
        unrelated = float(np.percentile((heads @ heads.T)[different], 50))
        paraphrase = float(np.percentile(nearest, 90)) if nearest else unrelated + 0.5
        return Calibration(unrelated=unrelated, paraphrase=max(paraphrase, unrelated + 0.1))


def _literal_pattern(signals: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word matcher for a prerequisite's signals; acronyms ("RN", "CPA") must match in capitals."""
    parts = []
    for signal in sorted(signals, key=len, reverse=True):
        escaped = re.escape(signal)
        parts.append(escaped if signal.isupper() else f"(?i:{escaped})")
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")
