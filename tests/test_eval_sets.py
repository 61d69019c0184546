"""The hand-labelled evaluation sets in data/eval/ are well formed, so a scorer can trust them.

These tests check format only (ids, role ids, spans, slots, counts); they never run the
recommender, because the labels were made before any model output was seen.
"""

from __future__ import annotations

import json
import re
import string
from collections import Counter
from typing import Any

import pytest

from recommender.profile.pii import PLACEHOLDERS

from .conftest import ROOT

EVAL = ROOT / "data" / "eval"
ROLE_IDS = frozenset(p.stem for p in (ROOT / "data" / "roles").glob("*.yaml"))
ESCO_SOURCE = re.compile(r"^ESCO v1\.1\.1 http://data\.europa\.eu/esco/occupation/[0-9a-f-]{36}$")


def read_jsonl(name: str) -> list[dict[str, Any]]:
    path = EVAL / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def words(text: str) -> int:
    return len(text.split())


def slots(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


LONG = read_jsonl("long.jsonl")
PII = read_jsonl("pii.jsonl")
TEMPLATES = read_jsonl("identity.jsonl")
IDENTITIES: dict[str, list[dict[str, str]]] = json.loads(
    (EVAL / "identities.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize(("rows", "prefix"), [(LONG, "L"), (PII, "P"), (TEMPLATES, "I")])
def test_every_eval_item_has_a_unique_id_and_a_known_language(
    rows: list[dict[str, Any]], prefix: str
) -> None:
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(rf"{prefix}\d{{3}}", i) for i in ids)
    assert {row["lang"] for row in rows} == {"en", "id"}


# long.jsonl: résumé-length profiles with graded role labels


def test_long_profiles_follow_the_training_profile_format() -> None:
    for row in LONG:
        assert set(row) == {"id", "lang", "kind", "text", "relevant", "implausible", "source"}, row["id"]
        assert row["kind"] == "resume"
        assert row["source"] == "written" or ESCO_SOURCE.match(row["source"]), row["id"]


def test_long_profiles_are_resume_length() -> None:
    too_short_or_long = [
        (row["id"], words(row["text"])) for row in LONG if not 100 <= words(row["text"]) <= 300
    ]
    assert too_short_or_long == []


def test_long_labels_name_catalog_roles_with_grades_one_or_two() -> None:
    for row in LONG:
        relevant, implausible = row["relevant"], row["implausible"]
        assert relevant and set(relevant) <= ROLE_IDS, row["id"]
        assert set(implausible) <= ROLE_IDS, row["id"]
        assert set(relevant.values()) <= {1, 2}, row["id"]
        assert not set(relevant) & set(implausible), (
            f"{row['id']}: a role cannot be both relevant and implausible"
        )


def test_long_set_mixes_esco_occupations_and_written_profiles_in_both_languages() -> None:
    kinds = Counter((row["lang"], "esco" if row["source"] != "written" else "written") for row in LONG)
    assert len(LONG) >= 70
    assert kinds[("en", "esco")] >= 35
    assert kinds[("en", "written")] >= 15
    assert kinds[("id", "written")] >= 15


def test_long_esco_items_are_not_occupations_the_ranker_was_trained_on() -> None:
    trained = {
        json.loads(line)["esco_uri"]
        for line in (ROOT / "data" / "training" / "esco_labels.jsonl").read_text().splitlines()
        if line.strip()
    }
    used = [row["source"].split(" ", 2)[2] for row in LONG if row["source"] != "written"]
    assert len(used) == len(set(used)), "an ESCO occupation appears twice"
    assert set(used).isdisjoint(trained)


def test_every_catalog_role_is_a_strong_match_for_some_long_profile() -> None:
    strong = {role for row in LONG for role, grade in row["relevant"].items() if grade == 2}
    assert sorted(ROLE_IDS - strong) == []


def test_indonesian_long_profiles_count_the_language_for_multilingual_work() -> None:
    missing = [
        row["id"] for row in LONG if row["lang"] == "id" and "multilingual-ai-trainer" not in row["relevant"]
    ]
    assert missing == []


# pii.jsonl: texts with every personal-data span marked


def test_pii_spans_are_exact_substrings_of_their_text() -> None:
    for row in PII:
        assert set(row) == {"id", "lang", "text", "spans"}, row["id"]
        for span in row["spans"]:
            assert span["text"] and span["text"] in row["text"], (row["id"], span["text"])
            assert span["text"] == span["text"].strip(), (row["id"], span["text"])


def test_pii_span_kinds_are_the_kinds_the_redactor_reports() -> None:
    kinds = {span["kind"] for row in PII for span in row["spans"]}
    assert kinds <= set(PLACEHOLDERS)


def test_pii_set_meets_its_minimum_counts() -> None:
    spans = [span for row in PII for span in row["spans"]]
    names = [span for span in spans if span["kind"] == "name"]
    clean = [row for row in PII if not row["spans"]]
    assert len(PII) >= 120
    assert len(spans) >= 320
    assert len(names) >= 200
    assert len(clean) >= 40
    assert {row["lang"] for row in PII if any(span["kind"] == "name" for span in row["spans"])} == {
        "en",
        "id",
    }


@pytest.mark.parametrize(
    ("text_fragment", "kind", "span"),
    [
        ("Regards,\nOluwaseun Adebayo", "name", "Oluwaseun Adebayo"),
        ("Nama saya Sutrisno,", "name", "Sutrisno"),
        ("Perkenalkan, saya Dewi Anggraeni Putri", "name", "Dewi Anggraeni Putri"),
        ("Prof. Abena Owusu", "name", "Abena Owusu"),
        ("NIK: 3273015508900007", "id number", "3273015508900007"),
    ],
)
def test_pii_marks_names_in_signatures_introductions_and_references(
    text_fragment: str, kind: str, span: str
) -> None:
    rows = [row for row in PII if text_fragment in row["text"]]
    assert len(rows) == 1
    assert {"kind": kind, "text": span} in rows[0]["spans"]


@pytest.mark.parametrize(
    "word",
    [
        "Adobe Premiere",
        "Final Cut Pro",
        "Kompas Gramedia",
        "Johns Hopkins Hospital",
        "Grace period",
        "Sterling silver",
    ],
)
def test_pii_tricky_capitalised_words_are_not_labelled_as_names(word: str) -> None:
    rows = [row for row in PII if word in row["text"]]
    assert rows, f"no text contains {word!r}"
    for row in rows:
        assert all(word not in span["text"] for span in row["spans"]), row["id"]


# identity.jsonl + identities.json: counterfactual templates


def test_identity_templates_are_balanced_across_language_and_length() -> None:
    counts = Counter((row["lang"], row["kind"]) for row in TEMPLATES)
    assert len(TEMPLATES) >= 64
    for lang in ("en", "id"):
        assert counts[(lang, "short")] >= 16 and counts[(lang, "resume")] >= 16


def test_every_identity_fills_every_slot_with_a_value() -> None:
    for lang in ("en", "id"):
        people = IDENTITIES[lang]
        assert len(people) >= 8
        keys = set(people[0])
        for person in people:
            assert set(person) == keys, person["name"]
            assert all(isinstance(value, str) and value.strip() for value in person.values()), person["name"]
        assert len({person["name"] for person in people}) == len(people)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_templates_use_three_or_more_slots_and_fill_for_every_identity(lang: str) -> None:
    for row in (r for r in TEMPLATES if r["lang"] == lang):
        used = slots(row["template"])
        assert len(used) >= 3, row["id"]
        for person in IDENTITIES[lang]:
            filled = row["template"].format(**person)
            assert "{" not in filled and "}" not in filled, row["id"]
            if row["kind"] == "resume":
                assert 120 <= words(filled) <= 300, (row["id"], person["name"], words(filled))
            else:
                assert 1 <= len(re.findall(r"[.!?](?:\s|$)", filled)) <= 3, (row["id"], person["name"])


ENGLISH_PRONOUNS = {
    "woman": ("she", "her", "her", "Ms"),
    "man": ("he", "him", "his", "Mr"),
    "person": ("they", "them", "their", "Mx"),
}
INDONESIAN_HONORIFICS = {"perempuan": ("Ibu", "Bu", "Mbak"), "laki-laki": ("Bapak", "Pak", "Mas")}


def test_english_identities_have_pronouns_and_titles_that_agree_with_gender() -> None:
    for person in IDENTITIES["en"]:
        subj, obj, poss, hon = ENGLISH_PRONOUNS[person["gender_noun"]]
        assert (person["subj"], person["obj"], person["poss"], person["hon"]) == (subj, obj, poss, hon)
        assert person["Subj"] == subj.capitalize() and person["Poss"] == poss.capitalize()
        assert person["first"] in person["name"] and person["age"].isdigit()


def test_indonesian_identities_have_honorifics_that_agree_with_gender() -> None:
    for person in IDENTITIES["id"]:
        expected = INDONESIAN_HONORIFICS[person["gender_noun"]]
        assert (person["hon"], person["hon_short"], person["hon_young"]) == expected, person["name"]
        assert person["first"] in person["name"] and person["age"].isdigit()
