"""Issue 17: the current job's AI exposure, target-role stand-ins, costed plans and catalog facts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from recommender.catalog import Catalog, Cost, load_catalog
from recommender.cli import main
from recommender.errors import CatalogError
from recommender.exposure import disagreement
from recommender.exposure.build import build
from recommender.exposure.evaluate import evaluate, load_lines
from recommender.exposure.finder import OccupationFinder
from recommender.exposure.tables import default_tables_dir, load_tables
from recommender.match.engine import Recommender
from recommender.results import ExposureMeasure, Recommendation, Suggestion
from tests.conftest import ROOT, SHARED

ROLES = ROOT / "data" / "roles"

JOURNALIST = (
    "Reporter, The Daily Ledger, 2016-2024\n"
    "Wrote and edited news stories on deadline\n"
    "Interviewed sources and checked quotes and figures before publication\n"
    "Photographed local events for the paper"
)
TRANSLATOR = (
    "Freelance translator (Japanese to English), 2015-2025\n"
    "Translated contracts and technical manuals from Japanese into English\n"
    "Interpreted at business meetings for visiting clients\n"
    "Kept terminology glossaries up to date in Trados"
)
NURSE_ID = (
    "Perawat di rumah sakit swasta 2018-2024\n"
    "Memberikan asuhan keperawatan kepada pasien rawat inap\n"
    "Memberikan obat dan memantau tanda vital pasien\n"
    "Memberikan edukasi pasien dan keluarga sebelum pulang"
)
CS_ID = (
    "Customer Service, Shopee, 2019-2023\n"
    "Menjawab keluhan pelanggan lewat chat dan telepon\n"
    "Memproses pengembalian dana dan pembatalan pesanan\n"
    "Mencatat keluhan di sistem tiket"
)


# --- catalog facts --------------------------------------------------------------------------


def test_every_pay_entry_says_its_source_year_statistic_and_certainty(catalog: Catalog) -> None:
    for role in catalog:
        for pay in role.pay:
            assert pay.source and pay.url and 2015 <= pay.year <= 2030, role.id
            assert len(pay.note) >= 20, f"{role.id}: pay has no certainty note"
            if pay.statistic == "team estimate":
                assert "estimate" in pay.source and len(pay.method) >= 20, role.id
            assert f"({pay.statistic}; " in pay.describe() and str(pay.year) in pay.describe(), role.id


def _broken_copy(tmp_path: Path, edit: str) -> Path:
    directory = tmp_path / "roles"
    shutil.copytree(ROLES, directory, ignore=shutil.ignore_patterns("i18n", "README.md"))
    path = directory / "ai-fact-checker.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if edit == "note":
        del data["pay"][0]["note"]
    elif edit == "year":
        del data["pay"][0]["year"]
    elif edit == "source":
        del data["pay"][0]["source"]
    elif edit == "method":
        data["pay"][1]["method"] = ""
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return directory


@pytest.mark.parametrize("edit", ["note", "year", "source", "method"])
def test_a_pay_entry_missing_its_source_year_or_certainty_is_refused(tmp_path: Path, edit: str) -> None:
    with pytest.raises(CatalogError, match=r"ai-fact-checker\.yaml: pay"):
        load_catalog(_broken_copy(tmp_path, edit))


def test_retired_paths_and_unsupported_employers_are_gone(catalog: Catalog) -> None:
    for role in catalog:
        for path in role.entry_paths:
            offered = path.title.split("(")[0]
            assert not re.search(r"\bAI-102\b|\bAI-900\b|\bRN-BC\b", offered), (role.id, path.title)
            assert "red-teaming-network" not in path.url, (role.id, path.title)
        assert not {"Cigna", "Parexel", "Lucid Software", "OpenAI Red Teaming Network"} & set(role.employers)
    titles = {p.title for p in catalog.get("healthcare-ai-specialist").entry_paths}  # type: ignore[union-attr]
    assert any("NI-BC" in t for t in titles)


def test_catalog_notes_speak_as_the_project_not_in_the_first_person(catalog: Catalog) -> None:
    for role in catalog:
        for pay in role.pay:
            assert not re.search(r"\bI\b|\bmy\b", f"{pay.note} {pay.method}"), role.id


def test_every_role_has_real_stand_ins_and_a_portfolio_task_with_done_criteria(catalog: Catalog) -> None:
    occupations = load_tables().occupations
    for role in catalog:
        assert role.stand_in_occupations, role.id
        assert all(code in occupations for code in role.stand_in_occupations), role.id
        assert role.portfolio_task is not None and len(role.portfolio_task.done_when) >= 2, role.id


def test_a_paid_cost_needs_an_amount_currency_and_year() -> None:
    with pytest.raises(ValueError, match="amount, currency and year"):
        Cost(free=False, amount=100)
    assert Cost(free=False, amount=70.5, currency="USD", year=2024).describe() == "USD 70.50 (2024)"


def test_roles_command_prints_each_figure_with_its_basis(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["roles"]) == 0
    out = capsys.readouterr().out
    assert "(team estimate;" in out and "method: The catalog authors" in out
    assert "prompt-engineer" in out and "one 2023 posting" in out
    assert out.count("note: ") >= 32


# --- tables and the finder ------------------------------------------------------------------


def test_exposure_tables_are_small_and_need_no_shared_folder() -> None:
    directory = default_tables_dir()
    size = sum(p.stat().st_size for p in directory.iterdir())
    assert size < 3_500_000
    tables = load_tables()
    assert len(tables.occupations) > 1000 and len(tables.tasks) > 900
    assert (directory / "README.md").read_text().count("CC BY 4.0") >= 2


@pytest.mark.skipif(
    not (SHARED / "data" / "onet").is_dir(), reason="../shared/data is absent (outside contributors)"
)
def test_build_data_rebuilds_the_committed_tables_byte_for_byte(tmp_path: Path) -> None:
    build(SHARED / "data", tmp_path)
    for name in ("occupations.tsv", "titles.tsv.gz", "tasks.tsv.gz", "emerging_tasks.tsv"):
        assert (tmp_path / name).read_bytes() == (default_tables_dir() / name).read_bytes(), name


def test_finder_reads_titles_as_people_write_them(recommender: Recommender) -> None:
    context = recommender.exposure
    assert context is not None
    assert context.finder.find("ex wartawan")[0].code == "27-3023.00"
    assert context.finder.find("CS shopee")[0].code == "43-4051.00"
    assert "13-2011.00" in [m.code for m in context.finder.find("sr. acct")]
    assert context.finder.find("perawat")[0].code.startswith("29-1141")


def test_finder_fitted_once_then_read_from_the_cache_scores_the_same(tmp_path: Path) -> None:
    """A server process fits the word views once; the next start reads them back and scores identically."""
    tables = load_tables()
    lines = [
        "Wartawan di harian nasional",
        "reconciled bank statements monthly",
        "Sr. Acct",
        "Registered nurse",
    ]
    fresh = OccupationFinder(tables, None, tmp_path)
    [cached_file] = tmp_path.glob("occupation-finder-*.npz")
    cached = OccupationFinder(tables, None, tmp_path)
    for got, want in zip(cached.score(lines), fresh.score(lines), strict=True):
        np.testing.assert_array_equal(got, want)
    cached_file.write_bytes(b"truncated by a full disk")
    refitted = OccupationFinder(tables, None, tmp_path)  # an unreadable cache is fitted again, not fatal
    np.testing.assert_array_equal(refitted.score(lines)[0], fresh.score(lines)[0])
    assert cached_file.stat().st_size > 1000
    # The next process looks for the same file name (nothing in it may differ between processes).
    code = (
        "from recommender.exposure.finder import LexicalViews as V\n"
        "from recommender.exposure.tables import load_tables\n"
        "print(V.cache_name(load_tables()))"
    )
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert other.stdout.strip() == cached_file.name, other.stderr[-1000:]


def test_finder_meets_the_accuracy_targets_on_the_labelled_set(recommender: Recommender) -> None:
    context = recommender.exposure
    assert context is not None
    lines = load_lines()
    assert len(lines) >= 100 and {x.language for x in lines} == {"en", "id"}
    overall = evaluate(context.finder, lines)[0]
    assert overall.top3 >= 0.85 and overall.top1 >= 0.65


def test_disagreeing_measures_are_said_in_words_not_averaged() -> None:
    def measure(name: str, pct: int) -> ExposureMeasure:
        return ExposureMeasure(
            measure=name, name=name, value=0.5, scale="", percentile=pct, source="s", year=2025, licence=""
        )

    text = disagreement([measure("A", 91), measure("B", 20)])
    assert text and "A" in text and "91st" in text and "B" in text and "20th" in text
    assert disagreement([measure("A", 91), measure("B", 60)]) is None


# --- end to end -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [(JOURNALIST, "27-3023.00"), (TRANSLATOR, "27-3091.00"), (NURSE_ID, "29-1141"), (CS_ID, "43-4051.00")],
    ids=["journalist", "translator", "nurse-id", "customer-service-id"],
)
def test_a_worker_gets_occupation_exposure_own_duties_stand_ins_and_a_costed_plan(
    recommender: Recommender, text: str, code: str
) -> None:
    result = recommender.recommend(text=text, top_k=3, language="en")
    occupation = result.profile.occupation
    assert occupation is not None and occupation.status == "found"
    best = occupation.occupations[0]
    assert best.code.startswith(code) and best.confidence is not None and best.evidence in text
    assert {m.measure for m in occupation.measures} >= {"gpt4_beta", "human_beta", "ms_ai_applicability"}
    assert all(m.source and m.year >= 2023 for m in occupation.measures)
    duties = occupation.most_exposed_duties + occupation.least_exposed_duties
    assert duties, "the person's own duties are ranked by exposure"
    for duty in duties:
        assert duty.duty in text  # quoted verbatim, never paraphrased
        assert duty.human_label in {"E0", "E1", "E2"}
    assert "not a forecast of job loss" in occupation.meaning
    for s in result.suggestions:
        assert s.exposure is not None and s.exposure.stand_ins and "Stand-ins" in s.exposure.note
        assert s.plan is not None and s.plan.portfolio_task is not None
        assert_plan_follows_the_cards(s)
        for step in s.plan.steps:
            assert (
                step.cost == "unknown"
                or step.cost.startswith(("free", "USD"))
                or step.cost_amount is not None
            )
            assert (step.hours is None) == (step.hours_basis is None)
        known = [st.hours for st in s.plan.steps if st.hours is not None and not st.same_step_as_above]
        assert s.plan.total_hours_known == pytest.approx(sum(known))


def assert_plan_follows_the_cards(s: Suggestion) -> None:
    """The plan walks the card's gaps in order with the same first steps; prerequisites stand apart."""
    assert s.plan is not None
    gaps = [g for g in s.skill_gaps if not g.prerequisite]
    assert [step.gap for step in s.plan.steps] == [g.skill for g in gaps]
    assert [(step.step, step.url) for step in s.plan.steps] == [
        (g.first_step.title, g.first_step.url) for g in gaps if g.first_step
    ]
    assert s.plan.prerequisites == [g.skill for g in s.skill_gaps if g.prerequisite]


