from __future__ import annotations

from recommender.profile.languages import (
    DETECTABLE,
    _identifier,
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


def test_the_faster_score_table_gives_the_packages_probabilities_exactly() -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    package = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    package.set_languages(list(DETECTABLE))
    ours = _identifier()
    assert ours.nb_ptc.dtype != package.nb_ptc.dtype  # the table really is the converted one
    for text in (
        "Saya seorang jurnalis dengan pengalaman menulis berita dan memeriksa fakta.",
        "Copywriting \nSEO \nbrand voice \nGoogle Analytics",
        "Registered nurse, 8 years in an ICU; patient education and charting in Epic",
        "Profesora de español; traducción y corrección de estilo",
    ):
        assert ours.rank(text) == package.rank(text)
