"""GET /v1/batches (this key's batches) and GET /v1/batches/{id}/summary (the cohort at a glance)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.deps import ClientKey, StoreDep
from api.language import asked_language
from api.routes.batches import _owned, _result_object, _status
from api.schemas import BatchStatus
from api.store import Store
from recommender.cohort.summary import CohortSummary, summarize
from recommender.i18n import Language

router = APIRouter(prefix="/v1/batches", tags=["batches"])


class BatchList(BaseModel):
    batches: list[BatchStatus]


@router.get("", response_model=BatchList)
def list_batches(store: StoreDep, key_id: ClientKey, limit: int = Query(50, ge=1, le=500)) -> BatchList:
    """The newest batches sent with this API key (without keys: every batch sent without one)."""
    return BatchList(batches=[_status(b) for b in store.list_batches(key_id, limit)])


@router.get("/{batch_id}/summary", response_model=CohortSummary)
async def batch_summary(batch_id: str, request: Request, store: StoreDep, key_id: ClientKey) -> CohortSummary:
    """Roles that suit most people, their most common gaps with first steps, the skills they have most.
    Row errors in `?lang=` or Accept-Language."""
    await run_in_threadpool(_owned, store, batch_id, key_id)
    return await run_in_threadpool(_summarize, store, batch_id, asked_language(request) or "en")


def _summarize(store: Store, batch_id: str, language: Language) -> CohortSummary:
    return summarize(_result_object(row, language) for row in store.iter_results(batch_id))
