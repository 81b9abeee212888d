"""Old events stay readable: schema versions, upcasters, and a frozen log read forever.

`tests/data/events_v1.ndjson` holds one event of every stored type exactly as it was
first written (version 1: no `schema_version` key; `attempt_recorded` without
`penalty`, `entry_corrected` without `contestant_id`). Never edit that file: a change
of an event's shape needs a new version and an upcaster, and this test proves it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from judging.domain.events import (
    CONTEST_EVENTS,
    REGISTRY,
    SCHEMA_VERSIONS,
    UPCASTERS,
    VERSION_KEY,
    AttemptRecorded,
    ContestEvent,
    EntryCorrected,
    UnknownEventType,
    UnreadableEvent,
    decode,
    encode,
    parse_event,
)
from judging.projections.standings import ContestStandings

# A mark in a shape no version ever had (other field names): no upcaster can read it.
OLD_MARK = {
    "command_id": "m1",
    "contestant_id": "ann",
    "aspect_id": "execution",
    "judge_id": "r1",
    "value": 7,
    "at": "2024-06-01T09:00:00+00:00",
}
LOG = Path(__file__).resolve().parents[2] / "data" / "events_v1.ndjson"


def frozen_log() -> list[dict[str, Any]]:
    return [json.loads(line) for line in LOG.read_text(encoding="utf-8").splitlines()]


def contest_events(stream: str) -> list[ContestEvent]:
    return [
        parse_event(row["type"], row["data"], position=row["position"])
        for row in frozen_log()
        if row["stream_id"] == stream
    ]


def rows(events: list[ContestEvent]) -> dict[str, tuple[int, dict[str, Any]]]:
    document = ContestStandings.of(events).document("public")  # type: ignore[arg-type]
    return {row["contestant_id"]: (row["rank"], row["score"]) for row in document["rows"]}


def test_the_frozen_log_holds_every_type_as_first_written() -> None:
    log = frozen_log()
    assert {row["type"] for row in log} == set(REGISTRY)
    assert all(VERSION_KEY not in row["data"] for row in log)
    assert [row["position"] for row in log] == list(range(1, len(log) + 1))


def test_every_old_event_decodes_to_its_current_shape() -> None:
    for row in frozen_log():
        event = decode(row["type"], row["data"], position=row["position"])
        assert event.type == row["type"]
        again = decode(*encode(event))
        assert again == event


def test_upcasters_fill_what_version_1_did_not_say() -> None:
    attempts = [e for e in contest_events("contest-relay") if isinstance(e, AttemptRecorded)]
    assert attempts and all(a.penalty for a in attempts)
    (correction,) = [e for e in contest_events("contest-gym") if isinstance(e, EntryCorrected)]
    assert correction.contestant_id is None and correction.value == 9.5


def test_the_old_points_contest_folds_to_the_same_standings() -> None:
    standings = rows(contest_events("contest-gym"))
    ranks = {cid: rank for cid, (rank, _) in standings.items()}
    assert ranks["ann"] == 1 and ranks["cat"] == 2 and ranks["bob"] == 3
    assert standings == rows(_reencoded(contest_events("contest-gym")))


def test_the_old_stages_contest_folds_to_the_same_standings() -> None:
    standings = rows(contest_events("contest-relay"))
    summary = {cid: (r, s["stages_cleared"], s["time"]) for cid, (r, s) in standings.items()}
    # blue: 15 + 25 + 20 (one failed attempt before s2) = 60; red: 10 + 20 + 40 = 70
    assert summary == {"blue": (1, 2, 60), "red": (2, 2, 70), "gold": (3, 1, 20)}
    assert standings == rows(_reencoded(contest_events("contest-relay")))


def _reencoded(events: list[ContestEvent]) -> list[ContestEvent]:
    """The same events written now (current version) and read back."""
    return [parse_event(*encode(event)) for event in events]


def test_versions_are_written_and_every_step_has_an_upcaster() -> None:
    for type_, version in SCHEMA_VERSIONS.items():
        assert all((type_, step) in UPCASTERS for step in range(1, version))
    attempt = contest_events("contest-relay")[3]
    assert encode(attempt)[1][VERSION_KEY] == SCHEMA_VERSIONS["attempt_recorded"]
    assert all(cls.model_fields["type"].default in REGISTRY for cls in CONTEST_EVENTS)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (OLD_MARK, "referee_id: Field required; judge_id: Extra inputs are not permitted"),
        ({VERSION_KEY: 9}, "schema version 9 (this code reads 1..1)"),
    ],
)
def test_unreadable_data_names_position_and_type(data: dict[str, Any], reason: str) -> None:
    with pytest.raises(UnreadableEvent) as caught:
        parse_event("mark_awarded", data, position=42)
    message = str(caught.value)
    assert message.startswith("the event at position 42 (mark_awarded) cannot be read: ")
    assert reason in message


def test_an_unknown_type_names_its_position() -> None:
    with pytest.raises(UnknownEventType, match="'medal_awarded' at position 7"):
        parse_event("medal_awarded", {}, position=7)
