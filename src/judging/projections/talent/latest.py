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
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.projections.talent.tables import latest, latest_levels, latest_skills, levels
from judging.projections.talent.tables import results as all_results
from judging.projections.talent.tables import skills as all_skills

CHUNK = 1000  # workers per statement (a bound on its parameters)


async def keep_latest_results(conn: AsyncConnection, workers: Collection[str]) -> None:
    """`workers`' latest result and latest percent per skill, again from their rows."""
    await keep(conn, latest, all_results, workers)
    await keep(conn, latest_skills, all_skills, workers)


async def keep_latest_levels(conn: AsyncConnection, workers: Collection[str]) -> None:
    """`workers`' latest level per standard and skill, again from their grants."""
    await keep(conn, latest_levels, levels, workers)


async def keep(
    conn: AsyncConnection, kept: sa.Table, source: sa.Table, workers: Collection[str]
) -> None:
    """Bring `workers`' rows of `kept` to their newest row of `source` per `kept`'s key
    (`kept`'s columns are some of `source`'s).

    Rows are updated in place, and only those whose newest row moved (the rows of one
    finalize carry its position): on PostgreSQL an update that keeps the key can stay
    on its page (the tables leave room for it), where a delete and an insert would
    leave the dead row behind and add one at the end, and a catch-up over years of
    contests would leave the table as large as every row it ever held.
    """
    keys = [column.name for column in kept.primary_key.columns]
    columns = [column.name for column in kept.columns]
    order = [source.c.position.desc()]  # one contest per position: its finalize's
    if "contestant_id" in source.c:
        order.append(source.c.contestant_id.desc())  # a worker entered twice in it
    newest = sa.func.row_number().over(
        partition_by=[source.c[name] for name in keys], order_by=order
    )
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    chosen = sorted(workers)
    for start in range(0, len(chosen), CHUNK):
        part = chosen[start : start + CHUNK]
        ranked = (
            sa.select(*(source.c[name] for name in columns), newest.label("newest"))
            .where(source.c.worker_id.in_(part))
            .subquery()
        )
        rows = sa.select(*(ranked.c[name] for name in columns)).where(ranked.c.newest == 1)
        upsert = insert(kept).from_select(columns, rows)
        await conn.execute(
            upsert.on_conflict_do_update(
                index_elements=keys,
                set_={name: upsert.excluded[name] for name in columns if name not in keys},
                where=kept.c.position != upsert.excluded.position,
            )
        )
        held = sa.and_(*(source.c[name] == kept.c[name] for name in keys))
        gone = ~sa.exists().where(held)  # a contest finalized again without them
        await conn.execute(sa.delete(kept).where(kept.c.worker_id.in_(part), gone))
