"""Pure scoring logic, with a deterministic bag-of-words encoder instead of the model."""

from __future__ import annotations

import numpy as np

from recommender.match.engine import Recommender
from recommender.match.index import Calibration
from recommender.profile.request import ProfileRequest


def scores_for(recommender: Recommender, **request: object):  # type: ignore[no-untyped-def]
    profile = recommender.build_profile(ProfileRequest(**request))  # type: ignore[arg-type]
    embedded = recommender.embed([profile])[0]
    return recommender.score(embedded), embedded


def role_index(recommender: Recommender, role_id: str) -> int:
    return recommender.catalog.ids.index(role_id)


def test_calibration_maps_unrelated_to_zero_and_paraphrase_to_one() -> None:
    cal = Calibration(unrelated=0.2, paraphrase=0.7)
    np.testing.assert_allclose(cal.scale(np.array([0.0, 0.2, 0.45, 0.7, 0.95])), [0.0, 0.0, 0.5, 1.0, 1.0])


def test_scores_stay_in_unit_range_and_order_is_best_first(fake_recommender: Recommender) -> None:
    scores, _ = scores_for(fake_recommender, text="software engineer writing Python services, code review")
    assert ((scores.score >= 0) & (scores.score <= 1)).all()
    ordered = scores.score[scores.order()]
    assert (np.diff(ordered) <= 1e-9).all()


def test_a_missing_prerequisite_multiplies_the_score_down(fake_recommender: Recommender) -> None:
    scores, _ = scores_for(fake_recommender, text="bakery owner, sourdough, customer orders")
    ml = role_index(fake_recommender, "ml-engineer")
    assert scores.gate[ml] == fake_recommender.weights.prerequisite_penalty


def test_a_prerequisite_written_out_literally_opens_the_gate(fake_recommender: Recommender) -> None:
    scores, _ = scores_for(fake_recommender, text="I worked 6 years as an RN in a busy ICU")
    medical = role_index(fake_recommender, "ai-medical-trainer")
    assert scores.gate[medical] == 1.0


def test_acronym_signals_only_match_in_capitals(fake_recommender: Recommender) -> None:
    medical = fake_recommender.index.prereq_role.index(role_index(fake_recommender, "ai-medical-trainer"))
    pattern = fake_recommender.index.prereq_patterns[medical]
    assert pattern.search("six years as an RN in the ICU")
    assert not pattern.search("turn on the lights, return the rn key")


def test_another_language_meets_language_requirements(fake_recommender: Recommender) -> None:
    scores, embedded = scores_for(
        fake_recommender,
        text="Saya bekerja sebagai penerjemah dan guru bahasa selama tujuh tahun. Saya menerjemahkan dokumen "
        "hukum dan menyunting artikel untuk majalah.",
    )
    assert embedded.vectors.speaks_other_language
    index = fake_recommender.index
    multilingual = role_index(fake_recommender, "multilingual-ai-trainer")
    language_skills = [
        s for s, r in enumerate(index.skill_role) if r == multilingual and index.skill_language[s]
    ]
    assert language_skills and all(scores.skill_coverage[s] == 1.0 for s in language_skills)
    assert scores.gate[multilingual] == 1.0


def test_english_only_profile_does_not_meet_language_requirements(fake_recommender: Recommender) -> None:
    scores, embedded = scores_for(
        fake_recommender, text="Copywriter for a marketing agency, brand voice, SEO articles"
    )
    assert not embedded.vectors.speaks_other_language
    multilingual = role_index(fake_recommender, "multilingual-ai-trainer")
    assert scores.gate[multilingual] < 1.0


def test_cached_row_maxima_score_exactly_like_fresh_ones(recommender: Recommender) -> None:
    """Scoring a profile whose phrases were all seen before (cached maxima) changes nothing."""

    text = "Newsroom editor: fact-checking, copy editing, CMS publishing, interviews; Excel and SQL reports"
    profile = recommender.build_profile(ProfileRequest(text))
    embedded = recommender.embed([profile])[0]
    fresh = recommender.score(embedded)  # compares the rows directly
    recommender.score_many([embedded])  # fills the cache
    cached = recommender.score_many([embedded])[0]
    assert recommender.row_cache.hits >= len(embedded.row_texts)
    # Each entry owns its row (a view would keep its whole stacked block alive past the cap).
    assert all(row.base is None for row in recommender.row_cache.get_or_compute(embedded.row_texts, list))
    np.testing.assert_allclose(cached.score, fresh.score, rtol=0, atol=1e-6)
    assert list(cached.order()) == list(fresh.order())
