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

Names come from `recommender.names` (lists built from names-dataset). A word
that is a skill, a tool, an employer word or a common English or Indonesian
word is never taken as a name on the list alone: a redacted skill is a lost
skill.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from recommender.names import name_lists

Span = tuple[int, int, str]

# A capitalised word: "Budi", "O'Neil", "Al-Amin", "José"; particles may sit between them.
_CAP = r"[^\W\d_a-z][^\W\d_]*(?:['’-][^\W\d_]+)*\.?"
_PARTICLE = r"(?:van|von|de|der|den|da|del|della|di|du|la|le|bin|binti|al|el|dos|das|ten|ter|y|bt|bte)"
_RUN = rf"{_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_CAP}){{0,3}}"
_RUN_RE = re.compile(rf"(?<![\w@.])(?:{_RUN})")

_STRONG_CUE = re.compile(
    r"(?i)\b(?:my\s+(?:full\s+)?name\s+is|name's|call\s+me|i\s+am\s+called|"
    r"nama\s+(?:lengkap\s+)?(?:saya|aku)(?:\s+adalah)?|namaku|perkenalkan,?\s+(?:nama\s+)?saya|"
    r"perkenalkan,?)\s*[:,]?\s+"
)
_WEAK_CUE = re.compile(r"(?i)(?:\bi\s+am|\bi'm|\bi’m|\bthis\s+is|\bsaya|\baku|\bhi,?|\bhalo,?)\s+")
_SIGN_OFF = re.compile(
    r"(?im)^[ \t]*(?:(?:kind|best|warm|warmest)\s+regards|regards|sincerely|yours\s+(?:sincerely|truly)|"
    r"thanks|thank\s+you|cheers|best|hormat\s+(?:saya|kami)|salam(?:\s+hangat)?|terima\s+kasih)"
    r"[ \t]*,?[ \t]*\n[ \t]*(" + _RUN + r")[ \t]*$"
)
_HONORIFIC = re.compile(
    r"(?<![\w])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam|Mme|Mlle|Bapak|Ibu|Pak|Bu|Sdr|Sdri|Saudara|Saudari|"
    r"Mas|Mbak|Kak|Hj)\.?[ \t]+(" + _RUN + r")"
)
# "James Miller. He worked ..." / "Priya Raman is a data analyst ..."
_PRONOUN_NEXT = re.compile(r"[ \t]*[.,:;—–-]?[ \t]*(?:He|She|They|His|Her|Their|Dia|Ia|Beliau)\b")
_BIO_NEXT = re.compile(
    r"[ \t]*,?[ \t]+(?:is|was|has|had|works|worked|joined|leads|led|brings|holds|spent|"
    r"adalah|merupakan|bekerja|pernah|telah|sudah|memiliki|berpengalaman)\b"
)
_REFERENCE = re.compile(r"(?i)\b(?:references?|referensi|referee|supervisor|atasan|contact\s+person)\s*[:：]\s*")

