"""`judging standings`: the board of an imported contest, now and at a log position."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest
from clics_feeds import feed_path

from judging.cli import main
from judging.domain.events import stream_id
from judging.store import open_store

TOP = {"euc2025": ("30", 8, 1299), "swerc2022": ("1", 10, 861)}


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One database holding both real feeds (read-only for the tests below)."""
    db = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('standings') / 'judging.db'}"
    for name in sorted(TOP):
        assert main(["import-clics", str(feed_path(name)), "--db", db]) == 0
    return db


def standings(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["standings", *argv, "--json"]) == 0
    document: dict[str, Any] = orjson.loads(capsys.readouterr().out)
    return document


def board(document: dict[str, Any]) -> list[tuple[int, str, int, int]]:
    return [
        (row["rank"], row["contestant_id"], row["score"]["stages_cleared"], row["score"]["time"])
        for row in document["rows"]
    ]


def positions(url: str, contest_id: str) -> dict[str, int]:
    """Event type -> position of its last event in the contest's stream."""

    async def read() -> dict[str, int]:
        store = await open_store(url)
        try:
            return {e.type: e.position for e in await store.read_stream(stream_id(contest_id))}
        finally:
            await store.close()

    return asyncio.run(read())


@pytest.mark.parametrize("name", sorted(TOP))
def test_final_board_tops_with_the_known_winner(
    name: str, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    document = standings(capsys, name, "--db", url)
    assert document["contest_id"] == name
    assert document["position"] == positions(url, name)["contest_finalized"]
    assert board(document)[0] == (1, *TOP[name])
    assert document["state"]["finalized"] is not None


def test_at_a_position_gives_the_board_then(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    at = positions(url, "euc2025")
    freeze, end = str(at["contest_frozen"]), str(at["contest_ended"])
    public_at_freeze = standings(capsys, "euc2025", "--db", url, "--at", freeze)
    live_at_freeze = standings(capsys, "euc2025", "--db", url, "--at", freeze, "--view", "live")
    assert public_at_freeze["position"] == at["contest_frozen"]
    assert public_at_freeze["state"]["ended"] is None
    assert board(public_at_freeze) == board(live_at_freeze)  # nothing hidden yet
    public_at_end = standings(capsys, "euc2025", "--db", url, "--at", end)
    live_at_end = standings(capsys, "euc2025", "--db", url, "--at", end, "--view", "live")
    assert board(public_at_end) == board(public_at_freeze)  # the last hour stays hidden
    assert board(live_at_end) != board(public_at_end)
    assert board(live_at_end) == board(standings(capsys, "euc2025", "--db", url))


def test_groups(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    document = standings(capsys, "swerc2022", "--db", url, "--group", "organization")
    assert document["group"] == "organization"
    assert document["rows"][0]["rank"] == 1
    assert {"group", "members", "score"} <= set(document["rows"][0])


def test_table(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["standings", "euc2025", "--db", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "position 863" in lines[0]
    assert lines[1].split()[:2] == ["#", "name"]
    assert lines[2].split()[0] == "1"
    assert lines[2].split()[-2:] == ["8/11", "1299"]
    assert main(["standings", "euc2025", "--db", url, "--group", "team"]) == 0
    assert capsys.readouterr().out.splitlines()[1].split()[:3] == ["#", "group", "members"]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["nope"], 1, "no contest 'nope'"),
        (["euc2025", "--at", "0"], 1, "at position 0"),
        (["euc2025", "--group", "bogus"], 2, "unknown group"),
    ],
)
def test_errors(
    argv: list[str], code: int, message: str, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["standings", *argv, "--db", url]) == code
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err


@pytest.mark.postgres
def test_standings_on_postgres(postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-clics", str(feed_path("swerc2022")), "--db", postgres_url]) == 0
    document = standings(capsys, "swerc2022", "--db", postgres_url)
    assert board(document)[0] == (1, *TOP["swerc2022"])
