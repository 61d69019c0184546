"""Bahasa Indonesia: the translated catalog, the message and error templates, and how a language is chosen."""

from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import pytest
import yaml

from api.uploads import BatchFileError, parse_batch
from recommender.catalog import Catalog, load_catalog
from recommender.errors import CatalogError, ProfileError
from recommender.i18n import (
    MESSAGES,
    SUPPORTED,
    LanguageError,
    choose,
    for_profile,
    from_accept_language,
    localize_error,
    parse_language,
)
from recommender.i18n.errors import ERRORS
from recommender.i18n.roles import RoleText, localized_role
from recommender.match.engine import Recommender
from recommender.profile.ingest import IngestError, extract_document
from recommender.profile.request import ProfileRequest
from recommender.profile.skills import MAX_SKILLS, MAX_TEXT_CHARS

from .conftest import HashingEncoder
from .test_ingest import encrypted_pdf, image_only_pdf

ROLES_DIR = Path(__file__).resolve().parent.parent / "data" / "roles"
# English function words, as whole words: hyphenated terms of art ("text-to-speech") and names in
# “quotes” are allowed, since Indonesian uses them as they are.
ENGLISH_WORDS = re.compile(
    r"(?<![\w-])(the|and|of|with|your|you|for|to|is|are|from|this|that|in|on|by|or|how|what|which|who"
    r"|matches|requirement|related|background|few|skills)(?![\w-])",
    re.IGNORECASE,
)


def english_words(text: str, *, quoted_codes: bool = False) -> list[str]:
    """English words outside “names” (and, for error texts, outside 'field names' and values)."""
    text = re.sub(r"“[^”]*”", "", text)
    if quoted_codes:
        text = re.sub(r"'[^']*'|\[[^\]]*\]", "", text)
    return ENGLISH_WORDS.findall(text)


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# --- the catalog -------------------------------------------------------------------------------


def test_every_role_reads_completely_in_indonesian(catalog: Catalog) -> None:
    assert set(catalog.translations) == set(SUPPORTED) - {"en"}
    for role in catalog:
        text = RoleText.of(catalog, role, "id")
        assert text.title and len(text.summary) >= 40
        translated = [
            *text.tasks,
            *(text.skill(s.skill) for s in role.skills),
            *(text.background(b) for b in role.backgrounds),
            *(text.entry_path_title(p.title) for p in role.entry_paths),
            *(part for p in role.prerequisites for part in text.prerequisite(p.name)),
            *(p.title for p in text.local_entry_paths),
        ]
        assert all(t.strip() for t in translated), role.id
        for t in [text.title, text.summary, *translated]:
            assert not english_words(t), (role.id, t)


def test_the_translated_catalog_keeps_codes_and_pay_and_says_no_indonesian_pay_is_known(
    catalog: Catalog,
) -> None:
    role = catalog.get("ai-writing-trainer")
    assert role is not None
    data = localized_role(catalog, role, "id")
    english = role.model_dump(mode="json")
    assert data["language"] == "id" and data["title"] == "Pelatih Model AI untuk Penulisan"
    assert data["pay"] == english["pay"]  # figures, currency and region exactly as sourced
    assert data["work_mode"] == english["work_mode"]
    assert data["work_mode_labels"]["location"] == ["jarak jauh (remote)"]
    assert "Belum ada angka gaji untuk Indonesia" in data["pay_note"] and "USD" in data["pay_note"]
    assert "tidak dikonversi ke rupiah" in data["pay_note"]
    assert [s["weight"] for s in data["required_skills"]] == [s.weight for s in role.required_skills]
    assert all(p["language"] == "en" and "bahasa Inggris" in p["note"] for p in data["entry_paths"])


def test_indonesian_entry_paths_name_their_source_and_the_year_checked(catalog: Catalog) -> None:
    local = [p for t in catalog.translations["id"].values() for p in t.local_entry_paths]
    assert len(local) >= 10
    homepages = {
        "https://www.prakerja.go.id",
        "https://digitalent.komdigi.go.id",
        "https://www.dicoding.com",
        "https://cekfakta.com",
    }
    for path in local:
        assert path.url in homepages, path.url  # only programmes we can name with confidence
        assert path.source.startswith("https://") and path.checked >= 2025


def _copy_roles(tmp_path: Path) -> Path:
    target = tmp_path / "roles"
    shutil.copytree(ROLES_DIR, target)
    return target


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_missing_translation_fails_the_load_naming_the_file_and_field(tmp_path: Path) -> None:
    roles = _copy_roles(tmp_path)
    _edit(roles / "i18n" / "id" / "ai-fact-checker.yaml", lambda d: d["tasks"].pop(0))
    with pytest.raises(CatalogError) as error:
        load_catalog(roles)
    message = str(error.value)
    assert "i18n/id/ai-fact-checker.yaml" in message
    assert "tasks: no translation of 'Break a model answer into individual claims" in message


