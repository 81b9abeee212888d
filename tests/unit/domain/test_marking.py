"""Marking rules: panel aggregates, scale conversion, measurement rules, ranges."""

from __future__ import annotations

import math
from typing import Any

import pytest

from judging.domain.definition import JudgementAspect, MeasurementAspect, Panel
from judging.domain.marking import (
    aggregate_panel,
    display,
    judgement_mark,
    measurement_mark,
    needs_rescoring,
    panel_spread,
    value_in_range,
)


def judgement(**fields: Any) -> JudgementAspect:
    return JudgementAspect.model_validate({"id": "a", "name": "A", "max": 10, **fields})


def measurement(rule: dict[str, Any], max_: float = 10) -> MeasurementAspect:
    return MeasurementAspect.model_validate(
        {"id": "m", "name": "M", "type": "measurement", "max": max_, "rule": rule}
    )


# --- worked examples (acceptance checks) ---------------------------------------


def test_trimmed_drop_one_of_five_judges() -> None:
    panel = Panel(size=5, aggregate="trimmed", drop=1)
    assert aggregate_panel([8.5, 8.7, 8.6, 8.9, 8.3], panel) == pytest.approx(8.6, abs=1e-12)


def test_closest_pair_takes_the_two_closest() -> None:
    panel = Panel(size=3, aggregate="closest_pair")
    assert aggregate_panel([112, 114, 118], panel) == 113


def test_closest_pair_tie_takes_the_higher_pair() -> None:
    panel = Panel(size=3, aggregate="closest_pair")
    assert aggregate_panel([112, 115, 118], panel) == 116.5
    assert aggregate_panel([118, 112, 115], panel) == 116.5


def test_closest_pair_tie_ignores_float_noise() -> None:
    panel = Panel(size=3, aggregate="closest_pair")
    assert aggregate_panel([8.1, 8.2, 8.3], panel) == pytest.approx(8.25)


def test_levels_on_a_small_scale_convert_to_marks() -> None:
    aspect = judgement(scale=[0, 3], panel={"size": 3})
    mark = judgement_mark([2, 3, 2], aspect)
    assert mark == pytest.approx(70 / 9)
    assert display(mark) == 7.78


# --- aggregates ----------------------------------------------------------------


def test_mean_and_median() -> None:
    assert aggregate_panel([1, 2, 6], Panel(size=3)) == 3
    assert aggregate_panel([1, 2, 6], Panel(size=3, aggregate="median")) == 2
    assert aggregate_panel([1, 2, 6, 7], Panel(size=4, aggregate="median")) == 4


def test_mean_is_exact() -> None:
    assert aggregate_panel([0.1] * 10, Panel(size=10)) == 0.1


def test_partial_panels_fall_back_to_the_mean() -> None:
    assert aggregate_panel([4, 8], Panel(size=3, aggregate="closest_pair")) == 6
    assert aggregate_panel([4, 8], Panel(size=5, aggregate="trimmed", drop=1)) == 6
    assert aggregate_panel([4, 5, 9], Panel(size=5, aggregate="trimmed", drop=1)) == 5


def test_empty_panel_is_an_error() -> None:
    with pytest.raises(ValueError):
        aggregate_panel([], Panel())


def test_spread_and_rescoring() -> None:
    aspect = judgement(panel={"size": 3, "max_spread": 1})
    assert panel_spread([7, 8.5, 8]) == 1.5
    assert panel_spread([]) == 0
    assert needs_rescoring([7, 8.5, 8], aspect)
    assert not needs_rescoring([7, 8, 7.5], aspect)
    assert not needs_rescoring([0, 10], judgement(panel={"size": 2}))


def test_default_scale_is_zero_to_max() -> None:
    assert judgement_mark([7.5], judgement()) == 7.5


def test_scale_with_a_nonzero_low() -> None:
    aspect = judgement(max=20, scale=[1, 5])
    assert judgement_mark([3], aspect) == 10
    assert judgement_mark([1], aspect) == 0


