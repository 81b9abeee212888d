"""Live delivery against a real server: marks reach websocket clients; reconnects catch up."""

from __future__ import annotations

import asyncio

import httpx
from e2e_contest import attempt, board_stream, command, mark, new_contest, row
from e2e_server import ADMIN_TOKEN, ServerProcess


async def test_a_referees_mark_reaches_a_websocket_client_in_the_next_update(
    server: ServerProcess, client: httpx.AsyncClient
) -> None:
    contest = await new_contest(client)
    screen = contest.tokens["screen"]
    async with board_stream(server.base_url, contest.cid, view="live", token=screen) as board:
        snapshot = await board.receive()
        assert snapshot["type"] == "snapshot"
        assert snapshot["data"]["contest_id"] == contest.cid
        assert snapshot["data"]["view"] == "live"
        assert "faults" not in row(snapshot["data"], "c1")["criteria"]
        position = await contest.accepted("r1", mark("c1", "wiring-faults", 0))
        update = await board.until(position)
    assert update["type"] == "update"
    assert update["position"] >= position > snapshot["position"]
    assert row(update["data"], "c1")["criteria"]["faults"] == 2
    assert row(update["data"], "c1")["rank"] == 1


async def test_a_client_that_reconnects_with_since_ends_with_the_board_of_one_that_stayed(
    server: ServerProcess, client: httpx.AsyncClient
) -> None:
    contest = await new_contest(client)
    screen = contest.tokens["screen"]
    async with board_stream(server.base_url, contest.cid, view="live", token=screen) as stayer:
        await stayer.receive()
        async with board_stream(server.base_url, contest.cid, view="live", token=screen) as leaver:
            left_at = (await leaver.receive())["position"]
        missed = [
            ("r1", mark("c1", "wiring-quality", 3)),
            ("r2", mark("c1", "wiring-quality", 2)),
            ("r1", mark("c2", "wiring-faults", 1)),
            ("r3", attempt("c3", "s1", "failed")),
            ("r3", attempt("c3", "s1", "cleared")),
            ("r2", command("impose_penalty", contestant_id="c2", penalty_id="safety")),
        ]
        for who, body in missed:
            last = await contest.accepted(who, body)
        stayed = await stayer.until(last)
        async with board_stream(
            server.base_url, contest.cid, view="live", token=screen, since=left_at
        ) as back:
            again = await back.until(last)
    positions = [frame["position"] for frame in stayer.frames]
    assert positions == sorted(positions)
    assert again["position"] == stayed["position"] == last > left_at
    assert again["data"] == stayed["data"]
    c3 = row(stayed["data"], "c3")
    assert c3["stages"]["s1"]["cleared"] is True
    assert c3["stages"]["s1"]["attempts"] == 2
    assert row(stayed["data"], "c2")["score"]["penalty_points"] == 5
    assert row(stayed["data"], "c1")["provisional"] is True  # 2 of 3 panel marks


async def test_after_a_server_restart_a_client_reconnects_to_the_same_board(
    server: ServerProcess, client: httpx.AsyncClient
) -> None:
    contest = await new_contest(client)
    organizer = ADMIN_TOKEN  # sees the incomplete blind panel (a screen would not)
    await contest.accepted("r1", mark("c1", "wiring-quality", 1))
    await contest.accepted("r2", attempt("c2", "s2", "cleared"))
    async with board_stream(server.base_url, contest.cid, view="live", token=organizer) as board:
        before = await board.until(await contest.accepted("r1", mark("c3", "wiring-faults", 2)))
    await asyncio.to_thread(server.restart)
    since = before["position"]
    async with board_stream(
        server.base_url, contest.cid, view="live", token=organizer, since=since
    ) as board:
        after = await board.receive()
        assert after["data"] == before["data"]
        async with httpx.AsyncClient(base_url=server.base_url, timeout=10) as fresh:
            contest.client = fresh
            position = await contest.accepted("r3", mark("c1", "wiring-quality", 2))
        update = await board.until(position)
    assert after["type"] == "snapshot"
    assert after["position"] == since
    assert row(update["data"], "c1")["criteria"]["quality"] == 5  # mean 1.5 of 3 levels
