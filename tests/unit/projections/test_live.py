"""LiveBoards: routing by stream, queries equal to a rebuild, change notification."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from histories import history, plans
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import reference_document

from judging.domain.board import facts_for
from judging.domain.events import Event, event_data
from judging.domain.evolve import fold
from judging.domain.groups import ByField
from judging.domain.scoring import score
from judging.projections.base import LiveProjection
from judging.projections.live_boards import LiveBoards, contest_of
from judging.projections.progress import progress
from judging.projections.standings import VIEWS
from judging.store import RecordedEvent

NOW = datetime(2024, 5, 1, tzinfo=UTC)


def recorded(position: int, stream: str, event: Event) -> RecordedEvent:
    return RecordedEvent(
        position, stream, position, uuid.uuid4(), event.type, event_data(event), {}, NOW, "", ""
    )


def log_of(events: list[Event]) -> list[RecordedEvent]:
    """The contest's events in stream `contest-yrd`, with foreign events between."""
    log: list[RecordedEvent] = []
    for event in events:
        if len(log) % 4 == 3:
            log.append(recorded(len(log) + 1, "access", event))
        log.append(recorded(len(log) + 1, "contest-yrd", event))
    return log


def snapshot(boards: LiveBoards) -> dict[str, Any]:
    board = boards.loaded("yrd")
    assert board is not None
    ids = sorted(board.state.contestants)
    return {
        "documents": [board.document(view, g) for view in VIEWS for g in (None, ByField("team"))],
        "progress": [board.progress(cid, view) for view in VIEWS for cid in ids],
        "radar": [
            board.radar(cid, view, venue) for view in VIEWS for cid in ids for venue in (0, 1)
        ],
        "judges": board.judges(),
        "reveal": board.reveal(),
    }


@settings(deadline=None, max_examples=30)
@given(plans, st.data())
def test_queries_equal_a_rebuild_and_a_resumed_rebuild(plan: Any, data: st.DataObject) -> None:
    events = history(plan)
    log = log_of(events)
    boards = LiveBoards()
    for item in log:
        boards.apply(item)
    assert boards.position == len(log)
    state = fold(events)
    board = boards.loaded("yrd")
    assert board is not None
    for view in VIEWS:
        expected = reference_document(state, view, board.position)
        assert board.document(view) == expected
        for cid in state.contestants:
            facts = facts_for(state, cid, view)
            assert board.progress(cid, view) == progress(
                facts, score(facts, state.definition), state.definition
            )
    cut = data.draw(st.integers(0, len(log)))
    resumed = LiveBoards()
    for item in log[:cut]:
        resumed.apply(item)
    for item in log[cut:]:
        resumed.apply(item)
    assert snapshot(resumed) == snapshot(boards)


def test_change_notification_and_foreign_streams() -> None:
    events = history(({"policy": "points"}, [], [(("mark", 0, "exam", "r1", 7), 1)]))
    boards = LiveBoards()
    assert isinstance(boards, LiveProjection)
    seen: list[tuple[str, int]] = []
    stop = boards.on_change(lambda cid, position: seen.append((cid, position)))
    boards.apply(recorded(1, "contest-yrd", events[0]))
    boards.apply(recorded(2, "tokens-x", events[1]))
    assert boards.position == 2 and seen == [("yrd", 1)]
    stop()
    stop()
    for position, event in enumerate(events[1:], start=3):
        boards.apply(recorded(position, "contest-yrd", event))
    assert seen == [("yrd", 1)]
    board = boards.loaded("yrd")
    assert board is not None
    assert board.version == len(events)
    assert board.changed_since(0, "live") and not board.changed_since(board.position, "live")
    assert contest_of("contest-a-b") == "a-b" and contest_of("access") is None
    assert board.radar("c1", "live")["criteria"][1]["mark"] == 7
    assert board.judges()[0]["referee_id"] == "chief"
