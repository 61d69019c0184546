"""Every error leaves the service as JSON `{"error": {"code", "message", ...}}`, never HTML or a trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from recommender.errors import CareerpivotError, ProfileError
from recommender.ingest import IngestError

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error with an HTTP status, a stable code and a message a person can act on."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.extra = extra


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, **extra}}, status_code=status, headers=headers
    )


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
}


def _describe(errors: list[Any]) -> tuple[str, list[dict[str, Any]]]:
    details = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        field = ".".join(loc) or "body"
        message = str(err.get("msg", "invalid"))
        if err.get("type") == "extra_forbidden":
            message = "unknown field; allowed fields are text, skills and top_k"
        details.append({"field": field, "message": message})
    summary = "; ".join(f"{d['field']}: {d['message']}" for d in details)
    return summary, details


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers, **exc.extra)

    @app.exception_handler(IngestError)
    async def _ingest_error(_: Request, exc: IngestError) -> JSONResponse:
        status = {"file_too_large": 413, "unsupported_file": 415, "file_mismatch": 415}.get(exc.code, 422)
        return error_response(status, exc.code, str(exc))

    @app.exception_handler(ProfileError)
    async def _profile_error(_: Request, exc: ProfileError) -> JSONResponse:
        return error_response(422, exc.code, str(exc))

    @app.exception_handler(CareerpivotError)
    async def _engine_error(_: Request, exc: CareerpivotError) -> JSONResponse:
        return error_response(400, exc.code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        summary, details = _describe(list(exc.errors()))
        return error_response(422, "validation_error", f"the request is invalid: {summary}", details=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = "no such endpoint; see /docs for the API"
        if exc.status_code == 400 and message == "There was an error parsing the body":
            message = "the body cannot be read: send UTF-8 JSON (or the form or file the endpoint takes)"
        return error_response(exc.status_code, code, message, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception(
            "unhandled error on %s %s (request %s)",
            request.method,
            request.url.path,
            getattr(request.state, "request_id", "-"),
        )
        return error_response(
            500,
            "internal_error",
            "something went wrong on our side; try again, and report the request id if it persists",
            request_id=getattr(request.state, "request_id", None),
        )


# --- the error shape in the OpenAPI document ------------------------------------------------------


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")  # e.g. `details` of a validation error, `request_id`

    code: str = Field(description="stable machine-readable code, e.g. payload_too_large")
    message: str = Field(description="what was wrong and what to do")


class ErrorResponse(BaseModel):
    """Every error the service answers: `{"error": {"code", "message", ...}}`."""

    error: ErrorDetail


_DESCRIPTIONS = {
    400: "the input cannot be read (e.g. a batch file that is not CSV, JSON Lines or ZIP)",
    401: "an API key is required and was missing, unknown or revoked",
    404: "no such resource (or it belongs to another API key)",
    413: "the body, file or number of rows is over the limit",
    415: "the Content-Type or file type is not supported",
    422: "the request is well-formed but invalid (a field breaks a limit, an empty profile)",
    429: "too many requests; retry after the Retry-After header's seconds",
    503: "the service is starting or cannot reach its storage; retry shortly",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for these error statuses, all with the JSON error shape."""
    return {status: {"model": ErrorResponse, "description": _DESCRIPTIONS[status]} for status in statuses}
