"""What several server processes share: the rate limit, the batch lock, the rows in flight."""

from __future__ import annotations

import multiprocessing
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from limits.errors import StorageError

from api.security import RateLimits, make_storage
from api.store import Store, migrate
from api.worker import BatchLock
from tests.api.readonly import read_only
from tests.api.test_restart import free_port


def _spend(data_dir: str, attempts: int) -> list[bool]:
    """Run in another OS process: `attempts` requests of one client against the shared counters."""
    limits = RateLimits(make_storage(None, Path(data_dir)), per_minute=6, failed_keys_per_minute=2)
    try:
        return [limits.hit("key-a") == 0 for _ in range(attempts)]
    finally:
        limits.close()


def test_rate_limit_holds_across_processes(tmp_path: Path) -> None:
    # Two server processes on one host share the default storage (a SQLite file in the data directory):
    # a client that sends 5 requests to each gets 6 through in all, not 6 from each.
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        allowed = pool.starmap(_spend, [(str(tmp_path), 5), (str(tmp_path), 5)])
    assert sum(sum(a) for a in allowed) == 6
    here = RateLimits(make_storage(None, tmp_path), per_minute=6, failed_keys_per_minute=2)
    wait = here.hit("key-a")
    assert 0 < wait <= 60  # the window's remaining seconds, which Retry-After reports
    assert here.hit("key-b") == 0  # another client has its own budget
    here.close()


def test_the_rate_limit_storage_reports_a_read_only_disk(tmp_path: Path) -> None:
    limits = RateLimits(make_storage(None, tmp_path), per_minute=6, failed_keys_per_minute=2)
    assert limits.healthy()
    with read_only(tmp_path):
        assert not limits.healthy()
        with pytest.raises(StorageError):
            limits.hit("key-a")
    assert limits.healthy() and limits.hit("key-a") == 0  # writable again: it recovers by itself
    limits.close()


def test_only_one_process_holds_the_batch_lock(tmp_path: Path) -> None:
    path = tmp_path / "batch-worker.lock"
    leader, other = BatchLock(path), BatchLock(path)
    assert leader.acquire() and not other.acquire()
    leader.release()  # the leader stops (or dies): the other takes over
    assert other.acquire()
    other.release()


def test_rows_in_flight_are_not_handed_out_twice(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    migrate(url)
    store = Store(url)
    batch = store.create_batch([(f"r{i}", '{"skills": ["Excel"]}') for i in range(5)], 5, 7.0, None)
    first = store.next_chunk(2)
    assert first is not None and [r.seq for r in first[1]] == [0, 1]
    second = store.next_chunk(2, after={batch.id: 1})
    assert second is not None and [r.seq for r in second[1]] == [2, 3]
    assert [r.seq for r in store.next_chunk(2, after={batch.id: 3})[1]] == [4]  # type: ignore[index]
    # Everything handed out and nothing committed yet: nothing to hand out, and the batch is not done.
    assert store.next_chunk(2, after={batch.id: 4}) is None
    assert store.get_batch(batch.id).status == "running"  # type: ignore[union-attr]
    store.complete_rows(batch.id, [(seq, '{"suggestions": []}', None) for seq in range(5)])
    assert store.get_batch(batch.id).status == "done"  # type: ignore[union-attr]
    store.close()


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A throwaway Redis server on a random loopback port (skips without redis-server or the client)."""
    pytest.importorskip(
        "redis", reason="the Redis storage needs the `redis` extra (pip install 'careerpivot[redis]')"
    )
    server_binary = shutil.which("redis-server")
    if server_binary is None:
        pytest.skip("no redis-server on PATH (Debian: apt-get install redis-server)")
    port = free_port()
    server = subprocess.Popen(
        [server_binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


def _spend_on(url: str, attempts: int) -> list[bool]:
    limits = RateLimits(make_storage(url, Path(".")), per_minute=6, failed_keys_per_minute=2)
    return [limits.hit("key-a") == 0 for _ in range(attempts)]


def test_rate_limit_holds_across_processes_with_redis(redis_url: str) -> None:
    # Servers on several hosts share counters in Redis (CAREERPIVOT_RATE_LIMIT_STORAGE=redis://...).
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        allowed = pool.starmap(_spend_on, [(redis_url, 5), (redis_url, 5)])
    assert sum(sum(a) for a in allowed) == 6
    here = RateLimits(make_storage(redis_url, Path(".")), per_minute=6, failed_keys_per_minute=2)
    assert 0 < here.hit("key-a") <= 60 and here.healthy()


def test_the_api_answers_429_with_redis_counters(make_client, redis_url: str) -> None:  # type: ignore[no-untyped-def]
    client = make_client(rate_limit_per_minute=2, rate_limit_storage=redis_url)
    codes = [client.get("/v1/roles/ai-fact-checker").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
