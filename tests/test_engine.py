"""End to end with the real model: the people careerpivot is for, and what they should see."""

from __future__ import annotations

import pytest

from recommender.errors import ProfileError
from recommender.match.engine import Recommender
from recommender.profile.request import ProfileRequest
from recommender.results import Recommendation

JOURNALIST = (
    "Recent journalism graduate. Reported and edited news stories for the campus daily, fact-checked long "
    "features for a regional magazine, AP style, interviewing sources, public-records research."
)
NURSE = (
    "Registered nurse, 9 years on a cardiac ward. Patient assessment, medication administration, care plans, "
    "documentation in Cerner, discharge teaching for patients and families, mentoring new graduate nurses."
)
DEVELOPER = ["Java", "Spring Boot", "microservices", "MySQL", "Kubernetes", "code review", "JUnit"]
INDONESIAN_CS = (
    "Customer service di perusahaan e-commerce selama 4 tahun. Melayani pertanyaan dan keluhan pelanggan "
    "lewat live chat, email dan telepon, membuat FAQ dan template balasan, eskalasi kasus ke tim terkait."
)


def top_ids(result: Recommendation, k: int = 5) -> list[str]:
    return [s.role_id for s in result.suggestions[:k]]


def assert_evidence_is_verbatim(result: Recommendation, text: str | None, skills: list[str] | None) -> None:
    sources = [text or "", *(skills or [])]
    for suggestion in result.suggestions:
        assert len(suggestion.reasons) >= 2, suggestion.role_id
        for item in suggestion.transferable_skills:
            assert any(item.evidence in source for source in sources), item.evidence


def test_journalist_is_pointed_to_writing_and_fact_checking(recommender: Recommender) -> None:
    result = recommender.recommend(text=JOURNALIST)
    top = top_ids(result)
    assert {"ai-fact-checker", "ai-writing-trainer"} & set(top[:3])
    assert not {"ml-engineer", "mlops-engineer", "ai-medical-trainer", "ai-coding-trainer"} & set(top)
    assert_evidence_is_verbatim(result, JOURNALIST, None)
    fact = next(s for s in result.suggestions if s.role_id == "ai-fact-checker")
    assert any("fact-checked" in r for r in fact.reasons)


def test_nurse_gets_clinical_ai_roles_and_no_coding(recommender: Recommender) -> None:
    result = recommender.recommend(text=NURSE)
    top = top_ids(result)
    assert top[0] in {"ai-medical-trainer", "healthcare-ai-specialist"}
    assert {"ai-medical-trainer", "healthcare-ai-specialist"} <= set(top[:3])
    assert not {"ml-engineer", "mlops-engineer", "ai-coding-trainer", "ai-legal-trainer"} & set(top)
    assert_evidence_is_verbatim(result, NURSE, None)


def test_developer_gets_technical_roles_and_no_clinical_ones(recommender: Recommender) -> None:
    result = recommender.recommend(skills=DEVELOPER)
    top = top_ids(result)
    assert {"ai-application-developer", "ai-coding-trainer", "mlops-engineer", "ml-engineer"} & set(top[:3])
    assert not {"ai-medical-trainer", "ai-legal-trainer"} & set(top)
    assert_evidence_is_verbatim(result, None, DEVELOPER)


def test_indonesian_support_worker_gets_operations_and_multilingual_roles(recommender: Recommender) -> None:
    result = recommender.recommend(text=INDONESIAN_CS, top_k=6)
    assert result.profile.languages[0] == "id"
    top = top_ids(result, 6)
    assert "ai-operations-specialist" in top[:3]
    assert "multilingual-ai-trainer" in top
    assert not {"ml-engineer", "mlops-engineer", "ai-medical-trainer"} & set(top)
    assert_evidence_is_verbatim(result, INDONESIAN_CS, None)
    multilingual = next(s for s in result.suggestions if s.role_id == "multilingual-ai-trainer")
    assert any("Bahasa Indonesia" in r for r in multilingual.reasons)


def test_missing_prerequisite_pushes_a_role_down_and_is_the_first_gap(recommender: Recommender) -> None:
    result = recommender.recommend(text=JOURNALIST, top_k=32)
    ml = next(s for s in result.suggestions if s.role_id == "ml-engineer")
    assert not ml.breakdown.prerequisites_met
    assert ml.skill_gaps[0].prerequisite and ml.skill_gaps[0].importance == 1.0
    assert ml.score < result.suggestions[4].score


def test_scores_are_in_range_and_ordered(recommender: Recommender) -> None:
    result = recommender.recommend(text=NURSE, top_k=32)
    scores = [s.score for s in result.suggestions]
    assert len(scores) == 32
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)


def test_gaps_are_ordered_by_importance_with_a_first_step(recommender: Recommender) -> None:
    result = recommender.recommend(text=JOURNALIST)
    for suggestion in result.suggestions:
        importances = [g.importance for g in suggestion.skill_gaps if not g.prerequisite]
        assert importances == sorted(importances, reverse=True)
        assert all(g.first_step is not None for g in suggestion.skill_gaps if not g.prerequisite)


def test_an_indonesian_profile_ranks_like_its_english_twin(recommender: Recommender) -> None:
    english = recommender.recommend(
        text="Nurse at a private hospital for 5 years, nursing care, electronic medical records, patient education"
    )
    indonesian = recommender.recommend(
        text="Perawat di rumah sakit swasta 5 tahun, asuhan keperawatan, rekam medis elektronik, edukasi pasien"
    )
    assert top_ids(english, 2)[0] in top_ids(indonesian, 3)
    assert set(top_ids(english, 3)) & set(top_ids(indonesian, 3))


def test_batch_matching_returns_errors_in_place(recommender: Recommender) -> None:
    results = recommender.recommend_many(
        [ProfileRequest(text=JOURNALIST), ProfileRequest(text="   "), ProfileRequest(skills=DEVELOPER)]
    )
    assert isinstance(results[1], ProfileError)
    assert isinstance(results[0], Recommendation) and isinstance(results[2], Recommendation)
    assert results[0] == recommender.recommend(text=JOURNALIST)


@pytest.mark.parametrize("top_k", [0, 51])
def test_top_k_out_of_range_is_refused(recommender: Recommender, top_k: int) -> None:
    with pytest.raises(ProfileError, match="between 1 and 50"):
        recommender.recommend(text=JOURNALIST, top_k=top_k)


def test_response_names_the_model_and_catalog_version(recommender: Recommender) -> None:
    result = recommender.recommend(skills=["copywriting", "SEO"])
    assert result.model.name == "use-multilingual-v3"
    assert result.model.catalog_version == recommender.catalog.version