# Words that are never a name on their own, whatever the lists say.
_NOT_NAMES = frozenset(
    """
    summary profile experience skills education contact information personal data portfolio page about
    references reference objective overview projects certifications languages hobbies interests awards
    ringkasan profil pengalaman keahlian keterampilan pendidikan kontak data diri pribadi sertifikasi bahasa
    minat hobi penghargaan proyek referensi organisasi kerja tentang saya pekerjaan riwayat hidup
    engineer developer manager analyst designer teacher nurse accountant reporter writer editor specialist
    consultant officer director assistant senior junior lead head intern software marketing sales customer
    service representative administrator coordinator supervisor technician scientist researcher associate
    executive president vice founder freelance freelancer guru perawat staf staff dokter doctor professor
    lecturer dosen tutor agent clerk cashier driver chef architect programmer admin operator student
    graduate mahasiswa lulusan registered certified team product project business digital content social
    media data science research quality assurance support operations finance legal medical health care
    clinical care general human resources public relations communications community
    university universitas college institute institut school sekolah academy akademi politeknik hospital
    rumah sakit klinik clinic rs rsud rsu puskesmas bank group grup inc ltd llc corp company corporation co pt tbk cv persero
    foundation yayasan association asosiasi agency studio media news post times daily herald journal
    gazette tribune magazine press radio tv television network center centre department dinas kementerian
    ministry government pemerintah office kantor store toko shop market award awards prize scholarship
    beasiswa program programme street road avenue jalan city kota province provinsi regency kabupaten
    north south east west central utara selatan timur barat tengah new old great
    january february march april may june july august september october november december
    januari februari maret mei juni juli agustus oktober desember monday tuesday wednesday thursday friday
    saturday sunday senin selasa rabu kamis jumat sabtu minggu
    microsoft google adobe apple amazon meta facebook instagram tiktok youtube linkedin twitter whatsapp
    excel word powerpoint outlook office sheets docs slides photoshop illustrator premiere indesign figma
    canva lightroom tableau power bi salesforce hubspot zendesk jira confluence slack notion trello asana
    sap oracle python java javascript typescript kotlin swift rust go ruby rails julia scala php perl
    matlab stata spss sql mysql postgresql mongodb docker kubernetes aws azure gcp linux windows mac ios
    android wordpress shopify shopee tokopedia gojek grab bukalapak traveloka lazada blibli kompas
    gramedia tempo detik mandiri bca bri bni telkom pertamina unilever garuda indonesia jakarta
    surabaya bandung medan yogyakarta semarang bali makassar english indonesian bahasa
    ai ml ux ui hr it qa seo api crm erp kpi cv resume résumé curriculum vitae linkedin github
    final cut pro grace period mark up hope faith joy
    """.split()
)
_INDONESIAN_STOP = frozenset(
    """yang dan di ke dari untuk dengan pada dalam ini itu atau juga sebagai oleh tidak akan telah sudah
    saya aku kami kita mereka dia ia beliau adalah merupakan bekerja selama tahun bulan sejak hingga
    sampai serta para tim""".split()
)


@lru_cache(maxsize=1)
def _blocked_words() -> frozenset[str]:
    """Words never taken as a name: common words, section and job-title words, skills and tools."""
    from recommender.skills import load_vocabulary  # here: skills imports pii, which imports this

    words: set[str] = set(ENGLISH_STOP_WORDS) | _NOT_NAMES | _INDONESIAN_STOP
    for entry in load_vocabulary().entries:
        for alias in (entry.skill, *entry.aliases):
            words.update(w.lower() for w in re.findall(r"[^\W\d_]+", alias))
    return frozenset(words)


def _word(token: str) -> str:
    return token.strip(".'’").lower()


def _is_given(token: str) -> bool:
    """A given name written as one ("Budi", not "BUDI" or "budi": capitals alone mark acronyms)."""
    given, _ = name_lists()
    word = _word(token)
    return token[:1].isupper() and not token.isupper() and word in given and word not in _blocked_words()


def _is_nameish(token: str) -> bool:
    """A capitalised word that could be part of a name: known, or at least not a known non-name."""
    word = _word(token)
    if word in _blocked_words() or len(word) < 2:
        return False
    return token[:1].isupper()


def _known(token: str) -> bool:
    given, family = name_lists()
    word = _word(token)
    return (word in given or word in family) and word not in _blocked_words()


