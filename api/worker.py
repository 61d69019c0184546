"""The batch worker: one background thread that matches pending rows in chunks.

Each chunk's results are committed in one transaction that only touches rows
still pending, so a crash (even kill -9) between chunks or inside one loses
nothing and repeats nothing: on restart the worker picks up exactly the rows
that have no committed result.
"""

from __future__ import annotations

import json
import logging
import threading
import time

from api.store import Store
from recommender.engine import ProfileRequest, Recommender
from recommender.errors import ProfileError

log = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 300.0


class BatchWorker:
    def __init__(self, store: Store, recommender: Recommender, chunk_size: int, poll_seconds: float) -> None:
        self.store = store
        self.recommender = recommender
        self.chunk_size = chunk_size
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="careerpivot-batch-worker", daemon=True)
        self._last_purge = 0.0

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

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
        requests: list[ProfileRequest] = []
        positions: list[int] = []
        outcomes: list[tuple[int, str | None, str | None]] = [(row.seq, None, None) for row in rows]
        row_top_k: list[int] = []
        for i, row in enumerate(rows):
            payload = json.loads(row.input_json or "{}")
            if "error" in payload:
                outcomes[i] = (row.seq, None, _error("invalid_row", payload["error"]))
                continue
            requests.append(ProfileRequest(payload.get("text"), payload.get("skills")))
            positions.append(i)
            row_top_k.append(int(payload.get("top_k") or batch.top_k))
        if requests:
            results = self.recommender.recommend_many(requests, top_k=max(row_top_k))
            for i, k, result in zip(positions, row_top_k, results, strict=True):
                seq = rows[i].seq
                if isinstance(result, ProfileError):
                    outcomes[i] = (seq, None, _error(result.code, str(result)))
                else:
                    result.suggestions = result.suggestions[:k]
                    outcomes[i] = (seq, result.model_dump_json(), None)
        self.store.complete_rows(batch.id, outcomes)
        log.info("batch %s: %d rows done", batch.id, len(rows))
        return True


def _error(code: str, message: str) -> str:
    return json.dumps({"code": code, "message": message})
