"""Lists of given names and family names, for finding a person's name in running text.

The lists are built once, at development time, from the names-dataset package
(MIT; Remy, 2021: name frequencies by country) by `python -m recommender.names
build`: every alphabetic name ranked among the 2,000 most common of its kind in
at least one of the 105 countries covered, so Indonesian, Chinese, Indian,
African, Hispanic, Arabic and European names are all there. The package itself
needs 1.9 GB of memory to load; the lists it yields are 1.7 MB of text, read
once per process (~0.1 s).
"""

from __future__ import annotations

import argparse
import gzip
from functools import lru_cache
from pathlib import Path

from recommender.resources import data_path

MAX_RANK = 2000
_FILES = {"first": "first_names.txt.gz", "last": "last_names.txt.gz"}


def names_dir() -> Path:
    return data_path("names")


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, family names), lower-cased."""
    out = []
    for kind in ("first", "last"):
        path = names_dir() / _FILES[kind]
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            # One name per line, letters only: one split of the whole file (0.1 s rather than 0.35 s).
            out.append(frozenset(handle.read().split()))
    return out[0], out[1]


def build(out_dir: Path, max_rank: int = MAX_RANK) -> dict[str, int]:
    """Write the lists from the names-dataset package (a development dependency)."""
    try:
        from names_dataset import NameDataset
    except ImportError as exc:  # pragma: no cover - development tool
        raise SystemExit(
            "building the name lists needs names-dataset: pip install 'careerpivot[dev]'"
        ) from exc
    dataset = NameDataset()
    counts = {}
    out_dir.mkdir(parents=True, exist_ok=True)
    for kind, table in (("first", dataset.first_names), ("last", dataset.last_names)):
        names = sorted(
            {
                name.lower()
                for name, info in table.items()
                if name.isalpha() and info.get("rank") and min(info["rank"].values()) <= max_rank
            }
        )
        # mtime=0: the same lists give the same bytes, so a rebuild changes nothing in git.
        data = ("\n".join(names) + "\n").encode("utf-8")
        (out_dir / _FILES[kind]).write_bytes(gzip.compress(data, mtime=0))
        counts[kind] = len(names)
    return counts


def main() -> None:  # pragma: no cover - development tool
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["build"])
    parser.add_argument("--out", type=Path, default=names_dir())
    args = parser.parse_args()
    print(build(args.out))


if __name__ == "__main__":  # pragma: no cover
    main()
