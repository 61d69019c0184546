"""Large batches on a Ray cluster: when `CAREERPIVOT_RAY_ADDRESS` is set, batches of at least
`ray_batch_min_rows` rows are matched there (Ray Data `map_batches` over an actor pool), the others
by the embedded batch worker as before. Status and results come through the same endpoints: rows are
committed to the same store, a part at a time, as Ray hands them back, so a restart resumes.

Personal data is removed from every row before it is handed to Ray. If the cluster cannot be
reached, the embedded worker takes the large batches too until it can.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Mapping
from typing import Any

import numpy as np

from api.settings import Settings
from api.store import Batch, BatchRow, Store
from api.worker import BatchLock, Outcome, match_payloads
from recommender.cohort.local import EngineConfig, load_engine
from recommender.cohort.rows import CohortRow, redact_row
from recommender.match.engine import Recommender

log = logging.getLogger(__name__)
RETRY_SECONDS = 30.0


class LocalBatches:
    """The store as the embedded worker sees it: batches Ray takes are left out while Ray is reachable."""

    def __init__(self, store: Store, ray: RayBatches) -> None:
        self._store = store
        self._ray = ray

    def next_chunk(
        self, size: int, after: Mapping[str, int] | None = None, **_: Any
    ) -> tuple[Batch, list[BatchRow]] | None:
        limit = self._ray.min_rows - 1 if self._ray.reachable else None
        return self._store.next_chunk(size, after, max_total=limit)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


class ApiBatchMatcher:
    """The actor-pool UDF: the engine loaded once per actor, stored rows matched as the worker matches them."""

    def __init__(self, config: EngineConfig) -> None:
        self.engine: Recommender = load_engine(config)
        self.top_k = config.top_k

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        payloads = [(int(seq), str(raw)) for seq, raw in zip(batch["seq"], batch["payload"], strict=True)]
        outcomes = match_payloads(self.engine, payloads, self.top_k)
        # One JSON string per row: a column of Nones would not come back as None.
        return {"outcome": np.asarray([json.dumps(o) for o in outcomes], dtype=object)}


def redacted_payload(raw: str) -> str:
    """A stored row's input with personal data removed (its text already is; skill items may hold contacts)."""
    payload = json.loads(raw)
    if "error" in payload:
        return raw
    row = redact_row(CohortRow(0, "", payload.get("text"), payload.get("skills"), payload.get("top_k")))
    return json.dumps({"text": row.text, "skills": row.skills, "top_k": row.top_k})


class RayBatches:
    """A thread that hands large pending batches to Ray and commits their rows as they come back."""

    def __init__(self, settings: Settings, store: Store, ranker: str, lock: BatchLock | None = None) -> None:
        self.address = settings.ray_address
        self.min_rows = settings.ray_batch_min_rows
        self.actors = settings.ray_actors
        self.part_rows = settings.batch_chunk_size
        self.window_rows = settings.max_batch_rows
        self.poll_seconds = settings.worker_poll_seconds
        self.store = store
        self.model = settings.model
        self.catalog_dir = str(settings.catalog_dir) if settings.catalog_dir else None
        # The server's own resolved choice, so Ray ranks exactly like single requests.
        self.ranker = "hand-tuned" if ranker == "hand-tuned" else "learned"
        self.lock = lock  # the embedded worker's: only the process running batches hands them to Ray
        self.reachable = True  # until a connection attempt fails
        self._ray: Any = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="careerpivot-ray-batches", daemon=True)

    @classmethod
    def from_settings(
        cls, settings: Settings, store: Store, recommender: Recommender, lock: BatchLock | None = None
    ) -> RayBatches | None:
        """The hand-off when `ray_address` is set, else None (the embedded worker does everything)."""
        if not settings.ray_address:
            return None
        return cls(settings, store, recommender.model_info.ranker, lock)

    def local_view(self, store: Store) -> Any:
        return LocalBatches(store, self)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _connect(self) -> bool:
        from recommender.cohort.ray_engine import connect
        from recommender.errors import CareerpivotError

        try:
            self._ray = connect(self.address)
        except CareerpivotError as exc:
            if self.reachable:
                log.error("Ray not usable, large batches stay on this server: %s", exc)
            self.reachable = False
            return False
        if not self.reachable:
            log.info("Ray cluster reachable again: large batches go there")
        self.reachable = True
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            worked = False
            try:
                if (self.lock is None or self.lock.acquire()) and (self._ray is not None or self._connect()):
                    worked = self.run_once()
            except Exception:  # keep serving: log (no row content) and retry; the rows stay pending
                log.exception("Ray batch hand-off failed; retrying")
                self._stop.wait(self.poll_seconds)
            if not worked:
                self._stop.wait(self.poll_seconds if self.reachable else RETRY_SECONDS)

    def run_once(self) -> bool:
        """Match the next large batch's pending rows on Ray; False when there is none."""
        chunk = self.store.next_chunk(self.window_rows, min_total=self.min_rows)
        if chunk is None:
            return False
        batch, rows = chunk
        ray = self._ray
        items = [{"seq": row.seq, "payload": redacted_payload(row.input_json or "{}")} for row in rows]
        config = EngineConfig(self.model, self.catalog_dir, None, self.ranker, batch.top_k, "en")
        actors = self.actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
        dataset = ray.data.from_items(items, override_num_blocks=max(1, -(-len(items) // self.part_rows)))
        results = dataset.map_batches(
            ApiBatchMatcher,
            fn_constructor_kwargs={"config": config},
            batch_size=self.part_rows,
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=1,
            batch_format="numpy",
        )
        for part in results.iter_batches(batch_size=None, batch_format="numpy"):
            outcomes: list[Outcome] = [tuple(json.loads(str(raw))) for raw in part["outcome"]]
            self.store.complete_rows(batch.id, outcomes)
            log.info("batch %s: %d rows done on Ray", batch.id, len(outcomes))
        return True
