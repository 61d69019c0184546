from __future__ import annotations

import csv
import io
import json
import os
import signal
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from .conftest import wait_for_batch

CSV_BATCH = (
    "id,text,skills\n"
    'n1,"Registered nurse, 8 years in an ICU, patient education",\n'
    "n2,,\n"
    'n3,,"copywriting;SEO;brand voice"\n'
    'n4,"Guru bahasa Inggris SMA, menilai esai siswa",\n'
)


def submit(client: TestClient, body: str, content_type: str = "text/csv", **params: object):  # type: ignore[no-untyped-def]
    return client.post(
        "/v1/batches", content=body.encode(), headers={"content-type": content_type}, params=params
    )


@pytest.mark.parametrize("processes", [0, 1], ids=["in-process", "batch-process-and-server"])
def test_csv_batch_runs_and_streams_results_in_input_order(make_client, processes: int) -> None:  # type: ignore[no-untyped-def]
    client = make_client(batch_processes=processes)
    created = submit(client, CSV_BATCH)
    assert created.status_code == 202
    body = created.json()
    assert body["status"] == "queued" and body["total"] == 4
    status = wait_for_batch(client, body["id"])
    assert status == status | {"status": "done", "total": 4, "processed": 4, "failed": 1}

    lines = [json.loads(line) for line in client.get(f"/v1/batches/{body['id']}/results").text.splitlines()]
    assert [line["id"] for line in lines] == ["n1", "n2", "n3", "n4"]
    assert lines[0]["suggestions"][0]["role_id"] in {"ai-medical-trainer", "healthcare-ai-specialist"}
    assert lines[1]["status"] == "failed" and "neither text nor skills" in lines[1]["error"]["message"]
    assert lines[3]["profile"]["languages"][0] == "id"


def test_results_as_csv_have_one_line_per_suggestion(client: TestClient) -> None:
    batch_id = submit(client, CSV_BATCH, top_k=2).json()["id"]
    wait_for_batch(client, batch_id)
    response = client.get(f"/v1/batches/{batch_id}/results", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == ["n1", "n1", "n2", "n3", "n3", "n4", "n4"]
    assert rows[2]["status"] == "failed" and rows[2]["error"]
    assert rows[0]["rank"] == "1" and rows[1]["rank"] == "2"


def test_jsonl_batch_with_bad_lines_keeps_going(client: TestClient) -> None:
    body = "\n".join(
        [
            json.dumps({"id": "a", "skills": ["Python", "Django", "Docker"]}),
            "{this is not json",
            json.dumps({"id": "c", "text": "Data analyst: SQL, Tableau dashboards", "top_k": 2}),
            json.dumps({"id": "d", "text": "hello", "salary": 10}),
            json.dumps(["not", "an", "object"]),
        ]
    )
    created = submit(client, body, "application/x-ndjson")
    assert created.json()["total"] == 5
    status = wait_for_batch(client, created.json()["id"])
    assert status["processed"] == 5 and status["failed"] == 3
    lines = [
        json.loads(x) for x in client.get(f"/v1/batches/{created.json()['id']}/results").text.splitlines()
    ]
    assert [x["id"] for x in lines] == ["a", "line-2", "c", "d", "line-5"]
    assert "not valid JSON" in lines[1]["error"]["message"]
    assert len(lines[2]["suggestions"]) == 2
    assert "salary" in lines[3]["error"]["message"]


def test_a_counsellor_reads_row_errors_in_indonesian(client: TestClient) -> None:
    """The results stay each person's own; the errors are the counsellor's, in ?lang= or Accept-Language."""
    body = "\n".join(
        [
            json.dumps({"id": "a", "text": "Guru SD, menyusun RPP dan menilai tugas siswa"}),
            "{ini bukan json",
            json.dumps({"id": "c"}),
            json.dumps({"id": "d", "text": "halo", "gaji": 10}),
        ]
    )
    batch_id = submit(client, body, "application/x-ndjson").json()["id"]
    wait_for_batch(client, batch_id)
    url = f"/v1/batches/{batch_id}/results"
    lines = [json.loads(x) for x in client.get(url, params={"lang": "id"}).text.splitlines()]
    assert lines[0]["status"] == "done" and lines[0]["language"] == "id"
    assert lines[1]["error"]["message"].startswith("Baris 2 bukan JSON yang valid")
    assert lines[2]["error"]["message"] == "Baris 3 tidak berisi 'text' maupun 'skills'."
    # A field-level message no template has: a general Indonesian sentence, the English kept apart.
    assert lines[3]["error"]["message"] == "Baris ini tidak bisa dibaca sebagai profil."
    assert "gaji" in lines[3]["error"]["message_en"]
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(url, params={"format": "csv"}, headers={"Accept-Language": "id"}).text)
        )
    )
    assert next(r for r in rows if r["id"] == "c")["error"] == "Baris 3 tidak berisi 'text' maupun 'skills'."
    summary = client.get(f"/v1/batches/{batch_id}/summary?lang=id").json()
    assert any(e["message"].startswith("Baris 2 bukan JSON") for e in summary["errors"])
    english = [json.loads(x) for x in client.get(url).text.splitlines()]
    assert english[2]["error"]["message"] == "line 3 has neither text nor skills"


