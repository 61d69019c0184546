"""What the engine is asked to match: one profile, how many suggestions, and in which language."""

from __future__ import annotations

from dataclasses import dataclass

from recommender.i18n import Language, Region

MAX_TOP_K = 50


@dataclass(frozen=True)
class ProfileRequest:
    """One profile to match: free text, a skill list, or both; `top_k` suggestions (None: the call's).

    `language` is the language to answer in (a supported code); None answers in
    the profile's own language (Indonesian for Indonesian or Malay, else English).
    `region` ("ID") adds that country's entry paths whatever the language.
    """

    text: str | None = None
    skills: list[str] | None = None
    top_k: int | None = None
    language: Language | None = None
    region: Region | None = None
