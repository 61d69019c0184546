"""Shared fixtures: the real catalog and model (loaded once), and a tiny fake encoder for pure logic."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")


from recommender.catalog import Catalog, load_catalog
from recommender.encode.embedding import load_encoder
from recommender.match.engine import Recommender

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The command line's cache (role index, decompressed model files) for this run only, never the
    user's own: set before any test runs a command, in process or as a subprocess."""
    os.environ["CAREERPIVOT_CACHE_DIR"] = str(tmp_path_factory.mktemp("careerpivot-cache"))


class HashingEncoder:
    """A deterministic bag-of-words encoder: enough to test ranking logic without a model."""

    name = "hashing-test"
    version = "1"
    dim = 256

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for token in re.findall(r"\w+", text.lower()):
                bucket = int(hashlib.md5(token.encode()).hexdigest()[:8], 16) % self.dim
                out[i, bucket] += 1.0
            norm = np.linalg.norm(out[i])
            if norm:
                out[i] /= norm
        return out


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def recommender(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Recommender:
    """The real engine: bundled catalog, packaged multilingual model, as users get it."""
    return Recommender(catalog, load_encoder(), cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def fake_recommender(catalog: Catalog) -> Recommender:
    return Recommender(catalog, HashingEncoder())


@pytest.fixture(scope="session")
def served_recommender(recommender: Recommender) -> Recommender:
    """The engine as `make run` serves it: the shipped ranker choice and the pair judge."""
    served = Recommender(recommender.catalog, recommender.encoder, cache_dir=recommender.cache_dir)
    served.use_ranker("auto")
    served.use_pair_judge()
    return served
