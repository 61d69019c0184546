"""The Ray engine on a local Ray cluster started here: same results as the local engine, no personal data
handed to Ray, resuming across engines, the API's hand-off of large batches, and the error without Ray."""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from recommender.cli import main
from recommender.cohort import CohortRow, read_output, redact_row, run_cohort
from recommender.cohort.parts import parts_dir_for
from recommender.match.engine import Recommender
from tests.test_cohort import cohort, write_jsonl

# A local Ray cluster, actors loading the model: about two minutes for the module on 2 shared cores.
pytestmark = pytest.mark.slow
EMAIL = re.compile(r"person\d+@example\.com")
PHONE = re.compile(r"3456-\d{4}")


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    """A 2-CPU Ray cluster in this machine, started by the test (skipped only when Ray cannot start)."""
    try:
        import ray
        import ray.data
    except ImportError as exc:
        pytest.skip(f"Ray is not installed ({exc}); pip install 'careerpivot[ray]' to run these tests")
    try:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    except Exception as exc:  # whatever stops Ray starting on this machine
        pytest.skip(f"a local Ray cluster cannot start on this machine: {exc}")
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def handed_to_ray(ray_cluster: Any) -> Iterator[list[dict[str, Any]]]:
    """Every item any test in this module hands to Ray Data (the real `from_items`, observed)."""
    seen: list[dict[str, Any]] = []
    real = ray_cluster.data.from_items

    def observed(items: list[Any], **kwargs: Any) -> Any:
        seen.extend(items)
        return real(items, **kwargs)

    ray_cluster.data.from_items = observed
    yield seen
    ray_cluster.data.from_items = real


