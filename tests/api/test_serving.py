"""Serving as an operator meets it: `careerpivot serve` with gunicorn's forked uvicorn workers, start-up
problems as one line, a data directory that turns read-only under the running service, and abusive API-key
guessing."""

from __future__ import annotations

import ast
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import MakeClient
from tests.api.readonly import read_only
from tests.api.test_keys_and_limits import make_key
from tests.api.test_restart import free_port
from tests.conftest import ROOT

SERVE = [sys.executable, "-m", "recommender.cli", "serve"]


def run_cli(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recommender.cli", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def assert_one_clear_line(done: subprocess.CompletedProcess[str], *expected: str) -> str:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


# --- start-up ----------------------------------------------------------------------------------------


def test_serve_with_a_read_only_data_dir_says_so_in_one_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    with read_only(data_dir):
        done = run_cli(
            ["serve"], {"CAREERPIVOT_DATA_DIR": str(data_dir), "CAREERPIVOT_PORT": str(free_port())}
        )
    line = assert_one_clear_line(done, str(data_dir), "not writable", "CAREERPIVOT_DATA_DIR")
    assert line.startswith("careerpivot: the data directory")


def test_serve_with_a_data_dir_that_cannot_be_created_says_so_in_one_line(tmp_path: Path) -> None:
    parent = tmp_path / "readonly-parent"
    parent.mkdir()
    with read_only(parent):
        done = run_cli(["serve"], {"CAREERPIVOT_DATA_DIR": str(parent / "var"), "CAREERPIVOT_PORT": "1"})
    assert_one_clear_line(done, f"cannot create the data directory {parent / 'var'}", "CAREERPIVOT_DATA_DIR")


def test_serve_with_a_corrupted_role_file_names_the_file(tmp_path: Path) -> None:
    catalog = tmp_path / "roles"
    catalog.mkdir()
    for role in (ROOT / "data" / "roles").glob("*.yaml"):
        (catalog / role.name).write_bytes(role.read_bytes())
    (catalog / "ai-fact-checker.yaml").write_bytes(b"id: ai-fact-checker\ntitle: \xff\xfe broken\n")
    env = {"CAREERPIVOT_DATA_DIR": str(tmp_path / "var"), "CAREERPIVOT_CATALOG_DIR": str(catalog)}
    assert_one_clear_line(run_cli(["serve"], env), str(catalog / "ai-fact-checker.yaml"), "UTF-8")
    (catalog / "ai-fact-checker.yaml").write_text("id: ai-fact-checker\ntitle: [unclosed\n")
    assert_one_clear_line(
        run_cli(["serve"], env), "ai-fact-checker.yaml: not valid YAML", "fix the role file"
    )


def test_serve_with_a_missing_models_dir_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-models"
    env = {"CAREERPIVOT_DATA_DIR": str(tmp_path / "var"), "CAREERPIVOT_MODELS_DIR": str(missing)}
    assert_one_clear_line(run_cli(["serve"], env), f"CAREERPIVOT_MODELS_DIR={missing} does not exist")


def test_serve_on_a_port_in_use_says_so_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = run_cli(
            ["serve"], {"CAREERPIVOT_DATA_DIR": str(tmp_path / "var"), "CAREERPIVOT_PORT": str(port)}
        )
    assert_one_clear_line(done, f"cannot listen on 127.0.0.1:{port}", "--port or CAREERPIVOT_PORT")


def test_migrate_runs_once_and_the_app_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    from api.main import create_app
    from api.settings import Settings

    settings = Settings(data_dir=tmp_path / "var", batch_processes=0)
    with pytest.raises(Exception, match="careerpivot migrate"), TestClient(create_app(settings)):
        pass
    done = run_cli(["migrate"], {"CAREERPIVOT_DATA_DIR": str(settings.data_dir)})
    assert done.returncode == 0 and "is up to date" in done.stdout, done.stderr


def test_the_engine_command_line_does_not_import_the_api() -> None:
    code = (
        "import sys, recommender.cli as cli; cli.main(['roles']); "
        "print(sorted(m for m in sys.modules if m == 'api' or m.startswith('api.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def _modules_after_a_request(tmp_path: Path, ranker: str) -> list[str]:
    """The heavy packages a fresh interpreter holds after the lifespan (model, index, warm-up) and a request."""
    code = f"""
import sys
from pathlib import Path
from fastapi.testclient import TestClient
from api.main import create_app
from api.settings import Settings
from api.store import migrate
settings = Settings(data_dir=Path({str(tmp_path / ranker)!r}), batch_processes=0, ranker={ranker!r})
settings.data_dir.mkdir(parents=True)
migrate(settings.sqlalchemy_url)
with TestClient(create_app(settings)) as client:
    assert client.post("/v1/recommendations", json={{"skills": ["copywriting"]}}).status_code == 200
print(sorted(m for m in ("torch", "sentence_transformers", "transformers", "skops", "sklearn") if m in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return list(ast.literal_eval(done.stdout.strip().splitlines()[-1]))


def test_the_hand_tuned_server_never_imports_torch_sentence_transformers_or_scikit_learn(
    tmp_path: Path,
) -> None:
    assert _modules_after_a_request(tmp_path, "hand-tuned") == []


def test_the_default_server_with_the_learned_ranker_never_imports_torch_or_scikit_learn(
    tmp_path: Path,
) -> None:
    """The learned ranker (the default since it won on the dev sets) is read from plain arrays; skops,
    whose trusted-type list imports all of scikit-learn and torch (about 3 s and 215 MB), is not used.
    TF-IDF is the engine's own (`recommender.encode.tfidf`): importing scikit-learn cost 2.4 s."""
    assert _modules_after_a_request(tmp_path, "auto") == []


# --- a data directory that turns read-only while the service runs ------------------------------------


def test_a_read_only_data_dir_answers_503_and_recovers(make_client: MakeClient, tmp_path: Path) -> None:
    client = make_client()
    data_dir = tmp_path / "var"
    assert client.get("/healthz").status_code == 200
    with read_only(data_dir):
        for response in (
            client.get("/v1/roles"),
            client.post("/v1/recommendations", json={"skills": ["copywriting"]}),
            client.post("/v1/batches", content=b"id,text\na,nurse\n", headers={"content-type": "text/csv"}),
        ):
            assert response.status_code == 503, response.text
            error = response.json()["error"]
            assert error["code"] == "storage_unavailable" and "retry" in error["message"]
            assert int(response.headers["Retry-After"]) > 0
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.json()["status"] == "not_ready"
        assert "data directory" in health.json()["error"]["message"]
    # Writable again: everything answers as before, with no restart.
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/v1/roles").status_code == 200
    created = client.post("/v1/batches", content=b"id,text\na,nurse\n", headers={"content-type": "text/csv"})
    assert created.status_code == 202


def test_a_read_only_database_answers_503_when_rate_limits_live_elsewhere(
    make_client: MakeClient, tmp_path: Path
) -> None:
    # Counters in memory (one process), so the request reaches the database, which refuses the write.
    client = make_client(rate_limit_storage="memory://")
    with read_only(tmp_path / "var"):
        assert client.get("/v1/roles").status_code == 200  # reads need no writes
        created = client.post(
            "/v1/batches", content=b"id,text\na,nurse\n", headers={"content-type": "text/csv"}
        )
        assert created.status_code == 503 and created.json()["error"]["code"] == "storage_unavailable"
    created = client.post("/v1/batches", content=b"id,text\na,nurse\n", headers={"content-type": "text/csv"})
    assert created.status_code == 202


# --- API keys ---------------------------------------------------------------------------------------


def test_guessing_api_keys_is_rate_limited_per_client_address(
    make_client: MakeClient, tmp_path: Path
) -> None:
    _, _, secret = make_key(tmp_path / "var")
    client = make_client(api_keys_required=True, failed_key_limit_per_minute=3)
    guesses = [client.get("/v1/roles", headers={"X-API-Key": f"cp_guess{i}"}) for i in range(4)]
    assert [g.status_code for g in guesses] == [401, 401, 401, 429]
    assert guesses[3].json()["error"]["code"] == "rate_limited"
    assert "invalid API key" in guesses[3].json()["error"]["message"]
    assert int(guesses[3].headers["Retry-After"]) >= 1
    # While the address is blocked even the right key is refused: a guess that hits says nothing.
    assert client.get("/v1/roles", headers={"X-API-Key": secret}).status_code == 429
    # Another address is not affected by this one's guesses.
    other = TestClient(client.app, client=("203.0.113.9", 50_000))
    assert other.get("/v1/roles", headers={"X-API-Key": secret}).status_code == 200


# --- the real server with two worker processes ---------------------------------------------------


def start(data_dir: Path, port: int, log: Path, **settings: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CAREERPIVOT_DATA_DIR": str(data_dir),
        "CAREERPIVOT_PORT": str(port),
        "CAREERPIVOT_BATCH_PROCESSES": "0",
        **settings,
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            SERVE, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return process


def wait_ready(process: subprocess.Popen[bytes], log: Path, workers: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.read_text().count("Application startup complete") >= workers:
            return
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    raise AssertionError(f"{workers} workers not ready in {timeout} s:\n{log.read_text()[-3000:]}")


def answering_processes(log: Path, path: str) -> dict[int, list[int]]:
    """Statuses per worker process id, from each worker's request log lines."""
    seen: dict[int, list[int]] = {}
    for pid, status in re.findall(rf"\[(\d+)\] \S+ GET {re.escape(path)} (\d{{3}}) ", log.read_text()):
        seen.setdefault(int(pid), []).append(int(status))
    return seen


@pytest.mark.slow
def test_serve_loads_the_engine_once_and_forks_its_workers(tmp_path: Path) -> None:
    data_dir, port, log = tmp_path / "var", free_port(), tmp_path / "server.log"
    server = start(data_dir, port, log, CAREERPIVOT_WORKERS="2")
    try:
        wait_ready(server, log, 2)
        answer = httpx.post(f"http://127.0.0.1:{port}/v1/recommendations", json={"skills": ["copywriting"]})
        workers = [int(p) for p in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    text = log.read_text()
    # The role index is built (or read from its cache) once, by the parent, before any worker exists.
    assert re.findall(r"\[(\d+)\] role index ready", text) == [str(server.pid)], text[-3000:]
    assert sorted(int(p) for p in re.findall(r"\[(\d+)\] Application startup complete", text)) == sorted(
        workers
    )
    assert len(workers) == 2 and server.pid not in workers
    assert answer.status_code == 200 and answer.json()["suggestions"]
    assert server.returncode == 0 and "Traceback" not in text


@pytest.mark.slow
def test_rate_limit_holds_across_two_server_processes(tmp_path: Path) -> None:
    data_dir, port, log = tmp_path / "var", free_port(), tmp_path / "server.log"
    server = start(data_dir, port, log, CAREERPIVOT_WORKERS="2", CAREERPIVOT_RATE_LIMIT_PER_MINUTE="10")
    try:
        wait_ready(server, log, 2)
        codes = []
        # Each request on a new connection, until both processes have answered some (bounded).
        for _ in range(200):
            codes.append(httpx.get(f"http://127.0.0.1:{port}/v1/roles/ai-fact-checker").status_code)
            time.sleep(0.01)
            if len(codes) >= 30 and len(answering_processes(log, "/v1/roles/ai-fact-checker")) == 2:
                break
        limited = httpx.get(f"http://127.0.0.1:{port}/v1/roles/ai-fact-checker")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    per_process = answering_processes(log, "/v1/roles/ai-fact-checker")
    assert len(per_process) == 2, f"one process answered everything: {per_process}"
    assert codes.count(200) == 10 and codes[:10] == [200] * 10 and set(codes[10:]) == {429}, codes
    assert limited.status_code == 429 and 1 <= int(limited.headers["Retry-After"]) <= 60
    assert "Traceback" not in log.read_text()


def test_serve_caps_malloc_arenas_for_itself_and_its_batch_processes() -> None:
    """Fewer per-thread malloc arenas keep a threaded server's freed memory from piling up (glibc)."""
    script = (
        "import os, platform; from api.serve import limit_malloc_arenas;"
        "applied = limit_malloc_arenas(); print(applied, os.environ['MALLOC_ARENA_MAX'], platform.libc_ver()[0])"
    )
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    applied, arenas, libc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert arenas == "2"  # what spawned batch processes read as they start
    assert applied == str(libc == "glibc")
    kept = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env | {"MALLOC_ARENA_MAX": "4"},
        capture_output=True,
        text=True,
    ).stdout.split()[1]
    assert kept == "4"  # the operator's own setting wins
