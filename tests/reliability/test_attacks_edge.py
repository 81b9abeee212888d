"""Attacks at the edge, replayed against the app: each one gets the safe answer.

One table, one row per attack found when the service was probed as an attacker
(issue 11): the request, and the status and code it must be answered with (never a
500, never a hang, never a leak). The app runs its lifespan on a fresh database
(SQLite, and PostgreSQL when configured) behind httpx's ASGI transport; the token in
a websocket URL is replayed against a real server process, whose log is read back.
"""

from __future__ import annotations

import asyncio
import base64
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from websockets.asyncio.client import connect

from judging.http.app import create_app
from judging.settings import Settings

pytestmark = pytest.mark.reliability

ADMIN_TOKEN = "reliability-organizer-token"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
ALPHA, BETA = "alpha", "beta"


def definition(cid: str) -> dict[str, Any]:
    judged = {"type": "judgement", "max": 10, "scale": [0, 3]}
    return {
        "id": cid,
        "title": f"Contest {cid}",
        "duration_minutes": 240,
        "venues": [{"id": "wz", "name": "温州"}, {"id": "nj", "name": "南京"}],
        "criteria": [
            {
                "id": "wiring",
                "name": "Wiring",
                "skill": "elec.wiring",
                "aspects": [{"id": "quality", "name": "Quality", **judged}],
            }
        ],
        "stages": [{"id": "s1", "name": "Stage 1"}],
    }


ALPHA_CONTESTANTS = [
    {"id": "c1", "name": "One", "organization": "Plant A", "venue": "wz"},
    {"id": "c2", "name": "Two", "organization": "ACME", "venue": "nj"},
    {"id": "c3", "name": "Three", "organization": " acme  ", "team": "T"},  # no venue
]
ALPHA_REFEREES = [
    {"id": "r-all", "name": "Anyone", "role": "referee"},
    {"id": "r-wz", "name": "Wenzhou only", "role": "referee", "venues": ["wz"]},
    {"id": "r-acme", "name": "Of Acme", "role": "referee", "organization": "Acme"},
    {"id": "chief-wz", "name": "Chief of Wenzhou", "role": "chief", "venues": ["wz"]},
]
BETA_CONTESTANTS = [
    {"id": "b1", "name": "Beta One", "organization": "Plant A", "worker_id": "w-b1"},
    {"id": "b2", "name": "Beta Two", "organization": "Other Co", "worker_id": "w-b2"},
]


def command(type_: str, **fields: Any) -> dict[str, Any]:
    return {"command_id": str(uuid.uuid4()), "type": type_, **fields}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Target:
    """The app under attack, its client, and the tokens handed out while setting up."""

    app: FastAPI
    client: httpx.AsyncClient
    tokens: dict[str, str] = field(default_factory=dict)
    marks: dict[str, str] = field(default_factory=dict)  # what -> command id

    async def send(self, who: str, body: dict[str, Any], cid: str = ALPHA) -> dict[str, Any]:
        token = ADMIN_TOKEN if who == "organizer" else self.tokens[who]
        url = f"/api/contests/{cid}/commands"
        response = await self.client.post(url, json=body, headers=bearer(token))
        assert response.status_code == 200, response.text
        [result] = response.json()["results"]
        return dict(result)

    async def accepted(self, who: str, body: dict[str, Any], cid: str = ALPHA) -> int:
        result = await self.send(who, body, cid)
        assert result["status"] == "accepted", result
        return int(result["position"])


async def contest(target: Target, cid: str, contestants: list[Any], referees: list[Any]) -> None:
    client = target.client
    assert (await client.post("/api/contests", json=definition(cid), headers=ADMIN)).is_success
    url = f"/api/contests/{cid}"
    assert (await client.post(f"{url}/contestants", json=contestants, headers=ADMIN)).is_success
    issued = await client.post(f"{url}/referees", json=referees, headers=ADMIN)
    assert issued.status_code == 200, issued.text
    target.tokens.update({f"{cid}/{r['id']}": r["token"] for r in issued.json()})
    await target.accepted("organizer", command("start"), cid)


