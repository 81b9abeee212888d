"""Every tampering, table-driven, on SQLite and PostgreSQL: none passes unnoticed.

`judging verify` names the first broken position of each (`tampering.TAMPERINGS`);
the consistent ones (truncation, rewrites, whose chain is intact) pass a plain
verify and fail against the head published before them (`--expect POSITION:HASH`).
A server never serves what it cannot vouch for: the rows its tail reads are checked
against the chain before they are handed out, and a tail that already applied the
log notices a rewrite beneath it at the next append.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import uuid
from contextlib import aclosing

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from tampering import (
    EVENTS,
    TAMPERINGS,
    Apply,
    Tampering,
    change_data,
    change_prev_hash,
    consistent_rewrite,
    consistent_whole_rewrite,
    fill,
    insert_middle,
    stored_rows,
    swap_contents,
)

from judging.cli import main
from judging.store import EventStore, NewEvent, RecordedEvent, open_store
from judging.store.errors import ChainBroken

pytestmark = pytest.mark.reliability


async def verify(url: str, *expect: str) -> tuple[int, str]:
    """`judging verify` (in a thread, its output captured): exit status and output."""
    args = ["verify", "--db", url, "--page-size", "5"]
    for anchor in expect:
        args += ["--expect", anchor]
    out = io.StringIO()

    def run() -> int:
        with contextlib.redirect_stdout(out):
            return main(args)

    code = await asyncio.to_thread(run)
    return code, out.getvalue()


async def tampered(
    store: EventStore, database_url: str, engine: AsyncEngine, tampering: Tampering
) -> str:
    """Fill the log, tamper with it; the head published before, as POSITION:HASH."""
    await fill(store)
    rows = await stored_rows(engine, database_url)
    async with engine.begin() as conn:
        await tampering.apply(conn, rows)
    return f"{EVENTS}:{rows[-1].hash}"


@pytest.mark.parametrize("tampering", TAMPERINGS, ids=[t.name for t in TAMPERINGS])
async def test_verify_names_every_tampering(
    store: EventStore, database_url: str, database_engine: AsyncEngine, tampering: Tampering
) -> None:
    published = await tampered(store, database_url, database_engine, tampering)
    code, out = await verify(database_url)
    if tampering.needs_anchor:
        assert code == 0, out  # an intact chain: only the published head tells
    else:
        assert (code, out.splitlines()[0].split(":")[0]) == (
            1,
            f"BROKEN at position {tampering.broken_at}",
        ), out
    code, out = await verify(database_url, published)
    assert code == 1, out
    assert out.startswith(f"BROKEN at position {tampering.broken_at}:"), out


async def test_an_intact_log_meets_its_published_heads(
    store: EventStore, database_url: str, database_engine: AsyncEngine
) -> None:
    await fill(store)
    rows = await stored_rows(database_engine, database_url)
    code, out = await verify(database_url, f"{EVENTS}:{rows[-1].hash}", f"3:{rows[2].hash}")
    assert code == 0, out
    assert f"OK: position 3 has the expected hash {rows[2].hash}" in out


async def test_an_earlier_published_head_exposes_a_later_rewrite(
    store: EventStore, database_url: str, database_engine: AsyncEngine
) -> None:
    """A head published at 8 (before the rewrite from 5 on) no longer matches."""
    await fill(store)
    rows = await stored_rows(database_engine, database_url)
    async with database_engine.begin() as conn:
        await consistent_rewrite(conn, rows)
    code, out = await verify(database_url, f"8:{rows[7].hash}")
    assert code == 1
    assert out.startswith("BROKEN at position 8:"), out


def test_a_malformed_expected_head_is_a_usage_error(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["verify", "--db", sqlite_url, "--expect", "12:not-a-hash"])
    assert exited.value.code == 2
    assert "POSITION:HASH" in capsys.readouterr().err


async def take(store: EventStore, after: int, count: int) -> list[RecordedEvent]:
    taken: list[RecordedEvent] = []
    async with aclosing(store.subscribe(after)) as events:
        async for event in events:
            taken.append(event)
            if len(taken) == count:
                break
    return taken


FOLLOWED = [(change_data, 5), (change_prev_hash, 5), (swap_contents, 7), (insert_middle, 6)]


@pytest.mark.parametrize(("tamper", "broken_at"), FOLLOWED, ids=[t.__name__ for t, _ in FOLLOWED])
async def test_a_tail_never_hands_out_a_tampered_row(
    store: EventStore,
    database_url: str,
    database_engine: AsyncEngine,
    tamper: Apply,
    broken_at: int,
) -> None:
    """A follower that applied up to 4 reads on: it gets the intact rows, then the
    break, never the tampered row nor anything after it."""
    await fill(store)
    rows = await stored_rows(database_engine, database_url)
    async with database_engine.begin() as conn:
        await tamper(conn, rows)
    seen: list[RecordedEvent] = []
    with pytest.raises(ChainBroken) as raised:
        async with aclosing(store.subscribe(4)) as events:
            async for event in events:
                seen.append(event)
    assert raised.value.position == broken_at
    assert [e.position for e in seen] == list(range(5, broken_at))


async def follow_into(
    store: EventStore, seen: list[RecordedEvent], caught_up: asyncio.Event
) -> None:
    async with aclosing(store.subscribe(0)) as events:
        async for event in events:
            seen.append(event)
            if len(seen) == EVENTS:
                caught_up.set()


@pytest.mark.parametrize("rewrite", [consistent_rewrite, consistent_whole_rewrite])
async def test_a_tail_notices_a_rewrite_beneath_it(
    store: EventStore, database_url: str, database_engine: AsyncEngine, rewrite: Apply
) -> None:
    """A rewrite with every hash recomputed passes a plain verify, but the running
    tail remembers the head it applied: the next append (chained on the rewritten
    head) is refused."""
    await fill(store)
    seen: list[RecordedEvent] = []
    caught_up = asyncio.Event()
    follower = asyncio.create_task(follow_into(store, seen, caught_up))
    await asyncio.wait_for(caught_up.wait(), 30)
    rows = await stored_rows(database_engine, database_url)
    async with database_engine.begin() as conn:
        await rewrite(conn, rows)
    other = await open_store(database_url)  # another process: it knows only the database
    try:
        await other.append("contest-c0", [NewEvent(uuid.uuid4(), "mark_awarded", {}, {})])
    finally:
        await other.close()
    with pytest.raises(ChainBroken) as raised:
        await asyncio.wait_for(follower, 30)
    assert raised.value.position == EVENTS + 1
    assert len(seen) == EVENTS
