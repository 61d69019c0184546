"""The catalog's words in the reader's language: role texts, vocabulary names, whole roles for the API."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from recommender.catalog import SAFE_LOADER, Catalog, EntryPath, LocalEntryPath, Role, RoleTranslation
from recommender.i18n.language import REGION_LANGUAGE, Language, Region
from recommender.i18n.messages import message
from recommender.profile.languages import LANGUAGE_NAMES

# Language names as an Indonesian sentence uses them ("penguasaan bahasa Jepang").
LANGUAGE_NAMES_ID: dict[str, str] = {
    "en": "bahasa Inggris", "id": "Bahasa Indonesia", "ms": "bahasa Melayu", "jv": "bahasa Jawa",
    "su": "bahasa Sunda", "es": "bahasa Spanyol", "pt": "bahasa Portugis", "fr": "bahasa Prancis",
    "de": "bahasa Jerman", "it": "bahasa Italia", "nl": "bahasa Belanda", "tl": "bahasa Tagalog",
    "vi": "bahasa Vietnam", "th": "bahasa Thai", "zh": "bahasa Mandarin", "ja": "bahasa Jepang",
    "ko": "bahasa Korea", "ar": "bahasa Arab", "hi": "bahasa Hindi", "bn": "bahasa Bengali",
    "ru": "bahasa Rusia", "tr": "bahasa Turki", "pl": "bahasa Polandia", "uk": "bahasa Ukraina",
    "sw": "bahasa Swahili", "ta": "bahasa Tamil", "te": "bahasa Telugu", "mr": "bahasa Marathi",
    "pa": "bahasa Punjabi", "ur": "bahasa Urdu", "fa": "bahasa Persia", "he": "bahasa Ibrani",
    "el": "bahasa Yunani", "sv": "bahasa Swedia", "no": "bahasa Norwegia", "da": "bahasa Denmark",
    "fi": "bahasa Finlandia", "cs": "bahasa Ceko", "ro": "bahasa Rumania", "hu": "bahasa Hungaria",
    "yo": "bahasa Yoruba", "ha": "bahasa Hausa", "am": "bahasa Amhara", "km": "bahasa Khmer",
    "my": "bahasa Myanmar",
}  # fmt: skip
LOCAL_LANGUAGE: Language = "id"  # the language of the local options (i18n/id/ lists Indonesian ones)
_CODE_BY_ENGLISH_NAME = {name: code for code, name in LANGUAGE_NAMES.items()}
FLUENCY_PREFIX = "fluency in "


def language_name(code: str, language: Language) -> str:
    """How `language` names the language `code` inside a sentence."""
    if language == "id":
        return LANGUAGE_NAMES_ID.get(code, LANGUAGE_NAMES.get(code, code))
    return LANGUAGE_NAMES.get(code, code)


def fluency_language(label: str) -> str | None:
    """The language code of an engine-made label "fluency in Japanese", else None."""
    if not label.startswith(FLUENCY_PREFIX):
        return None
    name = label[len(FLUENCY_PREFIX) :]
    return _CODE_BY_ENGLISH_NAME.get(name, name)


def _vocabulary_path() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "data" / "skills.yaml", here / "_data" / "skills.yaml"):
        if candidate.is_file():
            return candidate
    return here.parent / "data" / "skills.yaml"


@lru_cache(maxsize=1)
def vocabulary_names_id() -> dict[str, str]:
    """Each vocabulary skill's Indonesian name: its first Indonesian alias ("editing" -> "penyuntingan").

    Skills without Indonesian aliases are product and tool names (Excel, Figma) that
    Indonesian uses as they are.
    """
    path = _vocabulary_path()
    if not path.is_file():
        return {}
    entries = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or []
    return {
        str(e["skill"]): str(e["id"][0])
        for e in entries
        if isinstance(e, dict) and e.get("skill") and e.get("id")
    }


@dataclass(frozen=True)
class RoleText:
    """One role's words in one language (English is the catalog itself), and the entry paths of
    the reader's region: Indonesian options for an Indonesian reader or `region="ID"`."""

    role: Role
    language: Language
    translation: RoleTranslation | None = None
    local_entry_paths: tuple[LocalEntryPath, ...] = ()

    @classmethod
    def of(cls, catalog: Catalog, role: Role, language: Language, region: Region | None = None) -> RoleText:
        translation = None
        if language != "en":
            translation = catalog.translation(role.id, language)
            if translation is None:
                raise LookupError(f"the catalog has no {language!r} translation of {role.id!r}")
        local_language = REGION_LANGUAGE.get(region or "") or (language if language != "en" else None)
        local = catalog.translation(role.id, local_language) if local_language else None
        return cls(role, language, translation, local.local_entry_paths if local else ())

    @property
    def title(self) -> str:
        return self.translation.title if self.translation else self.role.title

    @property
    def summary(self) -> str:
        return self.translation.summary if self.translation else self.role.summary

    @property
    def tasks(self) -> list[str]:
        return [self._pick("tasks", t) for t in self.role.tasks]

    def skill(self, name: str) -> str:
        return self._pick("skills", name)

    def background(self, name: str) -> str:
        return self._pick("backgrounds", name)

    def entry_path_title(self, title: str) -> str:
        return self._pick("entry_paths", title)

    def prerequisite(self, name: str) -> tuple[str, str]:
        """(name, description) of a prerequisite."""
        english = next(p for p in self.role.prerequisites if p.name == name)
        if self.translation is None:
            return english.name, english.description
        translated = self.translation.prerequisites[name]
        return translated.name, translated.description

    def local_step(self, skill: str) -> LocalEntryPath | None:
        """A local (Indonesian) entry path that builds `skill`, when the team knows one."""
        return next((p for p in self.local_entry_paths if skill in p.closes), None)

    def hours_note(self, note: str) -> str:
        return self._pick("hours_notes", note) if note else note

    def cost_note(self, note: str) -> str:
        return self._pick("cost_notes", note) if note else note

    def portfolio_texts(self) -> tuple[str, ...]:
        """The portfolio task's title, description and "done when" lines; () when the role has none."""
        task = self.role.portfolio_task
        return tuple(self._pick("portfolio_task", t) for t in task.texts()) if task else ()

    def _pick(self, field: str, english: str) -> str:
        if self.translation is None:
            return english
        translated: dict[str, str] = getattr(self.translation, field)
        return translated[english]


