"""Find the O*NET-SOC occupations a job title or duty line describes.

Three views of each occupation are compared with the person's words:

- its titles (O*NET's own title and its parts, alternate titles, titles workers reported),
  by character n-gram TF-IDF after the words are put into English with a small lexicon
  (`data/exposure/lexicon.yaml`: Indonesian job words, abbreviations like "sr. acct");
- its task statements, by word TF-IDF (for duty lines: "reconciled bank statements");
- its title, by the sentence encoder (multilingual: "perawat" lands near "Registered Nurses");
- the mean of its task statements' vectors, built once by `careerpivot build-data` for the
  default encoder (a duty line in Indonesian lands near the tasks it describes).

A guess is made only when the words support it: below `MIN_SCORE` the finder answers nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from recommender.cachefiles import written_whole
from recommender.encode.embedding import Encoder
from recommender.encode.tfidf import Tfidf, TfidfSettings
from recommender.exposure.tables import ExposureTables, load_vectors

_TOKEN = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*\.?|@", re.UNICODE)
_PARTS = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*/\s*")
MAX_KEY_WORDS = 3
log = logging.getLogger(__name__)

# Weights of the four views (chosen on half of data/eval/occupations.tsv, checked on the other
# half: see docs/exposure.md), and the least combined score that supports a guess.
TITLE_WEIGHT = 0.35
TASK_WEIGHT = 0.18
SEMANTIC_WEIGHT = 0.12
DUTY_SEMANTIC_WEIGHT = 0.35
ALTERNATE_WEIGHT = 0.9
DUTY_WORDS = 4
MIN_SCORE = 0.25


def to_english(text: str, lexicon: dict[str, str], capitals_only: frozenset[str] = frozenset()) -> str:
    """Replace known words (longest first, up to three words) by their English job words."""
    tokens = _TOKEN.findall(text)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(MAX_KEY_WORDS, len(tokens) - i), 0, -1):
            words = tokens[i : i + n]
            key = " ".join(words).lower()
            lookup = key if key in lexicon else key.rstrip(".")
            if lookup in lexicon and not (lookup in capitals_only and not words[0].isupper()):
                if lexicon[lookup]:
                    out.append(lexicon[lookup])
                i += n
                break
        else:
            if not tokens[i].isdigit():  # years and counts name no occupation
                out.append(tokens[i].lower().rstrip("."))
            i += 1
    return " ".join(w for w in out if w != "@")


_STEM_WORD = re.compile(r"[a-z]+")
# A suffix comes off only when at least four letters stay.
_SUFFIX = re.compile(r"(?<=[a-z]{4})(?:ations|ation|ings|ing|ers|er|ies|ied|es|ed|s|ly)$")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "from",
        "by",
        "at",
        "as",
        "into",
        "via",
        "per",
        "their",
        "our",
        "my",
        "his",
        "her",
        "its",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "i",
        "we",
        "they",
        "you",
        "daily",
        "each",
        "all",
        "other",
        "new",
    ]
)


def _stems(text: str) -> list[str]:
    """Lower-case words minus common suffixes ("reconciled" and "reconcile" -> "reconcil")."""
    return [
        _SUFFIX.sub("", word).rstrip("e")
        for word in _STEM_WORD.findall(text.lower())
        if len(word) >= 3 and word not in _STOP
    ]


@dataclass(frozen=True)
class Match:
    code: str
    title: str
    score: float  # combined, 0..1
    title_score: float
    task_score: float
    semantic_score: float


# The fields of LexicalViews stored as they are (the two matrices are stored by their CSR parts).
_PLAIN_ARRAYS = (
    "title_terms",
    "title_idf",
    "title_weight",
    "title_owner",
    "task_terms",
    "task_idf",
    "task_owner",
)


@dataclass(frozen=True)
class LexicalViews:
    """The finder's word views, fitted once per table version: title n-grams and task words.

    Fitting them reads ~57,000 titles and ~19,000 tasks (about 3.5 s of one core), so a server
    process keeps them in its cache directory as arrays (`save`, `load`) and fits only once.
    """

    title_terms: np.ndarray  # vocabulary in column order
    title_idf: np.ndarray
    title_by_feature: sparse.csr_matrix  # (features x titles), only the query's n-grams are visited
    title_weight: np.ndarray
    title_owner: np.ndarray
    task_terms: np.ndarray
    task_idf: np.ndarray
    task_by_feature: sparse.csr_matrix
    task_owner: np.ndarray

    @classmethod
    def fit(cls, tables: ExposureTables, codes: list[str]) -> LexicalViews:
        position = {code: i for i, code in enumerate(codes)}
        lexicon, capitals = tables.lexicon, tables.capitals_only
        # Titles, grouped by occupation: O*NET's title, its parts ("Reporters"), the others.
        entries: list[tuple[int, str]] = []
        for code in codes:
            title = tables.occupations[code].title
            entries.append((position[code], title))
            entries.extend((position[code], part) for part in _PARTS.split(title) if part and part != title)
        n_primary = len(entries)
        entries.extend((position[code], title) for code, title in tables.titles if code in position)
        # A title many occupations share ("Cashier" is listed under 14) says less about any one of them.
        english_titles = [to_english(text, lexicon, capitals) for _, text in entries]
        sharing: dict[str, set[int]] = {}
        for (owner, _), text in zip(entries, english_titles, strict=True):
            sharing.setdefault(text, set()).add(owner)
        weights = [
            1.0 if i < n_primary else ALTERNATE_WEIGHT / len(sharing[text]) ** 0.5
            for i, text in enumerate(english_titles)
        ]
        order = sorted(range(len(entries)), key=lambda i: entries[i][0])
        titles, title_matrix = Tfidf.fit(TITLE_SETTINGS, [english_titles[i] for i in order])
        task_entries = [(position[c], t.text) for c in codes for t in tables.tasks.get(c, ())]
        # Duty lines are short and tasks long: score how much of the line (idf-weighted) one task covers.
        tasks, task_weights = Tfidf.fit(TASK_SETTINGS, [text for _, text in task_entries])
        task_matrix = (task_weights > 0).astype(np.float32)
        return cls(
            title_terms=titles.terms(),
            title_idf=titles.idf,
            title_by_feature=title_matrix.T.tocsr(),
            title_weight=np.asarray([weights[i] for i in order], dtype=np.float32),
            title_owner=np.asarray([entries[i][0] for i in order], dtype=np.intp),
            task_terms=tasks.terms(),
            task_idf=tasks.idf,
            task_by_feature=task_matrix.T.tocsr(),
            task_owner=np.asarray([e[0] for e in task_entries], dtype=np.intp),
        )

    def models(self) -> tuple[Tfidf, Tfidf]:
        """The two fitted TF-IDF models, made from the vocabularies and idf weights."""
        titles = Tfidf.from_terms(TITLE_SETTINGS, self.title_terms, self.title_idf)
        return titles, Tfidf.from_terms(TASK_SETTINGS, self.task_terms, self.task_idf)

    def save(self, path: Path) -> None:
        arrays: dict[str, np.ndarray] = {}
        for name in ("title", "task"):
            matrix = getattr(self, f"{name}_by_feature")
            arrays |= {f"{name}_{part}": getattr(matrix, part) for part in ("data", "indices", "indptr")}
            arrays[f"{name}_shape"] = np.asarray(matrix.shape)
        for name in _PLAIN_ARRAYS:
            arrays[name] = getattr(self, name)
        with written_whole(path) as handle:  # server processes may build it at once
            np.savez(handle, allow_pickle=False, **arrays)

    @classmethod
    def load(cls, path: Path) -> LexicalViews:
        with np.load(path, allow_pickle=False) as data:
            a = {name: data[name] for name in data.files}
        matrices = {
            f"{name}_by_feature": sparse.csr_matrix(
                (a[f"{name}_data"], a[f"{name}_indices"], a[f"{name}_indptr"]),
                shape=tuple(a[f"{name}_shape"]),
            )
            for name in ("title", "task")
        }
        return cls(**matrices, **{name: a[name] for name in _PLAIN_ARRAYS})

    @staticmethod
    def cache_name(tables: ExposureTables) -> str:
        """Names the tables and both models' settings: any change refits."""
        settings = f"{TITLE_SETTINGS.describe()} | {TASK_SETTINGS.describe()} | format {CACHE_FORMAT}"
        digest = hashlib.sha256(f"{tables.version} {settings}".encode()).hexdigest()[:12]
        return f"occupation-finder-{digest}.npz"


