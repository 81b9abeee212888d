"""What the writer knows of the head: plans from it, and forgets what may be stale."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from judging.store import ANY, NewEvent, WrongExpectedVersion
from judging.store.hashing import GENESIS_HASH
from judging.store.head_cache import MAX_STREAMS, HeadCache
from judging.store.planning import AppendRequest, plan_group

NOW = datetime(2025, 5, 1, 8, 30, tzinfo=UTC)


def request(stream: str, expected: int | None = None) -> AppendRequest:
    event = NewEvent(uuid.uuid4(), "t", {}, {})
    return AppendRequest.of(stream, [event], ANY if expected is None else expected)


def test_nothing_is_planned_before_a_head_is_known() -> None:
    assert HeadCache().plan([request("s")], NOW) is None


def test_plans_from_the_known_head_and_assumes_unknown_streams_new() -> None:
    known = HeadCache(position=7, hash="a" * 64, versions={"s": 3})
    plan = known.plan([request("s", 3), request("new")], NOW)
    assert plan is not None
    assert [(r.position, r.stream_id, r.stream_version) for r in plan.new_rows] == [
        (8, "s", 4),
        (9, "new", 1),
    ]
    assert plan.new_rows[0].prev_hash == "a" * 64
    known.wrote(plan)
    assert (known.position, known.hash) == (9, plan.head_hash)
    assert known.versions == {"s": 4, "new": 1}


def test_a_refused_request_is_never_planned_from_what_is_known() -> None:
    """The assumed version may be the reason: the database has the last word."""
    known = HeadCache(position=7, hash="a" * 64, versions={})
    assert known.plan([request("s", 2)], NOW) is None


def test_a_plan_under_the_lock_after_another_writer_forgets_the_other_streams() -> None:
    known = HeadCache(position=7, hash="a" * 64, versions={"s": 3, "t": 1})
    locked = plan_group([request("s")], head=(9, "b" * 64), stored={}, versions={"s": 5}, now=NOW)
    known.locked((9, "b" * 64), locked)
    assert known.versions == {"s": 6}  # t may have moved at positions 8 and 9
    assert known.position == 10


def test_the_versions_kept_are_bounded() -> None:
    known = HeadCache(position=0, hash=GENESIS_HASH)
    known.versions = {f"s{i}": 1 for i in range(MAX_STREAMS + 1)}
    plan = known.plan([request("s0", 1)], NOW)
    assert plan is not None and not isinstance(plan.outcomes[0], WrongExpectedVersion)
    known.wrote(plan)
    assert known.versions == {"s0": 2}
