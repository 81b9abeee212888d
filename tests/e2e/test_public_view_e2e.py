"""The public view against a real server (HTTP and websocket): it never shows an
incomplete judgement panel nor a result recorded while frozen; the live view does,
and after the thaw both agree."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from e2e_contest import BoardStream, attempt, board_stream, command, mark, new_contest, row
from e2e_server import ADMIN_TOKEN, ServerProcess
from websockets.exceptions import ConnectionClosed

QUALITY = "quality"  # the criterion of the 3-referee judgement panel


def without_view(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "view"}


async def both_until(
    public: BoardStream, live: BoardStream, position: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    return (await public.until(position))["data"], (await live.until(position))["data"]


async def public_snapshot(base_url: str, cid: str, position: int) -> dict[str, Any]:
    """A new public client's snapshot: the public board as of `position` or later, even
    when nothing the public may see changed (its connected clients get no update then)."""
    async with board_stream(base_url, cid) as fresh:
        snapshot = await fresh.receive()
    assert snapshot["position"] >= position
    data: dict[str, Any] = snapshot["data"]
    return data


async def test_an_incomplete_panel_is_live_and_provisional_but_never_public(
    server: ServerProcess, client: httpx.AsyncClient
) -> None:
    contest = await new_contest(client)
    organizer = ADMIN_TOKEN  # an incomplete blind panel is the organizer's and the chief's
    async with (
        board_stream(server.base_url, contest.cid) as public,
        board_stream(server.base_url, contest.cid, view="live", token=organizer) as live,
    ):
        await public.receive(), await live.receive()
        expected_live = {"r1": 20 / 3, "r2": 25 / 3}  # mean of 2, then of 2 and 3, on 0..3
        for referee, level in (("r1", 2), ("r2", 3)):
            position = await contest.accepted(referee, mark("c1", "wiring-quality", level))
            ws_live = (await live.until(position))["data"]
            ws_public = await public_snapshot(server.base_url, contest.cid, position)
            http_public, http_live = await contest.standings(), await contest.standings("live")
            for board in (ws_public, http_public):
                assert board["view"] == "public"
                assert QUALITY not in row(board, "c1")["criteria"]
            for board in (ws_live, http_live):
                assert board["view"] == "live"
                c1 = row(board, "c1")
                assert c1["criteria"][QUALITY] == pytest.approx(expected_live[referee], abs=0.01)
                assert c1["provisional"] is True
        last = await contest.accepted("r3", mark("c1", "wiring-quality", 2))
        ws_public, ws_live = await both_until(public, live, last)
    assert all(
        QUALITY not in row(frame["data"], "c1")["criteria"]
        for frame in public.frames
        if frame["position"] < last
    )
    http_public, http_live = await contest.standings(), await contest.standings("live")
    for board in (ws_public, ws_live, http_public, http_live):
        c1 = row(board, "c1")
        assert c1["criteria"][QUALITY] == pytest.approx(70 / 9, abs=0.01)  # mean 7/3 of 3
        assert c1["provisional"] is False
    assert without_view(ws_public) == without_view(ws_live)


async def test_results_recorded_while_frozen_are_live_only_until_the_thaw(
    server: ServerProcess, client: httpx.AsyncClient
) -> None:
    contest = await new_contest(client)
    screen = contest.tokens["screen"]
    await contest.accepted("r1", mark("c1", "wiring-faults", 0))
    await contest.accepted("r1", attempt("c2", "s1", "failed"))
    frozen_at = await contest.accepted("organizer", command("freeze"))
    async with (
        board_stream(server.base_url, contest.cid) as public,
        board_stream(server.base_url, contest.cid, view="live", token=screen) as live,
    ):
        await public.receive(), await live.receive()
        await contest.accepted("r1", mark("c2", "wiring-faults", 1))
        await contest.accepted("r3", attempt("c3", "s1", "cleared"))
        await contest.accepted("r2", attempt("c2", "s1", "cleared"))
        last = await contest.accepted(
            "r2", command("impose_penalty", contestant_id="c1", penalty_id="safety")
        )
        frozen_boards = [
            await public_snapshot(server.base_url, contest.cid, last),
            (await live.until(last))["data"],
            await contest.standings(),
            await contest.standings("live"),
        ]
        thawed_at = await contest.accepted("organizer", command("thaw"))
        ws_public, ws_live = await both_until(public, live, thawed_at)
    ws_frozen_public, ws_frozen_live, http_public, http_live = frozen_boards
    for board in (ws_frozen_public, http_public):
        assert board["state"]["frozen"] is not None
        assert row(board, "c1")["criteria"] == {"faults": 2}
        assert row(board, "c1")["score"]["penalty_points"] == 0
        assert "faults" not in row(board, "c2")["criteria"]
        assert row(board, "c2")["stages"]["s1"]["cleared"] is False
        assert row(board, "c2")["stages"]["s1"]["pending"] == 1
        assert row(board, "c3")["stages"].get("s1", {}).get("cleared", False) is False
        assert row(board, "c3")["score"]["stages_cleared"] == 0
    for board in (ws_frozen_live, http_live):
        assert row(board, "c1")["score"]["penalty_points"] == 5
        assert row(board, "c2")["criteria"]["faults"] == 1
        assert row(board, "c2")["stages"]["s1"] == {
            "cleared": True,
            "time": row(board, "c2")["stages"]["s1"]["time"],
            "attempts": 2,
            "pending": 0,
        }
        assert row(board, "c3")["stages"]["s1"]["cleared"] is True
    assert all(
        "faults" not in row(frame["data"], "c2")["criteria"]
        for frame in public.frames
        if frame["position"] < thawed_at
    )
    assert thawed_at > last > frozen_at
    assert ws_public["state"]["thawed"] is not None
    assert without_view(ws_public) == without_view(ws_live)
    thawed_public, thawed_live = await contest.standings(), await contest.standings("live")
    assert without_view(thawed_public) == without_view(thawed_live) == without_view(ws_live)


async def test_the_live_view_needs_a_screen_chief_or_organizer_token(
    server: ServerProcess, client: httpx.AsyncClient
) -> None:
    contest = await new_contest(client)
    url = f"{contest.url}/standings"
    assert (await client.get(url, params={"view": "live"})).status_code == 403
    referee = {"Authorization": f"Bearer {contest.tokens['r1']}"}
    assert (await client.get(url, params={"view": "live"}, headers=referee)).status_code == 403
    chief = {"Authorization": f"Bearer {contest.tokens['chief']}"}
    assert (await client.get(url, params={"view": "live"}, headers=chief)).status_code == 200
    async with board_stream(server.base_url, contest.cid, view="live") as refused:
        with pytest.raises(ConnectionClosed) as closed:
            await refused.receive()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403
