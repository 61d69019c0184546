"""Which languages a profile shows: the language it is written in, and languages it names."""

from __future__ import annotations

import logging
import pickle
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def _package_identifier() -> Any:
    """The identifier as py3langid builds it from its model, for every language the model knows."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _cache_file(cache_dir: Path) -> Path:
    from importlib.metadata import version

    return cache_dir / f"language-identifier-{version('py3langid')}.pickle"


def read_or_build_identifier(cache_dir: Path | None) -> Any:
    """The identifier from its copy in `cache_dir`, else built from the package's model (and copied there).

    The package's model is LZMA-compressed: building takes ~0.4 s of one core (over 1 s while a
    server's other start-up work competes for the interpreter), unpickling the built one 0.08 s.
    The copy is this process's own output, keyed by the package version; it is taken before the
    languages are restricted, so the restricted tables stay views of the full ones, as built.
    """
    identifier = _read_copy(_cache_file(cache_dir)) if cache_dir is not None else None
    if identifier is None:
        identifier = _package_identifier()
        if cache_dir is not None:
            _write_copy(identifier, _cache_file(cache_dir))
    identifier.set_languages(list(DETECTABLE))
    # Used as the package builds it. Converting its float16 column-major score table to row-major
    # float32 (an attribute rewrite this project did before) measured 349 -> 279 µs per 2,000-character
    # text: 0.3% of a request, not worth writing into a dependency's object.
    return identifier


def _read_copy(path: Path) -> Any:
    if not path.is_file():
        return None
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception as exc:  # whatever a damaged or foreign copy raises: build it again
        log.warning("rebuilding the language identifier (%s unreadable: %s)", path, exc)
        return None


def _write_copy(identifier: Any, path: Path) -> None:
    try:
        with written_whole(path) as f:
            pickle.dump(identifier, f, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError as exc:  # a read-only or full cache: the next start builds it again
        log.warning("language identifier not cached in %s: %s", path, exc)


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
