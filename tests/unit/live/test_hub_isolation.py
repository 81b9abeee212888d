"""One board's failure never stops another board or contest: it is logged with its
position and its clients keep the last good board."""

from __future__ import annotations

import logging
from collections.abc import Hashable
from typing import Any

import pytest

from judging.live.hub import BoardFailed, BoardKey, Hub

POISONED = BoardKey("a", "progress", "public")
SAME_CONTEST = BoardKey("a", "standings", "public")
OTHER_CONTEST = BoardKey("b", "standings", "public")


class PoisonableSource:
    """Boards at a position that moves on every change; a poisoned board fails to
    render (like a document with a number the encoder cannot take)."""

    def __init__(self) -> None:
        self.position = 1
        self.poisoned: set[BoardKey] = set()
        self.unencodable: set[BoardKey] = set()

    def render(self, key: BoardKey) -> tuple[int, Any] | None:
        if key in self.poisoned:
            raise BoardFailed(key, self.position)
        if key in self.unencodable:
            return self.position, {"n": 2**70}  # orjson refuses integers past 64 bits
        return self.position, {"n": self.position}

    def revision(self, key: BoardKey) -> Hashable | None:
        return None


async def test_a_failing_board_stops_no_other_board(caplog: pytest.LogCaptureFixture) -> None:
    source = PoisonableSource()
    hub = Hub(source)
    async with (
        hub.subscribe(POISONED) as poisoned,
        hub.subscribe(SAME_CONTEST) as same,
        hub.subscribe(OTHER_CONTEST) as other,
    ):
        for subscription in (poisoned, same, other):
            await subscription.next()
        source.position = 7
        source.poisoned.add(POISONED)
        hub.notify("a")
        hub.notify("b")
        with caplog.at_level(logging.ERROR, logger="judging.live.hub"):
            hub.flush()
        assert (await same.next()).position == 7
        assert (await other.next()).position == 7
        assert poisoned.pending() == 0  # keeps the last good board
    assert hub.stats.failed_renders == 1
    [record] = caplog.records
    assert "failed at position 7" in record.getMessage()


async def test_an_unencodable_board_is_skipped_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    source = PoisonableSource()
    hub = Hub(source)
    async with hub.subscribe(POISONED) as poisoned, hub.subscribe(OTHER_CONTEST) as other:
        await poisoned.next()
        await other.next()
        source.position = 9
        source.unencodable.add(POISONED)
        hub.notify("a")
        hub.notify("b")
        with caplog.at_level(logging.ERROR, logger="judging.live.hub"):
            hub.flush()
        assert (await other.next()).position == 9
    assert "failed at position 9" in caplog.records[0].getMessage()
