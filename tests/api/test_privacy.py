"""Résumé text from single requests never reaches the disk or the logs."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

MARKER = "Zyxwvutsrq-Quokka-7781"


def test_single_request_text_is_never_written_to_disk_or_logs(
    client: TestClient, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    text = f"{MARKER} worked as a registered nurse; {MARKER} handled patient education"
    response = client.post("/v1/recommendations", json={"text": text, "skills": [MARKER]})
    assert response.status_code == 200
    assert MARKER in response.text  # the evidence goes back to the caller...
    client.post("/v1/recommendations", json={"text": MARKER * 3000})  # ...and an error path too

    assert MARKER not in caplog.text  # ...but never into the logs
    files = [p for p in (tmp_path / "var").rglob("*") if p.is_file()]
    assert any(p.name.startswith("careerpivot.sqlite3") for p in files)
    for path in files:
        assert MARKER.encode() not in path.read_bytes(), path


def test_access_log_lines_carry_request_ids_not_content(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="careerpivot.api")
    response = client.post(
        "/v1/recommendations",
        json={"text": "Data analyst, SQL, dashboards"},
        headers={"X-Request-ID": "req-42"},
    )
    assert response.headers["X-Request-ID"] == "req-42"
    lines = [r.getMessage() for r in caplog.records if r.name == "careerpivot.api"]
    assert any(line.startswith("req-42 POST /v1/recommendations 200") for line in lines)
    assert not any("SQL" in line for line in lines)


def test_expired_batches_are_purged_with_their_inputs(make_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from api.store import Batch, utcnow

    client = make_client()
    state = client.app.state.careerpivot
    batch_id = client.post(
        "/v1/batches", content=f"id,text\na,{MARKER} nurse\n".encode(), headers={"content-type": "text/csv"}
    ).json()["id"]
    with state.store.session() as s:
        s.get(Batch, batch_id).expires_at = utcnow() - timedelta(seconds=1)
    assert state.store.purge_expired() == 1
    assert client.get(f"/v1/batches/{batch_id}").status_code == 404
    with state.store.session() as s:
        assert s.get(Batch, batch_id) is None
