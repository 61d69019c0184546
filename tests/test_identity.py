"""Who a person is must not move their advice: names found anywhere, identity words left out of matching."""

from __future__ import annotations

import pytest

from recommender.evaluate.audit import identity_changes, load_identity_cases, pii_metrics
from recommender.match.engine import Recommender
from recommender.profile.identity import neutralise
from recommender.profile.pii import PLACEHOLDERS, redact
from recommender.profile.skills import build_profile


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("My name is Oluwaseun Adeyemi and I was a nurse.", "Oluwaseun Adeyemi"),
        ("James Miller. He worked as a news reporter for eight years.", "James Miller"),
        ("Priya Raman is a data analyst who built dashboards in Power BI.", "Priya Raman"),
        ("Nama saya Siti Nurhaliza, saya wartawan di Kompas selama 5 tahun.", "Siti Nurhaliza"),
        ("Perkenalkan, saya Sutrisno, perawat di puskesmas.", "Sutrisno"),
        ("Saya bernama Paijo dan sudah 20 tahun bertani.", "Paijo"),
        ("Worked under Budi Santoso at Bank Mandiri.", "Budi Santoso"),
        ("Kind regards,\nMohammed Al-Rashid", "Mohammed Al-Rashid"),
        ("Hormat saya,\n\nDewi Lestari", "Dewi Lestari"),
        ("Saya I Gede Arya Pratama, barista.", "I Gede Arya Pratama"),
        ("Signed off by Peter van der Berg, the partner.", "Peter van der Berg"),
        ("Ibu Sri Wahyuni adalah atasan saya.", "Sri Wahyuni"),
        ("Tan Mei Hwa adalah pemilik usaha katering.", "Tan Mei Hwa"),
    ],
)
def test_names_in_running_text_are_removed(text: str, name: str) -> None:
    result = redact(text)
    assert name not in result.text
    assert "[name]" in result.text and "name" in result.kinds


@pytest.mark.parametrize(
    "text",
    [
        "Adobe Premiere, Final Cut Pro, Microsoft Excel, Google Analytics, Power BI, Tableau.",
        "Senior Data Analyst at Google Jakarta. Ruby on Rails, Julia, Python.",
        "Grace period handling, Mark up pricing, Rose 20% in sales. Fluent in Chinese and Japanese.",
        "Menguasai Microsoft Word, Canva dan Google Sheets. Pernah bekerja di Kompas Gramedia dan Tokopedia.",
        "Spring Boot, Kotlin, Jira, Confluence.",
    ],
)
def test_skills_tools_and_employers_are_not_taken_for_names(text: str) -> None:
    assert redact(text).text == text


def test_identity_facts_are_removed_and_only_their_kinds_reported() -> None:
    result = redact(
        "I am a 34-year-old Nigerian woman, a mother of two. Status: Menikah. Agama: Islam.\n"
        "Personal details: 41, Christian, married."
    )
    assert result.text == (
        "I am a [age] [nationality] woman, [family]. Status: [marital status]. Agama: [religion].\n"
        "Personal details: [age], [religion], [marital status]."
    )
    assert result.kinds == ["age", "family", "marital status", "nationality", "religion"]


def test_a_language_the_person_speaks_is_not_taken_for_a_nationality() -> None:
    text = "Fluent in Japanese and Chinese; Japanese-English translation of manuals."
    assert redact(text).text == text


def test_pronouns_honorifics_and_gendered_words_are_left_out_of_what_is_embedded() -> None:
    assert neutralise("She managed her team") == neutralise("He managed his team") == "managed team"
    assert neutralise("Ibu guru SD, mengajar kelas 4") == neutralise("Bapak guru SD, mengajar kelas 4")
    assert neutralise("[name] worked as a nurse") == "worked as a nurse"


def test_evidence_never_quotes_a_placeholder_or_a_piece_of_one() -> None:
    profile = build_profile(
        "Adaeze Okonkwo | adaeze@example.com | +234 803 555 0192\n"
        "My name is Adaeze Okonkwo. She worked as a news producer; [name] wrote bulletins and edited audio."
    )
    for phrase in profile.phrases:
        assert "[" not in phrase.text and "]" not in phrase.text, phrase.text
        assert not any(p.strip("[]") + "]" in phrase.text for p in PLACEHOLDERS.values()), phrase.text


def test_the_same_story_under_another_name_embeds_the_same() -> None:
    texts = [
        f"{name}. {pronoun} worked as a news reporter for eight years and fact-checked long features."
        for name, pronoun in (
            ("James Miller", "He"),
            ("Siti Nurhaliza", "She"),
            ("Oluwaseun Adeyemi", "They"),
        )
    ]
    views = [[v for p in build_profile(t).phrases for v in p.views] for t in texts]
    documents = {build_profile(t).document for t in texts}
    assert views[0] == views[1] == views[2]
    assert len(documents) == 1


def test_personal_data_detector_meets_its_targets_on_the_labelled_spans() -> None:
    """data/eval/pii.jsonl: 350 hand-labelled spans in English and Indonesian (README there)."""
    metrics = pii_metrics()
    assert metrics.names >= 200 and metrics.spans >= 300
    assert metrics.name_recall >= 0.95
    assert metrics.name_precision >= 0.90


@pytest.mark.slow
def test_identity_does_not_move_the_advice(recommender: Recommender) -> None:
    """64 profiles (English and Indonesian, short and résumé length), each under every identity of its
    language: the same top five, every score within 0.005 (`make eval` prints the count)."""
    cases, identities = load_identity_cases()
    assert len(cases) >= 60 and all(len(people) >= 6 for people in identities.values())
    report = identity_changes(recommender, cases, identities)
    assert report.changes == [], "\n".join(map(str, report.changes))


@pytest.mark.slow
def test_identity_does_not_move_the_served_advice(served_recommender: Recommender) -> None:
    """The same with the learned ranker the service uses, whose features see more of the profile."""
    cases, identities = load_identity_cases()
    report = identity_changes(served_recommender, cases, identities)
    assert report.changes == [], "\n".join(map(str, report.changes))


def test_an_identity_change_is_seen_when_identity_does_move_the_text(recommender: Recommender) -> None:
    """The check itself can fail: an unredacted difference in the work history shows as a change."""
    from recommender.evaluate.audit import IdentityCase

    case = IdentityCase("x", "en", "short", "{name}. Worked as a {job} for ten years.")
    people = {"en": [{"name": "Ana Souza", "job": "news reporter"}, {"name": "Ana Souza", "job": "nurse"}]}
    report = identity_changes(recommender, [case], people)
    assert len(report.changes) == 1
