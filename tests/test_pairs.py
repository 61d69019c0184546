"""The pair judge: a transferable skill is shown only when the link would convince a counsellor."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest

from recommender.errors import CareerpivotError
from recommender.learn.pairs import PairRow, fit_judge
from recommender.match.engine import Recommender, default_models_dir
from recommender.match.pairs import FEATURES, find_judge, load_judge

from .conftest import HashingEncoder


def test_the_shipped_judge_matches_this_version_and_encoder(recommender: Recommender) -> None:
    path = find_judge(default_models_dir())
    assert path is not None, "models/pair-judge-*/judge.json is missing: run `careerpivot train-pairs`"
    judge = load_judge(path)
    assert judge.encoder == recommender.encoder.name
    assert len(judge.coef) == len(FEATURES)
    assert (path.parent / "CARD.md").is_file()
    # Its own training measured the precision it was built for, out of fold.
    assert judge.out_of_fold is not None and judge.out_of_fold["precision"] >= 0.85


def _probabilities(engine: Recommender, text: str) -> dict[tuple[str, str], float]:
    from recommender.learn.pairs import collect_pairs
    from recommender.profile.request import ProfileRequest

    judge = engine.pair_check().judge
    assert judge is not None
    rows = collect_pairs(engine, [ProfileRequest(text=text)], top=len(engine.catalog))
    return {(r.evidence, r.requirement): float(judge.probability(r.features)[0]) for r in rows}


def test_the_same_skill_is_judged_sounder_than_a_shared_word(served_recommender: Recommender) -> None:
    """A reporter's fact-checking meets fact-checking; a building site's safety rules do not meet AI safety."""
    reporter = _probabilities(
        served_recommender, "Reporter for eight years: wrote and fact-checked long features, edited copy."
    )
    site = _probabilities(
        served_recommender,
        "Site supervisor: follow health and safety procedures in construction, schedule crews.",
    )
    same_skill = reporter[("wrote and fact-checked long features", "fact-checking and source verification")]
    online_safety = [
        p for (evidence, need), p in site.items() if "safety" in evidence and "online safety" in need
    ]
    assert online_safety, "the shared-word pair is no longer a candidate: pick another example"
    assert same_skill > max(online_safety) + 0.2


def test_a_shared_word_is_not_a_reason(served_recommender: Recommender) -> None:
    """'health and safety' on a building site says nothing about AI safety harms."""
    result = served_recommender.recommend(
        text="Site supervisor in construction: follow health and safety procedures, schedule crews, "
        "read blueprints, order materials."
    )
    for suggestion in result.suggestions:
        for pair in suggestion.transferable_skills:
            assert "safety" not in pair.matches.lower() or "health and safety" not in pair.evidence.lower()
        assert suggestion.reasons, "every suggestion keeps at least one reason"


def test_held_back_pairs_do_not_say_few_skills_match(served_recommender: Recommender) -> None:
    result = served_recommender.recommend(
        text="Reporter for eight years: wrote and fact-checked long features, interviewed sources."
    )
    for suggestion in result.suggestions:
        if not suggestion.transferable_skills:
            assert not any(r.startswith("Few of your skills") for r in suggestion.reasons)


def test_indonesian_evidence_is_judged_and_quoted_verbatim(served_recommender: Recommender) -> None:
    text = (
        "Saya wartawan selama tujuh tahun. Saya menulis berita, memverifikasi fakta dan sumber, "
        "dan menyunting naskah rekan."
    )
    result = served_recommender.recommend(text=text)
    assert result.language == "id"
    for suggestion in result.suggestions:
        for pair in suggestion.transferable_skills:
            assert pair.evidence in text


def test_a_judge_for_another_encoder_is_left_out(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = find_judge(default_models_dir())
    assert source is not None
    (tmp_path / source.parent.name).mkdir()
    (tmp_path / source.parent.name / source.name).write_bytes(source.read_bytes())
    from recommender.catalog import load_catalog

    engine = Recommender(load_catalog(), HashingEncoder())
    with caplog.at_level(logging.WARNING):
        engine.use_pair_judge(tmp_path)
    assert engine.pair_check().judge is None
    assert "trained for" in caplog.text


def test_a_damaged_judge_file_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "pair-judge-00000000" / "judge.json"
    path.parent.mkdir()
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CareerpivotError, match="reinstall"):
        load_judge(path)
    path.write_text(json.dumps({"format": 99, "features": []}), encoding="utf-8")
    with pytest.raises(CareerpivotError, match="train-pairs"):
        load_judge(path)


def _rows(n: int, rng: np.random.Generator) -> tuple[list[PairRow], dict[tuple[str, str], int]]:
    rows, labels = [], {}
    for i in range(n):
        sound = i % 4 == 0
        features = rng.normal(size=len(FEATURES)) + (2.0 if sound else 0.0)
        rows.append(PairRow(f"phrase {i}", "requirement", i // 5, features))
        labels[(f"phrase {i}", "requirement")] = int(sound)
    return rows, labels


def test_the_threshold_reaches_the_target_precision_out_of_fold() -> None:
    rows, labels = _rows(400, np.random.default_rng(0))
    judge, report = fit_judge(rows, labels, "test-encoder")
    assert report.cv_precision >= 0.90
    assert report.labelled == 400 and report.sound == 100
    X = np.stack([r.features for r in rows])
    y = np.asarray([labels[(r.evidence, r.requirement)] for r in rows])
    shown = judge.probability(X) >= judge.threshold
    assert y[shown].mean() >= 0.85 and shown.sum() >= 10


def test_too_few_labels_is_a_clear_error() -> None:
    rows, labels = _rows(30, np.random.default_rng(1))
    with pytest.raises(ValueError, match="label more"):
        fit_judge(rows, labels, "test-encoder")


def test_a_profile_written_in_indonesian_is_not_quoted_as_proof_of_a_skill(
    served_recommender: Recommender,
) -> None:
    """The words of a profile prove its language, not a skill: the reason says so instead of quoting them."""
    text = "Saya perawat di rumah sakit selama 6 tahun: asuhan keperawatan, edukasi pasien, dokumentasi rekam medis."
    result = served_recommender.recommend(text=text)
    by_id = {s.role_id: s for s in result.suggestions}
    multilingual = by_id.get("multilingual-ai-trainer")
    assert multilingual is not None
    assert any(
        r.lower().startswith("anda menulis profil dalam bahasa indonesia") for r in multilingual.reasons
    )
    assert not any(
        t.evidence == "Saya perawat di rumah sakit selama 6 tahun" for t in multilingual.transferable_skills
    )


def test_the_language_evidence_is_the_phrase_that_names_it() -> None:
    from recommender.profile.skills import build_profile

    profile = build_profile("Customer support agent. Fluent in Spanish and English; handled tickets in both.")
    assert [(p.text, p.origin) for p in profile.language_evidence] == [
        ("Fluent in Spanish and English", "language")
    ]
