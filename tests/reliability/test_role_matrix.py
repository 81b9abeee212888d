"""Who sees what, on every channel: the role × endpoint × channel matrix.

A running contest with an incomplete blind panel (one of three referees has marked
c1's "quality") and a frozen result (c2 cleared a stage after the freeze). Every
role — anonymous, referee, screen, chief, organizer, and a chief and a screen of
another contest — reads every channel: the HTTP reads (standings, progress, radar,
CLICS scoreboard), time travel (`at=`), the websockets (standings, progress, a
contestant) and the event feed, in the public and the live view. Each answer is
checked for the two secrets: the blind panel (visible to the organizer and the
chief only) and the frozen result (also to the contest's screens, on the live view).
A leak is a secret seen by a role that may not see it; the matrix expects none.
JUDGING_LONG_RELIABILITY=1 adds the grouped standings and every contestant's board.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import orjson
import pytest
from fastapi import FastAPI

from judging.http.app import create_app
from judging.settings import Settings

pytestmark = pytest.mark.reliability

LONG = os.environ.get("JUDGING_LONG_RELIABILITY") == "1"
ADMIN_TOKEN = "matrix-organizer-token"
ALPHA, BETA = "alpha", "beta"
ROLES = ("anonymous", "referee", "screen", "chief", "organizer", "other-chief", "other-screen")
SEES_BLIND = {"organizer", "chief"}
SEES_FROZEN = {"organizer", "chief", "screen"}
VIEWS = ("public", "live")
TIMEOUT = 5.0


def definition(cid: str) -> dict[str, Any]:
    panel = {"size": 3, "aggregate": "mean"}
    return {
        "id": cid,
        "title": f"Contest {cid}",
        "duration_minutes": 240,
        "freeze_minutes": 60,
        "venues": [{"id": "wz", "name": "Wenzhou"}],
        "criteria": [
            {
                "id": "wiring",
                "name": "Wiring",
                "aspects": [{"id": "quality", "name": "Quality", "max": 10, "panel": panel}],
            }
        ],
        "stages": [{"id": "s1", "name": "Stage 1"}],
    }


CONTESTANTS = [
    {"id": "c1", "name": "One", "venue": "wz", "team": "T"},
    {"id": "c2", "name": "Two", "venue": "wz", "team": "T"},
]
REFEREES = [
    {"id": "r1", "name": "Referee", "role": "referee"},
    {"id": "chief", "name": "Chief", "role": "chief"},
]


# -- what an answer shows ------------------------------------------------------------------


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def shows_blind(document: Any) -> bool:
    """Whether c1's one blind mark shows: a criterion score, a radar mark, a raw value."""
    for node in _walk(document):
        criteria = node.get("criteria")
        if node.get("contestant_id") == "c1" and isinstance(criteria, dict):
            return bool(criteria.get("wiring"))
        if node.get("contestant_id") == "c1" and isinstance(criteria, list):
            return any(axis.get("mark") for axis in criteria)
        if node.get("type") == "mark_awarded" and node.get("data", {}).get("value") is not None:
            return True
    return False


def shows_frozen(document: Any) -> bool:
    """Whether c2's stage clear recorded after the freeze shows."""
    for node in _walk(document):
        if node.get("contestant_id") == "c2" and (node.get("stages_cleared") or 0) > 0:
            return True
        if node.get("team_id") == "c2" and node.get("score", {}).get("num_solved"):
            return True
        data = node.get("data", {})
        if node.get("type") == "attempt_recorded" and data.get("contestant_id") == "c2":
            return True
    return False


# -- the channels ----------------------------------------------------------------------------


@dataclass
class Matrix:
    app: FastAPI
    client: httpx.AsyncClient
    tokens: dict[str, str | None] = field(default_factory=dict)
    head: int = 0
    checks: int = 0
    leaks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def headers(self, role: str) -> dict[str, str]:
        token = self.tokens[role]
        return {"Authorization": f"Bearer {token}"} if token else {}

    async def http(self, role: str, path: str, **query: Any) -> Any:
        response = await self.client.get(path, params=query, headers=self.headers(role))
        if response.status_code >= 500:
            self.errors.append(f"{role} {path} {query}: {response.status_code}")
        if response.status_code != 200:
            return None
        if path.endswith("event-feed"):
            return [orjson.loads(line) for line in response.content.splitlines() if line]
        return response.json()

    async def ws(self, role: str, path: str, **query: Any) -> Any:
        """The first board a websocket sends (None if it closes first)."""
        inbound: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        outbound: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        headers = [(k.lower().encode(), v.encode()) for k, v in self.headers(role).items()]
        scope = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "scheme": "ws",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": urlencode(query).encode(),
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("test", 80),
            "subprotocols": [],
        }
        await inbound.put({"type": "websocket.connect"})
        task = asyncio.create_task(self.app(scope, inbound.get, outbound.put))
        try:
            accepted = await asyncio.wait_for(outbound.get(), TIMEOUT)
            assert accepted["type"] == "websocket.accept", accepted
            message = await asyncio.wait_for(outbound.get(), TIMEOUT)
            if message["type"] == "websocket.close":
                if message.get("code", 1000) == 1011:
                    self.errors.append(f"{role} ws {path} {query}: 1011")
                return None
            return orjson.loads(message.get("text") or message["bytes"])
        finally:
            await inbound.put({"type": "websocket.disconnect", "code": 1000})
            await asyncio.wait_for(task, TIMEOUT)

    def check(self, role: str, channel: str, view: str, document: Any) -> None:
        live = view == "live"
        for secret, shows, allowed in (
            ("blind panel", shows_blind, role in SEES_BLIND and (live or channel == "feed")),
            ("frozen result", shows_frozen, role in SEES_FROZEN and (live or channel == "feed")),
        ):
            self.checks += 1
            if document is not None and shows(document) and not allowed:
                self.leaks.append(f"{role} sees the {secret} on {channel} ({view})")


