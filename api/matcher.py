"""Dynamic batching of single-profile requests: one engine thread, requests matched in groups.

Every POST /v1/recommendations hands its profile to one thread that runs the
engine. A request that arrives while the thread is busy waits in a queue; when
the thread is free it takes everything queued (up to `max_group`) and matches
the group in one `recommend_many` call: one encoder call for all new phrases
and one similarity product that streams the role matrix from memory once for
all of them. An idle server answers a lone request at once; there is no waiting
window. Under concurrent load the per-request cost falls instead of the
requests contending for the interpreter lock.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

from recommender.errors import ProfileError
from recommender.match.engine import Recommender
from recommender.profile.request import ProfileRequest
from recommender.results import Recommendation

log = logging.getLogger(__name__)


@dataclass
class _Job:
    request: ProfileRequest
    future: Future[Recommendation] = field(default_factory=Future)


class Matcher:
    def __init__(self, recommender: Recommender, max_group: int = 16) -> None:
        self.recommender = recommender
        self.max_group = max_group
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="careerpivot-matcher", daemon=True)
        self.groups = 0  # how many engine calls; with `requests` this shows how much batching happened
        self.requests = 0

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    async def recommend(self, request: ProfileRequest) -> Recommendation:
        """Match one profile; raises ProfileError for a profile the engine refuses."""
        if not self._thread.is_alive():
            raise RuntimeError("the matcher thread is not running")
        job = _Job(request)
        self._queue.put(job)
        return await asyncio.wrap_future(job.future)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            group = [job]
            stopping = False
            while len(group) < self.max_group:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                group.append(more)
            self._match(group)
            if stopping:
                return

    def _match(self, group: list[_Job]) -> None:
        # A client that went away has cancelled its future: skip its work.
        live = [job for job in group if job.future.set_running_or_notify_cancel()]
        if not live:
            return
        self.groups += 1
        self.requests += len(live)
        try:
            results = self.recommender.recommend_many([job.request for job in live])
        except Exception as exc:  # reaches each waiting request, which answers with an error
            if not isinstance(exc, ProfileError):
                log.exception("matching a group of %d requests failed", len(live))
            for job in live:
                job.future.set_exception(exc)
            return
        for job, result in zip(live, results, strict=True):
            if isinstance(result, ProfileError):
                job.future.set_exception(result)
            else:
                job.future.set_result(result)
