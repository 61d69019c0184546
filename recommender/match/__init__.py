"""Stage 3, matching: a profile against every role, ranked, scored and explained.

`index` embeds the catalog once; `ranking` scores every role in a few numpy
operations (the hand-tuned scorer); `features` and `learned` are the learned
ranker's inputs and estimator, `artifact` reads and writes it in `models/`;
`explain` and `explain_role` give reasons, gaps and "why not"; `engine` holds the
`Recommender` that puts the stages together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recommender.match.engine import Recommender

__all__ = ["Recommender"]


def __getattr__(name: str) -> Any:
    """`Recommender` on first use, so reading a ranker artifact does not load the whole engine."""
    if name == "Recommender":
        from recommender.match.engine import Recommender

        return Recommender
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
