"""Mentor–apprentice programmes on SQLite and PostgreSQL: the service appends, the
"mentoring" projection folds, `mentoring_for`, the report and the pools read it,
with mentor credit from the talent database."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import pytest
from projection_helpers import append
from talent_histories import contestant, definition, mark

from judging.application.programmes import ProgrammesService
from judging.application.results import CommandRefused
from judging.application.writer import Writer
from judging.domain.commands import Actor
from judging.domain.events import (
    ContestantsRegistered,
    ContestDefined,
    ContestEnded,
    ContestFinalized,
    ContestStarted,
    RefereesRegistered,
    stream_id,
)
from judging.domain.mentor_credit import Achievement
from judging.domain.mentoring import (
    AssessPair,
    DefineProgramme,
    EndPair,
    FormPair,
    ProgrammeCommand,
    SignAgreement,
)
from judging.domain.roster import Referee
from judging.projections import mentoring
from judging.projections.mentoring import (
    MentoringProjection,
    mentoring_for,
    pool,
    programme_report,
)
from judging.projections.rebuild import rebuild
from judging.projections.runner import ProjectionRunner
from judging.projections.talent.projection import TalentProjection
from judging.store import EventStore

ORGANIZER = Actor(id="organizer", role="organizer")


def finalized_contest(contest_id: str, worker: str, day: datetime) -> list[tuple[str, Any]]:
    sid = stream_id(contest_id)
    events: list[Any] = [
        ContestDefined(definition=definition(contest_id)),
        ContestantsRegistered(contestants=[contestant(0, worker), contestant(1, "x9")]),
        RefereesRegistered(referees=[Referee(id="r1", name="Ref")]),
        ContestStarted(at=day),
        mark("c0", "wiring-a", 9),
        mark("c1", "wiring-a", 3),
        ContestEnded(at=day),
        ContestFinalized(at=day),
    ]
    return [(sid, event) for event in events]


async def run(service: ProgrammesService, programme: str, command: dict[str, Any]) -> int:
    kinds: dict[str, type[ProgrammeCommand]] = {
        "define": DefineProgramme,
        "form": FormPair,
        "sign": SignAgreement,
        "assess": AssessPair,
        "end": EndPair,
    }
    kind = command.pop("kind")
    parsed = kinds[kind].model_validate({"command_id": str(uuid.uuid4()), **command})
    return (await service.execute(programme, parsed, ORGANIZER)).position


async def programme_history(service: ProgrammesService) -> int:
    periods = [{"id": "q1", "name": "Q1"}, {"id": "q2", "name": "Q2"}]
    weights = {"kpi": 2, "improvement": 1, "attitude": 1}
    steps: list[dict[str, Any]] = [
        {"kind": "define", "id": "p1", "title": "师带徒", "weights": weights, "periods": periods},
        {
            "kind": "form",
            "mentor": {"worker_id": "m1", "name": "Master", "organization": "Acme"},
            "apprentice": {"worker_id": "a1", "name": "Apprentice"},
            "start": "2026-01-10",
        },
        {
            "kind": "form",
            "mentor": {"worker_id": "m2", "organization": "Bolt"},
            "apprentice": {"worker_id": "a2"},
            "start": "2026-01-10",
        },
        {"kind": "sign", "pair_id": "pair-1", "signed_on": "2026-01-11"},
        *(
            {
                "kind": "assess",
                "pair_id": "pair-1",
                "period": period,
                "kpi": kpi,
                "improvement": 60,
                "attitude": 100,
                "assessor": "boss",
                "assessed_on": "2026-03-31",
            }
            for period, kpi in (("q2", 40), ("q1", 80))
        ),
        {"kind": "end", "pair_id": "pair-1", "outcome": "completed", "on": "2026-06-30"},
    ]
    position = 0
    for step in steps:
        position = await run(service, "p1", step)
    return position


async def test_programme_projection_report_pools_and_mentor_credit(store: EventStore) -> None:
    service = ProgrammesService(Writer(store))
    await append(store, finalized_contest("before", "a1", datetime(2026, 1, 1, tzinfo=UTC)))
    await append(store, finalized_contest("during", "a1", datetime(2026, 3, 1, tzinfo=UTC)))
    await append(store, finalized_contest("after", "a1", datetime(2026, 8, 1, tzinfo=UTC)))
    await programme_history(service)
    with pytest.raises(CommandRefused) as refused:
        await run(service, "p1", {"kind": "sign", "pair_id": "pair-1", "signed_on": "2026-07-01"})
    assert refused.value.code == "pair_ended"
    head = await store.head()
    runner = ProjectionRunner(
        store, persisted=[TalentProjection(store), MentoringProjection()], retry_delay=0.01
    )
    await runner.start()
    try:
        await runner.wait_for(head, timeout=20)
    finally:
        await runner.stop()

    async with store.tracking.read() as conn:
        mentor = await mentoring_for(conn, "m1", on=date(2026, 12, 1))
        apprentice = await mentoring_for(conn, "a1", on=date(2026, 12, 1))
        report = await programme_report(conn, "p1", mentor="m1", on=date(2026, 12, 1))
        mentors = await pool(conn, "p1", "mentors", organization="Acme")
        done = await pool(conn, "p1", "apprentices", state="completed", min_score=70)
        paged = await pool(conn, "p1", "apprentices", limit=1, offset=1)
        unknown = await pool(conn, "nope", "mentors")

    assert [c["source"] for c in mentor["credits"]] == ["during"]
    assert mentor["credits"][0]["detail"]["rank"] == 1
    [pair] = mentor["apprentices"]
    assert (pair["apprentice_id"], pair["state"], pair["end"]) == ("a1", "completed", "2026-06-30")
    assert (pair["latest_period"], pair["latest_score"]) == ("q2", pytest.approx(60.0))
    assert pair["programme_title"] == "师带徒"
    assert [p["mentor_id"] for p in apprentice["mentors"]] == ["m1"]
    assert apprentice["credits"] == []

    assert report is not None
    [reported] = report["pairs"]
    assert [a["period_id"] for a in reported["assessments"]] == ["q1", "q2"]
    assert [a["score"] for a in reported["assessments"]] == [
        pytest.approx(80.0),
        pytest.approx(60.0),
    ]
    assert [c["source"] for c in reported["credits"]] == ["during"]

    assert mentors is not None and [m["worker_id"] for m in mentors["items"]] == ["m1"]
    assert done is not None and done["items"] == []  # its latest score is 60
    assert paged is not None and paged["total"] == 2
    assert [p["worker_id"] for p in paged["items"]] == ["a2"]
    assert unknown is None

    async with store.tracking.read() as conn:
        before = await mentoring_for(conn, "m1", on=date(2026, 12, 1))
    await rebuild(store, [MentoringProjection()])
    async with store.tracking.read() as conn:
        assert await mentoring_for(conn, "m1", on=date(2026, 12, 1)) == before


async def test_an_open_pair_credits_up_to_the_day_asked(store: EventStore) -> None:
    service = ProgrammesService(Writer(store))
    await append(store, finalized_contest("later", "a2", datetime(2026, 3, 1, tzinfo=UTC)))
    await programme_history(service)
    runner = ProjectionRunner(
        store, persisted=[TalentProjection(store), MentoringProjection()], retry_delay=0.01
    )
    head = await store.head()
    await runner.start()
    try:
        await runner.wait_for(head, timeout=20)
    finally:
        await runner.stop()
    async with store.tracking.read() as conn:
        early = await mentoring_for(conn, "m2", on=date(2026, 2, 1))
        late = await mentoring_for(conn, "m2", on=date(2026, 4, 1))
    assert early["credits"] == []
    assert [c["apprentice_id"] for c in late["credits"]] == ["a2"]


async def test_more_achievement_sources_credit_the_mentor_too(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Levels (or any later source) are one more function in ACHIEVEMENT_SOURCES."""

    async def levels(_: object, workers: Sequence[str]) -> list[Achievement]:
        granted = Achievement("a1", "level", date(2026, 2, 1), "assess-1", "中级", {"skill": "x"})
        return [granted] if "a1" in workers else []

    monkeypatch.setattr(mentoring, "ACHIEVEMENT_SOURCES", [levels])
    await programme_history(ProgrammesService(Writer(store)))
    runner = ProjectionRunner(store, persisted=[MentoringProjection()], retry_delay=0.01)
    head = await store.head()
    await runner.start()
    try:
        await runner.wait_for(head, timeout=20)
    finally:
        await runner.stop()
    async with store.tracking.read() as conn:
        record = await mentoring_for(conn, "m1", on=date(2026, 12, 1))
    assert [(c["kind"], c["title"], c["on"]) for c in record["credits"]] == [
        ("level", "中级", "2026-02-01")
    ]