async def set_up(target: Target) -> None:
    """Beta: finalized (so the talent database has organizations); alpha: running."""
    await contest(target, BETA, BETA_CONTESTANTS, [{"id": "rb", "name": "B", "role": "referee"}])
    for contestant, value in (("b1", 3), ("b2", 1)):
        body = command("award_mark", contestant_id=contestant, aspect_id="quality", value=value)
        await target.accepted(f"{BETA}/rb", body, BETA)
    await target.accepted("organizer", command("end"), BETA)
    finalized = await target.accepted("organizer", command("finalize"), BETA)
    await target.app.state.services.runner.wait_for(finalized, names=("talent",))
    await contest(target, ALPHA, ALPHA_CONTESTANTS, ALPHA_REFEREES)
    target.tokens.update({k.removeprefix(f"{ALPHA}/"): v for k, v in target.tokens.items()})
    mark = command("award_mark", contestant_id="c2", aspect_id="quality", value=2)
    await target.accepted("r-all", mark)
    target.marks["c2"] = mark["command_id"]


@pytest.fixture
async def target(database_url: str, tmp_path: Path) -> AsyncIterator[Target]:
    settings = Settings(database_url=database_url, data_dir=tmp_path, admin_token=ADMIN_TOKEN)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            attacked = Target(app, client)
            await set_up(attacked)
            yield attacked


# -- the attacks --------------------------------------------------------------------------

Answer = tuple[int, str | None]  # the status (a command's `http_status`) and the code


async def problem(response: httpx.Response) -> Answer:
    body = response.json() if response.content else {}
    return response.status_code, body.get("code") if isinstance(body, dict) else None


async def rejection(target: Target, who: str, body: dict[str, Any]) -> Answer:
    result = await target.send(who, body)
    assert result["status"] == "rejected", result
    return result["http_status"], result["error"]["code"]


def alias_bomb(levels: int = 7) -> bytes:
    """A "billion laughs" in YAML: each level names the one before nine times."""
    lines = [f"a0: &a0 [{','.join(['xxxxxxxx'] * 9)}]"]
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return ("\n".join(lines) + "\n").encode()


async def define_yaml(target: Target, text: bytes) -> Answer:
    headers = {**ADMIN, "Content-Type": "application/yaml"}
    started = time.monotonic()
    response = await target.client.post("/api/contests", content=text, headers=headers)
    assert time.monotonic() - started < 5, "the definition was not refused quickly"
    return await problem(response)


async def define_json(target: Target, text: bytes) -> Answer:
    headers = {**ADMIN, "Content-Type": "application/json"}
    return await problem(await target.client.post("/api/contests", content=text, headers=headers))


async def post_json(target: Target, url: str, text: bytes) -> Answer:
    headers = {**ADMIN, "Content-Type": "application/json"}
    return await problem(await target.client.post(url, content=text, headers=headers))


def feed_token(position: int) -> str:
    """A well-formed feed token naming `position` (any 64-bit number)."""
    return base64.b32encode(position.to_bytes(8, "big")).decode().rstrip("=").lower()


async def get(target: Target, url: str, token: str | None = ADMIN_TOKEN, **params: Any) -> Answer:
    headers = bearer(token) if token else {}
    return await problem(await target.client.get(url, params=params, headers=headers))


async def reused_standard(target: Target) -> Answer:
    body = {"id": "std", "name": "Standard", "required": {"elec.wiring": 50}, "command_id": "s-1"}
    assert (await target.client.post("/api/standards", json=body, headers=ADMIN)).is_success
    other = {**body, "required": {"elec.wiring": 80}}
    return await problem(await target.client.post("/api/standards", json=other, headers=ADMIN))