def test_unknown_batch_is_404(client: TestClient) -> None:
    response = client.get("/v1/batches/0123456789abcdef")
    assert response.status_code == 404 and response.json()["error"]["code"] == "batch_not_found"
    assert client.get("/v1/batches/0123456789abcdef/results").status_code == 404


def test_delete_removes_inputs_and_results(client: TestClient) -> None:
    batch_id = submit(client, CSV_BATCH).json()["id"]
    wait_for_batch(client, batch_id)
    assert client.delete(f"/v1/batches/{batch_id}").status_code == 204
    assert client.get(f"/v1/batches/{batch_id}").status_code == 404
    assert client.delete(f"/v1/batches/{batch_id}").status_code == 404


def test_unsupported_content_type_is_415(client: TestClient) -> None:
    response = submit(client, "<xml/>", "application/xml")
    assert response.status_code == 415
    assert "text/csv" in response.json()["error"]["message"]


def test_csv_without_an_id_column_is_refused(client: TestClient) -> None:
    response = submit(client, "name,text\nx,hello\n")
    assert response.status_code == 400
    assert "'id' column" in response.json()["error"]["message"]


def test_duplicate_row_ids_are_refused(client: TestClient) -> None:
    response = submit(client, "id,text\na,nurse\na,teacher\n")
    assert response.status_code == 400 and "appears twice" in response.json()["error"]["message"]


def test_row_and_byte_limits(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(max_batch_rows=2, max_batch_bytes=200)
    too_many = submit(client, "id,text\na,nurse\nb,teacher\nc,clerk\n")
    assert too_many.status_code == 413 and "limit is 2" in too_many.json()["error"]["message"]
    too_big = submit(client, "id,text\na," + "x" * 300 + "\n")
    assert too_big.status_code == 413


def test_non_utf8_upload_is_refused_clearly(client: TestClient) -> None:
    response = client.post(
        "/v1/batches", content="id,text\na,caf\xe9\n".encode("latin-1"), headers={"content-type": "text/csv"}
    )
    assert response.status_code == 400 and "UTF-8" in response.json()["error"]["message"]


def _spawned_children() -> list[int]:
    """Processes this test process spawned with multiprocessing (the batch processes)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent == os.getpid() and b"spawn_main" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            pass
    return found


def test_a_batch_process_killed_mid_batch_is_replaced_and_every_row_done_once(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(
        batch_processes=1, batch_chunk_size=4, rate_limit_per_minute=100_000
    )  # it polls fast
    rows = 60
    body = "\n".join(
        json.dumps({"id": f"r{i:02d}", "text": f"Data analyst for {i % 9 + 1} years: SQL, Tableau, Excel"})
        for i in range(rows)
    )
    batch_id = submit(client, body, "application/x-ndjson").json()["id"]

    deadline = time.monotonic() + 60
    while not (victims := _spawned_children()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert victims, "no batch process started"
    while client.get(f"/v1/batches/{batch_id}").json()["processed"] < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(victims[0], signal.SIGKILL)

    status = wait_for_batch(client, batch_id, timeout=120)
    assert status["processed"] == rows and status["failed"] == 0
    lines = [json.loads(x) for x in client.get(f"/v1/batches/{batch_id}/results").text.splitlines()]
    assert [x["id"] for x in lines] == [f"r{i:02d}" for i in range(rows)]
    assert all(x["status"] == "done" and x["suggestions"] for x in lines)