def test_an_empty_translation_fails_the_load(tmp_path: Path) -> None:
    roles = _copy_roles(tmp_path)

    def empty_skill(data: dict[str, list[dict[str, str]]]) -> None:
        data["skills"][0]["id"] = "  "

    _edit(roles / "i18n" / "id" / "llm-evaluator.yaml", empty_skill)
    with pytest.raises(CatalogError, match=r"llm-evaluator\.yaml: skills: the translation of .* is empty"):
        load_catalog(roles)


def test_an_empty_title_fails_the_load(tmp_path: Path) -> None:
    roles = _copy_roles(tmp_path)
    _edit(roles / "i18n" / "id" / "llm-evaluator.yaml", lambda d: d.update(title=""))
    with pytest.raises(CatalogError, match=r"llm-evaluator\.yaml: title"):
        load_catalog(roles)


def test_a_role_without_a_translation_file_fails_the_load(tmp_path: Path) -> None:
    roles = _copy_roles(tmp_path)
    (roles / "i18n" / "id" / "data-annotator.yaml").unlink()
    with pytest.raises(CatalogError, match=r"i18n/id: no translation file .*data-annotator\.yaml"):
        load_catalog(roles)


def test_a_changed_english_text_shows_up_as_a_stale_translation(tmp_path: Path) -> None:
    roles = _copy_roles(tmp_path)
    _edit(roles / "ai-auditor.yaml", lambda d: d["backgrounds"].__setitem__(0, "statistics consultant"))
    with pytest.raises(CatalogError) as error:
        load_catalog(roles)
    assert "backgrounds: no translation of 'statistics consultant'" in str(error.value)
    assert "'statistician' is not in the English role" in str(error.value)


def test_translations_do_not_change_the_catalog_version(tmp_path: Path, catalog: Catalog) -> None:
    roles = _copy_roles(tmp_path)
    _edit(roles / "i18n" / "id" / "ai-auditor.yaml", lambda d: d.update(title="Auditor Sistem AI"))
    assert load_catalog(roles).version == catalog.version  # the index cache and the ranker stay valid


# --- templates ---------------------------------------------------------------------------------


def test_every_message_template_exists_in_both_languages_with_the_same_fields() -> None:
    for key, texts in MESSAGES.items():
        assert set(texts) == set(SUPPORTED), key
        assert all(t.strip() for t in texts.values()), key
        assert fields(texts["en"]) == fields(texts["id"]), key
    for error in ERRORS:
        assert error.en.strip() and error.id.strip()
        assert fields(error.en) == fields(error.id), error.en
        assert not english_words(error.id, quoted_codes=True), error.id


def test_reason_templates_read_as_indonesian() -> None:
    for key in ("reason.matches", "reason.related", "reason.language", "reason.background"):
        text = MESSAGES[key]["id"]
        assert not english_words(re.sub(r"'\{\w+\}'|\{\w+\}", "", text)), key


def _raised(call: object) -> Exception:
    try:
        call()  # type: ignore[operator]
    except (ProfileError, IngestError, BatchFileError, LanguageError) as exc:
        return exc
    raise AssertionError("no error raised")


def test_every_error_a_user_can_meet_has_its_indonesian_text(fake_recommender: Recommender) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    errors = [
        _raised(lambda: fake_recommender.recommend(text="   ")),
        _raised(lambda: fake_recommender.recommend(text="a" * (MAX_TEXT_CHARS + 1))),
        _raised(lambda: fake_recommender.recommend(skills=["x"] * (MAX_SKILLS + 1))),
        _raised(lambda: fake_recommender.recommend(text="editor", top_k=0)),
        _raised(lambda: parse_language("fr")),
        _raised(lambda: extract_document(b"", "cv.pdf")),
        _raised(lambda: extract_document(b"hello", "cv.doc")),
        _raised(lambda: extract_document(b"hello", "cv.odt")),
        _raised(lambda: extract_document(b"hello", "photo.jpg")),
        _raised(lambda: extract_document(b"hello", "cv.xyz")),
        _raised(lambda: extract_document(png, "cv.pdf", "application/pdf")),
        _raised(lambda: extract_document(b"\x00\x01\x02" * 100, "cv.txt")),
        _raised(lambda: extract_document(b"PK\x03\x04broken", "cv.docx")),
        _raised(lambda: extract_document(image_only_pdf(), "scan.pdf")),
        _raised(lambda: extract_document(encrypted_pdf("secret"), "cv.pdf")),
        _raised(lambda: extract_document(b"x" * 6_000_000, "cv.txt")),
        _raised(lambda: parse_batch(b"", "text/csv", 10)),
        _raised(lambda: parse_batch(b"id,text\n1,a\n", "image/png", 10)),
        _raised(lambda: parse_batch(b"id,text\n1,a\n2,b\n", "text/csv", 1)),
        _raised(lambda: parse_batch(b"name,notes\nx,y\n", "text/csv", 10)),
    ]
    for exc in errors:
        code = getattr(exc, "code", "")
        translated, found = localize_error(code, str(exc), "id")
        assert found, f"no Indonesian template for {code}: {exc}"
        assert not english_words(translated, quoted_codes=True), translated
        assert localize_error(code, str(exc), "en") == (str(exc), True)


