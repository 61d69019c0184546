"""Where the bundled catalog, vocabulary, data sets and trained models live: one place for all of them.

In a source checkout they are the repository's `data/` and `models/` folders;
a wheel installs the same folders inside the package as `recommender/_data`
and `recommender/_models` (see `[tool.hatch.build.targets.wheel.force-include]`).
Both are found through `importlib.resources`, so an installed package never
looks for files beside a checkout it does not have.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


def _package_dir() -> Path:
    # Installed packages are plain directories (wheels are unpacked), so this is a real path.
    return Path(str(files("recommender")))


def data_path(*parts: str) -> Path:
    """A bundled data file or folder, e.g. `data_path("roles")`; it may not exist (callers say so)."""
    installed = _package_dir() / "_data"
    base = installed if installed.is_dir() else _package_dir().parent / "data"
    return base.joinpath(*parts)


def default_cache_dir() -> Path:
    """Where the command line keeps what it derives once (role index, decompressed model files).

    `CAREERPIVOT_CACHE_DIR`, else the user's cache folder (platformdirs: `~/.cache/careerpivot` on
    Linux). Without it every command built them again: `careerpivot recommend` took 5.4 s, 1.6 s
    with the cache. The server keeps its own in its data directory.
    """
    import os

    from platformdirs import user_cache_dir

    return Path(os.environ.get("CAREERPIVOT_CACHE_DIR") or user_cache_dir("careerpivot", appauthor=False))


def models_path() -> Path:
    """The bundled trained artifacts (`models/` in a checkout)."""
    installed = _package_dir() / "_models"
    return installed if installed.is_dir() else _package_dir().parent / "models"


@cache
def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop-word list, bundled as data/words/ (see its SOURCE.md)."""
    text = data_path("words", "english-stop-words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())
