"""Batches for counselors: upload a cohort, follow progress, stream results, delete."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any, Literal, cast

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.deps import ClientKey, State, StoreDep
from api.errors import ApiError
from api.schemas import BatchCreated, BatchStatus
from api.store import Batch, BatchRow, Store
from recommender.batch import BatchFileError, parse_batch
from recommender.engine import MAX_TOP_K

router = APIRouter(prefix="/v1/batches", tags=["batches"])
BatchState = Literal["queued", "running", "done", "failed"]


def _status(batch: Batch) -> BatchStatus:
    return BatchStatus(
        id=batch.id,
        status=cast(BatchState, batch.status),
        total=batch.total,
        processed=batch.processed,
        failed=batch.failed,
        created_at=batch.created_at.isoformat() + "Z",
        expires_at=batch.expires_at.isoformat() + "Z",
    )


def _owned(store: Store, batch_id: str, key_id: str | None) -> Batch:
    batch = store.get_batch(batch_id)
    if batch is None or (key_id is not None and batch.api_key_id not in (None, key_id)):
        raise ApiError(
            404, "batch_not_found", f"no batch with id {batch_id!r} (it may have been deleted or expired)"
        )
    return batch


@router.post("", status_code=202, response_model=BatchCreated)
async def create_batch(
    request: Request, state: State, key_id: ClientKey, top_k: int = Query(5, ge=1, le=MAX_TOP_K)
) -> BatchCreated:
    body = await request.body()
    if len(body) > state.settings.max_batch_bytes:
        raise ApiError(
            413,
            "payload_too_large",
            f"the file is {len(body):,} bytes; the limit is {state.settings.max_batch_bytes:,} bytes",
        )
    try:
        rows = parse_batch(body, request.headers.get("content-type", ""), state.settings.max_batch_rows)
    except BatchFileError as exc:
        status = {"content_type": 415, "too_many_rows": 413}.get(exc.problem, 400)
        raise ApiError(status, exc.code, str(exc)) from exc
    payload = [(row.row_id, row.to_json()) for row in rows]
    batch = await run_in_threadpool(
        state.store.create_batch, payload, top_k, state.settings.retention_days, key_id
    )
    state.worker.wake()
    return BatchCreated(id=batch.id, status="queued", total=batch.total)


@router.get("/{batch_id}", response_model=BatchStatus)
def get_batch(batch_id: str, store: StoreDep, key_id: ClientKey) -> BatchStatus:
    return _status(_owned(store, batch_id, key_id))


def _result_object(row: BatchRow) -> dict[str, object]:
    if not row.done:
        return {"id": row.row_id, "status": "pending"}
    if row.error_json:
        return {"id": row.row_id, "status": "failed", "error": json.loads(row.error_json)}
    return {"id": row.row_id, "status": "done", **json.loads(row.result_json or "{}")}


def _jsonl(store: Store, batch_id: str) -> Iterator[str]:
    for row in store.iter_results(batch_id):
        yield json.dumps(_result_object(row), ensure_ascii=False) + "\n"


CSV_COLUMNS = [
    "id",
    "status",
    "rank",
    "role_id",
    "title",
    "score",
    "reasons",
    "transferable_skills",
    "skill_gaps",
    "error",
]


def _csv(store: Store, batch_id: str) -> Iterator[str]:
    """One line per (row, suggestion); failed or pending rows get one line with their status."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in store.iter_results(batch_id):
        item = _result_object(row)
        suggestions = cast(list[dict[str, Any]], item.get("suggestions") or [])
        if not suggestions:
            error = item.get("error") or {}
            writer.writerow(
                [
                    row.row_id,
                    item["status"],
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    error.get("message", "") if isinstance(error, dict) else "",
                ]
            )
        for rank, s in enumerate(suggestions, start=1):
            writer.writerow(
                [
                    row.row_id,
                    "done",
                    rank,
                    s["role_id"],
                    s["title"],
                    s["score"],
                    " | ".join(s["reasons"]),
                    " | ".join(f"{t['evidence']} -> {t['matches']}" for t in s["transferable_skills"]),
                    " | ".join(g["skill"] for g in s["skill_gaps"]),
                    "",
                ]
            )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


@router.get("/{batch_id}/results")
def batch_results(
    batch_id: str, store: StoreDep, key_id: ClientKey, format: Literal["jsonl", "csv"] = "jsonl"
) -> StreamingResponse:
    _owned(store, batch_id, key_id)
    if format == "csv":
        return StreamingResponse(
            _csv(store, batch_id),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{batch_id}.csv"'},
        )
    return StreamingResponse(_jsonl(store, batch_id), media_type="application/x-ndjson")


@router.delete("/{batch_id}", status_code=204)
def delete_batch(batch_id: str, store: StoreDep, key_id: ClientKey) -> Response:
    _owned(store, batch_id, key_id)
    store.delete_batch(batch_id)
    return Response(status_code=204)
