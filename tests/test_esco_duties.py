"""The ESCO occupations of the training set are read twice: short description and duties text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recommender.errors import CareerpivotError
from recommender.evaluate.labelled import TRAINING_DIR, load_esco_labels, load_training_set
from recommender.learn.esco_duties import Occupation, build_duties_file, duties_text
from tests.conftest import SHARED

LABELS = TRAINING_DIR / "esco_labels.jsonl"
DUTIES = TRAINING_DIR / "esco_duties.jsonl"


def test_a_duties_text_has_the_description_then_duties_and_knowledge() -> None:
    nurse = Occupation(
        description="Nurse assistants provide basic patient care. They work under the direction of nurses.",
        essential_skills=["assist patients with mobility", "monitor vital signs"] * 15,
        essential_knowledge=["hygiene", "first aid"],
        optional=["speak Spanish"],
    )
    text = duties_text(nurse)
    description, lists = text.split("\n\n")
    assert description == nurse.description
    duties, knowledge = lists.splitlines()
    assert duties.startswith("Typical duties: assist patients with mobility; monitor vital signs;")
    assert knowledge == "Knowledge required: hygiene, first aid."
    assert "Often also" not in text  # long enough without the optional skills


def test_a_short_occupation_gets_optional_skills_and_a_long_one_is_trimmed() -> None:
    short = duties_text(
        Occupation("Proofreaders check texts.", ["check spelling"], [], [f"skill {i}" for i in range(80)])
    )
    assert "Often also: skill 0; skill 1;" in short and 110 <= len(short.split()) < 120
    long = duties_text(Occupation("Clerks file.", [f"duty number {i}" for i in range(200)], ["filing"], []))
    assert len(long.split()) < 300 and "Knowledge required: filing." in long


def test_every_labelled_occupation_has_its_duties_text_in_its_own_group() -> None:
    uris = [json.loads(line)["esco_uri"] for line in LABELS.read_text().splitlines() if line.strip()]
    shipped = {json.loads(line)["esco_uri"] for line in DUTIES.read_text().splitlines() if line.strip()}
    assert set(uris) == shipped
    items = load_training_set()
    duties = [item for item in items if item.id.endswith("-duties")]
    short = {item.id: item for item in items if item.group_key == item.id}
    assert len(duties) == len(uris)
    for item in duties:
        original = short[item.group]
        assert item.relevant == original.relevant and item.implausible == original.implausible
        assert item.request.text != original.request.text and "\nTypical duties: " in item.request.text


def test_a_missing_duties_text_names_the_command_that_builds_it(tmp_path: Path) -> None:
    partial = tmp_path / "esco_duties.jsonl"
    partial.write_text(DUTIES.read_text().splitlines()[0] + "\n")
    with pytest.raises(CareerpivotError, match="build-training-text"):
        load_esco_labels(LABELS, partial)
    with pytest.raises(CareerpivotError, match="build-training-text"):
        load_esco_labels(LABELS, tmp_path / "absent.jsonl")


@pytest.mark.skipif(
    not (SHARED / "data" / "esco").is_dir(), reason="../shared/data is absent (outside contributors)"
)
def test_the_shipped_duties_texts_are_what_esco_gives(tmp_path: Path) -> None:
    output = tmp_path / "esco_duties.jsonl"
    build_duties_file(SHARED / "data", LABELS, output)
    assert output.read_text(encoding="utf-8") == DUTIES.read_text(encoding="utf-8")


def test_building_from_a_folder_without_esco_says_where_to_point(tmp_path: Path) -> None:
    with pytest.raises(CareerpivotError, match="--source"):
        build_duties_file(tmp_path, LABELS, tmp_path / "out.jsonl")
