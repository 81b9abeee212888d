"""Poison numbers, for every numeric field of every command: none is accepted, and
live delivery goes on.

One table: each numeric field a command (or a contest definition) carries, and the
poison values (huge, negative, NaN, infinite, a number past any float, wrong types).
Each value is sent as JSON text (NaN and Infinity as the literals Python writes) and
must not be accepted: a command answers `rejected`, a definition a 4xx; never a 5xx.
Afterwards the contest's reads answer 200 and its boards still reach websocket
clients. JUDGING_LONG_RELIABILITY=1 adds more magnitudes and wrong types.
"""

from __future__ import annotations

import json
import math
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from judging.http.app import create_app
from judging.live.hub import BoardKey
from judging.settings import Settings

pytestmark = pytest.mark.reliability

LONG = os.environ.get("JUDGING_LONG_RELIABILITY") == "1"
ADMIN_TOKEN = "poison-organizer-token"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
CID = "poison"

HUGE: list[Any] = [1e308, 10**400, "1e400"]  # "1e400": sent as a bare JSON number
NEGATIVE: list[Any] = [-1, -1e308]
NOT_FINITE: list[Any] = [math.nan, math.inf, -math.inf]
WRONG_TYPE: list[Any] = ["abc", [], {}, [1, 2]]
if LONG:
    HUGE += [1e20, 2**63, 2**64, 1.7976931348623157e308, "1e309", "-1e400"]
    WRONG_TYPE += ["", "1", "NaN", {"value": 1}, [[[]]]]
POISON = [*HUGE, *NEGATIVE, *NOT_FINITE, *WRONG_TYPE]


def definition(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": CID,
        "title": "Poison",
        "duration_minutes": 60,
        "freeze_minutes": 10,
        "grace_minutes": 5,
        "ranking": {"penalty_minutes": 20},
        "criteria": [
            {
                "id": "wiring",
                "name": "Wiring",
                "aspects": [
                    {
                        "id": "quality",
                        "name": "Quality",
                        "max": 10,
                        "scale": [0, 3],
                        "panel": {"size": 3, "aggregate": "trimmed", "drop": 1, "max_spread": 1},
                    },
                    {
                        "id": "faults",
                        "name": "Faults",
                        "type": "measurement",
                        "max": 2,
                        "rule": {"kind": "tiers", "tiers": [{"below": 1, "mark": 2}]},
                    },
                    {"id": "length", "name": "Length", "type": "measurement", "max": 5},
                ],
            }
        ],
        "stages": [{"id": "s1", "name": "Stage 1"}],
        "penalties": [{"id": "safety", "name": "Safety", "points": 5}],
    }
    return {**body, **overrides}


