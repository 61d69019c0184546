"""The real server, started as the README says: killed with SIGKILL mid-batch and started again; one of its
worker processes killed while it serves (gunicorn's process manager forks a new one)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT

TEXT = (
    "Customer support lead for {n} years: Zendesk tickets, escalations, help-center articles, coaching new agents, "
    "weekly CSAT reports in Excel, chat macros, refunds and billing questions, training on the new CRM."
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data_dir: Path, port: int, **settings: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        **settings,
        "CAREERPIVOT_DATA_DIR": str(data_dir),
        "CAREERPIVOT_PORT": str(port),
        "CAREERPIVOT_BATCH_CHUNK_SIZE": "8",
        "CAREERPIVOT_WORKER_POLL_SECONDS": "0.1",
    }
    log = open(data_dir.parent / f"server-{port}-{time.time_ns()}.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        ["make", "-s", "run"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}; see {log.name}")
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    raise AssertionError("server did not become healthy in 120 s")


@pytest.mark.slow
def test_batch_survives_kill_9_with_every_row_exactly_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    rows = 240
    body = "".join(
        json.dumps({"id": f"p{i:03d}", "text": TEXT.format(n=i % 20 + 1)}) + "\n" for i in range(rows)
    )

    server = start_server(data_dir, port)
    try:
        batch_id = httpx.post(
            f"{base}/v1/batches", content=body, headers={"content-type": "application/x-ndjson"}
        ).json()["id"]
        deadline = time.monotonic() + 120
        processed = 0
        while time.monotonic() < deadline:
            processed = httpx.get(f"{base}/v1/batches/{batch_id}").json()["processed"]
            if processed >= 16:
                break
            time.sleep(0.5)  # under the 120-a-minute rate limit
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    assert 0 < processed < rows, f"the kill should land mid-batch (processed {processed} of {rows})"

    server = start_server(data_dir, port)
    try:
        deadline = time.monotonic() + 300
        status = {}
        while time.monotonic() < deadline:
            status = httpx.get(f"{base}/v1/batches/{batch_id}").json()
            if status["status"] == "done":
                break
            time.sleep(0.5)  # under the 120-a-minute rate limit
        assert status["status"] == "done" and status["processed"] == rows and status["failed"] == 0
        lines = [
            json.loads(x)
            for x in httpx.get(f"{base}/v1/batches/{batch_id}/results", timeout=60).text.splitlines()
        ]
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    assert [x["id"] for x in lines] == [f"p{i:03d}" for i in range(rows)]
    assert all(x["status"] == "done" and x["suggestions"] for x in lines)


def ready_processes(log_dir: Path) -> int:
    """How many server processes have said they are ready (each logs it once its app has started)."""
    return sum(log.read_text().count("Application startup complete") for log in log_dir.glob("server-*.log"))


def wait_until_ready(log_dir: Path, processes: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while ready_processes(log_dir) < processes and time.monotonic() < deadline:
        time.sleep(0.2)
    assert ready_processes(log_dir) == processes, f"{ready_processes(log_dir)} of {processes} processes ready"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def server_processes(session: int) -> list[int]:
    """The worker processes of a `make run` session: `careerpivot serve` processes whose parent is one too.

    `careerpivot serve` is gunicorn's parent process; it forks the workers, which have the same command line.
    """
    serving: dict[int, int] = {}  # pid -> parent pid
    for entry in Path("/proc").iterdir():
        try:
            if (
                entry.name.isdigit()
                and os.getsid(int(entry.name)) == session
                and b"serve" in (entry / "cmdline").read_bytes()
            ):
                state, parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
                if state != "Z":
                    serving[int(entry.name)] = int(parent)
        except OSError:
            pass
    return sorted(pid for pid, parent in serving.items() if parent in serving)


@pytest.mark.slow
def test_a_killed_server_process_is_replaced_while_the_other_keeps_answering(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(data_dir, port, CAREERPIVOT_WORKERS="2", CAREERPIVOT_BATCH_PROCESSES="0")
    try:
        wait_until_ready(tmp_path, 2)
        before = server_processes(server.pid)
        assert len(before) == 2, f"expected two server processes, found {before}"
        os.kill(before[0], signal.SIGKILL)
        while _alive(before[0]):  # its socket closes as it exits; connections it held are lost
            time.sleep(0.01)
        # New connections go to the process still listening: every request is answered meanwhile.
        answered = 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            response = httpx.post(f"{base}/v1/recommendations", json={"skills": ["copywriting"]}, timeout=30)
            assert response.status_code == 200
            answered += 1
            now = server_processes(server.pid)
            if len(now) == 2 and before[0] not in now:
                break
            time.sleep(0.1)
        assert len(now) == 2 and before[0] not in now, f"the killed process was not replaced: {now}"
        assert answered > 0
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
