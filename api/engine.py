"""The engine as a server process holds it: loaded, warmed up, then kept out of garbage collection."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from api.settings import Settings

if TYPE_CHECKING:
    from recommender.match.engine import Recommender


def load_engine(settings: Settings) -> Recommender:
    """The engine as the settings ask for it, warmed up (nothing left to load on a first request)."""
    from recommender.match.engine import Recommender  # imported here: `serve` loads it on a thread

    engine = Recommender.load(
        settings.model,
        settings.catalog_dir,
        settings.cache_dir,
        ranker=settings.ranker,
        models_dir=settings.models_dir,
        threads=settings.threads,
    )
    engine.warm_up()
    return engine


def freeze_heap() -> None:
    """Keep everything alive now out of every later garbage collection.

    What a server has loaded by the time it serves (the engine, the app, their modules) lives as
    long as the process: no collection need look at it again, and in workers forked from a
    pre-loading parent its pages stay shared (a collection would write to every object it visits).
    No collection first: after a server's load it found nothing to free and took 0.1 s of the start.
    """
    gc.freeze()
