"""Request context as plain ASGI middleware: request id, body-size limit, an access log line.

The body limit holds whether or not the client sends Content-Length: a declared
length over it is refused before anything is read, and a chunked body is counted
as it arrives and refused (413) as soon as it passes the limit, so no more than
the limit is ever held.

Plain ASGI rather than `@app.middleware("http")`: Starlette's BaseHTTPMiddleware
runs every response through an extra task and memory stream, which measured as
a sizeable share of a short request's time.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import localized_response

log = logging.getLogger("careerpivot.api")


class BodyTooLarge(HTTPException):
    """Raised from `receive` once a body passes its limit; an HTTPException, so FastAPI's body
    parsing passes it on (it turns other errors into a 400) and the handler answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            413, f"the body is larger than {limit:,} bytes, the limit here; send a smaller body or file"
        )


class RequestContext:
    """Tags each request with an id (the client's X-Request-ID or a new one), refuses bodies over
    the path's limit before reading them, and logs method, path, status and time (never content)."""

    def __init__(self, app: ASGIApp, body_limit: Callable[[str], int]) -> None:
        self.app = app
        self.body_limit = body_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k: v for k, v in scope["headers"] if k in (b"x-request-id", b"content-length")}
        request_id = headers.get(b"x-request-id", b"").decode("latin-1")[:64] or uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = request_id
        path = scope["path"]
        limit = self.body_limit(path)
        length = headers.get(b"content-length", b"").decode("latin-1")
        if length.isdigit() and int(length) > limit:
            # In the language the request asked for (`?lang=`, Accept-Language): the body is never read.
            response = localized_response(
                Request(scope),
                413,
                "payload_too_large",
                f"the body is {int(length):,} bytes; the limit here is {limit:,} bytes",
                headers={"X-Request-ID": request_id},
            )
            await response(scope, receive, send)
            log.info("%s %s %s 413", request_id, scope["method"], path)
            return

        started = time.perf_counter()
        status = 500
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive_within_limit, send_with_id)
        finally:
            log.info(
                "%s %s %s %d %.1fms",
                request_id,
                scope["method"],
                path,
                status,
                (time.perf_counter() - started) * 1000,
            )