# --- measurement rules ---------------------------------------------------------


def test_direct_value_is_the_mark() -> None:
    assert measurement_mark(7.25, measurement({"kind": "direct"})) == 7.25


@pytest.mark.parametrize(("value", "mark"), [(True, 5), (1, 5), (False, 0), (0, 0)])
def test_pass_fail(value: float | bool, mark: float) -> None:
    assert measurement_mark(value, measurement({"kind": "pass_fail"}, max_=5)) == mark


TIERS = {
    "kind": "tiers",
    "tiers": [{"below": 1, "mark": 2}, {"below": 2, "mark": 1}, {"below": 3, "mark": 0.5}],
    "else": 0,
}


@pytest.mark.parametrize(
    ("value", "mark"), [(0, 2), (0.99, 2), (1, 1), (1.5, 1), (2, 0.5), (2.99, 0.5), (3, 0), (9, 0)]
)
def test_tiers(value: float, mark: float) -> None:
    assert measurement_mark(value, measurement(TIERS, max_=2)) == mark


LINEAR = {"kind": "linear", "target": 0.5, "tolerance": 0.05, "zero_at": 0.25}


@pytest.mark.parametrize(
    ("value", "mark"),
    [
        (0.5, 10),
        (0.55, 10),
        (0.45, 10),
        (0.6, 7.5),
        (0.4, 7.5),
        (0.7, 2.5),
        (0.75, 0),
        (0.25, 0),
        (2, 0),
    ],
)
def test_linear(value: float, mark: float) -> None:
    assert measurement_mark(value, measurement(LINEAR)) == pytest.approx(mark, abs=1e-9)


def test_linear_without_tolerance() -> None:
    aspect = measurement({"kind": "linear", "target": 10, "zero_at": 4}, max_=8)
    assert measurement_mark(10, aspect) == 8
    assert measurement_mark(12, aspect) == 4


# --- ranges --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"), [(0, True), (3, True), (1.5, True), (-0.1, False), (3.1, False)]
)
def test_judgement_range_is_the_scale_inclusive(value: float, ok: bool) -> None:
    assert value_in_range(value, judgement(scale=[0, 3])) is ok


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_values_are_never_in_range(value: float) -> None:
    assert not value_in_range(value, judgement())
    assert not value_in_range(value, measurement({"kind": "direct"}))
    assert not value_in_range(value, measurement(TIERS, max_=2))
    assert not value_in_range(value, measurement(LINEAR))
    assert not value_in_range(value, measurement({"kind": "pass_fail"}))


def test_direct_range_is_zero_to_max() -> None:
    aspect = measurement({"kind": "direct"}, max_=40)
    assert value_in_range(0, aspect)
    assert value_in_range(40, aspect)
    assert not value_in_range(40.5, aspect)
    assert not value_in_range(-1, aspect)


def test_pass_fail_range() -> None:
    aspect = measurement({"kind": "pass_fail"})
    assert value_in_range(True, aspect)
    assert value_in_range(False, aspect)
    assert value_in_range(1, aspect)
    assert value_in_range(0.0, aspect)
    assert not value_in_range(0.5, aspect)
    assert not value_in_range(2, aspect)


def test_tiers_and_linear_take_any_finite_number() -> None:
    assert value_in_range(-1000, measurement(TIERS, max_=2))
    assert value_in_range(1e6, measurement(LINEAR))


def test_booleans_are_not_numbers_outside_pass_fail() -> None:
    assert not value_in_range(True, judgement())
    assert not value_in_range(True, measurement({"kind": "direct"}))


@pytest.mark.parametrize(("mark", "shown"), [(7.777, 7.78), (2.675, 2.68), (1.004, 1.0), (9, 9)])
def test_display_rounds_half_up_to_two_decimals(mark: float, shown: float) -> None:
    assert display(mark) == shown
