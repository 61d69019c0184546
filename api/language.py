"""Which language a request is answered in: `lang` in the body, then `?lang=`, then `Accept-Language`.

When none of them names a supported language the engine answers in the
profile's own language (`recommender.i18n.for_profile`). Errors are answered in
the language the request asked for, when it asked validly.
"""

from __future__ import annotations

from fastapi import Request

from api.errors import ApiError
from recommender.i18n import (
    REGIONS,
    SUPPORTED,
    Language,
    LanguageError,
    Region,
    RegionError,
    for_profile,
    from_accept_language,
    parse_language,
    parse_region,
)
from recommender.profile.languages import SAMPLE_CHARS, detect_written_language


def _parse(value: str) -> Language:
    try:
        return parse_language(value)
    except LanguageError as exc:
        raise ApiError(422, exc.code, str(exc), supported=list(SUPPORTED)) from exc


def asked_language(request: Request, body_lang: str | None = None) -> Language | None:
    """The language the request asks for, or None to answer in the profile's language.

    Raises:
        ApiError: 422 `unsupported_language` when `lang` (body or query) names another language.
    """
    query = request.query_params.get("lang")
    # Remember the header's choice first, so even the error about a bad `lang` can be in it.
    header = from_accept_language(request.headers.get("accept-language"))
    request.state.language = header
    chosen = _parse(body_lang) if body_lang is not None else None
    if chosen is None and query is not None:
        chosen = _parse(query)
    request.state.language = chosen or header
    return chosen or header


def asked_region(request: Request, body_region: str | None = None) -> Region | None:
    """The region whose entry paths are added: `region` in the body, then `?region=`; None for none.

    Raises:
        ApiError: 422 `unsupported_region` for a region the catalog has no local options for.
    """
    value = body_region if body_region is not None else request.query_params.get("region")
    if value is None:
        return None
    try:
        return parse_region(value)
    except RegionError as exc:
        raise ApiError(422, exc.code, str(exc), supported=list(REGIONS)) from exc


def remember_profile_language(request: Request, text: str | None, skills: list[str] | None) -> None:
    """For an error about the profile itself: answer in the profile's language when none was asked."""
    if getattr(request.state, "language", None):
        return
    sample = " \n".join([(text or "")[:SAMPLE_CHARS], *(skills or [])[:50]])
    request.state.language = for_profile([detect_written_language(sample) or "en"])
