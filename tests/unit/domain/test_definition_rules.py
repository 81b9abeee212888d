"""Cross-field rules: ids, totals, panels, mark rules, timing, ranking and penalties."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from definition_data import base, codes_at, problems

from judging.domain.validation import validate_definition


def test_duplicate_ids_including_aspects_across_criteria() -> None:
    data = base()
    data["venues"].append({"id": "wz", "name": "又一个温州"})
    second = copy.deepcopy(data["criteria"][0])
    second["id"] = "wiring2"
    second["aspects"][1]["id"] = "faults2"
    data["criteria"].append(second)
    data["total"] = 24
    data["penalties"].append({"id": "safety", "name": "again", "points": 1})
    found = problems(data)
    assert {(p.path, p.code) for p in found} == {
        ("venues[2].id", "duplicate_id"),
        ("criteria[1].aspects[0].id", "duplicate_id"),
        ("penalties[1].id", "duplicate_id"),
    }
    aspect_problem = next(p for p in found if p.path.startswith("criteria"))
    assert "criteria[0].aspects[0]" in aspect_problem.message


def test_totals_must_add_up() -> None:
    data = base()
    data["criteria"][0]["total"] = 11
    data["total"] = 100
    found = codes_at(data)
    assert found == {("criteria[0].total", "total_mismatch"), ("total", "total_mismatch")}


def test_totals_compare_with_a_small_tolerance() -> None:
    data = base()
    data["criteria"][0]["aspects"][0]["max"] = 0.1 + 0.2
    data["criteria"][0]["aspects"][1]["max"] = 0.7
    data["criteria"][0]["aspects"][1]["rule"] = {"kind": "direct"}
    data["criteria"][0]["total"] = 1
    data["total"] = 1
    assert validate_definition(data).max_total == pytest.approx(1)


@pytest.mark.parametrize(
    ("panel", "path", "code"),
    [
        ({"size": 4, "aggregate": "trimmed", "drop": 2}, "size", "panel_too_small"),
        ({"size": 2, "aggregate": "closest_pair"}, "size", "panel_too_small"),
        ({"size": 4, "aggregate": "closest_pair"}, "size", "panel_too_small"),
        ({"size": 3, "aggregate": "median", "drop": 1}, "drop", "drop_not_trimmed"),
        ({"size": 0}, "size", "out_of_range"),
    ],
)
def test_panel_rules(panel: dict[str, Any], path: str, code: str) -> None:
    data = base()
    data["criteria"][0]["aspects"][0]["panel"] = panel
    assert codes_at(data) == {(f"criteria[0].aspects[0].panel.{path}", code)}


def test_panels_that_fit_their_aggregate() -> None:
    data = base()
    data["criteria"][0]["aspects"][0]["panel"] = {"size": 5, "aggregate": "trimmed", "drop": 2}
    validate_definition(data)
    data["criteria"][0]["aspects"][0]["panel"] = {"size": 3, "aggregate": "closest_pair"}
    validate_definition(data)


def test_scale_must_rise() -> None:
    data = base()
    data["criteria"][0]["aspects"][0]["scale"] = [3, 3]
    assert codes_at(data) == {("criteria[0].aspects[0].scale", "invalid_scale")}


def test_tier_rules() -> None:
    data = base()
    data["criteria"][0]["aspects"][1]["rule"] = {
        "kind": "tiers",
        "tiers": [{"below": 2, "mark": 2}, {"below": 2, "mark": 3}, {"below": 1, "mark": 1}],
        "else": 2.5,
    }
    assert codes_at(data) == {
        ("criteria[0].aspects[1].rule.tiers[1].below", "tiers_not_increasing"),
        ("criteria[0].aspects[1].rule.tiers[1].mark", "mark_above_max"),
        ("criteria[0].aspects[1].rule.tiers[2].below", "tiers_not_increasing"),
        ("criteria[0].aspects[1].rule.else", "mark_above_max"),
    }


def test_linear_zero_at_beyond_tolerance() -> None:
    data = base()
    rule = {"kind": "linear", "target": 0.5, "tolerance": 0.1, "zero_at": 0.1}
    data["criteria"][0]["aspects"][1]["rule"] = rule
    assert codes_at(data) == {("criteria[0].aspects[1].rule.zero_at", "invalid_linear_range")}


def test_freeze_shorter_than_the_contest() -> None:
    data = base()
    data["freeze_minutes"] = 240
    assert codes_at(data) == {("freeze_minutes", "freeze_too_long")}


def test_tie_breaks() -> None:
    data = base()
    data["ranking"]["tie_breaks"] = ["countback", "criterion:theory", "fastest", 3]
    found = codes_at(data)
    assert ("ranking.tie_breaks[1]", "unknown_criterion") in found
    assert ("ranking.tie_breaks[2]", "invalid_tie_break") in found
    assert ("ranking.tie_breaks[3]", "invalid_tie_break") in found


def test_points_need_criteria_and_stages_need_stages() -> None:
    data = base()
    data["criteria"] = []
    del data["total"]
    data["ranking"]["tie_breaks"] = []
    assert codes_at(data) == {("criteria", "no_criteria")}
    data["ranking"]["policy"] = "time"
    assert codes_at(data) == {("stages", "no_stages")}


def test_penalty_must_cost_something() -> None:
    data = base()
    data["penalties"].append({"id": "nothing", "name": "无", "points": 0})
    assert codes_at(data) == {("penalties[1]", "empty_penalty")}


def test_non_finite_numbers_are_refused() -> None:
    data = base()
    data["criteria"][0]["aspects"][1]["rule"] = {
        "kind": "linear",
        "target": float("nan"),
        "zero_at": 1,
    }
    assert ("criteria[0].aspects[1].rule.target", "not_finite") in codes_at(data)


def test_garbage_shapes_do_not_crash_the_cross_checks() -> None:
    garbage: list[dict[str, Any]] = [
        {"criteria": "wiring", "penalties": 5, "ranking": [1], "venues": {"a": 1}},
        {"criteria": [None, 3, {"aspects": "x", "total": 5}], "stages": [[]]},
        {"criteria": [{"aspects": [None, {"max": True}]}], "total": "1", "freeze_minutes": "x"},
        {"ranking": {"tie_breaks": "countback", "policy": 7}, "penalties": [{"points": "x"}]},
    ]
    for data in garbage:
        assert problems(data)
