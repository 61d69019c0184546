from __future__ import annotations

from pathlib import Path

from api.store import Store, migrate


def make_key(data_dir: Path, name: str = "jobs.example") -> tuple[Store, str, str]:
    url = f"sqlite:///{(data_dir / 'careerpivot.sqlite3').resolve()}"
    data_dir.mkdir(parents=True, exist_ok=True)
    migrate(url)
    store = Store(url)
    key, secret = store.create_key(name)
    return store, key.id, secret


def test_api_key_is_enforced_and_a_revoked_key_is_refused(make_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, key_id, secret = make_key(tmp_path / "var")
    client = make_client(api_keys_required=True)

    missing = client.get("/v1/roles")
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "missing_api_key"
    wrong = client.get("/v1/roles", headers={"X-API-Key": "cp_wrong"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_api_key"
    assert client.get("/v1/roles", headers={"X-API-Key": secret}).status_code == 200
    assert client.post("/v1/recommendations", json={"skills": ["SQL"]}).status_code == 401
    assert client.get("/healthz").status_code == 200  # health stays open for load balancers

    assert store.revoke_key(key_id)
    revoked = client.get("/v1/roles", headers={"X-API-Key": secret})
    assert revoked.status_code == 401 and revoked.json()["error"]["code"] == "invalid_api_key"


def test_keys_are_stored_hashed(tmp_path: Path) -> None:
    store, _, secret = make_key(tmp_path)
    assert secret.encode() not in (tmp_path / "careerpivot.sqlite3").read_bytes()
    assert store.find_key(secret) is not None
    assert [k.prefix for k in store.list_keys()] == [secret[:10]]


def test_batches_are_private_to_the_key_that_made_them(make_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, _, first = make_key(tmp_path / "var", "board-a")
    _, second = store.create_key("board-b")
    client = make_client(api_keys_required=True)
    created = client.post(
        "/v1/batches", content=b"id,text\na,nurse\n", headers={"content-type": "text/csv", "X-API-Key": first}
    )
    batch_id = created.json()["id"]
    assert client.get(f"/v1/batches/{batch_id}", headers={"X-API-Key": first}).status_code == 200
    assert client.get(f"/v1/batches/{batch_id}", headers={"X-API-Key": second}).status_code == 404


def test_rate_limit_answers_429_with_retry_after(make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(rate_limit_per_minute=3)
    codes = [client.get("/v1/roles/ai-fact-checker").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/v1/roles/ai-fact-checker")
    assert limited.json()["error"]["code"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) >= 1


def test_keys_command_creates_lists_and_revokes(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from api.settings import get_settings
    from recommender.cli import main

    monkeypatch.setenv("CAREERPIVOT_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        assert main(["keys", "create", "--name", "jobs.example"]) == 0
        secret = capsys.readouterr().out.strip().splitlines()[-1]
        assert secret.startswith("cp_")
        assert main(["keys", "list"]) == 0
        listing = capsys.readouterr().out
        assert "jobs.example" in listing and "active" in listing and secret not in listing
        assert main(["keys", "revoke", secret[:10]]) == 0
        assert main(["keys", "list"]) == 0
        assert "revoked" in capsys.readouterr().out
        assert main(["keys", "revoke", "nope"]) == 2
    finally:
        get_settings.cache_clear()
