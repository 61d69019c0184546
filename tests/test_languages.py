from __future__ import annotations

from pathlib import Path

import pytest

from recommender.profile.languages import (
    DETECTABLE,
    detect_languages,
    detect_written_language,
    find_language_mentions,
    read_or_build_identifier,
)


def test_indonesian_text_is_detected() -> None:
    text = "Saya wartawan di media online selama 6 tahun, menulis berita dan wawancara narasumber."
    assert detect_written_language(text) == "id"


def test_english_text_is_detected() -> None:
    assert detect_languages("Customer support representative handling chat tickets and escalations") == ["en"]


def test_a_list_of_tool_names_is_not_taken_for_a_rare_language() -> None:
    assert detect_languages("Python, Django, REST APIs, PostgreSQL, Docker")[0] in {"en"}


def test_short_text_defaults_to_english() -> None:
    assert detect_languages("SEO") == ["en"]


def test_languages_the_person_names_are_listed_after_the_written_one() -> None:
    assert detect_languages("Translator, fluent in Spanish and Tagalog; some French") == [
        "en",
        "es",
        "tl",
        "fr",
    ]


def test_indonesian_language_names_need_the_word_bahasa() -> None:
    codes = [
        m.code
        for m in find_language_mentions("Pernah kerja di Jepang. Menguasai bahasa Jepang dan bahasa Inggris")
    ]
    assert codes == ["ja", "en"]


TEXTS = (
    "Saya bekerja sebagai wartawan selama delapan tahun dan menulis berita setiap hari.",
    "I worked as a news reporter for eight years and wrote a story every day.",
    "Trabajé como periodista durante ocho años.",
    "Python, Django, Docker",
    "",
)


def test_the_identifier_answers_like_the_packages_own_restricted_to_the_detectable_languages() -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    package = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    package.set_languages(list(DETECTABLE))
    ours = read_or_build_identifier(None)
    for text in TEXTS:
        assert ours.rank(text) == package.rank(text)


def test_the_identifier_copied_to_the_cache_answers_alike_and_maps_its_state_machine(tmp_path: Path) -> None:
    """A server's restart reads the built identifier from its cache instead of decompressing the model;
    its largest table is a read-only map of a cache file, shared by every process that reads it."""
    built = read_or_build_identifier(tmp_path)
    files = sorted(path.name for path in tmp_path.iterdir())
    assert len(files) == 2 and files[0].endswith("-states.npy") and files[1].endswith("-tables.npz")
    read = read_or_build_identifier(tmp_path)
    assert read is not built  # read from the copy, not rebuilt
    for text in TEXTS:
        assert read.rank(text) == built.rank(text)
    assert isinstance(read.tk_nextmove, memoryview) and read.tk_nextmove.readonly  # mapped, not read in


def test_a_damaged_identifier_copy_is_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    read_or_build_identifier(tmp_path)
    (copy,) = tmp_path.glob("language-identifier-*-tables.npz")
    copy.write_bytes(b"not an archive")
    identifier = read_or_build_identifier(tmp_path)
    assert identifier.classify("I worked as a news reporter for eight years.")[0] == "en"
    assert "rebuilding the language identifier" in caplog.text
    assert read_or_build_identifier(tmp_path).classify("Saya seorang perawat di rumah sakit.")[0] == "id"
