"""Tampering with a stored log through raw SQL, the way an attacker with database access
would: change, delete, insert, swap, rows beyond the head, and consistent rewrites
(every hash recomputed and the head moved along, which only a published head can
expose).

Each `Tampering` has a name, what it does (`apply(conn, rows)` on the stored rows,
read before), the position `judging verify` must name, and whether a plain verify
can see it at all (`needs_anchor`: only `--expect POSITION:HASH` of a head published
before the tampering can).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from judging.store import EventStore, NewEvent
from judging.store.engines import backend_for
from judging.store.hashing import chain_hash
from judging.store.schema import StoredRow, events, log_head

EVENTS = 12  # the log every tampering starts from: positions 1..12
Apply = Callable[[AsyncConnection, list[StoredRow]], Awaitable[None]]


@dataclass(frozen=True)
class Tampering:
    name: str
    apply: Apply
    broken_at: int  # the first position `judging verify` must name
    needs_anchor: bool = False  # only a published head exposes it


async def fill(store: EventStore) -> None:
    for n in range(EVENTS):
        event = NewEvent(uuid.uuid4(), "mark_awarded", {"n": n, "value": n / 4}, {"actor": "r1"})
        await store.append(f"contest-c{n % 3}", [event])


async def stored_rows(engine: AsyncEngine, url: str) -> list[StoredRow]:
    return await backend_for(url).event_log(engine).stored_after(0, 10_000, beyond_head=True)


def rehashed(row: StoredRow, prev_hash: str) -> StoredRow:
    """`row` chained after `prev_hash`, with its hash recomputed."""
    moved = replace(row, prev_hash=prev_hash)
    return replace(moved, hash=chain_hash(prev_hash, moved.hash_input()))


def forged(position: int, prev_hash: str, stream: str = "contest-c0") -> StoredRow:
    base = StoredRow(
        position,
        stream,
        1000 + position,
        uuid.uuid4(),
        "mark_awarded",
        '{"n":999,"value":10}',
        '{"actor":"attacker"}',
        _NOW,
        prev_hash,
        "",
    )
    return rehashed(base, prev_hash)


_NOW = datetime(2025, 5, 1, 8, 0, tzinfo=UTC)


# -- SQL -------------------------------------------------------------------------------


async def update(conn: AsyncConnection, at: int, /, **values: object) -> None:
    await conn.execute(sa.update(events).where(events.c.position == at).values(**values))


async def delete(conn: AsyncConnection, *positions: int) -> None:
    await conn.execute(sa.delete(events).where(events.c.position.in_(positions)))


async def insert(conn: AsyncConnection, row: StoredRow) -> None:
    await conn.execute(sa.insert(events).values(**_values(row)))


async def move_head(conn: AsyncConnection, position: int, hash_: str) -> None:
    await conn.execute(sa.update(log_head).values(position=position, hash=hash_))


async def rewrite(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    """Replace every column of each row (by position) with the row's values."""
    for row in rows:
        await update(conn, row.position, **_values(row))


