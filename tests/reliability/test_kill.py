"""SIGKILL under load, on SQLite and PostgreSQL: nothing acknowledged is lost or doubled.

Eight tablets send commands to a real server process, which is killed with SIGKILL
at random moments and started again; a tablet whose command got no answer sends it
again, unchanged. Afterwards:

- every acknowledged command is stored exactly once, at the position it was
  acknowledged with, and nothing is stored that no tablet sent;
- positions are dense (1..head) and the hash chain verifies, also against the head
  the final standings document publishes;
- the read models equal a rebuild: the live board (standings now and at earlier
  positions, through restarts and snapshots) equals a fresh fold of the contest's
  stream, and the persisted projections (talent, catalog) equal a rebuild from the
  log.

Short in CI (3 kills per database); `JUDGING_LONG_RELIABILITY=1` for 22 per database.
`-s` prints the figures.
"""

from __future__ import annotations

import asyncio
import os
import random
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
import sqlalchemy as sa
from referee_load import Ledger, command, settle, setup_contest, tablet
from server_process import ADMIN, ServerProcess

from judging.domain.events import stream_id
from judging.projections.contest_board import ContestBoard
from judging.projections.persisted import persisted_projections
from judging.projections.rebuild import rebuild
from judging.store import EventStore, RecordedEvent, open_store
from judging.store.engines import backend_for
from judging.store.verification import Anchor, verify_url

pytestmark = pytest.mark.reliability

LONG = os.environ.get("JUDGING_LONG_RELIABILITY") == "1"
KILLS = 22 if LONG else 3
TABLETS = 8
NOT_READ_MODELS = {"events", "log_head", "projection_checkpoints", "contest_snapshots"}


async def test_sigkill_under_load(database_url: str, tmp_path: Path) -> None:
    backend = backend_for(database_url).name
    server = ServerProcess(database_url, tmp_path, env={"JUDGING_POLL_SECONDS": "0.2"})
    await server.start()
    cid = f"kill-{uuid.uuid4().hex[:8]}"
    async with httpx.AsyncClient(base_url=server.base_url, timeout=10) as client:
        referee = await setup_contest(client, cid)
    ledger = Ledger()
    try:
        await under_fire(server, cid, referee, ledger)
        await settle(server.base_url, cid, referee, ledger)
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
            await resend_some(client, cid, referee, ledger)
            await finish(client, cid)
            served = await served_documents(client, cid)
        await server.stop()
        store = await open_store(database_url)
        try:
            log = await read_log(store)
            figures = check_stored_once(log, cid, ledger)
            await check_chain(database_url, log, served["now"])
            await check_live_board(store, cid, served)
            await check_persisted_read_models(store, database_url)
        finally:
            await store.close()
    finally:
        server.kill()
    print(
        f"\nSIGKILL {backend}: kills survived {KILLS}, acknowledged commands "
        f"{len(ledger.acknowledged)} (of which duplicate answers {ledger.duplicates}), "
        f"unanswered tries {ledger.unanswered}, lost {figures['lost']}, "
        f"duplicated {figures['duplicated']}, stored unsent {figures['unsent']}, "
        f"head {len(log)}, statuses {dict(sorted(ledger.statuses.items()))}"
    )
    assert ledger.rejected == {}
    assert "Traceback" not in server.log_text(), server.log_text()[-4000:]


async def under_fire(
    server: ServerProcess, cid: str, referee: dict[str, str], ledger: Ledger
) -> None:
    stop = asyncio.Event()
    tablets = [
        asyncio.create_task(tablet(server.base_url, cid, referee, ledger, stop, seed))
        for seed in range(TABLETS)
    ]
    rng = random.Random(20251)
    try:
        for _ in range(KILLS):
            await asyncio.sleep(rng.uniform(1.0, 2.5))
            server.kill()
            await asyncio.sleep(rng.uniform(0.0, 0.5))
            await server.start()
        await asyncio.sleep(1.0)
    finally:
        stop.set()
        await asyncio.gather(*tablets)


async def resend_some(
    client: httpx.AsyncClient, cid: str, referee: dict[str, str], ledger: Ledger
) -> None:
    """A resend of an acknowledged command is a duplicate at the same position."""
    sample = random.Random(7).sample(sorted(ledger.acknowledged), 20)
    answer = await client.post(
        f"/api/contests/{cid}/commands", json=[ledger.sent[c] for c in sample], headers=referee
    )
    assert answer.status_code == 200, answer.text
    for result in answer.json()["results"]:
        assert result["status"] == "duplicate", result
        assert result["position"] == ledger.acknowledged[result["command_id"]]


