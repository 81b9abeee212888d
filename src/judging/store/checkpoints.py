"""Projection checkpoints: the last log position each persisted projection applied.

A checkpoint is written in the same transaction as the projection's rows (STYLE.md
rule 4), as a compare-and-set on the position the transaction started from: if
another process moved it meanwhile, the transaction fails and nothing is applied
twice.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.store.errors import CheckpointConflict

metadata = sa.MetaData()

checkpoints = sa.Table(
    "projection_checkpoints",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("position", sa.BigInteger, nullable=False),
)


async def load(conn: AsyncConnection, name: str) -> int:
    """The checkpoint of `name`, 0 when it has never applied anything."""
    query = sa.select(checkpoints.c.position).where(checkpoints.c.name == name)
    position = (await conn.execute(query)).scalar_one_or_none()
    return int(position) if position is not None else 0


async def save(conn: AsyncConnection, name: str, expected: int, position: int) -> None:
    """Move the checkpoint of `name` from `expected` to `position`, or raise."""
    if expected == 0:
        exists = await conn.execute(sa.select(checkpoints.c.name).where(checkpoints.c.name == name))
        if exists.first() is None:
            await conn.execute(sa.insert(checkpoints).values(name=name, position=position))
            return
    result = await conn.execute(
        sa.update(checkpoints)
        .where(checkpoints.c.name == name, checkpoints.c.position == expected)
        .values(position=position)
    )
    if result.rowcount != 1:
        raise CheckpointConflict(f"checkpoint of {name!r} moved away from {expected}")


async def clear(conn: AsyncConnection, name: str) -> None:
    await conn.execute(sa.delete(checkpoints).where(checkpoints.c.name == name))
