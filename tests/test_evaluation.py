from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from recommender.catalog import Catalog
from recommender.evaluate.labelled import LabelledProfile, load_labelled
from recommender.evaluate.metrics import (
    evaluate,
    ndcg_at,
    run_evaluation,
    tfidf_ranker,
)
from recommender.profile.request import ProfileRequest


def item(relevant: dict[str, int], implausible: frozenset[str] = frozenset()) -> LabelledProfile:
    return LabelledProfile("x", "en", ProfileRequest(text="x"), relevant, implausible)


def test_ndcg_is_one_for_the_ideal_order_and_uses_exponential_gain() -> None:
    relevant = {"a": 2, "b": 1}
    assert ndcg_at(["a", "b", "c"], relevant) == pytest.approx(1.0)
    swapped = (1 / 1 + 3 / math.log2(3)) / (3 / 1 + 1 / math.log2(3))
    assert ndcg_at(["b", "a"], relevant) == pytest.approx(swapped)
    assert ndcg_at(["c", "d"], relevant) == 0.0


def test_hit_mrr_and_implausible_rates() -> None:
    labelled = [item({"a": 2}, frozenset({"z"})), item({"b": 1}), item({"c": 2})]
    ranked = [["x", "a", "z"], ["x", "y", "b"], ["x", "y", "w", "v", "u", "c"]]
    metrics = evaluate(ranked, labelled)
    assert metrics.hit3 == pytest.approx(1 / 2)  # only profiles with a strong role count
    assert metrics.mrr == pytest.approx((1 / 2 + 1 / 3 + 1 / 6) / 3)
    assert metrics.implausible5 == pytest.approx(1 / 3)


def test_labelled_file_with_unknown_roles_is_refused(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps({"id": "1", "text": "x", "relevant": {"astronaut": 2}}) + "\n")
    with pytest.raises(ValueError, match="astronaut"):
        load_labelled(path, catalog)


def test_tfidf_baseline_runs_per_language(catalog: Catalog) -> None:
    labelled = [
        LabelledProfile(
            "1", "en", ProfileRequest(text="fact-checking claims against sources"), {"ai-fact-checker": 2}
        ),
        LabelledProfile("2", "id", ProfileRequest(skills=["desain grafis"]), {"generative-ai-designer": 2}),
    ]
    report = run_evaluation(labelled, {"tfidf": tfidf_ranker(catalog)})
    assert {subset for _, subset, _ in report.rows} == {"all", "en", "id"}
    assert report.get("tfidf", "en").ndcg5 > 0.5


def test_labelled_profile_without_text_or_skills_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps({"id": "7", "text": "  ", "relevant": {"ai-fact-checker": 2}}) + "\n")
    with pytest.raises(ValueError, match="line 1: profile '7' has neither text nor skills"):
        load_labelled(path)
