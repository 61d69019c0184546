"""The lexical channel: TF-IDF between a profile's words and every word of each role.

Embeddings judge meaning phrase by phrase; on long text (an occupation's
duties, a two-page résumé) the plain overlap of words with a role's whole text
(title, summary, tasks, skills with their signals, backgrounds, entry paths)
is a strong signal of its own, and the two disagree in useful ways. Sublinear
term frequency, English stop words and word bigrams: the configuration that
scored best as a stand-alone baseline on the labelled sets (see `make eval`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from recommender.catalog import Catalog
from recommender.encode.tfidf import Tfidf, TfidfSettings
from recommender.resources import english_stop_words

# Cosine at which the lexical match counts in full: about the 90th percentile of a
# profile's best role over the training profiles (median 0.10).
FULL_MATCH = 0.3


def role_settings() -> TfidfSettings:
    return TfidfSettings(sublinear_tf=True, stop_words=english_stop_words(), ngram_range=(1, 2))


class LexicalIndex:
    """TF-IDF vectors of every role's full text; `similarity` gives (profiles x roles) cosines.

    `Tfidf` fits the vocabulary and idf; transforming one profile goes through a dict look-up and
    a dense (terms x roles) matrix instead of a sparse matrix product, which cost ~2 ms more per
    request (measured) for the same numbers.
    """

    def __init__(self, catalog: Catalog) -> None:
        self.model, self.roles = Tfidf.fit(role_settings(), [role.full_text() for role in catalog])
        self._analyse = self.model.settings.analyze
        self._terms: dict[str, int] = self.model.vocabulary
        self._idf = self.model.idf.astype(np.float64)
        self._role_columns = np.asarray(self.roles.T.toarray(), dtype=np.float64)  # (terms, roles)

    def similarity(self, documents: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(documents), self._role_columns.shape[1]))
        for i, document in enumerate(documents):
            counts = Counter(t for t in self._analyse(document) if t in self._terms)
            if not counts:
                continue
            columns = np.fromiter((self._terms[t] for t in counts), dtype=np.intp, count=len(counts))
            weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self._idf[columns]
            out[i] = (weights / np.linalg.norm(weights)) @ self._role_columns[columns]
        return out

    def match(self, document: str) -> np.ndarray:
        """How well one profile's words cover each role's, in [0, 1]."""
        return np.minimum(1.0, self.similarity([document])[0] / FULL_MATCH)