@pytest.fixture(scope="module")
def both_engines(
    tmp_path_factory: pytest.TempPathFactory, handed_to_ray: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """210 rows (English and Indonesian, contacts in texts and skills, a few bad) through both engines."""
    tmp = tmp_path_factory.mktemp("engines")
    rows = cohort(210)
    for i in range(0, 210, 25):
        rows[i] = {"id": rows[i]["id"], "skills": ["SEO", f"person{i}@example.com", f"+62 812-3456-{i:04d}"]}
    rows[7] = {"id": rows[7]["id"]}  # neither text nor skills
    input_path = write_jsonl(tmp / "cohort.jsonl", rows)
    local, on_ray = tmp / "local.parquet", tmp / "ray.parquet"
    run_cohort(input_path, local, engine="local", ranker="hand-tuned", workers=2, part_rows=20)
    before = len(handed_to_ray)
    run_cohort(input_path, on_ray, engine="ray", ranker="hand-tuned", actors=2, part_rows=20)
    return rows, read_output(local), read_output(on_ray), handed_to_ray[before:]


def test_ray_engine_gives_the_local_engines_results_on_210_rows(both_engines: Any) -> None:
    rows, local, on_ray, _ = both_engines
    assert len(local) == len(on_ray) == 210
    assert [r["id"] for r in on_ray] == [r["id"] for r in local] == [r["id"] for r in rows]
    assert [r["status"] for r in on_ray] == [r["status"] for r in local]
    assert sum(r["status"] == "failed" for r in on_ray) == 1
    for a, b in zip(local, on_ray, strict=True):
        assert a["roles"] == b["roles"], a["id"]
        assert a["scores"] == pytest.approx(b["scores"], abs=1e-6), a["id"]
        if a["result"]:  # reasons, gaps and first steps too
            ra, rb = json.loads(a["result"]), json.loads(b["result"])
            assert [s["reasons"] for s in ra["suggestions"]] == [s["reasons"] for s in rb["suggestions"]]
            assert ra["profile"] == rb["profile"]


def test_rows_handed_to_ray_carry_no_email_or_phone_from_the_input(both_engines: Any) -> None:
    rows, _, on_ray, handed = both_engines
    assert len(handed) == 210  # every row went through the observed hand-off
    raw = json.dumps(rows)
    assert EMAIL.search(raw) and PHONE.search(raw)  # the input has them ...
    handed_text = json.dumps(handed)
    assert not EMAIL.search(handed_text) and not PHONE.search(handed_text)  # ... what Ray got has none
    assert "[email]" in handed_text and "[phone]" in handed_text
    # The output still says what was removed (row 1 has an e-mail and a phone in its text).
    assert {"email", "phone"} <= set(json.loads(on_ray[1]["result"])["profile"]["personal_data_removed"])


def test_a_run_interrupted_on_the_local_engine_finishes_on_ray_without_redoing_parts(
    tmp_path: Path, ray_cluster: Any, handed_to_ray: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tqdm

    rows = cohort(40)
    input_path = write_jsonl(tmp_path / "cohort.jsonl", rows)
    output = tmp_path / "results.jsonl"
    calls = {"n": 0}
    real_update = tqdm.tqdm.update

    def ctrl_c_after_two_parts(self: Any, n: float | None = 1) -> bool | None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real_update(self, n)

    monkeypatch.setattr(tqdm.tqdm, "update", ctrl_c_after_two_parts)
    with pytest.raises(KeyboardInterrupt):
        run_cohort(input_path, output, ranker="hand-tuned", workers=1, part_rows=10, progress=True)
    monkeypatch.undo()
    committed = len(list(parts_dir_for(output).glob("part-*.jsonl")))
    assert 2 <= committed < 4
    before = len(handed_to_ray)
    summary = run_cohort(input_path, output, engine="ray", ranker="hand-tuned", actors=2, part_rows=10)
    assert summary.resumed == 10 * committed and summary.succeeded == 40
    assert len(handed_to_ray) - before == 40 - 10 * committed  # only the rows not written yet went to Ray
    assert [r["id"] for r in read_output(output)] == [r["id"] for r in rows]


def test_api_hands_large_batches_to_ray_and_keeps_small_ones(
    tmp_path: Path, recommender: Recommender, handed_to_ray: list[dict[str, Any]]
) -> None:
    from api.main import create_app
    from api.settings import Settings

    settings = Settings(
        data_dir=tmp_path / "var",
        batch_processes=0,
        worker_poll_seconds=0.05,
        ray_address="auto",  # this process is connected to the test's cluster already
        ray_batch_min_rows=30,
        ray_actors=2,
        batch_chunk_size=16,
        rate_limit_per_minute=100_000,  # the test polls the status often
    )
    large = cohort(36)
    large[3] = {"id": large[3]["id"], "skills": ["Excel", "reach me: person3@example.com"]}
    small = cohort(5)
    before = len(handed_to_ray)
    from api.store import migrate

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.sqlalchemy_url)
    with TestClient(create_app(settings, recommender=recommender)) as client:
        ids = []
        for rows in (large, small):
            body = "".join(json.dumps(r) + "\n" for r in rows)
            answer = client.post(
                "/v1/batches?top_k=3", content=body, headers={"Content-Type": "application/x-ndjson"}
            )
            assert answer.status_code == 202, answer.text
            ids.append(answer.json()["id"])
        statuses = [_wait(client, batch_id) for batch_id in ids]
        results = [
            [json.loads(line) for line in client.get(f"/v1/batches/{b}/results").text.splitlines()]
            for b in ids
        ]
    assert [(s["status"], s["processed"], s["failed"]) for s in statuses] == [("done", 36, 0), ("done", 5, 0)]
    handed = handed_to_ray[before:]
    assert len(handed) == 36  # the large batch went to Ray, the small one stayed on the server
    assert not EMAIL.search(json.dumps(handed))
    for rows, lines in zip((large, small), results, strict=True):
        assert [line["id"] for line in lines] == [r["id"] for r in rows]
        for row, line in zip(rows, lines, strict=True):
            # As matched: with the contact details cut from the skill items.
            clean = redact_row(CohortRow(0, row["id"], row.get("text"), row.get("skills")))
            expected = recommender.recommend(clean.text, clean.skills, 3)
            assert [s["role_id"] for s in line["suggestions"]] == [s.role_id for s in expected.suggestions]
            assert [s["score"] for s in line["suggestions"]] == pytest.approx(
                [s.score for s in expected.suggestions], abs=1e-6
            )


def _wait(client: TestClient, batch_id: str, timeout: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(f"/v1/batches/{batch_id}").json()
        if status["status"] in ("done", "failed"):
            return dict(status)
        time.sleep(0.1)
    raise AssertionError(f"batch {batch_id} did not finish in {timeout} s")


def test_engine_ray_without_ray_installed_names_the_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on an install without the extra: importing ray fails.
    monkeypatch.setitem(sys.modules, "ray", None)
    monkeypatch.setitem(sys.modules, "ray.data", None)
    input_path = write_jsonl(tmp_path / "cohort.jsonl", cohort(2))
    assert main(["batch", str(input_path), str(tmp_path / "out.jsonl"), "--engine", "ray"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'careerpivot[ray]'" in err
    assert not (tmp_path / "out.jsonl.parts").exists()  # nothing started
