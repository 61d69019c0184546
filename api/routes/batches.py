"""Batches for counselors: upload a cohort, follow progress, stream results, delete.

A batch belongs to the API key that created it; one created without a key (while
keys were not required) is readable only without a key. The upload is parsed and
its personal data removed on a worker thread, never on the event loop.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any, Literal, cast

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.deps import AppState, ClientKey, State, StoreDep
from api.errors import ApiError, error_responses
from api.language import asked_language
from api.schemas import BatchCreated, BatchStatus
from api.store import Batch, BatchRow, Store
from api.uploads import CSV_TYPES, JSONL_TYPES, ZIP_TYPES, BatchFileError, parse_batch
from recommender.i18n import Language, localize_error
from recommender.profile.request import MAX_TOP_K

router = APIRouter(prefix="/v1/batches", tags=["batches"])
BatchState = Literal["queued", "running", "done", "failed"]
BATCH_METHODS = "GET, DELETE, OPTIONS"

# The three upload kinds, declared so clients and fuzzers (schemathesis) know what to send.
UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "CSV (columns id, text and/or skills separated by ';', optional top_k), "
        "JSON Lines (one object per line: id, text, skills, top_k) or a ZIP of résumé files "
        "(PDF, DOCX, TXT, Markdown; one row per file, its id the file name)",
        "content": {
            CSV_TYPES[0]: {"schema": {"type": "string"}},
            JSONL_TYPES[0]: {"schema": {"type": "string"}},
            ZIP_TYPES[0]: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}
RESULTS_BODY: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "one result per input row, in input order (JSON Lines, or CSV with format=csv)",
        "content": {
            "application/x-ndjson": {"schema": {"type": "string"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}


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
    """The batch, if the caller may see it: with keys, only its own key's (a keyless batch is no key's)."""
    batch = store.get_batch(batch_id)
    if batch is None or (key_id is not None and batch.api_key_id != key_id):
        raise ApiError(
            404, "batch_not_found", f"no batch with id {batch_id!r} (it may have been deleted or expired)"
        )
    return batch


def _parse_and_store(
    state: AppState, body: bytes, content_type: str, top_k: int, key_id: str | None
) -> Batch:
    """Parse the upload, redact each row and store the batch (CPU work: runs on a worker thread)."""
    try:
        rows = parse_batch(body, content_type, state.settings.max_batch_rows)
    except BatchFileError as exc:
        status = {"content_type": 415, "too_many_rows": 413}.get(exc.problem, 400)
        raise ApiError(status, exc.code, str(exc)) from exc
    payload = [(row.row_id, row.to_json()) for row in rows]
    return state.store.create_batch(payload, top_k, state.settings.retention_days, key_id)


@router.post(
    "",
    status_code=202,
    response_model=BatchCreated,
    openapi_extra=UPLOAD_BODY,
    responses=error_responses(400, 413, 415),
)
async def create_batch(
    request: Request, state: State, key_id: ClientKey, top_k: int = Query(5, ge=1, le=MAX_TOP_K)
) -> BatchCreated:
    body = await request.body()  # the middleware stops a body past max_batch_bytes as it arrives
    content_type = request.headers.get("content-type", "")
    batch = await run_in_threadpool(_parse_and_store, state, body, content_type, top_k, key_id)
    state.worker.wake()
    return BatchCreated(id=batch.id, status="queued", total=batch.total)


@router.get("/{batch_id}", response_model=BatchStatus, responses=error_responses(404))
def get_batch(batch_id: str, store: StoreDep, key_id: ClientKey) -> BatchStatus:
    return _status(_owned(store, batch_id, key_id))


def _result_object(row: BatchRow, language: Language = "en") -> dict[str, object]:
    """One row as the results show it; a row's error in the reader's `language` (the English kept
    in `message_en` when no template has it)."""
    if not row.done:
        return {"id": row.row_id, "status": "pending"}
    if row.error_json:
        error = json.loads(row.error_json)
        if language != "en" and isinstance(error, dict):
            english = str(error.get("message", ""))
            message, found = localize_error(str(error.get("code")), english, language)
            error = {**error, "message": message, "language": language}
            if not found:
                error["message_en"] = english
        return {"id": row.row_id, "status": "failed", "error": error}
    return {"id": row.row_id, "status": "done", **json.loads(row.result_json or "{}")}


def _jsonl(store: Store, batch_id: str, language: Language) -> Iterator[str]:
    for row in store.iter_results(batch_id):
        yield json.dumps(_result_object(row, language), ensure_ascii=False) + "\n"


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


def _csv(store: Store, batch_id: str, language: Language) -> Iterator[str]:
    """One line per (row, suggestion); failed or pending rows get one line with their status.

    Every cell a spreadsheet would run as a formula is neutralised (see `safe_cells`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in store.iter_results(batch_id):
        item = _result_object(row, language)
        suggestions = cast(list[dict[str, Any]], item.get("suggestions") or [])
        if not suggestions:
            error = item.get("error") or {}
            writer.writerow(
                safe_cells(
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
                )
            )
        for rank, s in enumerate(suggestions, start=1):
            writer.writerow(
                safe_cells(
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
                )
            )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cells(*cells: object) -> list[object]:
    """Cells with text a spreadsheet would read as a formula ("=HYPERLINK(...)", "@SUM", "-2+3")
    prefixed by an apostrophe, as OWASP advises for CSV injection; numbers stay numbers."""
    return [f"'{c}" if isinstance(c, str) and c.startswith(FORMULA_STARTS) else c for c in cells]


@router.get(
    "/{batch_id}/results",
    response_class=StreamingResponse,
    responses={**RESULTS_BODY, **error_responses(404)},
)
def batch_results(
    batch_id: str,
    request: Request,
    store: StoreDep,
    key_id: ClientKey,
    format: Literal["jsonl", "csv"] = "jsonl",
) -> StreamingResponse:
    """Each row's result in its profile's own language; row errors in `?lang=` or Accept-Language."""
    _owned(store, batch_id, key_id)
    language = asked_language(request) or "en"
    if format == "csv":
        return StreamingResponse(
            _csv(store, batch_id, language),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{batch_id}.csv"'},
        )
    return StreamingResponse(_jsonl(store, batch_id, language), media_type="application/x-ndjson")


@router.delete("/{batch_id}", status_code=204, responses=error_responses(404))
def delete_batch(batch_id: str, store: StoreDep, key_id: ClientKey) -> Response:
    _owned(store, batch_id, key_id)
    store.delete_batch(batch_id)
    return Response(status_code=204)


@router.options("/{batch_id}", status_code=204, include_in_schema=False)
def batch_options(batch_id: str) -> Response:
    """What a client may do with a batch (Starlette alone would name only the first route's method)."""
    return Response(status_code=204, headers={"Allow": BATCH_METHODS})
