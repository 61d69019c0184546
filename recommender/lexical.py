"""The lexical channel: TF-IDF between a profile's words and every word of each role.

Embeddings judge meaning phrase by phrase; on long text (an occupation's
duties, a two-page résumé) the plain overlap of words with a role's whole text
(title, summary, tasks, skills with their signals, backgrounds, entry paths)
is a strong signal of its own, and the two disagree in useful ways. Sublinear
term frequency, English stop words and word bigrams: the configuration that
scored best as a stand-alone baseline on the labelled sets (see `make eval`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from recommender.catalog import Catalog

# Cosine at which the lexical match counts in full: about the 90th percentile of a
# profile's best role over the training profiles (median 0.10).
FULL_MATCH = 0.3


def role_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(sublinear_tf=True, stop_words="english", ngram_range=(1, 2))


class LexicalIndex:
    """TF-IDF vectors of every role's full text; `similarity` gives (profiles x roles) cosines."""

    def __init__(self, catalog: Catalog) -> None:
        self.vectorizer = role_vectorizer()
        self.roles = self.vectorizer.fit_transform([role.full_text() for role in catalog])

    def similarity(self, documents: Sequence[str]) -> np.ndarray:
        return np.asarray((self.vectorizer.transform(list(documents)) @ self.roles.T).toarray())

    def match(self, document: str) -> np.ndarray:
        """How well one profile's words cover each role's, in [0, 1]."""
        return np.minimum(1.0, self.similarity([document])[0] / FULL_MATCH)
