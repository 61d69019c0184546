"""Concurrent requests matched together give each client exactly its own answer."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from api.matcher import Matcher
from recommender.errors import ProfileError
from recommender.match.engine import Recommender
from recommender.profile.request import ProfileRequest

PROFILES = [
    ProfileRequest(skills=["copywriting", "SEO", "brand voice"]),
    ProfileRequest(text="Registered nurse, 8 years in an ICU; patient education and charting in Epic"),
    ProfileRequest(text="Guru bahasa Inggris SMA, menilai esai siswa dan menyusun soal ujian"),
    ProfileRequest(skills=["Python", "Docker", "PostgreSQL", "REST APIs"]),
]


async def _concurrently(matcher: Matcher, jobs: list[tuple[ProfileRequest, int]]) -> list[object]:
    requests = (replace(r, top_k=k) for r, k in jobs)
    return await asyncio.gather(*(matcher.recommend(r) for r in requests), return_exceptions=True)


def test_concurrent_requests_are_grouped_and_answered_like_single_ones(recommender: Recommender) -> None:
    matcher = Matcher(recommender)
    matcher.start()
    try:
        jobs = [(profile, k) for profile, k in zip(PROFILES * 3, [1, 3, 5, 2] * 3, strict=True)]
        results = asyncio.run(_concurrently(matcher, jobs))
    finally:
        matcher.stop()
    for (profile, k), result in zip(jobs, results, strict=True):
        alone = recommender.recommend(profile.text, profile.skills, top_k=k)
        assert result == alone
        assert len(alone.suggestions) == k
    # Twelve requests arrived together: fewer engine calls than requests.
    assert matcher.requests == 12 and matcher.groups < 12


def test_a_bad_profile_in_a_group_fails_alone(recommender: Recommender) -> None:
    matcher = Matcher(recommender)
    matcher.start()
    try:
        jobs = [(PROFILES[0], 5), (ProfileRequest(skills=["  ", "!!"]), 5), (PROFILES[1], 5)]
        good, bad, other = asyncio.run(_concurrently(matcher, jobs))
    finally:
        matcher.stop()
    assert isinstance(bad, ProfileError) and "no skills or text" in str(bad)
    assert good == recommender.recommend(skills=PROFILES[0].skills)
    assert other == recommender.recommend(text=PROFILES[1].text)


def test_a_stopped_matcher_refuses_rather_than_hangs(recommender: Recommender) -> None:
    matcher = Matcher(recommender)
    with pytest.raises(RuntimeError, match="not running"):
        asyncio.run(matcher.recommend(PROFILES[0]))
