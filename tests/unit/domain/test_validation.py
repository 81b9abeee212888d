"""Definition loading and validation: text to data, every problem at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from definition_data import base, codes_at

from judging.domain.definition import JudgementAspect, MeasurementAspect
from judging.domain.validation import (
    DefinitionError,
    load_definition_file,
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
