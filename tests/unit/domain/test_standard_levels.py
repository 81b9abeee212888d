"""Position standards with levels: the ladder's rules and the level a percent grants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from judging.domain.events import decode, encode
from judging.domain.standards import (
    DefineStandard,
    InvalidStandard,
    Level,
    StandardDefined,
    decide_standard,
    level_for,
)

LADDER = (
    Level(id="junior", name="初级", min_percent=60),
    Level(id="middle", name="中级", min_percent=75),
    Level(id="senior", name="高级", min_percent=90),
)


def define(levels: object) -> DefineStandard:
    return DefineStandard.model_validate(
        {
            "command_id": "1",
            "id": "fitter",
            "name": "Fitter",
            "required": {"w": 80},
            "levels": levels,
        }
    )


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        (0, None),
        (59.99, None),
        (60, "junior"),
        (74.9, "junior"),
        (75, "middle"),
        (89.999, "middle"),
        (90, "senior"),
        (100, "senior"),
    ],
)
def test_a_percent_grants_the_highest_level_whose_minimum_it_reaches(
    percent: float, expected: str | None
) -> None:
    found = level_for(LADDER, percent)
    assert (found.id if found else None) == expected


def test_a_minimum_missed_only_by_float_rounding_is_reached() -> None:
    ladder = (Level(id="pass", name="Pass", min_percent=29),)
    assert 29 / 100 * 100 < 29  # the quotient of 29 marks of 100 in floats
    assert level_for(ladder, 29 / 100 * 100) == ladder[0]


def test_no_levels_grant_nothing() -> None:
    assert level_for((), 100) is None


def test_a_standard_with_levels_round_trips_through_the_mapper() -> None:
    [event] = decide_standard(define([level.model_dump() for level in LADDER]))
    assert event.levels == LADDER
    assert decode(*encode(event)) == event


@pytest.mark.parametrize(
    ("levels", "reason"),
    [
        (
            [
                {"id": "a", "name": "A", "min_percent": 70},
                {"id": "b", "name": "B", "min_percent": 60},
            ],
            "lowest first",
        ),
        (
            [
                {"id": "a", "name": "A", "min_percent": 60},
                {"id": "b", "name": "B", "min_percent": 60},
            ],
            "lowest first",
        ),
        (
            [
                {"id": "a", "name": "A", "min_percent": 60},
                {"id": "a", "name": "B", "min_percent": 70},
            ],
            "unique",
        ),
    ],
)
def test_levels_that_are_no_ladder_are_standard_invalid(levels: object, reason: str) -> None:
    with pytest.raises(InvalidStandard, match=reason) as raised:
        decide_standard(define(levels))
    assert raised.value.code == "standard_invalid"


@pytest.mark.parametrize(
    "level",
    [
        {"id": "a", "name": "A", "min_percent": 101},
        {"id": "a", "name": "A"},
        {"id": "", "name": "A", "min_percent": 1},
        {"id": "a", "name": "A", "min_percent": 1, "x": 1},
    ],
)
def test_a_malformed_level_is_refused_at_the_edge(level: object) -> None:
    with pytest.raises(ValidationError):
        define([level])


def test_a_standard_stored_before_levels_existed_reads_without_levels() -> None:
    stored = Path(__file__).parents[2] / "data" / "events_v1.ndjson"
    lines = [json.loads(line) for line in stored.read_text().splitlines() if line.strip()]
    [old] = [line for line in lines if line["type"] == "standard_defined"]
    event = decode(old["type"], old["data"])
    assert isinstance(event, StandardDefined)
    assert event.levels == ()
    assert event.required == {"form": 50}
