"""`make bench`, scale section: `careerpivot batch` on N generated résumé-length profiles.

Measures, in one run on this machine:
1. how often phrases repeat in the generated cohort, beside a real résumé set (the Kaggle résumé
   dataset in ../shared/data, when present) at the same size: the engine caches each phrase's
   comparison with the catalog, so a cohort that repeats itself more than a real one flatters it;
2. the local engine (`careerpivot batch --engine local`, one process per core) in profiles/s, and
   the peak memory of all its processes;
3. the raw encoder run as the same number of processes on the same texts (model load not timed);
4. the Ray engine (`--engine ray`, a local Ray cluster) with 1 and 2 actors.
Each engine figure is the steady rate: rows committed after the first part, over the time from
that first commit to the process's exit (so it includes writing the output file, and leaves out
start-up: model loads and, on Ray, the cluster's start, which are reported beside it).

The profiles are generated from the project's own labelled material (data/eval/resumes,
data/training/profiles.jsonl, data/skills.yaml) with variation: other people's headers, numbers,
tools and context clauses changed, lines mixed across résumés of the same language.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import multiprocessing
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from run import _descendants  # bench/run.py

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the main checkout; a worktree's is one level further up.
REAL_COHORT = next(
    (
        path / "data" / "resume_dataset" / "UpdatedResumeDataSet.csv"
        for path in (ROOT.parent / "shared", ROOT.parent.parent / "shared")
        if path.is_dir()
    ),
    ROOT.parent / "shared" / "data" / "resume_dataset" / "UpdatedResumeDataSet.csv",
)
PART_ROWS = 50

FIRST = [
    "Ana",
    "Budi",
    "Citra",
    "Dewi",
    "Eko",
    "Fajar",
    "Grace",
    "Hendra",
    "Intan",
    "Joko",
    "Kevin",
    "Lina",
    "Maria",
    "Nadia",
    "Omar",
    "Putri",
    "Rizky",
    "Sari",
    "Tomas",
    "Wulan",
    "Yusuf",
    "Zara",
    "Priya",
    "Liam",
]
LAST = [
    "Santoso",
    "Wijaya",
    "Pratama",
    "Okafor",
    "Nguyen",
    "Garcia",
    "Kusuma",
    "Halim",
    "Smith",
    "Rahman",
    "Siregar",
    "Lee",
    "Hartono",
    "Moreno",
    "Setiawan",
    "Kowalski",
    "Tan",
    "Lubis",
    "Brown",
    "Putra",
]
CONTEXT = {
    "en": [
        "for a team of {n}",
        "across {n} sites",
        "for {n}+ clients",
        "in a fast-paced environment",
        "with weekly reporting to management",
        "during a system migration",
        "for the regional office",
        "under tight deadlines",
        "while training {n} new hires",
        "for a {n}-person department",
    ],
    "id": [
        "untuk tim {n} orang",
        "di {n} cabang",
        "untuk {n}+ pelanggan",
        "dengan laporan mingguan",
        "selama migrasi sistem",
        "di kantor wilayah",
        "dengan target bulanan",
        "sambil melatih {n} karyawan baru",
    ],
}
USING = {"en": "using {skill}", "id": "menggunakan {skill}"}
NUMBER = re.compile(r"\d+")


# --- the generated cohort -----------------------------------------------------------------------
def _material() -> dict[str, Any]:
    resumes = [
        json.loads(Path(f).read_text()) for f in sorted(glob.glob(str(ROOT / "data/eval/resumes/*.json")))
    ]
    profiles = [json.loads(line) for line in (ROOT / "data/training/profiles.jsonl").read_text().splitlines()]
    vocabulary = [e["skill"] for e in yaml.safe_load((ROOT / "data/skills.yaml").read_text())]
    lines: dict[tuple[str, str], list[str]] = {}  # (language, section kind) -> lines
    for r in resumes:
        for section in r["sections"]:
            lines.setdefault((r["lang"], _kind(section["title"])), []).extend(section["lines"])
    for p in profiles:  # the training profiles' sentences as more experience lines
        if p.get("text"):
            sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", p["text"]) if len(s.split()) > 3]
            lines.setdefault((p["lang"], "experience"), []).extend(sentences)
    listed = [s for p in profiles for s in p.get("skills") or []]
    return {"resumes": resumes, "lines": lines, "skills": vocabulary + listed}


def _kind(title: str) -> str:
    from recommender.profile.sections import heading_kind

    return str(heading_kind(title) or "other")


ORG_A = [
    "North",
    "Blue",
    "Green",
    "Prima",
    "Mitra",
    "Sinar",
    "Delta",
    "Harbor",
    "Summit",
    "Nusa",
    "Maju",
    "Cedar",
    "Golden",
    "Bright",
    "Lestari",
    "Union",
    "Metro",
    "Karya",
    "River",
    "Jaya",
]
ORG_B = [
    "Logistics",
    "Clinic",
    "Foods",
    "Bank",
    "Media",
    "School",
    "Retail",
    "Insurance",
    "Studio",
    "Group",
    "Hospital",
    "Motors",
    "Textiles",
    "Telecom",
    "Legal",
    "Travel",
    "Foundation",
    "Labs",
    "Energy",
    "Mart",
]
MODIFIER = {
    "en": [
        "daily",
        "hands-on",
        "end-to-end",
        "basic",
        "advanced",
        "regular",
        "weekly",
        "remote",
        "on-site",
        "cross-team",
        "independent",
        "high-volume",
        "part-time",
        "senior-level",
        "entry-level",
    ],
    "id": [
        "harian",
        "rutin",
        "mandiri",
        "dasar",
        "lanjutan",
        "mingguan",
        "jarak jauh",
        "lapangan",
        "lintas tim",
        "skala besar",
        "paruh waktu",
    ],
}
LEVEL = {
    "en": ["advanced", "intermediate", "basic", "{n} years", "certified", "daily use"],
    "id": ["mahir", "menengah", "dasar", "{n} tahun", "bersertifikat"],
}
CLAUSE = re.compile(r"(,\s+|;\s+)")


def _number(match: re.Match[str], rng: random.Random) -> str:
    value = int(match.group())
    if 1950 <= value <= 2030:
        return str(min(2025, value + rng.randint(-6, 2)))
    return str(max(1, value + rng.randint(-value // 2 - 1, value // 2 + 2)))


def _vary(line: str, lang: str, rng: random.Random, skills: list[str]) -> str:
    """The line as another person might write it: each clause (what the engine reads as one phrase)
    possibly with its numbers changed, a modifier, an employer, a tool or a context added."""
    pieces = CLAUSE.split(NUMBER.sub(lambda m: _number(m, rng), line))
    out = []
    for piece in pieces:
        if CLAUSE.fullmatch(piece) or len(piece.split()) < 2 or rng.random() < 0.1:
            out.append(piece)
            continue
        change = rng.randrange(4)
        if change == 0:
            piece = f"{rng.choice(MODIFIER[lang])} {piece[0].lower()}{piece[1:]}"
        elif change == 1:
            at = "at" if lang == "en" else "di"
            piece = f"{piece.rstrip('.')} {at} {rng.choice(ORG_A)} {rng.choice(ORG_B)}"
        elif change == 2:
            piece = f"{piece.rstrip('.')} {USING[lang].format(skill=rng.choice(skills))}"
        else:
            piece = f"{piece.rstrip('.')} {rng.choice(CONTEXT[lang]).format(n=rng.randint(2, 40))}"
        out.append(piece)
    return "".join(out)


def _skill_item(skill: str, lang: str, rng: random.Random) -> str:
    if rng.random() < 0.2:
        return skill
    return f"{skill} ({rng.choice(LEVEL[lang]).format(n=rng.randint(1, 15))})"


def generate(n: int, seed: int = 11) -> list[dict[str, str]]:
    """`n` résumé-length profiles (about 300-600 words), English and Indonesian like the eval set."""
    rng = random.Random(seed)
    m = _material()
    out = []
    for i in range(n):
        base = rng.choice(m["resumes"])
        lang = base["lang"]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        header = [
            f"{first} {last}",
            f"{first.lower()}.{last.lower()}{rng.randint(1, 999)}@example.com | +62 8{rng.randint(10, 99)} "
            f"{rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
        ]
        body: list[str] = []
        target = rng.randint(300, 600)
        for section in base["sections"]:
            kind = _kind(section["title"])
            pool = m["lines"].get((lang, kind)) or section["lines"]
            body.append(section["title"])
            if kind == "skills":
                chosen = rng.sample(m["skills"], rng.randint(6, 12))
                body.append(", ".join(_skill_item(skill, lang, rng) for skill in chosen))
                continue
            own = [_vary(line, lang, rng, m["skills"]) for line in section["lines"]]
            borrowed = [_vary(rng.choice(pool), lang, rng, m["skills"]) for _ in range(rng.randint(0, 3))]
            body.extend(own + borrowed)
        experience = m["lines"].get((lang, "experience"), [])
        while len(" ".join(header + body).split()) < target and experience:
            body.append("- " + _vary(rng.choice(experience), lang, rng, m["skills"]))
        words = " ".join(header + body).split()
        text = "\n".join(header + body)
        if len(words) > 650:  # keep it résumé-length
            text = text[: len(" ".join(words[:650]))]
        out.append({"id": f"g{i:06d}", "text": text})
    return out


def repeated_share(texts: list[str]) -> tuple[float, int]:
    """Of everything the engine would encode for these texts (each phrase and its vocabulary names),
    the share already seen earlier in the set, and the number of such strings."""
    from recommender.errors import ProfileError
    from recommender.profile.skills import build_profile, load_vocabulary

    vocabulary = load_vocabulary()
    seen: set[str] = set()
    total = repeated = 0
    for text in texts:
        try:
            profile = build_profile(text[:20_000], None, vocabulary)
        except ProfileError:
            continue
        for phrase in profile.phrases:
            for view in phrase.views:
                total += 1
                repeated += view in seen
                seen.add(view)
    return (repeated / total if total else 0.0), total


def real_cohort() -> list[str] | None:
    """The Kaggle résumé texts, each once (the file repeats most résumés several times), if present."""
    if not REAL_COHORT.is_file():
        return None
    with open(REAL_COHORT, encoding="utf-8", errors="replace", newline="") as f:
        return list(dict.fromkeys(row["Resume"] for row in csv.DictReader(f)))


# --- running the engines ------------------------------------------------------------------------
TICKS = os.sysconf("SC_CLK_TCK")


def _pss_mb(pid: int) -> float:
    """Proportional set size: shared pages (the model files, Ray's object store) split between their users,
    so the sum over processes is the memory they take together (RSS would count shared pages per process)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def run_batch(input_path: Path, output: Path, rows: int, *extra: str) -> dict[str, float]:
    """Run `careerpivot batch` as a user does: its steady rate, the CPU its processes spent per profile
    in that time, wall times and the peak memory of all its processes together."""
    parts = output.with_name(output.name + ".parts")
    command = [
        sys.executable, "-m", "recommender.cli", "batch", str(input_path), str(output),
        "--part-rows", str(PART_ROWS), "--no-progress", "--overwrite", *extra,
    ]  # fmt: skip
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "RAY_DATA_DISABLE_PROGRESS_BARS": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    first_commit: float | None = None
    rows_at_first = 0
    cpu_at_first = 0.0
    cpu: dict[int, float] = {}  # last CPU seconds seen per process of the run
    peak_total = 0.0
    while process.poll() is None:
        tree = [process.pid, *_descendants(process.pid)]
        peak_total = max(peak_total, sum(_pss_mb(pid) for pid in tree))
        for pid in tree:
            seconds = _cpu_seconds(pid)
            if seconds is not None:
                cpu[pid] = seconds
        if first_commit is None:
            done = len(list(parts.glob("part-*.jsonl"))) if parts.is_dir() else 0
            if done:
                first_commit = time.perf_counter()
                rows_at_first = done * PART_ROWS
                cpu_at_first = sum(cpu.values())
        time.sleep(0.1)
    ended = time.perf_counter()
    out, _ = process.communicate()
    if process.returncode != 0 or first_commit is None:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {out}")
    steady_rows = rows - rows_at_first
    return {
        "rate": steady_rows / (ended - first_commit),
        "cpu_ms": 1000 * (sum(cpu.values()) - cpu_at_first) / steady_rows,
        "wall": ended - started,
        "start": first_commit - started,
        "peak_mb": peak_total,
    }


_encoder: Any = None


def _load_encoder() -> None:
    global _encoder
    from recommender.encode.embedding import UniversalSentenceEncoder

    _encoder = UniversalSentenceEncoder(threads=1)


def _encode(texts: list[str]) -> float:
    """Encode in this worker; the CPU seconds it took."""
    started = time.process_time()
    for i in range(0, len(texts), 256):
        _encoder.encode(texts[i : i + 256])
    return time.process_time() - started


def raw_encoder(texts: list[str], processes: int) -> dict[str, float]:
    """The bare encoder as `processes` processes of 1 thread on the texts (load not timed): rate and CPU."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_load_encoder) as pool:
        list(pool.map(_encode, [["warm up"]] * processes))
        started = time.perf_counter()
        cpu = sum(pool.map(_encode, [texts[i::processes] for i in range(processes)]))
        elapsed = time.perf_counter() - started
    return {"rate": len(texts) / elapsed, "cpu_ms": 1000 * cpu / len(texts)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--profiles", type=int, default=2000, help="cohort size (the issue's figure: 100,000)"
    )
    parser.add_argument("--runs", type=int, default=1, help="runs per figure; the median is reported")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-ray", action="store_true", help="leave out the Ray engine")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "SCALE.md")
    args = parser.parse_args()

    rows: list[tuple[str, str]] = []
    cohort = generate(args.profiles)
    texts = [r["text"] for r in cohort]
    words = statistics.median(len(t.split()) for t in texts)
    real = real_cohort()
    size = min(len(real), len(texts)) if real else min(200, len(texts))
    share_same, _ = repeated_share(texts[:size])
    share_all, encoded = repeated_share(texts)
    rows.append(("generated profiles; median words each", f"{len(texts):,}; {words:.0f}"))
    rows.append((f"strings encoded already seen earlier, generated, first {size}", f"{share_same:.1%}"))
    if real:
        share_real, _ = repeated_share(real[:size])
        rows.append(
            (
                f"strings encoded already seen earlier, real résumés (Kaggle, unique), {size}",
                f"{share_real:.1%}",
            )
        )
    else:
        rows.append(("real résumé set for comparison", "not run: ../shared/data/resume_dataset absent"))
    rows.append(
        (
            f"strings encoded already seen earlier, generated, all {len(texts):,}",
            f"{share_all:.1%} of {encoded:,}",
        )
    )

    figures: dict[str, list[dict[str, float]]] = {"local": [], "raw": [], "ray1": [], "ray2": []}
    with tempfile.TemporaryDirectory() as tmp:
        input_path = Path(tmp) / "cohort.jsonl"
        input_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in cohort))
        for run in range(args.runs):
            print(f"run {run + 1}/{args.runs}: local engine", file=sys.stderr)
            figures["local"].append(
                run_batch(input_path, Path(tmp) / "local.jsonl", len(texts), "--workers", str(args.workers))
            )
            print("raw encoder", file=sys.stderr)
            figures["raw"].append(raw_encoder(texts, args.workers))
            if not args.no_ray:
                for actors in (1, 2):
                    print(f"Ray, {actors} actor(s)", file=sys.stderr)
                    figures[f"ray{actors}"].append(
                        run_batch(
                            input_path,
                            Path(tmp) / f"ray{actors}.jsonl",
                            len(texts),
                            "--engine",
                            "ray",
                            "--actors",
                            str(actors),
                        )
                    )

    def med(name: str, key: str = "rate") -> float:
        return statistics.median(f[key] for f in figures[name])

    local, raw = med("local"), med("raw")
    local_cpu, raw_cpu = med("local", "cpu_ms"), med("raw", "cpu_ms")
    w = args.workers
    rows += [
        (f"local engine, {w} processes (profiles/s)", f"{local:.1f}"),
        ("local engine: CPU per profile, all its processes (ms)", f"{local_cpu:.0f}"),
        (
            "local engine: start-up to first part; whole run (s)",
            f"{med('local', 'start'):.1f}; {med('local', 'wall'):.1f}",
        ),
        ("local engine: peak memory, all its processes together (PSS, MB)", f"{med('local', 'peak_mb'):.0f}"),
        (f"raw encoder, {w} processes of 1 thread, same texts (profiles/s)", f"{raw:.1f}"),
        ("raw encoder: CPU per profile (ms)", f"{raw_cpu:.0f}"),
        ("ratio local engine / raw encoder, profiles/s (target >= 0.8)", f"{local / raw:.2f}"),
        ("ratio local engine / raw encoder, profiles per CPU-second", f"{raw_cpu / local_cpu:.2f}"),
    ]
    if not args.no_ray:
        ray1, ray2 = med("ray1"), med("ray2")
        rows += [
            ("Ray engine, 1 actor (profiles/s)", f"{ray1:.1f}"),
            ("Ray engine, 2 actors (profiles/s)", f"{ray2:.1f}"),
            (
                "Ray, 1 / 2 actors: CPU per profile, driver + all Ray processes (ms)",
                f"{med('ray1', 'cpu_ms'):.0f} / {med('ray2', 'cpu_ms'):.0f}",
            ),
            (
                "Ray, 2 actors: start-up to first part; whole run (s)",
                f"{med('ray2', 'start'):.1f}; {med('ray2', 'wall'):.1f}",
            ),
            ("Ray, 2 actors: peak memory, driver + Ray processes (PSS, MB)", f"{med('ray2', 'peak_mb'):.0f}"),
            ("ratio Ray 2 actors / local engine, profiles/s (target >= 0.85)", f"{ray2 / local:.2f}"),
            (
                "ratio Ray 2 actors / local engine, profiles per CPU-second",
                f"{local_cpu / med('ray2', 'cpu_ms'):.2f}",
            ),
            ("ratio Ray 2 actors / 1 actor, profiles/s (target >= 1.7)", f"{ray2 / ray1:.2f}"),
        ]

    width = max(len(r[0]) for r in rows)
    print("\n".join(f"{name:<{width}}  {value}" for name, value in rows))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    args.output.write_text(
        f"# Scale benchmark (`bench/scale.py`)\n\n{date.today().isoformat()}, {machine}, shared with other "
        f"work while it ran (figures are noisy); {len(texts):,} generated profiles (the issue asks for "
        f"100,000: `--profiles 100000`), median of {args.runs} run(s); parts of {PART_ROWS} rows. "
        "Rates are steady rates: rows after the first committed part over the time to the process's exit; "
        "CPU per profile is the CPU all the run's processes spent in that time (on a shared machine, wall-clock "
        "rates depend on what else runs; CPU per profile much less).\n\n"
        "| measure | value |\n|---|---|\n" + "\n".join(f"| {n} | {v} |" for n, v in rows) + "\n"
    )
    print(f"\nwritten to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
