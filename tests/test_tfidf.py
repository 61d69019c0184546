"""The engine's own TF-IDF gives scikit-learn's numbers for every configuration the engine uses."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from recommender.catalog import load_catalog
from recommender.encode.lexical import role_settings
from recommender.encode.tfidf import Tfidf, TfidfSettings
from recommender.exposure.finder import TASK_SETTINGS, TITLE_SETTINGS, _stems
from recommender.resources import english_stop_words

TEXTS = [
    "Reporter, Kompas, 2015-2023: wrote and fact-checked news stories",
    "Wartawan di harian Kompas; menulis berita dan memeriksa fakta.",
    "Sr. Acct / Bookkeeper — reconciled bank statements, AP & AR",
    "  Perawat   ICU  (RSUP Dr. Sardjito)\n\ttriage, médication, dosis  ",
    "a I x",  # words shorter than the n-grams, a stop word, a single letter
    "",
    "Customer service customer service customer service: calls, e-mail, chat",
    "José Müller-Lüdenscheidt, Café & Bäckerei, naïve façade",
]
QUERIES = [*TEXTS, "nurse in a busy ICU ward", "Kasir toko swalayan", "zzz unseen words only"]


def _sklearn(settings: TfidfSettings, stop_words: object = None) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer=settings.analyzer,
        ngram_range=settings.ngram_range,
        stop_words=stop_words,
        sublinear_tf=settings.sublinear_tf,
        binary=settings.binary,
        norm=settings.norm,
        dtype=settings.dtype,
    )


CONFIGS = {
    "lexical channel (words, bigrams, stop words)": (role_settings(), "english"),
    "occupation titles (char_wb 3-5)": (TITLE_SETTINGS, None),
    "occupation tasks (stems, binary, l1)": (TASK_SETTINGS, None),
}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_fit_and_transform_give_scikit_learns_numbers(name: str) -> None:
    settings, stop_words = CONFIGS[name]
    reference = _sklearn(settings, stop_words)
    expected_fit = reference.fit_transform(TEXTS).toarray()
    model, fitted = Tfidf.fit(settings, TEXTS)
    assert model.vocabulary == reference.vocabulary_
    np.testing.assert_allclose(model.idf, reference.idf_, rtol=1e-6)
    np.testing.assert_allclose(fitted.toarray(), expected_fit, atol=1e-6)
    np.testing.assert_allclose(
        model.transform(QUERIES).toarray(), reference.transform(QUERIES).toarray(), atol=1e-6
    )


def test_a_saved_model_transforms_as_the_fitted_one() -> None:
    model, _ = Tfidf.fit(TITLE_SETTINGS, TEXTS)
    again = Tfidf.from_terms(TITLE_SETTINGS, model.terms(), model.idf)
    np.testing.assert_array_equal(again.transform(QUERIES).toarray(), model.transform(QUERIES).toarray())


def test_the_role_catalogs_lexical_vectors_match_scikit_learn() -> None:
    texts = [role.full_text() for role in load_catalog()]
    reference = _sklearn(role_settings(), "english").fit(texts)
    model, _ = Tfidf.fit(role_settings(), texts)
    profile = ["I wrote and fact-checked news stories and edited copy for a newspaper."]
    np.testing.assert_allclose(
        model.transform(profile).toarray(), reference.transform(profile).toarray(), atol=1e-6
    )


def test_the_bundled_stop_words_are_scikit_learns() -> None:
    assert english_stop_words() == ENGLISH_STOP_WORDS


def test_stems_analyzer_is_named_stably_for_cache_names() -> None:
    assert "recommender.exposure.finder._stems" in TASK_SETTINGS.describe()
    assert _stems("Reconciled bank statements") == _stems("reconcile bank statement")
