"""The published head (issue 11, defect 3): every standings document, feed line and
reveal carries the log head it was built from, `{"position", "hash"}`, which is the
chain hash the store holds at that position; `judging verify --expect` takes it.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from fastapi import FastAPI

from judging.http.app import create_app
from judging.projections.live_boards import LiveBoards
from judging.projections.snapshots import SnapshotTable
from judging.projections.timetravel import board_at
from judging.settings import Settings
from judging.store import EventStore
from judging.store.verification import Anchor, verify_url

TOKEN = "published-head-organizer"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
CID = "anchored"
DEFINITION = {
    "id": CID,
    "title": "Anchored",
    "duration_minutes": 240,
    "freeze_minutes": 60,
    "venues": [{"id": "wz", "name": "Wenzhou"}],
    "criteria": [
        {
            "id": "faults",
            "name": "Faults",
            "aspects": [
                {"id": "faults", "name": "Faults", "type": "measurement", "max": 10,
                 "rule": {"kind": "direct"}},
            ],
        }
    ],
    "stages": [{"id": "s1", "name": "Stage 1"}],
}  # fmt: skip
ROSTER = [{"id": f"c{n}", "name": f"Contestant {n}", "venue": "wz"} for n in range(3)]


def command(type_: str, **fields: Any) -> dict[str, Any]:
    return {"command_id": str(uuid.uuid4()), "type": type_, **fields}


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[FastAPI]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'head.db'}"
    application = create_app(Settings(database_url=url, data_dir=tmp_path, admin_token=TOKEN))
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def stored_hash(store: EventStore, position: int) -> str:
    [event] = await store.read_all(after=position - 1, limit=1)
    assert event.position == position
    return event.hash


async def prepare(client: httpx.AsyncClient) -> int:
    """The contest defined, its roster and a referee registered, started, three marks
    awarded; the position of the last."""
    assert (await client.post("/api/contests", json=DEFINITION, headers=ADMIN)).status_code == 201
    url = f"/api/contests/{CID}"
    assert (await client.post(f"{url}/contestants", json=ROSTER, headers=ADMIN)).is_success
    referees = await client.post(f"{url}/referees", json=[{"id": "r1", "name": "R"}], headers=ADMIN)
    referee = {"Authorization": f"Bearer {referees.json()[0]['token']}"}
    started = await client.post(f"{url}/commands", json=command("start"), headers=ADMIN)
    assert started.status_code == 200, started.text
    marks = [
        command("award_mark", contestant_id=f"c{n}", aspect_id="faults", value=n) for n in range(3)
    ]
    answer = await client.post(f"{url}/commands", json=marks, headers=referee)
    results = answer.json()["results"]
    assert all(r["status"] == "accepted" for r in results), results
    position: int = results[-1]["position"]
    return position


async def test_documents_feed_and_reveal_carry_the_head(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    store: EventStore = app.state.services.store
    last = await prepare(client)
    url = f"/api/contests/{CID}"
    standings = (await client.get(f"{url}/standings")).json()
    assert standings["head"] == {"position": last, "hash": await stored_hash(store, last)}
    assert standings["position"] == last
    earlier = (await client.get(f"{url}/standings", params={"at": last - 1})).json()
    assert earlier["head"] == {"position": last - 1, "hash": await stored_hash(store, last - 1)}
    grouped = (await client.get(f"{url}/standings", params={"group": "team"})).json()
    assert grouped["head"] == standings["head"]

    reveal = (await client.get(f"{url}/reveal", headers=ADMIN)).json()
    assert reveal["head"] == standings["head"]

    feed = await client.get(f"{url}/event-feed", params={"stream": "false"}, headers=ADMIN)
    lines = [orjson.loads(line) for line in feed.content.splitlines() if line.strip()]
    assert lines[-1]["head"] == standings["head"]
    for line in lines:
        assert line["head"]["hash"] == await stored_hash(store, line["head"]["position"])

    head = standings["head"]
    url_db = app.state.services.settings.resolved_database_url()
    checked = await verify_url(url_db, anchors=[Anchor(head["position"], head["hash"])])
    assert checked.broken is None


async def test_a_board_restored_from_a_snapshot_knows_its_head(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    """A snapshot keeps the fold at a position, not the hash there: the board reads the
    snapshot's own last event again for it."""
    store: EventStore = app.state.services.store
    last = await prepare(client)
    board = await LiveBoards(store, position=last).load(CID)
    assert board is not None
    await SnapshotTable(store.tracking).save(board.snapshot())
    again = await LiveBoards(store, position=last).load(CID)
    past = await board_at(store, CID, last)
    expected = {"position": last, "hash": await stored_hash(store, last)}
    for loaded in (board, again, past):
        assert loaded is not None
        assert loaded.head() == expected
        assert loaded.document("public")["head"] == expected
