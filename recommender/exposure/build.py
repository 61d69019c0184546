"""`careerpivot build-data`: compact exposure tables from the raw public datasets in `../shared/data`.

Reads O*NET (occupations, alternate and reported titles), ESCO (occupation labels and ISCO
groups), Eloundou et al. "GPTs are GPTs" (task labels, occupation ratings), Felten et al. AIOE
and Microsoft "Working with AI", and writes the small tables the product reads at run time to
`data/exposure/`. The raw datasets are never read at run time. Job postings and the résumé
dataset are not used (no licence to redistribute anything derived from them).
"""

from __future__ import annotations

import csv
import gzip
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from recommender.errors import CareerpivotError

log = logging.getLogger(__name__)

DEFAULT_SOURCE = Path("../shared/data")
_SPACE = re.compile(r"\s+")
_PARTS = re.compile(r",\s*(?:and\s+)?|\s+and\s+")

# AIOE is keyed by SOC 2010 codes; these SOC 2018 codes were renumbered or merged. Each maps to
# its main SOC 2010 predecessor (from the BLS 2010-to-2018 crosswalk, as the team knows it), and
# the figure shown is that predecessor's, under its own title: nothing is averaged.
SOC2018_TO_2010 = {
    "15-1211": "15-1121", "15-1212": "15-1122", "15-1221": "15-1111", "15-1231": "15-1152",
    "15-1232": "15-1151", "15-1241": "15-1143", "15-1242": "15-1141", "15-1244": "15-1142",
    "15-1251": "15-1131", "15-1252": "15-1132", "15-1254": "15-1134", "15-1255": "15-1134",
    "19-3033": "19-3031", "25-4022": "25-4021", "27-3023": "27-3022", "29-1215": "29-1062",
    "29-1216": "29-1063", "29-1292": "29-2021", "29-2042": "29-2041", "29-2043": "29-2041",
    "29-2072": "29-2071", "31-1122": "39-9021", "31-1131": "31-1014", "35-3023": "35-3021",
    "53-3053": "53-3041", "53-3054": "53-3041",
}  # fmt: skip


def default_output_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "data" / "exposure"


@dataclass(frozen=True)
class BuildReport:
    occupations: int
    titles: int
    tasks: int
    with_isco: int
    files: dict[str, int]  # file name -> bytes

    def render(self) -> str:
        sizes = ", ".join(f"{name} {size / 1024:,.0f} KB" for name, size in sorted(self.files.items()))
        return (
            f"{self.occupations} occupations ({self.with_isco} with an ISCO group through ESCO), "
            f"{self.titles} titles, {self.tasks} task labels; {sizes}"
        )


def _rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    if not path.is_file():
        raise CareerpivotError(f"{path} not found; build-data needs ../shared/data (pass --source)")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _percentiles(values: dict[str, float]) -> dict[str, int]:
    """Percentile rank (0-100) of each value among all of them: the share of values below it."""
    ordered = sorted(values.values())
    n = len(ordered)
    out = {}
    for key, value in values.items():
        below = sum(1 for v in ordered if v < value)
        equal = sum(1 for v in ordered if v == value)
        out[key] = round(100 * (below + 0.5 * equal) / n)
    return out


def _singular(title: str) -> list[str]:
    """O*NET titles are plural ("Editors", "Registered Nurses"); ESCO labels singular."""
    out: list[str] = []
    for part in _PARTS.split(title.lower()):
        words = part.split()
        if not words:
            continue
        last = words[-1]
        forms = [last]
        if last.endswith("ies"):
            forms.append(last[:-3] + "y")
        if last.endswith("s"):
            forms.append(last[:-1])
        if last.endswith("es"):
            forms.append(last[:-2])
        out.extend(" ".join([*words[:-1], f]) for f in forms)
    return list(dict.fromkeys(out))


def _esco_labels(source: Path) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """ESCO labels (lower case) -> (ISCO-08 unit group, preferred label): preferred labels, and the
    alternative labels that belong to one ESCO occupation only."""
    preferred: dict[str, tuple[str, str]] = {}
    alternative: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in _rows(source / "esco" / "occupations_en.csv"):
        entry = (row["iscoGroup"].strip(), row["preferredLabel"].strip())
        preferred.setdefault(_clean(entry[1]).lower(), entry)
        for label in row["altLabels"].split("\n"):
            if _clean(label):
                alternative[_clean(label).lower()].add(entry)
    unique = {label: next(iter(entries)) for label, entries in alternative.items() if len(entries) == 1}
    return preferred, unique


