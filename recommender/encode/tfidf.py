"""TF-IDF as the engine uses it, computed with numpy and scipy.sparse: no scikit-learn in the server.

scikit-learn's `TfidfVectorizer` is the reference, and the engine used it until
its import was measured to be most of a server process's start: importing
`sklearn.feature_extraction.text` takes 2.6 s and 186 MB against 0.5 s and
49 MB for numpy with scipy.sparse (this machine, `python -X importtime`;
scikit-learn 1.9 imports scipy.stats and pandas on the way), and every server
worker and batch process paid it. Only the options the engine uses are here,
with scikit-learn's semantics: its word tokens (`(?u)\\b\\w\\w+\\b`) or
`char_wb` n-grams of the lower-cased text, or a callable analyzer; stop words;
sublinear or binary term frequency; smoothed idf; l1 or l2 rows; vocabulary in
sorted order. `tests/test_tfidf.py` checks fit and transform against
`TfidfVectorizer` on English and Indonesian text, so a difference shows there.
Anything beyond these options belongs to scikit-learn, which stays a
dependency for training.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from scipy import sparse

Analyzer = Literal["word", "char_wb"] | Callable[[str], list[str]]
_WORD = re.compile(r"(?u)\b\w\w+\b")
_WHITE_SPACES = re.compile(r"\s\s+")


@dataclass(frozen=True)
class TfidfSettings:
    """How texts become terms and how term counts become weights."""

    analyzer: Analyzer = "word"
    ngram_range: tuple[int, int] = (1, 1)
    stop_words: frozenset[str] = field(default=frozenset(), repr=False)
    sublinear_tf: bool = False
    binary: bool = False
    norm: Literal["l1", "l2"] | None = "l2"
    dtype: type[np.floating] = np.float64

    def analyze(self, text: str) -> list[str]:
        if callable(self.analyzer):
            return self.analyzer(text)
        if self.analyzer == "char_wb":
            return _char_wb_ngrams(text.lower(), *self.ngram_range)
        tokens = [t for t in _WORD.findall(text.lower()) if t not in self.stop_words]
        return _word_ngrams(tokens, *self.ngram_range)

    def describe(self) -> str:
        """A stable description for cache names (a callable analyzer by its module and name)."""
        analyzer = self.analyzer
        name = f"{analyzer.__module__}.{analyzer.__qualname__}" if callable(analyzer) else analyzer
        stop = len(self.stop_words)
        return (
            f"{name} {self.ngram_range} stop={stop} sublinear={self.sublinear_tf} binary={self.binary} "
            f"norm={self.norm} {np.dtype(self.dtype).name}"
        )


def _word_ngrams(tokens: list[str], low: int, high: int) -> list[str]:
    if high == 1:
        return tokens
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def _char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams inside words, each word padded with a space on both sides."""
    grams: list[str] = []
    for word in _WHITE_SPACES.sub(" ", text).split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) <= n:  # a short word counts once, whole
                grams.append(padded)
                break
            grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return grams


@dataclass(frozen=True)
class Tfidf:
    """A fitted TF-IDF model: settings, vocabulary (term -> column) and idf weights."""

    settings: TfidfSettings
    vocabulary: dict[str, int]
    idf: np.ndarray

    @classmethod
    def fit(cls, settings: TfidfSettings, texts: Sequence[str]) -> tuple[Tfidf, sparse.csr_matrix]:
        """Fit on `texts` and return the model with their weighted (texts x terms) matrix."""
        counts = [Counter(settings.analyze(text)) for text in texts]
        terms = sorted(set().union(*counts)) if counts else []
        vocabulary = {term: column for column, term in enumerate(terms)}
        matrix = _count_matrix(counts, vocabulary, settings.dtype)
        df = np.bincount(matrix.indices, minlength=len(vocabulary)).astype(settings.dtype)
        idf = np.log((len(texts) + 1) / (df + 1), dtype=settings.dtype) + settings.dtype(1)
        model = cls(settings, vocabulary, idf.astype(settings.dtype))
        return model, model._weigh(matrix)

    @classmethod
    def from_terms(cls, settings: TfidfSettings, terms: Iterable[str], idf: np.ndarray) -> Tfidf:
        """A model saved as its terms in column order and its idf weights."""
        return cls(settings, {str(term): column for column, term in enumerate(terms)}, idf)

    def terms(self) -> np.ndarray:
        """The vocabulary in column order (for saving)."""
        ordered = [""] * len(self.vocabulary)
        for term, column in self.vocabulary.items():
            ordered[column] = term
        return np.asarray(ordered, dtype=str)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Weighted (texts x terms) matrix; terms outside the vocabulary are left out."""
        counts = [Counter(self.settings.analyze(text)) for text in texts]
        return self._weigh(_count_matrix(counts, self.vocabulary, self.settings.dtype))

    def _weigh(self, matrix: sparse.csr_matrix) -> sparse.csr_matrix:
        if self.settings.binary:
            matrix.data[:] = 1
        elif self.settings.sublinear_tf:
            np.log(matrix.data, out=matrix.data)
            matrix.data += 1
        matrix.data *= self.idf[matrix.indices]
        if self.settings.norm is not None:
            rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
            values = np.abs(matrix.data) if self.settings.norm == "l1" else matrix.data**2
            totals = np.bincount(rows, weights=values, minlength=matrix.shape[0])
            if self.settings.norm == "l2":
                totals = np.sqrt(totals)
            totals[totals == 0] = 1
            matrix.data /= totals[rows].astype(matrix.dtype)
        return matrix


def _count_matrix(
    counts: list[Counter[str]], vocabulary: dict[str, int], dtype: type[np.floating]
) -> sparse.csr_matrix:
    indptr = np.zeros(len(counts) + 1, dtype=np.int64)
    indices: list[int] = []
    values: list[int] = []
    column_of = vocabulary.get
    for i, row in enumerate(counts):
        for term, n in row.items():
            column = column_of(term)
            if column is not None:
                indices.append(column)
                values.append(n)
        indptr[i + 1] = len(indices)
    matrix = sparse.csr_matrix(
        (np.asarray(values, dtype=dtype), np.asarray(indices, dtype=np.int32), indptr),
        shape=(len(counts), len(vocabulary)),
    )
    matrix.sort_indices()
    return matrix
