"""Every number a command brings is bounded: at the edge (finite, within absolute
bounds, a JSON number) and by the contest (an attempt within the duration plus the
definition's grace, a clear within the duration)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from builders import attempt, definition, given, mark, referee, started
from pydantic import ValidationError

from judging.domain.commands import COMMAND_ADAPTER
from judging.domain.events import AttemptRecorded

R1 = referee("r1")
DURATION = definition().duration_minutes * 60


def test_the_grace_defaults_to_five_minutes_and_is_bounded() -> None:
    assert definition().grace_minutes == 5
    assert definition(grace_minutes=0).latest_attempt_seconds == DURATION
    for bad in (-1, math.inf, math.nan, 1e308):
        with pytest.raises(ValidationError):
            definition(grace_minutes=bad)


@pytest.mark.parametrize("seconds", [DURATION + 5 * 60 + 1, 10 * DURATION, 3e7])
def test_an_attempt_after_the_duration_and_its_grace_is_refused(seconds: float) -> None:
    command = attempt("c1", "s1", "failed", contest_time=seconds)
    given(*started()).when(command, R1).rejected("out_of_range")


def test_an_attempt_time_beyond_any_contest_is_refused_at_the_edge() -> None:
    with pytest.raises(ValidationError):
        attempt("c1", "s1", "failed", contest_time=1e308)


def test_a_failed_attempt_in_the_grace_is_recorded() -> None:
    events = given(*started()).when(attempt("c1", "s1", contest_time=DURATION + 60), R1).events()
    assert isinstance(events[0], AttemptRecorded)
    assert events[0].contest_time == DURATION + 60


def test_a_clear_after_the_end_is_refused() -> None:
    late = attempt("c1", "s1", "cleared", contest_time=DURATION + 1)
    given(*started()).when(late, R1).rejected("out_of_range")
    at_the_bell = attempt("c1", "s1", "cleared", contest_time=DURATION)
    assert given(*started()).when(at_the_bell, R1).events()


def test_a_clear_timed_now_after_the_end_is_refused() -> None:
    given(*started()).when(attempt("c1", "s1", "cleared"), R1, minutes=241).rejected("out_of_range")


@pytest.mark.parametrize("value", [1e308, -1e308, 1e9 + 1])
def test_a_value_past_any_scale_is_out_of_range(value: float) -> None:
    given(*started()).when(mark("c1", "quality", value), R1).rejected("out_of_range")


POISON: list[Any] = [math.nan, math.inf, -math.inf, "2", [2], {"v": 2}]


@pytest.mark.parametrize("value", POISON)
@pytest.mark.parametrize(
    ("kind", "field", "fields"),
    [
        ("award_mark", "value", {"contestant_id": "c1", "aspect_id": "quality"}),
        ("correct", "value", {"supersedes": "m1", "reason": "fix"}),
        ("record_attempt", "contest_time", {"contestant_id": "c1", "stage_id": "s1"}),
    ],
)
def test_poison_numbers_are_refused_at_the_edge(
    kind: str, field: str, fields: dict[str, Any], value: Any
) -> None:
    body = {"type": kind, "command_id": "x", "result": "failed", **fields, field: value}
    if kind != "record_attempt":
        body.pop("result")
    with pytest.raises(ValidationError):
        COMMAND_ADAPTER.validate_python(body)
