"""The batch worker: a background thread that matches pending rows, a part at a time.

Each part's results are committed in one transaction that only touches rows
still pending, so a crash (even kill -9) between parts or inside one loses
nothing and repeats nothing: on restart the worker picks up exactly the rows
that have no committed result.

With batch processes, rows are matched both in them and in the server process
itself (on a thread of its own), so N batch processes keep N + 1 cores busy
while only N extra copies of the model sit in memory. Parts are kept in flight
everywhere (two per process) and committed as each finishes, so nobody waits
while another finishes its share or while the server commits. When the server
runs several processes, only the one holding the data directory's batch lock
runs batches; another takes over if it dies.

A part that fails for an unexpected reason (a bug, not a profile error) is
matched again row by row; a row that fails a second time is stored with an
`internal_error` and the batch goes on. A batch process watches the server
process that started it and exits when it is gone, even after kill -9.
"""

from __future__ import annotations

import fcntl
import json
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from api.store import BatchRow, Store
from recommender.errors import ProfileError
from recommender.match.engine import Recommender
from recommender.profile.request import ProfileRequest

log = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 300.0
PARTS_PER_PROCESS = 2


class BatchLock:
    """An exclusive, non-blocking lock on a file: at most one process per data directory runs batches.

    The kernel releases it when its holder exits, however it exits.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None


class BatchWorker:
    def __init__(
        self,
        store: Store,
        recommender: Recommender,
        chunk_size: int,
        poll_seconds: float,
        pool_factory: Callable[[], ProcessPoolExecutor] | None = None,
        processes: int = 1,
        lock: BatchLock | None = None,
    ) -> None:
        self.store = store
        self.recommender = recommender
        self.chunk_size = chunk_size
        self.poll_seconds = poll_seconds
        self.pool_factory = pool_factory
        self.pool: ProcessPoolExecutor | None = None
        self.processes = max(1, processes)
        # Matching in this process, beside the pool: one more core's worth without another model in memory.
        self.local = ThreadPoolExecutor(1, thread_name_prefix="careerpivot-batch-match")
        self.lock = lock
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="careerpivot-batch-worker", daemon=True)
        self._last_purge = 0.0

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Look for work now rather than at the next poll (a batch was just submitted)."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)
        self.local.shutdown(wait=False, cancel_futures=True)
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        if self.lock is not None:
            self.lock.release()

    def _run(self) -> None:
        while not self._stop.is_set():
            worked = False
            try:
                if self.lock is None or self.lock.acquire():
                    self._purge_if_due()
                    worked = self.run_once()
            except BrokenProcessPool:
                log.error("a batch worker process died; starting new ones and retrying the rows in flight")
                if self.pool is not None:
                    self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = None
            except Exception:  # keep serving: log the failure (no row content) and retry later
                log.exception("batch worker iteration failed; retrying")
            if not worked:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()

    def _purge_if_due(self) -> None:
        now = time.monotonic()
        if now - self._last_purge >= PURGE_EVERY_SECONDS:
            purged = self.store.purge_expired()
            if purged:
                log.info("retention: deleted %d expired batches", purged)
            self._last_purge = now

    def run_once(self) -> bool:
        """Match pending rows until none are left; False when there was nothing to do."""
        if self.pool_factory is None:
            chunk = self.store.next_chunk(self.chunk_size)
            if chunk is None:
                return False
            batch, rows = chunk
            payloads = _payloads(rows)
            try:
                outcomes = match_payloads(self.recommender, payloads, batch.top_k)
            except Exception as exc:
                outcomes = self._match_one_by_one(batch.id, payloads, batch.top_k, exc)
            self.store.complete_rows(batch.id, outcomes)
            log.info("batch %s: %d rows done", batch.id, len(rows))
            return True
        return self._run_in_processes()

    def _run_in_processes(self) -> bool:
        if self.pool is None:
            self.pool = self.pool_factory() if self.pool_factory else None
        assert self.pool is not None
        # future -> (batch id, the part's rows, top_k, in the pool)
        in_flight: dict[Future[list[Outcome]], tuple[str, list[tuple[int, str]], int, bool]] = {}
        handed_out: dict[str, int] = {}  # batch id -> last row sequence handed out
        worked = False
        while not self._stop.is_set():
            for in_pool, capacity in ((True, self.processes), (False, 1)):
                while sum(1 for *_, p in in_flight.values() if p == in_pool) < PARTS_PER_PROCESS * capacity:
                    chunk = self.store.next_chunk(self.chunk_size, after=handed_out)
                    if chunk is None:
                        break
                    batch, rows = chunk
                    handed_out[batch.id] = rows[-1].seq
                    payloads = _payloads(rows)
                    if in_pool:
                        future = self.pool.submit(_match_in_subprocess, payloads, batch.top_k)
                    else:
                        future = self.local.submit(match_payloads, self.recommender, payloads, batch.top_k)
                    in_flight[future] = (batch.id, payloads, batch.top_k, in_pool)
            if not in_flight:
                return worked
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                batch_id, payloads, top_k, _ = in_flight.pop(future)
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    raise  # a process died: _run starts new ones and the uncommitted rows go again
                except Exception as exc:
                    outcomes = self._match_one_by_one(batch_id, payloads, top_k, exc)
                self.store.complete_rows(batch_id, outcomes)
                log.info("batch %s: %d rows done", batch_id, len(payloads))
                worked = True
        return worked

    def _match_one_by_one(
        self, batch_id: str, payloads: list[tuple[int, str]], top_k: int, first: Exception
    ) -> list[Outcome]:
        """A part failed unexpectedly: each row again on its own; a row failing again keeps its error."""
        log.error(
            "batch %s: a part of %d rows failed (%s); matching them one by one",
            batch_id,
            len(payloads),
            first.__class__.__name__,
        )
        outcomes: list[Outcome] = []
        for seq, raw in payloads:
            try:
                outcomes.extend(match_payloads(self.recommender, [(seq, raw)], top_k))
            except Exception as exc:  # the second failure of this row: store it, go on with the batch
                log.error(
                    "batch %s: row %d failed twice (%s); stored as failed",
                    batch_id,
                    seq,
                    exc.__class__.__name__,
                )
                message = (
                    f"this row could not be matched because of an internal error ({exc.__class__.__name__}); "
                    "the rest of the batch went on. Try the row again on its own, and report it if it persists"
                )
                outcomes.append((seq, None, _error("internal_error", message)))
        return outcomes


def _payloads(rows: list[BatchRow]) -> list[tuple[int, str]]:
    return [(row.seq, row.input_json or "{}") for row in rows]


Outcome = tuple[int, str | None, str | None]  # (row seq, result JSON, error JSON)


def match_payloads(
    recommender: Recommender, payloads: list[tuple[int, str]], default_top_k: int
) -> list[Outcome]:
    """Match stored batch rows; a row that cannot be matched gets its error, the others their result."""
    outcomes: list[Outcome] = []
    requests: list[ProfileRequest] = []
    seqs: list[int] = []  # row sequence of each entry of `requests`
    for seq, raw in payloads:
        payload = json.loads(raw)
        if "error" in payload:
            outcomes.append((seq, None, _error("invalid_row", payload["error"])))
            continue
        requests.append(ProfileRequest(payload.get("text"), payload.get("skills"), payload.get("top_k")))
        seqs.append(seq)
    if requests:
        for seq, result in zip(seqs, recommender.recommend_many(requests, default_top_k), strict=True):
            if isinstance(result, ProfileError):
                outcomes.append((seq, None, _error(result.code, str(result))))
            else:
                outcomes.append((seq, result.model_dump_json(), None))
    return sorted(outcomes, key=lambda o: o[0])


# --- matching in worker processes ---------------------------------------------------------------
# The encoder's tokenizer is pure Python, so one process cannot keep both cores
# busy; batch rows are matched in a small pool of spawned processes instead
# (spawned, not forked: nothing of the parent's threads or BLAS state is shared).
_subprocess_recommender: Recommender | None = None


PARENT_CHECK_SECONDS = 0.5


def _exit_with_parent(parent_pid: int) -> None:
    """End this batch process once the server that started it is gone (kill -9 included).

    A dead parent's children are re-parented (to init or a subreaper), so a changed
    parent id means the server is gone; nobody would collect this process's results.
    """

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="careerpivot-parent-watch", daemon=True).start()


def _init_subprocess(
    model: str, catalog_dir: str | None, cache_dir: str | None, ranker: str, parent_pid: int
) -> None:
    global _subprocess_recommender
    from threadpoolctl import threadpool_limits

    _exit_with_parent(parent_pid)
    # One BLAS thread: each process is one core's worth of work, and idle BLAS threads spin.
    threadpool_limits(1, user_api="blas")
    logging.getLogger().setLevel(logging.WARNING)
    _subprocess_recommender = Recommender.load(
        model=model,
        catalog_dir=Path(catalog_dir) if catalog_dir else None,
        cache_dir=Path(cache_dir) if cache_dir else None,
        ranker="hand-tuned" if ranker == "hand-tuned" else "learned",
        threads=1,
    )


def _match_in_subprocess(payloads: list[tuple[int, str]], default_top_k: int) -> list[Outcome]:
    if _subprocess_recommender is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker process was not initialised")
    return match_payloads(_subprocess_recommender, payloads, default_top_k)


def make_pool(
    processes: int, model: str, catalog_dir: str | None, cache_dir: str | None, ranker: str
) -> ProcessPoolExecutor:
    """A pool whose processes start with the first batch, so they do not slow the server's own start.

    `ranker` is the server's own choice as it resolved it ("hand-tuned" or "learned-<version>"),
    so batch rows are ranked exactly like single requests.
    """
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        processes,
        mp_context=context,
        initializer=_init_subprocess,
        initargs=(model, catalog_dir, cache_dir, ranker, os.getpid()),
    )


def _error(code: str, message: str) -> str:
    return json.dumps({"code": code, "message": message})
