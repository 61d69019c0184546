"""POST /v1/recommendations: rank AI-era roles for one profile."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from api.deps import ClientKey, RecommenderDep, State
from api.errors import ApiError
from api.language import asked_language, asked_region, remember_profile_language
from api.schemas import RecommendationRequest
from recommender.errors import ProfileError
from recommender.profile.request import MAX_TOP_K, ProfileRequest
from recommender.results import Recommendation

router = APIRouter(prefix="/v1", tags=["recommendations"])


@router.post("/recommendations", response_model=Recommendation)
async def recommend(body: RecommendationRequest, request: Request, state: State, _: ClientKey) -> Response:
    """Answers in `lang` (body or query), else the `Accept-Language` choice, else the profile's language."""
    language = asked_language(request, body.lang)
    region = asked_region(request, body.region)
    try:
        # Matched on the engine thread, together with whatever else arrived meanwhile (api/matcher.py).
        result = await state.matcher.recommend(
            ProfileRequest(body.text, body.skills, body.top_k, language=language, region=region)
        )
    except ProfileError:
        remember_profile_language(request, body.text, body.skills)
        raise
    # The engine built a validated model: serialise it as is rather than have FastAPI validate it again.
    return Response(result.model_dump_json(), media_type="application/json")


@router.post("/recommendations/upload", response_model=Recommendation)
async def recommend_upload(
    file: Annotated[UploadFile, File(description="A résumé: PDF, DOCX, TXT or Markdown")],
    request: Request,
    recommender: RecommenderDep,
    state: State,
    _: ClientKey,
    top_k: Annotated[int, Form(ge=1, le=MAX_TOP_K)] = 5,
    lang: Annotated[str | None, Form(description="Answer language: en or id (default: the résumé's)")] = None,
    region: Annotated[str | None, Form(description="ID adds Indonesian entry paths")] = None,
) -> Recommendation:
    """The same ranking for a résumé file; personal data is removed before anything else reads it."""
    language = asked_language(request, lang)
    asked = asked_region(request, region)
    limit = state.settings.max_upload_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise ApiError(
            413, "file_too_large", f"the file is larger than {limit:,} bytes; upload a smaller file"
        )
    return await run_in_threadpool(
        recommender.recommend_document, data, file.filename or "", file.content_type, top_k, language, asked
    )