def _values(row: StoredRow) -> dict[str, object]:
    return {
        "position": row.position,
        "stream_id": row.stream_id,
        "stream_version": row.stream_version,
        "event_id": row.event_id,
        "type": row.type,
        "data": row.data,
        "metadata": row.metadata,
        "recorded_at": row.recorded_at,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def rechain(rows: list[StoredRow], start: int) -> list[StoredRow]:
    """Rows from index `start` on, each re-hashed after the one before it."""
    chained = list(rows[:start])
    for row in rows[start:]:
        chained.append(rehashed(row, chained[-1].hash if chained else "0" * 64))
    return chained


# -- the tamperings --------------------------------------------------------------------


async def change_data(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    await update(conn, 5, data='{"n":4,"value":10}')


async def reformat_data(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    """The same JSON value in other bytes: the stored text is what is hashed."""
    await update(conn, 5, data=rows[4].data.replace(",", ", "))


async def change_metadata(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    await update(conn, 5, metadata='{"actor":"r2"}')


async def change_type(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    await update(conn, 5, type="penalty_imposed")


async def change_stream(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    await update(conn, 5, stream_id="contest-other")


async def change_event_id(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    await update(conn, 5, event_id=uuid.uuid4())


async def change_time(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    await update(conn, 5, recorded_at=rows[4].recorded_at - timedelta(minutes=5))


async def change_prev_hash(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    await update(conn, 5, prev_hash="1" * 64)


async def change_head_hash(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    await move_head(conn, EVENTS, "2" * 64)


async def change_and_rehash_one(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    """The changed row's own hash recomputed, the rows after it left alone."""
    changed = replace(rows[4], data='{"n":4,"value":10}')
    await rewrite(conn, [rehashed(changed, changed.prev_hash)])


async def delete_first(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    await delete(conn, 1)


async def delete_middle(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    await delete(conn, 5)


async def delete_last(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    await delete(conn, EVENTS)


async def insert_middle(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    """A forged row at 5, the rows from 5 on moved up by one, the head moved along."""
    for row in reversed(rows[4:]):
        await update(conn, row.position, position=row.position + 1)
    await insert(conn, forged(5, rows[3].hash))
    await move_head(conn, EVENTS + 1, rows[-1].hash)


async def swap_contents(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    """Positions 3 and 7 exchange type, data and metadata."""
    for position, other in ((3, 7), (7, 3)):
        source = rows[other - 1]
        await update(conn, position, type=source.type, data=source.data, metadata=source.metadata)


async def swap_rows(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    """Rows 3 and 4 exchange positions, every other column kept."""
    await delete(conn, 3, 4)
    await insert(conn, replace(rows[3], position=3))
    await insert(conn, replace(rows[2], position=4))


async def beyond_head_valid(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    """A row at head + 1 that continues the chain, the head left alone."""
    await insert(conn, forged(EVENTS + 1, rows[-1].hash))


async def beyond_head_garbage(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    await insert(conn, replace(forged(EVENTS + 1, rows[-1].hash), hash="f" * 64))


async def beyond_head_gap(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    await insert(conn, forged(EVENTS + 5, rows[-1].hash))


async def head_moved_back(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    """The head set back to 9, the rows after it left in place."""
    await move_head(conn, 9, rows[8].hash)


async def consistent_truncation(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    """The last four rows deleted and the head moved back to 8: a shorter intact log."""
    await delete(conn, 9, 10, 11, 12)
    await move_head(conn, 8, rows[7].hash)


async def consistent_rewrite(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    """Position 5 changed and every hash from it on recomputed, the head moved along."""
    changed = [*rows[:4], replace(rows[4], data='{"n":4,"value":10}'), *rows[5:]]
    chain = rechain(changed, 4)
    await rewrite(conn, chain[4:])
    await move_head(conn, EVENTS, chain[-1].hash)


async def consistent_whole_rewrite(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    """Every row re-timed and the whole chain recomputed from the genesis."""
    moved = [replace(r, recorded_at=r.recorded_at + timedelta(seconds=1)) for r in rows]
    chain = rechain(moved, 0)
    await rewrite(conn, chain)
    await move_head(conn, EVENTS, chain[-1].hash)


async def consistent_extension(conn: AsyncConnection, rows: list[StoredRow]) -> None:
    """Rewritten from 10 on and extended by a forged row, the head at 13."""
    changed = [*rows[:9], replace(rows[9], metadata='{"actor":"r9"}'), *rows[10:]]
    chain = rechain(changed, 9)
    await rewrite(conn, chain[9:])
    extra = forged(EVENTS + 1, chain[-1].hash)
    await insert(conn, extra)
    await move_head(conn, EVENTS + 1, extra.hash)


TAMPERINGS: list[Tampering] = [
    Tampering("change data", change_data, 5),
    Tampering("reformat data", reformat_data, 5),
    Tampering("change metadata", change_metadata, 5),
    Tampering("change type", change_type, 5),
    Tampering("change stream", change_stream, 5),
    Tampering("change event id", change_event_id, 5),
    Tampering("change recorded_at", change_time, 5),
    Tampering("change prev_hash", change_prev_hash, 5),
    Tampering("change the head's hash", change_head_hash, EVENTS),
    Tampering("change a row and its own hash", change_and_rehash_one, 6),
    Tampering("delete the first row", delete_first, 1),
    Tampering("delete a row", delete_middle, 5),
    Tampering("delete the last row", delete_last, EVENTS),
    Tampering("insert a row", insert_middle, 6),
    Tampering("swap contents", swap_contents, 3),
    Tampering("swap rows", swap_rows, 3),
    Tampering("beyond the head, chained", beyond_head_valid, EVENTS + 1),
    Tampering("beyond the head, garbage hash", beyond_head_garbage, EVENTS + 1),
    Tampering("beyond the head, after a gap", beyond_head_gap, EVENTS + 5),
    Tampering("head moved back", head_moved_back, 10),
    Tampering("consistent truncation", consistent_truncation, EVENTS, needs_anchor=True),
    Tampering("consistent rewrite", consistent_rewrite, EVENTS, needs_anchor=True),
    Tampering("whole chain rewritten", consistent_whole_rewrite, EVENTS, needs_anchor=True),
    Tampering("rewritten and extended", consistent_extension, EVENTS, needs_anchor=True),
]
