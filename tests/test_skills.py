from __future__ import annotations

import pytest

from recommender.errors import ProfileError
from recommender.match.explain import profile_skill_names
from recommender.profile.skills import (
    MAX_TEXT_CHARS,
    Vocabulary,
    VocabularyEntry,
    build_profile,
    load_vocabulary,
    split_phrases,
)


def phrases(text: str) -> list[str]:
    return [text[s:e] for s, e in split_phrases(text)]


def test_text_is_split_at_commas_sentences_bullets_and_colons() -> None:
    text = "Paralegal at a firm: legal research in Westlaw, contract review.\n• e-discovery\n- case files; billing"
    assert phrases(text) == [
        "Paralegal at a firm",
        "legal research in Westlaw",
        "contract review",
        "e-discovery",
        "case files",
        "billing",
    ]


def test_hyphenated_words_and_numbers_stay_whole() -> None:
    assert phrases("fact-checked long features, kept CSAT above 95.5%, 1,200 tickets") == [
        "fact-checked long features",
        "kept CSAT above 95.5%",
        "1,200 tickets",
    ]


def test_every_phrase_is_a_verbatim_substring_of_the_input() -> None:
    text = "  ** Registered nurse (ICU), 8 years.  Patient assessment;charting in Epic!\n\n"
    profile = build_profile(text=text, vocabulary=Vocabulary([]))
    assert [p.text for p in profile.phrases] == [
        "Registered nurse (ICU)",
        "8 years",
        "Patient assessment",
        "charting in Epic",
    ]
    for p in profile.phrases:
        assert text[p.start : p.start + len(p.text)] == p.text


def test_run_on_sentences_are_cut_into_overlapping_windows() -> None:
    text = " ".join(f"word{i}" for i in range(60))
    spans = split_phrases(text)
    assert len(spans) > 1
    assert all(len(text[s:e].split()) <= 24 for s, e in spans)


def test_skill_list_items_are_kept_as_given() -> None:
    profile = build_profile(skills=["  copywriting ", "SEO", "", "brand voice"], vocabulary=Vocabulary([]))
    assert [p.text for p in profile.phrases] == ["copywriting", "SEO", "brand voice"]
    assert all(p.origin == "skills" for p in profile.phrases)


def test_vocabulary_names_known_skills_in_english_and_indonesian() -> None:
    vocab = Vocabulary([VocabularyEntry("fact-checking", ("fact checking", "memverifikasi fakta"))])
    profile = build_profile(skills=["Memverifikasi fakta"], text="Reporter, fact-checking", vocabulary=vocab)
    assert [p.canonical for p in profile.phrases] == ["fact-checking", None, "fact-checking"]
    assert profile_skill_names(list(profile.phrases)) == ["fact-checking", "Reporter"]


def test_bundled_vocabulary_maps_indonesian_aliases() -> None:
    vocab = load_vocabulary()
    assert len(vocab) >= 200
    assert vocab.canonical("desain grafis") == vocab.canonical("graphic design")


@pytest.mark.parametrize(
    "text,skills", [(None, None), ("", []), ("   \n\t", ["", "  "]), ("--- ... 123", None)]
)
def test_a_profile_without_words_is_refused_with_a_helpful_message(
    text: str | None, skills: list[str] | None
) -> None:
    with pytest.raises(ProfileError, match="send 'text'"):
        build_profile(text=text, skills=skills, vocabulary=Vocabulary([]))


def test_oversized_text_is_refused_with_the_limit() -> None:
    with pytest.raises(ProfileError, match="20,000"):
        build_profile(text="a" * (MAX_TEXT_CHARS + 1), vocabulary=Vocabulary([]))