def build(source: Path = DEFAULT_SOURCE, output: Path | None = None) -> BuildReport:
    """Write `occupations.tsv`, `titles.tsv.gz`, `tasks.tsv.gz` and `emerging_tasks.tsv` to `output`
    (default: data/exposure)."""
    output = output or default_output_dir()
    output.mkdir(parents=True, exist_ok=True)

    occupations = {
        r["O*NET-SOC Code"]: _clean(r["Title"]) for r in _rows(source / "onet" / "occupation_data.csv")
    }

    # Titles: O*NET's own, its alternate titles (and short forms) and a sample of titles workers reported.
    titles: dict[str, set[str]] = defaultdict(set)
    for code, title in occupations.items():
        titles[code].add(title)
    for row in _rows(source / "onet" / "alternate_titles.csv"):
        code = row["O*NET-SOC Code"]
        if code in occupations:
            for key in ("Alternate Title", "Short Title"):
                if row.get(key, "").strip():
                    titles[code].add(_clean(row[key]))
    for row in _rows(source / "onet" / "sample_of_reported_titles.csv"):
        if row["O*NET-SOC Code"] in occupations:
            titles[row["O*NET-SOC Code"]].add(_clean(row["Reported Job Title"]))

    # Exposure measures, each by the code system its authors used.
    gpt = {r["O*NET-SOC Code"]: r for r in _rows(source / "gpts_are_gpts" / "occ_level.csv")}
    gpt4_beta = {c: float(r["dv_rating_beta"]) for c, r in gpt.items()}
    human_beta = {c: float(r["human_rating_beta"]) for c, r in gpt.items()}
    ms = {
        r["SOC Code"]: float(r["ai_applicability_score"])
        for r in _rows(source / "ms_working_with_ai" / "soc_ai_applicability_scores.csv")
    }
    aioe_rows = _rows(source / "aioe" / "aioe_by_occupation.csv")
    aioe = {r["SOC Code"]: float(r["Language Modeling AIOE"]) for r in aioe_rows}
    aioe_title = {r["SOC Code"]: _clean(r["Occupation Title"]) for r in aioe_rows}
    aioe_by_title = {title.lower(): code for code, title in aioe_title.items()}
    pct = {
        "gpt4": _percentiles(gpt4_beta),
        "human": _percentiles(human_beta),
        "ms": _percentiles(ms),
        "aioe": _percentiles(aioe),
    }

    esco_preferred, esco_alternative = _esco_labels(source)
    rows: list[list[str]] = []
    with_isco = 0
    for code, title in sorted(occupations.items()):
        soc = code[:7]
        # AIOE uses SOC 2010 codes: where a code changed in SOC 2018, an identical title still links it.
        aioe_code = soc if soc in aioe else aioe_by_title.get(title.lower(), SOC2018_TO_2010.get(soc, ""))
        # Only O*NET's own title, matched exactly: its alternate titles are too loose ("Publisher"
        # under Chief Executives). An ESCO preferred label first, then an unambiguous alternative one.
        isco, esco_label = "", ""
        for labels in (esco_preferred, esco_alternative):
            match = next((labels[c] for c in _singular(title) if c in labels), None)
            if match:
                isco, esco_label = match
                break
        with_isco += bool(isco)
        rows.append(
            [
                code,
                title,
                isco,
                esco_label,
                _fmt(gpt4_beta.get(code)),
                _fmt_pct(pct["gpt4"].get(code)),
                _fmt(human_beta.get(code)),
                _fmt_pct(pct["human"].get(code)),
                _fmt(aioe.get(aioe_code)),
                _fmt_pct(pct["aioe"].get(aioe_code)),
                aioe_code if aioe_code in aioe else "",
                aioe_title.get(aioe_code, ""),
                _fmt(ms.get(soc)),
                _fmt_pct(pct["ms"].get(soc)),
            ]
        )
    header = [
        "code", "title", "isco", "esco_label", "gpt4_beta", "gpt4_beta_pct", "human_beta", "human_beta_pct",
        "aioe_lm", "aioe_lm_pct", "aioe_soc2010", "aioe_title", "ms_applicability", "ms_applicability_pct",
    ]  # fmt: skip
    _write(output / "occupations.tsv", header, rows)

    title_rows = [
        [code, t] for code in sorted(titles) for t in sorted(titles[code], key=lambda t: (t.lower(), t))
    ]
    _write(output / "titles.tsv.gz", ["code", "title"], title_rows)

    task_rows = []
    for row in _rows(source / "gpts_are_gpts" / "full_labelset.tsv", delimiter="\t"):
        task_rows.append(
            [row["O*NET-SOC Code"], row["Task ID"].removesuffix(".0"), _clean(row["Task"]),
             row["human_labels"], row["gpt4_exposure"]]
        )  # fmt: skip
    _write(output / "tasks.tsv.gz", ["code", "task_id", "task", "human", "gpt4"], task_rows)

    # How the work itself changes: the new and revised tasks O*NET's surveys found, with their dates.
    emerging_rows = sorted(
        [
            row["O*NET-SOC Code"],
            row["Category"],
            _month(row["Date"]),
            _clean(row["Task"]),
            row["Domain Source"],
        ]
        for row in _rows(source / "onet" / "emerging_tasks.csv")
        if row["O*NET-SOC Code"] in occupations
    )
    _write(output / "emerging_tasks.tsv", ["code", "category", "date", "task", "reported_by"], emerging_rows)

    files = {p.name: p.stat().st_size for p in output.iterdir() if p.suffix in {".tsv", ".gz"}}
    return BuildReport(len(rows), len(title_rows), len(task_rows), with_isco, files)


