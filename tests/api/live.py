"""A real server process on loopback (uvicorn serving `api.main:app`), for memory, kill -9 and restart tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from api.settings import Settings
from api.store import migrate
from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _status_field(pid: int, name: str) -> int:
    """A field of /proc/<pid>/status in bytes (VmRSS: now, VmHWM: the peak since the last reset)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(f"{name} not in /proc/{pid}/status")


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                pass
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@dataclass
class LiveServer:
    process: subprocess.Popen[bytes]
    port: int
    data_dir: Path
    log_path: Path
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss(self) -> int:
        return _status_field(self.pid, "VmRSS")

    def reset_peak(self) -> None:
        """Start the peak-RSS count (VmHWM) afresh at the current RSS (Linux: clear_refs 5)."""
        Path(f"/proc/{self.pid}/clear_refs").write_text("5")

    def peak(self) -> int:
        return _status_field(self.pid, "VmHWM")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """kill -9 of the server process alone (its children are left to notice)."""
        if self.process.poll() is None:
            os.kill(self.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """Stop the server and anything it started (its own process group)."""
        if self.process.poll() is None:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        self.process.wait()


def start_server(
    data_dir: Path, port: int | None = None, timeout: float = 180.0, **settings: str
) -> LiveServer:
    """Start `uvicorn api.main:app` from this checkout with CAREERPIVOT_* settings; waits for /healthz."""
    port = port or free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "CAREERPIVOT_DATA_DIR": str(data_dir),
        "CAREERPIVOT_BATCH_PROCESSES": "0",
        "CAREERPIVOT_WORKER_POLL_SECONDS": "0.1",
        **{f"CAREERPIVOT_{k.upper()}": v for k, v in settings.items()},
    }
    if "database_url" not in settings:  # as `careerpivot serve` does before its workers start
        migrate(Settings(data_dir=data_dir).sqlalchemy_url)
    log_path = data_dir.parent / f"server-{port}-{time.time_ns()}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = LiveServer(process, port, data_dir, log_path, settings)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{server.base}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}:\n{server.log()[-3000:]}")
        time.sleep(0.2)
    server.stop()
    raise AssertionError(f"server did not become healthy in {timeout:.0f} s:\n{server.log()[-3000:]}")
