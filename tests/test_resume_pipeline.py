"""Résumé files end to end through the engine: personal data out, evidence in, every layout readable."""

from __future__ import annotations

import csv
import json

import pytest

from recommender.evaluate.resumes import LAYOUTS, load_resumes, render
from recommender.match.engine import Recommender
from recommender.profile.request import ProfileRequest

from .conftest import SHARED

RESUMES = load_resumes()
RESUME_DATASET = SHARED / "data" / "resume_dataset" / "UpdatedResumeDataSet.csv"


def personal_values(resume: dict[str, object]) -> list[str]:
    person = resume["personal"]
    assert isinstance(person, dict)
    return [str(v) for v in person.values() if v]


@pytest.mark.parametrize("resume", RESUMES, ids=[r["id"] for r in RESUMES])
def test_every_labelled_resume_file_gets_suggestions_without_its_personal_data(
    recommender: Recommender, resume: dict[str, object]
) -> None:
    data, name = render(resume, str(resume["layout"]))
    result = recommender.recommend_document(data, name, top_k=3)
    body = result.model_dump_json()
    assert len(result.suggestions) == 3
    for value in personal_values(resume):
        assert value not in body, "personal data leaked into the response"
    assert "name" in result.profile.personal_data_removed
    assert result.profile.languages[0] == resume["lang"]
    assert result.profile.skills


def test_evidence_is_the_exact_line_of_the_redacted_resume(recommender: Recommender) -> None:
    from recommender.profile.ingest import extract_document
    from recommender.profile.pii import redact

    resume = next(r for r in RESUMES if r["layout"] == "docx-table")
    data, name = render(resume, "docx-table")
    redacted = redact(extract_document(data, name).text).text
    result = recommender.recommend_document(data, name)
    items = [t for s in result.suggestions for t in s.transferable_skills]
    lines = {line.strip() for line in redacted.splitlines()}
    assert items
    for item in items:
        assert item.line in lines and item.evidence in item.line


def test_hobbies_do_not_become_transferable_skills(recommender: Recommender) -> None:
    resume = next(
        r for r in RESUMES if any(s["title"].lower().startswith(("hobb", "hobi")) for s in r["sections"])
    )
    hobby_lines = [
        line
        for s in resume["sections"]
        if s["title"].lower().startswith(("hobb", "hobi"))
        for line in s["lines"]
    ]
    data, name = render(resume, "txt")
    result = recommender.recommend_document(data, name, top_k=10)
    evidence = {t.evidence for s in result.suggestions for t in s.transferable_skills}
    assert not any(e in line for e in evidence for line in hobby_lines)


def test_years_per_skill_are_reported_when_the_resume_states_them(recommender: Recommender) -> None:
    text = "Skills\nSQL (8 years), Tableau dashboards, Excel (3 tahun)\n\nExperience\nData analyst, Acme, 2016-2024"
    result = recommender.recommend(text=text, top_k=10)
    years = {t.evidence: t.years for s in result.suggestions for t in s.transferable_skills}
    assert years.get("SQL (8 years)") == 8


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_of_one_resume_ranks_alike(recommender: Recommender, layout: str) -> None:
    resume = RESUMES[0]
    plain = recommender.recommend_document(*render(resume, "txt"))
    other = recommender.recommend_document(*render(resume, layout))
    assert plain.suggestions[0].role_id in [s.role_id for s in other.suggestions[:3]]


@pytest.mark.skipif(not RESUME_DATASET.is_file(), reason=f"{RESUME_DATASET} is not present")
def test_every_distinct_real_resume_gets_a_profile_and_suggestions(recommender: Recommender) -> None:
    with RESUME_DATASET.open(encoding="utf-8", errors="replace") as f:
        texts = sorted({row["Resume"] for row in csv.DictReader(f)})
    assert len(texts) >= 150
    results = recommender.recommend_many([ProfileRequest(text=t) for t in texts], top_k=3)
    failures = [(t[:60], r) for t, r in zip(texts, results, strict=True) if not hasattr(r, "suggestions")]
    assert failures == []
    for result in results:
        assert result.profile.skills and len(result.suggestions) == 3  # type: ignore[union-attr]
        json.loads(result.model_dump_json())  # type: ignore[union-attr]
