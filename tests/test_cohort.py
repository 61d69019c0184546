"""`careerpivot batch` on the local engine: formats in and out, bad rows, resuming after Ctrl-C and kill -9."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from recommender.cli import main
from recommender.cohort import CohortFileError, read_output, read_rows, redact_row, run_cohort
from recommender.cohort.parts import parts_dir_for
from recommender.cohort.rows import CohortRow
from recommender.match.engine import Recommender

ROOT = Path(__file__).resolve().parent.parent


def cohort(n: int) -> list[dict[str, Any]]:
    """`n` rows from the project's labelled profiles (English and Indonesian), with contact details added."""
    profiles = [json.loads(line) for line in (ROOT / "data/training/profiles.jsonl").read_text().splitlines()]
    rows = []
    for i in range(n):
        p = profiles[i % len(profiles)]
        row: dict[str, Any] = {"id": f"p{i:04d}"}
        if p.get("text"):
            row["text"] = f"{p['text']}\nEmail: person{i}@example.com | Phone: +62 812-3456-{i:04d}"
        if p.get("skills"):
            row["skills"] = p["skills"]
        rows.append(row)
    return rows


def write_jsonl(path: Path, rows: list[dict[str, Any]], extra_lines: tuple[str, ...] = ()) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + "".join(extra_lines))
    return path


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, ["id", "text", "skills"])
        writer.writeheader()
        for r in rows:
            writer.writerow(
                {"id": r["id"], "text": r.get("text", ""), "skills": ";".join(r.get("skills", []))}
            )
    return path


def write_parquet(path: Path, rows: list[dict[str, Any]]) -> Path:
    table = pa.Table.from_pylist(
        [{"id": r["id"], "text": r.get("text"), "skills": r.get("skills")} for r in rows],
        pa.schema([("id", pa.string()), ("text", pa.string()), ("skills", pa.list_(pa.string()))]),
    )
    pq.write_table(table, path)
    return path


def engine_results(recommender: Recommender, rows: list[dict[str, Any]], top_k: int = 5) -> list[list[str]]:
    """What the engine itself ranks for each row, one at a time."""
    return [
        [s.role_id for s in recommender.recommend(r.get("text"), r.get("skills"), top_k).suggestions]
        for r in rows
    ]


@pytest.mark.parametrize(("source", "target"), [("jsonl", "csv"), ("csv", "parquet"), ("parquet", "jsonl")])
def test_batch_reads_and_writes_every_format_with_the_engines_rankings(
    tmp_path: Path, recommender: Recommender, source: str, target: str
) -> None:
    rows = cohort(12)
    writer = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}[source]
    input_path = writer(tmp_path / f"cohort.{source}", rows)
    output = tmp_path / f"results.{target}"
    summary = run_cohort(input_path, output, ranker="hand-tuned", workers=1, part_rows=5)
    assert (summary.rows, summary.succeeded, summary.failed) == (12, 12, 0)
    written = read_output(output)
    assert [r["id"] for r in written] == [r["id"] for r in rows]
    assert [r["roles"] for r in written] == engine_results(recommender, rows)
    assert all(len(r["scores"]) == 5 and r["scores"] == sorted(r["scores"], reverse=True) for r in written)
    assert not parts_dir_for(output).exists()  # the parts folder goes once the output is whole


def test_bad_rows_carry_their_error_and_do_not_stop_the_run(tmp_path: Path) -> None:
    rows = cohort(4)
    input_path = write_jsonl(
        tmp_path / "cohort.jsonl",
        rows,
        (
            '{"id": "n1", "text": 42}\n',
            "this is not json\n",
            '{"id": "n3", "skills": []}\n',
            '{"id": "p0001", "text": "Guru SD, mengajar matematika"}\n',
            '{"id": "n5", "text": "Penulis konten", "top_k": 99}\n',
            '{"id": "n6", "txt": "typo in the field name"}\n',
            json.dumps({"id": "n7", "text": "x" * 25_000}) + "\n",
        ),
    )
    output = tmp_path / "results.jsonl"
    summary = run_cohort(input_path, output, ranker="hand-tuned", workers=1, part_rows=3)
    assert (summary.rows, summary.succeeded, summary.failed) == (11, 4, 7)
    lines = [json.loads(line) for line in output.read_text().splitlines()]
    errors = {line["id"]: line["error"] for line in lines if line["status"] == "failed"}
    assert "'text' must be a string" in errors["n1"]["message"]
    assert "not valid JSON" in errors["line-6"]["message"]
    assert "neither text nor skills" in errors["n3"]["message"]
    assert "already used by row 2" in errors["p0001"]["message"]
    assert "from 1 to 50" in errors["n5"]["message"]
    assert "unknown fields ['txt']" in errors["n6"]["message"]
    assert errors["n7"]["code"] == "invalid_profile" and "20,000" in errors["n7"]["message"]
    assert [line["status"] for line in lines[:4]] == ["done"] * 4


