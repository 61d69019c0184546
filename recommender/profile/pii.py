"""Remove personal data from résumé text before anything else reads it.

Each detector finds spans (emails, phones, links, street addresses, labelled
birth dates and ID numbers, the person's name); overlapping spans merge and
each is replaced by a placeholder such as "[email]". The result lists which
kinds were removed, never the values. Skills, years ("2019-2024"),
percentages and counts ("80 wpm") are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from recommender.profile.identity import age_items, attribute_spans, name_spans
from recommender.profile.sections import heading_kind

PLACEHOLDERS: dict[str, str] = {
    "email": "[email]",
    "phone": "[phone]",
    "url": "[url]",
    "address": "[address]",
    "name": "[name]",
    "date of birth": "[date of birth]",
    "id number": "[id number]",
    "age": "[age]",
    "nationality": "[nationality]",
    "religion": "[religion]",
    "marital status": "[marital status]",
    "family": "[family]",
    "gender": "[gender]",
    "photo": "[photo]",
}


@dataclass(frozen=True)
class Redaction:
    """Text with personal data replaced by placeholders; `kinds` names what was removed (sorted).

    `spans` are the removed (start, end, kind) ranges of the original text, for evaluation.
    """

    text: str
    kinds: list[str] = field(default_factory=list)
    spans: list[tuple[int, int, str]] = field(default_factory=list, compare=False, repr=False)


Span = tuple[int, int, str]

# A value runs to the end of its segment: the line, or a separator between header fields.
_VALUE = r"[^\n|•·\t;]*[^\n|•·\t;\s]"

_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_TLD = r"(?:com|org|net|io|id|co|dev|me|ai|app|edu|gov|info|biz|xyz|page|site|tech|us|uk|ca|au|de|nl|sg|my)"
# Bare domains need a path and a lower-case top-level domain ("linkedin.com/in/x", not "ASP.NET/C#").
_URL = re.compile(
    rf"(?i:\b(?:https?://|www\.))[^\s<>()|\"']+|\b(?:[A-Za-z0-9-]+\.)+{_TLD}(?:\.[a-z]{{2}})?/[^\s<>()|\"']+"
)

_PHONES = (
    # +62 812-4471-0938, +1 (555) 640-2218, +44 20 7946 0958
    re.compile(r"(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){2,6}(?!\d)"),
    # (555) 214-3390, (021) 555 1234
    re.compile(r"(?<!\w)\((?:\d{3}|0\d{1,3})\)[ .-]?\d{3,4}[ .-]?\d{3,4}(?![\d-])"),
    # 555-214-3390, 555.214.3390, 555 214 3390
    re.compile(r"(?<![\w.-])\d{3}([-. ])\d{3}\1\d{4}(?![\w-])"),
    # Indonesian mobiles: 0812-4471-0938, 081244710938
    re.compile(r"(?<![\w+.-])08\d{1,2}[ .-]?\d{3,4}[ .-]?\d{3,5}(?![\w-])"),
)
# 555-0147: a local number only where contact details are (it also reads like "800-1500 words").
_LOCAL_PHONE = re.compile(r"(?<![\w.-])\d{3}-\d{4}(?![\w-])")
_PHONE_LABEL = re.compile(
    r"(?i)\b(?:phone|tel|telp|telepon|mobile|cell|hp|no\.?\s*hp|whatsapp|wa)\b\.?\s*[:：]\s*"
    r"(\+?[\d(][\d() .-]{5,}\d)"
)
_CONTACT_LINE = re.compile(r"@|\||(?i:\b(?:phone|tel|mobile|cell|hp|telp|contact|kontak)\b)")

_MONTHS = (
    r"(?:jan(?:uary|uari)?|feb(?:ruary|ruari)?|mar(?:ch|et)?|apr(?:il)?|ma[iy]|jun[ie]?|jul[iy]?|"
    r"aug(?:ust)?|agu(?:stus)?|ags|sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|nov(?:ember)?|de[cs](?:ember)?)\.?"
)
_DATE = (
    rf"(?:\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}|"
    rf"{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}})"
)
_DOB_LABEL = (
    r"(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+on)?|"
    r"tempat\s*(?:/|,|&|dan)?\s*(?:tanggal|tgl\.?)\s*lahir|tanggal\s+lahir|tgl\.?\s*lahir|ttl)"
)
_DOB_WITH_COLON = re.compile(rf"(?i)\b{_DOB_LABEL}\s*[:：]\s*({_VALUE})")
_DOB_INLINE = re.compile(rf"(?i)\b{_DOB_LABEL}\s+(?:[-–]\s*)?({_DATE})\b")

_SSN = re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])")
_NIK = re.compile(r"(?<![\w.-])\d{16}(?![\w-])")
_ID_LABEL = re.compile(
    r"\b(?:NIK|NIP|(?i:no\.?\s*)?KTP|NPWP|(?i:id\s*(?:no\.?|number|#)|identity\s+(?:card\s+)?(?:no\.?|number)|"
    r"national\s+id|passport(?:\s*(?:no\.?|number|#))?|no\.?\s*paspor|paspor|ssn|"
    r"social\s+security(?:\s+(?:no\.?|number))?))\s*[:：#.]?\s*"
    r"([A-Z]{0,3}\d[\dA-Z./-]*(?:[ ]\d[\d./-]*)*)"
)

_STREET_WORDS = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Parkway|Pkwy|Place|Pl|"
    r"Terrace|Ter|Circle|Cir|Highway|Hwy|Square|Sq|Trail|Trl|Crescent|Close|Row|Plaza|Alley|Loop|Pike)"
)
_CAP_WORD = r"[A-Z0-9#][\w.'’#/-]*"
# Further comma-separated parts of an address: unit, city, state and postcode.
_ADDRESS_TAIL = rf"(?:,\s*{_CAP_WORD}(?:[ ]{_CAP_WORD})*)*"
_ADDRESSES = (
    re.compile(
        rf"(?<![\w-])\d{{1,6}}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'’.-]*\s+){{0,4}}{_STREET_WORDS}\b\.?"
        rf"{_ADDRESS_TAIL}"
    ),
    re.compile(rf"(?<![\w-])\d{{1,6}}\s+(?:Camino|Calle|Avenida|Via|Rue)\s+[A-Z][\w'’-]*{_ADDRESS_TAIL}"),
    re.compile(rf"(?i:\bP\.?\s?O\.?\s+Box)\s+\d+{_ADDRESS_TAIL}"),
    # Jl. Kenanga No. 17, RT 03/RW 05, Kel. Sukamaju, Depok 16415
    re.compile(rf"\b(?:Jl|Jln|Gg)\.?\s+{_CAP_WORD}(?:[ ]{_CAP_WORD})*{_ADDRESS_TAIL}"),
    re.compile(
        rf"\b(?:Jalan|Perumahan|Perum|Komplek|Kompleks|Komp\.)\s+{_CAP_WORD}(?:[ ]{_CAP_WORD})*?"
        rf"[ ](?:No\.?|Blok|Kav\.?)[ ]{_CAP_WORD}(?:[ ]{_CAP_WORD})*{_ADDRESS_TAIL}"
    ),
)
_ADDRESS_LABEL = re.compile(
    r"(?i)(?<!mail )\b(?:home\s+address|address|alamat(?:\s+(?:rumah|ktp|domisili))?|domisili)"
    rf"\s*[:：]\s*({_VALUE})"
)

_NAME_LABEL = re.compile(
    rf"(?im)^[ \t]*(?:-\s*)?(?:full\s+name|name|nama(?:\s+lengkap)?)\s*[:：]\s*({_VALUE})"
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NAME_PARTICLES = _words("van von de der den da del della di du la le bin binti al el dos das ten ter y")
# Words that make a capitalised first line a title or a heading rather than a name.
_NOT_NAME_WORDS = _words(
    """curriculum vitae resume résumé cv daftar riwayat hidup summary profile profil experience skills
    education contact information personal data pribadi portfolio page confidential about the and of for at
    in to dan di engineer developer manager analyst designer teacher nurse accountant reporter writer editor
    specialist consultant officer director assistant senior junior lead head intern software marketing sales
    customer service representative administrator coordinator supervisor technician scientist researcher
    associate executive president founder freelance freelancer guru perawat staf staff dokter doctor
    professor lecturer dosen tutor agent clerk cashier driver chef architect programmer admin operator
    student graduate mahasiswa lulusan registered certified ai ux ui hr it qa seo team product project
    business digital content social media"""
)
_DOCUMENT_TITLES = {"curriculum vitae", "resume", "résumé", "cv", "daftar riwayat hidup", "riwayat hidup"}
_NAME_SEPARATORS = re.compile(r"\s*(?:[|,•·\t]|\s[-–—]\s)\s*")


def redact(text: str) -> Redaction:
    """Replace personal data in résumé text with placeholders.

    Args:
        text: the résumé's text, before anything else has read it.

    Returns:
        The text with emails, phone numbers, links, street addresses, labelled
        birth dates and ID numbers, and the person's name replaced by
        placeholders ("[email]", "[phone]", ...), and the sorted kinds removed.
    """
    spans = sorted(_find_spans(text), key=lambda s: (s[0], -s[1]))
    merged: list[Span] = []
    kinds: set[str] = set()
    for start, end, kind in spans:
        if start >= end or (merged and end <= merged[-1][1]):
            continue  # empty, or inside a span already taken (a street name inside an address)
        kinds.add(kind)
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], end, last[2])
        else:
            merged.append((start, end, kind))
    out: list[str] = []
    position = 0
    for start, end, kind in merged:
        out.append(text[position:start])
        out.append(PLACEHOLDERS[kind])
        position = end
    out.append(text[position:])
    return Redaction(text="".join(out), kinds=sorted(kinds), spans=merged)


def _find_spans(text: str) -> Iterator[Span]:
    for match in _EMAIL.finditer(text):
        yield match.start(), match.end(), "email"
    for match in _URL.finditer(text):
        url = match.group().rstrip(".,;:!?")
        yield match.start(), match.start() + len(url), "url"
    yield from _phone_spans(text)
    yield from _group_spans(_DOB_WITH_COLON, text, "date of birth", need_digit=True)
    yield from _group_spans(_DOB_INLINE, text, "date of birth")
    for pattern in (_SSN, _NIK):
        for match in pattern.finditer(text):
            yield match.start(), match.end(), "id number"
    for match in _ID_LABEL.finditer(text):
        if sum(ch.isdigit() for ch in match.group(1)) >= 5:
            yield match.start(1), match.start(1) + len(match.group(1).rstrip(" ./-")), "id number"
    for pattern in _ADDRESSES:
        for match in pattern.finditer(text):
            yield match.start(), match.start() + len(match.group().rstrip(" ,.")), "address"
    yield from _group_spans(_ADDRESS_LABEL, text, "address")
    yield from attribute_spans(text)
    yield from _name_spans(text)


def _group_spans(
    pattern: re.Pattern[str], text: str, kind: str, *, need_digit: bool = False
) -> Iterator[Span]:
    for match in pattern.finditer(text):
        if not need_digit or any(ch.isdigit() for ch in match.group(1)):
            yield match.start(1), match.end(1), kind


def _phone_spans(text: str) -> Iterator[Span]:
    for pattern in _PHONES:
        for match in pattern.finditer(text):
            if 7 <= sum(ch.isdigit() for ch in match.group()) <= 15:
                yield match.start(), match.end(), "phone"
    yield from _group_spans(_PHONE_LABEL, text, "phone")
    header_end = _header_end(text)
    for match in _LOCAL_PHONE.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if _CONTACT_LINE.search(line) or (match.start() < header_end and len(line.split()) <= 8):
            yield match.start(), match.end(), "phone"


def _header_end(text: str) -> int:
    """Offset where the header ends: the first section heading, or after six non-empty lines."""
    for seen, match in enumerate(re.finditer(r"[^\n]*\S[^\n]*", text), 1):
        if heading_kind(match.group()) is not None:
            return match.start()
        if seen == 6:
            return match.end()
    return len(text)


def _name_spans(text: str) -> Iterator[Span]:
    names: set[str] = set()
    for match in _NAME_LABEL.finditer(text):
        yield match.start(1), match.end(1), "name"
        names.add(match.group(1).strip())
    for start, end in _name_lines(text):
        yield start, end, "name"
        names.add(text[start:end])
    for start, end, kind in name_spans(text):
        yield start, end, kind
        names.add(text[start:end])
    # "Wanjiru Njoroge | Kenyan | 39", "Reporter and sub-editor, 34": a bare age among the items of a
    # header line or of a line with the name.
    lines = {(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text[: _header_end(text)])}
    for name in names:
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            line_end = text.find("\n", match.end())
            lines.add((text.rfind("\n", 0, match.start()) + 1, line_end if line_end >= 0 else len(text)))
    for start, end in lines:
        yield from age_items(text, start, end)
    for name in list(names):
        # "Maria Santos (34)", "Budi, 45 tahun, ...": an age right after the name.
        after_name = (
            rf"(?<!\w){re.escape(name)}(?:[ \t]*(\(\d{{2}}\))|,[ \t]*({_AGE_AFTER_NAME})(?=[,.;)\s]|$))"
        )
        for match in re.finditer(after_name, text):
            group = 1 if match.group(1) else 2
            yield match.start(group), match.end(group), "age"
    # Wherever else the name stands: whole, in capitals, or one of its words ("Ms. Okafor").
    variants: set[str] = set()
    for name in names:
        words = [w for w in re.split(r"\s+", name.strip()) if len(w.strip(".")) >= 3]
        for candidate in {name.strip(), *words} if len(words) >= 2 else {name.strip()}:
            # A word of the name that is also a common word ("Made" of "I Made Suarta") counts from 4 letters.
            common = _is_hard_blocked(candidate) and len(candidate) < 4
            if len(candidate) >= 3 and (" " in candidate or len(words) < 2 or not common):
                variants.update({candidate, candidate.upper()})
    for variant in variants:
        for match in re.finditer(rf"(?<![\w@]){re.escape(variant)}(?![\w@])", text):
            if " " not in variant and _inside_other_proper_noun(text, match.start(), match.end()):
                continue  # "Agung" of "Agung Wicaksono" is not the "Agung" of "Masjid Agung"
            yield match.start(), match.end(), "name"


_AGE_AFTER_NAME = r"\d{2}(?:[ \t]*(?:tahun|thn|th|years?(?:[ \t]+old)?|yrs?|y/o))?"
_HONORIFIC_WORD = re.compile(r"(?i)^(?:mr|mrs|ms|miss|mx|dr|prof|sir|bapak|ibu|pak|bu|mas|mbak)\.?$")


def _inside_other_proper_noun(text: str, start: int, end: int) -> bool:
    """The word stands beside another capitalised word (not an honorific): part of some other name."""
    before = re.search(r"(\S+)[ \t]+$", text[max(0, start - 40) : start])
    after = re.match(r"[ \t]+(\S+)", text[end : end + 40])
    for neighbour in (before.group(1) if before else "", after.group(1) if after else ""):
        word = neighbour.strip(".,;:()\"'")
        if word[:1].isupper() and not _HONORIFIC_WORD.match(word) and not neighbour.endswith((".", ",", ":")):
            return True
    return False


def _one_word_name(word: str) -> bool:
    from recommender.profile.identity import _known

    return word.isalpha() and len(word) >= 3 and _known(word) and heading_kind(word) is None


def _is_hard_blocked(word: str) -> bool:
    """A word never taken as a name, even when it is part of a name already found."""
    from recommender.profile.identity import _hard_blocked

    return word.lower().strip(".") in _hard_blocked()


def _is_common_word(word: str) -> bool:
    from recommender.profile.identity import _blocked_words

    return word.lower().strip(".") in _blocked_words()


def _name_lines(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the person's name in the header.

    The first line (after a "Curriculum Vitae" title) when it looks like a
    name, and any name-like line among the first few whose words also appear
    in an email address (a layout may put the name after the contact line).
    """
    handles = {
        w for m in _EMAIL.finditer(text) for w in re.split(r"[\W\d_]+", m.group().split("@")[0].lower())
    }
    handles.discard("")
    first = True
    for index, match in enumerate(re.finditer(r"[^\n]*\S[^\n]*", text)):
        if index >= 8:
            break
        line = match.group()
        stripped = line.strip().lstrip("#").strip()
        if first and stripped.lower().strip(":") in _DOCUMENT_TITLES:
            continue
        candidate = re.split(r"[/]", _NAME_SEPARATORS.split(stripped, maxsplit=1)[0])[0].strip()
        if first and " " not in candidate and _one_word_name(candidate):
            offset = match.start() + line.find(candidate)
            yield offset, offset + len(candidate)  # "Sutrisno" heading a CV: many Indonesians have one name
        elif _looks_like_name(candidate):
            words = {w for w in re.split(r"[\s'’.-]+", candidate.lower()) if len(w) >= 3}
            if first or words & handles:
                offset = match.start() + line.find(candidate)
                yield offset, offset + len(candidate)
        first = False


def _looks_like_name(candidate: str) -> bool:
    tokens = candidate.split()
    core = [t for t in tokens if t.lower() not in _NAME_PARTICLES]
    if not 2 <= len(core) <= 4 or len(core) < len(tokens) - 2:
        return False
    if any(ch.isdigit() for ch in candidate):
        return False
    if any(t.lower().strip(".'’") in _NOT_NAME_WORDS or _is_common_word(t) for t in core):
        return False
    if heading_kind(candidate) is not None:
        return False
    return all(t[0].isupper() and all(ch.isalpha() or ch in "'’-." for ch in t) for t in core)
