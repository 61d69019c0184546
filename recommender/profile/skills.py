"""Turn a skill list and/or free text into a profile of skill-bearing phrases.

Every phrase keeps the verbatim span it came from, so any reason the engine
gives can quote the person's own words. A small curated vocabulary
(`data/skills.yaml`, English and Indonesian aliases) names well-known skills
canonically; phrases it does not know still match through embeddings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from recommender.errors import CatalogError, ProfileError
from recommender.profile.identity import neutralise
from recommender.profile.languages import LANGUAGE_NAMES, detect_languages, find_language_mentions
from recommender.profile.pii import PLACEHOLDERS, redact
from recommender.profile.sections import SECTION_WEIGHT, find_years, kind_at, split_sections
from recommender.resources import data_path

MAX_TEXT_CHARS = 20_000
MAX_SKILLS = 200
MAX_PHRASE_WORDS = 24

# Breaks between skill-bearing phrases: line breaks, bullets, list separators,
# sentence ends and clause commas. Hyphens inside words ("fact-checked") stay.
_BREAK = re.compile(
    r"\r?\n+|[•·▪‣●◦■□➢►✓✔|;]+|(?<=[^\d\s])[.!?]+(?=\s|$)|(?<!\d),(?!\d)|:(?=\s)|\s[-–—]\s|\t+"
)
_LEAD = re.compile(r"^[\s\-–—*+>#()\[\]\"'`.,:]+")
_TAIL = re.compile(r"[\s\-–—*+>#(\[\"'`.,:]+$")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_WORD = re.compile(r"\S+")
_DATE_RANGE = re.compile(r"\b(?:19|20)\d\d\b|\b(?:present|now|current|sekarang)\b", re.IGNORECASE)
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))
# A redaction placeholder ends a phrase like a line break does: evidence never quotes one, nor a piece of one.
_BREAK = re.compile(f"{_BREAK.pattern}|(?:{_PLACEHOLDER.pattern})")


@dataclass(frozen=True)
class Phrase:
    """One skill-bearing phrase: `text` is a verbatim substring of the input."""

    text: str
    # "skills", "text"; for evidence that the person uses a language: "language" (they name it)
    # or "written" (the profile is written in it)
    origin: str
    start: int = 0  # offset in the submitted text (0 for list items)
    canonical: str | None = None  # vocabulary name, when the whole phrase is a known skill
    mentions: tuple[str, ...] = ()  # vocabulary names of known skills inside the phrase
    section: str | None = None  # résumé section it came from, when the text has headings
    weight: float = 1.0  # how much that section counts (hobbies little, experience fully)
    years: float | None = None  # years of experience the phrase states ("SQL (8 years)")
    job_line: bool = False  # from a "Title, Employer, 2019-2024" line: a background, not a skill
    # What is embedded for the phrase: its words without pronouns, honorifics or gendered nouns.
    neutral: str | None = None

    @property
    def views(self) -> tuple[str, ...]:
        """Texts embedded for this phrase: its neutral words, then the canonical names of known skills in it."""
        own = self.neutral if self.neutral is not None else self.text
        names = [n for n in (self.canonical, *self.mentions) if n and n.lower() != own.lower()]
        return (own, *dict.fromkeys(names))

    @property
    def label(self) -> str:
        return self.canonical or self.text


@dataclass(frozen=True)
class Profile:
    """What the engine knows about a person: their phrases and languages."""

    phrases: tuple[Phrase, ...]
    languages: tuple[str, ...]
    text: str = ""
    skills: tuple[str, ...] = field(default=())
    # Verbatim evidence for each language other than English the person uses.
    # Kept out of `phrases`: measured on the dev set, embedding "fluency in X"
    # as a skill pulled language roles up for everyone who writes in X.
    language_evidence: tuple[Phrase, ...] = field(default=())
    # Kinds of personal data removed from the text before anything else saw it (never the values).
    personal_data_removed: tuple[str, ...] = field(default=())

    @property
    def document(self) -> str:
        """The whole profile as one neutral text (for whole-profile similarity and lexical matching)."""
        return neutralise("\n".join(p for p in (self.text, "; ".join(self.skills)) if p))


@dataclass(frozen=True)
class VocabularyEntry:
    skill: str
    aliases: tuple[str, ...]


class Vocabulary:
    """Canonical skill names with English and Indonesian aliases."""

    def __init__(self, entries: list[VocabularyEntry]) -> None:
        self.entries = entries
        self._by_alias: dict[str, str] = {}
        for entry in entries:
            for alias in (entry.skill, *entry.aliases):
                self._by_alias.setdefault(_norm(alias), entry.skill)
        self._longest = max((len(a.split()) for a in self._by_alias), default=0)
        self._first_words = {a.split()[0] for a in self._by_alias if a}

    def __len__(self) -> int:
        return len(self.entries)

    def canonical(self, phrase: str) -> str | None:
        """The canonical name when the whole phrase is a known alias."""
        return self.by_key(_norm(phrase))

    def by_key(self, words: str) -> str | None:
        """`canonical` for a phrase already reduced to its lower-cased words (`_norm`)."""
        return self._by_alias.get(words)

    def find(self, text: str, tokens: list[Token] | None = None) -> list[tuple[int, int, str]]:
        """Known aliases inside `text`, longest first, as (start, end, canonical name).

        A dictionary look-up of word n-grams: linear in the text, whatever the
        vocabulary's size (a regex alternation of ~2,000 aliases was the
        slowest step of reading a résumé). `tokens`: `_tokens(text)`, when the
        caller has them already.
        """
        tokens = _tokens(text) if tokens is None else tokens
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(tokens):
            if tokens[i][0] not in self._first_words:  # most words start no alias
                i += 1
                continue
            for n in range(min(self._longest, len(tokens) - i), 0, -1):
                key = " ".join(t for t, _, _ in tokens[i : i + n])
                name = self._by_alias.get(key)
                if name is not None:
                    found.append((tokens[i][1], tokens[i + n - 1][2], name))
                    i += n
                    break
            else:
                i += 1
        return found


_TOKEN = re.compile(r"[^\s\-–—/]+")
_TOKEN_EDGES = ".,;:!?()[]{}\"'`“”‘’"


Token = tuple[str, int, int]  # lower-cased word, start, end


def _tokens(text: str) -> list[Token]:
    """Lower-cased words with their spans; hyphens, slashes and edge punctuation separate words."""
    out = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        stripped = word.strip(_TOKEN_EDGES)
        if not stripped:
            continue
        start = match.start() + word.index(stripped)
        out.append((stripped.lower(), start, start + len(stripped)))
    return out


def _norm(text: str, tokens: list[Token] | None = None) -> str:
    return " ".join(t for t, _, _ in (_tokens(text) if tokens is None else tokens))


def default_vocabulary_path() -> Path:
    path = data_path("skills.yaml")
    if not path.is_file():
        raise CatalogError(f"no skill vocabulary at {path}; reinstall careerpivot")
    return path


@lru_cache(maxsize=4)
def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """Load `skills.yaml`: a list of {skill, en: [...], id: [...]}."""
    path = path or default_vocabulary_path()
    # libyaml's safe loader when PyYAML has it: 0.31 -> 0.04 s, in every server process's start-up.
    raw = (
        yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        or []
    )
    if not isinstance(raw, list):
        raise CatalogError(f"{path.name}: expected a list of skills")
    entries = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("skill"), str):
            raise CatalogError(f"{path.name}: entry {i} needs a 'skill' name")
        aliases = [*(item.get("en") or []), *(item.get("id") or [])]
        entries.append(VocabularyEntry(item["skill"], tuple(str(a) for a in aliases)))
    return Vocabulary(entries)


def split_phrases(text: str) -> list[tuple[int, int]]:
    """Spans of skill-bearing phrases in `text`, trimmed of bullets and punctuation."""
    spans: list[tuple[int, int]] = []
    last = 0
    for match in [*_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        spans.extend(_trim_and_cap(text, last, end))
        if match:
            last = match.end()
    return spans


def _trim_and_cap(text: str, start: int, end: int) -> list[tuple[int, int]]:
    a, b = _edge_trim(text[start:end])
    s, e = start + a, start + b
    if e <= s or not _LETTER.search(text[s:e]):
        return []
    words = list(_WORD.finditer(text, s, e))
    if len(words) <= MAX_PHRASE_WORDS:
        return [(s, e)]
    # A run-on sentence: keep overlapping windows so no skill is cut in half.
    step = MAX_PHRASE_WORDS // 2
    out = []
    for i in range(0, len(words) - step, step):
        chunk = words[i : i + MAX_PHRASE_WORDS]
        out.append((chunk[0].start(), chunk[-1].end()))
    return out


def build_profile(
    text: str | None = None,
    skills: list[str] | None = None,
    vocabulary: Vocabulary | None = None,
) -> Profile:
    """Build a profile from free text and/or a skill list.

    Raises:
        ProfileError: nothing with words in it was given, or the input is too long.
    """
    text = text or ""
    items = [s for s in (skills or []) if isinstance(s, str)]
    if len(text) > MAX_TEXT_CHARS:
        raise ProfileError(
            f"text is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}. "
            "Send the experience and skills sections only."
        )
    if len(items) > MAX_SKILLS:
        raise ProfileError(f"{len(items)} skills given; the limit is {MAX_SKILLS}.")
    vocabulary = vocabulary if vocabulary is not None else load_vocabulary()

    # Personal data goes first: nothing below (phrases, embeddings, storage,
    # logs) ever sees names, contacts or ID numbers. Offsets refer to this text.
    redaction = redact(text) if text else None
    text = redaction.text if redaction else ""
    items, item_kinds = _redact_items(items)
    sections = split_sections(text) if text else []
    has_headings = any(section.title for section in sections)

    phrases: list[Phrase] = []
    keys: list[str] = []  # each phrase's words, lower-cased: what makes two phrases the same
    for item in items:
        s, e = _edge_trim(item)
        verbatim = item[s:e]
        neutral = neutralise(verbatim)
        if _LETTER.search(neutral) and not _PLACEHOLDER.search(item):
            key = _norm(neutral)
            phrases.append(
                Phrase(
                    verbatim,
                    "skills",
                    0,
                    vocabulary.by_key(_norm(verbatim)),
                    years=find_years(verbatim),
                    neutral=neutral,
                )
            )
            keys.append(key)
    titles = {section.start: section.title for section in sections if section.title}
    for s, e in split_phrases(text):
        verbatim = text[s:e]
        if _PLACEHOLDER.search(verbatim) or titles.get(s, "").rstrip(":").strip() == verbatim:
            continue  # a contact line or a section heading, not a skill
        neutral = neutralise(verbatim)
        if not _LETTER.search(neutral):
            continue  # only a pronoun or an honorific
        # Known skills inside a longer phrase are matched as extra views of it,
        # so "charting in Epic" also counts as the canonical "Epic EHR".
        tokens = _tokens(verbatim)
        found = vocabulary.find(verbatim, tokens)
        whole = next((name for a, b, name in found if (a, b) == (0, len(verbatim))), None)
        mentions = tuple(name for a, b, name in found if (a, b) != (0, len(verbatim)))
        kind = kind_at(sections, s) if has_headings else None
        weight = SECTION_WEIGHT.get(kind, 1.0) if kind else 1.0
        line = text[text.rfind("\n", 0, s) + 1 : (text.find("\n", e) + 1 or len(text) + 1) - 1]
        job_line = (
            kind == "experience" and bool(_DATE_RANGE.search(line)) and not line.lstrip().startswith("-")
        )
        phrases.append(
            Phrase(
                verbatim, "text", s, whole, mentions, kind, weight, find_years(verbatim), job_line, neutral
            )
        )
        keys.append(_norm(neutral))

    if not phrases:
        raise ProfileError(
            "the profile has no skills or text with words in it: send 'text' (a résumé or a "
            "few sentences about your work) or 'skills' (a list such as ['copywriting', 'SEO'])."
        )
    # Judged on neutral words: a name or a pronoun must not change the language, and so the advice.
    languages = detect_languages(neutralise(" \n".join([text, *items])))
    evidence = _language_phrases(text, items, phrases, languages)
    removed = tuple(sorted({*(redaction.kinds if redaction else ()), *item_kinds}))
    return Profile(
        tuple(_dedupe(phrases, keys)), tuple(languages), text, tuple(items), tuple(evidence), removed
    )


def _redact_items(items: list[str]) -> tuple[list[str], list[str]]:
    """Skill items without personal data (a name or an e-mail typed as a "skill"), and the kinds removed.

    The items are redacted as the lines of one text, in one pass; an item with a line break of its own
    is redacted on its own.
    """
    if not items:
        return items, []
    if any("\n" in item for item in items):
        results = [redact(item) for item in items]
        kept = [r.text for r in results if _LETTER.search(_PLACEHOLDER.sub("", r.text))]
        return kept, sorted({k for r in results for k in r.kinds})
    result = redact("\n".join(items))
    kept = [item for item in result.text.split("\n") if _LETTER.search(_PLACEHOLDER.sub("", item))]
    return kept, result.kinds


def _language_phrases(
    text: str, items: list[str], phrases: list[Phrase], languages: list[str]
) -> list[Phrase]:
    """Speaking a language other than English is itself a skill: one phrase per language.

    The evidence is verbatim: the whole phrase in which the person names the
    language ("translated contracts from English into Indonesian"), or, for the
    language the profile is written in and never names, its first phrase with
    origin "written" (the words prove the language, not a skill in it).
    """
    out: list[Phrase] = []
    for code in languages:
        if code == "en":
            continue
        name = LANGUAGE_NAMES.get(code, code)
        evidence: Phrase | None = None
        for origin, source in (("text", text), *(("skills", item) for item in items)):
            mention = next((m for m in find_language_mentions(source) if m.code == code), None)
            if mention:
                start = mention.start if origin == "text" else 0
                containing = _containing(phrases, origin, source[mention.start : mention.end], start)
                evidence = containing or Phrase(source[mention.start : mention.end], "language", start)
                break
        if evidence is not None:
            out.append(Phrase(evidence.text, "language", evidence.start, f"fluency in {name}"))
        elif code == languages[0] and phrases:
            out.append(Phrase(phrases[0].text, "written", phrases[0].start, f"fluency in {name}"))
    return out


def _containing(phrases: list[Phrase], origin: str, words: str, start: int) -> Phrase | None:
    """The phrase a language mention stands in: the text phrase around `start`, or the list item."""
    for phrase in phrases:
        if phrase.origin != origin or words.lower() not in phrase.text.lower():
            continue
        if origin == "skills" or phrase.start <= start < phrase.start + len(phrase.text):
            return phrase
    return None


def _edge_trim(item: str) -> tuple[int, int]:
    """Offsets of `item` without leading bullets or trailing punctuation."""
    lead = _LEAD.match(item)
    tail = _TAIL.search(item)
    start = lead.end() if lead else 0
    return start, max(start, tail.start() if tail else len(item))


def _dedupe(phrases: list[Phrase], keys: list[str]) -> list[Phrase]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for phrase, words in zip(phrases, keys, strict=True):
        key = (words, phrase.canonical)
        if key not in seen:
            seen.add(key)
            out.append(phrase)
    return out