async def reused_command_id(target: Target) -> Answer:
    first = command("award_mark", contestant_id="c1", aspect_id="quality", value=1)
    await target.accepted("r-all", first)
    other = {**first, "contestant_id": "c2"}  # same command id, another command
    return await rejection(target, "r-all", other)


async def chief_corrects_elsewhere(target: Target) -> Answer:
    body = command("correct", supersedes=target.marks["c2"], value=3, reason="recount")
    return await rejection(target, "chief-wz", body)


async def chief_signs_off_elsewhere(target: Target) -> Answer:
    return await rejection(target, "chief-wz", command("sign_off", contestant_id="c2"))


async def same_organization_other_spelling(target: Target) -> Answer:
    body = command("award_mark", contestant_id="c3", aspect_id="quality", value=1)
    return await rejection(target, "r-acme", body)


async def venue_referee_marks_no_venue(target: Target) -> Answer:
    body = command("award_mark", contestant_id="c3", aspect_id="quality", value=1)
    return await rejection(target, "r-wz", body)


async def chief_reads_other_organizations(target: Target) -> Answer:
    response = await target.client.get(
        "/api/capability", params={"by": "organization"}, headers=bearer(target.tokens["chief-wz"])
    )
    assert response.status_code == 200, response.text
    groups = [group["group"] for group in response.json()["groups"]]
    assert groups == ["Plant A"], groups  # beta's "Other Co" is not alpha's
    return 200, None


async def bad_token_flood(target: Target) -> Answer:
    """Random tokens from one address: refused, then limited, never one read each."""
    store = target.app.state.services.store
    reads = 0
    read_stream = store.read_stream

    async def counted(stream_id: str, after_version: int = 0) -> Any:
        nonlocal reads
        reads += stream_id == "access"
        return await read_stream(stream_id, after_version)

    store.read_stream = counted
    try:
        answers = [await get(target, "/api/me", secrets.token_urlsafe(24)) for _ in range(200)]
        limited = await target.client.get("/api/me", headers=bearer(secrets.token_urlsafe(24)))
    finally:
        del store.read_stream
    assert set(answers) <= {(401, "invalid_token"), (429, "too_many_attempts")}
    assert reads < 50, f"{reads} reads of the access stream for 200 bad tokens"
    assert int(limited.headers["retry-after"]) >= 1
    valid = await target.client.get("/api/me", headers=bearer(target.tokens["r-all"]))
    assert valid.status_code == 200  # a good token from the same address still works
    return await problem(limited)


@dataclass(frozen=True)
class Attack:
    name: str
    run: Callable[[Target], Awaitable[Answer]]
    answer: Answer