def _trim_run(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The leading part of a capitalised run that reads as a name (non-name words end it)."""
    tokens = list(re.finditer(r"\S+", text[start:end]))
    kept: list[re.Match[str]] = []
    for token in tokens:
        word = token.group()
        if re.fullmatch(_PARTICLE, word) and kept:
            kept.append(token)
            continue
        if not _is_nameish(word):
            break
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
    match = _RUN_RE.match(text, position)
    return _trim_run(text, match.start(), match.end()) if match else None


def _tokens_of(text: str, span: tuple[int, int]) -> list[str]:
    return text[span[0] : span[1]].split()


def name_spans(text: str) -> Iterator[Span]:
    """Spans of personal names anywhere in `text` (each yielded as kind "name")."""
    for match in _STRONG_CUE.finditer(text):
        span = _run_at(text, match.end())
        if span:
            yield span[0], span[1], "name"
    for match in _WEAK_CUE.finditer(text):
        span = _run_at(text, match.end())
        if span and _is_given(_tokens_of(text, span)[0]):
            yield span[0], span[1], "name"
    for match in _SIGN_OFF.finditer(text):
        span = _trim_run(text, match.start(1), match.end(1))
        if span and (len(_tokens_of(text, span)) >= 2 or _known(_tokens_of(text, span)[0])):
            yield span[0], span[1], "name"
    for match in _HONORIFIC.finditer(text):
        span = _trim_run(text, match.start(1), match.end(1))
        if span and (len(_tokens_of(text, span)) >= 2 or _known(_tokens_of(text, span)[0])):
            yield span[0], span[1], "name"
    for match in _REFERENCE.finditer(text):
        span = _run_at(text, match.end())
        if span and len(_tokens_of(text, span)) >= 2:
            yield span[0], span[1], "name"
    for match in _RUN_RE.finditer(text):
        span = _trim_run(text, match.start(), match.end())
        if span is None:
            continue
        tokens = _tokens_of(text, span)
        if not _is_given(tokens[0]):
            continue
        after = text[span[1] :]
        if len(tokens) >= 2 and (_known(tokens[1]) or len(tokens) >= 3 or _BIO_NEXT.match(after)):
            yield span[0], span[1], "name"  # "Budi Santoso", "Siti Nurhaliza is a ..."
        elif len(tokens) >= 2 and _PRONOUN_NEXT.match(after):
            yield span[0], span[1], "name"
        elif len(tokens) == 1 and _sentence_start(text, span[0]) and _PRONOUN_NEXT.match(after):
            yield span[0], span[1], "name"  # "Sutrisno. He ..."


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
            rf"|(?-i:\b{_DEMONYMS}(?:-born|-American|-Indonesian)?)(?=[ \t]+(?i:{_PERSON_NOUNS})\b)"
            rf"|(?<=\bi am )(?:an?\s+)?(?-i:{_DEMONYMS})\b|(?<=\bI'm )(?:an?\s+)?(?-i:{_DEMONYMS})\b"
        ),
    ),
    (
        "religion",
        re.compile(
            rf"(?i)\b(?:religion|faith|agama|kepercayaan)\s*[:：]\s*{_VALUE}"
            rf"|\bberagama\s+{_RELIGIONS}\b"
            rf"|(?:(?<=\bi am )|(?<=\bI'm )|(?<=\ba )|(?<=\ban )|(?<=\bdevout )|(?<=\bpractising )"
            rf"|(?<=\bpracticing ))(?-i:{_RELIGIONS})\b"
        ),
    ),
    (
        "marital status",
        re.compile(
            r"(?i)\b(?:marital\s+status|status\s+(?:perkawinan|pernikahan|pribadi|sipil))\s*[:：]\s*" + _VALUE
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
            rf"|\b(?:ibu|ayah|bapak)\s+(?:dari\s+)?{_NUMBER_WORDS}\s+(?:orang\s+)?anak\b"
            rf"|\bwith\s+{_NUMBER_WORDS}\s+(?:young\s+)?(?:children|kids)\b"
            rf"|\b(?:memiliki|punya|dengan)\s+{_NUMBER_WORDS}\s+(?:orang\s+)?anak\b"
            rf"|\b(?:number\s+of\s+children|jumlah\s+anak|children)\s*[:：]\s*\d+"
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


def attribute_spans(text: str) -> Iterator[Span]:
    """Spans of stated age, nationality, religion, marital status, family, gender and photo captions."""
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
