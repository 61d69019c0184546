"""A small thread-safe LRU map for per-phrase results (vectors, similarity maxima)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

V = TypeVar("V")


class LRUCache(Generic[V]):
    """Least-recently-used map with a size cap, counting hits and misses.

    Skill phrases repeat across a cohort ("Excel", "customer service"), so what
    is computed per phrase is worth keeping: `get_or_compute` computes only the
    keys it has not seen, in one call.
    """

    def __init__(self, max_items: int) -> None:
        self.max_items = max_items
        self._items: OrderedDict[str, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def get_or_compute(self, keys: Sequence[str], compute: Callable[[list[str]], Sequence[V]]) -> list[V]:
        """The value of every key, computing the missing ones with one `compute(missing_keys)` call."""
        found: list[V | None] = []
        missing: dict[str, None] = {}
        with self._lock:
            for key in keys:
                value = self._items.get(key)
                if value is None:
                    missing[key] = None
                else:
                    self._items.move_to_end(key)
                found.append(value)
            self.misses += len(missing)
            self.hits += len(keys) - sum(1 for v in found if v is None)
        if missing:
            fresh = dict(zip(missing, compute(list(missing)), strict=True))
            with self._lock:
                self._items.update(fresh)
                while len(self._items) > self.max_items:
                    self._items.popitem(last=False)
            found = [fresh[key] if value is None else value for key, value in zip(keys, found, strict=True)]
        return found  # type: ignore[return-value]  # every None was filled in above
