"""The local engine: parts of the cohort matched in a pool of spawned processes on this machine.

The encoder's tokenizer is pure Python, so one process keeps one core busy;
`workers` processes (one per core by default) each load the model once, with
one BLAS thread. This process only reads rows, hands out parts, writes the
parts that come back and draws the progress bar, so it stays small.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recommender.cohort.parts import PartStore
from recommender.cohort.rows import CohortRow, Lang, match_rows, redact_row

log = logging.getLogger(__name__)
PARTS_PER_WORKER = 2  # parts in flight per process: one matching, one waiting, so no process idles


@dataclass(frozen=True)
class EngineConfig:
    """How every worker (a local process or a Ray actor) loads the engine."""

    model: str
    catalog_dir: str | None
    cache_dir: str | None
    ranker: str
    top_k: int
    lang: Lang


def load_engine(config: EngineConfig) -> Any:
    """A Recommender for one worker: one BLAS thread (each worker is one core's worth of work)."""
    from threadpoolctl import threadpool_limits

    from recommender.match.engine import Recommender

    threadpool_limits(1, user_api="blas")
    logging.getLogger().setLevel(logging.WARNING)
    return Recommender.load(
        model=config.model,
        catalog_dir=Path(config.catalog_dir) if config.catalog_dir else None,
        cache_dir=Path(config.cache_dir) if config.cache_dir else None,
        ranker=config.ranker,  # type: ignore[arg-type]
        threads=1,
    )


_engine: Any = None
_config: EngineConfig | None = None


def _init_worker(config: EngineConfig) -> None:
    global _engine, _config
    # Ctrl-C reaches the whole process group: the parent handles it (keeps what is committed, shuts down).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _engine = load_engine(config)
    _config = config


def _match_part(rows: list[CohortRow]) -> list[dict[str, Any]]:
    if _engine is None or _config is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker process was not initialised")
    # The text stays on this machine and the engine redacts it first thing; skill items are
    # cleaned here exactly as the Ray engine's driver cleans them, so both engines match the same input.
    prepared = [redact_row(row, text=False) for row in rows]
    return match_rows(_engine, prepared, _config.top_k, _config.lang)


def run_local(
    parts: Iterable[tuple[int, list[CohortRow]]],
    store: PartStore,
    config: EngineConfig,
    workers: int,
    progress: Any,
) -> None:
    """Match every given part and commit it; returns when all are committed.

    `progress` is a tqdm-like bar (its `update(n)` is called with each part's rows).
    """
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(config,))
    in_flight: dict[Future[list[dict[str, Any]]], int] = {}

    def commit_done(block: bool) -> None:
        done, _ = wait(in_flight, timeout=None if block else 0, return_when=FIRST_COMPLETED)
        for future in done:
            index = in_flight.pop(future)
            records = future.result()
            store.commit(index, records)
            progress.update(len(records))

    try:
        for index, rows in parts:
            while len(in_flight) >= PARTS_PER_WORKER * workers:
                commit_done(block=True)
            in_flight[pool.submit(_match_part, rows)] = index
            commit_done(block=False)
        while in_flight:
            commit_done(block=True)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
