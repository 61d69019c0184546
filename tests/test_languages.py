from __future__ import annotations

from pathlib import Path

import pytest

from recommender.profile.languages import (
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


def test_the_identifier_copied_to_the_cache_answers_like_the_packages_model(tmp_path: Path) -> None:
    """A server's restart reads the built identifier from its cache instead of decompressing the model."""
    built = read_or_build_identifier(tmp_path)
    (copy,) = tmp_path.glob("language-identifier-*.pickle")
    read = read_or_build_identifier(tmp_path)
    assert read is not built  # read from the copy, not rebuilt
    text = "Saya bekerja sebagai wartawan selama delapan tahun dan menulis berita setiap hari."
    assert read.rank(text)[:3] == built.rank(text)[:3]
    assert copy.stat().st_size > 0


def test_a_damaged_identifier_copy_is_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    read_or_build_identifier(tmp_path)
    (copy,) = tmp_path.glob("language-identifier-*.pickle")
    copy.write_bytes(b"not a pickle")
    identifier = read_or_build_identifier(tmp_path)
    assert identifier.classify("I worked as a news reporter for eight years.")[0] == "en"
    assert "rebuilding the language identifier" in caplog.text
    assert read_or_build_identifier(tmp_path).classify("Saya seorang perawat di rumah sakit.")[0] == "id"
