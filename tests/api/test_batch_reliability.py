"""Batches under faults and abuse: rows that crash the matcher, all-failed batches, keyless batches,
formula injection, OPTIONS, and the upload parsed off the event loop."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import api.routes.batches as batch_routes
from api.main import create_app
from api.settings import Settings
from api.store import migrate
from recommender.errors import ProfileError
from recommender.match.engine import Recommender
from recommender.profile.request import ProfileRequest
from recommender.results import Recommendation

from .conftest import wait_for_batch
from .test_keys_and_limits import make_key


class CrashingRecommender(Recommender):
    """The real engine, except that any part holding a text with "CRASH" raises, as a bug would."""

    def recommend_many(
        self, requests: Sequence[ProfileRequest], top_k: int = 5
    ) -> list[Recommendation | ProfileError]:
        if any("CRASH" in (r.text or "") for r in requests):
            raise RuntimeError("simulated bug in the matcher")
        return super().recommend_many(requests, top_k)


@pytest.fixture
def crashing_client(tmp_path: Path, recommender: Recommender) -> Any:
    engine = object.__new__(CrashingRecommender)
    engine.__dict__.update(recommender.__dict__)  # the loaded engine's parts, shared: no second index build
    settings = Settings(
        data_dir=tmp_path / "var", batch_processes=0, worker_poll_seconds=0.05, batch_chunk_size=8
    )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.sqlalchemy_url)
    with TestClient(create_app(settings, recommender=engine)) as client:
        yield client


def results(client: TestClient, batch_id: str, **headers: str) -> list[dict[str, Any]]:
    response = client.get(f"/v1/batches/{batch_id}/results", headers=headers)
    return [json.loads(line) for line in response.text.splitlines()]


def test_a_row_that_crashes_the_matcher_twice_is_stored_failed_and_the_batch_moves_on(
    crashing_client: TestClient,
) -> None:
    rows = [{"id": f"r{i}", "text": f"Data analyst for {i + 1} years: SQL, Tableau, Excel"} for i in range(6)]
    rows[2]["text"] = "CRASH Guru matematika SMP, menyusun RPP"
    body = "\n".join(json.dumps(r) for r in rows)
    created = crashing_client.post(
        "/v1/batches", content=body, headers={"content-type": "application/x-ndjson"}
    )
    status = wait_for_batch(crashing_client, created.json()["id"])
    assert (status["status"], status["processed"], status["failed"]) == ("done", 6, 1)
    lines = results(crashing_client, created.json()["id"])
    assert [x["status"] for x in lines] == ["done", "done", "failed", "done", "done", "done"]
    assert (
        lines[2]["error"]["code"] == "internal_error" and "rest of the batch" in lines[2]["error"]["message"]
    )


def test_a_batch_whose_rows_all_fail_ends_failed(client: TestClient) -> None:
    body = "\n".join([json.dumps({"id": "a", "top_k": 0, "skills": ["SQL"]}), "{broken", json.dumps(["x"])])
    created = client.post("/v1/batches", content=body, headers={"content-type": "application/x-ndjson"})
    status = wait_for_batch(client, created.json()["id"])
    assert (status["status"], status["processed"], status["failed"]) == ("failed", 3, 3)


def test_a_batch_made_without_a_key_is_not_readable_with_one(make_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_client = make_client()
    batch_id = open_client.post(
        "/v1/batches", content=b"id,text\na,Perawat IGD: triase\n", headers={"content-type": "text/csv"}
    ).json()["id"]
    _, _, secret = make_key(tmp_path / "var")
    keyed = make_client(api_keys_required=True)
    for method, path in [("GET", ""), ("GET", "/results"), ("DELETE", "")]:
        response = keyed.request(method, f"/v1/batches/{batch_id}{path}", headers={"X-API-Key": secret})
        assert response.status_code == 404, (method, path)
    assert open_client.get(f"/v1/batches/{batch_id}").status_code == 200  # still there


def test_csv_results_neutralise_spreadsheet_formulas(client: TestClient) -> None:
    body = 'id,text\n"=HYPERLINK(""http://evil"",""x"")",Data analyst: SQL and Excel\n@SUM(A1),{bad}\n"-2+3",Nurse\n'
    body = body.replace("{bad}", "")  # this row has no text: it fails, its line still carries the id
    created = client.post("/v1/batches", content=body, headers={"content-type": "text/csv"})
    batch_id = created.json()["id"]
    wait_for_batch(client, batch_id)
    text = client.get(f"/v1/batches/{batch_id}/results?format=csv").text
    cells = [cell for line in csv.reader(io.StringIO(text)) for cell in line]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert '\'=HYPERLINK("http://evil","x")' in cells and "'@SUM(A1)" in cells and "'-2+3" in cells


def test_options_on_a_batch_lists_delete(client: TestClient) -> None:
    response = client.options("/v1/batches/0123456789abcdef")
    assert response.status_code == 204
    assert {m.strip() for m in response.headers["allow"].split(",")} >= {"GET", "DELETE"}


def test_openapi_declares_batch_bodies_and_error_answers(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/v1/batches"]["post"]
    assert set(operation["requestBody"]["content"]) == {"text/csv", "application/x-ndjson", "application/zip"}
    assert {"400", "413", "415", "422"} <= set(operation["responses"])
    item = client.get("/openapi.json").json()["paths"]["/v1/batches/{batch_id}"]
    assert "404" in item["get"]["responses"] and "404" in item["delete"]["responses"]


def test_the_upload_is_parsed_and_redacted_off_the_event_loop(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, bool]] = []
    real_parse = batch_routes.parse_batch

    def watched(*args: Any) -> Any:
        try:
            asyncio.get_running_loop()
            on_loop = True
        except RuntimeError:
            on_loop = False
        seen.append((threading.current_thread().name, on_loop))
        return real_parse(*args)

    monkeypatch.setattr(batch_routes, "parse_batch", watched)
    created = client.post(
        "/v1/batches", content=b"id,skills\na,SQL;Excel\n", headers={"content-type": "text/csv"}
    )
    assert created.status_code == 202
    assert seen and seen[0][1] is False, f"parse_batch ran on the event loop ({seen})"


def test_a_body_over_the_limit_without_content_length_is_413(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(max_batch_bytes=1000)

    def body() -> Any:
        yield b"id,text\n"
        for _ in range(100):
            yield b"a," + b"x" * 100 + b"\n"

    response = client.post("/v1/batches", content=body(), headers={"content-type": "text/csv"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "payload_too_large"