def test_values_in_an_error_are_kept_and_file_kinds_translated() -> None:
    message = (
        "The file is declared as a PDF but its contents are a PNG image. Photos and scans cannot be "
        "read: upload a PDF with selectable text or a DOCX, or paste the text."
    )
    translated, found = localize_error("file_mismatch", message, "id")
    assert found and "disebut PDF, tetapi isinya gambar PNG" in translated
    text, found = localize_error("invalid_profile", "top_k is 99; it must be between 1 and 50", "id")
    assert found and text == "top_k bernilai 99; nilainya harus antara 1 dan 50"


def test_an_error_without_a_template_still_reaches_the_reader_in_indonesian() -> None:
    assert localize_error("invalid_profile", "something new went wrong", "id") == (
        "Profil ini tidak bisa dicocokkan.",
        False,
    )


# --- choosing the language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"), [("id", "id"), ("ID", "id"), ("id-ID", "id"), ("en_GB", "en"), (" en ", "en")]
)
def test_lang_values_name_a_supported_language(value: str, expected: str) -> None:
    assert parse_language(value) == expected


@pytest.mark.parametrize("value", ["fr", "ms", "indonesian", "", "id;DROP", "x" * 500])
def test_other_languages_are_refused_with_the_supported_ones_named(value: str) -> None:
    with pytest.raises(LanguageError) as error:
        parse_language(value)
    assert "use one of: en, id" in str(error.value) and len(str(error.value)) < 200


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("id-ID,id;q=0.9,en-US;q=0.8", "id"),
        ("fr-FR, en;q=0.5, id;q=0.8", "id"),
        ("en-US,en;q=0.9", "en"),
        ("ms-MY", "id"),  # Malay readers get Indonesian
        ("id;q=0, en;q=0.1", "en"),
        ("fr, de", None),
        ("*", None),
        ("id;q=abc", None),
        ("", None),
        (None, None),
    ],
)
def test_accept_language_picks_the_readers_preferred_supported_language(
    header: str | None, expected: str | None
) -> None:
    assert from_accept_language(header) == expected


def test_the_profile_language_decides_when_nothing_was_asked() -> None:
    assert for_profile(("id", "en")) == "id"
    assert for_profile(("ms",)) == "id"
    assert for_profile(("en", "id")) == "en"  # an English résumé that names Indonesian
    assert for_profile(("es",)) == "en"
    assert choose("en", "id", ("id",)) == "en"
    assert choose(None, "id", ("en",)) == "id"
    assert choose(None, None, ("id",)) == "id"


def test_output_language_never_changes_the_ranking(fake_recommender: Recommender) -> None:
    profiles = [
        ProfileRequest(text="Editor di penerbit buku, menyunting naskah, memverifikasi fakta"),
        ProfileRequest(skills=["copywriting", "SEO", "brand voice"]),
        ProfileRequest(text="Perawat di rumah sakit swasta 5 tahun, asuhan keperawatan"),
    ]
    english = fake_recommender.recommend_many(
        [ProfileRequest(p.text, p.skills, language="en") for p in profiles], top_k=32
    )
    indonesian = fake_recommender.recommend_many(
        [ProfileRequest(p.text, p.skills, language="id") for p in profiles], top_k=32
    )
    for en, id_ in zip(english, indonesian, strict=True):
        assert not isinstance(en, ProfileError) and not isinstance(id_, ProfileError)
        assert en.language == "en" and id_.language == "id"
        assert [(s.role_id, s.score) for s in en.suggestions] == [
            (s.role_id, s.score) for s in id_.suggestions
        ]
        assert [s.breakdown for s in en.suggestions] == [s.breakdown for s in id_.suggestions]


def test_a_catalog_without_translations_answers_in_english_and_says_so(tmp_path: Path) -> None:
    roles = _copy_roles(tmp_path)
    shutil.rmtree(roles / "i18n")
    engine = Recommender(load_catalog(roles), HashingEncoder())
    result = engine.recommend(text="Editor di penerbit buku, menyunting naskah", language="id")
    assert result.language == "en" and result.suggestions[0].reasons[0].startswith(("Your", "Few"))
    role = engine.catalog.roles[0]
    assert localized_role(engine.catalog, role, "id")["language"] == "en"
