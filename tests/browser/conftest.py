"""The real app served by uvicorn on a loopback port, a second origin for the widget, and Chromium.

Chromium is Debian's (`apt-get install chromium`), driven by Playwright's Python
package; Playwright's own browser download is never used. Everything skips,
saying why, when either is missing.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from api.main import create_app
from api.settings import Settings
from recommender.match.engine import Recommender

CHROMIUM = os.environ.get("CAREERPIVOT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = None
    if sync_playwright is None:
        reason = "Playwright is not installed: pip install -e '.[dev]' (it brings playwright)"
    elif not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        reason = f"Chromium is not at {CHROMIUM}: apt-get install -y chromium (or set CAREERPIVOT_CHROMIUM)"
    if reason:
        for item in items:
            if "tests/browser" in str(item.fspath):
                item.add_marker(pytest.mark.skip(reason=reason))


def _loopback_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # the kernel picks a free port
    sock.listen(64)
    return sock


@dataclass
class Site:
    url: str  # the API and its pages
    host_url: str  # another origin: a job board's page with the widget
    settings: Settings


class _Uvicorn(threading.Thread):
    def __init__(self, app: Any, sock: socket.socket) -> None:
        import uvicorn

        super().__init__(daemon=True)
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.sock = sock

    def run(self) -> None:
        self.server.run(sockets=[self.sock])

    def wait_started(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if time.monotonic() > deadline or not self.is_alive():
                raise RuntimeError("the app did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.join(timeout=20)


def _host_page(api_url: str, lang: str) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Jobs at Example Board</title>
<style>
  body {{ font-family: Georgia, serif; margin: 2rem; color: #222; }}
  /* Hostile host styles: none may reach the widget's inside. */
  button {{ background: red !important; font-size: 40px; }}
  h2 {{ color: magenta; text-transform: uppercase; }}
</style></head>
<body><main><h1>Example job board</h1><p>Find your next job.</p>
<div data-careerpivot></div></main>
<script src="{api_url}/widget.js" data-api-key="" data-lang="{lang}"></script>
</body></html>"""


@pytest.fixture(scope="session")
def site(served_recommender: Recommender, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The API as `make run` serves it (learned ranker, pair judge), and a job board's page hosting the widget."""
    recommender = served_recommender
    api_sock, host_sock = _loopback_socket(), _loopback_socket()
    api_url = f"http://127.0.0.1:{api_sock.getsockname()[1]}"
    host_url = f"http://127.0.0.1:{host_sock.getsockname()[1]}"
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("browser-var"),
        batch_processes=0,
        worker_poll_seconds=0.05,
        batch_chunk_size=4,  # several parts, so the progress bar moves through values
        rate_limit_per_minute=10_000,
        cors_origins=[host_url],
    )
    from api.store import migrate

    migrate(settings.sqlalchemy_url)
    server = _Uvicorn(create_app(settings, recommender=recommender), api_sock)
    server.start()
    server.wait_started()

    pages = {"/en.html": _host_page(api_url, "en"), "/id.html": _host_page(api_url, "id")}

    class HostPage(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path, "not found").encode()
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    host_sock.close()  # http.server binds its own socket: reuse the port it was given
    host = http.server.ThreadingHTTPServer(("127.0.0.1", int(host_url.rsplit(":", 1)[1])), HostPage)
    host_thread = threading.Thread(target=host.serve_forever, daemon=True)
    host_thread.start()
    try:
        yield Site(api_url, host_url, settings)
    finally:
        host.shutdown()
        host.server_close()
        server.stop()


@dataclass
class KeyedSite:
    url: str
    key: str


@pytest.fixture(scope="session")
def keyed_site(recommender: Recommender, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KeyedSite]:
    """A second copy of the app that requires API keys, with one key made for the test."""
    from api.store import Store, migrate

    sock = _loopback_socket()
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("keyed-var"), batch_processes=0, api_keys_required=True
    )
    migrate(settings.sqlalchemy_url)
    store = Store(settings.sqlalchemy_url)
    _, secret = store.create_key("browser test")
    store.close()
    server = _Uvicorn(create_app(settings, recommender=recommender), sock)
    server.start()
    server.wait_started()
    try:
        yield KeyedSite(f"http://127.0.0.1:{sock.getsockname()[1]}", secret)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert sync_playwright is not None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, site: Site) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


Screenshot = Callable[[Page, str], None]


@pytest.fixture
def screenshot() -> Screenshot:
    """Save the page at desktop and phone width under var/screenshots/ (for a person to look at)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> None:
        size = page.viewport_size
        for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            page.wait_for_timeout(400)  # pages redraw (charts) after a resize
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
        if size:
            page.set_viewport_size(size)

    return take


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


@functools.cache
def scanned_pdf() -> bytes:
    from tests.test_ingest import image_only_pdf

    return image_only_pdf()
