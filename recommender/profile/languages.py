"""Which languages a profile shows: the language it is written in, and languages it names."""

from __future__ import annotations

import logging
import re
import threading
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from recommender.cachefiles import written_whole

log = logging.getLogger(__name__)

# Languages the detector may answer with. Restricting it keeps a list of tool
# names ("Python, Django, Docker") from being read as a rare language.
DETECTABLE = (
    "en",
    "id",
    "ms",
    "es",
    "pt",
    "fr",
    "de",
    "it",
    "nl",
    "tl",
    "vi",
    "th",
    "zh",
    "ja",
    "ko",
    "ar",
    "hi",
    "bn",
    "ur",
    "ru",
    "pl",
    "tr",
    "uk",
    "sw",
    "ro",
    "sv",
    "cs",
    "el",
    "he",
    "fa",
)
MIN_CONFIDENCE = 0.6
_LETTERS = re.compile(r"[^\W\d_]")
MIN_LETTERS = 12
SAMPLE_CHARS = 2000

NAMES: dict[str, tuple[str, ...]] = {
    "en": ("english", "inggris"),
    "id": ("indonesian", "bahasa indonesia", "indonesia"),
    "ms": ("malay", "melayu"),
    "jv": ("javanese", "jawa"),
    "su": ("sundanese", "sunda"),
    "es": ("spanish", "spanyol"),
    "pt": ("portuguese", "portugis"),
    "fr": ("french", "perancis", "prancis"),
    "de": ("german", "jerman"),
    "it": ("italian", "italia"),
    "nl": ("dutch", "belanda"),
    "tl": ("tagalog", "filipino"),
    "vi": ("vietnamese", "vietnam"),
    "th": ("thai",),
    "zh": ("mandarin", "cantonese", "chinese"),
    "ja": ("japanese", "jepang"),
    "ko": ("korean",),
    "ar": ("arabic", "arab"),
    "hi": ("hindi",),
    "bn": ("bengali", "bangla"),
    "ru": ("russian", "rusia"),
    "tr": ("turkish", "turki"),
    "pl": ("polish",),
    "uk": ("ukrainian",),
    "sw": ("swahili",),
    "ta": ("tamil",),
    "te": ("telugu",),
    "mr": ("marathi",),
    "pa": ("punjabi",),
    "ur": ("urdu",),
    "fa": ("persian", "farsi"),
    "he": ("hebrew",),
    "el": ("greek", "yunani"),
    "sv": ("swedish",),
    "no": ("norwegian",),
    "da": ("danish",),
    "fi": ("finnish",),
    "cs": ("czech",),
    "ro": ("romanian",),
    "hu": ("hungarian",),
    "yo": ("yoruba",),
    "ha": ("hausa",),
    "am": ("amharic",),
    "km": ("khmer",),
    "my": ("burmese",),
}
# Indonesian language names need the word "bahasa" before them ("bahasa Jepang"),
# since on their own they are country names; English names are adjectives.
_INDONESIAN_ONLY = {
    "inggris",
    "indonesia",
    "melayu",
    "jawa",
    "sunda",
    "spanyol",
    "portugis",
    "perancis",
    "prancis",
    "jerman",
    "italia",
    "belanda",
    "vietnam",
    "jepang",
    "arab",
    "rusia",
    "turki",
    "yunani",
}


# Display names: the first English name of each language, with a few preferred forms.
LANGUAGE_NAMES: dict[str, str] = {code: names[0].title() for code, names in NAMES.items()} | {
    "id": "Bahasa Indonesia",
    "zh": "Chinese",
    "bn": "Bengali",
    "fa": "Persian",
}


@dataclass(frozen=True)
class LanguageMention:
    code: str
    start: int
    end: int


_IDENTIFIER_LOCK = threading.Lock()  # one load, however many threads ask at once
_loaded: list[Any] = []  # the identifier, once loaded


def _package_model() -> dict[str, Any]:
    """The arguments of py3langid's `LanguageIdentifier` for the `DETECTABLE` languages only.

    The score tables are cut to those languages here, instead of `set_languages` on the full
    identifier, which keeps the full tables beside the cut ones (27 MB of float16 scores for 142
    classes in every process that loads it, beside 6 MB for 30). Scores and answers are the same.
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    full = LanguageIdentifier.from_model_file(MODEL_FILE)
    wanted = set(DETECTABLE)
    columns = [i for i, code in enumerate(full.nb_classes) if code in wanted]
    return {
        "nb_ptc": full.nb_ptc[:, columns],
        "nb_pc": full.nb_pc[columns],
        "nb_classes": [full.nb_classes[i] for i in columns],
        "tk_nextmove": full.tk_nextmove,
        "tk_output": full.tk_output,
        "tk_row": full.tk_row,
    }


def _identifier(model: dict[str, Any]) -> Any:
    from py3langid.langid import LanguageIdentifier

    return LanguageIdentifier(
        model["nb_ptc"],
        model["nb_pc"],
        model["nb_classes"],
        model["tk_nextmove"],
        model["tk_output"],
        norm_probs=True,
        tk_row=model["tk_row"],
    )


def _copy_files(cache_dir: Path) -> tuple[Path, Path]:
    """The two files of the identifier's copy: its state machine, and the rest of its tables."""
    from importlib.metadata import version

    languages = zlib.crc32(",".join(DETECTABLE).encode())  # a copy is only good for the same languages
    stem = f"language-identifier-{version('py3langid')}-{languages:08x}"
    return cache_dir / f"{stem}-states.npy", cache_dir / f"{stem}-tables.npz"


