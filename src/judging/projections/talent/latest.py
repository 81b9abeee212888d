"""Each worker's latest rows, kept beside the talent tables they come from.

A capability table counts each worker once, with their latest result's group, their
latest percent per skill and their latest level per standard and skill. Read from
the full tables, each request would go through the whole history; instead the talent
projection keeps those latest rows (`tables.latest`, `latest_skills`,
`latest_levels`) for the workers a finalized contest touches, each picked from that
worker's own rows: the highest log position, then the highest contestant id (a
worker entered twice in one contest counts with the later entry).
"""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.projections.talent.tables import latest, latest_levels, latest_skills, levels
from judging.projections.talent.tables import results as all_results
from judging.projections.talent.tables import skills as all_skills

CHUNK = 1000  # workers per statement (a bound on its parameters)


async def keep_latest_results(conn: AsyncConnection, workers: Collection[str]) -> None:
    """`workers`' latest result and latest percent per skill, again from their rows."""
    await keep(conn, latest, all_results, ("worker_id",), workers)
    await keep(conn, latest_skills, all_skills, ("worker_id", "skill"), workers)


async def keep_latest_levels(conn: AsyncConnection, workers: Collection[str]) -> None:
    """`workers`' latest level per standard and skill, again from their grants."""
    await keep(conn, latest_levels, levels, ("worker_id", "standard_id", "skill"), workers)


async def keep(
    conn: AsyncConnection,
    kept: sa.Table,
    source: sa.Table,
    per: tuple[str, ...],
    workers: Collection[str],
) -> None:
    """Replace `workers`' rows of `kept` with their newest row of `source` per `per`
    (`kept`'s columns are some of `source`'s)."""
    chosen = sorted(workers)
    columns = [column.name for column in kept.columns]
    order = [source.c.position.desc()]  # one contest per position: its finalize's
    if "contestant_id" in source.c:
        order.append(source.c.contestant_id.desc())  # a worker entered twice in it
    newest = sa.func.row_number().over(
        partition_by=[source.c[name] for name in per], order_by=order
    )
    for start in range(0, len(chosen), CHUNK):
        part = chosen[start : start + CHUNK]
        await conn.execute(sa.delete(kept).where(kept.c.worker_id.in_(part)))
        ranked = (
            sa.select(*(source.c[name] for name in columns), newest.label("newest"))
            .where(source.c.worker_id.in_(part))
            .subquery()
        )
        rows = sa.select(*(ranked.c[name] for name in columns)).where(ranked.c.newest == 1)
        await conn.execute(sa.insert(kept).from_select(columns, rows))
