"""POST /v1/recommendations: rank AI-era roles for one profile."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from api.deps import ClientKey, RecommenderDep
from api.schemas import RecommendationRequest
from recommender.results import Recommendation

router = APIRouter(prefix="/v1", tags=["recommendations"])


@router.post("/recommendations", response_model=Recommendation)
async def recommend(body: RecommendationRequest, recommender: RecommenderDep, _: ClientKey) -> Recommendation:
    # Matching is CPU work: run it off the event loop so other clients keep being served.
    return await run_in_threadpool(recommender.recommend, body.text, body.skills, body.top_k)
