"""Definition loading and validation: text to data, every problem at once; pydantic's
shape errors as paths, plain codes and messages; the cross-field rules (ids, totals,
panels, mark rules, timing, ranking and penalties)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from definition_data import base, codes_at, problems

from judging.domain.definition import JudgementAspect, MeasurementAspect
from judging.domain.validation import (
    DefinitionError,
    load_definition_file,
    loc_path,
    parse_definition,
    validate_definition,
)


def test_a_valid_definition_validates() -> None:
    definition = validate_definition(base())
    aspects = definition.criteria[0].aspects
    assert isinstance(aspects[0], JudgementAspect)
    assert isinstance(aspects[1], MeasurementAspect)
    assert definition.max_total == 12


def test_parse_json_and_yaml() -> None:
    data = base()
    assert parse_definition(json.dumps(data)) == validate_definition(data)
    assert parse_definition(json.dumps(data).encode()) == validate_definition(data)
    yaml_text = "id: y\ntitle: 闯关\nduration_minutes: 60\nranking: {policy: stages}\n"
    yaml_text += "stages:\n  - {id: s1, name: 第一关}\n"
    definition = parse_definition(yaml_text.encode(), "application/x-yaml; charset=utf-8")
    assert definition.stages[0].name == "第一关"


def test_load_definition_file_picks_the_format_by_suffix(tmp_path: Path) -> None:
    as_json = tmp_path / "contest.json"
    as_json.write_text(json.dumps(base()), encoding="utf-8")
    as_yaml = tmp_path / "contest.yml"
    as_yaml.write_text(json.dumps(base()).replace('"else"', "else"), encoding="utf-8")
    assert load_definition_file(as_json) == load_definition_file(as_yaml)


@pytest.mark.parametrize(
    ("text", "content_type", "code"),
    [
        ("{", "application/json", "invalid_json"),
        (b"\xff\xfe\xfa", "application/json", "invalid_encoding"),
        ("a: [1,", "application/yaml", "invalid_yaml"),
        ("[1, 2]", "application/json", "not_an_object"),
        ("", "text/yaml", "not_an_object"),
    ],
)
def test_unreadable_text(text: str | bytes, content_type: str, code: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(text, content_type)
    assert [problem.code for problem in caught.value.problems] == [code]


def test_yaml_errors_say_where() -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_definition("id: x\ntitle: [\n", "application/yaml")
    assert "line" in caught.value.problems[0].message


def test_an_aspect_without_a_type_is_a_judgement() -> None:
    data = base()
    del data["criteria"][0]["aspects"][0]["panel"]
    assert isinstance(validate_definition(data).criteria[0].aspects[0], JudgementAspect)


def test_every_problem_is_reported_at_once() -> None:
    data = base()
    data["title"] = ""
    data["freeze_minutes"] = 300
    data["criteria"][0]["aspects"][0]["max"] = "ten"
    data["criteria"][0]["aspects"][1]["rule"]["else"] = 5
    data["penalties"][0]["points"] = 0
    found = codes_at(data)
    assert found >= {
        ("title", "invalid_length"),
        ("criteria[0].aspects[0].max", "invalid_type"),
        ("freeze_minutes", "freeze_too_long"),
        ("criteria[0].aspects[1].rule.else", "mark_above_max"),
        ("penalties[0]", "empty_penalty"),
    }


def test_error_text_lists_each_problem() -> None:
    data = base()
    data["freeze_minutes"] = 999
    with pytest.raises(DefinitionError) as caught:
        validate_definition(data)
    assert "freeze_minutes" in str(caught.value)
    assert "freeze_too_long" in str(caught.value)


# -- shape problems --


def test_loc_path_drops_union_tags() -> None:
    loc = ("criteria", 2, "aspects", 0, "measurement", "rule", "tiers", "tiers", 1, "mark")
    assert loc_path(loc) == "criteria[2].aspects[0].rule.tiers[1].mark"
    assert (
        loc_path(("criteria", 0, "aspects", 1, "judgement", "max")) == "criteria[0].aspects[1].max"
    )


def test_field_problems_have_paths_and_plain_codes() -> None:
    data = base()
    data["criteria"][0]["aspects"][0]["max"] = -1
    data["criteria"][0]["aspects"][1]["rule"]["tiers"][1]["mark"] = -2
    data["venues"][1]["id"] = "南京 venue"
    data["colour"] = "red"
    del data["title"]
    found = codes_at(data)
    assert ("criteria[0].aspects[0].max", "out_of_range") in found
    assert ("criteria[0].aspects[1].rule.tiers[1].mark", "out_of_range") in found
    assert ("venues[1].id", "invalid_id") in found
    assert ("colour", "unknown_field") in found
    assert ("title", "missing") in found


def test_unknown_tags_are_named() -> None:
    data = base()
    data["criteria"][0]["aspects"][0]["type"] = "guess"
    data["criteria"][0]["aspects"][1]["rule"]["kind"] = "curve"
    found = problems(data)
    assert {(p.path, p.code) for p in found} == {
        ("criteria[0].aspects[0]", "invalid_choice"),
        ("criteria[0].aspects[1].rule", "invalid_choice"),
    }
    assert "guess" in found[0].message


def test_rule_without_kind() -> None:
    data = base()
    del data["criteria"][0]["aspects"][1]["rule"]["kind"]
    assert codes_at(data) == {("criteria[0].aspects[1].rule", "missing")}


def test_text_fields_given_numbers_get_a_quoting_hint() -> None:
    data = base()
    data["venues"][0]["id"] = 12
    [problem] = problems(data)
    assert problem.code == "invalid_type"
    assert "quote" in problem.message


def test_items_that_are_not_mappings() -> None:
    found = problems({**base(), "criteria": [None, {"id": "c", "name": "C", "aspects": [3]}]})
    assert {(p.path, p.code) for p in found} >= {
        ("criteria[0]", "invalid_type"),
        ("criteria[1].aspects[0]", "invalid_type"),
    }
    assert all("mapping" in p.message for p in found if p.code == "invalid_type")


# -- cross-field rules --


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


# -- text that would cost more than a definition is worth is refused up front -------------


def alias_bomb(levels: int) -> str:
    """A YAML "billion laughs": each level names the one before nine times."""
    lines = [f"a0: &a0 [{','.join(['xxxxxxxx'] * 9)}]"]
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def refused(text: str | bytes, content_type: str) -> set[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(text, content_type)
    return {p.code for p in caught.value.problems}


def test_yaml_aliases_and_anchors_are_refused_before_they_expand() -> None:
    import time

    started = time.perf_counter()
    assert refused(alias_bomb(9), "application/yaml") == {"yaml_alias"}
    assert time.perf_counter() - started < 1
    anchored = "id: x\ntitle: &t Title\nduration_minutes: 60\n"
    assert refused(anchored, "application/yaml") == {"yaml_alias"}


@pytest.mark.parametrize(
    ("text", "content_type"),
    [
        ("id: x\ntitle: " + "[" * 100_000, "application/yaml"),
        ("title:\n" + "".join(f"{'  ' * i}- \n" for i in range(1, 60)), "application/yaml"),
        ("[" * 100_000 + "]" * 100_000, "application/json"),
        ('{"title": ' + "[" * 500 + "]" * 500 + "}", "application/json"),
    ],
    ids=["yaml-flow", "yaml-block", "json-recursion", "json-deep"],
)
def test_deep_nesting_is_refused(text: str, content_type: str) -> None:
    assert refused(text, content_type) == {"too_deep"}


def test_a_text_larger_than_any_definition_is_refused() -> None:
    assert refused("# " + "x" * 300_000 + "\n", "application/yaml") == {"too_large"}
