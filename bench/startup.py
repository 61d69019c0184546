"""Start-up and memory of the server as `careerpivot serve` runs it, in under a minute or two.

Prints, as medians of --runs runs: seconds from process start to the first answered recommendation
with an empty data directory and on a restart (role-index cache on disk), and the peak resident memory
(VmHWM, summed) and the peak proportional set size (PSS: pages shared by forked processes counted once)
of the whole process tree (gunicorn's parent, its workers, the batch process) while a batch of
résumé-length profiles runs. Uses bench/run.py's server and batch pieces; the machine may be shared,
so compare figures taken in one run.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import tempfile
from pathlib import Path

import run  # bench/run.py


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch-rows", type=int, default=300)
    args = parser.parse_args()
    # The checkout's modules compiled to bytecode first, as any machine has them after one start,
    # unless PYTHONDONTWRITEBYTECODE is set (as on the machine these figures come from): compiling
    # them again on every start cost 0.1 s.
    compileall.compile_dir(run.ROOT / "recommender", quiet=1)
    compileall.compile_dir(run.ROOT / "api", quiet=1)
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
                peak = run.PeakPss(server.process.pid)
                run.batch_throughput(server.base, rows, peak.sample)
                own, total = server.peak_rss_mb()
                rss.append(total)
                largest.append(own)
                pss.append(peak.peak)
            finally:
                server.stop()
    print(
        f"cold start, empty data dir (s):      {statistics.median(cold):.2f}  runs {[round(x, 2) for x in cold]}"
    )
    print(
        f"cold start, restart (s):             {statistics.median(restart):.2f}  runs {[round(x, 2) for x in restart]}"
    )
    print(
        f"peak RSS summed over its processes:  {statistics.median(rss):.0f} MB  runs {[round(x) for x in rss]}"
    )
    print(f"peak RSS, largest single process:    {statistics.median(largest):.0f} MB")
    print(
        f"peak PSS, whole server with a batch: {statistics.median(pss):.0f} MB  runs {[round(x) for x in pss]}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