def test_an_indonesian_worker_reads_the_exposure_and_the_plan_in_indonesian(recommender: Recommender) -> None:
    result = recommender.recommend(text=CS_ID, top_k=3)
    assert result.language == "id"
    occupation = result.profile.occupation
    assert occupation is not None and occupation.status == "found"
    assert "bukan ramalan hilangnya pekerjaan" in occupation.meaning
    names = {m.measure: m.name for m in occupation.measures}
    assert names["gpt4_beta"].endswith("dinilai oleh GPT-4 (beta)")
    assert names["ms_ai_applicability"].endswith("skor penerapan AI")
    for s in result.suggestions:
        assert s.exposure is not None and s.exposure.note.startswith("Okupasi pembanding")
        assert_plan_follows_the_cards(s)
        assert s.plan is not None and s.plan.portfolio_task is not None
        role = recommender.catalog.get(s.role_id)
        assert role is not None and role.portfolio_task is not None
        assert s.plan.portfolio_task.title != role.portfolio_task.title
        for step in s.plan.steps:
            assert step.cost.startswith(("gratis", "belum diketahui")) or step.cost_amount


def test_a_target_role_says_how_its_stand_ins_work_has_changed_with_dates(recommender: Recommender) -> None:
    result = recommender.recommend(text=JOURNALIST, top_k=32, language="en")
    stand_ins = [st for s in result.suggestions if s.exposure for st in s.exposure.stand_ins]
    changed = [st for st in stand_ins if st.changes]
    assert changed and len(changed) < len(stand_ins), "O*NET recorded changes for a few occupations only"
    for st in changed:
        dates = [c.date for c in st.changes]
        assert dates == sorted(dates, reverse=True) and all(re.match(r"^20[0-2]\d-\d\d$", d) for d in dates)
        assert all(c.task in {t.task for t in load_tables().emerging[st.code]} for c in st.changes)
    evaluator = next(s for s in result.suggestions if s.role_id == "llm-evaluator")
    assert evaluator.exposure is not None
    assert "says nothing about whether its work is stable" in evaluator.exposure.changes_note
    indonesian = recommender.recommend(text=JOURNALIST, top_k=3, language="id").suggestions[0].exposure
    assert indonesian is not None and indonesian.changes_note.startswith("Bagaimana pekerjaan ini berubah")


