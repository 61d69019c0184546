"""Keep-alive connections spread over server processes: two balancers on one file stand for two processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.balance import STALE_SECONDS, ConnectionBalancer, slot_from_environment


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def two_processes(tmp_path: Path, clock: Clock) -> tuple[ConnectionBalancer, ConnectionBalancer]:
    """Two balancers on one file, as the two server processes of `careerpivot serve --workers 2`."""
    path = tmp_path / "connections.bin"
    return ConnectionBalancer(path, 0, 2, clock), ConnectionBalancer(path, 1, 2, clock)


def peers(n: int, first: int = 0) -> list[tuple[str, int]]:
    return [("10.0.0.7", 40_000 + i) for i in range(first, first + n)]


def test_the_busier_process_hands_back_half_the_difference(tmp_path: Path) -> None:
    clock = Clock()
    busy, quiet = two_processes(tmp_path, clock)
    for peer in peers(6):  # the kernel gave 6 of a client's 8 connections to one process
        assert not busy.observe(peer)
    for peer in peers(2, first=6):
        assert not quiet.observe(peer)
    quiet.refresh()
    busy.refresh()
    answers = [busy.observe(peer) for peer in peers(6)]
    assert answers == [True, True, False, False, False, False]  # (6 - 2) // 2 connections reconnect
    # The two clients reconnect and the kernel hashes their new connections to the quiet process.
    assert not any(quiet.observe(peer) for peer in [*peers(2, first=6), *peers(2, first=20)])
    quiet.refresh()
    busy.refresh()
    assert not any(busy.observe(peer) for peer in peers(6)[2:])  # 4 and 4: nothing more to move
    assert not any(quiet.observe(peer) for peer in [*peers(2, first=6), *peers(2, first=20)])
    assert (busy.closed, quiet.closed) == (2, 0)


def test_an_even_split_is_left_alone(tmp_path: Path) -> None:
    clock = Clock()
    first, second = two_processes(tmp_path, clock)
    for peer in peers(5):
        first.observe(peer)
    for peer in peers(4, first=5):
        second.observe(peer)
    second.refresh()
    first.refresh()
    assert not any(first.observe(peer) for peer in peers(5))  # 5 against 4: moving one would not help


def test_a_process_that_is_gone_is_ignored(tmp_path: Path) -> None:
    clock = Clock()
    alive, dead = two_processes(tmp_path, clock)
    dead.refresh()  # published 0 connections, then died without a word
    for peer in peers(8):
        alive.observe(peer)
    clock.now += STALE_SECONDS + 1
    for peer in peers(8):
        alive.observe(peer)
    alive.refresh()
    # Closing connections would only send them back here: nobody else listens.
    assert not any(alive.observe(peer) for peer in peers(8))
    assert alive.closed == 0


def test_a_process_that_stops_cleanly_clears_its_slot(tmp_path: Path) -> None:
    clock = Clock()
    alive, leaving = two_processes(tmp_path, clock)
    leaving.refresh()
    leaving.close()
    for peer in peers(8):
        alive.observe(peer)
    alive.refresh()
    assert not any(alive.observe(peer) for peer in peers(8))


def test_idle_connections_stop_counting(tmp_path: Path) -> None:
    clock = Clock()
    first, second = two_processes(tmp_path, clock)
    for peer in peers(6):
        first.observe(peer)
    clock.now += 5.0  # those connections went quiet; two new ones talk now
    for peer in peers(2, first=6):
        first.observe(peer)
    second.refresh()
    first.refresh()
    # 2 against 0, not 8 against 0: one connection moves, not four.
    assert [first.observe(peer) for peer in peers(2, first=6)] == [True, False]


def test_requests_without_a_client_address_are_never_closed(tmp_path: Path) -> None:
    balancer = ConnectionBalancer(tmp_path / "connections.bin", 0, 2, Clock())
    assert balancer.observe(None) is False


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0/2", (0, 2)), ("1/4", (1, 4)), ("", None), ("0/1", None), ("2/2", None), ("x/2", None)],
)
def test_slot_from_environment(
    value: str, expected: tuple[int, int] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREERPIVOT_SERVER_SLOT", value)
    assert slot_from_environment() == expected