def test_output_keeps_no_contact_details_and_says_what_was_removed(tmp_path: Path) -> None:
    rows = [r for r in cohort(8) if "text" in r][:3]
    rows.append({"id": "skills-with-phone", "skills": ["Adobe Photoshop", "call +62 812 3456 7890", "SEO"]})
    output = tmp_path / "results.jsonl"
    run_cohort(write_jsonl(tmp_path / "cohort.jsonl", rows), output, ranker="hand-tuned", workers=1)
    body = output.read_text()
    assert "@example.com" not in body and "3456" not in body
    lines = [json.loads(line) for line in body.splitlines()]
    assert all({"email", "phone"} <= set(line["profile"]["personal_data_removed"]) for line in lines[:3])
    assert "phone" in lines[3]["profile"]["personal_data_removed"]
    assert "Adobe Photoshop" in lines[3]["profile"]["skills"]  # a skill is not taken for a person's name


def test_cli_batch_prints_a_summary_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    input_path = write_jsonl(tmp_path / "cohort.jsonl", cohort(3), ('{"id": "bad"}\n',))
    output = tmp_path / "out.csv"
    argv = ["batch", str(input_path), str(output), "--workers", "1", "--ranker", "hand-tuned"]
    assert main(argv) == 0
    out, _ = capsys.readouterr()
    assert "4 rows: 3 succeeded, 1 failed; written to" in out
    with open(output, newline="") as f:
        assert [r["status"] for r in csv.DictReader(f)] == ["done", "done", "done", "failed"]
    assert main(argv) == 2
    _, err = capsys.readouterr()
    assert "already exists" in err and "--overwrite" in err
    assert main([*argv, "--overwrite", "--top-k", "2"]) == 0
    assert all(len(r["roles"]) == 2 for r in read_output(output)[:3])


def test_cli_batch_names_what_is_wrong_with_its_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    input_path = write_jsonl(tmp_path / "cohort.jsonl", cohort(2))
    cases = [
        (["batch", str(input_path), str(tmp_path / "out.xlsx")], "unsupported extension '.xlsx'"),
        (["batch", str(tmp_path / "missing.csv"), str(tmp_path / "o.csv")], "not found"),
        (["batch", str(input_path), str(tmp_path / "o.csv"), "--lang", "fr"], "use one of en, id"),
        (["batch", str(input_path), str(tmp_path / "o.csv"), "--top-k", "0"], "between 1 and 50"),
        (["batch", str(input_path), str(input_path)], "must not be the input"),
    ]
    for argv, message in cases:
        assert main(argv) == 2, argv
        _, err = capsys.readouterr()
        assert message in err, (argv, err)
    (tmp_path / "bad.csv").write_text("name,notes\nAna,teacher\n")
    assert main(["batch", str(tmp_path / "bad.csv"), str(tmp_path / "o.jsonl")]) == 2
    assert "needs an 'id' column" in capsys.readouterr().err


def test_lang_id_writes_every_result_in_indonesian(tmp_path: Path) -> None:
    input_path = write_jsonl(tmp_path / "cohort.jsonl", cohort(2))
    output = tmp_path / "o.jsonl"
    assert main(["batch", str(input_path), str(output), "--lang", "id", "--workers", "1"]) == 0
    results = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert len(results) == 2 and all(r["language"] == "id" for r in results)


