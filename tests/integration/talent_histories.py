"""Random contest histories for the talent database tests (hypothesis strategies).

A history is a list of (stream id, domain event) in log order: contests with
measurement criteria (one tagged with a skill, one not), contestants drawn from a
small pool of workers (some without a worker id), marks, withdrawals, finalizes,
interleaved across streams, and position standards in the `standards` stream (some
with levels; some contests are assessments, which grant them).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from judging.domain.definition import ContestDefinition
from judging.domain.events import (
    ContestantsRegistered,
    ContestantWithdrew,
    ContestDefined,
    ContestEnded,
    ContestFinalized,
    ContestStarted,
    MarkAwarded,
    RefereesRegistered,
    encode,
    stream_id,
)
from judging.domain.roster import Contestant, Referee
from judging.domain.standards import STANDARDS_STREAM, Level, StandardDefined
from judging.store import NewEvent

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
WORKERS = [f"w{i}" for i in range(1, 8)]
ASPECTS = ("wiring-a", "theory-a")
Entry = tuple[str, Any]  # (stream id, event)


def definition(contest_id: str, kind: str = "competition") -> ContestDefinition:
    def criterion(cid: str, skill: str | None) -> dict[str, Any]:
        aspect = {"id": f"{cid}-a", "name": cid, "type": "measurement", "max": 10}
        return {"id": cid, "name": cid, "skill": skill, "aspects": [aspect]}

    return ContestDefinition.model_validate(
        {
            "id": contest_id,
            "title": f"Contest {contest_id}",
            "kind": kind,  # an assessment also grants levels
            "duration_minutes": 60,
            "criteria": [criterion("wiring", "elec.wiring"), criterion("theory", None)],
        }
    )


def contestant(index: int, worker: str | None) -> Contestant:
    group = index % 2 if worker is None else int(worker[1:]) % 3
    return Contestant(
        id=f"c{index}",
        name=f"Name {worker or index}",
        team=f"team-{group}",
        workshop=f"shop-{group % 2}",
        organization="Acme" if group else "Bolt",
        worker_id=worker,
    )


@st.composite
def contest(draw: st.DrawFn, contest_id: str) -> list[Entry]:
    """One contest's events, in order; finalized most of the time."""
    workers = draw(st.lists(st.sampled_from([*WORKERS, None]), min_size=1, max_size=6))
    people = [contestant(i, w if w not in workers[:i] else None) for i, w in enumerate(workers)]
    sid = stream_id(contest_id)
    events: list[Any] = [
        ContestDefined(definition=definition(contest_id, draw(KIND))),
        ContestantsRegistered(contestants=people),
        RefereesRegistered(referees=[Referee(id="r1", name="Ref")]),
        ContestStarted(at=T0),
    ]
    for person in people:
        for aspect in ASPECTS:
            value = draw(st.none() | st.integers(0, 10))
            if value is not None:
                events.append(mark(person.id, aspect, value))
        if draw(st.integers(0, 9)) == 0:
            events.append(ContestantWithdrew(contestant_id=person.id, reason="ill", at=T0))
    events.append(ContestEnded(at=T0 + timedelta(hours=1)))
    if draw(st.integers(0, 4)) > 0:
        events.append(ContestFinalized(at=T0 + timedelta(hours=2)))
    return [(sid, event) for event in events]


def mark(contestant_id: str, aspect: str, value: int) -> MarkAwarded:
    return MarkAwarded(
        command_id=str(uuid.uuid4()),
        contestant_id=contestant_id,
        aspect_id=aspect,
        referee_id="r1",
        value=value,
        at=T0,
    )


KIND = st.sampled_from(["competition", "assessment"])
# No ladder, or 初级/中级 from a random minimum: standards with levels grant them.
LADDERS = st.none() | st.integers(0, 60).map(
    lambda low: (
        Level(id="junior", name="初级", min_percent=low),
        Level(id="middle", name="中级", min_percent=low + 30),
    )
)

standard = st.builds(
    lambda sid, wiring, theory, ladder: StandardDefined(
        id=f"std-{sid}",
        name="Fitter",
        required={"elec.wiring": wiring, "x:theory": theory},
        levels=ladder or (),
    ),
    st.integers(1, 2),
    st.integers(0, 100),
    st.integers(0, 100),
    LADDERS,
)


@st.composite
def history(draw: st.DrawFn, prefix: str) -> list[Entry]:
    """Contests and standards interleaved in one random log order."""
    count = draw(st.integers(1, 3))
    queues = [draw(contest(f"{prefix}-{i}")) for i in range(count)]
    queues.append([(STANDARDS_STREAM, s) for s in draw(st.lists(standard, max_size=2))])
    merged: list[Entry] = []
    while any(queues):
        live = [q for q in queues if q]
        merged.append(live[draw(st.integers(0, len(live) - 1))].pop(0))
    return merged


def new_event(event: Any) -> NewEvent:
    type_, data = encode(event)
    return NewEvent(event_id=uuid.uuid4(), type=type_, data=data)
