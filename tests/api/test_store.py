"""Persistence on SQLite (always) and PostgreSQL (when CI starts one)."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from api.store import Store, migrate

POSTGRES_URL = os.environ.get("CAREERPIVOT_TEST_DATABASE_URL", "")


def _postgres_schema_url() -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip(
            "no PostgreSQL: set CAREERPIVOT_TEST_DATABASE_URL (.ci/run starts one with Debian's postgresql)"
        )
    try:
        engine = create_engine(POSTGRES_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # the server is configured but cannot be reached
        pytest.skip(f"PostgreSQL at {POSTGRES_URL} is not reachable: {exc}")
    database = f"cp_{uuid.uuid4().hex[:12]}"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"create database {database}"))
    yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + database
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"drop database if exists {database} with (force)"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path / 'db.sqlite3'}"])
    else:
        urls = _postgres_schema_url()
    url = next(urls)
    migrate(url)
    store = Store(url)
    yield store
    store.close()
    next(urls, None)


def rows(n: int) -> list[tuple[str, str]]:
    return [(f"r{i}", json.dumps({"text": f"profile {i}"})) for i in range(n)]


def test_migrations_are_idempotent(store: Store) -> None:
    migrate(store.url)
    assert store.count_active_keys() == 0


def test_chunks_come_in_input_order_and_complete_once(store: Store) -> None:
    batch = store.create_batch(rows(5), top_k=3, retention_days=7, api_key_id=None)
    first = store.next_chunk(2)
    assert first is not None and [r.seq for r in first[1]] == [0, 1]
    assert store.get_batch(batch.id).status == "running"  # type: ignore[union-attr]
    store.complete_rows(batch.id, [(0, "{}", None), (1, None, '{"code": "x"}')])
    store.complete_rows(batch.id, [(0, "{}", None)])  # a replay after a crash changes nothing
    status = store.get_batch(batch.id)
    assert status is not None and (status.processed, status.failed) == (2, 1)
    second = store.next_chunk(10)
    assert second is not None and [r.seq for r in second[1]] == [2, 3, 4]
    store.complete_rows(batch.id, [(s, "{}", None) for s in (2, 3, 4)])
    assert store.get_batch(batch.id).status == "done"  # type: ignore[union-attr]
    assert store.next_chunk(10) is None
    assert [r.row_id for r in store.iter_results(batch.id, page=2)] == ["r0", "r1", "r2", "r3", "r4"]


def test_uncommitted_chunk_is_handed_out_again(store: Store) -> None:
    batch = store.create_batch(rows(3), top_k=3, retention_days=7, api_key_id=None)
    taken = store.next_chunk(2)
    assert taken is not None
    # the worker dies here, before complete_rows: the same rows come back
    again = store.next_chunk(2)
    assert again is not None and [r.seq for r in again[1]] == [0, 1] and again[0].id == batch.id


def test_delete_and_keys(store: Store) -> None:
    batch = store.create_batch(rows(2), top_k=3, retention_days=7, api_key_id=None)
    assert store.delete_batch(batch.id) and store.get_batch(batch.id) is None
    key, secret = store.create_key("board")
    assert store.find_key(secret) is not None and store.count_active_keys() == 1
    assert store.revoke_key(key.id) and store.find_key(secret) is None
    assert not store.revoke_key(key.id)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped after the test (and after its app has stopped)."""
    yield from _postgres_schema_url()


def test_the_batch_api_runs_on_postgresql(postgres_url: str, make_client) -> None:  # type: ignore[no-untyped-def]
    from tests.api.conftest import wait_for_batch

    client = make_client(database_url=postgres_url)
    created = client.post(
        "/v1/batches", content=b"id,text\na,Registered nurse\nb,\n", headers={"content-type": "text/csv"}
    )
    status = wait_for_batch(client, created.json()["id"])
    assert (status["processed"], status["failed"]) == (2, 1)
