from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from recommender.embedding import CachedEncoder, load_encoder
from recommender.errors import ModelError

from .conftest import HashingEncoder


class CountingEncoder(HashingEncoder):
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return super().encode(texts)


def test_cache_encodes_each_distinct_phrase_once() -> None:
    inner = CountingEncoder()
    cached = CachedEncoder(inner, max_items=100)
    first = cached.encode(["Excel", "SQL", "Excel"])
    second = cached.encode(["SQL", "Tableau"])
    assert inner.calls == [["Excel", "SQL"], ["Tableau"]]
    np.testing.assert_array_equal(first[1], second[0])
    assert cached.hits == 1 and cached.misses == 3


def test_cache_evicts_least_recently_used() -> None:
    inner = CountingEncoder()
    cached = CachedEncoder(inner, max_items=2)
    cached.encode(["a", "b"])
    cached.encode(["a"])  # a is now the most recent
    cached.encode(["c"])  # evicts b
    cached.encode(["a", "b"])
    assert inner.calls[-1] == ["b"]


def test_unknown_model_name_says_which_exist() -> None:
    with pytest.raises(ModelError, match="use-multilingual, minilm"):
        load_encoder("gpt-9")


def test_multilingual_model_puts_indonesian_next_to_its_english_twin() -> None:
    encoder = load_encoder()
    english = encoder.encode(["fact-checking", "patient education", "graphic design", "sales negotiation"])
    indonesian = encoder.encode(["memverifikasi fakta", "edukasi pasien", "desain grafis"])
    sims = indonesian @ english.T
    assert sims.argmax(axis=1).tolist() == [0, 1, 2]
    assert np.allclose(np.linalg.norm(english, axis=1), 1.0, atol=1e-4)
