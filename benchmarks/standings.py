"""Per-event cost of the live standings at 100 and at 10,000 contestants.

For each size N, a points contest (two measured criteria with countback, two
stages) with N registered contestants is folded into a `ContestStandings`, then M
mark and attempt events are applied, each followed by a read of both views'
revisions (boards re-score lazily, on read: this is the worst case of one event
per hub tick), and the cost per event is measured. The events go to the same 100
contestants at every size, so each entry's own history is identical and only N
differs: with an incremental update, `us/event` stays about the same (the last
row: the 10,000-vs-100 ratio, near 1). The reference, measured in the same run, is
one full re-rank of every entry with the domain's `rank(...)` (what a
non-incremental board would pay per event); `speedup` is its cost over the
incremental one.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime
from typing import Any

from judging.domain.board import entry_facts
from judging.domain.definition import ContestDefinition
from judging.domain.events import (
    AttemptRecorded,
    ContestantsRegistered,
    ContestDefined,
    ContestStarted,
    Event,
    MarkAwarded,
)
from judging.domain.ranking import rank
from judging.domain.roster import Contestant
from judging.domain.scoring import score
from judging.projections.standings import ContestStandings

SIZES = (100, 10_000)
ACTIVE = 100
INCREMENTAL = "us/event (incremental, 2 views)"
FULL = "us (reference: one full rank())"
T0 = datetime(2024, 5, 1, tzinfo=UTC)
MEASURED = {"type": "measurement", "max": 10}
DEFINITION = ContestDefinition.model_validate(
    {
        "id": "bench",
        "title": "Bench",
        "duration_minutes": 240,
        "ranking": {"policy": "points", "tie_breaks": ["countback"]},
        "criteria": [
            {"id": c, "name": c, "aspects": [{"id": f"{c}1", "name": c, **MEASURED}]}
            for c in ("a", "b")
        ],
        "stages": [{"id": "s1", "name": "S1"}, {"id": "s2", "name": "S2"}],
    }
)  # fmt: skip


def opening(size: int) -> list[Event]:
    people = [Contestant(id=f"c{i}", name=f"Contestant {i}") for i in range(size)]
    return [
        ContestDefined(definition=DEFINITION),
        ContestantsRegistered(contestants=people),
        ContestStarted(at=T0),
    ]


def entry_event(n: int, rng: random.Random) -> Event:
    who = f"c{rng.randrange(ACTIVE)}"
    if n % 3 == 2:
        return AttemptRecorded(
            command_id=f"x{n}", contestant_id=who, stage_id=rng.choice(["s1", "s2"]),
            referee_id="r", result=rng.choice(["cleared", "failed"]),
            contest_time=n, at=T0,
        )  # fmt: skip
    return MarkAwarded(
        command_id=f"x{n}", contestant_id=who, aspect_id=rng.choice(["a1", "b1"]),
        referee_id="r", value=round(rng.uniform(0, 10), 2), at=T0,
    )  # fmt: skip


def measure(size: int, count: int) -> dict[str, Any]:
    standings = ContestStandings()
    for position, event in enumerate(opening(size), start=1):
        standings.apply(event, position)
    standings.revision("public")  # settle the opening (everyone re-scored once)
    standings.revision("live")
    rng = random.Random(size)
    events = [entry_event(n, rng) for n in range(count)]
    start = time.perf_counter()
    for position, event in enumerate(events, start=10):
        standings.apply(event, position)
        standings.revision("public")  # what the hub asks after each tick: the worst
        standings.revision("live")  # case, one event per tick, both views re-scored
    incremental = (time.perf_counter() - start) / count * 1e6
    assert standings.state is not None
    entries = [(f, score(f, DEFINITION)) for f in entry_facts(standings.state, "live")]
    runs = max(3, 30_000 // size)
    start = time.perf_counter()
    for _ in range(runs):
        rank(entries, DEFINITION)
    full = (time.perf_counter() - start) / runs * 1e6
    return {
        "contestants": size,
        "events": count,
        INCREMENTAL: incremental,
        FULL: full,
        "speedup": full / incremental,
    }


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    count = max(300, min(getattr(args, "events", 10_000), 5_000))
    rows = [measure(size, count) for size in SIZES]
    ratio = rows[-1]["us/event (incremental, 2 views)"] / rows[0]["us/event (incremental, 2 views)"]
    reference = (
        rows[-1]["us (reference: one full rank())"] / rows[0]["us (reference: one full rank())"]
    )
    rows.append(
        {
            "contestants": f"{SIZES[-1]} vs {SIZES[0]}",
            "us/event (incremental, 2 views)": ratio,
            "us (reference: one full rank())": reference,
        }
    )
    return rows
