"""The package as a user installs it: build the wheel, install it in a fresh venv, recommend and serve.

The fresh venv reuses this environment's dependencies (a `.pth` line naming its
site-packages, whose own `.pth` files, such as an editable install of this
checkout, are not run), so nothing is downloaded; careerpivot itself comes only
from the wheel, and every command runs outside the checkout.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import sysconfig
import time
import venv
from pathlib import Path

import httpx
import pytest

from tests.api.test_restart import free_port
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; returns its bin directory."""
    pytest.importorskip("hatchling", reason="building the wheel needs hatchling (the dev extra)")
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", work, ROOT],
        check=True,
        timeout=600,
    )
    (wheel,) = work.glob("careerpivot-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=False)
    purelib = Path(sysconfig.get_path("purelib", vars={"base": str(env_dir), "platbase": str(env_dir)}))
    (purelib / "shared-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    python = env_dir / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel], check=True, timeout=600
    )
    return env_dir / "bin"


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [bin_dir / "careerpivot", *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.slow
def test_the_installed_wheel_recommends_from_its_bundled_data(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [installed / "python", "-c", "import recommender; print(recommender.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(installed.parent)), f"careerpivot imported from {where}, not the wheel"
    done = run(
        installed, "recommend", "--skills", "fact-checking; AP style; interviewing", "--json", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["suggestions"][0]["role_id"] in {
        "ai-fact-checker",
        "ai-content-editor",
        "ai-writing-trainer",
    }
    assert result["model"]["ranker"]  # the bundled models/ were looked at
    roles = run(installed, "roles", cwd=tmp_path)
    assert roles.returncode == 0 and roles.stdout.startswith("32 roles"), roles.stderr


@pytest.mark.slow
def test_the_installed_wheel_serves(installed: Path, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "CAREERPIVOT_DATA_DIR": str(tmp_path / "var"), "CAREERPIVOT_PORT": str(port)}
    env |= {"CAREERPIVOT_WORKERS": "1", "CAREERPIVOT_BATCH_PROCESSES": "0"}
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [installed / "careerpivot", "serve"],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        answer = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                answer = httpx.post(
                    f"http://127.0.0.1:{port}/v1/recommendations",
                    json={"skills": ["copywriting"]},
                    timeout=10,
                )
                break
            except httpx.HTTPError:
                time.sleep(0.2)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
        log.close()
    assert answer is not None, (tmp_path / "server.log").read_text()[-3000:]
    assert answer.status_code == 200 and answer.json()["suggestions"]
