"""Which language a response is written in: asked for, then the reader's browser, then the profile's."""

from __future__ import annotations

import re

from recommender.errors import CareerpivotError

Language = str  # one of SUPPORTED
SUPPORTED: tuple[Language, ...] = ("en", "id")
DEFAULT: Language = "en"
# Written languages whose readers get Indonesian: Malay readers read Indonesian far more
# easily than English, and the detector can only just tell the two apart.
READS_INDONESIAN = frozenset({"id", "ms"})

Region = str  # one of REGIONS: an ISO 3166 country code
# Regions whose local entry paths the catalog carries, and the translation folder that lists them.
REGION_LANGUAGE: dict[Region, Language] = {"ID": "id"}
REGIONS: tuple[Region, ...] = tuple(REGION_LANGUAGE)

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


class LanguageError(CareerpivotError):
    """A language was asked for that the responses are not written in."""

    code = "unsupported_language"

    def __init__(self, value: str) -> None:
        shown = value if len(value) <= 40 else value[:40] + "..."
        super().__init__(
            f"language {shown!r} is not supported; use one of: {', '.join(SUPPORTED)} "
            "(en: English, id: Bahasa Indonesia)"
        )
        self.value = value


class RegionError(CareerpivotError):
    """A region was asked for that the catalog has no local options for."""

    code = "unsupported_region"

    def __init__(self, value: str) -> None:
        shown = value if len(value) <= 40 else value[:40] + "..."
        super().__init__(
            f"region {shown!r} is not supported; use one of: {', '.join(REGIONS)} (ID: Indonesia), "
            "or leave it out"
        )
        self.value = value


def parse_region(value: str) -> Region:
    """The supported region a `region` value names ("ID", "id").

    Raises:
        RegionError: the value names another region, or is not a country code.
    """
    code = value.strip().upper()
    if code not in REGION_LANGUAGE:
        raise RegionError(value)
    return code


def parse_language(value: str) -> Language:
    """The supported language a `lang` value names ("id", "ID", "id-ID", "en_GB").

    Raises:
        LanguageError: the value names another language, or is not a language tag.
    """
    tag = value.strip()
    primary = tag.replace("_", "-").split("-")[0].lower()
    if not _TAG.match(tag) or primary not in SUPPORTED:
        raise LanguageError(value)
    return primary


def from_accept_language(header: str | None) -> Language | None:
    """The reader's most preferred supported language in an `Accept-Language` header, if any.

    Malay (`ms`) counts as Indonesian; `*` and languages we do not write are skipped.
    """
    if not header:
        return None
    best: tuple[float, int, Language] | None = None
    for position, part in enumerate(header[:1000].split(",")):
        pieces = part.strip().split(";")
        primary = pieces[0].strip().replace("_", "-").split("-")[0].lower()
        code = "id" if primary in READS_INDONESIAN else primary
        if code not in SUPPORTED:
            continue
        quality = 1.0
        for param in pieces[1:]:
            name, _, number = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(number)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        # Highest quality wins; among equals, the one listed first.
        candidate = (-quality, position, code)
        if best is None or candidate < best:
            best = candidate
    return best[2] if best else None


def for_profile(languages: tuple[str, ...] | list[str]) -> Language:
    """The language a profile's own writing calls for: Indonesian for Indonesian or Malay, else English."""
    written = languages[0] if languages else DEFAULT
    return "id" if written in READS_INDONESIAN else DEFAULT


def choose(
    requested: Language | None, accept_language: Language | None, profile_languages: tuple[str, ...]
) -> Language:
    """The output language: what was asked for, then the `Accept-Language` choice, then the profile's."""
    return requested or accept_language or for_profile(profile_languages)
