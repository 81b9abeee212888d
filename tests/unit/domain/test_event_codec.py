"""Decoding a page of stored events at once gives what `decode` gives one by one: by
plan for the flat classes, validated for the rest and for data no plan covers."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, NamedTuple

import orjson
import pytest
from builders import histories
from hypothesis import HealthCheck, given, settings
from same_events import assert_same

from judging.domain.event_codec import Stored, decode_many, iter_events, parse_events, with_events
from judging.domain.event_plans import builders
from judging.domain.events import (
    CONTEST_EVENTS,
    REGISTRY,
    Event,
    UnknownEventType,
    UnreadableEvent,
    decode,
    encode,
    parse_event,
)

CONTEST_TYPES = {cls.model_fields["type"].default for cls in CONTEST_EVENTS}
LOG = Path(__file__).resolve().parents[2] / "data" / "events_v1.ndjson"


def frozen_log() -> list[dict[str, Any]]:
    return [json.loads(line) for line in LOG.read_text(encoding="utf-8").splitlines()]


def test_every_stored_type_of_the_v1_log_decodes_as_decode_does() -> None:
    stored = [(row["type"], row["data"], row["position"]) for row in frozen_log()]
    assert decode_many(stored) == [decode(t, d, position=p) for t, d, p in stored]


def test_contest_streams_decode_as_parse_event_does_upcasts_included() -> None:
    log = frozen_log()
    contest = [
        (row["type"], row["data"], row["position"])
        for row in log
        if row["stream_id"].startswith("contest-")
    ]
    expected = [parse_event(t, d, position=p) for t, d, p in contest]
    assert parse_events(contest) == expected
    assert {type(e) for e in expected} <= set(CONTEST_EVENTS)


def test_current_versions_round_trip() -> None:
    events = [decode(row["type"], row["data"]) for row in frozen_log()]
    stored = [(*encode(event), None) for event in events]
    assert decode_many(stored) == events


def test_unknown_type_is_named_with_its_position() -> None:
    mark = next(row for row in frozen_log() if row["type"] == "mark_awarded")
    stored = [(mark["type"], mark["data"], 1), ("no_such_event", {}, 2)]
    with pytest.raises(UnknownEventType, match="position 2"):
        decode_many(stored)


def test_another_family_in_a_contest_stream_is_refused() -> None:
    token = next(row for row in frozen_log() if not row["stream_id"].startswith("contest-"))
    with pytest.raises(UnknownEventType, match="position 9"):
        parse_events([(token["type"], token["data"], 9)])


def test_unreadable_data_is_named_with_its_position() -> None:
    mark = next(row for row in frozen_log() if row["type"] == "mark_awarded")
    broken = {**mark["data"], "judge_id": "r1"}
    future = {**mark["data"], "schema_version": 7}
    for data in (broken, future):
        with pytest.raises(UnreadableEvent, match="position 5"):
            parse_events([(mark["type"], mark["data"], 4), (mark["type"], data, 5)])


def test_an_empty_page_decodes_to_nothing() -> None:
    assert decode_many([]) == [] and parse_events([]) == []


def stored_as_the_store_reads_it(events: list[Any]) -> list[Stored]:
    """(type, data, position) of each event as written by `encode` and read back."""
    return [
        (type_, orjson.loads(orjson.dumps(data)), n)
        for n, (type_, data) in enumerate(map(encode, events), start=1)
    ]


def test_every_registered_type_decodes_as_decode_does_stored_and_current() -> None:
    rows = frozen_log()
    stored = [(row["type"], row["data"], row["position"]) for row in rows]
    assert {row["type"] for row in rows} == set(REGISTRY)
    expected = [decode(t, d, position=p) for t, d, p in stored]
    assert_same(decode_many(stored), expected)
    current = stored_as_the_store_reads_it(expected)
    assert_same(decode_many(current), [decode(t, d, position=p) for t, d, p in current])
    built = builders(contest_only=False)
    assert all(built[t](d) is not None for t, d, _ in current if t in built)  # all by plan
    contest = [row for row in current if row[0] in CONTEST_TYPES]
    assert_same(parse_events(contest), [parse_event(t, d, position=p) for t, d, p in contest])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_whole_histories_decode_as_parse_event_does(history: list[Event]) -> None:
    stored = stored_as_the_store_reads_it(history)
    assert_same(parse_events(stored), [parse_event(t, d, position=p) for t, d, p in stored])
    assert parse_events(stored) == history
    assert list(iter_events(iter(stored))) == history
    rows = [Text(p, t, orjson.dumps(d).decode()) for t, d, p in stored]
    assert list(with_events(rows)) == list(zip(rows, history, strict=True))


def test_a_long_page_of_every_kind_of_entry_decodes_as_decode_does() -> None:
    entry = {"command_id": "x", "contestant_id": "c1", "referee_id": "r1"}
    moments = ("2024-05-01T08:00:00Z", "2024-05-01T08:00:00.123456+02:00", "2024-05-01 08:00")
    pages = []
    for n, at in enumerate(moments):
        pages += [
            ("mark_awarded", {**entry, "aspect_id": "a", "value": value, "at": at}, n)
            for value in (7, 7.5, 0, True, False, -1e300, 2**70)
        ]
        pages += [
            ("attempt_recorded", {**entry, "stage_id": "s", "result": result,
                                  "contest_time": time, "at": at, **version}, n)
            for result in ("cleared", "failed") for time in (0, 12, 0.5)
            for version in ({}, {"schema_version": 1}, {"schema_version": 2, "penalty": False})
        ]  # fmt: skip
        pages.append(("entry_corrected", {**entry, "supersedes": "m", "reason": "", "at": at}, n))
        pages.append(
            ("entry_corrected", {**entry, "supersedes": "m", "reason": "", "at": at,
                                 "value": None, "void": True, "schema_version": 2}, n)
        )  # fmt: skip
    assert_same(parse_events(pages), [parse_event(t, d, position=p) for t, d, p in pages])


MARK = {"command_id": "x", "contestant_id": "c1", "aspect_id": "a", "referee_id": "r1",
        "value": 7.0, "at": "2024-05-01T08:00:00Z"}  # fmt: skip
ATTEMPT = {"command_id": "y", "contestant_id": "c1", "stage_id": "s", "referee_id": "r1",
           "result": "failed", "contest_time": 12.0, "penalty": True,
           "at": "2024-05-01T08:00:00Z", "schema_version": 2}  # fmt: skip
ODD_DATA = [
    ("mark_awarded", {**MARK, "judge_id": "r1"}),  # an unknown key
    ("mark_awarded", {k: v for k, v in MARK.items() if k != "referee_id"}),  # a key missing
    ("mark_awarded", {**MARK, "type": "mark_awarded"}),  # the type in the data: decode's own
    ("mark_awarded", {**MARK, "schema_version": 1}),  # version 1 written out
    ("mark_awarded", {**MARK, "schema_version": 2}),  # a version from the future
    ("mark_awarded", {**MARK, "at": "2024-02-30T08:00:00Z"}),  # not a date
    ("mark_awarded", {**MARK, "at": "1714550400"}),  # a timestamp, as pydantic reads it
    ("mark_awarded", {**MARK, "at": "20240501T080000Z"}),  # fromisoformat's, not pydantic's
    ("mark_awarded", {**MARK, "value": "7"}),  # a string for a number: validation reads it
    ("mark_awarded", {**MARK, "value": None}),
    ("mark_awarded", {**MARK, "value": math.inf}),
    ("mark_awarded", {**MARK, "value": math.nan}),
    ("mark_awarded", {**MARK, "value": 10**400}),
    ("mark_awarded", {**MARK, "referee_id": 1}),
    ("attempt_recorded", {**ATTEMPT, "result": "maybe"}),
    ("attempt_recorded", {**ATTEMPT, "contest_time": -1}),
    ("attempt_recorded", {**ATTEMPT, "contest_time": -0.5}),
    ("attempt_recorded", {**ATTEMPT, "penalty": 1}),
    ("attempt_recorded", {**ATTEMPT, "schema_version": True}),
    ("attempt_recorded", {k: v for k, v in ATTEMPT.items() if k != "penalty"}),  # a default
    ("attempt_recorded", {k: v for k, v in ATTEMPT.items() if k != "schema_version"}),
    ("entry_corrected", {**MARK, "supersedes": "x", "reason": "", "value": 1, "void": 0}),
]


@pytest.mark.parametrize(("type_", "data"), ODD_DATA)
def test_data_a_plan_does_not_cover_is_validated_errors_included(
    type_: str, data: dict[str, Any]
) -> None:
    page = [("mark_awarded", MARK, 4), (type_, data, 5), ("attempt_recorded", ATTEMPT, 6)]
    try:
        expected = [parse_event(t, d, position=p) for t, d, p in page]
    except UnreadableEvent as error:
        with pytest.raises(UnreadableEvent, match="position 5") as raised:
            parse_events(page)
        assert str(raised.value) == str(error)
    else:
        assert_same(parse_events(page), expected)


def test_iter_events_hands_each_event_on_before_reading_the_next() -> None:
    """A fold takes each event as it is built; the error comes when its turn does."""
    broken = {**MARK, "at": "2024-02-30T08:00:00Z"}
    events = iter_events(iter([("mark_awarded", MARK, 4), ("mark_awarded", broken, 5)]))
    assert next(events) == parse_event("mark_awarded", MARK, position=4)
    with pytest.raises(UnreadableEvent, match="position 5"):
        next(events)


class Text(NamedTuple):
    """A stored event with its data as JSON text, as the store's `StreamRow`."""

    position: int
    type: str
    data: str


def test_with_events_pairs_each_row_with_its_event_error_in_its_turn() -> None:
    broken = {**MARK, "at": "2024-02-30T08:00:00Z"}
    rows = [Text(4, "mark_awarded", orjson.dumps(MARK).decode()),
            Text(5, "mark_awarded", orjson.dumps(broken).decode())]  # fmt: skip
    pairs = with_events(rows)
    assert next(pairs) == (rows[0], parse_event("mark_awarded", MARK, position=4))
    with pytest.raises(UnreadableEvent, match="position 5"):
        next(pairs)