def read_or_build_identifier(cache_dir: Path | None) -> Any:
    """The identifier from its copy in `cache_dir`, else built from the package's model (and copied there).

    The package's model is LZMA-compressed: building takes ~0.4 s of one core (over 1 s while a
    server's other start-up work competes for the interpreter), reading the copy 0.02 s. The copy
    keeps the 37 MB state machine in a file of its own that every process maps read-only, so the
    server's processes and its spawned batch processes share one copy of it in memory.
    """
    model = _read_copy(cache_dir) if cache_dir is not None else None
    if model is None:
        model = _package_model()
        if cache_dir is not None:
            _write_copy(model, cache_dir)
    # Used as the package builds it. Converting its float16 column-major score table to row-major
    # float32 (an attribute rewrite this project did before) measured 349 -> 279 µs per 2,000-character
    # text: 0.3% of a request, not worth writing into a dependency's object.
    return _identifier(model)


def _read_copy(cache_dir: Path) -> dict[str, Any] | None:
    states, tables = _copy_files(cache_dir)
    if not (states.is_file() and tables.is_file()):
        return None
    try:
        # A read-only map: indexing the memoryview gives Python ints, as the package's array does,
        # and walks 2,000 characters in about the same time (153 µs vs 171 µs, measured).
        nextmove = memoryview(np.load(states, mmap_mode="r", allow_pickle=False))
        with np.load(tables, allow_pickle=False) as arrays:
            return {
                "nb_ptc": arrays["nb_ptc"],
                "nb_pc": arrays["nb_pc"],
                "nb_classes": [str(code) for code in arrays["nb_classes"]],
                "tk_nextmove": nextmove,
                "tk_output": arrays["tk_output"].tolist(),
                "tk_row": arrays["tk_row"].tolist(),
            }
    except Exception as exc:  # whatever a damaged or foreign copy raises: build it again
        log.warning("rebuilding the language identifier (%s unreadable: %s)", tables.parent, exc)
        return None


def _write_copy(model: dict[str, Any], cache_dir: Path) -> None:
    states, tables = _copy_files(cache_dir)
    try:
        with written_whole(states) as f:
            np.save(f, np.asarray(model["tk_nextmove"], dtype=np.uint32))
        with written_whole(tables) as f:
            np.savez(
                f,
                nb_ptc=model["nb_ptc"],
                nb_pc=model["nb_pc"],
                nb_classes=np.asarray(model["nb_classes"]),
                tk_output=np.asarray(model["tk_output"], dtype=np.int32),
                tk_row=np.asarray(model["tk_row"], dtype=np.int64),
            )
    except OSError as exc:  # a read-only or full cache: the next start builds it again
        log.warning("language identifier not cached in %s: %s", cache_dir, exc)


def load_identifier(cache_dir: Path | None = None) -> Any:
    """The language identifier, loaded once per process (from `cache_dir` when it holds a copy)."""
    with _IDENTIFIER_LOCK:
        if not _loaded:
            _loaded.append(read_or_build_identifier(cache_dir))
        return _loaded[0]


def load_identifier_in_background(cache_dir: Path | None = None) -> Future[Any]:
    """Start loading the language identifier on a thread of its own; the future holds it.

    Wait for the future before forking: a child must not inherit the lock while a load holds it.
    """
    pool = ThreadPoolExecutor(1, thread_name_prefix="language-identifier")
    loading = pool.submit(load_identifier, cache_dir)
    pool.shutdown(wait=False)  # the thread ends with the load
    return loading


def detect_written_language(text: str) -> str | None:
    """ISO 639-1 code of the language `text` is written in, or None when unsure."""
    # The opening is enough to tell the language, and the detector's cost grows with the text:
    # on 1,068 texts (training, dev, résumés) the first 2,000 characters never judged otherwise.
    sample = text[:SAMPLE_CHARS]
    if len(_LETTERS.findall(sample)) < MIN_LETTERS:
        return None
    ranked = dict(load_identifier().rank(sample)[:3])
    code, confidence = max(ranked.items(), key=lambda kv: kv[1])
    # Indonesian and Malay share most of their vocabulary and the detector
    # splits its confidence between them; judge the pair together, and call it
    # Indonesian (our users' language) unless Malay is clearly ahead.
    p_id, p_ms = ranked.get("id", 0.0), ranked.get("ms", 0.0)
    if code in ("id", "ms"):
        confidence = p_id + p_ms
        code = "ms" if p_ms > 2 * p_id else "id"
    return str(code) if confidence >= MIN_CONFIDENCE else None


def _name_pattern() -> re.Pattern[str]:
    alternatives = []
    for names in NAMES.values():
        for name in names:
            prefix = r"bahasa\s+" if name in _INDONESIAN_ONLY else ""
            alternatives.append(prefix + re.escape(name))
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


_NAMES_RE = _name_pattern()
_CODE_BY_NAME = {name: code for code, names in NAMES.items() for name in names}


def find_language_mentions(text: str) -> list[LanguageMention]:
    """Languages the text names ("fluent in Spanish", "bahasa Jepang")."""
    mentions = []
    for match in _NAMES_RE.finditer(text):
        name = re.sub(r"^bahasa\s+", "", match.group(0).lower())
        code = _CODE_BY_NAME.get(name)
        if code:
            mentions.append(LanguageMention(code, match.start(), match.end()))
    return mentions


def detect_languages(text: str) -> list[str]:
    """The written language first (English when unsure), then each language named."""
    written = detect_written_language(text) or "en"
    codes = [written]
    for mention in find_language_mentions(text):
        if mention.code not in codes:
            codes.append(mention.code)
    return codes
