"""Split résumé text into sections (summary, experience, skills, ...) and read years of experience.

Headings are recognised in English and Indonesian from a vocabulary of
heading phrases, plus English "<anything> Experience"-style and Indonesian
"Pengalaman <anything>"-style headings written in title case. A heading is a
short line (at most five words, no digits), optionally ending in ":" or
written in capitals; "Skills: Python, SQL" also opens a skills section.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

SectionKind = Literal[
    "summary",
    "experience",
    "skills",
    "education",
    "certifications",
    "languages",
    "hobbies",
    "other",
    "header",
]

# How much a phrase in each section says about what a person can do.
SECTION_WEIGHT: dict[str, float] = {
    "skills": 1.0,
    "experience": 1.0,
    "certifications": 0.9,
    "summary": 0.8,
    "other": 0.7,
    "languages": 0.6,
    "header": 0.6,
    "education": 0.5,
    "hobbies": 0.1,
}


@dataclass(frozen=True)
class Section:
    """A run of the text: `text[start:end]` holds the heading line (if any) and the section's lines."""

    kind: SectionKind
    title: str
    start: int
    end: int


# Heading phrases, lower-case, "&" and "dan" written as "and".
_HEADINGS: dict[SectionKind, str] = {
    "summary": """summary, professional summary, career summary, executive summary, profile,
        professional profile, personal profile, about, about me, objective, career objective,
        personal statement, overview, ringkasan, ringkasan profil, ringkasan profesional, profil,
        profil singkat, profil diri, profil profesional, tentang saya, tujuan karir, tujuan karier""",
    "experience": """experience, work experience, professional experience, relevant experience,
        work history, employment, employment history, career history, projects, key projects,
        internships, teaching, pengalaman, pengalaman kerja, pengalaman profesional, pengalaman bekerja,
        riwayat pekerjaan, riwayat kerja, proyek, magang""",
    "skills": """skills, skill, key skills, technical skills, core skills, core competencies, competencies,
        tech stack, tools, technologies, skills and tools, areas of expertise, expertise, hard skills,
        soft skills, keahlian, keahlian teknis, kompetensi, kompetensi inti, keterampilan, kemampuan""",
    "education": """education, academic background, education and training, pendidikan,
        riwayat pendidikan, pendidikan formal""",
    "certifications": """certifications, certification, certificates, licenses, licences,
        licenses and certifications, certifications and licenses, training, courses, sertifikasi,
        sertifikat, pelatihan, kursus, pelatihan and sertifikasi, sertifikasi and pelatihan""",
    "languages": "languages, language, language skills, bahasa, kemampuan bahasa",
    "hobbies": """hobbies, interests, hobbies and interests, personal interests, hobi, minat,
        hobi and minat, kegemaran""",
    "other": """publications, awards, honors, honours, achievements, grants and awards, volunteering,
        activities, references, additional information, personal information, personal details, contact,
        pencapaian, prestasi, penghargaan, publikasi, organisasi, pengalaman organisasi, referensi,
        informasi tambahan, data pribadi, informasi pribadi, kontak""",
}
_PHRASE_KIND: dict[str, SectionKind] = {
    " ".join(phrase.split()): kind for kind, phrases in _HEADINGS.items() for phrase in phrases.split(",")
}
# "Clinical Experience", "Licenses & Certifications": an English heading names its kind last.
_LAST_WORD_KIND: dict[str, SectionKind] = {
    **dict.fromkeys(("experience", "history", "projects"), "experience"),
    **dict.fromkeys(("skills", "competencies"), "skills"),
    **dict.fromkeys(("summary", "profile"), "summary"),
    **dict.fromkeys(("certifications", "certificates", "licenses"), "certifications"),
    **dict.fromkeys(("interests", "hobbies"), "hobbies"),
    **dict.fromkeys(("awards", "publications", "achievements"), "other"),
    "education": "education",
    "languages": "languages",
}
# "Pengalaman Profesional", "Kompetensi Inti": an Indonesian heading names it first.
_FIRST_WORD_KIND: dict[str, SectionKind] = {
    **dict.fromkeys(("keahlian", "kompetensi", "keterampilan"), "skills"),
    **dict.fromkeys(("ringkasan", "profil"), "summary"),
    **dict.fromkeys(("sertifikasi", "pelatihan"), "certifications"),
    **dict.fromkeys(("hobi", "minat"), "hobbies"),
    "pengalaman": "experience",
    "pendidikan": "education",
}
_SMALL_WORDS = {"and", "of", "&", "/", "+", "dan", "the", "my"}
_INLINE_HEADING = re.compile(r"^[ \t]*([^\d:\n]{2,40}?)[ \t]*:[ \t]*\S")


