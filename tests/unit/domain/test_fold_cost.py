"""The fold's cost per event does not grow with the contest (ratios of CPU time only).

The garbage collector is paused while timing: its full collections come in bursts
whose place in a short run is chance, and what is checked here is the cost of the
fold's own data structures. `judging bench --only fold` measures with it running.
"""

from __future__ import annotations

import gc
import time

from builders import at, definition

from judging.domain.events import (
    AttemptRecorded,
    ContestantsRegistered,
    ContestDefined,
    ContestStarted,
    Event,
    MarkAwarded,
)
from judging.domain.evolve import Fold
from judging.domain.roster import Contestant

EVENTS = 10_000
REPEATS = 3


def contest(contestants: int, count: int) -> list[Event]:
    """A contest's opening, then marks and attempts spread over every contestant."""
    people = [Contestant(id=f"c{i}", name=f"Contestant {i}") for i in range(contestants)]
    events: list[Event] = [
        ContestDefined(definition=definition(freeze_minutes=None)),
        ContestantsRegistered(contestants=people),
        ContestStarted(at=at(0)),
    ]
    for n in range(count):
        who = f"c{n * 7919 % contestants}"
        if n % 3:
            events.append(
                MarkAwarded(
                    command_id=f"m{n}", contestant_id=who, aspect_id=("quality", "exam")[n % 2],
                    referee_id="r1", value=1, at=at(0),
                )
            )  # fmt: skip
        else:
            events.append(
                AttemptRecorded(
                    command_id=f"a{n}", contestant_id=who, stage_id="s1", referee_id="r1",
                    result="failed", contest_time=n, at=at(0),
                )
            )  # fmt: skip
    return events


def cpu_seconds(fold: Fold, events: list[Event]) -> float:
    gc.disable()
    try:
        started = time.process_time()
        for event in events:
            fold.apply(event)
        return time.process_time() - started
    finally:
        gc.enable()


def steady_cost(contestants: int) -> float:
    """The least CPU time of folding `EVENTS` events into a contest whose entries have
    all been started (the first entry of each contestant creates its lists)."""
    events = contest(contestants, 6 * contestants + EVENTS)
    opening, timed = events[:-EVENTS], events[-EVENTS:]
    costs = []
    for _ in range(REPEATS):
        fold = Fold()
        cpu_seconds(fold, opening)
        costs.append(cpu_seconds(fold, timed))
    return min(costs)


def test_a_large_contest_costs_about_what_a_small_one_does_per_event() -> None:
    large, small = steady_cost(2_000), steady_cost(50)
    # The benchmark's target is 1.5; a cost that grew with the contestants would be ~40
    # here, so a wide margin keeps a busy machine from failing the test.
    assert large / small < 3.0


def test_the_cost_per_event_does_not_grow_with_the_history() -> None:
    events = contest(500, 4 * EVENTS)
    opening, rest = events[:3], events[3:]
    first, last = rest[:EVENTS], rest[-EVENTS:]
    ratios = []
    for _ in range(REPEATS):
        fold = Fold()
        cpu_seconds(fold, opening)
        early = cpu_seconds(fold, first)
        cpu_seconds(fold, rest[EVENTS:-EVENTS])
        ratios.append(cpu_seconds(fold, last) / early)
    assert min(ratios) < 3.0  # with a cost that grew with the history it would be ~7
