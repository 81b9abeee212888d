"""`judging replay`: a finished contest re-streamed into a new one, paced, stoppable."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from clics_feeds import feed_path

from judging.application.replay import Pace, Progress, ReplayError, plan_replay, replay
from judging.cli import main
from judging.domain.events import stream_id
from judging.store import EventStore, NewEvent, RecordedEvent, open_store

START = datetime(2025, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def euc_url(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'judging.db'}"
    assert main(["import-clics", str(feed_path("euc2025")), "--db", url]) == 0
    return url


def rows(capsys: pytest.CaptureFixture[str], url: str, contest_id: str) -> list[Any]:
    capsys.readouterr()
    assert main(["standings", contest_id, "--db", url, "--json", "--view", "live"]) == 0
    document = orjson.loads(capsys.readouterr().out)
    return [(r["rank"], r["contestant_id"], r["score"]) for r in document["rows"]]


def stream(url: str, contest_id: str) -> list[RecordedEvent]:
    async def read() -> list[RecordedEvent]:
        store = await open_store(url)
        try:
            return await store.read_stream(stream_id(contest_id))
        finally:
            await store.close()

    return asyncio.run(read())


def test_replay_ends_with_the_original_standings(
    euc_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    original = rows(capsys, euc_url, "euc2025")
    argv = ["replay", "euc2025", "--speed", "1e9", "--max-gap", "0.001", "--db", euc_url]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert out == "euc2025-replay-1\n"
    assert "/screen/euc2025-replay-1" in err
    assert rows(capsys, euc_url, "euc2025-replay-1") == original
    copied = stream(euc_url, "euc2025-replay-1")
    assert copied[0].data["definition"]["id"] == "euc2025-replay-1"
    assert copied[-1].metadata["replay_of"] == "euc2025"
    assert [e.metadata["original_position"] for e in copied] == list(range(1, 864))
    assert main(argv) == 0
    assert capsys.readouterr().out == "euc2025-replay-2\n"
    assert main(["verify", "--db", euc_url]) == 0


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["nope"], 1, "no contest 'nope'"),
        (["euc2025", "--as", "euc2025"], 1, "already exists"),
        (["euc2025", "--as", "not a slug!"], 2, "invalid contest id"),
    ],
)
def test_errors(
    argv: list[str], code: int, message: str, euc_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["replay", *argv, "--speed", "1000", "--db", euc_url]) == code
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err


def recorded(position: int, type_: str, data: dict[str, Any], seconds: float = 0) -> RecordedEvent:
    return RecordedEvent(
        position, "contest-c", position, uuid.uuid4(), type_, data, {},
        START + timedelta(seconds=seconds), "", "",
    )  # fmt: skip


def attempt(position: int, contest_time: float) -> RecordedEvent:
    return recorded(position, "attempt_recorded", {"contest_time": contest_time})


def test_pace_follows_the_contest_clock_and_caps_gaps() -> None:
    events = [
        recorded(1, "contestants_registered", {}, seconds=-30),
        recorded(2, "contest_started", {"at": START.isoformat()}),
        attempt(3, 120.0),
        attempt(4, 60.0),  # out of order: no wait, no step back
        attempt(5, 150.0),
        recorded(6, "contest_ended", {"at": (START + timedelta(hours=5)).isoformat()}),
    ]
    steps = plan_replay(events, "c", "c-replay-1", Pace(speed=10, max_gap=5))
    assert [s.delay for s in steps] == [0.0, 3.0, 5.0, 0.0, 3.0, 5.0]
    assert [s.clock for s in steps] == [None, 0.0, 120.0, 60.0, 150.0, 18000.0]


def test_copies_get_new_deterministic_ids() -> None:
    events = [recorded(1, "contest_started", {"at": START.isoformat()}), attempt(2, 1.0)]
    first = plan_replay(events, "c", "c-replay-1", Pace(1, 1))
    again = plan_replay(events, "c", "c-replay-1", Pace(1, 1))
    other = plan_replay(events, "c", "c-replay-2", Pace(1, 1))
    assert [s.event.event_id for s in first] == [s.event.event_id for s in again]
    assert {s.event.event_id for s in first}.isdisjoint(s.event.event_id for s in other)
    assert {s.event.event_id for s in first}.isdisjoint(e.event_id for e in events)


async def seed(store: EventStore, count: int) -> None:
    events = [
        NewEvent(uuid.uuid4(), "contest_started", {"at": START.isoformat()}),
        *(NewEvent(uuid.uuid4(), "attempt_recorded", {"contest_time": 60.0 * i})
          for i in range(1, count)),
    ]  # fmt: skip
    await store.append("contest-c", events, 0)


async def test_a_stopped_replay_keeps_what_it_appended(store: EventStore) -> None:
    await seed(store, 10)
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 4:
            raise asyncio.CancelledError  # as Ctrl-C cancels the running replay

    progress = Progress()
    with pytest.raises(asyncio.CancelledError):
        await replay(store, "c", Pace(speed=60, max_gap=0.5), progress, sleep=sleep)
    assert sleeps == [0.5] * 4
    assert progress.target_id == "c-replay-1"
    assert progress.appended == 4
    assert len(await store.read_stream("contest-c-replay-1")) == 4


async def test_replay_of_an_unknown_contest(store: EventStore) -> None:
    with pytest.raises(ReplayError):
        await replay(store, "nope", Pace(1, 1), Progress())
