"""The contest catalog read model: one row per contest, in the order defined, paged."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command as alembic
from sqlalchemy.engine import Connection

from judging.application.contests import ContestService
from judging.application.writer import Writer
from judging.domain.commands import (
    Actor,
    Command,
    DefineContest,
    Freeze,
    RegisterContestants,
    Start,
)
from judging.domain.definition import ContestDefinition
from judging.domain.events import ContestantsAdvanced, ContestDefined, encode, parse_event
from judging.domain.evolve import fold
from judging.domain.roster import Contestant
from judging.projections.catalog import (
    CatalogEntry,
    CatalogProjection,
    catalog_page,
    summary_page,
)
from judging.projections.rebuild import rebuild
from judging.projections.runner import ProjectionRunner
from judging.projections.standings_doc import lifecycle_doc
from judging.store import EventStore, NewEvent, migrate, open_store
from judging.store.migration import alembic_config, run_locked

ORGANIZER = Actor(id="org", role="organizer")
NOW = datetime(2025, 5, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def store(any_store: EventStore) -> EventStore:
    """These tests hold for SQLite, PostgreSQL and the in-memory store."""
    return any_store


def definition(contest_id: str) -> ContestDefinition:
    return ContestDefinition.model_validate(
        {
            "id": contest_id,
            "title": f"Contest {contest_id}",
            "kind": "assessment",
            "duration_minutes": 60,
            "venues": [{"id": "wz", "name": "Wenzhou"}, {"id": "nj", "name": "Nanjing"}],
            "criteria": [
                {
                    "id": "wiring",
                    "name": "Wiring",
                    "aspects": [
                        {"id": "faults", "name": "Faults", "type": "measurement", "max": 2}
                    ],
                }
            ],
        }
    )


def people(*ids: str) -> list[Contestant]:
    return [Contestant(id=i, name=f"Name {i}", venue="wz") for i in ids]


async def history(store: EventStore) -> ContestService:
    """Contest a (registered twice with an overlap, started, frozen), then contest b."""
    contests = ContestService(Writer(store), clock=lambda: NOW)
    commands: list[tuple[str, Command]] = [
        ("a", DefineContest(command_id="1", definition=definition("a"))),
        ("a", RegisterContestants(command_id="2", contestants=people("c1", "c2"))),
        ("b", DefineContest(command_id="3", definition=definition("b"))),
        ("a", RegisterContestants(command_id="4", contestants=people("c2", "c3"))),
        ("a", Start(command_id="5")),
        ("a", Freeze(command_id="6")),
    ]
    for contest_id, command in commands:
        await contests.execute(contest_id, command, ORGANIZER)
    return contests


@pytest.fixture
async def runner(store: EventStore) -> AsyncIterator[ProjectionRunner]:
    running = ProjectionRunner(store, persisted=[CatalogProjection()], retry_delay=0.01)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def page(
    store: EventStore, limit: int | None = None, offset: int = 0, *, newest_first: bool = False
) -> list[CatalogEntry]:
    async with store.tracking.read() as conn:
        return await catalog_page(conn, limit, offset, newest_first=newest_first)


async def test_one_row_per_contest_as_its_stream_says(
    store: EventStore, runner: ProjectionRunner
) -> None:
    contests = await history(store)
    await runner.wait_for(await store.head(), timeout=10)
    a, b = await page(store)
    cached = await contests.get("a")
    assert cached is not None and cached.state is not None
    assert (a.contest_id, a.title, a.kind) == ("a", "Contest a", "assessment")
    assert a.venues == [{"id": "wz", "name": "Wenzhou"}, {"id": "nj", "name": "Nanjing"}]
    assert a.contestants == len(cached.state.contestants) == 3
    assert a.lifecycle == lifecycle_doc(cached.state.lifecycle)  # as the standings say it
    assert a.lifecycle["frozen"] is not None and a.lifecycle["ended"] is None
    assert (a.defined_position, a.updated_position) == (cached.defined_position, cached.position)
    assert (b.contest_id, b.contestants, b.defined_position, b.updated_position) == ("b", 0, 3, 3)
    assert b.lifecycle == dict.fromkeys(("started", "frozen", "ended", "thawed", "finalized"))


async def test_summaries_say_what_the_entries_say(
    store: EventStore, runner: ProjectionRunner
) -> None:
    """The contest list's rows (`summary_page`: the venues as their stored JSON)."""
    await history(store)
    await runner.wait_for(await store.head(), timeout=10)
    async with store.tracking.read() as conn:
        summaries = await summary_page(conn, 1, 0, newest_first=True)
        summaries += await summary_page(conn, None, 1, newest_first=True)
    entries = await page(store, newest_first=True)
    assert [
        (s.contest_id, s.title, s.kind, json.loads(s.venues_json), s.contestants) for s in summaries
    ] == [(e.contest_id, e.title, e.kind, e.venues, e.contestants) for e in entries]
    assert [dict(zip(s._fields[5:], s[5:], strict=True)) for s in summaries] == [
        e.lifecycle for e in entries
    ]


