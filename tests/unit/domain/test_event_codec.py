"""Decoding a page of stored events at once gives what `decode` gives one by one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from judging.domain.event_codec import decode_many, parse_events
from judging.domain.events import (
    CONTEST_EVENTS,
    UnknownEventType,
    UnreadableEvent,
    decode,
    encode,
    parse_event,
)

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