def test_a_prerequisite_stands_apart_from_the_plans_steps(recommender: Recommender) -> None:
    result = recommender.recommend(text="Copywriter for 6 years: ad copy, blog posts, SEO", top_k=32)
    engineer = next(s for s in result.suggestions if s.role_id == "ml-engineer")
    assert engineer.plan is not None and engineer.plan.prerequisites == ["professional programming"]
    assert_plan_follows_the_cards(engineer)


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        (None, ["Excel", "SQL", "communication"]),
        ("Skills: Excel, SQL, public speaking\nHobbies: hiking, photography", None),
    ],
    ids=["skill-list", "skills-and-hobbies-text"],
)
def test_a_profile_without_a_job_title_gets_occupation_not_found(
    recommender: Recommender, text: str | None, skills: list[str] | None
) -> None:
    occupation = recommender.recommend(text=text, skills=skills).profile.occupation
    assert occupation is not None and occupation.status == "not found"
    assert occupation.occupations == [] and occupation.measures == [] and occupation.reason


def test_exposure_fields_never_change_the_ranking(recommender: Recommender, tmp_path: Path) -> None:
    plain = Recommender(recommender.catalog, recommender.encoder, cache_dir=tmp_path)
    plain.with_exposure = False
    for text in (JOURNALIST, CS_ID):
        with_context = recommender.recommend(text=text, top_k=10)
        without = plain.recommend(text=text, top_k=10)
        assert without.suggestions[0].exposure is None and without.profile.occupation is None
        assert [(s.role_id, s.score) for s in with_context.suggestions] == [
            (s.role_id, s.score) for s in without.suggestions
        ]


