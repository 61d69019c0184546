"""Who a person is must not move their advice: find names and identity facts, and neutralise the rest.

Two kinds of work, both before anything is embedded:

- `name_spans` and `attribute_spans` find personal data anywhere in running text
  (not only in header lines): names after a cue ("My name is ...", "Nama saya
  ...", "Regards,"), after an honorific (Mr, Ms, Bapak, Ibu), before a
  pronoun sentence ("James Miller. He worked ..."), at the head of a bio
  ("Priya Raman is a data analyst") and any run of capitalised words that
  starts with a known given name; and age, nationality, religion, marital
  status, family, gender and photo captions where they are stated. `pii.redact`
  replaces them with placeholders and reports only their kinds.
- `neutralise` drops what stays in the words a person writes about themselves:
  pronouns, honorifics and gendered nouns ("She managed her team" and "He
  managed his team" embed the same), and the placeholders themselves. Evidence
  still quotes the person's own words; only what is embedded is neutral.

Names come from `recommender.profile.names` (lists built from names-dataset). A word
that is a skill, a tool, an employer word or a common English or Indonesian
word is never taken as a name on the list alone: a redacted skill is a lost
skill.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from recommender.profile.names import name_lists, names_dir
from recommender.resources import english_stop_words

Span = tuple[int, int, str]

# A capitalised word: "Budi", "O'Neil", "Al-Amin", "José"; particles may sit between them.
# A full stop belongs to a word only as an initial ("J. Smith"): "Little Rock. Price" is two sentences.
_CAP = r"(?-i:[^\W\d_a-z](?:[^\W\d_]*(?:['’-][^\W\d_]+)*|\.))"
_PARTICLE = r"(?:van|von|de|der|den|da|del|della|di|du|la|le|bin|binti|al|el|dos|das|ten|ter|y|bt|bte)"
_RUN = rf"{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_CAP}){{0,4}}"
_RUN_RE = re.compile(rf"(?<![\w@.])(?:{_RUN})")

_STRONG_CUE = re.compile(
    r"(?i)\b(?:my\s+(?:full\s+)?name\s+is|name's|call\s+me|i\s+am\s+called|"
    r"nama\s+(?:lengkap\s+)?(?:saya|aku)(?:\s+adalah)?|namaku|perkenalkan,?\s+(?:nama\s+)?saya|"
    r"perkenalkan,?|bernama|dengan\s+nama|curriculum\s+vitae|resume|résumé|cv|daftar\s+riwayat\s+hidup|"
    r"references?\s+for|reference\s+letter\s+for|recommendation\s+for|rekomendasi\s+untuk)\s*[:,]?\s+"
)
_WEAK_CUE = re.compile(
    r"(?i)(?:\bi\s+am|\bi'm|\bi’m|\bthis\s+is|\bsaya|\baku|\bhi,?|\bhalo,?|^[ \t]*(?:about|tentang))\s+", re.M
)
_SIGN_OFF = re.compile(
    r"(?im)^[ \t]*(?:(?:kind|best|warm|warmest|with\s+best)\s+regards|regards|sincerely|yours\s+(?:sincerely|truly)|"
    r"yours\s+faithfully|(?:many\s+|with\s+)?thanks|thank\s+you|cheers|best|best\s+wishes|warm\s+wishes|"
    r"hormat\s+(?:saya|kami)|salam(?:\s+hangat)?|terima\s+kasih|wassalam)"
    r"[ \t]*,?[ \t]*\n(?:[ \t]*\n)?[ \t]*(" + _RUN + r")[ \t]*$"
)
_HONORIFIC = re.compile(
    r"(?<![\w])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam|Mme|Mlle|Bapak|Ibu|Pak|Bu|Sdr|Sdri|Saudara|Saudari|"
    r"Mas|Mbak|Kak|Hj|Colonel|Col|Captain|Capt|Major|General|Lieutenant|Lt|Sergeant|Sgt|Professor|Doctor|"
    r"Judge|Rev|Pastor|Imam|Ustadz|Ustadzah|Kyai|Engr|Ir|Drs|Dra)\.?[ \t]+(" + _RUN + r")"
)
# "James Miller. He worked ..." / "Priya Raman is a data analyst ..."
_PRONOUN_NEXT = re.compile(r"[ \t]*[.,:;—–-]?[ \t]*(?:He|She|They|His|Her|Their|Dia|Ia|Beliau)\b")
_BIO_NEXT = re.compile(
    r"[ \t]*,?[ \t]+(?:is|was|has|had|works|worked|joined|leads|led|brings|holds|spent|managed|manages|"
    r"runs|ran|taught|teaches|built|builds|served|serves|trained|designed|wrote|writes|wants|would|"
    r"adalah|merupakan|bekerja|pernah|telah|sudah|memiliki|berpengalaman)\b"
)
# A name followed by its age: "Wanjiru Njoroge (24)", "Siti, 41 th".
_AGE_NEXT = re.compile(
    r"[ \t]*(?:\(\d{2}\)|,[ \t]*\d{2}[ \t]*(?:tahun|thn|th|years?[ \t]+old|y/o)\b|,[ \t]*\d{2}[ \t]*(?=[,;|]))"
)
_REFERENCE = re.compile(
    r"(?i)\b(?:references?|referensi|referee|supervisor|atasan|contact\s+person)\s*[:：]\s*"
)


_MONTHS_AND_DAYS = frozenset(
    {
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december"),
        *("januari", "februari", "maret", "mei", "juni", "juli", "agustus", "oktober", "desember"),
    }
)


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """The curated list: section, title, organisation and tool words, Indonesian function words."""
    listed = (names_dir() / "not_names.txt").read_text(encoding="utf-8")
    return frozenset(w for line in listed.splitlines() for w in line.split("#")[0].split()) - _MONTHS_AND_DAYS


@lru_cache(maxsize=1)
def _hard_blocked() -> frozenset[str]:
    """Never a name on the lists alone: English stop words and the curated list."""
    return frozenset((set(english_stop_words()) | _not_names()) - _MONTHS_AND_DAYS)


@lru_cache(maxsize=1)
def _soft_blocked() -> frozenset[str]:
    """Words of the skill vocabulary, months and days: a name only when a name list knows them too.

    "Lan" is a name and a network ("LAN"); "Mei" a name and a month; "Grace" a name and a word.
    """
    from recommender.profile.skills import load_vocabulary  # here: skills imports pii, which imports this

    words: set[str] = set(_MONTHS_AND_DAYS)
    for entry in load_vocabulary().entries:
        for alias in (entry.skill, *entry.aliases):
            words.update(w.lower() for w in re.findall(r"[^\W\d_]+", alias))
    return frozenset(words - _hard_blocked())


@lru_cache(maxsize=1)
def _blocked_words() -> frozenset[str]:
    """Every word that is not taken as a name on its own."""
    return _hard_blocked() | _soft_blocked()


def _word(token: str) -> str:
    return token.strip(".'’").lower()


def _title_case(token: str) -> bool:
    return token[:1].isupper() and not token.isupper()


def _listed(word: str) -> bool:
    given, family = name_lists()
    return word in given or word in family


def _is_given(token: str, after_cue: bool = False) -> bool:
    """A given name written as one ("Budi", not "BUDI" or "budi": capitals alone mark acronyms).

    A word that is also a skill or a month ("Spring", "Lan", "Mei") counts only after a cue
    such as "I'm" or "Nama saya".
    """
    given, _ = name_lists()
    word = _word(token)
    if not _title_case(token) or word not in given or word in _hard_blocked():
        return False
    return after_cue or word not in _soft_blocked()


def _is_nameish(token: str) -> bool:
    """A capitalised word that could be part of a name: known, or at least not a known non-name."""
    word = _word(token)
    if len(word) < 2 or not token[:1].isupper() or word in _hard_blocked():
        return False
    return word not in _soft_blocked() or (_title_case(token) and _listed(word))


def _cued_name_word(token: str) -> bool:
    """After a cue ("I'm ...", "Ms ...", "... worked as"): a capitalised word that is a listed name or
    no known word at all ("Wanjiru" is in no list; "Made" is a name and an English word)."""
    word = _word(token)
    if not _title_case(token) or not word.isalpha() or len(word) < 2 or word in _not_names():
        return False
    return _listed(word) or word not in _blocked_words()


def _known(token: str) -> bool:
    word = _word(token)
    return (
        _listed(word) and word not in _hard_blocked() and (word not in _soft_blocked() or _title_case(token))
    )


def _trim_run(text: str, start: int, end: int, after_cue: bool = False) -> tuple[int, int] | None:
    """The leading part of a capitalised run that reads as a name (non-name words end it).

    After a cue ("Nama saya ...") a listed name counts even where it is also a common word ("Made").
    """
    tokens = list(re.finditer(r"\S+", text[start:end]))
    kept: list[re.Match[str]] = []
    for token in tokens:
        word = token.group()
        if re.fullmatch(_PARTICLE, word) and kept:
            kept.append(token)
            continue
        if not (_is_nameish(word) or (after_cue and _title_case(word) and _listed(_word(word)))):
            break
        if _word(word) in _MONTHS_AND_DAYS and re.match(r"[ \t]*\d", text[start + token.end() :]):
            break  # "Mei 2020", "May 12"
        kept.append(token)
    while kept and re.fullmatch(_PARTICLE, kept[-1].group()):
        kept.pop()
    if not kept:
        return None
    stop = start + kept[-1].end()
    while stop > start and text[stop - 1] in ".'’":
        stop -= 1
    return start + kept[0].start(), stop


def _run_at(text: str, position: int) -> tuple[int, int] | None:
    """The name-like run starting at `position`, right after a cue."""
    match = _RUN_RE.match(text, position)
    return _trim_run(text, match.start(), match.end(), after_cue=True) if match else None


def _tokens_of(text: str, span: tuple[int, int]) -> list[str]:
    return text[span[0] : span[1]].split()


# Balinese names open with "I" or "Ni" and a birth-order name: "I Made Suarta", "Ni Luh Putu Ayu Sari".
_BALINESE = re.compile(
    r"(?<![\w])(?:I|Ni)[ \t]+(?:Gusti[ \t]+)?(?:Putu|Made|Kadek|Nyoman|Ketut|Wayan|Gede|Komang|Luh|Nengah|Ayu)"
    r"(?:[ \t]+" + _CAP + r"){0,4}"
)


def name_spans(text: str) -> Iterator[Span]:
    """Spans of personal names anywhere in `text` (each yielded as kind "name")."""
    for match in _BALINESE.finditer(text):
        yield match.start(), match.end(), "name"
    for match in _STRONG_CUE.finditer(text):
        span = _run_at(text, match.end())
        if span:
            yield span[0], span[1], "name"
    for match in _WEAK_CUE.finditer(text):
        span = _run_at(text, match.end())
        if span and _cued_name_word(_tokens_of(text, span)[0]):
            yield span[0], span[1], "name"
    for match in _SIGN_OFF.finditer(text):
        span = _trim_run(text, match.start(1), match.end(1))
        if span and (len(_tokens_of(text, span)) >= 2 or _known(_tokens_of(text, span)[0])):
            yield span[0], span[1], "name"
    for match in _HONORIFIC.finditer(text):
        span = _trim_run(text, match.start(1), match.end(1), after_cue=True)
        if span and (len(_tokens_of(text, span)) >= 2 or _cued_name_word(_tokens_of(text, span)[0])):
            yield span[0], span[1], "name"
    for match in _REFERENCE.finditer(text):
        span = _run_at(text, match.end())
        if span and len(_tokens_of(text, span)) >= 2:
            yield span[0], span[1], "name"
    third_person = _THIRD_PERSON.search(text) is not None
    for match in _RUN_RE.finditer(text):
        span = _trim_run(text, match.start(), match.end())
        if span is None:
            # "Made, 39 th": a listed name that is also a common word, followed by an age.
            lenient = _trim_run(text, match.start(), match.end(), after_cue=True)
            if (
                lenient
                and _AGE_NEXT.match(text, lenient[1])
                and _cued_name_word(_tokens_of(text, lenient)[0])
            ):
                yield lenient[0], lenient[1], "name"
            continue
        tokens = _tokens_of(text, span)
        after = text[span[1] :]
        starts = _sentence_start(text, span[0])
        about_them = (starts and _BIO_NEXT.match(after)) or _AGE_NEXT.match(after)
        if len(tokens) >= 2 and about_them and any(_known(t) for t in tokens):
            yield span[0], span[1], "name"  # "Tan Mei Hwa adalah ...", "Wanjiru Njoroge (24)"
            continue
        if len(tokens) == 1 and _AGE_NEXT.match(after) and _cued_name_word(tokens[0]):
            yield span[0], span[1], "name"  # "Siti, 41 th, lajang"
            continue
        if len(tokens) == 1:
            # A lone given name opening a sentence about the person: "Sutrisno. He ...", "Priya worked ...";
            # in a bio written in the third person, also one on no list ("Wanjiru worked as ... Her ...").
            if (
                starts
                and _cued_name_word(tokens[0])
                and (_PRONOUN_NEXT.match(after) or _BIO_NEXT.match(after))
                and (_listed(_word(tokens[0])) or (third_person and _PERSON_VERB.match(after)))
            ):
                yield span[0], span[1], "name"
            continue
        if _beside_identity_facts(text, span, tokens):
            yield span[0], span[1], "name"  # "Wanjiru Njoroge | Kenyan | 24"
            continue
        if not _is_given(tokens[0]):
            continue
        if _known(tokens[1]) or len(tokens) >= 3 or _BIO_NEXT.match(after) or _PRONOUN_NEXT.match(after):
            yield (
                span[0],
                span[1],
                "name",
            )  # "Budi Santoso", "Siti Nurhaliza is a ...", "James Miller. He ..."


# Verbs only a person is the subject of: "Procreate is ..." says nothing, "Wanjiru worked as ..." does.
_PERSON_VERB = re.compile(
    r"[ \t]+(?:worked|works|joined|spent|served|taught|trained|studied|graduated|grew|lives|lived|"
    r"began|started|moved|retired)\b"
)
_THIRD_PERSON = re.compile(r"\b(?:He|She|His|Her|he|she|his|her|him)\b")
_FIELD_BREAK = re.compile(r"[ \t]*[|•·;,][ \t]*")


def _beside_identity_facts(text: str, span: tuple[int, int], tokens: list[str]) -> bool:
    """Two or three capitalised words that open a line whose other fields state identity facts
    (nationality, age, religion, ...): a header such as "Wanjiru Njoroge | Kenyan | 24"."""
    if not 2 <= len(tokens) <= 3 or not all(_cued_name_word(t) for t in tokens):
        return False
    line_start = text.rfind("\n", 0, span[0]) + 1
    if text[line_start : span[0]].strip() or not _FIELD_BREAK.match(text, span[1]):
        return False
    line_end = text.find("\n", span[1])
    rest = text[span[1] : line_end if line_end >= 0 else len(text)]
    return any(kind != "age" for _, _, kind in _item_spans(rest)) or any(True for _ in attribute_spans(rest))


def _sentence_start(text: str, position: int) -> bool:
    before = text[:position].rstrip(" \t")
    return not before or before[-1] in ".!?\n:;"


# ---------------------------------------------------------------------------------------------
# Identity facts: age, nationality, religion, marital status, family, gender, photo captions.

_VALUE = r"[^\n|•·\t;,]*[^\n|•·\t;,\s]"
_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|\d{1,2}|satu|dua|tiga|empat|lima|enam|seorang|dua\s+orang|tiga\s+orang)"
)
_DEMONYMS = (
    r"(?:American|British|English|Scottish|Welsh|Irish|Canadian|Australian|New\s+Zealander|Indonesian|"
    r"Malaysian|Singaporean|Filipino|Filipina|Thai|Vietnamese|Chinese|Chinese-Indonesian|Japanese|Korean|"
    r"Indian|Pakistani|Bangladeshi|Sri\s+Lankan|Nepali|Nigerian|Ghanaian|Kenyan|South\s+African|Ethiopian|"
    r"Egyptian|Moroccan|Algerian|Tunisian|Senegalese|Cameroonian|Ugandan|Tanzanian|Rwandan|Zimbabwean|"
    r"Mexican|Brazilian|Argentine|Argentinian|Colombian|Chilean|Peruvian|Venezuelan|Cuban|Puerto\s+Rican|"
    r"Dominican|Spanish|Portuguese|French|German|Italian|Dutch|Belgian|Swiss|Austrian|Swedish|Norwegian|"
    r"Danish|Finnish|Polish|Czech|Hungarian|Romanian|Bulgarian|Greek|Turkish|Russian|Ukrainian|Iranian|"
    r"Iraqi|Syrian|Lebanese|Jordanian|Palestinian|Israeli|Saudi|Emirati|Qatari|Kuwaiti|Yemeni|Afghan|"
    r"Arab|Latina|Latino|Hispanic|African|Asian|European|Caucasian|Javanese|Sundanese|Batak|Balinese|"
    r"Minangkabau|Bugis|Acehnese|Papuan|Betawi|Malay)"
)
_RELIGIONS = (
    r"(?:Muslim|Moslem|Christian|Catholic|Protestant|Hindu|Buddhist|Jewish|Sikh|Confucian|Atheist|Agnostic|"
    r"Islam|Kristen|Katolik|Katholik|Protestan|Buddha|Budha|Konghucu|Khonghucu)"
)
_PERSON_NOUNS = (
    r"(?:woman|man|women|men|person|lady|gentleman|girl|boy|mother|father|mom|dad|mum|citizen|national|"
    r"native|immigrant|expat|professional|engineer|nurse|teacher|reporter|journalist|writer|analyst|"
    r"developer|designer|worker|graduate|student|parent|wife|husband|born)"
)
_ATTRIBUTES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "photo",
        re.compile(
            r"(?im)^[ \t]*(?:\[(?:photo|foto|picture|gambar|pas\s+foto)\b[^\]\n]*\]"
            r"|(?:photo|foto|picture|gambar|pas\s+foto|caption)\s*[:：][^\n]*)"
        ),
    ),
    (
        "age",
        re.compile(
            r"(?i)\b(?:age|usia|umur)\s*[:：]\s*\d{1,3}(?:\s*(?:tahun|thn|th|years?(?:\s+old)?|yrs?))?"
            r"|\b\d{2}[- ](?:years?|yrs?)[- ]old\b|\baged\s+\d{2}\b"
            r"|\b(?:berusia|berumur|usia|umur)\s+\d{2}\s*(?:tahun|thn|th)\b"
        ),
    ),
    (
        "nationality",
        re.compile(
            rf"(?i)\b(?:nationality|citizenship|kewarganegaraan|warga\s+negara|suku|ethnicity|etnis)"
            rf"\s*[:：]\s*{_VALUE}"
            rf"|\b(?:warga\s+negara|berkewarganegaraan|keturunan|suku)\s+{_CAP}(?:\s+{_CAP})?"
            rf"|\bWN[IA]\b"
            rf"|(?-i:\b{_DEMONYMS}(?:-born|-American|-Indonesian)?)"
            rf"(?=[ \t]+(?i:{_PERSON_NOUNS})\b)"
            rf"|(?<=\bi am )(?:an?\s+)?(?-i:{_DEMONYMS})\b|(?<=\bI'm )(?:an?\s+)?(?-i:{_DEMONYMS})\b"
            rf"|(?:(?<=\ba )|(?<=\ban ))(?-i:{_DEMONYMS})(?=[ \t]+(?-i:[a-z]))"
            rf"(?![ \t]+(?:language|translation|speaker))"
        ),
    ),
    (
        "religion",
        re.compile(
            rf"(?i)\b(?:religion|faith|agama|kepercayaan)\s*[:：]\s*{_VALUE}"
            rf"|\b(?:beragama|agama)\s+{_RELIGIONS}\b"
            rf"|(?:(?<=\bi am )|(?<=\bI'm )|(?<=\ba )|(?<=\ban )|(?<=\bdevout )|(?<=\bpractising )"
            rf"|(?<=\bpracticing ))(?-i:{_RELIGIONS})\b"
        ),
    ),
    (
        "marital status",
        re.compile(
            r"(?i)\b(?:marital\s+status|status\s+(?:perkawinan|pernikahan|pribadi|sipil))\s*[:：]\s*"
            + _VALUE
            + r"|\bstatus\s*[:：]\s*(?:menikah|kawin|belum\s+menikah|belum\s+kawin|lajang|single|married|"
            r"divorced|widowed|cerai|janda|duda)\b"
            r"|\b(?:i\s+am|i'm|i’m)\s+(?:happily\s+)?(?:married|single|divorced|widowed|engaged)\b"
            r"|\b(?:sudah|belum|telah)\s+(?:menikah|berkeluarga|kawin)\b"
            r"|\bmarried\s+with\b"
        ),
    ),
    (
        "family",
        re.compile(
            rf"(?i)\b(?:a\s+)?(?:single\s+)?(?:mother|father|mom|mum|dad|parent)\s+of\s+{_NUMBER_WORDS}"
            rf"(?:\s+(?:children|kids|boys|girls|daughters|sons))?\b"
            rf"|\b(?:ibu|ayah|bapak|orang\s+tua)\s+(?:tunggal\s+)?(?:dari\s+)?{_NUMBER_WORDS}\s+(?:orang\s+)?anak\b"
            rf"|\bwith\s+{_NUMBER_WORDS}\s+(?:young\s+)?(?:children|kids)\b"
            rf"|\b(?:memiliki|punya|dengan)\s+{_NUMBER_WORDS}\s+(?:orang\s+)?anak\b"
            rf"|\b(?:number\s+of\s+children|jumlah\s+anak|children)\s*[:：]\s*\d+"
            rf"|\b(?:a\s+)?(?:grand)?(?:mother|father|parent|mom|dad)\s+of\s+{_NUMBER_WORDS}\b"
            rf"|\b(?:the\s+)?(?:eldest|oldest|youngest|middle|only)\s+(?:child|son|daughter|sibling)?"
            rf"(?:\s+of\s+{_NUMBER_WORDS}(?:\s+(?:siblings|children|kids|teachers|farmers|parents))?)?"
            rf"(?=[\s,.;]|$)(?<!\bonly)"
            rf"|\b(?:the\s+)?(?:eldest|oldest|youngest|middle)\s+of\s+{_NUMBER_WORDS}(?:\s+\w+)?"
            rf"|\bonly\s+child(?:\s+of\s+{_NUMBER_WORDS}\s+\w+)?"
            rf"|\banak\s+(?:pertama|kedua|ketiga|bungsu|sulung|tunggal|tengah)(?:\s+dari\s+{_NUMBER_WORDS}"
            rf"(?:\s+(?:bersaudara|saudara|anak))?)?"
            rf"|\b(?:nenek|kakek|ibu|ayah)\s+(?:dari\s+)?{_NUMBER_WORDS}\s+(?:orang\s+)?(?:cucu|anak)\b"
            rf"|\b(?:a\s+)?grand(?:mother|father|parent)\b"
        ),
    ),
    (
        "gender",
        re.compile(
            rf"(?i)\b(?:gender|sex|jenis\s+kelamin)\s*[:：]\s*{_VALUE}"
            r"|\b(?:pronouns?)\s*[:：]\s*[\w/ ]+"
        ),
    ),
)


# One item of a list of personal details: "Personal: man, 41, Christian, married" / "Ghanaian | 41 | single".
_ITEM = re.compile(r"(?:[^,|;/•·\n.]|\.(?=\S))+")
_ITEM_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("nationality", re.compile(rf"(?:{_DEMONYMS})(?:\s+(?:national|citizen))?|WN[IA]")),
    ("religion", re.compile(rf"(?i:(?:agama\s+|beragama\s+)?){_RELIGIONS}")),
    (
        "marital status",
        re.compile(
            r"(?i)(?:status\s+)?(?:married|single|divorced|widowed|engaged|separated|menikah|kawin|lajang|"
            r"cerai|janda|duda|belum\s+menikah|sudah\s+menikah|belum\s+kawin)"
        ),
    ),
    ("gender", re.compile(r"(?i)(?:male|female|man|woman|laki-laki|perempuan|pria|wanita|non-binary)")),
)
# Any item word, case ignored: a superset of `_ITEM_KINDS` that rules a line out in one search.
_ITEM_WORD = re.compile("|".join(p.pattern.removeprefix("(?i)") for _, p in _ITEM_KINDS), re.IGNORECASE)
_SELF = re.compile(r"(?i)^(?:[\w ]{1,20}[:：]\s*)?(?:(?:saya|aku|i\s+am|i'm|i’m)\s+(?:an?\s+|seorang\s+)?)?")
_AGE_ITEM = re.compile(r"(?i)\d{2}(?:\s*(?:tahun|thn|th|years?(?:\s+old)?|yrs?|y/o|yo))?")


def _item_spans(text: str) -> Iterator[Span]:
    """Identity facts written as bare items of a list; a bare age counts beside another such fact."""
    for line in re.finditer(r"[^\n]+", text):
        if not _ITEM_WORD.search(line.group()):
            continue  # most lines state no identity fact: one search instead of four per item
        found: list[Span] = []
        ages: list[tuple[int, int]] = []
        for item in _ITEM.finditer(line.group()):
            value = _SELF.sub("", item.group().strip(" \t."))
            if not value:
                continue
            start = line.start() + item.start() + item.group().index(value)
            end = start + len(value)
            if _AGE_ITEM.fullmatch(value):
                ages.append((start, end))
            for kind, pattern in _ITEM_KINDS:
                if pattern.fullmatch(value):
                    found.append((start, end, kind))
                    break
        yield from found
        if found:
            yield from ((start, end, "age") for start, end in ages)


def age_items(text: str, start: int, end: int) -> Iterator[Span]:
    """Bare ages ("39 tahun", "41") among the items of the line text[start:end] (a line with a name)."""
    for item in _ITEM.finditer(text, start, end):
        value = item.group().strip(" \t.")
        if value and _AGE_ITEM.fullmatch(value):
            offset = item.start() + item.group().index(value)
            yield offset, offset + len(value), "age"


def attribute_spans(text: str) -> Iterator[Span]:
    """Spans of stated age, nationality, religion, marital status, family, gender and photo captions."""
    yield from _item_spans(text)
    for kind, pattern in _ATTRIBUTES:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            label = re.match(r"[^:：\n]{0,30}[:：][ \t]*", match.group())
            if label:  # "Agama: Islam": the value goes, the label stays
                start += label.end()
            while end > start and text[end - 1] in " \t.,":
                end -= 1
            if end > start:
                yield start, end, kind


# ---------------------------------------------------------------------------------------------
# Neutral text for embedding.

_IDENTITY_WORDS = re.compile(
    r"(?i)(?<![\w\[-])(?:he|she|him|her|his|hers|himself|herself|they|them|their|theirs|themselves|themself|"
    r"i'm|i’m|i|me|my|mine|myself|saya|aku|"
    r"mr|mrs|ms|miss|mx|sir|madam|mme|mlle|ma'am|"
    r"woman|man|women|men|female|male|lady|ladies|gentleman|gentlemen|girl|boy|person|"
    r"wife|husband|mother|father|mom|mum|dad|son|daughter|"
    r"bapak|ibu|pak|bu|mas|mbak|sdr|sdri|saudara|saudari|"
    r"wanita|pria|perempuan|laki-laki|lelaki|istri|suami)(?![\w\]-])\.?"
)
_PLACEHOLDER = re.compile(r"\[(?:[a-z]+(?: [a-z]+)*)\]")
_SPACES = re.compile(r"[ \t]{2,}")


def neutralise(text: str) -> str:
    """`text` without pronouns, honorifics, gendered nouns and redaction placeholders (for embedding)."""
    out = _PLACEHOLDER.sub(" ", text)
    out = _IDENTITY_WORDS.sub(" ", out)
    out = _SPACES.sub(" ", out)
    return "\n".join(line.strip(" \t,") for line in out.split("\n"))