DEEP = 100_000
FEED = f"/api/contests/{ALPHA}/event-feed"
ATTACKS = [
    # 4: a definition must not freeze the server
    Attack("yaml-alias-bomb", lambda t: define_yaml(t, alias_bomb()), (422, "invalid_definition")),
    Attack(
        "yaml-deep-nesting",
        lambda t: define_yaml(t, b"id: x\ntitle: " + b"[" * DEEP),
        (422, "invalid_definition"),
    ),
    # 10: deep nesting, huge numbers and odd bytes are 4xx, never a 500
    Attack(
        "json-deep-definition",
        lambda t: define_json(t, b"[" * DEEP + b"]" * DEEP),
        (422, "invalid_definition"),
    ),
    Attack(
        "json-deep-commands",
        lambda t: post_json(t, f"/api/contests/{ALPHA}/commands", b"[" * DEEP + b"]" * DEEP),
        (400, "invalid_json"),
    ),
    Attack(
        "json-deep-roster",
        lambda t: post_json(t, f"/api/contests/{ALPHA}/contestants", b"[" * DEEP + b"]" * DEEP),
        (400, "invalid_json"),
    ),
    *(
        Attack(
            f"feed-token-{name}",
            lambda t, p=position: get(t, FEED, stream="false", since_token=feed_token(p)),
            (400, "unknown_token"),
        )
        for name, position in (("2^63", 2**63), ("2^63+1", 2**63 + 1), ("2^64-1", 2**64 - 1))
    ),
    Attack(
        "leaderboard-offset-1e20",
        lambda t: get(t, "/api/leaderboard", offset="1e20"),
        (422, "validation_error"),
    ),
    Attack(
        "leaderboard-offset-huge",
        lambda t: get(t, "/api/leaderboard", offset=str(10**20)),
        (422, "validation_error"),
    ),
    Attack("standard-reused-command-id", reused_standard, (409, "command_id_conflict")),
    Attack(
        "capability-standard-nul",
        lambda t: get(t, "/api/capability", standard="\x00"),
        (422, "validation_error"),
    ),
    # 7: a command id names one command
    Attack("command-id-reused", reused_command_id, (409, "command_id_conflict")),
    # 6: scopes hold
    Attack("chief-corrects-at-another-venue", chief_corrects_elsewhere, (403, "not_assigned")),
    Attack("chief-signs-off-at-another-venue", chief_signs_off_elsewhere, (403, "not_assigned")),
    Attack(
        "organization-in-other-case",
        same_organization_other_spelling,
        (403, "conflict_of_interest"),
    ),
    Attack("venue-referee-marks-no-venue", venue_referee_marks_no_venue, (403, "not_assigned")),
    Attack("chief-reads-all-capability", chief_reads_other_organizations, (200, None)),
    # 12: failed authentications are limited per address
    Attack("bad-token-flood", bad_token_flood, (429, "too_many_attempts")),
]


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
async def test_the_attack_gets_the_safe_answer(target: Target, attack: Attack) -> None:
    assert await attack.run(target) == attack.answer
    health = await target.client.get("/api/health")
    assert health.status_code == 200  # and the server still answers


# -- 5: a token in a websocket URL never reaches the server's log ---------------------------


def free_port() -> int:
    """A free port in 8800-8999 (the range these tests may use)."""
    for port in secrets.SystemRandom().sample(range(8800, 9000), 200):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8800-8999")


def serve(tmp_path: Path, port: int) -> subprocess.Popen[bytes]:
    database = f"sqlite+aiosqlite:///{tmp_path / 'judging.db'}"
    env = {**os.environ, "JUDGING_ADMIN_TOKEN": ADMIN_TOKEN, "JUDGING_DATA_DIR": str(tmp_path)}
    command_line = [
        sys.executable, "-c", "from judging.cli import entrypoint; entrypoint()",
        "serve", "--port", str(port), "--db", database,
    ]  # fmt: skip
    with (tmp_path / "server.log").open("wb") as log:
        return subprocess.Popen(command_line, env=env, stdout=log, stderr=subprocess.STDOUT)


async def healthy(base: str) -> None:
    async with httpx.AsyncClient(base_url=base) as client, asyncio.timeout(30):
        while True:
            try:
                if (await client.get("/api/health")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)


async def test_a_websocket_token_never_reaches_the_server_log(tmp_path: Path) -> None:
    port = free_port()
    server = serve(tmp_path, port)
    try:
        await healthy(f"http://127.0.0.1:{port}")
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            assert (
                await client.post("/api/contests", json=definition(ALPHA), headers=ADMIN)
            ).is_success
        ws = f"ws://127.0.0.1:{port}/ws/contests/{ALPHA}/standings"
        async with connect(f"{ws}?view=live&token={ADMIN_TOKEN}") as old_client:
            assert '"snapshot"' in str(await old_client.recv())
        async with connect(f"{ws}?view=live", subprotocols=["bearer", ADMIN_TOKEN]) as new_client:
            assert '"snapshot"' in str(await new_client.recv())
    finally:
        server.terminate()
        server.wait(timeout=15)
    log = (tmp_path / "server.log").read_text()
    assert "WebSocket" in log  # the connections were logged...
    assert ADMIN_TOKEN not in log  # ...without the token
