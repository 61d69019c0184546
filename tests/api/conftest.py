"""The real app, with its real routes, on a temporary data directory."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from api.store import migrate
from recommender.match.engine import Recommender

MakeClient = Callable[..., TestClient]


@pytest.fixture
def make_client(tmp_path: Path, recommender: Recommender) -> Iterator[MakeClient]:
    """Start the app with settings overrides; the loaded engine is shared to keep tests quick."""
    clients: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        # Batch worker processes only where a test asks for them: each one loads the model.
        # A high rate limit unless a test sets its own: wait_for_batch polls every 50 ms.
        options: dict[str, Any] = {
            "batch_processes": 0,
            "worker_poll_seconds": 0.05,
            "rate_limit_per_minute": 100_000,
            **overrides,
        }
        settings = Settings(data_dir=tmp_path / "var", **options)
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        migrate(settings.sqlalchemy_url)  # as `careerpivot serve` does once before its workers start
        client = TestClient(create_app(settings, recommender=recommender))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    return make_client()


def wait_for_batch(
    client: TestClient, batch_id: str, timeout: float = 60.0, **headers: str
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = client.get(f"/v1/batches/{batch_id}", headers=headers)
        if response.status_code == 429:  # polling a slow batch can outrun the rate limit: wait as told
            time.sleep(float(response.headers.get("retry-after", "1")))
            continue
        status = response.json()
        if status["status"] in ("done", "failed"):
            return status
        # Two polls a second stay under the default rate limit (120 a minute) however long a
        # batch takes; a spawned batch process loading the model and exposure tables takes seconds.
        time.sleep(0.5)
    raise AssertionError(f"batch {batch_id} did not finish in {timeout} s")
