"""`make bench`: speed and memory of the whole path, printed as a table and written to bench/RESULTS.md.

Measures, on this machine, against the real server started as `careerpivot serve`:
1. cold start: process start to the first answered recommendation (empty data dir, and a restart);
2. warm latency over HTTP (p50/p95/p99) for a 5-skill list, a 20-skill list and a 500-word résumé,
   sequential and with 8 concurrent clients, once every server process has seen the profiles (and,
   beside it, the sequential latency at the first sight of them);
3. batch throughput for 2,000 résumé-length profiles through POST /v1/batches, beside the raw encoder
   throughput of the same model on the same texts in the same run;
4. peak resident memory of the server.
Latency is measured with bench/load.py (one thread, prebuilt HTTP/1.1 requests on keep-alive connections),
whose own CPU per request is reported beside the figures: client and server share this machine's cores.
Each figure is the median of --runs runs. Inputs are built from the project's own training profiles and
skill vocabulary, so the benchmark needs nothing outside the repository.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import httpx
import load  # bench/load.py: the latency load generator
import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- inputs -----------------------------------------------------------------------------------------
def build_inputs(seed: int = 7) -> dict[str, list[dict[str, object]]]:
    rng = random.Random(seed)
    profiles = [json.loads(line) for line in (ROOT / "data/training/profiles.jsonl").read_text().splitlines()]
    texts = [p["text"] for p in profiles if p.get("text")]
    vocabulary = [e["skill"] for e in yaml.safe_load((ROOT / "data/skills.yaml").read_text())]
    listed = [s for p in profiles for s in p.get("skills") or []]
    pool = vocabulary + listed

    def resume(words: int) -> str:
        out: list[str] = []
        while len(out) < words:
            out.extend(rng.choice(texts).split())
        return " ".join(out[:words])

    return {
        "5 skills": [{"skills": rng.sample(pool, 5)} for _ in range(60)],
        "20 skills": [{"skills": rng.sample(pool, 20)} for _ in range(60)],
        "500-word resume": [{"text": resume(500)} for _ in range(60)],
        "batch": [{"id": f"p{i:04d}", "text": resume(rng.randint(300, 600))} for i in range(2000)],
    }


# --- the server -------------------------------------------------------------------------------------
class Server:
    def __init__(self, data_dir: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "CAREERPIVOT_DATA_DIR": str(data_dir),
            "CAREERPIVOT_PORT": str(self.port),
            "CAREERPIVOT_RATE_LIMIT_PER_MINUTE": "1000000",
        }
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "recommender.cli", "serve"],  # `careerpivot serve` of this checkout
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def first_answer(self, timeout: float = 120.0) -> float:
        """Seconds from process start to the first answered recommendation."""
        deadline = time.perf_counter() + timeout
        # One client: a bare httpx.post builds a TLS context per call (~18 ms of CPU), taken from the
        # server it is waiting for.
        with httpx.Client(timeout=5) as client:
            while time.perf_counter() < deadline:
                try:
                    r = client.post(f"{self.base}/v1/recommendations", json={"skills": ["copywriting"]})
                    if r.status_code == 200:
                        return time.perf_counter() - self.started
                except httpx.HTTPError:
                    pass
                time.sleep(0.05)
        raise RuntimeError("server did not answer within the timeout")

    def peak_rss_mb(self) -> tuple[float, float]:
        """Peak resident memory (VmHWM): the largest server process, and all server processes together.

        `careerpivot serve` is gunicorn's parent process with one forked worker process per core; the
        worker that runs batches has its own batch processes. Every descendant is counted in the total.
        """
        processes = [self.process.pid, *_descendants(self.process.pid)]
        peaks = [_vmhwm_mb(pid) for pid in processes]
        return max(peaks), sum(peaks)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def tree_pss_mb(root: int) -> float:
    """Proportional set size of a process and its descendants now: each shared page counted once.

    `careerpivot serve` forks its workers from a parent that loaded the engine, so most of the model's
    pages are shared: summing each process's RSS counts them once per process, the PSS sum once in all.
    """
    total = 0
    for pid in [root, *_descendants(root)]:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


class PeakPss:
    """The largest `tree_pss_mb` of a process tree over the samples taken (e.g. while a batch runs)."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak = tree_pss_mb(root)

    def sample(self) -> None:
        self.peak = max(self.peak, tree_pss_mb(self.root))


