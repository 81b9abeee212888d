"""Capability reads each worker's latest rows, kept as contests are finalized (SQLite
and PostgreSQL): the latest group and the latest percent per skill, a re-finalized
contest's workers brought up to date, and the upgrade that fills the rows from the
results already on record."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command as alembic
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from judging.projections.talent import tables
from judging.projections.talent.capability import capability
from judging.projections.talent.contest_results import ContestResult
from judging.projections.talent.latest import keep_latest_levels, keep_latest_results
from judging.projections.talent.projection import write_results
from judging.store import migrate
from judging.store.engines import backend_for
from judging.store.migration import alembic_config, run_locked
from scratch_database import scratch_database


def result(
    contest: str, worker: str, team: str | None, skills: dict[str, float], contestant: str = "p1"
) -> ContestResult:
    return ContestResult(
        contest, contestant, worker, f"Worker {worker}", "", "2026-11-02T09:00:00+00:00",
        1, 2, 50.0, 60.0, "Plant", team, "Shop 1", skills,
    )  # fmt: skip


async def table(conn: AsyncConnection) -> dict[str, dict[str, object]]:
    """Per team: its members' names and latest percents, and the contests named."""
    found = await capability(conn, "team")
    assert found is not None
    teams: dict[str, dict[str, object]] = {
        str(group["group"]): {m["worker_id"]: m["skills"] for m in group["members"]}
        for group in found["groups"]
    }
    return {**teams, "contests": {"ids": found["contests"]}}


async def test_a_worker_counts_with_the_latest_group_and_percent_per_skill(
    database_engine: AsyncEngine,
) -> None:
    async with database_engine.begin() as conn:
        await write_results(conn, [result("a", "w1", "t1", {"wiring": 50, "theory": 70})], 10)
        await write_results(
            conn,
            [result("b", "w1", "t2", {"wiring": 90}), result("b", "w2", "t2", {}, "p2")],
            20,
        )
        assert await table(conn) == {
            "t2": {"w1": {"theory": 70, "wiring": 90}, "w2": {}},
            "contests": {"ids": ["a", "b"]},  # theory still comes from a
        }
        # b finalized again (reopened, w1 withdrawn): w1 is back where a left them
        await write_results(conn, [result("b", "w2", "t2", {"wiring": 40}, "p2")], 30)
        assert await table(conn) == {
            "t1": {"w1": {"theory": 70, "wiring": 50}},
            "t2": {"w2": {"wiring": 40}},
            "contests": {"ids": ["a", "b"]},
        }


async def test_one_contest_ties_break_on_the_contestant_id(database_engine: AsyncEngine) -> None:
    """A worker entered twice in one contest (two trades) counts with the later entry,
    by contestant id, as the results' order always had it."""
    async with database_engine.begin() as conn:
        await write_results(
            conn,
            [
                result("a", "w1", "t1", {"wiring": 50}, "p1"),
                result("a", "w1", "t2", {"wiring": 80}, "p2"),
            ],
            10,
        )
        assert await table(conn) == {"t2": {"w1": {"wiring": 80}}, "contests": {"ids": ["a"]}}


@pytest.fixture
async def at_0010(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database at revision 0010, on each backend."""

    def to_0010(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        alembic.upgrade(config, "0010_catalog_advanced")

    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'judging.db'}"
        await run_locked(url, to_0010)
        yield url
        return
    server: str = request.getfixturevalue("postgres_server_url")
    async with scratch_database(server) as url:
        await run_locked(url, to_0010)
        yield url


@pytest.mark.parametrize("at_0010", ["sqlite", "postgres"], indirect=True)
async def test_the_upgrade_fills_the_latest_rows_from_the_results_on_record(
    at_0010: str,
) -> None:
    engine = backend_for(at_0010).create_engine(at_0010)
    try:
        history = [
            (10, [result("a", "w1", "t1", {"wiring": 50, "theory": 70})]),
            (20, [result("b", "w1", "t2", {"wiring": 90}), result("b", "w2", "t3", {}, "p2")]),
            (30, [result("c", "w3", "t1", {"wiring": 10}, "p1"),
                  result("c", "w3", "t4", {"wiring": 20}, "p2")]),
        ]  # fmt: skip
        async with engine.begin() as conn:  # the rows as revision 0010 wrote them
            for position, results in history:
                for row in results:
                    values = {f: getattr(row, f) for f in RESULT_FIELDS}
                    values["position"] = position
                    await conn.execute(sa.insert(tables.results).values(values))
                    for skill, percent in row.skills.items():
                        skill_row = {
                            "contest_id": row.contest_id, "contestant_id": row.contestant_id,
                            "skill": skill, "worker_id": row.worker_id, "percent": percent,
                            "position": position,
                        }  # fmt: skip
                        await conn.execute(sa.insert(tables.skills).values(skill_row))
            for worker, level, contest, position in LEVELS:
                grant = {
                    "worker_id": worker, "standard_id": "electrician", "skill": "wiring",
                    "contest_id": contest, "level_id": level, "level_name": level, "rank": 1,
                    "percent": 80.0, "granted_at": "2026-11-02T09:00:00+00:00",
                    "position": position,
                }  # fmt: skip
                await conn.execute(sa.insert(tables.levels).values(grant))
        await migrate(at_0010)
        async with engine.begin() as conn:
            upgraded = await latest_rows(conn)
            await keep_latest_results(conn, {"w1", "w2", "w3"})
            await keep_latest_levels(conn, {"w1", "w2", "w3"})
            assert upgraded == await latest_rows(conn)
            assert len(upgraded["talent_latest"]) == 3
            assert len(upgraded["talent_latest_skills"]) == 3
            assert [row[4] for row in upgraded["talent_latest_levels"]] == ["senior", "junior"]
    finally:
        await engine.dispose()


LEVELS = [("w1", "junior", "a", 10), ("w1", "senior", "b", 20), ("w3", "junior", "c", 30)]
RESULT_FIELDS = (
    *("contest_id", "contestant_id", "worker_id", "name", "title", "finalized_at"),
    *("rank", "field_size", "percentile", "total_percent", "organization", "team", "workshop"),
)


async def latest_rows(conn: AsyncConnection) -> dict[str, list[tuple[object, ...]]]:
    return {
        table.name: sorted(tuple(row) for row in await conn.execute(sa.select(table)))
        for table in (tables.latest, tables.latest_skills, tables.latest_levels)
    }