async def test_pages_in_the_order_defined(store: EventStore, runner: ProjectionRunner) -> None:
    await history(store)
    await runner.wait_for(await store.head(), timeout=10)
    assert [e.contest_id for e in await page(store, limit=1)] == ["a"]
    assert [e.contest_id for e in await page(store, limit=1, offset=1)] == ["b"]
    assert await page(store, offset=2) == []


async def test_pages_newest_first(store: EventStore, runner: ProjectionRunner) -> None:
    """The index page's order: the contest defined last comes first."""
    await history(store)
    await runner.wait_for(await store.head(), timeout=10)
    assert [e.contest_id for e in await page(store, newest_first=True)] == ["b", "a"]
    assert [e.contest_id for e in await page(store, limit=1, newest_first=True)] == ["b"]
    assert [e.contest_id for e in await page(store, 1, 1, newest_first=True)] == ["a"]


async def test_a_rebuild_gives_the_same_rows(store: EventStore, runner: ProjectionRunner) -> None:
    await history(store)
    await runner.wait_for(await store.head(), timeout=10)
    before = await page(store)
    await runner.stop()
    await rebuild(store, [CatalogProjection()])
    assert await page(store) == before


def advancement(source: str, *ids: str) -> NewEvent:
    fact = ContestantsAdvanced(from_contest=source, from_position=1, contestants=people(*ids))
    type_, data = encode(fact)
    return NewEvent(uuid.uuid4(), type_, data)


async def test_an_advancement_redone_drops_whom_it_no_longer_sends(
    store: EventStore, runner: ProjectionRunner
) -> None:
    """As the fold does (`state.left_behind`): a round reopened and advanced again
    replaces whom it brought, keeping those another round brought too."""
    type_, data = encode(ContestDefined(definition=definition("final")))
    await store.append("contest-final", [NewEvent(uuid.uuid4(), type_, data)])
    for source, ids in [("semi1", ("ann", "bob", "cat")), ("semi2", ("cat", "dan"))]:
        await store.append("contest-final", [advancement(source, *ids)])
    await store.append("contest-final", [advancement("semi1", "ann", "eve")])
    await runner.wait_for(await store.head(), timeout=10)
    [final] = await page(store)
    stream = [e for e in await store.read_stream("contest-final", 0)]
    state = fold(parse_event(e.type, e.data) for e in stream)
    assert sorted(state.contestants) == ["ann", "cat", "dan", "eve"]  # bob left behind
    assert final.contestants == len(state.contestants) == 4
    await runner.stop()
    await rebuild(store, [CatalogProjection()])
    assert await page(store) == [final]


async def test_the_upgrade_to_0010_has_the_catalog_rebuilt(tmp_path: Path) -> None:
    """Migration 0010 adds who each round brought, which only the log knows: it
    empties the catalog and its checkpoint, and the runner builds them again."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'judging.db'}"

    def to_0009(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        alembic.upgrade(config, "0009_levels")

    await run_locked(url, to_0009)
    store = await open_store(url)
    try:
        running = ProjectionRunner(store, persisted=[CatalogProjection()], retry_delay=0.01)
        await running.start()
        await history(store)
        await running.wait_for(await store.head(), timeout=10)
        await running.stop()
        before = await page(store)
    finally:
        await store.close()
    assert [entry.contest_id for entry in before] == ["a", "b"]
    await migrate(url)
    store = await open_store(url)
    try:
        assert await page(store) == []
        running = ProjectionRunner(store, persisted=[CatalogProjection()], retry_delay=0.01)
        await running.start()
        await running.wait_for(await store.head(), timeout=10)
        await running.stop()
        assert await page(store) == before
    finally:
        await store.close()
