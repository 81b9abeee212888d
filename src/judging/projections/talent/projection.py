"""The talent database as one persisted projection.

On `contest_finalized` it folds that contest's stream up to the finalize event (read
from the store, so a rebuild gives the same result), ranks the final entries and
writes the workers' results and skill percents, then rates the contest as one match
of the craftsman leaderboard (on `awards_published`, right after, each awarded result
gets its `award`: tier id and name); a contest of kind `assessment` also grants levels
(`levels.grant_levels`). On `standard_defined` (stream `standards`) it keeps the
position standard for capability analysis and levels.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.domain.board import entry_facts
from judging.domain.definition import ContestDefinition
from judging.domain.events import AwardsPublished, ContestFinalized, decode, parse_event
from judging.domain.evolve import fold
from judging.domain.standards import STANDARDS_STREAM, StandardDefined
from judging.projections.bulk_fold import folded_state
from judging.projections.talent import tables
from judging.projections.talent.capability import record_standard
from judging.projections.talent.contest_results import ContestResult, contest_results
from judging.projections.talent.latest import keep_latest_results
from judging.projections.talent.leaderboard import record_match
from judging.projections.talent.levels import grant_levels
from judging.store import EventStore, RecordedEvent


class TalentProjection:
    name = "talent"

    def __init__(self, store: EventStore) -> None:
        self._store = store
        self._definition: ContestDefinition | None = None  # of the contest folded last

    async def apply(self, conn: AsyncConnection, event: RecordedEvent) -> None:
        if event.type == "contest_finalized":
            results = await self._results(event)
            await write_results(conn, results, event.position)
            await record_match(conn, results, event.position)
            if self._definition is not None and self._definition.kind == "assessment":
                await grant_levels(conn, results, event.position)
        elif event.type == "awards_published":
            published = parse_event(event.type, event.data)
            assert isinstance(published, AwardsPublished)
            definition = await self._definition_of(event)
            await write_awards(conn, definition, definition.id, published)
        elif event.stream_id == STANDARDS_STREAM:
            standard = decode(event.type, event.data)
            if isinstance(standard, StandardDefined):
                await record_standard(conn, standard, event.position)

    async def reset(self, conn: AsyncConnection) -> None:
        for table in reversed(tables.ALL):
            await conn.execute(sa.delete(table))

    async def _results(self, finalized: RecordedEvent) -> list[ContestResult]:
        rows = await self._store.read_stream_rows(finalized.stream_id, up_to=finalized.position)
        state = await asyncio.to_thread(folded_state, rows)  # the server goes on meanwhile
        assert state is not None, "a finalized contest was defined"
        self._definition = state.definition
        final = parse_event(finalized.type, finalized.data)
        assert isinstance(final, ContestFinalized)
        entries = list(entry_facts(state, "live"))
        return contest_results(state.definition, entries, final.at.isoformat())

    async def _definition_of(self, event: RecordedEvent) -> ContestDefinition:
        """The contest's definition: the one of the finalize just folded (awards follow
        it in the same command), else its first event's."""
        contest_id = event.stream_id.removeprefix("contest-")
        if self._definition is not None and self._definition.id == contest_id:
            return self._definition
        [first, *_] = await self._store.read_stream_rows(event.stream_id, up_to=event.position)
        state = fold([parse_event(first.type, orjson.loads(first.data))])
        return state.definition


async def write_awards(
    conn: AsyncConnection,
    definition: ContestDefinition,
    contest_id: str,
    published: AwardsPublished,
) -> None:
    """Set each result's award (and clear it on the others: a later publication, after a
    re-open, replaces the earlier)."""
    names = {tier.id: tier.name for tier in definition.awards}
    table = tables.results
    await conn.execute(
        sa.update(table).where(table.c.contest_id == contest_id).values(award=None, award_name=None)
    )
    for award in published.awards:
        await conn.execute(
            sa.update(table)
            .where(table.c.contest_id == contest_id, table.c.contestant_id == award.contestant_id)
            .values(award=award.award_id, award_name=names.get(award.award_id))
        )


async def write_results(
    conn: AsyncConnection, results: Sequence[ContestResult], position: int
) -> None:
    """Replace the contest's results (a contest is normally finalized once), and the
    latest rows of the workers it had or has (`talent.latest`)."""
    workers = {result.worker_id for result in results}
    for contest_id in {result.contest_id for result in results}:
        table = tables.results
        before = sa.select(table.c.worker_id).where(table.c.contest_id == contest_id)
        workers.update(await conn.scalars(before))
        for table in (tables.skills, tables.results):
            await conn.execute(sa.delete(table).where(table.c.contest_id == contest_id))
    if results:
        await _insert_results(conn, results, position)
    await keep_latest_results(conn, workers)


async def _insert_results(
    conn: AsyncConnection, results: Sequence[ContestResult], position: int
) -> None:
    await conn.execute(sa.insert(tables.results), [_result_row(r, position) for r in results])
    skill_rows = [
        {
            "contest_id": result.contest_id,
            "contestant_id": result.contestant_id,
            "skill": skill,
            "worker_id": result.worker_id,
            "percent": percent,
            "position": position,
        }
        for result in results
        for skill, percent in result.skills.items()
    ]
    if skill_rows:
        await conn.execute(sa.insert(tables.skills), skill_rows)


def _result_row(result: ContestResult, position: int) -> dict[str, object]:
    fields = (
        *("contest_id", "contestant_id", "worker_id", "name", "title", "finalized_at"),
        *("rank", "field_size", "percentile", "total_percent"),
        *("organization", "team", "workshop"),
    )
    return {**{field: getattr(result, field) for field in fields}, "position": position}
