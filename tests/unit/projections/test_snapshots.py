"""Snapshots: the schedule, the codec round trip, and a board resumed from one."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, NamedTuple

import pytest
from histories import history, plans
from hypothesis import example, given, settings
from hypothesis import strategies as st
from reference import queries

from judging.domain.events import ContestEnded, ContestFinalized, Event, MarkAwarded, event_data
from judging.domain.evolve import Fold, fold
from judging.projections import snapshots
from judging.projections.contest_board import ContestBoard
from judging.projections.judges import JudgeConsistency
from judging.projections.snapshot_codec import decode, encode
from judging.store import RecordedEvent

NOW = datetime(2024, 5, 1, tzinfo=UTC)
MARK = MarkAwarded(
    command_id="m", contestant_id="c1", aspect_id="a", referee_id="r", value=1.0, at=NOW
)


class Cut(NamedTuple):
    """An explicit cut, `back` events from the end (hypothesis draws the others)."""

    back: int


def recorded(version: int, event: Event) -> RecordedEvent:
    """The contest's `version`-th event, alone in the log (position = version)."""
    return RecordedEvent(
        version,
        "contest-yrd",
        version,
        uuid.uuid4(),
        event.type,
        event_data(event),
        {},
        NOW,
        "",
        "",
    )


def test_snapshots_are_due_every_1024_events_then_every_eighth_and_at_the_end() -> None:
    assert [v for v in range(1, 5000) if snapshots.due(v, MARK)] == [1024, 2048, 3072, 4096]
    assert snapshots.spacing(16_383) == 1024 and snapshots.spacing(16_384) == 2048
    assert snapshots.spacing(1_000_000) == 1 << 16
    for version in (3, 17):
        assert snapshots.due(version, ContestEnded(at=NOW))
        assert snapshots.due(version, ContestFinalized(at=NOW))


@pytest.mark.parametrize("version", [1, 1023, 1025, 20_000, 123_457, 1_000_001])
def test_a_fold_from_the_latest_snapshot_replays_at_most_an_eighth(version: int) -> None:
    latest = max((v for v in range(1, version + 1) if snapshots.due(v, MARK)), default=0)
    assert version - latest <= max(1023, version // 8)


@settings(deadline=None, max_examples=60)
@given(plans)
def test_the_codec_gives_back_the_state_and_the_judge_fold(plan: Any) -> None:
    events = history(plan)
    consistency, contest = JudgeConsistency(), Fold()
    for event in events:
        consistency.apply(event, contest.apply(event))
    state, judges = decode(encode(fold(events), consistency))
    assert state == fold(events)
    assert judges == consistency
    assert judges.judges() == consistency.judges()
    for cid, entry in state.contestants.items():  # the chains' links are the keys' strings
        assert [r.command_id for r in state.entries(cid)] == [
            r.command_id for r in fold(events).entries(cid)
        ]
        links = [entry.latest, *(r.previous for r in state.entries(cid))]
        assert all(link is None or state.records[link].command_id is link for link in links)


@settings(deadline=None, max_examples=40)
@given(plans, st.data())
def test_a_board_restored_from_a_snapshot_then_followed_equals_one_fold(
    plan: Any, data: st.DataObject
) -> None:
    log = [recorded(n, event) for n, event in enumerate(history(plan), start=1)]
    cut = data.draw(st.integers(1, len(log)))
    whole, part = ContestBoard(), ContestBoard()
    for item in log:
        whole.follow(item)
    for item in log[:cut]:
        part.follow(item)
    resumed = ContestBoard.restore(part.snapshot())
    assert queries(resumed) == queries(part)
    for item in log:  # those up to the cut are in already
        resumed.follow(item)
    assert queries(resumed) == queries(whole)


def test_follow_applies_each_event_once_and_hands_over_the_snapshots_due() -> None:
    log = [recorded(n, e) for n, e in enumerate(history(({"policy": "points"}, [], [])), 1)]
    board = ContestBoard()
    assert [board.follow(item) for item in log] == [None] * len(log)
    assert board.follow(log[-1]) is None
    assert board.version == board.position == len(log)
    ended = board.follow(recorded(len(log) + 1, ContestEnded(at=NOW)))
    assert ended is not None
    assert (ended.contest_id, ended.position, ended.version) == ("yrd", len(log) + 1, len(log) + 1)
    assert queries(ContestBoard.restore(ended.encoded())) == queries(board)


PANEL = [
    (("mark", 0, "quality", referee, n % 4), 1) for n, referee in enumerate(("r1", "r2", "r3"))
]


@settings(max_examples=30, deadline=None)
@given(plans, st.data())
@example(({"policy": "points"}, [], PANEL), Cut(-1))  # a panel's third mark after the cut
def test_a_snapshot_taken_then_encoded_after_more_events_holds_the_board_as_it_was(
    plan: Any, data: st.DataObject | Cut
) -> None:
    log = [recorded(n, event) for n, event in enumerate(history(plan), start=1)]
    cut = len(log) + data.back if isinstance(data, Cut) else data.draw(st.integers(1, len(log)))
    board, then = ContestBoard(), ContestBoard()
    for item in log[:cut]:
        board.follow(item)
        then.follow(item)
    pending = board.snapshot_later()
    for item in log[cut:]:  # the fold goes on before the snapshot is encoded
        board.follow(item)
    snapshot = pending.encoded()
    assert snapshot == then.snapshot()
    assert queries(ContestBoard.restore(snapshot)) == queries(then)
