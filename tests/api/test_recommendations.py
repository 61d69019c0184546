from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.routes import recommendations

RESUME = (
    "Paralegal at a mid-size firm for 6 years: legal research in Westlaw, contract review, drafting motions, "
    "e-discovery document review, case file management."
)


def test_recommendations_follow_the_contract(client: TestClient) -> None:
    response = client.post("/v1/recommendations", json={"text": RESUME, "skills": ["Relativity"], "top_k": 4})
    assert response.status_code == 200
    body = response.json()
    assert len(body["suggestions"]) == 4
    assert body["suggestions"][0]["role_id"] == "ai-legal-trainer"
    scores = [s["score"] for s in body["suggestions"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    for suggestion in body["suggestions"]:
        assert suggestion["reasons"]
        for item in suggestion["transferable_skills"]:
            assert item["evidence"] in RESUME or item["evidence"] == "Relativity"
        for gap in suggestion["skill_gaps"]:
            assert 0 <= gap["importance"] <= 1
    assert body["profile"]["languages"] == ["en"]
    assert set(body["model"]) >= {"name", "version", "catalog_version"}
    assert response.headers["X-Request-ID"]


def test_top_k_defaults_to_five(client: TestClient) -> None:
    body = client.post("/v1/recommendations", json={"skills": ["copywriting", "SEO"]}).json()
    assert len(body["suggestions"]) == 5


def test_empty_profile_gets_422_saying_what_to_send(client: TestClient) -> None:
    response = client.post("/v1/recommendations", json={"text": "  ", "skills": []})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_profile" and "send 'text'" in error["message"]


def test_missing_both_fields_is_an_empty_profile(client: TestClient) -> None:
    response = client.post("/v1/recommendations", json={"top_k": 3})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_profile"


@pytest.mark.parametrize("top_k", [0, 51, "many"])
def test_top_k_out_of_range_is_rejected(client: TestClient, top_k: object) -> None:
    response = client.post("/v1/recommendations", json={"text": RESUME, "top_k": top_k})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error" and "top_k" in error["message"]


def test_unknown_fields_are_rejected_by_name(client: TestClient) -> None:
    response = client.post("/v1/recommendations", json={"text": RESUME, "resume": "x"})
    assert response.status_code == 422
    assert "resume: unknown field" in response.json()["error"]["message"]


def test_text_over_the_documented_limit_is_rejected(client: TestClient) -> None:
    response = client.post("/v1/recommendations", json={"text": "word " * 4001})
    assert response.status_code == 422
    assert "20000 characters" in response.json()["error"]["message"]


def test_body_over_the_size_limit_gets_413(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(max_body_bytes=1000)
    response = client.post("/v1/recommendations", json={"text": "x" * 2000})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_malformed_json_gets_a_json_error(client: TestClient) -> None:
    response = client.post(
        "/v1/recommendations", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_wrong_types_are_named(client: TestClient) -> None:
    response = client.post("/v1/recommendations", json={"skills": "Python, SQL"})
    assert response.status_code == 422
    assert "skills" in response.json()["error"]["message"]


def test_unknown_path_and_method_get_json_errors(client: TestClient) -> None:
    assert client.get("/v2/nothing").json()["error"]["code"] == "not_found"
    response = client.get("/v1/recommendations")
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"


def test_a_recommendation_runs_its_dependencies_on_the_event_loop() -> None:
    # FastAPI runs a plain `def` dependency on a worker thread: a thread hand-off per dependency per
    # request, which under 8 concurrent clients cost more than the dependencies' work (api/deps.py).
    route = next(
        r for r in recommendations.router.routes if isinstance(r, APIRoute) and r.name == "recommend"
    )

    def calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
        for dependency in dependant.dependencies:
            if dependency.call is not None:
                yield dependency.call
            yield from calls(dependency)

    dependencies = list(calls(route.dependant))
    assert dependencies
    assert [c.__name__ for c in dependencies if not inspect.iscoroutinefunction(c)] == []