def test_the_json_shape_documents_the_new_fields() -> None:
    schema = Recommendation.model_json_schema()
    defs = schema["$defs"]
    assert "occupation" in defs["ProfileSummary"]["properties"]
    assert {"exposure", "plan"} <= set(defs["Suggestion"]["properties"])
    assert "most_exposed_duties" in defs["CurrentOccupation"]["properties"]


def test_recommend_command_prints_the_current_job_and_the_plan(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recommend", "--text", JOURNALIST, "--top-k", "2"]) == 0
    out = capsys.readouterr().out
    assert "Current job" in out and "27-3023.00" in out and "GPTs are GPTs" in out
    assert "What this means:" in out and "plan:" in out and "portfolio task:" in out


def test_a_long_resume_is_matched_to_its_job_on_its_titles_and_first_duties() -> None:
    """Finding the job costs time per candidate line: a résumé of many duty lines keeps its first ones."""
    from recommender.exposure.context import MAX_DUTIES, MAX_TITLES, bounded, work_phrases
    from recommender.profile.skills import build_profile

    duties = [
        f"Reviewed and corrected {n} supplier invoices against purchase orders every week" for n in range(40)
    ]
    text = "Accounts payable clerk, Sinar Jaya, 2016-2024\n" + "\n".join(duties)
    candidates = work_phrases(build_profile(text))
    kept = bounded(candidates)
    assert sum(not c.title for c in kept) == MAX_DUTIES
    assert sum(c.title for c in kept) <= MAX_TITLES
    assert kept[0].title and "Accounts payable clerk" in kept[0].text
    assert [c.text for c in kept if not c.title] == [c.text for c in candidates if not c.title][:MAX_DUTIES]
