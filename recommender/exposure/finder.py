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

import re
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from recommender.embedding import Encoder
from recommender.exposure.tables import ExposureTables, load_vectors

_TOKEN = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*\.?|@", re.UNICODE)
_PARTS = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*/\s*")
MAX_KEY_WORDS = 3

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


class OccupationFinder:
    """Scores every occupation against short texts (job titles, duty lines)."""

    def __init__(self, tables: ExposureTables, encoder: Encoder | None = None) -> None:
        self.tables = tables
        self.codes = sorted(tables.occupations)
        position = {code: i for i, code in enumerate(self.codes)}
        lexicon, capitals = tables.lexicon, tables.capitals_only

        # Titles, grouped by occupation: O*NET's title, its parts ("Reporters"), the others.
        entries: list[tuple[int, str]] = []
        for code in self.codes:
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
        entries = [entries[i] for i in order]
        english_titles = [english_titles[i] for i in order]
        self._title_weight = np.asarray([weights[i] for i in order], dtype=np.float32)
        self._title_owner = np.asarray([e[0] for e in entries], dtype=np.intp)
        self._title_vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
        )
        # Only the transposed matrices are kept (features x titles): scoring visits the query's n-grams.
        self._title_by_feature = self._title_vectorizer.fit_transform(english_titles).T.tocsr()
        self._title_starts = np.flatnonzero(np.r_[True, np.diff(self._title_owner) != 0])

        task_entries = [(position[c], t.text) for c in self.codes for t in tables.tasks.get(c, ())]
        self._task_owner = np.asarray([e[0] for e in task_entries], dtype=np.intp)
        # Duty lines are short and tasks long: score how much of the line (idf-weighted) one task covers.
        self._task_vectorizer = TfidfVectorizer(
            analyzer=_stems, binary=True, norm="l1", use_idf=True, dtype=np.float32
        )
        task_matrix = (self._task_vectorizer.fit_transform([text for _, text in task_entries]) > 0).astype(
            np.float32
        )
        self._task_by_feature = task_matrix.T.tocsr()
        # The fitted stop-word list is only for inspection; it holds every pruned term.
        self._title_vectorizer.stop_words_ = None
        self._task_vectorizer.stop_words_ = None
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
        english = [to_english(t, self.tables.lexicon, self.tables.capitals_only) for t in texts]
        # Against the transposed matrices made once: only the query's own n-grams are visited.
        title_sims = (self._title_vectorizer.transform(english) @ self._title_by_feature).toarray()
        title_sims *= self._title_weight
        title = self._group_max(title_sims, self._title_starts, self._title_owner[self._title_starts])
        task_sims = (self._task_vectorizer.transform(english) @ self._task_by_feature).toarray()
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
