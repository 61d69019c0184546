"""Cohort scale: match a whole file of profiles (CSV, JSON Lines, Parquet) locally or on Ray, resumably."""

from __future__ import annotations

from recommender.cohort.parts import Summary, read_output
from recommender.cohort.rows import LANGS, CohortFileError, CohortRow, read_rows, redact_row
from recommender.cohort.run import DEFAULT_PART_ROWS, EngineName, run_cohort

__all__ = [
    "DEFAULT_PART_ROWS",
    "LANGS",
    "CohortFileError",
    "CohortRow",
    "EngineName",
    "Summary",
    "read_output",
    "read_rows",
    "redact_row",
    "run_cohort",
]
