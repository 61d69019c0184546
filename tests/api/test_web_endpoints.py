"""The endpoints the web pages use: explanations of chosen roles, a key's batches, a cohort summary, CORS."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import MakeClient, wait_for_batch

JOURNALIST = "Recent journalism graduate, fact-checked features, AP style, interviewing"


def test_explanation_gives_rank_and_every_requirements_coverage_with_verbatim_evidence(
    client: TestClient,
) -> None:
    body = client.post(
        "/v1/explanations", json={"text": JOURNALIST, "role_ids": ["ai-fact-checker", "ml-engineer"]}
    ).json()
    fact, ml = body["explanations"]
    assert (fact["role_id"], ml["role_id"]) == ("ai-fact-checker", "ml-engineer")
    assert fact["rank"] < ml["rank"] <= fact["catalog_size"] == 32
    role = client.get("/v1/roles/ai-fact-checker").json()
    names = [s["skill"] for s in role["required_skills"] + role["nice_to_have_skills"]]
    assert [r["skill"] for r in fact["requirements"]] == names
    for requirement in fact["requirements"]:
        assert 0 <= requirement["coverage"] <= 1
        assert requirement["evidence"] is None or requirement["evidence"] in JOURNALIST
    claim = next(r for r in fact["requirements"] if r["skill"] == "claim verification against sources")
    assert claim["coverage"] >= 0.6 and claim["evidence"] == "fact-checked features"
    # The ML engineer's missing prerequisite is the reason it ranks low.
    assert any(g["prerequisite"] for g in ml["skill_gaps"])


def test_explanation_score_is_the_one_the_ranking_gave(client: TestClient) -> None:
    ranked = client.post("/v1/recommendations", json={"text": JOURNALIST, "top_k": 3}).json()["suggestions"]
    ids = [s["role_id"] for s in ranked]
    explained = client.post("/v1/explanations", json={"text": JOURNALIST, "role_ids": ids}).json()
    assert [e["score"] for e in explained["explanations"]] == [s["score"] for s in ranked]
    assert [e["rank"] for e in explained["explanations"]] == [1, 2, 3]


def test_explanation_of_an_unknown_role_is_a_404_naming_it(client: TestClient) -> None:
    response = client.post("/v1/explanations", json={"skills": ["SEO"], "role_ids": ["astronaut"]})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "role_not_found"
    assert "'astronaut'" in response.json()["error"]["message"]


def test_explanation_without_a_profile_or_roles_says_what_is_missing(client: TestClient) -> None:
    empty = client.post("/v1/explanations", json={"role_ids": ["ai-fact-checker"]})
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "invalid_profile"
    no_roles = client.post("/v1/explanations", json={"skills": ["SEO"], "role_ids": []})
    assert no_roles.status_code == 422 and "role_ids" in no_roles.json()["error"]["message"]


def test_explanation_of_an_uploaded_resume(client: TestClient) -> None:
    response = client.post(
        "/v1/explanations/upload",
        files={
            "file": ("cv.txt", b"Copywriter: SEO, brand voice, editing long-form articles.", "text/plain")
        },
        data={"role_ids": ["ai-content-editor", "prompt-engineer"]},
    )
    assert response.status_code == 200, response.text
    assert [e["role_id"] for e in response.json()["explanations"]] == ["ai-content-editor", "prompt-engineer"]


def test_batches_are_listed_for_the_key_that_sent_them(make_client: MakeClient) -> None:
    client = make_client(api_keys_required=True)
    state = client.app.state.careerpivot  # type: ignore[attr-defined]
    _, mine = state.store.create_key("counsellor")
    _, theirs = state.store.create_key("someone else")
    csv = b"id,skills\na,SEO;copywriting\n"
    sent = client.post("/v1/batches", content=csv, headers={"content-type": "text/csv", "x-api-key": mine})
    client.post("/v1/batches", content=csv, headers={"content-type": "text/csv", "x-api-key": theirs})
    listed = client.get("/v1/batches", headers={"x-api-key": mine}).json()["batches"]
    assert [b["id"] for b in listed] == [sent.json()["id"]]
    assert client.get("/v1/batches").status_code == 401


def test_cohort_summary_counts_roles_gaps_skills_and_lists_row_errors(client: TestClient) -> None:
    csv = (
        b"id,text,skills\n"
        b'ana,"Journalist: fact-checked features, AP style, interviewing",\n'
        b'budi,"Reporter, fact-checking, copy editing",\n'
        b"gita,,\n"
    )
    batch = client.post("/v1/batches", content=csv, headers={"content-type": "text/csv"}).json()
    wait_for_batch(client, batch["id"])
    summary = client.get(f"/v1/batches/{batch['id']}/summary").json()
    assert (summary["people"], summary["failed"], summary["pending"]) == (2, 1, 0)
    assert summary["roles"][0]["people"] == 2  # both journalists share a top-3 role
    assert sum(r["first_choice"] for r in summary["roles"]) == 2
    assert all(g["people"] >= 1 for g in summary["gaps"])
    assert any(s["skill"].lower() == "fact-checking" for s in summary["skills"])
    assert summary["errors"] == [
        {"id": "gita", "code": summary["errors"][0]["code"], "message": "row 3 has neither text nor skills"}
    ]
    assert client.get("/v1/batches/nope/summary").status_code == 404


def test_pages_and_widget_are_served_by_the_app(client: TestClient) -> None:
    for path, kind in (("/", "text/html"), ("/batches", "text/html"), ("/widget.js", "text/javascript")):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["content-type"].startswith(kind)
    page = client.get("/").text
    assert "http://" not in page and "https://" not in page  # nothing fetched from elsewhere
    assert client.get("/web/style.css").status_code == 200
    config = client.get("/web-config.json").json()
    assert config["max_upload_bytes"] == 5_000_000 and config["api_keys_required"] is False


def test_cors_lets_only_the_configured_origins_call_from_a_browser(make_client: MakeClient) -> None:
    client = make_client(cors_origins=["https://jobs.example"])
    preflight = {
        "access-control-request-method": "POST",
        "access-control-request-headers": "x-api-key,content-type",
    }
    allowed = client.options("/v1/recommendations", headers={"origin": "https://jobs.example", **preflight})
    assert allowed.headers["access-control-allow-origin"] == "https://jobs.example"
    other = client.options("/v1/recommendations", headers={"origin": "https://evil.example", **preflight})
    assert "access-control-allow-origin" not in other.headers


def test_without_cors_origins_only_the_same_origin_may_call(client: TestClient) -> None:
    response = client.post(
        "/v1/recommendations", json={"skills": ["SEO"]}, headers={"origin": "https://jobs.example"}
    )
    assert "access-control-allow-origin" not in response.headers
