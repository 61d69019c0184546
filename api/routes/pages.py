"""The web pages the API serves: `/` (one person), `/batches` (a cohort), `/widget.js` (job boards).

Plain HTML, CSS and JavaScript from `api/web/`, with no build step and nothing
fetched from elsewhere, so the pages work offline. `/web-config.json` tells
the pages the limits they show before sending anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from api.deps import State

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
UPLOAD_TYPES = [".pdf", ".docx", ".txt", ".md"]

router = APIRouter(include_in_schema=False)


def static_files() -> StaticFiles:
    """The pages' scripts, styles and images, mounted at /web."""
    return StaticFiles(directory=WEB_DIR)


@router.get("/")
def person_page() -> FileResponse:
    return FileResponse(WEB_DIR / "index.html")


@router.get("/batches")
def batches_page() -> FileResponse:
    return FileResponse(WEB_DIR / "batches.html")


@router.get("/widget.js")
def widget_script() -> FileResponse:
    return FileResponse(WEB_DIR / "widget.js", media_type="text/javascript")


@router.get("/web-config.json")
def page_config(state: State) -> dict[str, Any]:
    """What the pages need to know before sending: whether a key is needed, and the limits."""
    settings = state.settings
    return {
        "api_keys_required": settings.api_keys_required,
        "max_upload_bytes": settings.max_upload_bytes,
        "upload_types": UPLOAD_TYPES,
        "max_text_chars": settings.max_text_chars,
        "max_batch_bytes": settings.max_batch_bytes,
        "max_batch_rows": settings.max_batch_rows,
    }