@pytest.fixture
def ctrl_c_after_first_part(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C as the user presses it: KeyboardInterrupt in the main process, here once the first part is written
    (the progress bar is updated right after each commit)."""
    import tqdm

    def update(self: Any, n: float | None = 1) -> bool | None:
        monkeypatch.undo()
        raise KeyboardInterrupt

    monkeypatch.setattr(tqdm.tqdm, "update", update)


def test_a_rerun_with_another_input_is_refused_rather_than_mixed(
    tmp_path: Path, ctrl_c_after_first_part: None
) -> None:
    output = tmp_path / "results.jsonl"
    first = write_jsonl(tmp_path / "a.jsonl", cohort(6))
    with pytest.raises(KeyboardInterrupt):
        run_cohort(first, output, ranker="hand-tuned", workers=1, part_rows=2, progress=True)
    second = write_jsonl(tmp_path / "b.jsonl", cohort(7))
    with pytest.raises(CohortFileError, match="different input_bytes, input_sha256, rows"):
        run_cohort(second, output, ranker="hand-tuned", workers=1, part_rows=2)


def test_ctrl_c_keeps_the_parts_written_and_the_rerun_does_only_the_rest(
    tmp_path: Path, ctrl_c_after_first_part: None
) -> None:
    rows = cohort(10)
    input_path = write_jsonl(tmp_path / "cohort.jsonl", rows)
    output = tmp_path / "results.jsonl"
    with pytest.raises(KeyboardInterrupt):
        run_cohort(input_path, output, ranker="hand-tuned", workers=1, part_rows=2, progress=True)
    written = sorted(parts_dir_for(output).glob("part-*.jsonl"))
    assert written and not output.exists()
    summary = run_cohort(input_path, output, ranker="hand-tuned", workers=1, part_rows=2)
    assert summary.resumed == 2 * len(written) and summary.succeeded == 10
    assert [r["id"] for r in read_output(output)] == [r["id"] for r in rows]


def test_kill_9_mid_run_then_rerun_writes_every_row_once(tmp_path: Path) -> None:
    """A real `careerpivot batch` process group killed with SIGKILL while parts are being written."""
    rows = cohort(120)
    input_path = write_jsonl(tmp_path / "cohort.jsonl", rows)
    output = tmp_path / "results.jsonl"
    parts = parts_dir_for(output)
    command = [
        sys.executable, "-m", "recommender.cli", "batch", str(input_path), str(output),
        "--workers", "1", "--part-rows", "5", "--ranker", "hand-tuned", "--no-progress",
    ]  # fmt: skip
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(list(parts.glob("part-*.jsonl"))) < 3:
            assert process.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "no parts written within 120 s"
            time.sleep(0.05)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)
    committed = {p.name: p.read_bytes() for p in parts.glob("part-*.jsonl")}
    assert 3 <= len(committed) < 24 and not output.exists()

    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"({5 * len(committed)} already written by an earlier run)" in rerun.stdout
    ids = [json.loads(line)["id"] for line in output.read_text().splitlines()]
    assert ids == [r["id"] for r in rows]  # every row once, in input order
    # The rows written before the kill are in the output as they were committed, not matched again.
    killed_part = json.loads(next(iter(committed.values())).splitlines()[0])
    line = json.loads(output.read_text().splitlines()[killed_part["seq"]])
    assert line["suggestions"] == killed_part["result"]["suggestions"]


def test_rows_are_read_with_their_position_and_checked_before_matching(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text('id,text,skills,top_k\na,"Guru, 10 tahun",,3\n,,SQL;Excel,\nc,,,\n\nd,hello,,zero\n')
    rows = list(read_rows(path))
    assert [(r.seq, r.row_id) for r in rows] == [(0, "a"), (1, "row-2"), (2, "c"), (3, "d")]
    assert rows[0].top_k == 3 and rows[1].skills == ["SQL", "Excel"]
    assert rows[2].error and "neither text nor skills" in rows[2].error
    assert rows[3].error and "'zero'" in rows[3].error


def test_redaction_removes_contacts_from_text_and_skill_items() -> None:
    row = CohortRow(
        0, "x", "Budi Santoso\nbudi@mail.co.id, 0812-3456-7890\nAdmin gudang", ["a@b.com", "Excel"]
    )
    clean = redact_row(row)
    assert "budi@mail.co.id" not in (clean.text or "") and "7890" not in (clean.text or "")
    assert clean.skills == ["[email]", "Excel"]
    assert {"email", "phone"} <= set(clean.removed)


def _measure(key: str, percentile: int | None) -> dict[str, Any]:
    return {"measure": key, "name": f"{key} name", "value": 0.5, "percentile": percentile}


def _done(row_id: str, occupation: dict[str, Any] | None) -> dict[str, Any]:
    role = {"role_id": "ai-fact-checker", "title": "AI Fact-Checker", "score": 0.6, "skill_gaps": []}
    profile: dict[str, Any] = {"skills": ["editing"], "languages": ["en"]}
    if occupation is not None:
        profile["occupation"] = occupation
    return {"id": row_id, "status": "done", "suggestions": [role], "profile": profile}


def _found(code: str, title: str, gpt4: int, human: int | None) -> dict[str, Any]:
    return {
        "status": "found",
        "occupations": [{"code": code, "title": title, "score": 0.5, "evidence": title}],
        "measures": [_measure("gpt4_beta", gpt4), _measure("human_beta", human)],
        "meaning": "Exposure is not a forecast of job loss.",
    }


def test_summary_counts_current_occupations_and_spreads_their_exposure_over_thirds() -> None:
    from recommender.cohort.summary import summarize

    not_found = {
        "status": "not found",
        "reason": "a skill list alone",
        "meaning": "Exposure is not a forecast.",
    }
    rows = [
        _done("ana", _found("27-3023.00", "Reporters", 93, 94)),
        _done("budi", _found("27-3023.00", "Reporters", 67, 50)),
        _done("citra", _found("29-1141.00", "Registered Nurses", 20, None)),  # no human figure
        _done("dewi", _found("43-4051.00", "Customer Service Representatives", 33, 34)),
        _done("eko", not_found),
        _done("fajar", None),  # a result from before occupations were read: counted as neither
        {"id": "gita", "status": "failed", "error": {"code": "invalid_profile", "message": "empty"}},
        {"id": "hadi", "status": "pending"},
    ]
    summary = summarize(rows)
    assert (summary.people, summary.failed, summary.pending) == (6, 1, 1)
    assert (summary.occupation_found, summary.occupation_not_found) == (4, 1)
    assert [(o.code, o.title, o.people) for o in summary.occupations] == [
        ("27-3023.00", "Reporters", 2),
        ("29-1141.00", "Registered Nurses", 1),  # ties in code order
        ("43-4051.00", "Customer Service Representatives", 1),
    ]
    gpt4, human = summary.exposure
    assert gpt4.measure == "gpt4_beta" and gpt4.name == "gpt4_beta name"
    # 33 is the bottom third and 67 the top (the thresholds `disagreement` uses); the median of
    # 20, 33, 67, 93 is the mean of the middle two.
    assert (gpt4.people, gpt4.bottom_third, gpt4.middle_third, gpt4.top_third) == (4, 2, 0, 2)
    assert gpt4.median_percentile == 50.0
    assert (human.people, human.bottom_third, human.middle_third, human.top_third) == (3, 0, 2, 1)
    assert human.median_percentile == 50.0
    assert summary.exposure_meaning == "Exposure is not a forecast of job loss."
    # Additive: a summary with no occupations still has every field, empty.
    empty = summarize([_done("x", None)]).model_dump()
    assert empty["occupations"] == [] and empty["exposure"] == [] and empty["exposure_meaning"] is None
    assert (empty["occupation_found"], empty["occupation_not_found"]) == (0, 0)


def test_summary_reads_the_occupations_of_real_results(recommender: Recommender) -> None:
    from recommender.cohort.summary import summarize

    profiles = [
        ("rep", "Reporter, The Daily Ledger, 2016-2024\nWrote and edited news stories on deadline", None),
        ("ed", "Copy editor at a newspaper, 2018-2024\nEdited news stories and headlines", None),
        ("sk", None, ["copywriting", "SEO"]),
    ]
    rows = [
        {"id": i, "status": "done", **recommender.recommend(text, skills, 3).model_dump(mode="json")}
        for i, text, skills in profiles
    ]
    summary = summarize(rows)
    assert (summary.occupation_found, summary.occupation_not_found) == (2, 1)
    assert sum(o.people for o in summary.occupations) == 2
    spread = {s.measure: s for s in summary.exposure}
    assert "gpt4_beta" in spread
    gpt4 = spread["gpt4_beta"]
    assert gpt4.bottom_third + gpt4.middle_third + gpt4.top_third == gpt4.people == 2
    assert gpt4.median_percentile is not None and 0 <= gpt4.median_percentile <= 100
    assert summary.exposure_meaning and "forecast" in summary.exposure_meaning
