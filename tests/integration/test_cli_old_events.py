"""`judging standings` over a log written by older code: upcast, or a clear error.

The frozen version-1 log (`tests/data/events_v1.ndjson`) is stored as it was first
written; the CLI ranks it as the current code would. A stored event in a shape no
upcaster knows stops the command with the position and the type, not a traceback.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path
from typing import Any

import orjson
import pytest

from judging.cli import main
from judging.store import NewEvent, migrate, open_store

LOG = Path(__file__).resolve().parents[1] / "data" / "events_v1.ndjson"


async def store_rows(url: str, rows: list[dict[str, Any]]) -> None:
    await migrate(url)
    store = await open_store(url)
    try:
        for row in rows:
            event = NewEvent(uuid.uuid4(), row["type"], row["data"])
            await store.append(row["stream_id"], [event])
    finally:
        await store.close()


@pytest.fixture
def url(tmp_path: Path) -> str:
    db = f"sqlite+aiosqlite:///{tmp_path / 'judging.db'}"
    rows = [json.loads(line) for line in LOG.read_text(encoding="utf-8").splitlines()]
    asyncio.run(store_rows(db, rows))
    return db


def test_standings_of_version_1_events(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["standings", "relay", "--db", url, "--json"]) == 0
    document = orjson.loads(capsys.readouterr().out)
    summary = [(r["rank"], r["contestant_id"], r["score"]["time"]) for r in document["rows"]]
    assert summary == [(1, "blue", 60), (2, "red", 70), (3, "gold", 20)]


def test_an_unreadable_event_is_a_clear_error(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    old_mark = {"command_id": "m9", "contestant_id": "ann", "aspect_id": "execution"}
    old_mark |= {"judge_id": "r1", "value": 3, "at": "2024-06-01T09:30:00+00:00"}
    row = {"stream_id": "contest-gym", "type": "mark_awarded", "data": old_mark}
    asyncio.run(store_rows(url, [row]))
    capsys.readouterr()
    assert main(["standings", "gym", "--db", url]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    position = len(LOG.read_bytes().splitlines()) + 1  # stored after the frozen log
    assert captured.err.startswith(
        f"error: the event at position {position} (mark_awarded) cannot be read: "
        "referee_id: Field required"
    )
    assert "Traceback" not in captured.err
