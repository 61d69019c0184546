"""POST /v1/recommendations/upload and ZIP batches of résumé files, through the real app."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from fastapi.testclient import TestClient

from recommender.evaluate.resumes import load_resumes, render

from ..test_ingest import encrypted_pdf, image_only_pdf
from .conftest import wait_for_batch

RESUMES = load_resumes()


def upload(
    client: TestClient, data: bytes, name: str, content_type: str = "application/octet-stream", **form: str
):  # type: ignore[no-untyped-def]
    return client.post("/v1/recommendations/upload", files={"file": (name, data, content_type)}, data=form)


@pytest.mark.parametrize("layout", ["pdf-2col", "docx-table", "md"])
def test_upload_returns_the_same_shape_as_json_requests(client: TestClient, layout: str) -> None:
    resume = RESUMES[1]
    data, name = render(resume, layout)
    response = upload(client, data, name, top_k="3")
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["suggestions"]) == 3
    assert {"name", "email", "phone"} <= set(body["profile"]["personal_data_removed"])
    for value in resume["personal"].values():
        assert str(value) not in response.text


def test_scanned_pdf_gets_a_422_saying_so(client: TestClient) -> None:
    response = upload(client, image_only_pdf(), "scan.pdf", "application/pdf")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "scanned_pdf" and "scan" in error["message"]


def test_a_file_that_is_not_what_it_claims_is_refused(client: TestClient) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    response = upload(client, png, "cv.pdf", "application/pdf")
    assert response.status_code == 415 and response.json()["error"]["code"] == "file_mismatch"


def test_password_protected_pdf_is_refused(client: TestClient) -> None:
    response = upload(client, encrypted_pdf("secret"), "cv.pdf", "application/pdf")
    assert response.status_code == 422 and response.json()["error"]["code"] == "encrypted_file"


def test_unsupported_format_is_415(client: TestClient) -> None:
    response = upload(client, b"{\\rtf1 hello}", "cv.rtf", "application/rtf")
    assert response.status_code == 415 and response.json()["error"]["code"] == "unsupported_file"


def test_too_large_upload_is_413(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(max_upload_bytes=10_000)
    response = upload(client, b"Registered nurse. " * 2000, "cv.txt", "text/plain")
    assert response.status_code == 413


def test_missing_file_is_a_validation_error(client: TestClient) -> None:
    response = client.post("/v1/recommendations/upload", data={"top_k": "3"})
    assert response.status_code == 422 and "file" in response.json()["error"]["message"]


def test_zip_batch_reads_each_file_as_a_row(client: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for resume, layout in zip(RESUMES[:2], ["pdf-1col", "docx"], strict=True):
            data, name = render(resume, layout)
            archive.writestr(f"cohort/{resume['id']}-{name}", data)
        archive.writestr("cohort/broken.pdf", b"not a pdf at all")
        archive.writestr("__MACOSX/._junk", b"x")
    response = client.post(
        "/v1/batches", content=buffer.getvalue(), headers={"content-type": "application/zip"}
    )
    assert response.status_code == 202 and response.json()["total"] == 3
    batch_id = response.json()["id"]
    status = wait_for_batch(client, batch_id)
    assert (status["processed"], status["failed"]) == (3, 1)
    lines = [json.loads(x) for x in client.get(f"/v1/batches/{batch_id}/results").text.splitlines()]
    assert [x["status"] for x in lines] == ["done", "done", "failed"]
    assert "PDF" in lines[2]["error"]["message"]
    stored = client.app.state.careerpivot.store  # batch inputs are stored without personal data
    for row in stored.iter_results(batch_id):
        for value in RESUMES[0]["personal"].values():
            assert str(value) not in (row.input_json or "")


def test_a_zip_that_is_not_a_zip_is_refused(client: TestClient) -> None:
    response = client.post(
        "/v1/batches", content=b"PK\x03\x04garbage", headers={"content-type": "application/zip"}
    )
    assert response.status_code == 400 and "ZIP" in response.json()["error"]["message"]
