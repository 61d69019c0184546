"""`make load`: 32 clients for 60 s against a real server on loopback, while a batch runs.

The server is `careerpivot serve` from this checkout with its defaults, on a random
127.0.0.1 port and a throwaway data directory (the rate limit raised: every client
here is one address). Clients mix skill lists, résumé texts (English and
Indonesian) and file uploads (TXT, DOCX, PDF); a 1,000-row batch is submitted
first. Printed: requests, errors, 5xx, latency percentiles and throughput per kind,
the server's RSS (all its processes) after the warm-up and at the end, and the
batch's rows lost or repeated. Exits 1 if any request failed, a row was lost or
repeated, or memory grew by more than 10%.

    python bench/soak.py [--clients 32] [--seconds 60] [--warm-up 10] [--rows 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent

SKILLS = [
    "SQL", "Excel", "Tableau", "Python", "patient education", "triage", "Zendesk", "customer escalations",
    "lesson planning", "asesmen formatif", "copywriting", "fact-checking", "Figma", "user interviews",
    "bookkeeping", "payroll", "Kubernetes", "penerjemahan", "data labeling", "Google Workspace",
]  # fmt: skip
SENTENCES = [
    "Registered nurse for {n} years: triage, patient education and Epic charting.",
    "Data analyst: built Tableau dashboards and SQL reports for the finance team for {n} years.",
    "Guru matematika SMP selama {n} tahun, menyusun RPP dan asesmen formatif.",
    "Customer support lead handling Zendesk escalations and weekly CSAT reports in Excel.",
    "Penerjemah lepas bahasa Inggris-Indonesia untuk dokumen hukum dan teknis selama {n} tahun.",
    "Journalist who fact-checked long features and edited copy on deadline.",
    "Bookkeeper: reconciliations, payroll, month-end close in Xero for {n} clients.",
]


def resume_text(rng: random.Random, sentences: int) -> str:
    return "\n".join(rng.choice(SENTENCES).format(n=rng.randint(2, 15)) for _ in range(sentences))


def upload_files(rng: random.Random) -> list[tuple[str, bytes]]:
    import docx
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    files = [("cv.txt", resume_text(rng, 8).encode())]
    document = docx.Document()
    for line in resume_text(rng, 8).splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    files.append(("cv.docx", buffer.getvalue()))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for number, line in enumerate(resume_text(rng, 8).splitlines()):
        page.drawString(50, 800 - 16 * number, line)
    page.save()
    files.append(("cv.pdf", buffer.getvalue()))
    return files


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants (server processes and batch processes)."""
    return sum(process_rss(root).values())


