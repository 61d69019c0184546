"""The Ray engine: Ray Data's batch-inference pattern, `map_batches` over an actor pool.

Each actor loads the engine once (`CohortMatcher.__init__`) and matches one
part of rows per call. The driver (this process) reads the input, removes
personal data from every row (`redact_row`) before anything is handed to Ray,
and writes each part as its rows come back, so a rerun after an interruption
resumes where the last committed part ended. Rows go to Ray a window at a time
(`window_rows`), which keeps the driver's memory bounded for any input size;
each window starts the actor pool anew (one model load per actor per window).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from recommender.cohort.local import EngineConfig, load_engine
from recommender.cohort.parts import PartStore
from recommender.cohort.rows import CohortRow, match_rows, redact_row
from recommender.errors import CareerpivotError

log = logging.getLogger(__name__)
RAY_EXTRA = "pip install 'careerpivot[ray]'"
DEFAULT_WINDOW_ROWS = 50_000


def import_ray() -> Any:
    """The `ray` module with Ray Data, or an error naming the extra that installs it."""
    try:
        import ray
        import ray.data  # Ray Data is a separate part of the ray package
    except ImportError as exc:
        raise CareerpivotError(
            f"--engine ray needs Ray with Ray Data, which is not installed ({exc.name}): {RAY_EXTRA}"
        ) from exc
    return ray


class CohortMatcher:
    """The actor-pool UDF: loads the engine once per actor, matches a batch of rows per call."""

    def __init__(self, config: EngineConfig) -> None:
        self.config = config
        self.engine = load_engine(config)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        rows = [CohortRow.from_json(str(raw)) for raw in batch["row"]]
        records = match_rows(self.engine, rows, self.config.top_k, self.config.lang)
        return {
            "seq": np.asarray([r["seq"] for r in records], dtype=np.int64),
            "record": np.asarray([json.dumps(r, ensure_ascii=False) for r in records], dtype=object),
        }


def ray_items(rows: Iterable[CohortRow]) -> list[dict[str, Any]]:
    """What the driver hands to Ray for these rows: each row with its personal data removed."""
    return [{"seq": row.seq, "row": redact_row(row).to_json()} for row in rows]


def connect(address: str | None, num_cpus: int | None = None) -> Any:
    """Join the cluster at `address` (or start a local one), unless this process is connected already."""
    ray = import_ray()
    if not ray.is_initialized():
        kwargs: dict[str, Any] = {"address": address, "log_to_driver": False, "include_dashboard": False}
        if address is None and num_cpus is not None:
            kwargs["num_cpus"] = num_cpus
        try:
            ray.init(**kwargs)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = f"the Ray cluster at {address}" if address else "a local Ray cluster"
            raise CareerpivotError(f"could not connect to {where}: {exc}") from exc
    return ray


def _windows(
    parts: Iterable[tuple[int, list[CohortRow]]], window_rows: int
) -> Iterator[list[tuple[int, list[CohortRow]]]]:
    window: list[tuple[int, list[CohortRow]]] = []
    size = 0
    for part in parts:
        window.append(part)
        size += len(part[1])
        if size >= window_rows:
            yield window
            window, size = [], 0
    if window:
        yield window


def run_ray(
    parts: Iterable[tuple[int, list[CohortRow]]],
    store: PartStore,
    config: EngineConfig,
    actors: int,
    address: str | None = None,
    window_rows: int = DEFAULT_WINDOW_ROWS,
) -> None:
    """Match every given part on Ray and commit it on the driver as its rows come back."""
    ray = connect(address)
    for window in _windows(parts, window_rows):
        expected = {index: len(rows) for index, rows in window}
        items = ray_items(row for _, rows in window for row in rows)
        dataset = ray.data.from_items(items, override_num_blocks=len(window))
        results = dataset.map_batches(
            CohortMatcher,
            fn_constructor_kwargs={"config": config},
            batch_size=store.part_rows,
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=1,
            batch_format="numpy",
        )
        pending: dict[int, list[dict[str, Any]]] = {}
        for batch in results.iter_batches(batch_size=None, batch_format="numpy"):
            for raw in batch["record"]:
                record = json.loads(str(raw))
                index = record["seq"] // store.part_rows
                pending.setdefault(index, []).append(record)
                if len(pending[index]) == expected[index]:
                    store.commit(index, sorted(pending.pop(index), key=lambda r: r["seq"]))
        if pending:  # pragma: no cover - Ray returns every row it was given
            raise RuntimeError(f"Ray returned parts {sorted(pending)} incomplete")