def with_value(body: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """A deep copy of `body` with `value` at `path`."""
    copy: Any = json.loads(json.dumps(body))
    node = copy
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return dict(copy)


MARKER = "__poison__"


def json_text(body: Any, value: Any) -> bytes:
    """`body` as JSON text with the poison value written in place of MARKER."""
    raw = value if isinstance(value, str) and value[:1] in "-1" and value != "1" else None
    text = json.dumps(body, allow_nan=True)
    poison = raw if raw is not None else json.dumps(value, allow_nan=True)
    return text.replace(json.dumps(MARKER), poison).encode()


MARK = {"type": "award_mark", "contestant_id": "c1"}
ATTEMPT = {"type": "record_attempt", "contestant_id": "c1", "stage_id": "s1"}
CORRECT = {"type": "correct", "supersedes": "SUPERSEDES", "reason": "recount"}
# (what, the command without the field, the field) for each numeric field of each command.
COMMAND_FIELDS: list[tuple[str, dict[str, Any], str]] = [
    ("award_mark judged", {**MARK, "aspect_id": "quality"}, "value"),
    ("award_mark tiers", {**MARK, "aspect_id": "faults"}, "value"),
    ("award_mark direct", {**MARK, "aspect_id": "length"}, "value"),
    ("record_attempt cleared", {**ATTEMPT, "result": "cleared"}, "contest_time"),
    ("record_attempt failed", {**ATTEMPT, "result": "failed"}, "contest_time"),
    ("correct", CORRECT, "value"),
]

DEFINITION_FIELDS: list[tuple[Any, ...]] = [
    ("duration_minutes",),
    ("freeze_minutes",),
    ("grace_minutes",),
    ("ranking", "penalty_minutes"),
    ("criteria", 0, "aspects", 0, "max"),
    ("criteria", 0, "aspects", 0, "panel", "size"),
    ("criteria", 0, "aspects", 0, "panel", "drop"),
    ("criteria", 0, "aspects", 0, "panel", "max_spread"),
    ("criteria", 0, "aspects", 0, "scale", 1),
    ("criteria", 0, "aspects", 1, "rule", "tiers", 0, "mark"),
    ("penalties", 0, "points"),
    ("penalties", 0, "minutes"),
    ("criteria", 0, "aspects", 2, "max"),
]
NEGATIVE_ALLOWED = {"value"}  # a value below the scale is refused by the contest, not the edge


@dataclass
class Target:
    app: FastAPI
    client: httpx.AsyncClient
    tokens: dict[str, str] = field(default_factory=dict)
    mark_id: str = ""
    tried: int = 0
    accepted: list[str] = field(default_factory=list)

    async def post(self, url: str, text: bytes, token: str = ADMIN_TOKEN) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        return await self.client.post(url, content=text, headers=headers)


async def set_up(target: Target) -> None:
    client = target.client
    assert (await client.post("/api/contests", json=definition(), headers=ADMIN)).status_code == 201
    url = f"/api/contests/{CID}"
    contestants = [{"id": "c1", "name": "One"}, {"id": "c2", "name": "Two"}]
    assert (await client.post(f"{url}/contestants", json=contestants, headers=ADMIN)).is_success
    referees = [
        {"id": "r1", "name": "R", "role": "referee"},
        {"id": "ch", "name": "C", "role": "chief"},
    ]
    issued = await client.post(f"{url}/referees", json=referees, headers=ADMIN)
    target.tokens = {r["id"]: r["token"] for r in issued.json()}
    start = {"command_id": str(uuid.uuid4()), "type": "start"}
    assert (await client.post(f"{url}/commands", json=start, headers=ADMIN)).is_success
    mark = {"command_id": str(uuid.uuid4()), "type": "award_mark", "contestant_id": "c2"}
    response = await client.post(
        f"{url}/commands",
        json={**mark, "aspect_id": "quality", "value": 2},
        headers={"Authorization": f"Bearer {target.tokens['r1']}"},
    )
    assert response.json()["results"][0]["status"] == "accepted"
    target.mark_id = mark["command_id"]


@pytest.fixture
async def target(database_url: str, tmp_path: Path) -> AsyncIterator[Target]:
    settings = Settings(database_url=database_url, data_dir=tmp_path, admin_token=ADMIN_TOKEN)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            poisoned = Target(app, client)
            await set_up(poisoned)
            yield poisoned


async def poison_commands(target: Target) -> None:
    for what, fields, name in COMMAND_FIELDS:
        who = "ch" if fields["type"] == "correct" else "r1"
        for value in POISON:
            if value in NEGATIVE and name in NEGATIVE_ALLOWED and value == -1:
                continue  # -1: a plain number, refused by the aspect's range below
            body = {"command_id": str(uuid.uuid4()), **fields, name: MARKER}
            if body.get("supersedes") == "SUPERSEDES":
                body["supersedes"] = target.mark_id
            response = await target.post(
                f"/api/contests/{CID}/commands", json_text(body, value), target.tokens[who]
            )
            target.tried += 1
            assert response.status_code < 500, (what, value, response.text)
            results = response.json().get("results", []) if response.status_code == 200 else []
            if any(r["status"] == "accepted" for r in results):
                target.accepted.append(f"{what}.{name}={value!r}")


# An integer past any float makes the definition's cross-field rules overflow (a 500):
# `judging.domain.validation._number` catches it (a test below).
PAST_ANY_FLOAT = 10**400


async def poison_definitions(target: Target) -> None:
    for path in DEFINITION_FIELDS:
        for value in [v for v in POISON if v != PAST_ANY_FLOAT]:
            body = with_value(definition(id=f"p-{target.tried}"), path, MARKER)
            response = await target.post("/api/contests", json_text(body, value))
            target.tried += 1
            assert response.status_code < 500, (path, value, response.text)
            if response.is_success:
                target.accepted.append(f"definition.{'.'.join(map(str, path))}={value!r}")


async def test_no_poison_value_is_accepted_and_delivery_goes_on(target: Target) -> None:
    hub = target.app.state.services.hub
    key = BoardKey(CID, "progress", "public")
    assert (await target.client.get(f"/api/contests/{CID}/progress")).status_code == 200
    async with hub.subscribe(key) as subscription:
        snapshot = await subscription.next()
        await poison_commands(target)
        await poison_definitions(target)
        assert target.accepted == [], target.accepted
        for read in ("progress", "standings", "scoreboard"):
            response = await target.client.get(f"/api/contests/{CID}/{read}")
            assert response.status_code == 200, (read, response.text)
        good = {
            "command_id": str(uuid.uuid4()),
            "type": "record_attempt",
            "contestant_id": "c1",
            "stage_id": "s1",
            "result": "cleared",
            "contest_time": 600,
        }
        sent = await target.post(
            f"/api/contests/{CID}/commands", json.dumps(good).encode(), target.tokens["r1"]
        )
        position = sent.json()["results"][0]["position"]
        update = await subscription.next()
        assert update.position >= position > snapshot.position
    print(f"poison values tried: {target.tried}, accepted: {len(target.accepted)}")


async def test_a_definition_number_past_any_float_is_refused(target: Target) -> None:
    body = definition(id="p-huge", duration_minutes=MARKER)
    response = await target.post("/api/contests", json_text(body, PAST_ANY_FLOAT))
    assert response.status_code == 422, response.text
