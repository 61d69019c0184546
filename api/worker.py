"""The batch worker: one background thread that matches pending rows in chunks.

Each chunk's results are committed in one transaction that only touches rows
still pending, so a crash (even kill -9) between chunks or inside one loses
nothing and repeats nothing: on restart the worker picks up exactly the rows
that have no committed result.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from api.store import Store
from recommender.engine import ProfileRequest, Recommender
from recommender.errors import ProfileError

log = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 300.0


class BatchWorker:
    def __init__(
        self,
        store: Store,
        recommender: Recommender,
        chunk_size: int,
        poll_seconds: float,
        pool: ProcessPoolExecutor | None = None,
        processes: int = 1,
    ) -> None:
        self.store = store
        self.recommender = recommender
        self.chunk_size = chunk_size
        self.poll_seconds = poll_seconds
        self.pool = pool
        self.processes = max(1, processes)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="careerpivot-batch-worker", daemon=True)
        self._last_purge = 0.0

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._purge_if_due()
                worked = self.run_once()
            except Exception:  # keep serving: log the failure (no row content) and retry later
                log.exception("batch worker iteration failed; retrying")
                worked = False
            if not worked:
                self._stop.wait(self.poll_seconds)

    def _purge_if_due(self) -> None:
        now = time.monotonic()
        if now - self._last_purge >= PURGE_EVERY_SECONDS:
            purged = self.store.purge_expired()
            if purged:
                log.info("retention: deleted %d expired batches", purged)
            self._last_purge = now

    def run_once(self) -> bool:
        """Process one chunk; False when there was nothing to do."""
        chunk = self.store.next_chunk(self.chunk_size)
        if chunk is None:
            return False
        batch, rows = chunk
        payloads = [(row.seq, row.input_json or "{}") for row in rows]
        if self.pool is None or len(payloads) < 2 * self.processes:
            outcomes = match_payloads(self.recommender, payloads, batch.top_k)
        else:
            # Twice as many parts as processes, so a process that finishes early takes another.
            n_parts = 2 * self.processes
            parts = [payloads[i::n_parts] for i in range(n_parts)]
            futures = [self.pool.submit(_match_in_subprocess, part, batch.top_k) for part in parts]
            outcomes = sorted((o for f in futures for o in f.result()), key=lambda o: o[0])
        self.store.complete_rows(batch.id, outcomes)
        log.info("batch %s: %d rows done", batch.id, len(rows))
        return True


Outcome = tuple[int, str | None, str | None]  # (row seq, result JSON, error JSON)


def match_payloads(
    recommender: Recommender, payloads: list[tuple[int, str]], default_top_k: int
) -> list[Outcome]:
    """Match stored batch rows; a row that cannot be matched gets its error, the others their result."""
    outcomes: list[Outcome] = []
    requests: list[ProfileRequest] = []
    pending: list[tuple[int, int]] = []  # (seq, top_k) of the rows in `requests`
    for seq, raw in payloads:
        payload = json.loads(raw)
        if "error" in payload:
            outcomes.append((seq, None, _error("invalid_row", payload["error"])))
            continue
        requests.append(ProfileRequest(payload.get("text"), payload.get("skills")))
        pending.append((seq, int(payload.get("top_k") or default_top_k)))
    if requests:
        results = recommender.recommend_many(requests, top_k=max(k for _, k in pending))
        for (seq, k), result in zip(pending, results, strict=True):
            if isinstance(result, ProfileError):
                outcomes.append((seq, None, _error(result.code, str(result))))
            else:
                result.suggestions = result.suggestions[:k]
                outcomes.append((seq, result.model_dump_json(), None))
    return sorted(outcomes, key=lambda o: o[0])


# --- matching in worker processes ---------------------------------------------------------------
# The encoder's tokenizer is pure Python, so one process cannot keep both cores
# busy; batch rows are matched in a small pool of spawned processes instead
# (spawned, not forked: nothing of the parent's threads or BLAS state is shared).
_subprocess_recommender: Recommender | None = None


def _init_subprocess(model: str, catalog_dir: str | None, cache_dir: str | None, ranker: str) -> None:
    global _subprocess_recommender
    os.environ["CAREERPIVOT_THREADS"] = "1"
    from pathlib import Path

    logging.getLogger().setLevel(logging.WARNING)
    _subprocess_recommender = Recommender.load(
        model=model,
        catalog_dir=Path(catalog_dir) if catalog_dir else None,
        cache_dir=Path(cache_dir) if cache_dir else None,
        ranker="hand-tuned" if ranker == "hand-tuned" else "learned",
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
        initargs=(model, catalog_dir, cache_dir, ranker),
    )


def _error(code: str, message: str) -> str:
    return json.dumps({"code": code, "message": message})