def _entry_path(text: RoleText, path: EntryPath) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": path.kind,
        "kind_label": message(f"kind.{path.kind}", text.language),
        "title": text.entry_path_title(path.title),
        "url": path.url,
        "closes": [text.skill(c) for c in path.closes],
        "language": "en",
    }
    if text.language != "en":
        out["note"] = message("step.material_in_english", text.language)
    return out


def _local_path(text: RoleText, path: LocalEntryPath) -> dict[str, Any]:
    return {
        "kind": path.kind,
        "kind_label": message(f"kind.{path.kind}", text.language),
        "title": path.title,
        "url": path.url,
        "closes": [text.skill(c) for c in path.closes],
        "language": LOCAL_LANGUAGE,
        "source": path.source,
        "checked": path.checked,
        "note": message("step.local", text.language, checked=path.checked),
    }


def localized_role(
    catalog: Catalog, role: Role, language: Language, region: Region | None = None
) -> dict[str, Any]:
    """The role as GET /v1/roles shows it: the same fields, the words in `language`.

    Codes (family, kinds, work-mode values, currencies) stay as they are so
    integrations can rely on them; `*_labels` fields carry their words. Pay
    figures keep their own region and currency; notes and sources are quoted as
    published (in English), which `pay_note` says in the reader's language.
    `region` ("ID") puts that country's entry paths first and says in `pay_note`
    whether a pay figure for it is known, in English too.
    """
    data = role.model_dump(mode="json")
    if language != "en" and catalog.translation(role.id, language) is None:
        language = "en"  # a catalog given without that language: answer in English and say so
    if language == "en":
        if region is None:
            return data | {"language": "en"}
        text = RoleText.of(catalog, role, language, region)
        local = [_local_path(text, p) for p in text.local_entry_paths]
        return data | {
            "entry_paths": local + data["entry_paths"],
            "pay_note": _pay_note(role, language, region),
            "language": "en",
            "region": region,
        }
    text = RoleText.of(catalog, role, language, region)
    for field in ("required_skills", "nice_to_have_skills"):
        for skill in data[field]:
            skill["skill"] = text.skill(skill["skill"])
    for prerequisite in data["prerequisites"]:
        prerequisite["name"], prerequisite["description"] = text.prerequisite(prerequisite["name"])
    data.update(
        title=text.title,
        summary=text.summary,
        tasks=text.tasks,
        backgrounds=[text.background(b) for b in role.backgrounds],
        entry_paths=[_local_path(text, p) for p in text.local_entry_paths]
        + [_entry_path(text, p) for p in role.entry_paths],
        work_mode_labels={
            "location": [message(f"location.{v}", language) for v in role.work_mode.location],
            "arrangement": [message(f"arrangement.{v}", language) for v in role.work_mode.arrangement],
        },
        pay_note=_pay_note(role, language, region or "ID"),
        language=language,
    )
    if region:
        data["region"] = region
    return data


def _pay_note(role: Role, language: Language, region: Region) -> str:
    """Whether a dated pay figure for `region` is known, and that figures are never converted."""
    regions = "; ".join(dict.fromkeys(f"{p.region}, {p.currency}" for p in role.pay))
    local_pay = [p for p in role.pay if p.currency == "IDR" or "indonesia" in p.region.lower()]
    if local_pay:
        known = local_pay[0]
        note = message("pay.known_for_region", language, source=known.source, year=known.year)
    else:
        note = message(
            "pay.none_for_region", language, region=message(f"region.{region}", language), regions=regions
        )
    if language == "en":
        return note
    return f"{note} {message('pay.sources_in_english', language)}"
