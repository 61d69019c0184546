"""What several server processes share: the rate limit, the batch lock, the rows in flight."""

from __future__ import annotations

from pathlib import Path

from api.security import RateLimiter
from api.store import Store, migrate
from api.worker import BatchLock


def test_rate_limit_holds_across_processes(tmp_path: Path) -> None:
    # Two limiters on one file stand for two worker processes: a client spends one budget.
    path = tmp_path / "rate-limits.bin"
    first, second = RateLimiter(3, path), RateLimiter(3, path)
    now = 1_000_000.0
    assert [first.check("key-a", now), second.check("key-a", now), first.check("key-a", now)] == [0, 0, 0]
    wait = second.check("key-a", now)
    assert wait > 0 and round(wait) == 20  # 3 per minute: the next token in 20 s
    assert first.check("key-b", now) == 0  # another client has its own budget
    assert second.check("key-a", now + 20.0) == 0  # refilled
    first.close()
    second.close()


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
