"""Start-up and memory of the server as `careerpivot serve` runs it, in under a minute or two.

Prints, as medians of --runs runs: seconds from process start to the first answered recommendation
with an empty data directory and on a restart (role-index cache on disk), and the peak resident memory
(VmHWM) of the whole process tree (uvicorn's parent, its workers, the batch process) while a batch of
résumé-length profiles runs. Uses bench/run.py's server and batch pieces; the machine may be shared,
so compare figures taken in one run.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import run  # bench/run.py


def tree_pss_mb(root: int) -> float:
    """Proportional set size of a process and its descendants now: shared library pages counted once."""
    total = 0
    for pid in [root, *run._descendants(root)]:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch-rows", type=int, default=300)
    args = parser.parse_args()
    rows = run.build_inputs()["batch"][: args.batch_rows]
    cold, restart, rss, largest, pss = [], [], [], [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            data_dir = Path(tmp) / "var"
            server = run.Server(data_dir)
            try:
                cold.append(server.first_answer())
            finally:
                server.stop()
            server = run.Server(data_dir)
            try:
                restart.append(server.first_answer())
                run.batch_throughput(server.base, rows)
                own, total = server.peak_rss_mb()
                rss.append(total)
                largest.append(own)
                pss.append(tree_pss_mb(server.process.pid))
            finally:
                server.stop()
    print(
        f"cold start, empty data dir (s):      {statistics.median(cold):.2f}  runs {[round(x, 2) for x in cold]}"
    )
    print(
        f"cold start, restart (s):             {statistics.median(restart):.2f}  runs {[round(x, 2) for x in restart]}"
    )
    print(
        f"peak RSS, whole server with a batch: {statistics.median(rss):.0f} MB  runs {[round(x) for x in rss]}"
    )
    print(f"peak RSS, largest single process:    {statistics.median(largest):.0f} MB")
    print(f"PSS of the whole server after it:    {statistics.median(pss):.0f} MB (shared pages counted once)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