TITLE_SETTINGS = TfidfSettings(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32)
TASK_SETTINGS = TfidfSettings(analyzer=_stems, binary=True, norm="l1", dtype=np.float32)
CACHE_FORMAT = 2  # 2: fitted by recommender.encode.tfidf (1: by scikit-learn)


def lexical_views(tables: ExposureTables, codes: list[str], cache_dir: Path | None) -> LexicalViews:
    """The fitted word views, from `cache_dir` when they are there (fitted and saved there if not)."""
    path = cache_dir / LexicalViews.cache_name(tables) if cache_dir else None
    if path and path.is_file():
        try:
            return LexicalViews.load(path)
        except (OSError, ValueError, KeyError) as exc:
            log.warning("occupation finder cache %s is unreadable (%s); fitting again", path, exc)
    views = LexicalViews.fit(tables, codes)
    if path:
        try:
            views.save(path)
        except OSError as exc:  # a read-only or full data directory: fitting again next start is fine
            log.warning("occupation finder cache not written to %s: %s", path, exc)
    return views


class OccupationFinder:
    """Scores every occupation against short texts (job titles, duty lines)."""

    def __init__(
        self, tables: ExposureTables, encoder: Encoder | None = None, cache_dir: Path | None = None
    ) -> None:
        self.tables = tables
        self.codes = sorted(tables.occupations)
        views = lexical_views(tables, self.codes, cache_dir)
        self._title_model, self._task_model = views.models()
        self._title_by_feature, self._task_by_feature = views.title_by_feature, views.task_by_feature
        self._title_weight, self._title_owner = views.title_weight, views.title_owner
        self._task_owner = views.task_owner
        self._title_starts = np.flatnonzero(np.r_[True, np.diff(self._title_owner) != 0])
        self._task_starts = np.flatnonzero(np.r_[True, np.diff(self._task_owner) != 0])
        self._task_codes = self._task_owner[self._task_starts]

        self.encoder = encoder
        self._title_vectors: np.ndarray | None = None
        self._task_centroids: np.ndarray | None = None
        if encoder is not None:
            self._title_vectors = self._by_code(load_vectors(tables.directory, "title-vectors", encoder.name))
            if self._title_vectors is None or len(self._title_vectors) != len(self.codes):
                self._title_vectors = encoder.encode([tables.occupations[c].title for c in self.codes])
            self._task_centroids = self._by_code(
                load_vectors(tables.directory, "task-centroids", encoder.name)
            )

    def _by_code(self, vectors: dict[str, np.ndarray] | None) -> np.ndarray | None:
        """Rows in occupation order (zeros for an occupation without a vector)."""
        if not vectors:
            return None
        dim = len(next(iter(vectors.values())))
        matrix = np.zeros((len(self.codes), dim), dtype=np.float32)
        for i, code in enumerate(self.codes):
            if code in vectors:
                matrix[i] = vectors[code]
        return matrix

    def _group_max(self, sims: np.ndarray, starts: np.ndarray, owners: np.ndarray) -> np.ndarray:
        out = np.zeros((sims.shape[0], len(self.codes)), dtype=np.float32)
        if sims.shape[1]:
            out[:, owners] = np.maximum.reduceat(sims, starts, axis=1)
        return out

    def score(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Combined, title, task and semantic scores: arrays of (texts x occupations)."""
        # A line holding several phrases is a candidate once per phrase: score each text once.
        unique = list(dict.fromkeys(texts))
        if len(unique) < len(texts):
            row = {text: i for i, text in enumerate(unique)}
            rows = [row[t] for t in texts]
            return tuple(view[rows] for view in self._score(unique))  # type: ignore[return-value]
        return self._score(texts)

    def _score(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        english = [to_english(t, self.tables.lexicon, self.tables.capitals_only) for t in texts]
        # Against the transposed matrices made once: only the query's own n-grams are visited.
        title_sims = (self._title_model.transform(english) @ self._title_by_feature).toarray()
        title_sims *= self._title_weight
        title = self._group_max(title_sims, self._title_starts, self._title_owner[self._title_starts])
        task_sims = (self._task_model.transform(english) @ self._task_by_feature).toarray()
        task = self._group_max(task_sims, self._task_starts, self._task_codes)
        # A line of one or two words is a title, not a duty: its task reading counts for less.
        words = np.asarray([len(_stems(t)) for t in english], dtype=np.float32)
        task *= np.minimum(1.0, words / DUTY_WORDS)[:, None]
        semantic = np.zeros_like(title)
        duty_semantic = np.zeros_like(title)
        if self._title_vectors is not None and self.encoder is not None:
            vectors = self.encoder.encode(texts)
            semantic = np.clip(vectors @ self._title_vectors.T, 0, 1).astype(np.float32)
            if self._task_centroids is not None:
                duty_semantic = np.clip(vectors @ self._task_centroids.T, 0, 1).astype(np.float32)
        combined = (
            TITLE_WEIGHT * title
            + TASK_WEIGHT * task
            + SEMANTIC_WEIGHT * semantic
            + DUTY_SEMANTIC_WEIGHT * duty_semantic
        )
        return combined, title, task, np.maximum(semantic, duty_semantic)

    def find(self, text: str, k: int = 3) -> list[Match]:
        """The `k` best occupations for one text, best first (empty when nothing supports a guess)."""
        return self.find_many([text], k)[0]

    def find_many(self, texts: list[str], k: int = 3) -> list[list[Match]]:
        if not texts:
            return []
        combined, title, task, semantic = self.score(texts)
        results = []
        for row in range(len(texts)):
            order = np.argsort(-combined[row], kind="stable")[:k]
            results.append(
                [
                    Match(
                        self.codes[j],
                        self.tables.occupations[self.codes[j]].title,
                        round(float(combined[row, j]), 3),
                        round(float(title[row, j]), 3),
                        round(float(task[row, j]), 3),
                        round(float(semantic[row, j]), 3),
                    )
                    for j in order
                    if combined[row, j] >= MIN_SCORE
                ]
            )
        return results
