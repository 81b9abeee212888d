"""The CLICS Contest API over HTTP: every endpoint, the freeze for the public, round trips.

Contests come from the frozen version-1 log (a points contest `gym`, a stages
contest `relay`, and `chill`, the relay frozen before its last attempt and never
thawed) and, where `../shared/fixtures/clics/` is present, from the two real feeds:
their CLICS export, imported again with `judging import-clics`, ranks as the
original.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from clics_feeds import feed_path
from fastapi import FastAPI

from judging.cli import main
from judging.clics.contest_api import COLLECTIONS
from judging.http.app import create_app
from judging.settings import Settings
from judging.store import NewEvent, migrate, open_store

LOG = Path(__file__).resolve().parents[1] / "data" / "events_v1.ndjson"
ADMIN_TOKEN = "admin-secret-for-clics-tests"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def log_rows() -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in LOG.read_text(encoding="utf-8").splitlines()]
    relay = [row for row in rows if row["stream_id"] == "contest-relay"]
    chill = []
    for row in relay:
        data = row["data"]
        if row["type"] == "contest_defined":
            data = {"definition": {**data["definition"], "id": "chill", "freeze_minutes": 20}}
        if row["type"] == "attempt_recorded" and data["command_id"] == "a7":
            frozen = {"type": "contest_frozen", "data": {"at": data["at"]}}
            chill.append({**row, **frozen, "stream_id": "contest-chill"})
        if row["type"] != "contest_finalized":
            chill.append({**row, "stream_id": "contest-chill", "data": data})
    return rows + chill


async def store_rows(url: str, rows: list[dict[str, Any]]) -> None:
    await migrate(url)
    store = await open_store(url)
    try:
        for row in rows:
            await store.append(row["stream_id"], [NewEvent(uuid.uuid4(), row["type"], row["data"])])
    finally:
        await store.close()


@pytest.fixture
def url(tmp_path: Path) -> str:
    db = f"sqlite+aiosqlite:///{tmp_path / 'clics.db'}"
    asyncio.run(store_rows(db, log_rows()))
    return db


@pytest.fixture
async def client(tmp_path: Path, url: str) -> AsyncIterator[httpx.AsyncClient]:
    app: FastAPI = create_app(
        Settings(database_url=url, data_dir=tmp_path, admin_token=ADMIN_TOKEN)
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http


async def get(client: httpx.AsyncClient, path: str, admin: bool = False) -> Any:
    response = await client.get(f"/api/clics/contests/{path}", headers=ADMIN if admin else {})
    assert response.status_code == 200, response.text
    if response.headers["content-type"].startswith("application/x-ndjson"):
        return [json.loads(line) for line in response.text.splitlines()]
    return response.json()


async def test_every_endpoint_of_a_stages_contest(client: httpx.AsyncClient) -> None:
    contest = await get(client, "relay")
    assert (contest["id"], contest["scoreboard_type"], contest["penalty_time"]) == (
        "relay",
        "pass-fail",
        20,
    )
    assert (await get(client, "relay/state"))["finalized"] is not None
    problems = await get(client, "relay/problems")
    assert [(p["id"], p["label"], p["name"]) for p in problems] == [
        ("s1", "A", "One"),
        ("s2", "B", "Two"),
    ]
    assert len(await get(client, "relay/submissions")) == 7
    assert {j["judgement_type_id"] for j in await get(client, "relay/judgements")} == {"AC", "WA"}
    assert [t["id"] for t in await get(client, "relay/teams")] == ["red", "blue", "gold"]
    assert (await get(client, "relay/teams/blue"))["name"] == "Blue"
    awards = {a["id"]: a["team_ids"] for a in await get(client, "relay/awards")}
    assert awards == {
        "winner": ["blue"],
        "first-to-solve-s1": ["red"],
        "first-to-solve-s2": ["gold"],
    }
    board = await get(client, "relay/scoreboard")
    assert [(r["rank"], r["team_id"], r["score"]) for r in board["rows"]] == [
        (1, "blue", {"num_solved": 2, "total_time": 60}),
        (2, "red", {"num_solved": 2, "total_time": 70}),
        (3, "gold", {"num_solved": 1, "total_time": 20}),
    ]
    assert board["rows"][0]["problems"][1] == {
        "problem_id": "s2",
        "num_judged": 2,
        "num_pending": 0,
        "solved": True,
        "time": 25,
    }
    for endpoint in COLLECTIONS:
        assert isinstance(await get(client, f"relay/{endpoint}"), list)


async def test_a_points_contest_is_a_score_contest(client: httpx.AsyncClient) -> None:
    contest = await get(client, "gym")
    assert contest["scoreboard_type"] == "score" and "penalty_time" not in contest
    assert [p["id"] for p in await get(client, "gym/problems")] == ["form"]
    scores = {j["submission_id"]: j["score"] for j in await get(client, "gym/judgements")}
    assert scores["m1"] == 9.5  # the chief's correction
    rows = (await get(client, "gym/scoreboard"))["rows"]
    assert rows[0]["team_id"] == "ann" and rows[0]["score"] == {"score": 9.5}


async def test_the_public_waits_for_the_thaw(client: httpx.AsyncClient) -> None:
    public = await get(client, "chill/judgements")
    organizer = await get(client, "chill/judgements", admin=True)
    assert len(organizer) == len(public) + 1  # a7, made during the freeze
    assert {j["submission_id"] for j in organizer} - {j["submission_id"] for j in public} == {"a7"}
    assert len(await get(client, "chill/submissions")) == 7  # the submission itself shows
    red = (await get(client, "chill/scoreboard"))["rows"]
    cell = next(row for row in red if row["team_id"] == "red")["problems"][1]
    assert cell == {"problem_id": "s2", "num_judged": 0, "num_pending": 1, "solved": False}
    feed = await get(client, "chill/event-feed")
    assert all(set(line) == {"type", "id", "data", "token"} for line in feed)
    assert "a7" not in {
        line["data"]["submission_id"] for line in feed if line["type"] == "judgements"
    }


async def test_the_event_feed_resumes_after_a_token(client: httpx.AsyncClient) -> None:
    feed = await get(client, "relay/event-feed")
    assert feed[0]["type"] == "contest" and feed[-1]["type"] == "awards"
    assert len({line["token"] for line in feed}) == len(feed)
    rest = await get(client, f"relay/event-feed?since_token={feed[9]['token']}")
    assert rest == feed[10:]
    response = await client.get("/api/clics/contests/relay/event-feed?since_token=nope")
    assert response.status_code == 400


async def test_unknown_contest_endpoint_or_object(client: httpx.AsyncClient) -> None:
    for path in ("nope", "relay/clarifications", "relay/teams/nobody"):
        response = await client.get(f"/api/clics/contests/{path}")
        assert response.status_code == 404, path


@pytest.mark.parametrize("name", ["euc2025", "swerc2022"])
def test_export_then_import_gives_the_same_standings(name: str, tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'real.db'}"
    assert main(["import-clics", str(feed_path(name)), "--db", db]) == 0
    path = tmp_path / "exported.ndjson"
    path.write_bytes(asyncio.run(public_feed(db, tmp_path, name)))
    assert main(["import-clics", str(path), "--id", "again", "--db", db]) == 0
    assert standings(db, "again") == standings(db, name)


async def public_feed(db: str, data_dir: Path, name: str) -> bytes:
    app = create_app(Settings(database_url=db, data_dir=data_dir, admin_token=ADMIN_TOKEN))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            response = await http.get(f"/api/clics/contests/{name}/event-feed")
    assert response.status_code == 200
    return response.content


def standings(db: str, contest_id: str) -> list[tuple[int, str, int, int]]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["standings", contest_id, "--db", db, "--json"]) == 0
    rows = json.loads(out.getvalue())["rows"]
    return [
        (r["rank"], r["contestant_id"], r["score"]["stages_cleared"], r["score"]["time"])
        for r in rows
    ]
