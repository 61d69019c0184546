from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from recommender.cli import main

PROFILE = (
    "Customer support representative, 5 years. Zendesk tickets, escalations, wrote help-center articles."
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_recommend_text_prints_a_ranked_table_with_reasons_and_first_steps(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "recommend", "--text", PROFILE, "--top-k", "3")
    assert code == 0
    assert " 1  " in out and " 3  " in out and " 4  " not in out
    assert "+ Your '" in out  # reasons quote the person's words
    assert "->" in out  # gaps come with a first step
    assert "ai-operations-specialist" in out


def test_recommend_json_has_the_api_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "recommend", "--skills", "copywriting; SEO; brand voice", "--json")
    assert code == 0
    body = json.loads(out)
    assert set(body) == {"suggestions", "profile", "model", "language", "region"}
    assert body["language"] == "en"
    assert len(body["suggestions"]) == 5
    first = body["suggestions"][0]
    assert {"role_id", "title", "score", "reasons", "transferable_skills", "skill_gaps"} <= set(first)
    for item in first["transferable_skills"]:
        assert item["evidence"] in ["copywriting", "SEO", "brand voice"]


def test_recommend_reads_a_file_and_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    resume = tmp_path / "resume.txt"
    resume.write_text(PROFILE)
    code, from_file, _ = run(capsys, "recommend", "--text", str(resume), "--json")
    assert code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(PROFILE))
    code, from_stdin, _ = run(capsys, "recommend", "-", "--json")
    assert code == 0
    assert json.loads(from_file) == json.loads(from_stdin)


def test_recommend_with_an_empty_profile_explains_what_to_send(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "recommend", "--text", "   ...   ")
    assert code == 2 and out == ""
    assert "send 'text'" in err and "Traceback" not in err


def test_roles_lists_the_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "roles")
    assert code == 0
    assert "32 roles" in out.splitlines()[0]
    assert "ai-fact-checker" in out and "USD/hour" in out


def test_roles_json_is_machine_readable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "roles", "--json")
    roles = json.loads(out)["roles"]
    assert code == 0 and len(roles) == 32 and roles[0]["required_skills"]


def test_eval_prints_metrics_beside_baselines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    labelled = tmp_path / "set.jsonl"
    labelled.write_text(
        json.dumps(
            {
                "id": "1",
                "lang": "en",
                "text": PROFILE,
                "relevant": {"ai-operations-specialist": 2},
                "implausible": ["ml-engineer"],
            }
        )
        + "\n"
    )
    code, out, _ = run(capsys, "eval", str(labelled))
    assert code == 0
    assert "nDCG@5" in out and "baseline tf-idf" in out and "baseline cosine" in out


def test_eval_of_a_missing_file_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "eval", "/no/such/file.jsonl")
    assert code == 2 and "not found" in err


def test_recommend_resume_reads_a_pdf_and_says_what_personal_data_was_removed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from recommender.evaluate.resumes import load_resumes, render

    resume = load_resumes()[0]
    data, name = render(resume, "pdf-1col")
    path = tmp_path / name
    path.write_bytes(data)
    code, out, _ = run(capsys, "recommend", "--resume", str(path), "--top-k", "2")
    assert code == 0
    assert "Personal data removed before matching:" in out and "name" in out
    assert resume["personal"]["email"] not in out


def test_recommend_resume_with_an_unreadable_file_explains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cv.pdf"
    path.write_text("this is not a pdf")
    code, out, err = run(capsys, "recommend", "--resume", str(path))
    assert code == 2 and out == "" and "PDF" in err and "Traceback" not in err


def test_recommend_with_a_skill_over_the_api_limit_says_which(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "recommend", "--skills", "SQL;" + "x" * 301)
    assert code == 2 and out == ""
    assert "skills.1" in err and "300 characters" in err


@pytest.mark.slow
def test_recommend_keeps_its_role_index_and_model_files_in_the_cache_folder(tmp_path: Path) -> None:
    """The second command reads what the first one built (5.4 s -> 1.6 s for `recommend` here)."""

    def recommend() -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, "-m", "recommender.cli", "recommend", "--skills", "copywriting; SEO", "--json"],
            env={**os.environ, "CAREERPIVOT_CACHE_DIR": str(tmp_path / "cache")},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        result: dict[str, object] = json.loads(done.stdout)
        return result

    first = recommend()
    kept = sorted(p.name.split("-")[0] for p in (tmp_path / "cache").iterdir() if p.suffix != ".json")
    # the language identifier's state machine and tables, the occupation finder, the role index,
    # the encoder's uncompressed weights and its embedding table
    assert kept == ["language", "language", "occupation", "role", "use", "use"]
    assert recommend()["suggestions"] == first["suggestions"]


def test_recommend_answers_when_its_cache_folder_cannot_be_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("CAREERPIVOT_CACHE_DIR", str(blocker / "cache"))
    code, out, _ = run(capsys, "recommend", "--text", PROFILE, "--top-k", "3")
    assert code == 0
    assert "ai-operations-specialist" in out


def test_a_reader_that_stops_early_gets_no_error_message() -> None:
    """`careerpivot roles --json | head -c 100`: 390 KB, more than a pipe holds, so the pipe surely
    closes while it writes; nothing is printed to stderr."""
    command = f"{sys.executable} -m recommender.cli roles --json | head -c 100"
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120)
    assert len(done.stdout) == 100
    assert done.stderr == ""
