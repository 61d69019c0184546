"""Responses in the reader's language: negotiation, message templates and error texts.

The catalog's own words in other languages live beside the English in
`data/roles/i18n/<language>/<role id>.yaml` (loaded by `recommender.catalog`);
`recommender.i18n.roles` reads them for the engine and the API.
"""

from __future__ import annotations

from recommender.i18n.errors import localize_error
from recommender.i18n.language import (
    DEFAULT,
    REGIONS,
    SUPPORTED,
    Language,
    LanguageError,
    Region,
    RegionError,
    choose,
    for_profile,
    from_accept_language,
    parse_language,
    parse_region,
)
from recommender.i18n.messages import MESSAGES, message

__all__ = [
    "DEFAULT",
    "MESSAGES",
    "REGIONS",
    "SUPPORTED",
    "Language",
    "LanguageError",
    "Region",
    "RegionError",
    "choose",
    "for_profile",
    "from_accept_language",
    "localize_error",
    "message",
    "parse_language",
    "parse_region",
]
