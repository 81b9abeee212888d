"""The SQL the store runs, one small coroutine per statement."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from judging.store.schema import HEAD_ID, StoredRow, events, log_head

IN_CHUNK = 500  # bound parameters per IN (...) list
_T = TypeVar("_T")


def _chunks(items: Sequence[_T], size: int = IN_CHUNK) -> Iterable[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def lock_head(conn: AsyncConnection) -> tuple[int, str]:
    """Read the log head, locking it until commit (PostgreSQL; SQLite holds BEGIN IMMEDIATE)."""
    query = sa.select(log_head.c.position, log_head.c.hash).where(log_head.c.id == HEAD_ID)
    row = (await conn.execute(query.with_for_update())).one()
    return int(row.position), str(row.hash)


async def read_head(conn: AsyncConnection) -> tuple[int, str]:
    query = sa.select(log_head.c.position, log_head.c.hash).where(log_head.c.id == HEAD_ID)
    row = (await conn.execute(query)).one()
    return int(row.position), str(row.hash)


async def set_head(conn: AsyncConnection, position: int, hash_: str) -> None:
    query = sa.update(log_head).where(log_head.c.id == HEAD_ID)
    await conn.execute(query.values(position=position, hash=hash_))


async def stored_by_id(
    conn: AsyncConnection, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, StoredRow]:
    found: dict[uuid.UUID, StoredRow] = {}
    for chunk in _chunks(ids):
        result = await conn.execute(sa.select(events).where(events.c.event_id.in_(chunk)))
        found.update((r.event_id, StoredRow.from_row(r)) for r in result)
    return found


async def stream_versions(conn: AsyncConnection, stream_ids: Sequence[str]) -> dict[str, int]:
    versions: dict[str, int] = {}
    for chunk in _chunks(stream_ids):
        query = (
            sa.select(events.c.stream_id, sa.func.max(events.c.stream_version))
            .where(events.c.stream_id.in_(chunk))
            .group_by(events.c.stream_id)
        )
        versions.update((str(s), int(v)) for s, v in await conn.execute(query))
    return versions


async def insert_rows(conn: AsyncConnection, rows: Sequence[StoredRow]) -> None:
    await conn.execute(sa.insert(events), [asdict(row) for row in rows])


async def page_after(conn: AsyncConnection, after: int, limit: int) -> list[StoredRow]:
    query = (
        sa.select(events).where(events.c.position > after).order_by(events.c.position).limit(limit)
    )
    return [StoredRow.from_row(r) for r in await conn.execute(query)]


async def stream_after(
    conn: AsyncConnection, stream_id: str, after_version: int
) -> list[StoredRow]:
    query = (
        sa.select(events)
        .where(events.c.stream_id == stream_id, events.c.stream_version > after_version)
        .order_by(events.c.stream_version)
    )
    return [StoredRow.from_row(r) for r in await conn.execute(query)]
