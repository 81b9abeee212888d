"""The meet feed: a snapshot, an update when a contest of the meet changes the board,
nothing when it does not, one board per position for every client, never backwards."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import orjson

from judging.application.meets import MeetService
from judging.live.meet_feed import MeetFeed
from judging.live.subscription import HubStats, Subscription
from judging.projections.live_boards import LiveBoards

WAIT = 5.0  # seconds: a bound on every wait, never a timing assertion


class Boards:
    """The live boards as the feed sees them: a position."""

    position = 0


class Meets:
    """A meet service whose board the test sets; counts the boards taken."""

    def __init__(self) -> None:
        self.title = "Meet"
        self.position = 10
        self.taken = 0

    async def board(self, meet_id: str) -> dict[str, Any] | None:
        if meet_id != "m":
            return None
        self.taken += 1
        rounds = [{"contest_id": "c1"}, {"contest_id": "c2"}]
        return {
            "meet_id": "m",
            "title": self.title,
            "position": self.position,
            "events": [{"rounds": rounds}],
        }


def feed(meets: Meets, boards: Boards) -> MeetFeed:
    return MeetFeed(
        cast(MeetService, meets),
        cast(LiveBoards, boards),
        HubStats(),
        refresh=60.0,
        tick=0.0,
    )


async def next_frame(subscription: Subscription) -> dict[str, Any]:
    async with asyncio.timeout(WAIT):
        frame = await subscription.next()
    decoded: dict[str, Any] = orjson.loads(frame.body)
    return decoded


async def test_a_change_of_a_contest_of_the_meet_is_pushed_as_an_update() -> None:
    meets, boards = Meets(), Boards()
    live = feed(meets, boards)
    async with live.subscribe("m") as subscription:
        snapshot = await next_frame(subscription)
        assert snapshot["type"] == "snapshot"
        assert snapshot["data"]["title"] == "Meet"
        meets.title, meets.position, boards.position = "Renamed", 12, 12
        live.changed("c2", 12)
        update = await next_frame(subscription)
        assert update["type"] == "update"
        assert (update["position"], update["data"]["title"]) == (12, "Renamed")
        boards.position = 13  # a change that leaves the board as it was: nothing sent
        live.changed("c1", 13)
        meets.title, meets.position, boards.position = "Again", 14, 14
        live.changed("elsewhere", 14)  # not a contest of the meet: no wake-up
        live.changed("c1", 14)
        again = await next_frame(subscription)
        assert (again["position"], again["data"]["title"]) == (14, "Again")


async def test_clients_share_the_board_of_a_position_and_an_unknown_meet_is_refused() -> None:
    meets, boards = Meets(), Boards()
    live = feed(meets, boards)
    async with live.subscribe("m") as one, live.subscribe("m") as two:
        assert (await next_frame(one))["data"] == (await next_frame(two))["data"]
    assert meets.taken == 1
    try:
        async with live.subscribe("nothing"):
            raise AssertionError("an unknown meet has no board")
    except LookupError:
        pass


async def test_a_client_that_has_a_later_position_gets_nothing_older() -> None:
    meets, boards = Meets(), Boards()
    live = feed(meets, boards)
    async with live.subscribe("m", since=50) as subscription:
        meets.title, meets.position, boards.position = "Later", 51, 51
        live.changed("c1", 51)
        first = await next_frame(subscription)
    assert first["position"] == 51 and first["data"]["title"] == "Later"
