"""Live boards fed from a real store; time travel equals what the live board showed.

Runs on SQLite and PostgreSQL (the shared `store` fixture).
"""

from __future__ import annotations

import random
import sys
import uuid
from pathlib import Path
from typing import Any

from judging.domain.commands import End, Freeze, Thaw
from judging.domain.events import Event, event_data, stream_id
from judging.domain.groups import ByField, ByVenue
from judging.domain.roster import Contestant
from judging.projections.live_boards import LiveBoards
from judging.projections.timetravel import standings_at
from judging.store import EventStore, NewEvent

sys.path.insert(0, str(Path(__file__).parents[1] / "unit" / "projections"))

from histories import CONTESTANTS, JUDGES, history

VIEWS_AND_GROUPS: list[tuple[Any, Any]] = [
    ("public", None),
    ("live", None),
    ("live", ByVenue("wz")),
    ("public", ByField("team")),
]

LIFECYCLE = {40: Freeze, 52: End, 57: Thaw}


def plan(seed: int) -> Any:
    """A fixed plan in the histories' format: marks, attempts, a freeze, a thaw."""
    rng = random.Random(seed)
    steps: list[Any] = []
    for n in range(60):
        who = rng.randrange(len(CONTESTANTS))
        if n in LIFECYCLE:
            steps.append((("lifecycle", LIFECYCLE[n]), 1))
        elif n % 2:
            aspect, judge = rng.choice(["quality", "exam", "faults"]), rng.choice(JUDGES)
            steps.append((("mark", who, aspect, judge, rng.randrange(4)), rng.randrange(8)))
        else:
            steps.append((("attempt", who, rng.choice(["s1", "s2"]), rng.random() < 0.5), 3))
    more = [Contestant(id=f"c{i}", name=f"N{i}", venue="wz", team="red") for i in range(4, 9)]
    return {"policy": "stages"}, more, steps


def new_event(event: Event) -> NewEvent:
    return NewEvent(uuid.uuid4(), event.type, event_data(event))


async def test_standings_at_equals_the_live_document(store: EventStore) -> None:
    events = history(plan(7))
    boards = LiveBoards()
    seen: dict[int, list[Any]] = {}
    for n, event in enumerate(events):
        streams = [stream_id("yrd")] + (["other-stream"] if n % 5 == 4 else [])
        for stream in reversed(streams):
            [recorded] = await store.append(stream, [new_event(event)])
            boards.apply(recorded)
            board = boards.loaded("yrd")
            if board is not None:
                seen[recorded.position] = [board.document(v, g) for v, g in VIEWS_AND_GROUPS]
    assert boards.position == await store.head()
    for position, documents in seen.items():
        for (view, group), document in zip(VIEWS_AND_GROUPS, documents, strict=True):
            assert await standings_at(store, "yrd", position, view, group) == document
