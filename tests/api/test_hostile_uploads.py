"""Hostile uploads against a real server process: a clear 4xx each, and the server's peak memory
(VmHWM, reset before each upload) stays within 200 MB of the idle server."""

from __future__ import annotations

import json
import select
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from tests.hostile import MIB, deep_jsonl_line, flate_bomb_pdf, huge_csv_cell, lying_docx, lying_zip_batch

from .live import LiveServer, start_server

HEADROOM = 200 * 1_000_000  # bytes over the idle server one hostile upload may take at its peak


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = start_server(tmp_path_factory.mktemp("hostile") / "var")
    try:
        # Warm up every path once so the idle figure includes what a first request loads.
        httpx.post(f"{live.base}/v1/recommendations", json={"skills": ["SQL", "Excel"]}, timeout=60)
        httpx.post(
            f"{live.base}/v1/recommendations/upload",
            files={"file": ("cv.txt", b"Nurse: triage, patient education, Epic charting", "text/plain")},
            timeout=60,
        )
        time.sleep(0.5)
        yield live
    finally:
        live.stop()


def peak_over_idle(server: LiveServer, send: Callable[[], Any]) -> tuple[Any, int]:
    time.sleep(0.3)  # let the previous request's memory settle
    idle = server.rss()
    server.reset_peak()
    result = send()
    time.sleep(0.3)
    peak = server.peak() - idle
    print(
        f"idle {idle / 1e6:.0f} MB, peak {peak / 1e6:+.0f} MB"
    )  # shown with -s: figures for docs/reliability.md
    return result, peak


def send_chunked(
    server: LiveServer, path: str, content_type: str, total: int, prefix: bytes = b""
) -> tuple[int, dict[str, Any], int]:
    """Send `total` bytes as a chunked body (no Content-Length); stop as soon as the server answers.

    Returns the status, the JSON error and how many body bytes were sent before the answer came.
    """
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    sock.sendall(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
        "Transfer-Encoding: chunked\r\n\r\n".encode()
    )
    block = b" " * (256 * 1024)
    chunk = b"%x\r\n" % len(block) + block + b"\r\n"
    sent = 0
    response = b""
    if prefix:
        sock.sendall(b"%x\r\n" % len(prefix) + prefix + b"\r\n")
    try:
        while sent < total:
            if select.select([sock], [], [], 0)[0]:
                break  # the server has answered before the body ended
            sock.sendall(chunk)
            sent += len(block)
        else:
            sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    deadline = time.monotonic() + 30
    while b"\r\n\r\n" not in response or not _complete(response):
        if time.monotonic() > deadline:
            break
        try:
            piece = sock.recv(65536)
        except ConnectionResetError:
            break
        if not piece:
            break
        response += piece
    sock.close()
    head, _, body = response.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(_dechunk(head, body)), sent


def _complete(response: bytes) -> bool:
    head, _, body = response.partition(b"\r\n\r\n")
    if b"chunked" in head.lower():
        return body.endswith(b"0\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return False


def _dechunk(head: bytes, body: bytes) -> bytes:
    if b"chunked" not in head.lower():
        return body
    out = b""
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            break
        out += rest[:size]
        body = rest[size + 2 :]
    return out


def test_a_docx_whose_zip_directory_lies_about_sizes_is_refused_in_bounded_memory(server: LiveServer) -> None:
    # 2.4 MB on the wire; word/document.xml really unpacks to 512 MiB but claims 4,000 bytes.
    data = lying_docx(512 * MIB)
    response, peak = peak_over_idle(
        server,
        lambda: httpx.post(
            f"{server.base}/v1/recommendations/upload", files={"file": ("cv.docx", data)}, timeout=120
        ),
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "corrupt_file"
    assert peak < HEADROOM, f"peak {peak / 1e6:.0f} MB over the idle server"


def test_a_batch_zip_with_a_lying_member_is_read_within_bounded_memory(server: LiveServer) -> None:
    data = lying_zip_batch(512 * MIB)
    response, peak = peak_over_idle(
        server,
        lambda: httpx.post(
            f"{server.base}/v1/batches",
            content=data,
            headers={"content-type": "application/zip"},
            timeout=120,
        ),
    )
    assert response.status_code == 202 and response.json()["total"] == 2
    assert peak < HEADROOM, f"peak {peak / 1e6:.0f} MB over the idle server"


def test_a_pdf_whose_stream_inflates_to_256_mib_is_refused_in_bounded_memory(server: LiveServer) -> None:
    data = flate_bomb_pdf(256 * MIB)
    response, peak = peak_over_idle(
        server,
        lambda: httpx.post(
            f"{server.base}/v1/recommendations/upload", files={"file": ("cv.pdf", data)}, timeout=120
        ),
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] in ("corrupt_file", "scanned_pdf")
    assert peak < HEADROOM, f"peak {peak / 1e6:.0f} MB over the idle server"


FILE_PART = b'--x\r\nContent-Disposition: form-data; name="file"; filename="cv.txt"\r\n\r\n'


@pytest.mark.parametrize(
    ("path", "content_type", "total", "prefix"),
    [
        ("/v1/recommendations", "application/json", 200 * MIB, b'{"text": "'),
        ("/v1/batches", "text/csv", 100 * MIB, b"id,text\n"),
        ("/v1/recommendations/upload", "multipart/form-data; boundary=x", 100 * MIB, FILE_PART),
    ],
)
def test_a_chunked_body_without_content_length_is_stopped_at_the_limit(
    server: LiveServer, path: str, content_type: str, total: int, prefix: bytes
) -> None:
    (status, error, sent), peak = peak_over_idle(
        server, lambda: send_chunked(server, path, content_type, total, prefix)
    )
    print(f"{path}: answered {status} after {sent / MIB:.1f} MiB sent")
    assert status == 413 and error["error"]["code"] == "payload_too_large"
    assert "limit" in error["error"]["message"]
    assert sent < 30 * MIB, f"the server read {sent / MIB:.0f} MiB before answering"
    assert peak < HEADROOM, f"peak {peak / 1e6:.0f} MB over the idle server"


def test_deeply_nested_json_lines_and_huge_csv_cells_get_clear_answers(server: LiveServer) -> None:
    nested = deep_jsonl_line() + json.dumps({"id": "ok", "skills": ["SQL"]}).encode() + b"\n"
    created = httpx.post(
        f"{server.base}/v1/batches", content=nested, headers={"content-type": "application/x-ndjson"}
    )
    assert created.status_code == 202 and created.json()["total"] == 2
    csv_response = httpx.post(
        f"{server.base}/v1/batches", content=huge_csv_cell(), headers={"content-type": "text/csv"}
    )
    assert csv_response.status_code == 400
    assert "line" in csv_response.json()["error"]["message"]
    deep_json = httpx.post(
        f"{server.base}/v1/recommendations",
        content=b'{"skills": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        headers={"content-type": "application/json"},
    )
    assert 400 <= deep_json.status_code < 500, deep_json.text
    assert "error" in deep_json.json()


def test_the_server_log_holds_no_traceback(server: LiveServer) -> None:
    assert "Traceback" not in server.log()
