"""Trained ranker artifacts on disk: `models/ranker-<version>/` with config.json, model.npz, MODEL_CARD.md.

`model.npz` holds the ranker as plain arrays (`trees.TreeRanker`): reading it runs
no code from the file and imports neither scikit-learn nor skops. Reading a config
is cheaper still; the arrays are only read when a ranker will really be used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recommender.errors import ModelError
from recommender.match.trees import TreeRanker

ARTIFACT_FORMAT = 2  # 1 was a skops file of the scikit-learn estimator
MODEL_FILE = "model.npz"


@dataclass(frozen=True)
class RankerArtifact:
    """A trained ranker with what it was trained against."""

    ranker: TreeRanker
    config: dict[str, Any]
    path: Path

    @property
    def version(self) -> str:
        return str(self.config["version"])

    @property
    def replaces_hand_tuned(self) -> bool:
        return bool(self.config.get("replaces_hand_tuned", False))


def save_artifact(ranker: TreeRanker, config: dict[str, Any], card: str, directory: Path) -> Path:
    """Write config.json, model.npz and MODEL_CARD.md into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    ranker.save(directory / MODEL_FILE)
    (directory / "config.json").write_text(json.dumps({**config, "format": ARTIFACT_FORMAT}, indent=2) + "\n")
    (directory / "MODEL_CARD.md").write_text(card)
    return directory


def read_config(directory: Path) -> dict[str, Any]:
    """A ranker's config.json (cheap: no model is loaded)."""
    config_path = directory / "config.json"
    if not config_path.is_file():
        raise ModelError(f"no ranker at {directory}: config.json is missing; run 'careerpivot train'")
    config: dict[str, Any] = json.loads(config_path.read_text())
    return config


def check_compatible(
    config: dict[str, Any],
    directory: Path,
    catalog_version: str,
    model_name: str,
    feature_names: tuple[str, ...],
) -> None:
    """Raise ModelError unless the ranker was trained for this catalog, encoder and feature set."""
    problems = []
    if config.get("format") != ARTIFACT_FORMAT:
        problems.append(f"artifact format {config.get('format')} (expected {ARTIFACT_FORMAT})")
    if config.get("catalog_version") != catalog_version:
        problems.append(f"catalog {config.get('catalog_version')} (loaded {catalog_version})")
    if config.get("encoder") != model_name:
        problems.append(f"encoder {config.get('encoder')} (loaded {model_name})")
    if tuple(config.get("features", ())) != feature_names:
        problems.append("a different feature set")
    if problems:
        raise ModelError(
            f"ranker {directory.name} was trained for {', '.join(problems)}; retrain with 'careerpivot train'"
        )


def load_artifact(
    directory: Path, catalog_version: str, model_name: str, feature_names: tuple[str, ...]
) -> RankerArtifact:
    """Load a ranker, checking it was trained for this catalog, encoder and feature set."""
    config = read_config(directory)
    check_compatible(config, directory, catalog_version, model_name, feature_names)
    ranker = TreeRanker.load(directory / MODEL_FILE)
    if ranker.features_used > len(feature_names):
        raise ModelError(
            f"ranker {directory.name} reads more features than it names; retrain with 'careerpivot train'"
        )
    return RankerArtifact(ranker, config, directory)


def latest_artifact_dir(models_dir: Path) -> Path | None:
    """The newest `ranker-<version>` folder in `models_dir`, if any."""
    candidates = sorted(p for p in models_dir.glob("ranker-*") if (p / "config.json").is_file())
    return candidates[-1] if candidates else None
