"""Position assessment levels in the talent database (SQLite and PostgreSQL): a
finalized assessment grants levels, a competition does not; the resume and the
capability view show them; a standard without levels still works."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from projection_helpers import append
from talent_histories import T0, contestant, mark

from judging.domain.definition import ContestDefinition
from judging.domain.events import (
    ContestantsRegistered,
    ContestDefined,
    ContestEnded,
    ContestFinalized,
    ContestStarted,
    RefereesRegistered,
    stream_id,
)
from judging.domain.roster import Referee
from judging.domain.standards import STANDARDS_STREAM, Level, StandardDefined
from judging.projections.rebuild import rebuild
from judging.projections.talent.capability import capability
from judging.projections.talent.projection import TalentProjection
from judging.projections.talent.resume import resume
from judging.projections.talent.weighted import Weights, weighted_leaderboard
from judging.store import EventStore

LADDER = (
    Level(id="junior", name="初级", min_percent=60),
    Level(id="middle", name="中级", min_percent=75),
    Level(id="senior", name="高级", min_percent=90),
)
FITTER = StandardDefined(
    id="fitter", name="钳工", required={"elec.wiring": 80, "safety": 70}, levels=LADDER
)
PLAIN = StandardDefined(id="plain", name="Plain", required={"elec.wiring": 50})


def contest(contest_id: str, kind: str, marks: dict[str, tuple[int, int]]) -> list[Any]:
    """A contest whose workers (w1, w2, …) get (wiring, safety) marks of 10 each."""

    def criterion(cid: str, skill: str) -> dict[str, Any]:
        aspect = {"id": f"{cid}-a", "name": cid, "type": "measurement", "max": 10}
        return {"id": cid, "name": cid, "skill": skill, "aspects": [aspect]}

    definition = ContestDefinition.model_validate(
        {
            "id": contest_id,
            "title": f"Exam {contest_id}",
            "kind": kind,
            "duration_minutes": 60,
            "criteria": [criterion("wiring", "elec.wiring"), criterion("safety", "safety")],
        }
    )
    people = [contestant(i, worker) for i, worker in enumerate(marks)]
    events: list[Any] = [
        ContestDefined(definition=definition),
        ContestantsRegistered(contestants=people),
        RefereesRegistered(referees=[Referee(id="r1", name="Ref")]),
        ContestStarted(at=T0),
    ]
    for person in people:
        assert person.worker_id is not None
        wiring, safety = marks[person.worker_id]
        events += [mark(person.id, "wiring-a", wiring), mark(person.id, "safety-a", safety)]
    events += [
        ContestEnded(at=T0 + timedelta(hours=1)),
        ContestFinalized(at=T0 + timedelta(hours=2)),
    ]
    return [(stream_id(contest_id), event) for event in events]


async def finalized(store: EventStore, *contests: list[Any]) -> None:
    entries = [(STANDARDS_STREAM, FITTER), (STANDARDS_STREAM, PLAIN)]
    for history in contests:
        entries += history
    await append(store, entries)
    await rebuild(store, [TalentProjection(store)])


async def test_a_finalized_assessment_grants_levels_shown_in_resume_and_capability(
    store: EventStore,
) -> None:
    suffix = uuid.uuid4().hex[:6]
    first = contest(f"a1-{suffix}", "assessment", {"w1": (7, 9), "w2": (9, 8), "w3": (5, 6)})
    drill = contest(f"c-{suffix}", "competition", {"w1": (10, 10), "w2": (0, 0)})
    second = contest(f"a2-{suffix}", "assessment", {"w1": (9, 9)})
    await finalized(store, first, drill, second)
    async with store.tracking.read() as conn:
        w1 = await resume(conn, "w1")
        w3 = await resume(conn, "w3")
        table = await capability(conn, "team", "fitter")
        every = await capability(conn, "team")
        by_levels = await weighted_leaderboard(conn, Weights(0, 1, 1, 1))
        today = await weighted_leaderboard(conn, Weights())
    assert w1 is not None and w3 is not None
    wiring = next(s for s in w1["levels"] if s["skill"] == "elec.wiring")
    assert wiring["standard_name"] == "钳工"
    # latest first: the second assessment (90 %) then the first (70 %); the drill grants none
    assert [(h["level_id"], h["percent"]) for h in wiring["history"]] == [
        ("senior", pytest.approx(90)),
        ("junior", pytest.approx(70)),
    ]
    assert wiring["latest"]["contest_id"] == f"a2-{suffix}"
    assert {s["standard_id"] for s in w1["levels"]} == {"fitter"}  # "plain" has no levels
    assert w3["levels"] == [
        {**w3["levels"][0], "skill": "safety", "latest": w3["levels"][0]["history"][0]}
    ]  # 50 % wiring is below 初级; 60 % safety is 初级
    assert w3["levels"][0]["latest"]["level_name"] == "初级"
    assert w1["training"] == [] and w1["mentoring"]["mentors"] == []
    [counts] = table["levels"]
    assert counts["standard_id"] == "fitter"
    # w1 senior/senior; w2 wiring 90 senior, safety 80 middle; w3 safety junior only
    assert counts["position"] == {"junior": 0, "middle": 1, "senior": 1}
    assert counts["partial"] == 1
    assert counts["skills"] == [
        {"skill": "elec.wiring", "counts": {"junior": 0, "middle": 0, "senior": 2}},
        {"skill": "safety", "counts": {"junior": 1, "middle": 1, "senior": 1}},
    ]
    assert table["standard"]["levels"][0] == {"id": "junior", "name": "初级", "min_percent": 60}
    assert [c["standard_id"] for c in every["levels"]] == ["fitter"]
    # levels weighted: w1 and w2 300 + 300 (senior, senior) and 300 + 200; w3 100
    assert [(r["worker_id"], r["score"]) for r in by_levels["rows"]] == [
        ("w1", 600),
        ("w2", 500),
        ("w3", 100),
    ]
    assert by_levels["rows"][0]["sources"]["levels"] == 600
    assert today["weights"]["contests"] == 1 and "score" not in today["rows"][0]


async def test_a_standard_without_levels_grants_nothing(store: EventStore) -> None:
    suffix = uuid.uuid4().hex[:6]
    await finalized(store, contest(f"a-{suffix}", "assessment", {"w1": (10, 10)}))
    async with store.tracking.read() as conn:
        table = await capability(conn, "team", "plain")
        found = await resume(conn, "w1")
    assert table is not None and table["levels"] == []
    assert table["standard"]["levels"] == []
    assert found is not None
    assert {s["standard_id"] for s in found["levels"]} == {"fitter"}
