"""One cohort run: input file in, output file out, on the local engine or on Ray, resumable."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from recommender.cohort.local import EngineConfig, run_local
from recommender.cohort.parts import MANIFEST_VERSION, PartStore, Summary
from recommender.cohort.rows import CohortRow, Lang, check_lang, count_rows, file_fingerprint, read_rows
from recommender.encode.embedding import DEFAULT_MODEL

log = logging.getLogger(__name__)
EngineName = Literal["local", "ray"]
DEFAULT_PART_ROWS = 200


def pending_parts(
    rows: Iterable[CohortRow], part_rows: int, done: set[int]
) -> Iterator[tuple[int, list[CohortRow]]]:
    """The input's rows grouped into parts of `part_rows`, leaving out the parts already written."""
    part: list[CohortRow] = []
    index = 0
    for row in rows:
        if row.seq // part_rows != index:
            if part:
                yield index, part
            part, index = [], row.seq // part_rows
        if index not in done:
            part.append(row)
    if part:
        yield index, part


def run_cohort(
    input_path: Path,
    output_path: Path,
    *,
    engine: EngineName = "local",
    top_k: int = 5,
    lang: str = "en",
    model: str = DEFAULT_MODEL,
    ranker: str = "auto",
    catalog_dir: Path | None = None,
    cache_dir: Path | None = None,
    workers: int | None = None,
    ray_address: str | None = None,
    actors: int | None = None,
    part_rows: int = DEFAULT_PART_ROWS,
    overwrite: bool = False,
    progress: bool | None = None,
) -> Summary:
    """Match every row of `input_path` and write `output_path`; a rerun resumes an interrupted run.

    Args:
        engine: "local" (processes on this machine) or "ray" (Ray Data, `ray_address` or a local cluster).
        top_k: suggestions per row (a row's own `top_k` column wins).
        lang: output language ("en", "id"), passed to the engine (see `rows.recommend_many_in`).
        workers: local processes (default: one per core); actors: Ray actors (default: the cluster's CPUs).
        part_rows: rows per committed part; an interruption loses at most the parts in flight.
        overwrite: discard an earlier unfinished run or an existing output and start again.
        progress: draw a progress bar (local engine); None: only when stderr is a terminal.

    Raises:
        CohortFileError: the input cannot be read, or the output/parts folder belong to another run.
        CareerpivotError: `lang` or `top_k` is invalid, or Ray is not installed / not reachable.
    """
    from recommender.errors import CareerpivotError

    if not 1 <= top_k <= 50:
        raise CareerpivotError(f"--top-k is {top_k}; it must be between 1 and 50")
    for name, value in (("--workers", workers), ("--actors", actors), ("--part-rows", part_rows)):
        if value is not None and value < 1:
            raise CareerpivotError(f"{name} is {value}; it must be 1 or more")
    language: Lang = check_lang(lang)
    if not input_path.is_file():
        raise CareerpivotError(f"input file {input_path} not found")
    if input_path.resolve() == output_path.resolve():
        raise CareerpivotError("the output file must not be the input file")
    ray = None
    if engine == "ray":
        from recommender.cohort.ray_engine import connect

        ray = connect(ray_address)  # fail before reading anything when Ray is missing or unreachable
    fingerprint = file_fingerprint(input_path)
    manifest = {
        "version": MANIFEST_VERSION,
        "input_sha256": fingerprint["sha256"],
        "input_bytes": fingerprint["bytes"],
        "rows": count_rows(input_path),
        "part_rows": part_rows,
        "top_k": top_k,
        "lang": language,
        "model": model,
        "ranker": ranker,
        "catalog": str(catalog_dir) if catalog_dir else None,
    }
    store = PartStore(output_path, manifest, overwrite=overwrite)
    done = store.done_parts()
    resumed = sum(store.rows_in(i) for i in done)
    config = EngineConfig(
        model, str(catalog_dir) if catalog_dir else None, str(cache_dir) if cache_dir else None,
        ranker, top_k, language,
    )  # fmt: skip
    parts = pending_parts(read_rows(input_path), part_rows, done)
    if len(done) < store.n_parts:
        if ray is not None:
            from recommender.cohort.ray_engine import run_ray

            cpus = int(ray.cluster_resources().get("CPU", 1))
            run_ray(parts, store, config, actors or max(1, cpus), ray_address)
        else:
            from tqdm import tqdm

            bar = tqdm(
                total=store.rows,
                initial=resumed,
                unit="rows",
                desc="matching",
                file=sys.stderr,
                disable=not (progress if progress is not None else sys.stderr.isatty()),
                smoothing=0.1,
            )
            with bar:
                run_local(parts, store, config, workers or os.cpu_count() or 1, bar)
    return store.finish(resumed)