def channels(matrix: Matrix, role: str, view: str) -> list[tuple[str, Any]]:
    url = f"/api/contests/{ALPHA}"
    ws = f"/ws/contests/{ALPHA}"
    reads: list[tuple[str, Any]] = [
        ("standings", matrix.http(role, f"{url}/standings", view=view)),
        ("progress", matrix.http(role, f"{url}/progress", view=view)),
        ("radar", matrix.http(role, f"{url}/contestants/c1/radar", view=view)),
        ("scoreboard", matrix.http(role, f"{url}/scoreboard", view=view)),
        ("at=", matrix.http(role, f"{url}/standings", view=view, at=matrix.head)),
        ("ws standings", matrix.ws(role, f"{ws}/standings", view=view)),
        ("ws progress", matrix.ws(role, f"{ws}/progress", view=view)),
        ("ws contestant", matrix.ws(role, f"{ws}/contestants/c1", view=view)),
    ]
    if LONG:
        standings, head = f"{url}/standings", matrix.head
        reads += [
            ("by team", matrix.http(role, standings, view=view, group="team")),
            ("of a venue", matrix.http(role, standings, view=view, group="venue:wz")),
            ("ws contestant c2", matrix.ws(role, f"{ws}/contestants/c2", view=view)),
            ("at= by team", matrix.http(role, standings, view=view, at=head, group="team")),
        ]
    return reads


# -- the contests ----------------------------------------------------------------------------


async def send(matrix: Matrix, role: str, cid: str, type_: str, **fields: Any) -> int:
    body = {"command_id": str(uuid.uuid4()), "type": type_, **fields}
    response = await matrix.client.post(
        f"/api/contests/{cid}/commands", json=body, headers=matrix.headers(role)
    )
    [result] = response.json()["results"]
    assert result["status"] == "accepted", result
    return int(result["position"])


async def contest(matrix: Matrix, cid: str, prefix: str) -> None:
    admin = matrix.headers("organizer")
    client = matrix.client
    assert (await client.post("/api/contests", json=definition(cid), headers=admin)).is_success
    url = f"/api/contests/{cid}"
    assert (await client.post(f"{url}/contestants", json=CONTESTANTS, headers=admin)).is_success
    issued = (await client.post(f"{url}/referees", json=REFEREES, headers=admin)).json()
    tokens = {r["id"]: r["token"] for r in issued}
    matrix.tokens[f"{prefix}referee"] = tokens["r1"]
    matrix.tokens[f"{prefix}chief"] = tokens["chief"]
    screen = await client.post(f"{url}/tokens", json={"role": "screen"}, headers=admin)
    matrix.tokens[f"{prefix}screen"] = screen.json()["token"]
    await send(matrix, "organizer", cid, "start")


async def set_up(matrix: Matrix) -> None:
    matrix.tokens.update({"anonymous": None, "organizer": ADMIN_TOKEN})
    await contest(matrix, BETA, "other-")
    await contest(matrix, ALPHA, "")
    mark = {"contestant_id": "c1", "aspect_id": "quality", "value": 9}
    await send(matrix, "referee", ALPHA, "award_mark", **mark)
    await send(matrix, "organizer", ALPHA, "freeze")
    clear = {"contestant_id": "c2", "stage_id": "s1", "result": "cleared"}
    matrix.head = await send(matrix, "referee", ALPHA, "record_attempt", **clear)
    await matrix.app.state.services.runner.wait_for(matrix.head)


@pytest.fixture
async def matrix(database_url: str, tmp_path: Path) -> AsyncIterator[Matrix]:
    settings = Settings(database_url=database_url, data_dir=tmp_path, admin_token=ADMIN_TOKEN)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            built = Matrix(app, client)
            await set_up(built)
            yield built


async def test_no_role_sees_what_it_may_not_on_any_channel(matrix: Matrix) -> None:
    seen: dict[tuple[str, str, str], Any] = {}
    for role in ROLES:
        for view in VIEWS:
            for channel, read in channels(matrix, role, view):
                seen[(role, channel, view)] = document = await read
                matrix.check(role, channel, view, document)
        feed = await matrix.http(role, f"/api/contests/{ALPHA}/event-feed", stream="false")
        seen[(role, "feed", "-")] = feed
        matrix.check(role, "feed", "-", feed)
    assert matrix.errors == [], matrix.errors
    assert matrix.leaks == [], matrix.leaks
    # The matrix sees something: the secrets reach those who may see them.
    assert shows_blind(seen[("organizer", "ws standings", "live")])
    assert shows_blind(seen[("chief", "at=", "live")])
    assert shows_frozen(seen[("screen", "ws progress", "live")])
    assert shows_frozen(seen[("screen", "feed", "-")])
    assert seen[("screen", "standings", "live")]["view"] == "live"
    print(f"role matrix: {matrix.checks} checks, {len(matrix.leaks)} leaks")


async def test_the_reveal_shows_no_incomplete_blind_panel(matrix: Matrix) -> None:
    for role in ("screen", "organizer"):
        reveal = await matrix.http(role, f"/api/contests/{ALPHA}/reveal")
        steps = reveal["steps"]
        assert [s["contestant_id"] for s in steps if s["kind"] == "criterion"] == [], role
