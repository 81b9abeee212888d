"""Meets through the application: define, list, redefine and refuse, and the board read
from the meet's own stream and its contests' (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from judging.application.contests import ContestService
from judging.application.meets import MeetService
from judging.application.results import CommandRefused
from judging.application.writer import Metadata, Writer, event_id
from judging.domain.commands import Actor, DefineContest, Start
from judging.domain.definition import ContestDefinition
from judging.domain.meet import DefineMeet, MeetDefined, MeetDefinition, RedefineMeet
from judging.store import NO_STREAM, EventStore

ORGANIZER = Actor(id="org", role="organizer")
NOW = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def meet(**changes: Any) -> MeetDefinition:
    return MeetDefinition.model_validate(
        {
            "id": "games",
            "title": "运动会",
            "events": [{"id": "run", "title": "跑", "rounds": ["run-pre", "run-final"]}],
            "units": [{"id": "hz", "name": "杭州"}],
            **changes,
        }
    )


def services(store: EventStore) -> tuple[ContestService, MeetService]:
    writer = Writer(store)
    contests = ContestService(writer, clock=lambda: NOW)
    return contests, MeetService(writer, contests)


async def test_define_list_redefine_and_the_board(store: EventStore) -> None:
    contests, meets = services(store)
    first = await meets.define(DefineMeet(command_id="m1", definition=meet()), ORGANIZER)
    assert await meets.define(DefineMeet(command_id="m1", definition=meet()), ORGANIZER) == first
    with pytest.raises(CommandRefused) as again:
        await meets.define(DefineMeet(command_id="m2", definition=meet()), ORGANIZER)
    assert again.value.code == "meet_already_defined"
    assert [m.definition.id for m in await meets.meets()] == ["games"]
    with pytest.raises(CommandRefused) as unknown:
        await meets.define(RedefineMeet(command_id="m3", definition=meet(id="other")), ORGANIZER)
    assert unknown.value.code == "unknown_meet"
    with pytest.raises(CommandRefused) as invalid:
        bad = meet(units=[{"id": "a", "name": "X"}, {"id": "b", "name": "x"}])
        await meets.define(RedefineMeet(command_id="m4", definition=bad), ORGANIZER)
    assert invalid.value.code == "meet_invalid"

    board = await meets.board("games")
    assert board is not None and board["position"] == first
    assert [r["state"] for r in board["events"][0]["rounds"]] == ["not_defined", "not_defined"]

    definition = ContestDefinition.model_validate(
        {"id": "run-pre", "title": "预赛", "duration_minutes": 30}
    )
    await contests.define(DefineContest(command_id="c1", definition=definition), ORGANIZER)
    started = await contests.execute("run-pre", Start(command_id="c2"), ORGANIZER)
    board = await meets.board("games")
    assert board is not None and board["position"] == started
    assert board["events"][0]["rounds"][0] == {
        "contest_id": "run-pre",
        "order": 1,
        "title": "预赛",
        "state": "running",
        "advanced": None,
    }
    assert board["events"][0]["state"] == "running"

    renamed = await meets.define(
        RedefineMeet(command_id="m5", definition=meet(title="秋季运动会")), ORGANIZER
    )
    assert renamed > started
    unchanged = RedefineMeet(command_id="m6", definition=meet(title="秋季运动会"))
    assert await meets.define(unchanged, ORGANIZER) == renamed  # nothing appended

    _, elsewhere = services(store)  # another process reads the same streams
    listed = await elsewhere.meets()
    assert [(m.definition.id, m.definition.title, m.position) for m in listed] == [
        ("games", "秋季运动会", renamed)
    ]
    assert await elsewhere.meet("nothing") is None
    assert await elsewhere.board("nothing") is None


async def test_a_meet_whose_listing_was_lost_is_listed_by_the_next_define(
    store: EventStore,
) -> None:
    _, meets = services(store)
    lost = meet(id="lost")
    writer = Writer(store)  # a crash between the meet's event and its listing
    await writer.append(
        "meet-lost",
        [(event_id("meet-lost", "x", 0), MeetDefined(definition=lost))],
        Metadata.of(ORGANIZER, "x"),
        NO_STREAM,
    )
    assert await meets.meets() == []
    with pytest.raises(CommandRefused):
        await meets.define(DefineMeet(command_id="again", definition=lost), ORGANIZER)
    assert [m.definition.id for m in await meets.meets()] == ["lost"]
