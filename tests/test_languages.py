from __future__ import annotations

from recommender.profile.languages import (
    detect_languages,
    detect_written_language,
    find_language_mentions,
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