def _month(date: str) -> str:
    """O*NET's "07/2016" as "2016-07"."""
    month, _, year = date.partition("/")
    return f"{year}-{month.zfill(2)}"


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _fmt_pct(value: int | None) -> str:
    return "" if value is None else str(value)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """TSV (gzip when the name ends .gz, with a fixed mtime so rebuilds are byte-identical)."""
    lines = ["\t".join(header), *("\t".join(cell.replace("\t", " ") for cell in row) for row in rows)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if path.suffix == ".gz":
        with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
            gz.write(data)
    else:
        path.write_bytes(data)
    log.info("wrote %s (%d rows)", path, len(rows))


def build_task_centroids(output: Path | None = None, model: str = "use-multilingual") -> Path:
    """Encode every task statement and save each occupation's mean task vector (float16).

    The finder reads a duty line ("menjawab keluhan pelanggan") against these in any language the
    encoder knows. About 1 MB; only valid for the encoder it was made with (named in the file).
    """
    import numpy as np

    from recommender.encode.embedding import load_encoder
    from recommender.exposure.tables import load_tables

    output = output or default_output_dir()
    tables = load_tables(output)
    encoder = load_encoder(model)
    codes = sorted(c for c in tables.occupations if tables.tasks.get(c))
    texts = [t.text for c in codes for t in tables.tasks[c]]
    vectors = encoder.encode(texts)
    centroids = np.zeros((len(codes), vectors.shape[1]), dtype=np.float32)
    start = 0
    for i, code in enumerate(codes):
        n = len(tables.tasks[code])
        mean = vectors[start : start + n].mean(axis=0)
        centroids[i] = mean / (np.linalg.norm(mean) or 1.0)
        start += n
    path = output / f"task-centroids-{encoder.name}.npz"
    np.savez_compressed(path, codes=np.asarray(codes), vectors=centroids.astype(np.float16))
    return path


def build_title_vectors(output: Path | None = None, model: str = "use-multilingual") -> Path:
    """Encode each occupation's O*NET title once (float16), so no process has to at start-up."""
    import numpy as np

    from recommender.encode.embedding import load_encoder
    from recommender.exposure.tables import load_tables

    output = output or default_output_dir()
    tables = load_tables(output)
    encoder = load_encoder(model)
    codes = sorted(tables.occupations)
    vectors = encoder.encode([tables.occupations[c].title for c in codes])
    path = output / f"title-vectors-{encoder.name}.npz"
    np.savez_compressed(path, codes=np.asarray(codes), vectors=vectors.astype(np.float16))
    return path