def heading_kind(line: str) -> SectionKind | None:
    """The kind of section `line` heads, or None when it is not a heading."""
    stripped = line.strip().strip("#*_=").strip().rstrip(":").strip()
    words = stripped.split()
    if not words or len(words) > 5 or stripped.startswith("- ") or any(ch.isdigit() for ch in stripped):
        return None
    if stripped[-1] in ".,;!?":
        return None
    key = _normalise(stripped)
    if key in _PHRASE_KIND:
        return _PHRASE_KIND[key]
    if not all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words):
        return None
    keys = key.split()
    if len(keys) <= 4 and keys[-1] in _LAST_WORD_KIND:
        return _LAST_WORD_KIND[keys[-1]]
    if len(keys) <= 3 and keys[0] in _FIRST_WORD_KIND:
        return _FIRST_WORD_KIND[keys[0]]
    return None


def _normalise(heading: str) -> str:
    text = re.sub(r"\s*[&/+]\s*", " and ", heading.lower())
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join("and" if w == "dan" else w for w in text.split())


def split_sections(text: str) -> list[Section]:
    """Sections of a résumé in order, covering all of `text`.

    Text before the first heading is a "header" section (name, contact lines),
    or "summary" when it is prose. A text with no heading at all is one
    "summary" section when it is prose and one "other" section otherwise.
    """
    headings: list[tuple[int, SectionKind, str]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        kind = heading_kind(line)
        title = line.strip().strip("#*_=").strip().rstrip(":").strip()
        if kind is None:
            inline = _INLINE_HEADING.match(line)
            if inline and _normalise(inline.group(1)) in _PHRASE_KIND:
                kind, title = _PHRASE_KIND[_normalise(inline.group(1))], inline.group(1).strip()
        if kind is not None:
            headings.append((offset, kind, title))
        offset += len(line)

    sections: list[Section] = []
    first = headings[0][0] if headings else len(text)
    if text[:first].strip():
        prose = _is_prose(text[:first])
        lead: SectionKind = "summary" if prose else ("header" if headings else "other")
        sections.append(Section(lead, "", 0, first))
    for i, (start, kind, title) in enumerate(headings):
        end = headings[i + 1][0] if i + 1 < len(headings) else len(text)
        sections.append(Section(kind, title, start, end))
    return sections


def _is_prose(chunk: str) -> bool:
    """Whether most words sit in sentence-length lines (a summary) rather than short ones (a header)."""
    counts = [len(line.split()) for line in chunk.splitlines()]
    total = sum(counts)
    return total > 0 and 2 * sum(c for c in counts if c >= 8) >= total


def kind_at(sections: Sequence[Section], offset: int) -> SectionKind:
    """The kind of the section holding `offset` ("other" outside every section)."""
    index = bisect.bisect_right([s.start for s in sections], offset) - 1
    if index >= 0 and offset < sections[index].end:
        return sections[index].kind
    return "other"


_ENGLISH_NUMBERS = "one two three four five six seven eight nine ten eleven twelve"
_INDONESIAN_NUMBERS = "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh"
_NUMBER_WORDS: dict[str, int] = {
    **{word: i for i, word in enumerate(_ENGLISH_NUMBERS.split(), 1)},
    **{word: i for i, word in enumerate(_INDONESIAN_NUMBERS.split(), 1)},
    "a": 1,
    "an": 1,
    "fifteen": 15,
    "twenty": 20,
}
_DURATION = re.compile(
    r"(?i)(?<![\w.,])(\d{1,2}(?:[.,]\d)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"\s*\+?\s*(?:-\s*)?(years?|yrs?\.?|tahun|thn\.?|months?|mos\.?|bulan|bln\.?)(?!\w)(?!\s+(?:old|of\s+age))"
)
_AGE_BEFORE = re.compile(r"(?i)\b(?:usia|umur|age|aged)\s*$")


def find_years(phrase: str) -> float | None:
    """Years of experience a phrase states, or None.

    Reads "5 years of SQL", "SQL (8 years)", "3+ yrs", "Excel (3 tahun)",
    "selama 6 tahun", "18 months" (1.5); ages ("30 years old", "usia 30
    tahun") are not experience. With several mentions the largest counts.
    """
    found: list[float] = []
    for match in _DURATION.finditer(phrase):
        if _AGE_BEFORE.search(phrase[: match.start()]):
            continue
        number = match.group(1).lower()
        value = float(_NUMBER_WORDS[number]) if number in _NUMBER_WORDS else float(number.replace(",", "."))
        unit = match.group(2).lower()
        if unit.startswith(("m", "b")):
            value /= 12
        if 0 < value <= 60:
            found.append(round(value, 2))
    return max(found) if found else None


def years_by_line(text: str) -> dict[int, float]:
    """Years of experience stated on each line, keyed by 0-based line number (lines without one left out)."""
    years = {number: find_years(line) for number, line in enumerate(text.splitlines())}
    return {number: value for number, value in years.items() if value is not None}
