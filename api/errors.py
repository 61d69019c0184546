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
from recommender.i18n import (
    Language,
    LanguageError,
    for_profile,
    from_accept_language,
    localize_error,
    parse_language,
)
from recommender.profile.ingest import IngestError
from recommender.profile.languages import SAMPLE_CHARS, detect_written_language

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


def error_language(request: Request, body: Any = None) -> Language:
    """The language to write an error in: the request's own choice when it made a valid one.

    Never fails: a `lang` that is not supported falls through to the next choice
    (the error about it is written in English or the `Accept-Language` choice).
    """
    known = getattr(request.state, "language", None)
    if known:
        return str(known)
    for value in (body.get("lang") if isinstance(body, dict) else None, request.query_params.get("lang")):
        if isinstance(value, str):
            try:
                return parse_language(value)
            except LanguageError:
                continue
    header = from_accept_language(request.headers.get("accept-language"))
    if header:
        return header
    text = body.get("text") if isinstance(body, dict) else None
    if isinstance(text, str):  # a refused profile is answered in its own language
        return for_profile([detect_written_language(text[:SAMPLE_CHARS]) or "en"])
    return "en"


def localized_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
    body: Any = None,
    **extra: Any,
) -> JSONResponse:
    """`error_response` with the message in the request's language (and, when not English, `language`)."""
    language = error_language(request, body)
    if language != "en":
        translated, found = localize_error(code, message, language)
        if not found:  # a message the catalog lacks: keep the English apart, for support
            extra["message_en"] = message
        message = translated
        extra["language"] = language
    return error_response(status, code, message, headers, **extra)


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


# Pydantic's error types in Indonesian; `ctx` values (limits) are filled in.
_VALIDATION_ID: dict[str, str] = {
    "missing": "wajib diisi",
    "extra_forbidden": "kolom tidak dikenal; kolom yang boleh dipakai: 'text', 'skills', 'top_k' dan 'lang'",
    "string_type": "harus berupa teks",
    "string_too_long": "terlalu panjang: paling banyak {max_length} karakter",
    "string_too_short": "terlalu pendek: paling sedikit {min_length} karakter",
    "too_long": "terlalu banyak isi: paling banyak {max_length}",
    "too_short": "terlalu sedikit isi: paling sedikit {min_length}",
    "list_type": "harus berupa daftar (list)",
    "int_type": "harus berupa bilangan bulat",
    "int_parsing": "harus berupa bilangan bulat",
    "int_from_float": "harus berupa bilangan bulat",
    "greater_than_equal": "harus paling kecil {ge}",
    "less_than_equal": "harus paling besar {le}",
    "greater_than": "harus lebih besar dari {gt}",
    "less_than": "harus lebih kecil dari {lt}",
    "bool_parsing": "harus berupa true atau false",
    "model_attributes_type": "harus berupa objek JSON",
    "dict_type": "harus berupa objek JSON",
    "json_invalid": "bukan JSON yang valid",
}


def _validation_message(err: dict[str, Any], language: Language) -> str:
    kind = str(err.get("type", ""))
    message = str(err.get("msg", "invalid"))
    if kind == "extra_forbidden":
        message = "unknown field; allowed fields are text, skills, top_k and lang"
    if language == "en":
        return message
    if kind == "value_error":  # our own validators: their English is in the catalog
        english = message.removeprefix("Value error, ")
        translated, found = localize_error("validation_error", english, language)
        if found:
            return translated
    template = _VALIDATION_ID.get(kind, "nilai tidak valid")
    try:
        return template.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError):
        return "nilai tidak valid"


def _describe(errors: list[Any], language: Language = "en") -> tuple[str, list[dict[str, Any]]]:
    details = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        field = ".".join(loc) or "body"
        details.append({"field": field, "message": _validation_message(err, language)})
    summary = "; ".join(f"{d['field']}: {d['message']}" for d in details)
    return summary, details


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return localized_response(request, exc.status, exc.code, exc.message, exc.headers, **exc.extra)

    @app.exception_handler(IngestError)
    async def _ingest_error(request: Request, exc: IngestError) -> JSONResponse:
        status = {"file_too_large": 413, "unsupported_file": 415, "file_mismatch": 415}.get(exc.code, 422)
        return localized_response(request, status, exc.code, str(exc))

    @app.exception_handler(ProfileError)
    async def _profile_error(request: Request, exc: ProfileError) -> JSONResponse:
        return localized_response(request, 422, exc.code, str(exc))

    @app.exception_handler(CareerpivotError)
    async def _engine_error(request: Request, exc: CareerpivotError) -> JSONResponse:
        return localized_response(request, 400, exc.code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        body = getattr(exc, "body", None)
        language = error_language(request, body)
        summary, details = _describe(list(exc.errors()), language)
        message = (
            f"the request is invalid: {summary}" if language == "en" else f"Permintaan tidak valid: {summary}"
        )
        extra: dict[str, Any] = {"details": details}
        if language != "en":
            extra["language"] = language
        return error_response(422, "validation_error", message, **extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = "no such endpoint; see /docs for the API"
        if exc.status_code == 400 and message == "There was an error parsing the body":
            message = "the body cannot be read: send UTF-8 JSON (or the form or file the endpoint takes)"
        return localized_response(request, exc.status_code, code, message, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception(
            "unhandled error on %s %s (request %s)",
            request.method,
            request.url.path,
            getattr(request.state, "request_id", "-"),
        )
        return localized_response(
            request,
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