def _vmhwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            children.setdefault(_ppid(int(p.name)), []).append(int(p.name))
    out, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _ppid(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


# --- measurements -----------------------------------------------------------------------------------
def percentiles(samples: list[float]) -> tuple[float, float, float]:
    a = np.asarray(samples) * 1000
    return float(np.percentile(a, 50)), float(np.percentile(a, 95)), float(np.percentile(a, 99))


def latency(
    base: str,
    bodies: list[dict[str, object]],
    clients: int,
    requests: int,
    warm_up: int = load.WARM_UP_REQUESTS,
) -> tuple[float, float, float, float]:
    """p50, p95, p99 (ms) and the load generator's own CPU per request (ms)."""
    samples, client_cpu = load.latency(base, bodies, clients, requests, warm_up)
    return (*percentiles(samples), client_cpu * 1000)


def warm_every_process(base: str, bodies: list[dict[str, object]], passes: int = 5) -> None:
    """Send each profile `passes` times, each on a new connection (so to a random server process)."""
    with httpx.Client(base_url=base, timeout=60, headers={"Connection": "close"}) as client:
        for _ in range(passes):
            for body in bodies:
                client.post("/v1/recommendations", json=body).raise_for_status()


def batch_throughput(
    base: str, rows: list[dict[str, object]], watch: Callable[[], object] | None = None
) -> float:
    """Profiles per second from upload to the last row done, polling the status every 0.1 s.

    One client for all the calls: a bare `httpx.get` builds a TLS context each time (~18 ms of CPU),
    which made the polling take a fifth of a core from the server it was timing. `watch`, when given,
    is called every fifth poll (e.g. `PeakPss.sample`).
    """
    body = "".join(json.dumps(r) + "\n" for r in rows)
    with httpx.Client(base_url=base, timeout=60) as client:
        start = time.perf_counter()
        batch_id = client.post(
            "/v1/batches", content=body, headers={"content-type": "application/x-ndjson"}
        ).json()["id"]
        polls = 0
        while True:
            status = client.get(f"/v1/batches/{batch_id}").json()
            if status["status"] in ("done", "failed"):
                break
            polls += 1
            if watch is not None and polls % 5 == 0:
                watch()
            time.sleep(0.1)
        elapsed = time.perf_counter() - start
        if status["processed"] != len(rows) or status["failed"]:
            raise RuntimeError(f"batch ended badly: {status}")
        client.delete(f"/v1/batches/{batch_id}")
    return len(rows) / elapsed


def raw_encoder_throughput(
    texts: list[str], strings: Callable[[list[str]], list[str]] | None = None
) -> float:
    """Profiles per second of the bare encoder (no cache) on the same texts, in this process (2 threads)."""
    from recommender.encode.embedding import UniversalSentenceEncoder

    encoder = UniversalSentenceEncoder(threads=2)
    inputs = strings(texts) if strings else texts
    start = time.perf_counter()
    for i in range(0, len(inputs), 256):
        encoder.encode(inputs[i : i + 256])
    return len(texts) / (time.perf_counter() - start)


_raw_encoder: object = None


def _load_raw_encoder() -> None:
    global _raw_encoder
    from recommender.encode.embedding import UniversalSentenceEncoder

    _raw_encoder = UniversalSentenceEncoder(threads=1)


def _encode_part(texts: list[str]) -> int:
    for i in range(0, len(texts), 256):
        _raw_encoder.encode(texts[i : i + 256])  # type: ignore[attr-defined]
    return len(texts)


def raw_encoder_throughput_processes(texts: list[str], processes: int = 2) -> float:
    """The bare encoder laid out like the batch path: `processes` processes of 1 thread (load not timed)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_load_raw_encoder) as pool:
        list(pool.map(_encode_part, [["warm up"]] * processes))
        start = time.perf_counter()
        done = sum(pool.map(_encode_part, [texts[i::processes] for i in range(processes)]))
        return done / (time.perf_counter() - start)


def pipeline_strings(texts: list[str]) -> list[str]:
    """What the engine encodes for these profiles: each phrase (and vocabulary name) plus the whole text."""
    from recommender.profile.skills import build_profile

    out: list[str] = []
    for text in texts:
        profile = build_profile(text=text)
        for phrase in profile.phrases:
            out.extend(phrase.views)
        out.append(profile.document)
    return out


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=400, help="requests per latency measurement")
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()

    inputs = build_inputs()
    batch_rows = inputs["batch"][: args.batch_size]
    rows: list[tuple[str, str]] = []
    cold: list[float] = []
    restart: list[float] = []
    lat: dict[tuple[str, int], list[tuple[float, float, float, float]]] = {}
    first: dict[str, list[tuple[float, float, float, float]]] = {}
    first_batch: list[float] = []
    batch: list[float] = []
    raw: list[float] = []
    raw_same_strings: list[float] = []
    raw_processes: list[float] = []
    rss_latency: list[float] = []
    rss_batch: list[float] = []
    rss_batch_total: list[float] = []
    pss_batch: list[float] = []

    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            data_dir = Path(tmp) / "var"
            server = Server(data_dir)
            try:
                cold.append(server.first_answer())
            finally:
                server.stop()
            server = Server(data_dir)  # the role-index cache is on disk now
            try:
                restart.append(server.first_answer())
                for name in ("5 skills", "20 skills", "500-word resume"):
                    # First sight of these profiles (their phrases are new to the server), then passes on
                    # fresh connections so that every server process has seen them: each process has its
                    # own phrase cache, and the kernel spreads connections over processes at random.
                    first.setdefault(name, []).append(
                        latency(server.base, inputs[name], 1, len(inputs[name]), warm_up=0)
                    )
                    warm_every_process(server.base, inputs[name])
                    for clients in (1, 8):
                        lat.setdefault((name, clients), []).append(
                            latency(server.base, inputs[name], clients, args.requests)
                        )
                rss_latency.append(server.peak_rss_mb()[1])
                # A first small batch starts the batch process (model load); the raw encoder's load is not
                # timed either, so the throughput figure is the steady state of both.
                first_batch.append(8 / batch_throughput(server.base, inputs["batch"][-8:]))
                pss = PeakPss(server.process.pid)
                batch.append(batch_throughput(server.base, batch_rows, pss.sample))
                pss_batch.append(pss.peak)
                own, total = server.peak_rss_mb()
                rss_batch.append(own)
                rss_batch_total.append(total)
            finally:
                server.stop()
        texts = [str(r["text"]) for r in batch_rows]
        raw.append(raw_encoder_throughput(texts))
        raw_same_strings.append(raw_encoder_throughput(texts, pipeline_strings))
        raw_processes.append(raw_encoder_throughput_processes(texts))
        print(f"run {run + 1}/{args.runs} done", file=sys.stderr)

    rows.append(("cold start, empty data dir (s)", f"{median(cold):.2f}"))
    rows.append(("cold start, restart with cached role index (s)", f"{median(restart):.2f}"))
    for name, values in first.items():
        p50, p95, p99 = (median([v[i] for v in values]) for i in range(3))
        rows.append(
            (
                f"latency {name}, first sight, sequential: p50 / p95 / p99 (ms)",
                f"{p50:.1f} / {p95:.1f} / {p99:.1f}",
            )
        )
    for (name, clients), values in lat.items():
        p50, p95, p99 = (median([v[i] for v in values]) for i in range(3))
        label = "sequential" if clients == 1 else f"{clients} concurrent clients"
        rows.append((f"latency {name}, {label}: p50 / p95 / p99 (ms)", f"{p50:.1f} / {p95:.1f} / {p99:.1f}"))
    kinds = ("5 skills", "20 skills", "500-word resume")
    # The target is per run: 8 clients' p95 against the sequential p95 taken just before it.
    ratios = [[c[1] / s[1] for s, c in zip(lat[(name, 1)], lat[(name, 8)], strict=True)] for name in kinds]
    rows.append(
        (
            "ratio p95 8 clients / sequential: 5 skills / 20 skills / résumé, median (each run)",
            " / ".join(f"{median(r):.1f} ({', '.join(f'{x:.1f}' for x in r)})" for r in ratios),
        )
    )
    cpu = [median([v[3] for v in lat[(name, 8)]]) for name in kinds]
    rows.append(
        (
            "load generator's own CPU per request, 8 clients: 5 skills / 20 skills / résumé (ms)",
            " / ".join(f"{c:.2f}" for c in cpu),
        )
    )
    rows.append(("first batch, 8 rows, while the batch process starts (s)", f"{median(first_batch):.1f}"))
    rows.append(
        (f"batch throughput, {len(batch_rows):,} résumé-length profiles (profiles/s)", f"{median(batch):.1f}")
    )
    rows.append(("raw encoder, one embedding per profile text (profiles/s)", f"{median(raw):.1f}"))
    rows.append(("ratio batch / raw encoder", f"{median(batch) / median(raw):.2f}"))
    rows.append(
        (
            "raw encoder in 2 processes of 1 thread, as the batch path runs (profiles/s)",
            f"{median(raw_processes):.1f}",
        )
    )
    rows.append(("ratio batch / raw encoder in 2 processes", f"{median(batch) / median(raw_processes):.2f}"))
    rows.append(
        (
            "raw encoder, the strings the engine encodes: phrases + whole text (profiles/s)",
            f"{median(raw_same_strings):.1f}",
        )
    )
    rows.append(
        (
            "ratio batch / raw encoder on the engine's strings",
            f"{median(batch) / median(raw_same_strings):.2f}",
        )
    )
    rows.append(("peak RSS, all server processes, after the latency runs (MB)", f"{median(rss_latency):.0f}"))
    rows.append(("peak RSS, largest single server process, after the batch (MB)", f"{median(rss_batch):.0f}"))
    rows.append(
        (
            "peak RSS, all server processes incl. batch processes, after the batch (MB; shared pages once per process)",
            f"{median(rss_batch_total):.0f}",
        )
    )
    rows.append(
        (
            "peak PSS, whole server while the batch runs (MB; shared pages once in all)",
            f"{median(pss_batch):.0f}",
        )
    )

    width = max(len(r[0]) for r in rows)
    table = "\n".join(f"{name:<{width}}  {value}" for name, value in rows)
    print(table)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    markdown = (
        f"# Benchmark results\n\n{date.today().isoformat()}, {machine}; median of {args.runs} runs; "
        f"{args.requests} requests per latency figure; model use-multilingual-v3 "
        "(numpy forward, sentencepiece tokenizer); server: `careerpivot serve` defaults (one process per core, "
        "1 BLAS thread each; batches matched by the lock-holding server process and 1 batch process); load generator: "
        f"bench/load.py, one thread, keep-alive connections, {load.WARM_UP_REQUESTS} untimed requests per client "
        "first (none for first sight); raw encoder: 1 process of 2 BLAS threads unless "
        "stated.\n\n"
        "| measure | value |\n|---|---|\n" + "\n".join(f"| {n} | {v} |" for n, v in rows) + "\n"
    )
    args.output.write_text(markdown)
    print(f"\nwritten to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
