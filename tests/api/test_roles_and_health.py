from __future__ import annotations

from fastapi.testclient import TestClient


def test_health_is_ok_once_loaded(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["roles"] == 32


def test_roles_lists_the_whole_catalog(client: TestClient) -> None:
    body = client.get("/v1/roles").json()
    assert len(body["roles"]) == 32
    role = body["roles"][0]
    assert {"id", "title", "summary", "required_skills", "pay", "entry_paths", "sources"} <= set(role)


def test_single_role_and_unknown_role(client: TestClient) -> None:
    role = client.get("/v1/roles/ai-fact-checker").json()
    assert role["id"] == "ai-fact-checker" and role["required_skills"][0]["weight"] == 1.0
    missing = client.get("/v1/roles/astronaut")
    assert missing.status_code == 404
    assert missing.json()["error"] == {
        "code": "role_not_found",
        "message": "no role with id 'astronaut'; GET /v1/roles lists the ids",
    }


def test_openapi_docs_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/recommendations", "/v1/roles", "/v1/batches", "/healthz"} <= set(paths)


def test_cors_allow_list_comes_from_settings(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(cors_origins=["https://jobs.example.org"])
    allowed = client.options(
        "/v1/roles", headers={"Origin": "https://jobs.example.org", "Access-Control-Request-Method": "GET"}
    )
    assert allowed.headers.get("access-control-allow-origin") == "https://jobs.example.org"
    denied = client.options(
        "/v1/roles", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert "access-control-allow-origin" not in denied.headers
