"""Honest context for a move: the current job's AI exposure, target-role stand-ins, costed plans.

`build` turns the public datasets into the small tables in `data/exposure/` (`careerpivot
build-data`); everything else reads only those tables.
"""

from __future__ import annotations

from recommender.exposure.context import ExposureContext, disagreement, work_phrases
from recommender.exposure.finder import Match, OccupationFinder, to_english
from recommender.exposure.tables import ExposureTables, Occupation, Task, load_tables

__all__ = [
    "ExposureContext",
    "ExposureTables",
    "Match",
    "Occupation",
    "OccupationFinder",
    "Task",
    "disagreement",
    "load_tables",
    "to_english",
    "work_phrases",
]