def process_rss(root: int) -> dict[int, int]:
    """Resident bytes of `root` and of each of its descendants, by pid."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    family, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in family:
                family.add(pid)
                frontier.append(pid)
    sizes = {}
    for pid in family:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[pid] = int(line.split()[1]) * 1024
    return sizes


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.failures: Counter[str] = Counter()

    def record(self, kind: str, seconds: float, status: int) -> None:
        self.latency[kind].append(seconds)
        self.statuses[(kind, status)] += 1


async def client(
    number: int,
    base: str,
    until: float,
    stats: Stats,
    uploads: list[tuple[str, bytes]],
    measuring: asyncio.Event,
) -> None:
    rng = random.Random(number)
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        while time.monotonic() < until:
            roll = rng.random()
            started = time.perf_counter()
            try:
                if roll < 0.4:
                    kind = "skills"
                    response = await http.post(
                        "/v1/recommendations", json={"skills": rng.sample(SKILLS, rng.randint(2, 10))}
                    )
                elif roll < 0.8:
                    kind = "text"
                    response = await http.post(
                        "/v1/recommendations", json={"text": resume_text(rng, rng.randint(3, 25))}
                    )
                else:
                    kind = "upload"
                    name, data = rng.choice(uploads)
                    response = await http.post("/v1/recommendations/upload", files={"file": (name, data)})
            except httpx.HTTPError as exc:
                if measuring.is_set():
                    stats.failures[exc.__class__.__name__] += 1
                continue
            if measuring.is_set():
                stats.record(kind, time.perf_counter() - started, response.status_code)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run(args: argparse.Namespace, base: str, server_pid: int) -> int:
    rng = random.Random(7)
    uploads = upload_files(rng)
    rows = [{"id": f"row-{i:05d}", "text": resume_text(rng, rng.randint(3, 12))} for i in range(args.rows)]
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:

        async def submit(batch: list[dict[str, str]]) -> str:
            created = await http.post(
                "/v1/batches",
                content="\n".join(json.dumps(r) for r in batch),
                headers={"content-type": "application/x-ndjson"},
            )
            created.raise_for_status()
            return str(created.json()["id"])

        stats = Stats()
        measuring = asyncio.Event()
        forever = time.monotonic() + 3600  # warm-up clients run until cancelled below
        tasks = [
            asyncio.create_task(client(n, base, forever, stats, uploads, measuring))
            for n in range(args.clients)
        ]
        # Warm-up: a small batch through the batch process (it loads its model), the same traffic meanwhile,
        # and then until the server's memory settles (bounded caches filling): under 1% in 10 s, at most 120 s.
        warm_batch = await submit(rows[:100])
        while (await http.get(f"/v1/batches/{warm_batch}")).json()["status"] not in ("done", "failed"):
            await asyncio.sleep(1)
        await asyncio.sleep(args.warm_up)
        rss_warm, settle_until = tree_rss(server_pid), time.monotonic() + 120
        while time.monotonic() < settle_until:
            await asyncio.sleep(10)
            now = tree_rss(server_pid)
            settled = abs(now / rss_warm - 1) < 0.01
            rss_warm = now
            if settled:
                break
        until = time.monotonic() + args.seconds
        for number, task in enumerate(tasks):  # fresh clients for the measured period
            task.cancel()
            tasks[number] = asyncio.create_task(client(number, base, until, stats, uploads, measuring))
        batch_id = await submit(rows)
        rss_warm = tree_rss(server_pid)
        per_process_warm = process_rss(server_pid)
        measuring.set()
        measured_from = time.monotonic()
        await asyncio.gather(*tasks)
        measured = time.monotonic() - measured_from
        rss_end = tree_rss(server_pid)
        per_process_end = process_rss(server_pid)
        batch_status = (await http.get(f"/v1/batches/{batch_id}")).json()
        batch_during_run = batch_status["status"]
        deadline = time.monotonic() + 600
        while batch_status["status"] not in ("done", "failed") and time.monotonic() < deadline:
            await asyncio.sleep(1)
            batch_status = (await http.get(f"/v1/batches/{batch_id}")).json()
        results = (await http.get(f"/v1/batches/{batch_id}/results")).text.splitlines()

    ids = [json.loads(line)["id"] for line in results]
    counts = Counter(ids)
    expected = [r["id"] for r in rows]
    lost = sum(1 for i in expected if i not in counts)
    repeated = sum(c - 1 for c in counts.values() if c > 1)
    failed_rows = sum(1 for line in results if json.loads(line)["status"] != "done")

    total = sum(stats.statuses.values())
    errors = sum(n for (_, status), n in stats.statuses.items() if status >= 400) + sum(
        stats.failures.values()
    )
    server_errors = sum(n for (_, status), n in stats.statuses.items() if status >= 500)
    print(f"make load: {args.clients} clients, {args.seconds} s measured after {args.warm_up} s warm-up")
    print(
        f"requests {total:,}  errors {errors}  5xx {server_errors}  throughput {total / measured:.1f} req/s"
    )
    for (kind, status), n in sorted(stats.statuses.items()):
        if status >= 400:
            print(f"  {kind}: {n} x HTTP {status}")
    for name, n in stats.failures.items():
        print(f"  transport: {n} x {name}")
    for kind, values in sorted(stats.latency.items()):
        print(
            f"  {kind:7s} n={len(values):5d}  p50 {percentile(values, 0.5) * 1000:7.1f} ms  "
            f"p95 {percentile(values, 0.95) * 1000:7.1f} ms  p99 {percentile(values, 0.99) * 1000:7.1f} ms  "
            f"mean {statistics.fmean(values) * 1000:7.1f} ms"
        )
    growth = rss_end / rss_warm - 1
    print(f"server RSS (all processes): {rss_warm / 1e6:.0f} MB after warm-up, {rss_end / 1e6:.0f} MB at the end "
          f"({growth:+.1%})")  # fmt: skip
    for pid in sorted(per_process_warm.keys() | per_process_end.keys()):
        print(
            f"  pid {pid}: {per_process_warm.get(pid, 0) / 1e6:.0f} MB -> {per_process_end.get(pid, 0) / 1e6:.0f} MB"
        )
    print(
        f"batch: {args.rows} rows, {batch_during_run} when the load ended, {batch_status['status']} after; "
        f"lost {lost}, repeated {repeated}, failed {failed_rows}"
    )
    ok = errors == 0 and lost == 0 and repeated == 0 and failed_rows == 0 and growth <= 0.10
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warm-up", type=float, default=10.0)
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="careerpivot-load-") as data_dir:
        env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "CAREERPIVOT_HOST": "127.0.0.1",
            "CAREERPIVOT_PORT": str(port),
            "CAREERPIVOT_DATA_DIR": data_dir,
            "CAREERPIVOT_RATE_LIMIT_PER_MINUTE": "10000000",  # every client here shares one address
        }
        log = open(Path(data_dir) / "server.log", "wb")  # noqa: SIM115
        server = subprocess.Popen(
            [sys.executable, "-m", "recommender.cli", "serve"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None:
                    print((Path(data_dir) / "server.log").read_text()[-3000:], file=sys.stderr)
                    return 1
                time.sleep(0.2)
            return asyncio.run(run(args, base, server.pid))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
            log.close()
            text = (Path(data_dir) / "server.log").read_text(errors="replace")
            if "Traceback" in text:
                print("server log has a traceback:\n" + text[-3000:], file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
