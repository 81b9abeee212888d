"""Schemathesis over the OpenAPI schema, with an organizer token: never a 5xx.

A real server process (SQLite) with one running contest; for every operation of the
schema, Hypothesis draws requests from the operation's documented parameters and
bodies (half of them aimed at the running contest, so they get past the 404) and
sends them with the organizer's token. Every answer must be below 500, and a 200,
201 or 422 — the statuses the schema documents — must match its documented schema.
The short version draws 40 cases per operation and target (a few thousand in all,
well under two minutes); JUDGING_LONG_RELIABILITY=1 draws 400.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

pytestmark = pytest.mark.reliability

LONG = os.environ.get("JUDGING_LONG_RELIABILITY") == "1"
EXAMPLES = 400 if LONG else 40
ADMIN_TOKEN = "schemathesis-organizer-token"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
CID = "fuzzed"
DOCUMENTED = {200, 201, 422}
STREAMING = {"/api/contests/{cid}/event-feed"}  # stream=true never ends: asked as a page


def free_port() -> int:
    for port in range(8800, 9000):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8800-8999")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("schemathesis")
    port = free_port()
    env = {**os.environ, "JUDGING_ADMIN_TOKEN": ADMIN_TOKEN, "JUDGING_DATA_DIR": str(tmp)}
    command_line = [
        sys.executable, "-c", "from judging.cli import entrypoint; entrypoint()",
        "serve", "--port", str(port), "--db", f"sqlite+aiosqlite:///{tmp / 'judging.db'}",
    ]  # fmt: skip
    with (tmp / "server.log").open("wb") as log:
        process = subprocess.Popen(command_line, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base)
        set_up(base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def wait_healthy(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/health").status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not start")


def set_up(base: str) -> None:
    definition = {
        "id": CID,
        "title": "Fuzzed",
        "duration_minutes": 60,
        "criteria": [{"id": "c", "name": "C", "aspects": [{"id": "a", "name": "A", "max": 5}]}],
        "stages": [{"id": "s1", "name": "S1"}],
    }
    with httpx.Client(base_url=base, headers=ADMIN) as client:
        assert client.post("/api/contests", json=definition).status_code == 201
        people = [{"id": "c1", "name": "One", "worker_id": "w1"}]
        assert client.post(f"/api/contests/{CID}/contestants", json=people).is_success
        referees = [{"id": "r1", "name": "R", "role": "referee"}]
        assert client.post(f"/api/contests/{CID}/referees", json=referees).is_success
        start = {"command_id": str(uuid.uuid4()), "type": "start"}
        assert client.post(f"/api/contests/{CID}/commands", json=start).is_success


@dataclass
class Run:
    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    nonconforming: list[str] = field(default_factory=list)


def fuzz(operation: Any, base: str, run: Run, **fixed: Any) -> None:
    strategy = operation.as_strategy(**fixed)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def one(case: Any) -> None:
        if operation.path in STREAMING:
            case.query = {**(case.query or {}), "stream": "false"}
        response = case.call(base_url=base, headers=ADMIN, timeout=10)
        run.cases += 1
        run.statuses[response.status_code] += 1
        where = f"{case.method} {case.formatted_path} {case.query}"
        if response.status_code >= 500:
            run.server_errors.append(f"{where}: {response.status_code} {response.text[:200]}")
        elif response.status_code in DOCUMENTED:
            try:
                case.validate_response(response, checks=[response_schema_conformance])
            except Exception as failure:
                run.nonconforming.append(f"{where}: {str(failure)[:200]}")

    one()


def test_no_request_gets_a_server_error(server: str) -> None:
    schema = schemathesis.openapi.from_url(f"{server}/openapi.json")
    run = Run()
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        fuzz(operation, server, run)
        if "{cid}" in operation.path:
            fuzz(operation, server, run, path_parameters={"cid": CID})
    elapsed = time.monotonic() - started
    assert run.server_errors == [], run.server_errors[:10]
    assert run.nonconforming == [], run.nonconforming[:10]
    print(
        f"schemathesis: {run.cases} cases in {elapsed:.0f} s, 5xx: {len(run.server_errors)}, "
        f"statuses: {dict(sorted(run.statuses.items()))}"
    )
