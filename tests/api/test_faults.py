"""Faults on real server processes: kill -9 of the server during a batch leaves no batch process
behind and loses or repeats no row; a restart during a results download lets the client download again."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from .live import LiveServer, alive, children, start_server

TEXT = "Customer support lead for {n} years: Zendesk tickets, escalations, CSAT reports in Excel, refunds"


def submit(server: LiveServer, rows: int) -> str:
    body = "".join(
        json.dumps({"id": f"p{i:03d}", "text": TEXT.format(n=i % 20 + 1)}) + "\n" for i in range(rows)
    )
    response = httpx.post(
        f"{server.base}/v1/batches",
        content=body,
        headers={"content-type": "application/x-ndjson"},
        timeout=60,
    )
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


def wait_done(server: LiveServer, batch_id: str, timeout: float = 300) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = httpx.get(f"{server.base}/v1/batches/{batch_id}", timeout=10)
        if response.status_code == 429:  # polled past the rate limit on a slow machine: wait as told
            time.sleep(float(response.headers.get("Retry-After", "1")))
            continue
        assert response.status_code == 200, response.text
        status = response.json()
        if status["status"] in ("done", "failed"):
            return dict(status)
        time.sleep(1.0)
    raise AssertionError(f"batch {batch_id} not finished in {timeout} s")


def every_row_once(server: LiveServer, batch_id: str, rows: int) -> None:
    lines = [
        json.loads(x)
        for x in httpx.get(f"{server.base}/v1/batches/{batch_id}/results", timeout=120).text.splitlines()
    ]
    assert [x["id"] for x in lines] == [f"p{i:03d}" for i in range(rows)]
    assert all(x["status"] == "done" and x["suggestions"] for x in lines)


@pytest.mark.slow
def test_kill_9_of_the_server_leaves_no_batch_process_and_no_row_lost_or_repeated(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    rows = 160
    server = start_server(data_dir, batch_processes="1", batch_chunk_size="8")
    try:
        batch_id = submit(server, rows)
        deadline = time.monotonic() + 120
        while not (spawned := children(server.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert spawned, "the server started no batch process"
        while time.monotonic() < deadline:
            if httpx.get(f"{server.base}/v1/batches/{batch_id}", timeout=10).json()["processed"] >= 16:
                break
            time.sleep(0.05)
        server.kill()  # the server alone: its batch process must notice by itself
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in spawned) and time.monotonic() < deadline:
            time.sleep(0.1)
        orphans = [pid for pid in spawned if alive(pid)]
        assert not orphans, f"batch processes {orphans} outlived their server"
    finally:
        server.stop()

    server = start_server(data_dir, port=server.port, batch_processes="1", batch_chunk_size="8")
    try:
        status = wait_done(server, batch_id)
        assert (status["processed"], status["failed"]) == (rows, 0)
        every_row_once(server, batch_id, rows)
    finally:
        server.stop()


@pytest.mark.slow
def test_a_restart_during_a_results_download_lets_the_client_download_again(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    rows = 600
    server = start_server(data_dir)
    try:
        batch_id = submit(server, rows)
        wait_done(server, batch_id)
        received = 0
        with (
            httpx.Client(timeout=30) as client,
            client.stream("GET", f"{server.base}/v1/batches/{batch_id}/results") as response,
        ):
            try:
                for chunk in response.iter_bytes(4096):
                    received += len(chunk)
                    if received >= 8192:
                        server.kill()
            except httpx.HTTPError:
                pass  # the connection died with the server, as it should
        assert received >= 8192
    finally:
        server.stop()

    server = start_server(data_dir, port=server.port)
    try:
        every_row_once(server, batch_id, rows)
    finally:
        server.stop()