async def finish(client: httpx.AsyncClient, cid: str) -> None:
    for type_ in ("end", "finalize"):
        answer = await client.post(
            f"/api/contests/{cid}/commands", json=command(type_), headers=ADMIN
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["results"][0]["status"] == "accepted", answer.text
    # Reads of the persisted read models wait until they applied the head.
    assert (await client.get("/api/leaderboard")).status_code == 200
    assert (await client.get("/api/contests")).status_code == 200


async def served_documents(client: httpx.AsyncClient, cid: str) -> dict[str, Any]:
    """The live standings now, and at a few earlier positions (time travel)."""
    url = f"/api/contests/{cid}/standings"
    now = (await client.get(url, params={"view": "live"}, headers=ADMIN)).json()
    rng = random.Random(3)
    past = {}
    for at in sorted(rng.sample(range(1, now["position"] + 1), 8)):
        answer = await client.get(url, params={"view": "live", "at": at}, headers=ADMIN)
        if answer.status_code == 200:
            past[at] = answer.json()
    return {"now": now, "past": past}


async def read_log(store: EventStore) -> list[RecordedEvent]:
    log: list[RecordedEvent] = []
    while page := await store.read_all(after=len(log), limit=1000):
        log += page
    return log


def check_stored_once(log: list[RecordedEvent], cid: str, ledger: Ledger) -> dict[str, int]:
    assert [e.position for e in log] == list(range(1, len(log) + 1))  # dense
    loaded = [
        e for e in log if e.stream_id == stream_id(cid) and e.metadata.get("actor_id") == "r1"
    ]
    stored = Counter(str(e.metadata["command_id"]) for e in loaded)
    figures = {
        "lost": sum(1 for c in ledger.acknowledged if stored[c] == 0),
        "duplicated": sum(1 for n in stored.values() if n > 1),
        "unsent": sum(1 for c in stored if c not in ledger.sent),
    }
    assert figures == {"lost": 0, "duplicated": 0, "unsent": 0}
    for command_id, position in ledger.acknowledged.items():
        assert log[position - 1].metadata["command_id"] == command_id
    return figures


async def check_chain(url: str, log: list[RecordedEvent], now: dict[str, Any]) -> None:
    head = now["head"]
    assert head["hash"] == log[head["position"] - 1].hash
    anchor = Anchor(head["position"], head["hash"])
    verification = await verify_url(url, anchors=[anchor])
    assert verification.broken is None, verification.broken
    assert verification.count == len(log)


def fold(events: list[RecordedEvent]) -> ContestBoard:
    board = ContestBoard()
    for event in events:
        board.follow(event)
    return board


def plain(document: Any) -> Any:
    return orjson.loads(orjson.dumps(document))


async def check_live_board(store: EventStore, cid: str, served: dict[str, Any]) -> None:
    """What the server showed (live boards restarted from snapshots) equals a fresh
    fold of the contest's stream, now and at earlier positions."""
    stream = await store.read_stream(stream_id(cid))
    assert served["now"] == plain(fold(stream).document("live"))
    for at, document in served["past"].items():
        assert document == plain(fold([e for e in stream if e.position <= at]).document("live"))


async def check_persisted_read_models(store: EventStore, url: str) -> None:
    """The talent database and the catalog as the server kept them equal a rebuild."""
    head = len(await read_log(store))
    projections = persisted_projections(store)
    for projection in projections:
        assert await store.tracking.checkpoint(projection.name) == head
    kept = await dump(url)
    await rebuild(store, projections)
    assert await dump(url) == kept
    assert any(kept.values())


async def dump(url: str) -> dict[str, list[tuple[str, ...]]]:
    engine = backend_for(url).create_engine(url)
    try:
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda c: sa.inspect(c).get_table_names())
            tables = [n for n in names if n not in NOT_READ_MODELS and n != "alembic_version"]
            dumped = {}
            for name in sorted(tables):
                rows = await conn.execute(sa.text(f'SELECT * FROM "{name}"'))
                dumped[name] = sorted(tuple(map(str, row)) for row in rows)
            return dumped
    finally:
        await engine.dispose()
