"""Resumable output: results committed a part at a time, then joined into the output file.

A run writes into `OUTPUT.parts/`: a manifest saying which input and settings it
belongs to, and one JSON Lines file per part of `part_rows` consecutive input
rows. A part is written to a temporary name, flushed to disk and renamed into
place, so it either exists whole or not at all, whatever kills the process
(Ctrl-C, kill -9, a lost node). A rerun of the same command reads the manifest,
skips the parts that exist and matches only the others; no row is matched or
written twice. When every part exists the output file is written (again to a
temporary name, then renamed) and the parts folder is removed.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recommender.cohort.rows import CohortFileError, file_format

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
CSV_COLUMNS = ["id", "status", "roles", "scores", "error_code", "error", "result"]


@dataclass(frozen=True)
class Summary:
    rows: int
    succeeded: int
    failed: int
    resumed: int  # rows found already written by an earlier run


def parts_dir_for(output: Path) -> Path:
    return output.with_name(output.name + ".parts")


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomically(path: Path, chunks: Iterable[bytes]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        for chunk in chunks:
            f.write(chunk)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


class PartStore:
    """The parts folder of one output file."""

    def __init__(self, output: Path, manifest: dict[str, Any], overwrite: bool = False) -> None:
        """Open (or start) the run described by `manifest`.

        Raises:
            CohortFileError: the folder holds an unfinished run of another input or other settings,
                or the output exists with no unfinished run (pass `overwrite` to start again).
        """
        file_format(output)  # the output's format is checked before any work is done
        self.output = output
        self.directory = parts_dir_for(output)
        self.part_rows = int(manifest["part_rows"])
        self.rows = int(manifest["rows"])
        if overwrite:
            shutil.rmtree(self.directory, ignore_errors=True)
        manifest_path = self.directory / MANIFEST
        if manifest_path.is_file():
            found = json.loads(manifest_path.read_text())
            if found != manifest:
                differs = sorted(k for k in manifest.keys() | found.keys() if manifest.get(k) != found.get(k))
                raise CohortFileError(
                    f"{self.directory} holds an unfinished run with a different {', '.join(differs)}; "
                    "rerun that run's command to finish it, or pass --overwrite to start again"
                )
        else:
            if output.exists() and not overwrite:
                raise CohortFileError(
                    f"{output} already exists; choose another output file or pass --overwrite"
                )
            self.directory.mkdir(parents=True, exist_ok=True)
            _write_atomically(manifest_path, [json.dumps(manifest, indent=2).encode()])
        for leftover in self.directory.glob("*.tmp"):  # a part being written when the last run died
            leftover.unlink()

    @property
    def n_parts(self) -> int:
        return -(-self.rows // self.part_rows)

    def _path(self, index: int) -> Path:
        return self.directory / f"part-{index:08d}.jsonl"

    def done_parts(self) -> set[int]:
        return {int(p.stem.split("-")[1]) for p in self.directory.glob("part-*.jsonl")}

    def rows_in(self, index: int) -> int:
        return min(self.part_rows, self.rows - index * self.part_rows)

    def commit(self, index: int, records: list[dict[str, Any]]) -> None:
        """Write one part whole: its records, one per input row of the part, in row order."""
        expected = range(index * self.part_rows, index * self.part_rows + self.rows_in(index))
        seqs = [r["seq"] for r in records]
        if seqs != list(expected):
            raise RuntimeError(f"part {index} got rows {seqs[:3]}...; expected {expected}")
        _write_atomically(
            self._path(index), (json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)
        )

    def records(self) -> Iterator[dict[str, Any]]:
        for index in range(self.n_parts):
            with open(self._path(index), encoding="utf-8") as f:
                for line in f:
                    yield json.loads(line)

    def finish(self, resumed: int) -> Summary:
        """Join the parts into the output file (atomically), remove the parts folder, count outcomes."""
        missing = set(range(self.n_parts)) - self.done_parts()
        if missing:
            raise RuntimeError(f"{len(missing)} parts are not written yet")
        counts = {"done": 0, "failed": 0}

        def counted() -> Iterator[dict[str, Any]]:
            for record in self.records():
                counts[record["status"]] += 1
                yield record

        tmp = self.output.with_name(self.output.name + ".tmp")
        write_output(tmp, file_format(self.output), counted())
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, self.output)
        _fsync_dir(self.output.parent)
        shutil.rmtree(self.directory)
        return Summary(self.rows, counts["done"], counts["failed"], resumed)


# --- output formats ------------------------------------------------------------------------------
def public_record(record: dict[str, Any]) -> dict[str, Any]:
    """A record as the JSON Lines output shows it (the API's batch result shape)."""
    out: dict[str, Any] = {"id": record["id"], "status": record["status"]}
    if record["status"] == "done":
        out.update(record["result"])
    else:
        out["error"] = record["error"]
    return out


def flat_record(record: dict[str, Any]) -> dict[str, Any]:
    """A record as one table row: role ids and scores in rank order, the whole result as JSON."""
    result = record.get("result") or {}
    suggestions = result.get("suggestions") or []
    error = record.get("error") or {}
    return {
        "id": record["id"],
        "status": record["status"],
        "roles": [s["role_id"] for s in suggestions],
        "scores": [float(s["score"]) for s in suggestions],
        "error_code": error.get("code"),
        "error": error.get("message"),
        "result": json.dumps(result, ensure_ascii=False) if result else None,
    }


def write_output(path: Path, kind: str, records: Iterable[dict[str, Any]]) -> None:
    if kind == "jsonl":
        with open(path, "w", encoding="utf-8") as f:
            for record in records:
                f.write(json.dumps(public_record(record), ensure_ascii=False) + "\n")
    elif kind == "csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, CSV_COLUMNS)
            writer.writeheader()
            for record in records:
                row = flat_record(record)
                row["roles"] = ";".join(row["roles"])
                row["scores"] = ";".join(repr(s) for s in row["scores"])
                writer.writerow(row)
    elif kind == "parquet":
        _write_parquet(path, records)
    else:  # pragma: no cover - file_format allows only the three
        raise CohortFileError(f"unknown output format {kind!r}")


def _write_parquet(path: Path, records: Iterable[dict[str, Any]], group_rows: int = 10_000) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("id", pa.string()),
            ("status", pa.string()),
            ("roles", pa.list_(pa.string())),
            ("scores", pa.list_(pa.float64())),
            ("error_code", pa.string()),
            ("error", pa.string()),
            ("result", pa.string()),
        ]
    )
    with pq.ParquetWriter(path, schema) as writer:
        group: list[dict[str, Any]] = []
        for record in records:
            group.append(flat_record(record))
            if len(group) >= group_rows:
                writer.write_table(pa.Table.from_pylist(group, schema))
                group = []
        if group:
            writer.write_table(pa.Table.from_pylist(group, schema))


def read_output(path: Path) -> list[dict[str, Any]]:
    """An output file back as flat records (for checks and tests): id, status, roles, scores, ..."""
    kind = file_format(path)
    if kind == "parquet":
        import pyarrow.parquet as pq

        return list(pq.read_table(path).to_pylist())
    if kind == "csv":
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            row["roles"] = row["roles"].split(";") if row["roles"] else []
            row["scores"] = [float(s) for s in row["scores"].split(";")] if row["scores"] else []
        return rows
    with open(path, encoding="utf-8") as f:
        return [
            flat_record(
                {
                    "id": d["id"],
                    "status": d["status"],
                    "error": d.get("error"),
                    "result": {k: v for k, v in d.items() if k not in ("id", "status", "error")} or None,
                }
            )
            for d in map(json.loads, f)
        ]
